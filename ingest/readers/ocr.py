"""Page images → Document blocks, by OCR (RapidOCR: PP-OCRv4 models shipped in its wheel).

Used for PDF pages without a text layer (`pdf.py` hands them here), image files
(`image.py`) and images inside other documents. For each page image:

1. turned upright: a page lying on its side (text boxes taller than wide) is turned 90°,
   and upside-down text (the direction classifier on its lines) 180°;
2. deskewed by the median slant of its text boxes;
3. read: text boxes (det + rec), and the ruling lines (morphology) that make the grids
   of `ingest.ocr_grid`;
4. every figure cell read twice — its box as found on the page and the cell cropped
   alone — and kept only when both readings agree with confidence; otherwise its text
   marked unsure with what was seen (`ingest.unsure`), which no cell parser takes for a number;
5. table rows marked `unconfirmed`: the template mapper keeps OCR'd figures only where
   the template's sums confirm them (a confident misreading, 9 read as 6, happens).
"""
from __future__ import annotations

import functools
import io
import math
import re
import statistics

import numpy as np

from ..document import Block, Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ..model import IngestError
from ..unsure import is_unsure, unsure_text
from ..ocr_grid import Box, Grid, Segment, find_grids, lines_of, place
from .pdf import join_cjk

MIN_SCORE = 0.8  # a reading below this confidence is no reading
_NUMERIC = re.compile(r"^[+\-−增减]?\d[\d,]*(?:\.\d+)?$")
# Letters OCR puts for digits; used only when every other character of the cell is a digit.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1",
                                   "S": "5", "s": "5", "B": "8"})
_LOOKALIKE_CELL = re.compile(r"^[\dOo〇lI|SsB]+$")
_LETTERS = re.compile(r"[A-Za-z0-9|]{1,4}")
_PAGE_NUMBER = re.compile(r"^[\s\-—–－―~_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?[\s\-—–－―~_·•]*$")
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")


@functools.lru_cache(maxsize=1)
def _engine():
    """The OCR engine, loaded once per process (models ship in the wheel: nothing is fetched)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as e:
        raise IngestError(f"OCR is not installed ({e.name} missing): cannot read scanned pages") from None
    return RapidOCR()


def _rgb(gray: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.stack([gray] * 3, axis=-1))


# ---------------------------------------------------------------- upright and straight

def _det_boxes(gray: np.ndarray, limit: int = 1100) -> list[np.ndarray]:
    """Text boxes (quads) found on a reduced copy, in the copy's full-size coordinates."""
    import cv2

    factor = min(1.0, limit / max(gray.shape))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    found, _ = _engine()(_rgb(small), use_det=True, use_cls=False, use_rec=False)
    return [np.array(q, dtype=float) / factor for q in (found or [])]


