"""One file in, one ParsedReport out: decode, clean, find the structure, read it."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .checks import run_checks
from .chunks import chunk_sections
from .document import Document, Paragraph, Table
from .layout import split_sections, table_rows
from .metadata import infer_meta
from .model import Figure, IngestError, ParsedReport
from .readers import SUFFIXES
from .readers import read as read_document
from .spam import remove_spam
from .tables import read_active, read_applications, read_cases

SUPPORTED_SUFFIXES = tuple(SUFFIXES)
# Part of every report id: a new reader gives new ids, so re-ingesting a folder after an
# upgrade re-reads every file (and replaces its old version) instead of calling it unchanged.
READER_VERSION = 1


def report_id(digest: str, issuer: str | None, year: int | None) -> str:
    """Same bytes, same overrides and same reader: same report."""
    key = f"{digest}|{issuer or ''}|{year or ''}|{READER_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def parse_bytes(data: bytes, source_file: str, path: str = "", issuer: str | None = None,
                year: int | None = None) -> ParsedReport:
    """Parse a report's bytes. Raises IngestError when the file cannot be used."""
    document = read_document(data, source_file)
    text, encoding = as_text(document), document.encoding or document.format
    spam = remove_spam(text)
    text = spam.text
    warnings: list[str] = list(document.warnings)  # e.g. a PDF's grid and text layer disagreeing
    if spam.removed:
        warnings.append(f"removed {len(spam.removed)} injected spam fragment(s) ({', '.join(spam.families)})")

    sections = split_sections(text)
    found = {s.number for s in sections if s.number}
    if len(found) < 2 and "政府信息公开" not in text:
        raise IngestError("not a government information-disclosure annual report (no template sections found)")
    missing = [n for n in (1, 2, 3, 4, 5) if n not in found]
    if missing:
        warnings.append(f"sections not found: {', '.join('一二三四五六'[n - 1] for n in missing)}")

    meta = infer_meta(sections, source_file, issuer=issuer, year=year)
    for name in ("issuer", "region", "year"):
        if getattr(meta, name).value is None:
            warnings.append(f"{name} not found: pass --{name} to set it" if name != "region" else "region not found")

    by_number = {s.number: s for s in sections}
    figures: list[Figure] = []
    readers = {2: lambda rows: read_active(rows, str(meta.template.value)), 3: read_applications, 4: read_cases}
    for number, read in readers.items():
        if number in by_number:
            figs, warns = read(table_rows(by_number[number].lines))
            figures += figs
            warnings += warns
    figures = _first_of_each(figures, warnings)
    digest = hashlib.sha256(data).hexdigest()
    return ParsedReport(
        report_id=report_id(digest, issuer, year), source_file=source_file, path=path, content_hash=digest,
        encoding=encoding, text=text,
        meta=meta, figures=figures, checks=run_checks(figures), chunks=chunk_sections(text, sections),
        warnings=warnings)


def as_text(document: Document) -> str:
    """The document as lines: a paragraph a line, a table row a line of tab-separated cells.

    Interim bridge while the template mapper still reads table sections line by line."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Table):
            # A merged cell once per line: its copies in the columns it spans would read as more figures.
            lines += ["\t".join(c.text.replace("\t", " ").replace("\n", "") for i, c in enumerate(row.cells)
                                if not (c.spanned and i and c.text == row.cells[i - 1].text))
                      for row in block.rows]
        elif isinstance(block, Paragraph) and document.format == "text":
            lines.append(block.text)
        else:
            lines.append(block.text.replace("\n", " "))
    return "\n".join(lines)


def _first_of_each(figures: list[Figure], warnings: list[str]) -> list[Figure]:
    """A cell printed twice (a repeated row) is kept once, as first printed."""
    seen: dict[str, Figure] = {}
    for f in figures:
        if f.metric in seen:
            warnings.append(f"line {f.line}: {f.label} printed again; the first (line {seen[f.metric].line}) is kept")
        else:
            seen[f.metric] = f
    return list(seen.values())


def parse_file(path: str | Path, issuer: str | None = None, year: int | None = None) -> ParsedReport:
    """Parse one report file. Raises IngestError (naming the problem) when it cannot be used."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror or e}") from e
    return parse_bytes(data, path.name, str(path.resolve()), issuer=issuer, year=year)
