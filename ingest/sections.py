"""A document's blocks as the template's sections.

The blocks are laid out as lines of text (a paragraph a line, a table row a line of
tab-separated cells): that text is what is stored and what passages point into. A
section opens at a heading block, a line that is a heading, or a numbered heading in
the middle of a line (bodies saved as one single line). Table rows keep their cells:
the template mapper reads them as a grid, never re-split from text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .cells import is_blank, looks_like_value
from .document import Document, Heading, Location, Table, TableRow
from .layout import Line, Row, SectionSpan, heading_number, table_rows
from .template import SECTIONS

# Stands in, in a grid row, for the copy of a merged value cell in a row below its own:
# the figure is printed once, so the copy is no second reading of it. To the mapper it is
# a cell in a figure's place (a digit, no Chinese) that is no number, so it keeps its
# column and is stored `unreadable`.
MERGED_COPY = "⊘0"
MERGED_NOTE = "merged cell: its figure is printed once, in a row above, so it is not read again here"


@dataclass
class DocLine(Line):
    """A line of the laid-out text and where its block was printed."""

    location: Location = field(default_factory=Location)
    rows: list[Row] | None = None  # set for a table row: its cells as the mapper reads them
    doubt: str | None = None  # a table row whose reader doubts its figures: why (TableRow.doubt)


@dataclass
class Section(SectionSpan):
    """A template section: its lines (prose, text-layout tables) and its table rows."""

    rows: list[Row] = field(default_factory=list)

    @property
    def text_lines(self) -> list[Line]:
        """Lines that are not rows of a table block."""
        return [ln for ln in self.lines if getattr(ln, "rows", None) is None]


@dataclass
class LaidOut:
    """A document's blocks laid out into the template's sections."""

    text: str  # every block as lines; line numbers and offsets below point into it
    lines: list[DocLine]
    sections: list[Section]

    def location(self, line: int | None) -> Location | None:
        """Where the block on this line of `text` was printed."""
        if line is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1].location

    def doubt(self, line: int | None) -> str | None:
        """Why the reader doubts the figures of the table row on this line, if it does."""
        if line is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1].doubt

    @cached_property
    def _starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def line_at(self, offset: int) -> DocLine:
        """The line holding this character offset of `text`."""
        return self.lines[max(0, bisect.bisect_right(self._starts, offset) - 1)]


# ------------------------------------------------------------------ laying out
def _one_line(text: str) -> str:
    return "".join(part.strip() for part in text.split("\n"))


def _origin(row: TableRow, index: int, j: int) -> tuple[int, int] | None:
    """Where the text of cell j of grid row `index` is printed, when known."""
    cell = row.cells[j]
    return cell.origin if cell.spanned else (index, j)


def _row_cells(row: TableRow, index: int) -> list[str]:
    """A grid row as the mapper's cells: merged runs of columns read once; a value merged
    down from a row above is no second reading of it."""
    out: list[str] = []
    for j, cell in enumerate(row.cells):
        if cell.spanned:
            if cell.origin is not None:
                # The reader said where it is printed: a copy continues a run of merged
                # columns when the cell to its left comes from the same printed cell (which
                # also reads a block merged both ways once per row, at its left edge).
                across = j > 0 and _origin(row, index, j - 1) == cell.origin
            else:  # the reader did not say: a copy equal to its left neighbour continues a run
                across = j > 0 and row.cells[j - 1].text == cell.text
            if across:
                continue
            if looks_like_value(cell.text) and not is_blank(cell.text):
                out.append(MERGED_COPY)
                continue
        out.append(cell.text.replace("\n", "").replace("\t", " "))
    return out


def _grid_rows(cells: list[str]) -> list[Row]:
    """A grid row as the mapper's rows: its label cells, then its values. The cells are
    given to `layout` as one tab-separated line, so that a grid and a text table split
    labels from values the same way (and cells run together are read the same way)."""
    return table_rows([Line(0, 0, "\t".join(cells))])


class _Laid(NamedTuple):
    text: str
    location: Location
    rows: list[Row] | None  # of a table row
    is_heading: bool
    doubt: str | None = None


def _lay_out(document: Document) -> list[_Laid]:
    """Each line of the laid-out text: its text, where it was printed, its table rows."""
    out: list[_Laid] = []
    for block in document.blocks:
        if isinstance(block, Table):
            for i, row in enumerate(block.rows):
                shown = "\t".join(c.text.replace("\t", " ").replace("\n", "") for c in row.cells)
                rows = _grid_rows(_row_cells(row, i))
                for r in rows:
                    r.unconfirmed = row.unconfirmed
                    r.ink_checked = row.ink_checked
                out.append(_Laid(shown, row.location, rows, False, row.doubt))
        elif isinstance(block, Heading):
            out.append(_Laid(_one_line(block.text), block.location, None, True))
        elif document.format == "text":
            out.append(_Laid(block.text, block.location, None, False))
        else:
            out += [_Laid(part, block.location, None, False) for part in block.text.split("\n")]
    return out


# （一）主动公开政府信息情况 is a part of 一、总体情况 in many reports, not section 二.
_SUBHEADING = re.compile(r"^[-\s]*(?:[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")


# ------------------------------------------------------------------ headings inside a line
_MIN_GAP = 8  # headings closer than this are a list of contents, not sections


def _heading_patterns() -> list[tuple[int, re.Pattern[str]]]:
    pats = []
    for s in SECTIONS:
        numeral = "一二三四五六"[s.number - 1]
        words = "|".join(re.escape(k) for k in s.keywords)
        pats.append(
            (
                s.number,
                re.compile(
                    rf"(?<![一二三四五六七八九十（(]){numeral}\s*[、.．]\s*[^。；;，,\d]{{0,14}}?(?:{words})(?:情况)?"
                ),
            )
        )
    return pats


_PATTERNS = _heading_patterns()


def headings_in_line(text: str) -> list[tuple[int, int, int]]:
    """(section number, start, end) of the numbered section headings printed inside a line.

    A run of headings close together is a list of contents, not the sections themselves."""
    found = sorted((m.start(), m.end(), n) for n, p in _PATTERNS for m in p.finditer(text))
    clusters: list[list[tuple[int, int, int]]] = []
    for hit in found:
        if clusters and hit[0] - clusters[-1][-1][1] < _MIN_GAP:
            clusters[-1].append(hit)
        else:
            clusters.append([hit])
    return [(n, s, _title_end(text, e)) for c in clusters if len(c) == 1 for s, e, n in c]


_TITLE_TAIL = re.compile(r"[^。；;，,：:（(\d\s]{0,8}?(?:情况|事项|措施)")


def _title_end(text: str, end: int) -> int:
    """Where a heading found by its keyword ends: 五、存在的主要问题|及改进情况."""
    m = _TITLE_TAIL.match(text, end)
    return m.end() if m else end


# ------------------------------------------------------------------ sections
def lay_out(document: Document) -> LaidOut:
    """Lay the document out as text and split it into the template's sections, in order."""
    lines: list[DocLine] = []
    sections = [Section(0, "")]
    pos = 0
    for number, (text, location, rows, is_heading, doubt) in enumerate(_lay_out(document), 1):
        for row in rows or ():
            row.line = number
        line = DocLine(number, pos, text, location, rows, doubt)
        lines.append(line)
        pos += len(text) + 1
        if rows is not None:
            # A table whose title row is the section heading (三、收到和处理… across the grid).
            single = {c.strip() for c in text.split("\t") if c.strip()}
            title = single.pop() if len(single) == 1 else ""
            section = heading_number(title) if title else None
            if section is not None and section > sections[-1].number:
                sections.append(Section(section, title))
            sections[-1].lines.append(line)
            if section is None:
                sections[-1].rows += rows
            continue
        section = None if _SUBHEADING.match(text) else heading_number(text)
        if section is not None and section > sections[-1].number:
            sections.append(Section(section, text.strip()))
            continue
        if is_heading or "\t" in text:
            sections[-1].lines.append(line)
            continue
        _split_line(line, sections)
    return LaidOut("\n".join(ln.text for ln in lines), lines, sections)


def _split_line(line: DocLine, sections: list[Section]) -> None:
    """Add a line to the sections, opening those whose headings it prints in its middle."""
    cut = 0
    for number, start, end in headings_in_line(line.text):
        if number <= sections[-1].number:
            continue
        if line.text[cut:start].strip():
            sections[-1].lines.append(_piece(line, cut, start))
        sections.append(Section(number, line.text[start:end].strip()))
        cut = end
    if cut == 0:
        sections[-1].lines.append(line)
    elif line.text[cut:].strip():
        sections[-1].lines.append(_piece(line, cut, len(line.text)))


def _piece(line: DocLine, start: int, end: int) -> DocLine:
    return DocLine(line.number, line.start + start, line.text[start:end], line.location, None)