def _rotate(gray: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned counter-clockwise by `degrees`, on white, the canvas grown to fit."""
    import cv2

    if degrees % 360 == 0:
        return gray
    if degrees % 90 == 0:
        return np.ascontiguousarray(np.rot90(gray, int(degrees // 90) % 4))
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


def _upside_down(gray: np.ndarray, quads: list[np.ndarray]) -> bool:
    """Most of the widest lines read upside down, by the engine's direction classifier."""
    crops = []
    for q in sorted(quads, key=lambda q: -(q[:, 0].max() - q[:, 0].min()))[:24]:
        x0, y0 = np.maximum(q.min(axis=0).astype(int), 0)
        x1, y1 = q.max(axis=0).astype(int)
        if x1 - x0 > 2 * (y1 - y0) > 0:
            crops.append(_rgb(gray[y0:y1, x0:x1]))
    if not crops:
        return False
    _, labels, _ = _engine().text_cls(crops)
    flipped = sum(1 for label, score in labels if label == "180" and score >= 0.9)
    return flipped > len(crops) / 2


def upright(gray: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The page turned so its text runs left to right, top to bottom, and deskewed."""
    notes: list[str] = []
    quads = _det_boxes(gray)
    sizes = [(q[:, 0].max() - q[:, 0].min(), q[:, 1].max() - q[:, 1].min()) for q in quads]
    tall = sum(1 for w, h in sizes if h > 2 * w)
    wide = sum(1 for w, h in sizes if w > 2 * h)
    if tall > wide:
        gray = _rotate(gray, 90)
        quads = _det_boxes(gray)
        notes.append("the page lies on its side: turned 90°")
    if _upside_down(gray, quads):
        gray = _rotate(gray, 180)
        size = np.array([[gray.shape[1], gray.shape[0]]])
        quads = [(size - q)[[2, 3, 0, 1]] for q in quads]  # corners keep their order
        notes.append("the page is upside down: turned 180°")
    angle = _skew(quads)
    if abs(angle) >= 0.15:
        gray = _rotate(gray, angle)
        notes.append(f"deskewed by {angle:.1f}°")
    return gray, notes


def _skew(quads: list[np.ndarray]) -> float:
    """The median slant (degrees, counter-clockwise positive) of the long text boxes."""
    angles = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]  # top-left → top-right
        if x1 - x0 > 3 * abs(q[3][1] - q[0][1]) and x1 > x0:
            angles.append(math.degrees(math.atan2(y0 - y1, x1 - x0)))
    return -statistics.median(angles) if len(angles) >= 3 else 0.0


# ---------------------------------------------------------------- rules and text

def rules(gray: np.ndarray) -> tuple[list[Segment], list[Segment], float]:
    """Horizontal and vertical ruling lines, and the tolerance (px) for "the same line"."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h, w = gray.shape
    length = max(20, min(h, w) // 30)  # longer than any character's stroke
    out = []
    for kernel, horizontal in (((length, 1), True), ((1, length), False)):
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))  # bridge JPEG gaps and noise in a rule
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        segs = []
        for x, y, bw, bh, _area in stats[1:n]:
            if horizontal and bw >= length:
                segs.append(Segment(y + bh / 2, float(x), float(x + bw)))
            elif not horizontal and bh >= length:
                segs.append(Segment(x + bw / 2, float(y), float(y + bh)))
        out.append(segs)
    return out[0], out[1], max(4.0, min(h, w) / 250)


def recognise(gray: np.ndarray) -> list[Box]:
    """Every text box on the page with its reading and confidence (none filtered out)."""
    found, _ = _engine()(_rgb(gray), text_score=0.0)
    boxes = []
    for quad, text, score in found or []:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip(), float(score)))
    return boxes


def _recognise_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    if not crops:
        return []
    results, _ = _engine().text_rec([_rgb(c) for c in crops])
    return [(str(r[0]).strip(), float(r[1])) for r in results]


def as_number(text: str) -> str | None:
    """A figure's text with digit look-alikes corrected, when that is unambiguous; None
    when the text is not a figure."""
    flat = re.sub(r"(?<=\D)\s+|\s+(?=\D)", "", text.strip()).replace("，", ",")  # `1 2` stays two figures
    if _NUMERIC.match(flat):
        return flat
    if _LOOKALIKE_CELL.match(flat) and any(c.isdigit() for c in flat) or flat in ("O", "o", "〇"):
        return flat.translate(_DIGIT_LOOKALIKES)  # a letter among digits: 1O → 10, lS → 15
    return None


# ---------------------------------------------------------------- cells: two readings

def _interior(gray: np.ndarray, grid: Grid, k: int, inset: int) -> np.ndarray:
    cell = grid.cells[k]
    x0, x1 = int(grid.xs[cell.col]) + inset, int(grid.xs[cell.col + cell.cols]) - inset
    y0, y1 = int(grid.ys[cell.row]) + inset, int(grid.ys[cell.row + cell.rows]) - inset
    return gray[max(y0, 0):max(y1, y0 + 1), max(x0, 0):max(x1, x0 + 1)]


