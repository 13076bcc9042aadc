"""Scans made from the shared PDFs for OCR tests: pages rendered, skewed, noised and
JPEG-compressed, as a photocopier or phone would give them — no text layer.

`python tests/scanmake.py OUT.pdf SRC.pdf PAGE…` writes an image-only PDF of those pages.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def render(pdf: Path, page: int, dpi: int = 150) -> Image.Image:
    """One page (1-based) of a text-layer PDF as a grayscale image."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[page - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()


def scan(image: Image.Image, skew: float = 0.7, noise: float = 8.0, quality: int = 70,
         seed: int = 20) -> Image.Image:
    """The image as a scanner gives it: turned `skew` degrees, grain added, JPEG-compressed."""
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


if __name__ == "__main__":
    out, src, *pages = sys.argv[1:]
    Path(out).write_bytes(scanned_pdf([scan(render(Path(src), int(p))) for p in pages]))
