"""PDF with a text layer, through pdfplumber: ruled tables as grids, the rest as prose.

Tables come from pdfplumber's default (ruled-lines) table finder, which reads the
shared PDFs cell for cell; its text/stream strategies and `pdftotext` scramble rows.
Three things the finder alone gets wrong are fixed here:

- Word/WPS exports put an invisible white box behind every prose line, which the
  finder reads as one-column "tables". A table row counts only when a *visible* rule
  (a drawn line, a stroked or coloured box) runs beside it; the other rows are prose.
- A merged cell comes back as one cell and `None`s: the grid is rebuilt from the cell
  boxes so every position a merged cell covers gets its text (`spanned=True`), and a
  position no cell covers keeps whatever text is printed there ("" when none).
- A table that runs onto the next page is one table; a group label cut by the page
  break (`（四）无` / `法提供`) is joined, a blank continuation takes the label above.

Each numeric row is then read a second way, from the page's words along the row: the two
readings of a PDF must agree, and a row where they do not is marked (`TableRow.doubt`),
its figures stored `unreadable` and the report warned.
"""

from __future__ import annotations

import io
import re
import statistics
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .. import limits
from ..document import Block, Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ..model import IngestError

_TOL = 3.0  # points: boxes closer than this are the same rule
_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－―~_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[\s\-—–－―~_·•]*$"
)
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")
_ENUMERATOR = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])")
_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?")
_NUMERIC_CELL = re.compile(r"^[+\-−增减]?\s*\d[\d,]*(?:\.\d+)?$")
_SENTENCE_END = "。！？；：!?;:"
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}(?:人民政府|办公室|委员会|局|厅|委|院|中心|政府)$")


def join_cjk(text: str) -> str:
    """Text with line breaks and spaces removed next to Chinese characters, else one space.

    Digits separated by a space stay separated: `447 7 0` is three numbers, never one."""
    return re.sub(r"\s+", " ", _SPACE_BY_CJK.sub("", text)).strip()


# ---------------------------------------------------------------- opening the file


def read(data: bytes, name: str) -> Document:
    """Read a PDF's bytes into a Document; IngestError for scans, encrypted or broken files,
    ingest.limits.LimitExceeded for one that decompresses or pages past the limits."""
    _bound_pdfminer()
    with limits.metering():
        return _open_and_read(data)


def _open_and_read(data: bytes) -> Document:
    import pdfplumber  # imported here: text files are read without it

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception as e:  # pdfminer raises many types for damaged or locked files
        raise IngestError(_open_error(e)) from None
    try:
        with pdf:
            return _read(pdf)
    except (IngestError, MemoryError):  # MemoryError: the worker's memory limit, told as such by the caller
        raise
    except Exception as e:
        inner = e
        while inner.args and isinstance(inner.args[0], Exception):
            inner = inner.args[0]
        if isinstance(inner, MemoryError):  # wrapped by pdfplumber: still the memory limit
            raise MemoryError from None
        if type(inner).__module__.startswith(("pdfminer", "pdfplumber")):
            raise IngestError(_open_error(e)) from None
        # Not the file's fault as far as we can tell: say so rather than call it damaged.
        raise IngestError(
            f"the PDF reader failed on this file ({type(inner).__name__}: {str(inner)[:120]}); "
            "please report it with the file"
        ) from None


def _open_error(e: Exception) -> str:
    while e.args and isinstance(e.args[0], Exception):  # pdfplumber wraps pdfminer's own error
        e = e.args[0]
    kind = type(e).__name__
    if "Password" in kind or "Encrypt" in kind:
        return "encrypted PDF: it needs a password to open; save an unlocked copy and ingest that"
    detail = str(e).strip() or kind
    return f"damaged PDF, cannot be read ({kind}: {detail[:120]})"


