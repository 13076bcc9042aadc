"""A report file as a format reader sees it: blocks in reading order, tables as grids.

This is the format seam. Every reader (`ingest/readers/<format>.py`) turns bytes into
a `Document`; everything after it (sections, the template mapper, chunks) reads only
`Document`s, whatever the file was. A table is a grid: row and column spans are
resolved (the spanned text copied into every cell it covers, marked `spanned`), blank
cells are "" and never dropped, and each row keeps where it was printed (a table that
runs across PDF pages is one table whose rows carry their own page).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a block was printed: a PDF page, a line of a text file, an element of HTML/Word."""

    page: int | None = None  # 1-based PDF page
    line: int | None = None  # 1-based line of the decoded text
    element: str | None = None  # e.g. "table 2, row 5" in an HTML or Word document

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.element:
            parts.append(self.element)
        return ", ".join(parts)


@dataclass(frozen=True)
class Cell:
    """One grid cell. `spanned`: a copy of a merged cell's text, not printed here itself."""

    text: str
    spanned: bool = False
    # For a spanned copy, when the reader knows it: (row, column) in this table of the cell
    # that printed the text. A copy whose left neighbour comes from the same printed cell
    # continues a run of merged columns; any other copy is merged down from a row above.
    origin: tuple[int, int] | None = None


@dataclass(frozen=True)
class TableRow:
    """One row of a table grid, its cells as read."""

    cells: tuple[Cell, ...]
    location: Location
    # Set by a reader that read the row a second, independent way (a PDF's text layer beside
    # its grid) and got other figures: why the row's figures are in doubt, naming both
    # readings. Every figure of such a row is stored `unreadable` with this note.
    doubt: str | None = None
    # Set by a reader whose readings can be wrong without a sign (OCR): the row's figures
    # stand only where the template's sums confirm them, never on the reading's word alone.
    unconfirmed: bool = False
    # Set by OCR when every figure of the row has, in its ink, the glyphs it was read as (as
    # many digits, zeros where rings are printed: `ingest.ocr_glyphs`). Then a row whose sums
    # no such reading can satisfy is the report's own inconsistency, not a misreading.
    ink_checked: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(frozen=True)
class Heading:
    """A heading of the document, with its level."""

    text: str
    location: Location
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose; in a text file, one line exactly as decoded (spaces kept)."""

    text: str
    location: Location


@dataclass(frozen=True)
class Table:
    """A table grid of the document, its rows and where it was."""

    rows: tuple[TableRow, ...]
    location: Location  # where the table starts


Block = Heading | Paragraph | Table


@dataclass
class Document:
    """What a reader read from one file."""

    blocks: list[Block]
    format: str  # text | markdown | html | pdf | docx | image (a PDF read by OCR stays pdf)
    encoding: str | None = None  # of text formats
    # Metadata the file carries around the report itself: crawler headers (标题 / 发布机构 /
    # 发布时间), an HTML <title>, a PDF's document info. Keys: title, publisher, date.
    hints: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None  # PDF page count

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