def _has_ink(crop: np.ndarray) -> bool:
    """Something printed in a cell's interior (more than JPEG specks)."""
    import cv2

    if crop.size == 0:
        return False
    # No blur: a 1 printed at 120 dpi is a stroke 1–2 px wide. Grain and JPEG ringing stay light.
    dark = crop < 100
    return int(dark.sum()) >= max(8, crop.size // 2000)


def _glyphs(crop: np.ndarray) -> np.ndarray:
    """The printed part of a cell's crop: rule remnants at its edges trimmed, then cut to
    the ink's bounding box (the recogniser misreads a rule's stub as a 1 or a 7)."""
    import cv2

    dark = crop < 110
    top, left, bottom, right = 0, 0, dark.shape[0], dark.shape[1]
    while bottom - top > 4 and dark[top, left:right].mean() > 0.4:
        top += 1
    while bottom - top > 4 and dark[bottom - 1, left:right].mean() > 0.4:
        bottom -= 1
    while right - left > 4 and dark[top:bottom, left].mean() > 0.4:
        left += 1
    while right - left > 4 and dark[top:bottom, right - 1].mean() > 0.4:
        right -= 1
    ys, xs = np.nonzero(dark[top:bottom, left:right])
    if len(ys) == 0:
        return crop[top:bottom, left:right]
    y0, y1 = top + max(ys.min() - 2, 0), top + ys.max() + 3
    x0, x1 = left + max(xs.min() - 2, 0), left + xs.max() + 3
    return crop[y0:y1, x0:x1]


def _padded(crop: np.ndarray) -> np.ndarray:
    """A cell's glyphs on a white margin, scaled to ~32 px high (the recogniser reads 48 px lines)."""
    import cv2

    crop = _glyphs(crop)
    if crop.size and crop.shape[0] != 32:
        f = 32 / crop.shape[0]
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA)
    return cv2.copyMakeBorder(crop, 8, 8, 12, 12, cv2.BORDER_CONSTANT, value=255)


def _agree(first: tuple[str | None, float] | None, second: tuple[str | None, float]) -> str:
    """A figure cell's text from its two readings (the page's box, the cell alone)."""
    readings = [r for r in (first, second) if r is not None and r[0] is not None]
    values = {r[0] for r in readings}
    best = max((r[1] for r in readings), default=0.0)
    if len(values) == 1 and (best >= MIN_SCORE if len(readings) == 2 else best >= 0.9):
        return values.pop()
    return unsure_text([(r[0], r[1]) for r in readings if r[0] is not None])


def read_cells(gray: np.ndarray, grid: Grid, tol: float) -> dict[int, str]:
    """Each printed cell's text. A figure cell (or an empty-looking cell with ink in it) is
    read a second time, cropped alone, and the readings must agree (`_agree`)."""
    inset = int(tol) + 1
    texts: dict[int, str] = {}
    figures: list[int] = []
    for k, cell in enumerate(grid.cells):
        text = "\n".join(join_cjk(" ".join(b.text for b in ln)) for ln in lines_of(cell.boxes))
        texts[k] = text
        numbers = [as_number(b.text) for b in cell.boxes]
        if len(cell.boxes) > 1 and cell.cols > 1 and all(n is not None for n in numbers):
            # Figures in a cell across columns: a rule is lost (or never printed) between
            # them, and which column each belongs to is not certain.
            texts[k] = unsure_text([(" ".join(n for n in numbers if n), min(b.score for b in cell.boxes))])
        elif len(cell.boxes) == 1 and numbers[0] is not None:
            figures.append(k)
        elif cell.rows == cell.cols == 1 and _LETTERS.fullmatch("".join(b.text for b in cell.boxes)):
            figures.append(k)  # a figure misread as letters (0 as D): the cell alone decides
        elif not cell.boxes and cell.rows == 1 and cell.cols == 1 and _has_ink(_interior(gray, grid, k, inset)):
            figures.append(k)  # the page's pass saw nothing here, yet something is printed
    crops = [_padded(_interior(gray, grid, k, inset)) for k in figures]
    for k, (text, score) in zip(figures, _recognise_crops(crops)):
        boxes = grid.cells[k].boxes
        if not boxes and as_number(text) is None and score >= MIN_SCORE and re.search(r"[\u4e00-\u9fff]", text):
            texts[k] = text  # words the page's pass missed (a label), not a figure
            continue
        first = (as_number(boxes[0].text), boxes[0].score) if boxes else None
        texts[k] = _agree(first, (as_number(text), score))
    return texts


