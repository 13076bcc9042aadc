"""Markdown, as PDF converters and OCR tools write it: headings, paragraphs and pipe tables.

A pipe table (`| 自然人 | 商业企业 | … |` with its `|---|` rule) is a grid whose blank
cells stay blank; headings lose their `#`, emphasis its `**`. A Markdown file that is not
a report (a folder's README.md) is told apart later, by the template's sections.
"""

from __future__ import annotations

import re

from ..decode import decoded
from ..document import Block, Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ..headers import crawler_headers
from ..organs import strip_markup

_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*(#{1,6})\s+")


def _is_row(line: str) -> bool:
    return line.count("|") >= 2 and line.strip().startswith("|")


def _cells(line: str) -> tuple[Cell, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return tuple(Cell(strip_markup(c.replace("<br>", " ").replace("<br/>", " "))) for c in inner.split("|"))


def read(data: bytes, name: str) -> Document:
    found = decoded(data)
    lines = found.text.split("\n")
    blocks: list[Block] = []
    rows: list[TableRow] = []
    for i, line in enumerate(lines, 1):
        if _is_row(line):
            if not _RULE.match(line):
                rows.append(TableRow(_cells(line), Location(line=i)))
            continue
        if rows:
            blocks.append(Table(tuple(rows), rows[0].location))
            rows = []
        if m := _HEADING.match(line):
            blocks.append(Heading(strip_markup(line), Location(line=i), level=len(m.group(1))))
        else:
            blocks.append(Paragraph(strip_markup(line) if line.strip() else line, Location(line=i)))
    if rows:
        blocks.append(Table(tuple(rows), rows[0].location))
    return Document(
        blocks, "markdown", encoding=found.encoding, hints=crawler_headers(lines), warnings=list(found.warnings)
    )
