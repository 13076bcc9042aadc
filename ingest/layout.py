"""Text to structure: which section a heading line opens, and table rows of label and value cells.

(`ingest.sections` splits a document into sections, headings inside a line too.)

Real extraction gives the same template as one row per line (cells split by tabs,
pipes or the wide gaps of `pdftotext -layout`; Markdown tables with their rules), as
one cell per line (labels of one row sometimes joined by a tab), as `pdftotext -raw`
lines (figures after a label, separated by single spaces; labels wrapped around them),
or as a whole body run together on one line (figures glued to labels and to each
other); OCR adds broken labels and stray marks, page footers land inside tables.
All become the same `Row` list here, so the table readers never see the layout.
Figures separated by a space are always separate cells; a run that may hold several
cells is marked (`Row.separated`) for `ingest.glued` to read by the template's sums.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .cells import is_blank, is_dust, looks_like_value, normalise
from .template import SECTIONS

_MAX_HEADING = 40
_NUMBERING = re.compile(r"^[-\s]*(?:[一二三四五六七八九十]+\s*[、.．,，]|[（(][一二三四五六七八九十]+[)）])?\s*")


@dataclass
class Line:
    """One line of a text file, with its number."""

    number: int  # 1-based
    start: int  # character offset in the text
    text: str


@dataclass
class SectionSpan:
    """Where one of the template's sections starts and ends in the lines."""

    number: int  # 0 = preamble before section 一
    heading: str  # as printed ("" for the preamble)
    lines: list[Line] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The template's title for this section (the printed heading may lack numbering)."""
        return SECTIONS[self.number - 1].title if self.number else "前言"


@dataclass
class Row:
    """A table row read from text lines: its label and cells."""

    labels: list[str]  # the label cells, in order
    values: list[str]  # the cells after the last label cell
    line: int
    # False when the values are tokens of a run that lost its separators: a token may
    # then hold several cells (never the other way round).
    separated: bool = True
    # True for a row read by OCR (TableRow.unconfirmed): figures only where the sums confirm them.
    unconfirmed: bool = False
    # OCR saw, in the ink, the glyphs of every figure it read (TableRow.ink_checked).
    ink_checked: bool = False

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