def _where(box: tuple[float, float, float, float], scale: float, unit: str) -> str:
    """Where on the page image a block was read: its box, in PDF points or image pixels;
    `unit` may name the picture first (`paragraph 3, picture 1: px`)."""
    return "OCR box " + ",".join(f"{v * scale:.0f}" for v in box) + f" {unit}"


def grid_table(grid: Grid, texts: dict[int, str], page: int | None, scale: float, unit: str) -> Table:
    """A grid as a Table: merged cells copied into every position they cover (spanned)."""
    rows = []
    for i in range(len(grid.ys) - 1):
        cells = []
        for j in range(len(grid.xs) - 1):
            k = grid.owner[(i, j)]
            c = grid.cells[k]
            own = (c.row, c.col) == (i, j)
            cells.append(Cell(texts[k]) if own else Cell(texts[k], spanned=True, origin=(c.row, c.col)))
        where = _where((grid.xs[0], grid.ys[i], grid.xs[-1], grid.ys[i + 1]), scale, unit)
        rows.append(TableRow(tuple(cells), Location(page=page, element=where), unconfirmed=True))
    return Table(tuple(rows), Location(page=page, element=_where(grid.bbox, scale, unit)))


# ---------------------------------------------------------------- prose and pages

def _figure_cells(ln: list[Box]) -> list[str] | None:
    """A line whose last boxes hold only figures (a row of a table printed without rules):
    its label and each figure; None for prose (a sentence's number shares its box)."""
    k = len(ln)
    while k and all(as_number(t) is not None for t in ln[k - 1].text.split()):
        k -= 1
    label = join_cjk(" ".join(b.text for b in ln[:k]))
    figures = [t for b in ln[k:] for t in b.text.split()]
    if not figures or (not label and len(figures) < 2):
        return None  # no figure, or a number alone on its line
    return ([label] if label else []) + figures


def _line_box(lines: list[list[Box]]) -> tuple[float, float, float, float]:
    return (min(b.x0 for ln in lines for b in ln), min(b.top for b in lines[0]),
            max(b.x1 for ln in lines for b in ln), max(b.bottom for b in lines[-1]))


def _borderless_tables(lines: list[list[Box]], page: int | None, scale: float,
                       unit: str) -> tuple[list[tuple[float, Block]], list[list[Box]]]:
    """Runs of figure lines as tables of unconfirmed rows (their figures, like any OCR'd
    table's, stand only where the template's sums confirm them; as prose they would be
    trusted), with label lines between them as label rows; the other lines."""
    out: list[tuple[float, Block]] = []
    rest: list[list[Box]] = []
    run: list[TableRow] = []
    top = 0.0
    pending: list[list[Box]] = []  # label lines after a figure line: rows if figures follow
    for ln in lines + [[]]:
        cells = _figure_cells(ln) if ln else None
        if cells is None and run and ln and len(pending) < 2:
            pending.append(ln)
            continue
        if cells is not None:
            for p in pending if run else ():
                run.append(TableRow((Cell(join_cjk(" ".join(b.text for b in p))),),
                                    Location(page=page, element=_where(_line_box([p]), scale, unit)), unconfirmed=True))
            rest += [] if run else pending
            pending = []
            where = Location(page=page, element=_where(_line_box([ln]), scale, unit))
            top = top if run else _line_box([ln])[1]
            run.append(TableRow(tuple(Cell(c) for c in cells), where, unconfirmed=True))
            continue
        if run:
            out.append((top, Table(tuple(run), run[0].location)))
            run = []
        rest += pending + ([ln] if ln else [])
        pending = []
    return out, rest


