"""Text to structure: the template's sections, and table rows of label and value cells.

Real extraction gives the same template as one row per line (cells split by tabs
or pipes) or as one cell per line; OCR adds broken labels and stray marks. Both
become the same `Row` list here, so the table readers never see the layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import is_dust, looks_like_value, normalise
from .template import SECTIONS

_MAX_HEADING = 40
_NUMBERING = re.compile(r"^[-\s]*(?:[一二三四五六七八九十]+\s*[、.．,，]|[（(][一二三四五六七八九十]+[)）])?\s*")
_HAS_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z\u0600-\u06ff]")


@dataclass
class Line:
    number: int  # 1-based
    start: int  # character offset in the text
    text: str


@dataclass
class SectionSpan:
    number: int  # 0 = preamble before section 一
    heading: str  # as printed ("" for the preamble)
    lines: list[Line] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The template's title for this section (the printed heading may lack numbering)."""
        return SECTIONS[self.number - 1].title if self.number else "前言"


@dataclass
class Row:
    labels: list[str]  # the label cells, in order
    values: list[str]  # the cells after the last label cell
    line: int

    @property
    def label(self) -> str:
        return normalise("".join(self.labels))


def lines_of(text: str) -> list[Line]:
    out, pos = [], 0
    for i, raw in enumerate(text.split("\n")):
        out.append(Line(i + 1, pos, raw))
        pos += len(raw) + 1
    return out


def heading_number(line: str) -> int | None:
    """The section a heading line opens, if it is one."""
    flat = normalise(line)
    if not flat or len(flat) > _MAX_HEADING or "\t" in line or "|" in line:
        return None
    body = _NUMBERING.sub("", flat)
    for section in SECTIONS:
        if any(body.startswith(normalise(k)) or (len(body) <= 24 and normalise(k) in body) for k in section.keywords):
            return section.number
    return None


def split_sections(text: str) -> list[SectionSpan]:
    """Split into sections by the template's headings, which must come in order."""
    spans = [SectionSpan(0, "")]
    for line in lines_of(text):
        number = heading_number(line.text)
        if number is not None and number > spans[-1].number:
            spans.append(SectionSpan(number, line.text.strip()))
        else:
            spans[-1].lines.append(line)
    return spans


_SPACED = re.compile(r"(?<=\S)(?: {2,}|\u3000+)(?=\S)")  # columns of `pdftotext -layout` and the like


def _cells(line: str) -> list[str] | None:
    """A table line's cells: split by tabs, pipes, or runs of spaces; None for a single cell."""
    if "\t" in line:
        return line.split("\t")
    if "|" in line:
        return line.split("|")
    if _SPACED.search(line):
        return _SPACED.split(line.strip())
    return None


def _texty(cell: str) -> bool:
    return bool(_HAS_TEXT.search(cell)) and not looks_like_value(cell)


def _split_row(cells: list[str], number: int) -> Row:
    cells = [c.strip(" \u3000") for c in cells if not is_dust(c)]
    last = max((i for i, c in enumerate(cells) if _texty(c)), default=-1)
    labels = [c.strip() for c in cells[: last + 1] if c.strip()]
    return Row(labels, cells[last + 1:], number)


def table_rows(lines: list[Line]) -> list[Row]:
    """Rows of a table section, whichever layout the extraction produced."""
    if any(_cells(ln.text) is not None for ln in lines):
        rows = []
        for line in lines:
            cells = _cells(line.text)
            if cells is None:
                if not line.text.strip():
                    continue
                cells = [line.text]
            rows.append(_split_row(cells, line.number))
        return rows
    # One cell per line: a label line opens a row, value lines fill it.
    rows = []
    for line in lines:
        cell = line.text
        if not cell.strip() and "\u00a0" not in cell and "\u3000" not in cell:
            continue  # an empty line is layout, a line holding a space is a blank cell
        if _texty(cell) or not rows:
            rows.append(Row([cell.strip()], [], line.number) if _texty(cell) else Row([], [cell], line.number))
        else:
            rows[-1].values.append(cell)
    return rows


def fit(values: list[str], width: int) -> list[str] | None:
    """Fit a row's cells to the table's width: drop surplus empty cells at the ends,
    then, if that leaves exactly one figure per column, the empty cells inside.
    None when the cells cannot be placed with confidence."""
    cells = list(values)
    while len(cells) > width and not cells[-1].strip(" \u00a0\u3000"):
        cells.pop()
    while len(cells) > width and not cells[0].strip(" \u00a0\u3000"):
        cells.pop(0)
    if len(cells) > width:
        filled = [c for c in cells if c.strip(" \u00a0\u3000")]
        return filled if len(filled) == width else None
    return cells
