"""Image files (PNG, JPEG, TIFF): a photographed or scanned report, read by OCR.

A multi-page TIFF is one page per frame. Decoding is Pillow's; the reading is `ocr.py`'s.
"""

from __future__ import annotations

import io

from ..document import Document
from ..model import IngestError

MAX_PIXELS = 60_000_000  # a larger image is no page scan (and would exhaust memory)
MAX_FRAMES = 60  # pages of a multi-page TIFF (as ocr.MAX_PAGES for a scanned PDF)
MIN_SIDE = 300  # px on the longer side: a smaller image is an icon, a logo or a seal


def read(data: bytes, name: str) -> Document:
    """An image file's frames as pages of one Document."""
    from PIL import Image, ImageSequence

    try:
        image = Image.open(io.BytesIO(data))
        image.verify()  # a truncated or corrupt file fails here, not half-way through OCR
        image = Image.open(io.BytesIO(data))
    except Exception as e:
        raise IngestError(f"damaged or unsupported image ({type(e).__name__}: {str(e)[:120]})") from None
    frames = []
    for n, frame in enumerate(ImageSequence.Iterator(image), 1):
        if n > MAX_FRAMES:
            raise IngestError(
                f"image of more than {MAX_FRAMES} frames: OCR takes seconds a page, no report is that long"
            )
        if frame.width * frame.height > MAX_PIXELS:
            raise IngestError(f"image too large to read ({frame.width}×{frame.height} pixels)")
        frames.append(frame.copy())
    if all(max(f.size) < MIN_SIDE for f in frames):
        # An icon or a web page's decoration (a saved page's folder holds dozens): not worth OCR.
        raise IngestError(f"image too small to hold a report page ({image.width}×{image.height} pixels)")
    from .ocr import read_images

    return read_images(frames, "image")