def _prose(lines: list[list[Box]], height: int, page: int | None, scale: float,
           unit: str) -> list[tuple[float, Block]]:
    """Text lines outside tables as headings and paragraphs (a paragraph ends at a short
    line or before an indented one), page numbers in the margins dropped; runs of lines
    that end in figures as borderless tables."""
    lines = [ln for ln in lines if not (_PAGE_NUMBER.match("".join(b.text for b in ln))
                                        and not height * 0.1 < ln[0].cy < height * 0.9)]
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
            out.append((box[1], Heading(text, Location(page=page, element=_where(box, scale, unit)),
                                        level=1 if tall else 2)))
            continue
        if group and (ln[0].x0 > left + 1.5 * size or group[-1][-1].x1 < right - 1.5 * size):
            flush()
        group.append(ln)
    flush()
    return out


def read_page(gray: np.ndarray, page: int | None, scale: float = 1.0,
              unit: str = "px") -> tuple[list[Block], list[str]]:
    """One page image (grayscale) as blocks in reading order, and what was noticed."""
    gray, notes = upright(gray)
    boxes = recognise(gray)
    hs, vs, tol = rules(gray)
    heights = [b.bottom - b.top for b in boxes if b.score >= 0.5]
    # No row is lower than most characters, no column narrower than half of one.
    grids = find_grids(hs, vs, tol, min_gap=0.6 * statistics.median(heights) if heights else 0.0,
                       size=(gray.shape[1], gray.shape[0]))
    rest = boxes
    for grid in grids:
        rest = place(grid, rest)
    items: list[tuple[float, Block]] = []
    unsure = 0
    for grid in grids:
        texts = read_cells(gray, grid, tol)
        unsure += sum(1 for t in texts.values() if is_unsure(t))
        items.append((grid.ys[0], grid_table(grid, texts, page, scale, unit)))
    prose = [b for b in rest if b.score >= 0.5 and b.text]  # fainter boxes are specks, not prose
    items += _prose(lines_of(prose), gray.shape[0], page, scale, unit)
    where = f"p. {page}: " if page is not None else ""
    warnings = [where + n for n in notes]
    if unsure:
        warnings.append(f"{where}{unsure} table cell(s) could not be read with confidence by OCR: kept only where the template's sums decide them")
    items.sort(key=lambda t: t[0])
    return [b for _, b in items], warnings


def gray_of(image) -> np.ndarray:
    """A PIL image as an 8-bit grayscale array (transparency on white), at most MAX_SIDE px."""
    from PIL import Image

    if max(image.size) > MAX_SIDE:
        f = MAX_SIDE / max(image.size)
        image = image.resize((max(1, int(image.width * f)), max(1, int(image.height * f))))
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        canvas = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(canvas, image)
    return np.ascontiguousarray(np.asarray(image.convert("L")))


# ---------------------------------------------------------------- whole documents

PDF_DPI = 150  # renders a scan's table figures ~25 px high: readable, ~12 s a page on one core
MAX_PAGES = 60  # OCR takes seconds a page: a longer scan is no annual report
MAX_SIDE = 4000  # px: a larger page or image is read reduced (memory; the recogniser reads 48 px lines)


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
        raise IngestError(f"scanned PDF: no text layer on its {len(pages)} page(s), and OCR found no text "
                          "on them (blank pages, or a scan too faint or too coarse to read)")
    return Document(blocks, "pdf", hints=_hints(blocks), warnings=warnings, pages=len(pages))


def _any_text(blocks: list[Block]) -> bool:
    return any(b.text.strip() if not isinstance(b, Table) else any(c.text for r in b.rows for c in r.cells)
               for b in blocks)


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
