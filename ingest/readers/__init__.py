"""Readers, one module per format, chosen by content as well as by suffix.

`read(data, name)` returns a `Document` or raises `IngestError` naming the problem.
Adding a format is adding a module here and a line in `_READERS` and `sniff`.
Readers are imported when used: pdfplumber and lxml are not needed to read text.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from ..document import Document
from ..limits import out_of_memory
from ..model import IngestError

# format → module in this package with `read(data: bytes, name: str) -> Document`
_READERS = {"text": "text", "markdown": "markdown", "html": "html", "pdf": "pdf", "docx": "docx", "image": "image"}
SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".doc": "doc",
}  # listed so a folder's .doc files get a clear error each, not a silent skip
# PNG, JPEG, TIFF (little- and big-endian): scans and photographs, read by OCR
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files (.doc, .xls, .wps)
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|table|div|p)[\s>]", re.IGNORECASE)
_ESCAPED_HTML = re.compile(rb"\\u003c/?(?:p|div|table|tr|td|span)\b", re.IGNORECASE)


def sniff(data: bytes, name: str) -> str | None:
    """The format of a file, by its content first (a .txt holding HTML is HTML), then its suffix."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_IMAGES):
        return "image"
    if head.startswith(_OLE2):
        return "doc"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    if len(_HTML.findall(data[:200000])) >= 2:
        return "html"
    if data.lstrip()[:1] in (b"{", b"[") and _ESCAPED_HTML.search(data[:200000]):
        return "html"  # JSON whose strings carry the article's markup, escaped (\u003cp\u003e)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return SUFFIXES.get(suffix)


def read(data: bytes, name: str, folder: Path | None = None) -> Document:
    """Read a file's bytes with the reader for its format; `folder`, where the file was read
    from, lets a web page's pictures beside it be read."""
    fmt = sniff(data, name)
    if fmt is None:
        raise IngestError(f"unsupported file type {name.rsplit('.', 1)[-1] if '.' in name else '(none)'}")
    if fmt == "doc":
        raise IngestError(
            "unsupported file type: legacy Word .doc (OLE2) files cannot be read; "
            "save it as .docx or PDF and ingest that"
        )
    try:
        module = importlib.import_module(f".{_READERS[fmt]}", __name__)
    except ModuleNotFoundError as e:
        raise IngestError(f"unsupported file type: {fmt} files cannot be read yet ({e.name} missing)") from None
    try:
        return module.read(data, name, folder=folder) if fmt == "html" else module.read(data, name)
    except IngestError:
        raise
    except MemoryError:  # the worker's address space (limits.max_memory_mb) ran out
        raise out_of_memory() from None
    except RecursionError:
        raise IngestError(f"{fmt} file too deeply nested to read") from None
    except Exception as e:  # a file no reader foresaw is still one bad file, named, never a traceback
        raise IngestError(f"could not read this {fmt} file ({type(e).__name__}: {e})") from e
