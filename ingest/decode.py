"""Bytes to text: detect the encoding (UTF-8, GB18030/GBK, UTF-16 with BOM), never assume it."""
from __future__ import annotations

import codecs
import re

from .model import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises IngestError for empty, binary or undecodable input."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"), encoding)
    if b"\x00" in data[:4096]:
        raise IngestError("binary file (NUL bytes), not a text report")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding, errors="strict"), encoding)
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a detector failure is just "could not decode"
        best = None
    if best is None:
        raise IngestError("could not detect the text encoding")
    return _checked(str(best), best.encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Reject text that decoded but is mostly noise (a binary file that happened to decode)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(5, len(sample) // 100):
        raise IngestError(f"text decoded as {encoding} is mostly control characters: binary or wrongly encoded")
    if not _CJK.search(sample):
        raise IngestError("no Chinese text: not an annual report")
    return text, encoding
