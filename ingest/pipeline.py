"""One file in, one ParsedReport out: read it as a Document, clean it, find its sections, read them."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from .checks import run_checks
from .chunks import chunk_sections
from .clean import clean_document
from .decode import printable
from .document import Document
from .layout import table_rows
from .metadata import infer_meta
from .model import UNREADABLE, Chunk, Figure, IngestError, NotAReport, ParsedReport
from .readers import SUFFIXES
from .readers import read as read_document
from .sections import MERGED_COPY, MERGED_NOTE, LaidOut, lay_out
from .tables import blank_table, read_active, read_applications, read_cases

SUPPORTED_SUFFIXES = tuple(SUFFIXES)
# Part of every report id: a new reader gives new ids, so re-ingesting a folder after an
# upgrade re-reads every file (and replaces its old version) instead of calling it unchanged.
READER_VERSION = 5


def report_id(digest: str, issuer: str | None, year: int | None) -> str:
    """Same bytes, same overrides and same reader: same report."""
    key = f"{digest}|{issuer or ''}|{year or ''}|{READER_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def parse_bytes(
    data: bytes, source_file: str, path: str = "", issuer: str | None = None, year: int | None = None
) -> ParsedReport:
    """Parse a report's bytes. Raises IngestError when the file cannot be used."""
    return parse_document(
        read_document(data, source_file), hashlib.sha256(data).hexdigest(), source_file, path, issuer=issuer, year=year
    )


def parse_document(
    document: Document,
    digest: str,
    source_file: str,
    path: str = "",
    issuer: str | None = None,
    year: int | None = None,
) -> ParsedReport:
    """Read a Document, whichever reader made it, by the template. `digest`: of the file's bytes."""
    document = clean_document(document)
    laid = lay_out(document)
    text, sections = laid.text, laid.sections
    warnings: list[str] = list(document.warnings)

    found = {s.number for s in sections if s.number}
    if len(found) < 2 and ("政府信息公开" not in text or document.format == "markdown"):
        # Markdown is also how folders describe themselves (README.md): only the template's sections make it a report.
        raise NotAReport("not a government information-disclosure annual report (no template sections found)")
    missing = [n for n in (1, 2, 3, 4, 5) if n not in found]
    if missing:
        warnings.append(f"sections not found: {', '.join('一二三四五六'[n - 1] for n in missing)}")

    meta = infer_meta(sections, source_file, hints=document.hints, issuer=issuer, year=year)
    warnings += meta.notes
    for name in ("issuer", "region", "year"):
        if getattr(meta, name).value is None:
            warnings.append(f"{name} not found: pass --{name} to set it" if name != "region" else "region not found")

    by_number = {s.number: s for s in sections}
    figures: list[Figure] = []
    readers = {2: lambda rows: read_active(rows, str(meta.template.value)), 3: read_applications, 4: read_cases}
    for number, read in readers.items():
        if number in by_number:
            section = by_number[number]
            # A table block is read as the grid it is; text lines are made into rows first.
            rows = section.rows or table_rows(section.text_lines)
            figs, warns = read(rows)
            if not figs and (figs := blank_table(number, str(meta.template.value), rows)):
                warns = [
                    f"section {'一二三四五六'[number - 1]}: the table is printed with every cell empty: "
                    "stored as blank (not reported)"
                ]
            figures += figs
            warnings += warns
    figures = [_located(f, laid) for f in _first_of_each(figures, warnings)]
    chunks = [_chunk_located(c, laid) for c in chunk_sections(text, sections)]
    return ParsedReport(
        report_id=report_id(digest, issuer, year),
        source_file=source_file,
        path=path,
        content_hash=digest,
        encoding=document.encoding or document.format,
        text=text,
        meta=meta,
        figures=figures,
        checks=run_checks(figures),
        chunks=chunks,
        warnings=warnings,
    )


def _located(figure: Figure, laid: LaidOut) -> Figure:
    """The figure with the page it was printed on; a merged cell's copy is no reading, and a
    row whose two readings disagree (a PDF's grid and its text layer) is not stored on trust."""
    location = laid.location(figure.line)
    if figure.raw == MERGED_COPY:
        figure = replace(figure, raw="", value=None, status=UNREADABLE, note=MERGED_NOTE)
    elif (doubt := laid.doubt(figure.line)) is not None:
        figure = replace(figure, value=None, status=UNREADABLE, note=doubt)
    return replace(figure, page=location.page) if location and location.page is not None else figure


def _chunk_located(chunk: Chunk, laid: LaidOut) -> Chunk:
    line = laid.line_at(chunk.start)
    return replace(chunk, line=line.number, page=line.location.page)


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
    return parse_bytes(data, printable(path.name), printable(str(path.resolve())), issuer=issuer, year=year)