def _read(pdf) -> Document:
    _count_pages(pdf)
    pages = list(pdf.pages)
    if not pages:
        raise IngestError("damaged PDF: it has no pages")
    if sum(len(p.chars) for p in pages) == 0:
        from .ocr import read_pdf_pages  # no text layer (a scan, or glyphs drawn as paths): OCR

        return read_pdf_pages(pages)
    read_pages = [_read_page(p, i) for i, p in enumerate(pages, 1)]
    _drop_running_lines(read_pages, pages)
    warnings: list[str] = []
    blocks = _blocks(read_pages, warnings)
    if any(not p.chars and p.images for p in pages):  # scanned pages among text ones: OCR them
        from .ocr import with_scanned_pages

        blocks = with_scanned_pages(blocks, pages, warnings)
    return Document(blocks, "pdf", hints=_hints(read_pages, pdf), warnings=warnings, pages=len(pages))


def _count_pages(pdf) -> None:
    """Refuse a PDF of more than max_pages pages after walking max_pages + 1 of them, before
    pdfplumber makes an object of every page (20,000 pages took ~1 GB that way)."""
    from pdfminer.pdfpage import PDFPage

    for n, _ in enumerate(PDFPage.create_pages(pdf.doc), 1):
        limits.check_pages(n)


class _BoundedZlib:
    """What pdfminer.pdftypes uses of zlib, stopping at the file's decompression budget."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        return limits.inflate(data, "streams")

    @staticmethod
    def decompressobj():  # decompress_corrupted feeds it byte by byte
        return _BoundedInflater()


class _BoundedInflater:
    def __init__(self) -> None:
        self._d = zlib.decompressobj()

    def decompress(self, data: bytes) -> bytes:
        return limits.inflate(data, "streams", self._d)


def _bound_pdfminer() -> None:
    """pdfminer inflates a whole stream with zlib.decompress (a 4 GB bomb is 4 GB at once) and
    has no hook for a limit: give its module a zlib that stops at the budget, and count what
    every stream decodes to (LZW, run-length…) against it. Done once, on first use."""
    from pdfminer import pdftypes

    if pdftypes.zlib is _BoundedZlib:
        return
    # Patched in place: pdfminer has no hook for either (a worker process parses one kind of file).
    pdftypes.zlib = _BoundedZlib  # type: ignore[assignment]  # a stand-in with zlib's decompress
    decode = pdftypes.PDFStream.decode

    def counted(stream: Any) -> None:
        decode(stream)
        limits.take(len(stream.data or b""), "streams")

    pdftypes.PDFStream.decode = counted  # type: ignore[method-assign, assignment]  # counts each stream decoded


# ---------------------------------------------------------------- one page


@dataclass
class _Box:
    """One cell box pdfplumber found, or an uncovered grid position's own text."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    copied: bool = False  # its text carried over from the page before, not printed here
    source: _Box | None = field(default=None, repr=False)  # the box it was copied from


@dataclass
class _Part:
    """The ruled rows of one table on one page."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[tuple[float, float]]  # (top, bottom) of each row
    boxes: list[_Box]
    page_obj: Any = field(repr=False, default=None)  # pdfplumber's Page


@dataclass
class _Line:
    """A line of a PDF page's words."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    page: int = 0


@dataclass
class _Page:
    """One PDF page's lines and tables."""

    number: int
    width: float
    height: float
    parts: list[_Part]
    lines: list[_Line]


def _is_white(color) -> bool:
    if color is None:
        return False  # PDF's default fill is black
    if isinstance(color, (int, float)):
        return color >= 0.99
    values = [v for v in color if isinstance(v, (int, float))]
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.01 for v in values)
    return bool(values) and all(v >= 0.99 for v in values)


def _visible(obj: dict) -> bool:
    """Drawn so that a reader sees it: lines, stroked boxes, boxes filled with a colour."""
    kind = obj.get("object_type")
    if kind in ("line", "curve"):
        return not _is_white(obj.get("stroking_color"))
    if kind == "rect":
        if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
            return True
        return bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color"))
    return False


