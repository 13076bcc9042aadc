"""Table cells of a scan read twice: once in the page's pass, once cropped alone.

A figure cell keeps its figure only when its readings agree with confidence; otherwise its
text is marked unsure with what was seen (`ingest.unsure`), for the template's sums to
decide. Digit look-alikes (O/0, l/1, S/5, B/8) are corrected only among digits.
"""

from __future__ import annotations

import re

import numpy as np

from .ocr_glyphs import agrees, zeros_pattern
from .ocr_grid import Grid, lines_of
from .ocr_scan import recognise_crops
from .readers.pdf import join_cjk
from .unsure import unsure_text

MIN_SCORE = 0.8  # two agreeing readings need this confidence; one alone needs 0.9
_NUMERIC = re.compile(r"^[+\-−增减]?\d[\d,]*(?:\.\d+)?$")
# Letters OCR puts for digits; used only when every other character of the cell is a digit.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "S": "5", "s": "5", "B": "8"}
)
_LOOKALIKE_CELL = re.compile(r"^[\dOo〇lI|SsB]+$")
_LETTERS = re.compile(r"[A-Za-z0-9|]{1,4}")


def as_number(text: str) -> str | None:
    """A figure's text with digit look-alikes corrected, when that is unambiguous; None
    when the text is not a figure."""
    flat = re.sub(r"(?<=\D)\s+|\s+(?=\D)", "", text.strip()).replace("，", ",")  # `1 2` stays two figures
    if _NUMERIC.match(flat):
        return flat
    if _LOOKALIKE_CELL.match(flat) and any(c.isdigit() for c in flat) or flat in ("O", "o", "〇"):
        return flat.translate(_DIGIT_LOOKALIKES)  # a letter among digits: 1O → 10, lS → 15
    return None


def _interior(gray: np.ndarray, grid: Grid, k: int, inset: int) -> np.ndarray:
    cell = grid.cells[k]
    x0, x1 = int(grid.xs[cell.col]) + inset, int(grid.xs[cell.col + cell.cols]) - inset
    y0, y1 = int(grid.ys[cell.row]) + inset, int(grid.ys[cell.row + cell.rows]) - inset
    return gray[max(y0, 0) : max(y1, y0 + 1), max(x0, 0) : max(x1, x0 + 1)]


def _dark(crop: np.ndarray) -> np.ndarray:
    """Printed pixels: well below the cell's paper (its median), however light the print
    (a thin 7 at 150 dpi is grey, not black); grain and JPEG ringing stay within ~25 levels."""
    paper = float(np.median(crop)) if crop.size else 255.0
    return crop < min(paper - 55, 200)


def _has_ink(crop: np.ndarray) -> bool:
    """Something printed in a cell's interior (more than specks)."""
    if crop.size == 0:
        return False
    return int(_dark(crop).sum()) >= max(6, crop.size // 3000)


def _glyphs(crop: np.ndarray) -> np.ndarray:
    """The printed part of a cell's crop: rule remnants at its edges trimmed, then cut to
    the ink's bounding box (the recogniser misreads a rule's stub as a 1 or a 7)."""

    dark = _dark(crop)
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
    readings = [(r[0], r[1]) for r in (first, second) if r is not None and r[0] is not None]
    values = {text for text, _ in readings}
    best = max((score for _, score in readings), default=0.0)
    if len(values) == 1 and (best >= MIN_SCORE if len(readings) == 2 else best >= 0.9):
        return values.pop()
    return unsure_text(readings)


def _ink(gray: np.ndarray, grid: Grid, k: int) -> np.ndarray:
    """A cell's printed pixels without its rules: components spanning the cell, or thin
    ones at its edge, are rules (a rule touching a glyph takes the glyph with it, and the
    glyphs no longer agree: the cell is then not checked)."""
    import cv2

    ink = _dark(_interior(gray, grid, k, 1))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    height, width = ink.shape
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        edge = x == 0 or y == 0 or x + w == width or y + h == height
        if w >= 0.8 * width or h >= 0.9 * height or (edge and min(w, h) <= 4):
            ink[labels == i] = False
    return ink


def ink_checked(gray: np.ndarray, grid: Grid, texts: dict[int, str]) -> set[int]:
    """The figure cells whose reading has the glyphs their ink shows: as many digits, and a
    zero exactly where a ring is printed (`ingest.ocr_glyphs`)."""
    return {k for k, text in texts.items() if text.isdigit() and agrees(text, zeros_pattern(_ink(gray, grid, k)))}


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
    for k, (text, score) in zip(figures, recognise_crops(crops)):
        boxes = grid.cells[k].boxes
        if not boxes and as_number(text) is None and score >= MIN_SCORE and re.search(r"[\u4e00-\u9fff]", text):
            texts[k] = text  # words the page's pass missed (a label), not a figure
            continue
        first = (as_number(boxes[0].text), boxes[0].score) if boxes else None
        texts[k] = _agree(first, (as_number(text), score))
    return texts
