"""What reading one file may cost, and the meters readers check as a file grows.

A hostile file is refused by the first limit it reaches, while it is being read, never
after: a compression bomb stops at `max_decompressed_mb` of output, a PDF of twenty
thousand pages at `max_pages`, a parser looping forever at `max_cpu_seconds` /
`max_seconds`, a file that makes the parser balloon at `max_memory_mb` (the address space
of the worker process that reads it, see index.sandbox). Defaults live here; the config's
`[ingest]` overrides them (bot/config.py, config.example.toml).

`LimitExceeded` derives from BaseException on purpose: parsers catch `Exception` broadly
(pdfminer retries damaged streams, our readers turn failures into "damaged file"), and a
limit must not be swallowed or retold as damage on its way out.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Annotated, Any

if TYPE_CHECKING:  # a bound read by pydantic when bot/config.py validates a config (it imports Gt for it)
    from annotated_types import Ge, Gt

MB = 1024 * 1024
# zlib output is produced in steps of this size, so a bomb is stopped within one step of its limit.
_STEP = 1 * MB


@dataclass(frozen=True)
class Limits:
    """Work one file may cost. Every key is an `[ingest]` key of the config."""

    max_file_mb: Annotated[float, Gt(0)] = 50.0  # the file's own size, checked before reading a byte
    max_passages: Annotated[int, Gt(0)] = 2000  # passages (chunks) one report may be cut into
    max_seconds: Annotated[float, Gt(0)] = 120.0  # wall time to read one file (its worker is replaced after)
    max_cpu_seconds: Annotated[float, Gt(0)] = 60.0  # CPU time to read one file (RLIMIT_CPU in its worker)
    max_memory_mb: Annotated[float, Gt(0)] = 1024.0  # memory a worker may take on top of the parser's own (RLIMIT_AS)
    max_decompressed_mb: Annotated[float, Gt(0)] = 100.0  # bytes inflated from PDF streams, .docx parts
    max_pages: Annotated[int, Gt(0)] = 500  # pages of one PDF
    # Added to max_cpu_seconds and max_seconds for each page (or picture) read by OCR, which
    # takes ~5–6 s of CPU a page: a 20-page scan is a report, not a parser looping. 0: none.
    ocr_seconds_per_page: Annotated[float, Ge(0)] = 15.0

    @classmethod
    def from_config(cls, config: Any) -> Limits:
        """The limits of a `bot.config.Config` (its `[ingest]` table, whose defaults are these)."""
        return cls(**{f.name: getattr(config.ingest, f.name) for f in fields(cls)})


class LimitExceeded(BaseException):
    """A file went over one of the Limits; the message names the file's excess and the config key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def refusal(key: str, what: str, value: float) -> LimitExceeded:
    """The one wording of every refusal: what the file did, the limit, where to change it."""
    return LimitExceeded(key, f"refused, over a limit: {what} (the limit is {value:g}, [ingest] {key} in the config)")


# The limits of this process: set once per worker (configure), read by the meters below.
_limits = Limits()
_meter: _Meter | None = None
# Set by the worker that enforces the time limits (index.sandbox): gives the file being read
# that many seconds more of CPU and wall time. None in a process without time limits.
_grant: Callable[[float], None] | None = None


def on_grant(grant: Callable[[float], None] | None) -> None:
    """How this process extends the time limits of the file it reads (`ocr_page`)."""
    global _grant
    _grant = grant


def ocr_page() -> None:
    """A page (or picture) of the file being read goes through OCR: its time limits grow by
    `ocr_seconds_per_page`, so a long scan is read while a looping parser is still stopped."""
    if _grant is not None:  # with no allowance (0) the page is still told, for the progress shown
        _grant(_limits.ocr_seconds_per_page)


def configure(limits: Limits) -> None:
    """Use `limits` for every file this process reads from now on."""
    global _limits
    _limits = limits


def current() -> Limits:
    """The limits this process reads files under."""
    return _limits


class _Meter:
    """Bytes decompressed so far while reading one file."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit, self.used = limit_bytes, 0

    def left(self) -> int:
        return max(0, self.limit - self.used)

    def take(self, n: int, what: str) -> None:
        self.used += n
        if self.used > self.limit:
            raise refusal(
                "max_decompressed_mb",
                f"more than {_limits.max_decompressed_mb:g} MB decompressed from its {what}",
                _limits.max_decompressed_mb,
            )


@contextmanager
def metering() -> Iterator[None]:
    """Count what one file decompresses, from zero, for the duration of reading it."""
    global _meter
    outer, _meter = _meter, _Meter(int(_limits.max_decompressed_mb * MB))
    try:
        yield
    finally:
        _meter = outer


def take(n: int, what: str) -> None:
    """Count `n` more decompressed bytes of the file being read (nothing outside `metering`)."""
    if _meter is not None:
        _meter.take(n, what)


def left() -> int | None:
    """Bytes the file being read may still decompress; None outside `metering`."""
    return None if _meter is None else _meter.left()


def inflate(data: bytes, what: str, obj: Any = None) -> bytes:
    """zlib-decompress `data` in steps, stopping as soon as the file's budget is spent.

    Raises zlib.error as zlib.decompress does (callers keep their own handling of damage)."""
    d = obj if obj is not None else zlib.decompressobj()
    out = bytearray()
    room = left()
    chunk = d.decompress(data, _STEP)
    while True:
        out += chunk
        if room is not None and len(out) > room:
            take(len(out), what)  # raises: over the budget
        if not d.unconsumed_tail:
            break
        chunk = d.decompress(d.unconsumed_tail, _STEP)
    if obj is None and not d.eof:
        out += d.flush()
    return bytes(out)


def check_pages(pages: int) -> None:
    """Refuse a document once it is seen to have more than max_pages pages."""
    if pages > _limits.max_pages:
        raise refusal("max_pages", f"more than {_limits.max_pages} pages", _limits.max_pages)


def check_passages(passages: int) -> None:
    """Refuse a document once it is cut into more than max_passages passages (as they are made)."""
    if passages > _limits.max_passages:
        raise refusal(
            "max_passages",
            f"more than {_limits.max_passages} passages: is it many reports in one file?",
            _limits.max_passages,
        )


def out_of_memory() -> LimitExceeded:
    """The refusal of a file whose reading ran out of the memory its worker may use."""
    return refusal(
        "max_memory_mb", f"reading it needed more than {_limits.max_memory_mb:g} MB of memory", _limits.max_memory_mb
    )