_SPACED = re.compile(r"(?<=\S)(?: {2,}|\u3000+)(?=\S)")  # columns of `pdftotext -layout` and the like
# Lines that are layout, not table: page footers printed inside a table (`— 5 —`, `- 5 -`,
# `第 5 页`) and the rule under a Markdown header (`|---|:---:|`).
_FOOTER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$")
_INLINE_FOOTER = re.compile(r"\s*[—–]\s*\d{1,3}\s*[—–]\s*")  # only long dashes: `-5-` may be a figure
# (A rule has a pipe: a lone `--` on its own line is a blank cell, not layout.)
_RULE = re.compile(r"^\s*(?=[^|]*\|)\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# A run of figures inside text: digits, spaces and signs (a point only between digits).
_RUN = re.compile(r"[-增减加]?\d(?:[\d\s\-]|[增减加](?=\d)|\.(?=\d))*")  # 增172: a change
# A figure followed by one of these is prose (`2022年`, `5件`), not a table cell.
_UNIT_AFTER = re.compile(r"^\s*(?:年|月|日|件|个|项|条|次|人|号|万|亿|元|%|％|余|多|家|名|天|期)")
_MONEY_AFTER = re.compile(r"^\s*(万元|亿元|元)")  # an amount cell run into its label, unlike `5件` in prose
_NUMBERING_AFTER = re.compile(r"^[.．、,，]\s*[\u4e00-\u9fff（(]")
# A cell holding several figures: printed with spaces, or with a glued minus (`2648-18538`).
_SPACE_NUMBERS = re.compile(r"^\s*[-增减加]?\d+(?:\.\d+)?(?:(?:\s+[-增减加]?|[-增减加])\d+(?:\.\d+)?)+\s*$")


@dataclass
class Part:
    """A piece of a printed line: a label, or one value cell."""

    kind: str  # "label" | "value"
    text: str
    separated: bool = True  # False: a token of a run that lost its separators (may hold several cells)


def _cells(line: str) -> list[str] | None:
    """A table line's cells: split by tabs, pipes, or runs of spaces; None for a single cell."""
    if "\t" in line:
        return line.split("\t")
    if "|" in line:
        return line.split("|")
    if _SPACED.search(line):
        return _SPACED.split(line.strip())
    return None


def _valueish(cell: str) -> bool:
    """A cell in a figure's place: a number, a blank, or something that is not a label
    (`1e30`, `12.3.4`: digits and no Chinese) -- the latter is unreadable, never a label."""
    if looks_like_value(cell):
        return True
    flat = normalise(cell)
    return bool(_DIGIT.search(flat)) and not _CJK.search(flat)


def _run_tokens(run: str) -> list[str]:
    """The tokens of a run: split at spaces and before a minus sign; never joined."""
    out = []
    for word in run.split():
        out += [t for t in re.split(r"(?=[-增减加])", word) if t and t not in "-增减加"]
    return out


def _explode_text(text: str) -> list[Part]:
    """Labels and runs of figures printed together (`一、…数量230 000023二、…`)."""
    flat = _INLINE_FOOTER.sub(" ", unicodedata.normalize("NFKC", text))
    parts: list[Part] = []
    pos = 0
    for m in _RUN.finditer(flat):
        start, end = m.start(), m.end()
        run = m.group().rstrip()
        end = start + len(run)
        after = flat[end:]
        money = _MONEY_AFTER.match(after)
        if (_UNIT_AFTER.match(after) and not money) or flat[max(0, start - 1) : start] == "第":
            continue  # prose: 2022年, 5件, 第5项
        if _NUMBERING_AFTER.match(after):
            run = run[:-1].rstrip()  # the next label's numbering (`…00000002.其他`)
        if not _DIGIT.search(run):
            continue
        label = flat[pos:start].strip()
        if label:
            parts.append(Part("label", label))
        tokens = _run_tokens(run)
        pos = start + len(run)
        if money and not _NUMBERING_AFTER.match(after):
            tokens[-1] += money.group(1)  # an amount keeps its unit: `7540.77万元`
            pos = end + money.end()
        parts += [Part("value", t, separated=False) for t in tokens]
    if not parts:
        return [Part("label", text)]  # no figures in it: the label as printed
    tail = flat[pos:].strip()
    if tail:
        parts.append(Part("label", tail))
    return parts


def _explode(cell: str, separated: bool) -> list[Part]:
    """One printed cell as parts: a value, several values printed with spaces, or text
    that may carry figures glued to it."""
    stripped = cell.strip(" \u00a0\u3000")
    if _SPACE_NUMBERS.match(unicodedata.normalize("NFKC", stripped)):
        return [Part("value", t, separated=False) for t in _run_tokens(unicodedata.normalize("NFKC", stripped))]
    if _valueish(cell):
        return [Part("value", cell, separated)]
    return _explode_text(cell)


def _line_parts(text: str) -> tuple[list[Part], bool]:
    """A line's parts, and whether its cells were separated (tabs, pipes, wide gaps)."""
    cells = _cells(text)
    if cells is None:
        return _explode(text, True), False
    parts: list[Part] = []
    for c in cells:
        if is_dust(c):
            continue
        parts += _explode(c, True)
    return parts, True


def row_of_cells(cells: list[str], number: int) -> Row:
    """A row of a grid (an HTML, Word or PDF table, or a tab line) as a `Row`: labels up to
    the first figure, then one value a cell. A cell holding several figures printed with
    spaces (`447 7 0 0 0 0 454`) gives several values, which are then never joined."""
    parts = [p for c in cells if not is_dust(c) for p in _explode(c, True)]
    return _separated_row(parts, number)


def _separated_row(parts: list[Part], number: int) -> Row:
    """A row printed with separators: labels up to the first figure, then the cells."""
    first = next((i for i, p in enumerate(parts) if p.kind == "value" and not is_blank(p.text)), len(parts))
    last = max((i for i, p in enumerate(parts[:first]) if p.kind == "label"), default=-1)
    labels = [p.text.strip() for p in parts[: last + 1] if p.kind == "label" and p.text.strip()]
    values = parts[last + 1 :]
    return Row(
        labels,
        [p.text.strip(" \u3000") if p.kind == "value" else p.text for p in values],
        number,
        separated=all(p.separated for p in values),
    )


def _layout_line(line: str) -> bool:
    """A line printed as a row of separated cells with at least one figure."""
    cells = _cells(line)
    if cells is None:
        return False
    parts = [p for c in cells if not is_dust(c) for p in _explode(c, True)]
    return any(p.kind == "label" for p in parts) and any(p.kind == "value" and not is_blank(p.text) for p in parts)


def table_rows(lines: list[Line]) -> list[Row]:
    """Rows of a table section, whichever layout the extraction produced.

    Rows printed one a line (cells split by tabs, pipes or wide gaps) give one `Row` a
    line; otherwise a line holding a label opens a row and the lines of figures after
    it fill it (one cell per line; `pdftotext -raw`; a whole body run together)."""
    lines = [ln for ln in lines if not _FOOTER.match(ln.text) and not _RULE.match(ln.text)]
    by_row = any(_layout_line(ln.text) for ln in lines)
    rows: list[Row] = []
    for line in lines:
        text = line.text
        if not text.strip() and "\u00a0" not in text and "\u3000" not in text:
            continue  # an empty line is layout, a line holding a space is a blank cell
        parts, separated = _line_parts(text)
        if not parts and text.strip(" \t|"):
            continue  # dust only
        if by_row and separated:
            rows.append(row_of_cells(_cells(text) or [], line.number))
            continue
        if not parts:
            parts = [Part("value", text)]  # a blank cell on its own line
        opened = False  # labels on one line name one row
        for part in parts:
            if part.kind == "label":
                if opened and not rows[-1].values:
                    rows[-1].labels.append(part.text.strip())
                else:
                    rows.append(Row([part.text.strip()], [], line.number))
                    opened = True
            elif rows and not (by_row and not opened):
                rows[-1].values.append(part.text)
                rows[-1].separated = rows[-1].separated and part.separated
            else:
                rows.append(Row([], [part.text], line.number, separated=part.separated))
                opened = True
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
