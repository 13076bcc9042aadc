"""Scans made from the shared PDFs for OCR tests: pages rendered, skewed, noised and
JPEG-compressed, as a photocopier or phone would give them — no text layer.

`python tests/scanmake.py OUT.pdf SRC.pdf PAGE…` writes an image-only PDF of those pages.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# numpy, pdfplumber, pdfium and PIL are imported by the functions that use them: collecting the
# tests (which imports this module) stays quick.

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


def render(pdf: Path, page: int, dpi: int = 150) -> Image.Image:
    """One page (1-based) of a text-layer PDF as a grayscale image."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[page - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def scan(image: Image.Image, skew: float = 0.7, noise: float = 8.0, quality: int = 70, seed: int = 20) -> Image.Image:
    """The image as a scanner gives it: turned `skew` degrees, grain added, JPEG-compressed."""
    import numpy as np
    from PIL import Image

    turned = image.rotate(skew, resample=Image.BICUBIC, expand=True, fillcolor=255)
    rng = np.random.default_rng(seed)
    grain = np.asarray(turned, dtype=np.float32) + rng.normal(0, noise, (turned.height, turned.width))
    noisy = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scanned_pdf(images: list[Image.Image], dpi: int = 150) -> bytes:
    """An image-only PDF, one image a page (Pillow writes each as a JPEG: no text layer)."""
    buf = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(buf, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return buf.getvalue()


def row_cells(pdf: Path, page: int, words: str) -> list[Rect]:
    """The figure cells (points) of the ruled table row whose label holds `words`, read from
    the original's text layer (only to know where to damage the scan)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for table in doc.pages[page - 1].find_tables():
            for row, texts in zip(table.rows, table.extract()):
                if any(words in (t or "") for t in texts):
                    return [c for c, t in zip(row.cells, texts) if c and (t or "").strip().isdigit()]
    raise LookupError(f"no table row with {words} on p. {page}")


def region(pdf: Path, page: int, first: str, last: str) -> Rect:
    """From the line holding `first` to the bottom of the table row holding `last` (with
    figures in it; else of the whole table holding `last`), full width."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        p = doc.pages[page - 1]
        top = next(ln["top"] for ln in p.extract_text_lines() if first in ln["text"])
        cells = row_cells(pdf, page, last)
        bottom = (
            max(c[3] for c in cells)
            if cells
            else next(t.bbox[3] for t in p.find_tables() if any(last in (x or "") for r in t.extract() for x in r))
        )
        return 0.0, top - 6, float(p.width), bottom + 6


def rules(pdf: Path, page: int) -> list[Rect]:
    """The page's ruling lines (thin drawn lines and boxes), to erase: a table printed without rules."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        p = doc.pages[page - 1]
        return [
            (o["x0"] - 1, o["top"] - 1, o["x1"] + 1, o["bottom"] + 1)
            for o in p.rects + p.lines + p.curves
            if o["x1"] - o["x0"] < 3 or o["bottom"] - o["top"] < 3
        ]


def damage(image: Image.Image, dpi: int, erase: list[Rect] = (), smear: list[Rect] = ()) -> Image.Image:
    """The image with rules erased (white boxes) and cells smeared (dark scribbles over them)."""
    from PIL import ImageDraw

    out = image.copy()
    draw = ImageDraw.Draw(out)
    k = dpi / 72
    for x0, top, x1, bottom in erase:
        draw.rectangle([x0 * k, top * k, x1 * k, bottom * k], fill=255)
    for x0, top, x1, bottom in smear:
        w, h = (x1 - x0) * k, (bottom - top) * k
        for i in range(6):  # a pen scribbled back and forth across the figure
            draw.line(
                [
                    (x0 * k + w * 0.15, top * k + h * (0.2 + i * 0.12)),
                    (x0 * k + w * 0.85, top * k + h * (0.26 + i * 0.12)),
                ],
                fill=40,
                width=max(2, int(h / 10)),
            )
    return out


def crop(image: Image.Image, dpi: int, rect: Rect) -> Image.Image:
    k = dpi / 72
    return image.crop(tuple(int(v * k) for v in rect))


if __name__ == "__main__":
    out, src, *pages = sys.argv[1:]
    Path(out).write_bytes(scanned_pdf([scan(render(Path(src), int(p))) for p in pages]))
