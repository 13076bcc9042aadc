"""Page images → Document blocks, by OCR.

Used for PDF pages without a text layer (`pdf.py` hands them here), image files
(`image.py`), pictures in Word files (`docx.py`) and in web pages (`html.py`). For each
page image (`ingest.ocr_scan`): turned upright and deskewed, its text boxes and ruling
lines found; the rules make grids (`ingest.ocr_grid`), whose figure cells are read twice
(`ingest.ocr_cells`); lines outside them are prose, or rows of a table printed without
rules when they end in figures. Every table row is `unconfirmed`: the template mapper keeps
OCR'd figures only where the template's sums confirm them (a confident misreading, 9 read
as 6, happens).
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Set as AbstractSet

import numpy as np

from .. import limits
from ..document import Block, Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ..model import IngestError
from ..ocr_cells import as_number, ink_checked, read_cells
from ..ocr_grid import Box, Grid, find_grids, lines_of, place
from ..ocr_scan import MAX_SIDE, gray_of, recognise, rules, upright
from ..unsure import is_unsure
from .pdf import join_cjk

_PAGE_NUMBER = re.compile(r"^[\s\-—–－―~_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?[\s\-—–－―~_·•]*$")
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")


# ---------------------------------------------------------------- blocks


def _where(box: tuple[float, float, float, float], scale: float, unit: str) -> str:
    """Where on the page image a block was read: its box, in PDF points or image pixels;
    `unit` may name the picture it is in (`px of the picture in paragraph 3`)."""
    return "OCR box " + ",".join(f"{v * scale:.0f}" for v in box) + f" {unit}"


def grid_table(
    grid: Grid,
    texts: dict[int, str],
    page: int | None,
    scale: float,
    unit: str,
    checked: AbstractSet[int] = frozenset(),
) -> Table:
    """A grid as a Table: merged cells copied into every position they cover (spanned); a
    row is `ink_checked` when each of its figure cells is in `checked`."""
    rows = []
    for i in range(len(grid.ys) - 1):
        cells = []
        for j in range(len(grid.xs) - 1):
            k = grid.owner[(i, j)]
            c = grid.cells[k]
            own = (c.row, c.col) == (i, j)
            cells.append(Cell(texts[k]) if own else Cell(texts[k], spanned=True, origin=(c.row, c.col)))
        where = _where((grid.xs[0], grid.ys[i], grid.xs[-1], grid.ys[i + 1]), scale, unit)
        in_row = {grid.owner[(i, j)] for j in range(len(grid.xs) - 1)}
        figures = [k for k in in_row if as_number(texts[k]) is not None or is_unsure(texts[k])]
        ink = bool(figures) and all(k in checked for k in figures)
        rows.append(TableRow(tuple(cells), Location(page=page, element=where), unconfirmed=True, ink_checked=ink))
    return Table(tuple(rows), Location(page=page, element=_where(grid.bbox, scale, unit)))


def _figure_boxes(ln: list[Box]) -> tuple[str, list[Box]] | None:
    """A line whose last boxes hold only figures (a row of a table printed without rules):
    its label and its figure boxes; None for prose (a sentence's number shares its box)."""
    k = len(ln)
    while k and all(as_number(t) is not None for t in ln[k - 1].text.split()):
        k -= 1
    label = join_cjk(" ".join(b.text for b in ln[:k]))
    boxes = ln[k:]
    if not boxes or (not label and sum(len(b.text.split()) for b in boxes) < 2):
        return None  # no figure, or a number alone on its line
    return label, boxes


def _aligned(rows: list[tuple[str, list[Box]]]) -> list[list[str]]:
    """Each row's cells: its label, then its figures put in the columns the fullest row's
    figures mark (a blank cell left blank, not closed up), when every figure sits clearly
    under one column; else in the order printed (the mapper then places them or not)."""
    widest = max((boxes for _, boxes in rows), key=len)
    centres = [b.cx for b in widest]
    gap = min((b - a for a, b in zip(centres, centres[1:])), default=0.0)
    out = []
    for label, boxes in rows:
        slots: list[str] | None = [""] * len(centres)
        for b in boxes:
            j = min(range(len(centres)), key=lambda i: abs(centres[i] - b.cx))
            if slots is None or len(b.text.split()) != 1 or abs(centres[j] - b.cx) > gap / 3 or slots[j]:
                slots = None
                break
            slots[j] = b.text.strip()
        figures = slots if slots is not None and gap else [t for b in boxes for t in b.text.split()]
        out.append(([label] if label else []) + figures)
    return out


def _line_box(lines: list[list[Box]]) -> tuple[float, float, float, float]:
    return (
        min(b.x0 for ln in lines for b in ln),
        min(b.top for b in lines[0]),
        max(b.x1 for ln in lines for b in ln),
        max(b.bottom for b in lines[-1]),
    )


def _borderless_tables(
    lines: list[list[Box]], page: int | None, scale: float, unit: str
) -> tuple[list[tuple[float, Block]], list[list[Box]]]:
    """Runs of figure lines as tables of unconfirmed rows (their figures, like any OCR'd
    table's, stand only where the template's sums confirm them; as prose they would be
    trusted), with up to two label lines between them as label rows; the other lines."""
    out: list[tuple[float, Block]] = []
    rest: list[list[Box]] = []
    run: list[tuple[list[Box], tuple[str, list[Box]]]] = []  # (line, (label, figure boxes))
    pending: list[list[Box]] = []  # label lines after a figure line: rows if figures follow
    for ln in lines + [[]]:
        found = _figure_boxes(ln) if ln else None
        if found is None and run and ln and len(pending) < 2:
            pending.append(ln)
            continue
        if found is not None:
            if run:
                run += [(p, (join_cjk(" ".join(b.text for b in p)), [])) for p in pending]
            else:
                rest += pending
            pending = []
            run.append((ln, found))
            continue
        if run:
            out.append(_borderless_table(run, page, scale, unit))
            run = []
        rest += pending + ([ln] if ln else [])
        pending = []
    return out, rest


def _borderless_table(
    run: list[tuple[list[Box], tuple[str, list[Box]]]], page: int | None, scale: float, unit: str
) -> tuple[float, Block]:
    """One run of lines as a table, with its top (px)."""
    with_figures = [(i, found) for i, (_, found) in enumerate(run) if found[1]]
    cells = dict(zip((i for i, _ in with_figures), _aligned([found for _, found in with_figures])))
    rows = []
    for i, (ln, (label, _)) in enumerate(run):
        where = Location(page=page, element=_where(_line_box([ln]), scale, unit))
        rows.append(TableRow(tuple(Cell(c) for c in cells.get(i, [label])), where, unconfirmed=True))
    return _line_box([run[0][0]])[1], Table(tuple(rows), rows[0].location)


def _prose(lines: list[list[Box]], height: int, page: int | None, scale: float, unit: str) -> list[tuple[float, Block]]:
    """Text lines outside tables as headings and paragraphs (a paragraph ends at a short
    line or before an indented one), page numbers in the margins dropped; runs of lines
    that end in figures as borderless tables."""
    lines = [
        ln
        for ln in lines
        if not (_PAGE_NUMBER.match("".join(b.text for b in ln)) and not height * 0.1 < ln[0].cy < height * 0.9)
    ]
    if not lines:
        return []
    out, lines = _borderless_tables(lines, page, scale, unit)
    if not lines:
        return out
    left = min(ln[0].x0 for ln in lines)
    right = max(ln[-1].x1 for ln in lines)
    size = statistics.median(b.bottom - b.top for ln in lines for b in ln)
    group: list[list[Box]] = []

    def flush() -> None:
        if group:
            text = join_cjk("\n".join(" ".join(b.text for b in ln) for ln in group))
            box = _line_box(group)
            out.append((box[1], Paragraph(text, Location(page=page, element=_where(box, scale, unit)))))
            group.clear()

    for ln in lines:
        text = join_cjk(" ".join(b.text for b in ln))
        box = _line_box([ln])
        tall = box[3] - box[1] > 1.4 * size
        if (_SECTION.match(text) and len(text) <= 30) or tall:
            flush()
            out.append(
                (box[1], Heading(text, Location(page=page, element=_where(box, scale, unit)), level=1 if tall else 2))
            )
            continue
        if group and (ln[0].x0 > left + 1.5 * size or group[-1][-1].x1 < right - 1.5 * size):
            flush()
        group.append(ln)
    flush()
    return out


def read_page(
    gray: np.ndarray, page: int | None, scale: float = 1.0, unit: str = "px"
) -> tuple[list[Block], list[str]]:
    """One page image (grayscale) as blocks in reading order, and what was noticed."""
    limits.ocr_page()  # the file's time limits grow by a page of OCR
    gray, notes = upright(gray)
    boxes = recognise(gray)
    hs, vs, tol = rules(gray)
    heights = [b.bottom - b.top for b in boxes if b.score >= 0.5]
    # No row is lower than most characters, no column narrower than half of one.
    grids = find_grids(
        hs, vs, tol, min_gap=0.6 * statistics.median(heights) if heights else 0.0, size=(gray.shape[1], gray.shape[0])
    )
    rest = boxes
    for grid in grids:
        rest = place(grid, rest)
    items: list[tuple[float, Block]] = []
    unsure = 0
    for grid in grids:
        texts = read_cells(gray, grid, tol)
        unsure += sum(1 for t in texts.values() if is_unsure(t))
        items.append((grid.ys[0], grid_table(grid, texts, page, scale, unit, ink_checked(gray, grid, texts))))
    prose = [b for b in rest if b.score >= 0.5 and b.text]  # fainter boxes are specks, not prose
    items += _prose(lines_of(prose), gray.shape[0], page, scale, unit)
    where = f"p. {page}: " if page is not None else ""
    warnings = [where + n for n in notes]
    if unsure:
        warnings.append(
            f"{where}{unsure} table cell(s) could not be read with confidence by OCR: kept only where the template's sums decide them"
        )
    items.sort(key=lambda t: t[0])
    return [b for _, b in items], warnings


# ---------------------------------------------------------------- whole documents

PDF_DPI = 150  # renders a scan's table figures ~25 px high: readable, ~12 s a page on one core
MAX_PAGES = 60  # OCR takes seconds a page: a longer scan is no annual report


def _pdf_page(page, number: int) -> tuple[list[Block], list[str]]:
    """One pdfplumber page rendered and read by OCR; locations in PDF points."""
    dpi = min(PDF_DPI, _native_dpi(page), MAX_SIDE * 72 / max(float(page.width), float(page.height), 1.0))
    image = page.to_image(resolution=dpi).original
    return read_page(gray_of(image), number, scale=72 / dpi, unit="pt")


MIN_PICTURE = 300  # px on the longer side: smaller pictures are logos, seals and icons, not pages
MAX_PICTURES = 20


def pictures(blobs: list[tuple[bytes, str]]) -> tuple[list[Block], list[str]]:
    """Pictures inside a document (a table pasted as a scan into Word), each read by OCR;
    `blobs`: (image bytes, where it sits, e.g. "paragraph 12")."""
    from PIL import Image

    blocks: list[Block] = []
    warnings: list[str] = []
    for data, where in blobs[:MAX_PICTURES]:
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except Exception:
            continue  # a format Pillow cannot decode (EMF, WMF): no text to read from it here
        if max(image.size) < MIN_PICTURE:
            continue
        got, notes = read_page(gray_of(image), None, unit=f"px of the picture in {where}")
        blocks += got
        warnings += [f"{where}: a picture read by OCR"] + [f"{where}: {n}" for n in notes]
    return blocks, warnings


def _native_dpi(page) -> float:
    """The resolution of the page's largest image as placed (a scan at 120 dpi is not read
    better at 150, only slower); never under 100."""
    best = None
    for im in page.images:
        width_pt = float(im["x1"]) - float(im["x0"])
        src = im.get("srcsize") or (0, 0)
        if width_pt > 0 and src[0] and (best is None or width_pt > best[0]):
            best = (width_pt, src[0] * 72 / width_pt)
    return max(100.0, best[1]) if best else float(PDF_DPI)


def data_uri_picture(uri: str, where: str) -> tuple[list[Block], list[str]]:
    """A picture written into a web page as a data: URI (base64), read by OCR."""
    import base64
    import binascii

    head, _, body = uri.partition(",")
    if ";base64" not in head:
        return [], []
    try:
        data = base64.b64decode(body, validate=False)
    except (binascii.Error, ValueError):
        return [], [f"{where}: a picture whose data is damaged: not read"]
    return pictures([(data, where)])


def with_scanned_pages(blocks: list[Block], pages, warnings: list[str]) -> list[Block]:
    """A text PDF's blocks with its pages that carry only images (scanned, pasted in) read by
    OCR and put in their place, by page."""
    scanned = [n for n, p in enumerate(pages, 1) if not p.chars and p.images][:MAX_PAGES]
    out = list(blocks)
    for number in scanned:
        got, notes = _pdf_page(pages[number - 1], number)
        at = next((i for i, b in enumerate(out) if (b.location.page or 0) > number), len(out))
        out[at:at] = got
        warnings += [f"p. {number}: no text layer; read by OCR"] + notes
    return out


def read_pdf_pages(pages) -> Document:
    """A PDF without a text layer (pdfplumber pages), page by page through OCR."""
    if len(pages) > MAX_PAGES:
        raise IngestError(f"scanned PDF of {len(pages)} pages: no text layer, and OCR reads at most {MAX_PAGES}")
    blocks: list[Block] = []
    warnings = [f"scanned PDF: no text layer on its {len(pages)} page(s); read by OCR"]
    for number, page in enumerate(pages, 1):
        got, notes = _pdf_page(page, number)
        blocks += got
        warnings += notes
    if not _any_text(blocks):
        raise IngestError(
            f"scanned PDF: no text layer on its {len(pages)} page(s), and OCR found no text "
            "on them (blank pages, or a scan too faint or too coarse to read)"
        )
    return Document(blocks, "pdf", hints=_hints(blocks), warnings=warnings, pages=len(pages))


def _any_text(blocks: list[Block]) -> bool:
    return any(
        b.text.strip() if not isinstance(b, Table) else any(c.text for r in b.rows for c in r.cells) for b in blocks
    )


def read_images(images: list, fmt: str) -> Document:
    """Image files' frames (PIL images), one page each, through OCR."""
    blocks: list[Block] = []
    warnings: list[str] = ["image file: read by OCR"]
    many = len(images) > 1
    for number, image in enumerate(images, 1):
        got, notes = read_page(gray_of(image), number if many else None)
        blocks += got
        warnings += notes
    if not _any_text(blocks):
        raise IngestError("image: OCR found no text in it (a blank page, or a scan too faint or too coarse to read)")
    return Document(blocks, fmt, hints=_hints(blocks), warnings=warnings, pages=len(images) if many else None)


def _hints(blocks: list[Block]) -> dict[str, str]:
    """The title: the first large heading that names a report."""
    for b in blocks[:8]:
        if isinstance(b, Heading) and b.level == 1 and "报告" in b.text:
            return {"title": b.text}
    return {}
