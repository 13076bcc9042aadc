"""Bytes to text: detect the encoding (UTF-8, GB18030/GBK, UTF-16 with BOM), never assume it.

A report with a few bytes that fit no encoding (a stray 0xFF from a bad copy) is read
with them replaced by U+FFFD and a warning saying how many; a file that is mostly
undecodable is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .model import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")

# Each undecodable byte becomes one lone surrogate, which no valid decoding produces, so
# they can be counted and then replaced by U+FFFD.
_MARK = "\udc00"


def _mark(e: UnicodeError) -> tuple[str, int]:
    assert isinstance(e, UnicodeDecodeError)  # registered for decoding only
    return _MARK * (e.end - e.start), e.end


codecs.register_error("nianbao-mark", _mark)
# At most this many undecodable bytes are replaced: 16, or one in 200 of a bigger file.
_FEW_BYTES, _FEW_SHARE = 16, 200


@dataclass
class Decoded:
    """A file's text, the encoding it was read in, and what had to be replaced."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises IngestError for empty, binary or undecodable input."""
    found = decoded(data)
    return found.text, found.encoding


def decoded(data: bytes) -> Decoded:
    """The text of a file's bytes, with a warning when a few bytes had to be replaced.

    Raises IngestError for empty, binary or (mostly) undecodable input."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _replacing(data, (encoding,)) or _refuse(encoding)
    if b"\x00" in data[:4096]:
        raise IngestError("binary file (NUL bytes), not a text report")
    for encoding in ("utf-8", "gb18030"):
        try:
            return Decoded(*_checked(data.decode(encoding, errors="strict"), encoding))
        except UnicodeDecodeError:
            continue
    # A few stray bytes in an otherwise good UTF-8 or GB18030 file: before guessing at
    # other encodings, which would turn the whole report into mojibake.
    few = _replacing(data, ("utf-8", "gb18030"))
    if few:
        return few
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a detector failure is just "could not decode"
        best = None
    if best is None:
        raise IngestError("could not detect the text encoding")
    return Decoded(*_checked(str(best), best.encoding))


def _replacing(data: bytes, encodings: tuple[str, ...]) -> Decoded | None:
    """The decoding with the fewest undecodable bytes, replaced, if they are few; else None."""
    best: tuple[int, str, str] | None = None
    for encoding in encodings:
        text = data.decode(encoding, errors="nianbao-mark")
        bad = text.count(_MARK)
        if best is None or bad < best[0]:
            best = (bad, encoding, text)
    assert best is not None
    bad, encoding, text = best
    if bad > max(_FEW_BYTES, len(data) // _FEW_SHARE):
        return None
    warnings = (
        [
            f"{bad} byte{'s' if bad > 1 else ''} could not be decoded and {'were' if bad > 1 else 'was'} "
            f"replaced (as {encoding})"
        ]
        if bad
        else []
    )
    # Checked before the replacement: the bytes counted here are judged by the limit above,
    # not by the control-character share (which counts characters, not bytes).
    text, encoding = _checked(text, encoding)
    return Decoded(text.replace(_MARK, "\ufffd"), encoding, warnings)


def _refuse(encoding: str) -> Decoded:
    raise IngestError(f"mostly undecodable as {encoding} (its byte-order mark): damaged or not text")


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject text that decoded but is mostly noise (a binary file that happened to decode)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(5, len(sample) // 100):
        raise IngestError(f"text decoded as {encoding} is mostly control characters: binary or wrongly encoded")
    if not _CJK.search(sample):
        raise IngestError("no Chinese text: not an annual report")
    return text, encoding


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogates) become �.
    Here, not in the pipeline, so that a command naming a file needs none of the readers."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