def _read_page(page, number: int) -> _Page:
    rules = [o for o in page.rects + page.lines + page.curves if _visible(o)]
    parts: list[_Part] = []
    for table in page.find_tables():
        parts += _ruled_parts(table, rules, page, number)
    parts = [p for p in parts if len(_columns_of([p])) >= 2]  # one column: a framed note, not a table
    boxes = [(p.x0, p.top, p.x1, p.bottom) for p in parts]

    def outside(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    lines = []
    for ln in page.filter(outside).extract_text_lines(return_chars=True):
        text = join_cjk(ln["text"])
        if text:
            sizes = [c["size"] for c in ln["chars"] if not c["text"].isspace()] or [0.0]
            lines.append(_Line(text, ln["x0"], ln["top"], ln["x1"], ln["bottom"], statistics.median(sizes), number))
    return _Page(number, page.width, page.height, parts, lines)


def _ruled_parts(table, rules: list[dict], page, number: int) -> list[_Part]:
    """The table's rows that have a visible rule beside them, as runs of consecutive rows."""
    texts = table.extract()
    runs: list[list[int]] = [[]]
    for i, row in enumerate(table.rows):
        if _ruled(row.bbox, rules):
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    parts = []
    for run in (r for r in runs if r):
        boxes = []
        for i in run:
            for box, text in zip(table.rows[i].cells, texts[i]):
                if box is not None:
                    boxes.append(_Box(box[0], box[1], box[2], box[3], join_cjk(text or "")))
        # A row's own height is its shortest cell's: a merged cell reaches into the rows below.
        rows = [(table.rows[i].bbox[1], min(c[3] for c in table.rows[i].cells if c is not None)) for i in run]
        x0 = min(b.x0 for b in boxes)
        x1 = max(b.x1 for b in boxes)
        parts.append(_Part(number, x0, rows[0][0], x1, rows[-1][1], rows, boxes, page))
    return parts


def _ruled(bbox: tuple[float, float, float, float], rules: list[dict]) -> bool:
    """A visible vertical rule runs along at least half the row's height inside its width."""
    x0, top, x1, bottom = bbox
    height = max(bottom - top, 1.0)
    for r in rules:
        if r["x1"] - r["x0"] > 2 * _TOL and r["bottom"] - r["top"] <= 2 * _TOL:
            continue  # a horizontal rule says nothing about prose between two rules
        if r["x1"] < x0 - _TOL or r["x0"] > x1 + _TOL:
            continue
        overlap = min(bottom, r["bottom"]) - max(top, r["top"])
        if overlap >= height / 2:
            return True
    return False


# ---------------------------------------------------------------- running headers, page numbers


def _drop_running_lines(pages: list[_Page], raw_pages) -> None:
    """Page numbers (`- 5 -`, `— 5 —`, `第5页`) and lines repeated at the top or bottom of pages."""

    def margin(page: _Page, line: _Line) -> bool:
        return line.bottom < page.height * 0.12 or line.top > page.height * 0.88

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text)

    repeated = Counter(k for p in pages for k in {key(ln) for ln in p.lines if margin(p, ln)})
    threshold = max(2, (len(pages) + 1) // 2)
    for page in pages:
        edge = {id(page.lines[0]), id(page.lines[-1])} if page.lines else set()
        page.lines = [
            ln
            for ln in page.lines
            if not ((margin(page, ln) or id(ln) in edge) and _PAGE_NUMBER.match(ln.text))
            and not (margin(page, ln) and len(pages) > 1 and repeated[key(ln)] >= threshold)
        ]


# ---------------------------------------------------------------- tables: grids across pages


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return out


def _columns_of(parts: list[_Part]) -> list[tuple[float, float]]:
    edges = _cluster([x for p in parts for b in p.boxes for x in (b.x0, b.x1)])
    return list(zip(edges, edges[1:]))


def _covering(part: _Part, x: float, y: float) -> _Box | None:
    for b in part.boxes:
        if b.x0 - 0.5 <= x <= b.x1 + 0.5 and b.top - 0.5 <= y <= b.bottom + 0.5:
            return b
    return None


def _part_grid(part: _Part, columns: list[tuple[float, float]]) -> list[list[_Box]]:
    """Each grid position's box: the cell box covering it, else a box of the text printed there."""
    grid = []
    for top, bottom in part.rows:
        row = []
        for x0, x1 in columns:
            box = _covering(part, (x0 + x1) / 2, (top + bottom) / 2)
            if box is None:
                # No ruled cell here (a rule missing at the page break): keep what is printed.
                text = (
                    part.page_obj.within_bbox((x0, top, x1, bottom), strict=False).extract_text()
                    if part.page_obj
                    else ""
                )
                box = _Box(x0, top, x1, bottom, join_cjk(text or ""))
                part.boxes.append(box)
            row.append(box)
        grid.append(row)
    return grid


def _continues(prev: _Part, nxt: _Part, pages: list[_Page]) -> bool:
    """`nxt` carries `prev` on: last thing on one page, first on the next, same outer edges."""
    if nxt.page != prev.page + 1:
        return False
    before, after = pages[prev.page - 1], pages[nxt.page - 1]
    if prev is not before.parts[-1] or nxt is not after.parts[0]:
        return False
    if any(ln.top > prev.bottom - _TOL for ln in before.lines) or any(ln.bottom < nxt.top + _TOL for ln in after.lines):
        return False
    return abs(prev.x0 - nxt.x0) <= 2 * _TOL and abs(prev.x1 - nxt.x1) <= 2 * _TOL


def _is_group_column(row: list[_Box], c: int) -> bool:
    """Column c holds a group label here: its own box, with a separate label box to its right."""
    box = row[c]
    if c + 1 >= len(row) or row[c + 1] is box:
        return False
    right = row[c + 1]
    return not _NUMERIC_CELL.match(right.text or "0") and bool(right.text)


def _stitch(prev_grid: list[list[_Box]], grid: list[list[_Box]]) -> None:
    """Carry group labels cut by the page break onto the continuation's first rows."""
    last, first = prev_grid[-1], grid[0]
    for c in reversed(range(len(first))):  # inner labels first: an outer one is a group when its inner one is
        up, down = last[c], first[c]
        if up is down or not up.text or _NUMERIC_CELL.match(up.text):
            continue
        if not (_is_group_column(last, c) and _is_group_column(first, c)):
            continue
        if not down.text:
            down.text = up.text  # a blank continuation of the merged label above
            down.copied, down.source = True, up
        elif not _ENUMERATOR.match(down.text) and _ENUMERATOR.match(up.text):
            up.text = join_cjk(up.text + down.text)  # `（四）无` + `法提供`
            down.text = up.text
            down.copied, down.source = True, up


def _tables(pages: list[_Page], warnings: list[str]) -> list[tuple[list[_Part], Table]]:
    """The pages' table parts joined across page breaks into grids; disagreements into `warnings`."""
    groups: list[list[_Part]] = []
    for page in pages:
        for part in page.parts:
            if groups and _continues(groups[-1][-1], part, pages):
                groups[-1].append(part)
            else:
                groups.append([part])
    out = []
    for parts in groups:
        columns = _columns_of(parts)
        grids = [_part_grid(p, columns) for p in parts]
        for before, after in zip(grids, grids[1:]):
            _stitch(before, after)
        rows: list[TableRow] = []
        printed: dict[int, tuple[int, int]] = {}  # id(box) -> (row, column) where it is printed
        for part, grid in zip(parts, grids):
            seen: set[int] = set()
            repeating = part is not parts[0]  # a continuation may print the header rows again
            for i, row in enumerate(grid):
                texts = [box.text for box in row]
                if repeating and i < len(rows) and any(texts) and texts == rows[i].texts:
                    seen.update(id(box) for box in row)
                    continue  # the header printed again on the next page
                repeating = False
                cells = []
                for j, box in enumerate(row):
                    copy = id(box) in seen or box.copied
                    seen.add(id(box))
                    if not copy:
                        printed[id(box)] = (len(rows), j)
                    origin = printed.get(id(box.source) if box.copied and box.source else id(box))
                    cells.append(Cell(box.text, spanned=copy, origin=origin if copy else None))
                doubt = _cross_check(part, row, part.rows[i])
                if doubt:
                    warnings.append(doubt)
                rows.append(TableRow(tuple(cells), Location(page=part.page), doubt=doubt))
        out.append((parts, Table(tuple(rows), Location(page=parts[0].page))))
    return out


# ---------------------------------------------------------------- prose


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for ln in (ln for p in pages for ln in p.lines):
        sizes[round(ln.size, 1)] += len(ln.text)  # by characters: the body is where the text is
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _title_lines(pages: list[_Page], body: float) -> list[_Line]:
    """The first page's title: consecutive lines printed larger than the body, of one size.

    A letterhead (…人民政府办公室文件) may come first in a larger size still: the group
    that names a report (报告) wins over it."""
    if not pages:
        return []
    groups: list[list[_Line]] = []
    previous: _Line | None = None
    for ln in pages[0].lines[:12]:
        if ln.size > body + 1.0 and not _SECTION.match(ln.text):
            if previous is not None and groups and abs(ln.size - groups[-1][0].size) <= 1.0:
                groups[-1].append(ln)
            else:
                groups.append([ln])
            previous = ln
        else:
            previous = None
    if not groups:
        return []
    named = [g for g in groups if "报告" in "".join(ln.text for ln in g)]
    return (named or groups)[0][:3]


def _blocks(pages: list[_Page], warnings: list[str]) -> list[Block]:
    """Title, headings, paragraphs and tables in reading order (page, then top to bottom)."""
    body = _body_size(pages)
    title = _title_lines(pages, body)
    tables = _tables(pages, warnings)
    starts = {id(parts[0]): table for parts, table in tables}
    items: list[tuple[int, float, _Part | _Line]] = []
    for page in pages:
        for part in page.parts:
            items.append((page.number, part.top, part))
        for ln in page.lines:
            items.append((page.number, ln.top, ln))
    items.sort(key=lambda t: (t[0], t[1]))

    blocks: list[Block] = []
    open_par: list[_Line] = []
    par_page = 0
    geometry = {p.number: _margins(p) for p in pages}

    def flush() -> None:
        nonlocal open_par
        if open_par:
            blocks.append(Paragraph(join_cjk("\n".join(ln.text for ln in open_par)), Location(page=par_page)))
        open_par = []

    if title:
        blocks.append(Heading(join_cjk("".join(ln.text for ln in title)), Location(page=1), level=1))
    title_ids = {id(ln) for ln in title}
    for number, _top, item in items:
        if isinstance(item, _Part):
            if id(item) in starts:
                flush()
                blocks.append(starts[id(item)])
            continue
        ln = item
        if id(ln) in title_ids:
            continue
        left, right, size = geometry[number]
        if _SECTION.match(ln.text) and len(ln.text) <= 30 and "。" not in ln.text:
            flush()
            blocks.append(Heading(ln.text, Location(page=number), level=2))
            continue
        if open_par:
            prev = open_par[-1]
            indented = ln.x0 > left + 1.5 * size
            prev_short = prev.x1 < geometry[prev.page][1] - 1.5 * size
            ended = prev.text[-1:] in _SENTENCE_END
            if indented or prev_short or (ended and _ENUMERATOR.match(ln.text)):
                flush()
        if not open_par:
            par_page = number
        open_par.append(ln)
    flush()
    return blocks


def _margins(page: _Page) -> tuple[float, float, float]:
    """Left edge, right edge and character size of the page's body text."""
    if not page.lines:
        return 0.0, page.width, 10.0
    lefts = Counter(round(ln.x0) for ln in page.lines)
    left = min(x for x, n in lefts.items() if n >= max(1, max(lefts.values()) // 3))
    right = max(ln.x1 for ln in page.lines)
    size = statistics.median(ln.size for ln in page.lines) or 10.0
    return float(left), right, size


# ---------------------------------------------------------------- hints


def _hints(pages: list[_Page], pdf) -> dict[str, str]:
    hints: dict[str, str] = {}
    body = _body_size(pages)
    title = _title_lines(pages, body)
    if title:
        hints["title"] = join_cjk("".join(ln.text for ln in title))
    info = _info_title(pdf)
    if info and "报告" in info and len(info) >= len(hints.get("title", "")):
        hints["title"] = info
    # The signature at the end: the issuing office on one line, the date on the next.
    tail = [ln for p in pages[-2:] for ln in p.lines][-6:]
    for i, ln in enumerate(tail):
        m = _DATE.fullmatch(ln.text) or (_DATE.search(ln.text) if len(ln.text) <= 16 else None)
        if m:
            hints["date"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if i and _ISSUER_LINE.match(tail[i - 1].text):
                hints["publisher"] = tail[i - 1].text
    for ln in (ln for p in pages for ln in p.lines):
        m = re.match(r"^(?:发布机构|发文机关|来源)[:：]\s*(\S+)", ln.text)
        if m and "publisher" not in hints:
            hints["publisher"] = m.group(1)
        m = re.match(r"^(?:发布日期|发布时间|成文日期)[:：]\s*(.+)", ln.text)
        if m and "date" not in hints and (d := _DATE.search(m.group(1))):
            hints["date"] = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    return hints


def _info_title(pdf) -> str | None:
    """The document info Title, decoded whatever the producer wrote (WPS writes UTF-16LE)."""
    try:
        raw = pdf.doc.info[0].get("Title") if pdf.doc.info else None
        from pdfminer.pdftypes import resolve1

        raw = resolve1(raw)
    except Exception:
        return None
    if isinstance(raw, bytes):
        for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
            if raw.startswith(bom):
                text = raw[2:].decode(codec, errors="ignore")
                break
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("gb18030", errors="ignore")
    elif isinstance(raw, str):
        text = raw
    else:
        return None
    text = join_cjk(text.replace("\x00", ""))
    return text if re.search(r"[\u4e00-\u9fff]{4}", text) else None


# ---------------------------------------------------------------- two readings must agree


def _cross_check(part: _Part, row: list[_Box], band: tuple[float, float]) -> str | None:
    """A numeric row's figures as the grid has them against the words printed along the row.

    The grid places characters by the cell boxes; the words are built from the characters'
    spacing alone. A cell box that cuts a number, or a number that straddles a rule, makes
    them differ: then the row is not stored on trust."""
    seen: set[int] = set()
    boxes = []
    for box in row:
        if id(box) not in seen and not box.copied:
            seen.add(id(box))
            boxes.append(box)
    numeric = [b for b in boxes if _NUMERIC_CELL.match(b.text)]
    if not numeric or part.page_obj is None:
        return None
    grid = [n.replace(",", "") for b in numeric for n in _NUMBER.findall(b.text)]
    top, bottom = band
    # To the page's edge: a figure printed across the table's outer rule belongs to the row too.
    area = (max(part.x0, numeric[0].x0 - 1), top, part.page_obj.width, bottom)
    words = part.page_obj.within_bbox(area, strict=False).extract_words(keep_blank_chars=False)
    words.sort(key=lambda w: w["x0"])
    printed = [n.replace(",", "") for w in words for n in _NUMBER.findall(w["text"])]
    if grid == printed:
        return None
    labels = [b.text for b in row if b.text and not _NUMERIC_CELL.match(b.text)]
    label = f"row {labels[-1]}" if labels else f"row {part.rows.index(band) + 1} of the table part on this page"
    return (
        f"p. {part.page}: {label}: the table grid reads {' '.join(grid)} but the page's text reads "
        f"{' '.join(printed) or 'nothing'}; the row's figures are in doubt and not stored"
    )
