"""A page image made readable for OCR: turned upright, deskewed, its ruling lines and its
text boxes found (RapidOCR: PP-OCRv4 models shipped in its wheel, run on onnxruntime;
nothing is fetched at run time).

A page lying on its side (text boxes taller than wide) is turned 90°, upside-down text
(the engine's direction classifier on its widest lines) 180°, and a slant is taken out by
the median angle of its text boxes.
"""

from __future__ import annotations

import functools
import math
import os
import statistics

import numpy as np

from .model import IngestError
from .ocr_grid import Box, Segment

MAX_SIDE = 4000  # px: a larger page or image is read reduced (memory; the recogniser reads 48 px lines)


def preload() -> None:
    """The OCR libraries imported, without their models (for ingest's forkserver: workers
    forked from it start with OpenCV and onnxruntime mapped, ~0.5 GB of address space their
    memory limit then does not count). Nothing when OCR is not installed."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before OpenCV's OpenBLAS loads: see engine()
    try:
        import rapidocr_onnxruntime  # noqa: F401  (imports cv2 and onnxruntime)
    except ImportError:
        pass


@functools.lru_cache(maxsize=1)
def engine():
    """The OCR engine, loaded once per process (models ship in the wheel: nothing is fetched).

    One thread: files are read in limited workers, one per core (index.sandbox). With
    onnxruntime's default threads a page took 1.35 GB of address space, past the workers'
    memory limit (std::bad_alloc), and its CPU time counted every thread's."""
    # OpenCV's own OpenBLAS reserves buffers for every core it may use (~140 MB of address
    # space, which the workers' memory limit counts); it is only ever used for rotations here.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _one_malloc_arena()
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as e:
        raise IngestError(f"OCR is not installed ({e.name} missing): cannot read scanned pages") from None
    # Text is found on the page reduced to 1280 px (a scan at 150 dpi is 1754 px high): its
    # figures stay ~20 px high, and the detector's buffers shrink by half.
    # A GPU when onnxruntime offers one (onnxruntime-gpu installed), never required: CPU otherwise.
    import onnxruntime

    gpu = "CUDAExecutionProvider" in onnxruntime.get_available_providers()
    return RapidOCR(
        intra_op_num_threads=1,
        inter_op_num_threads=1,
        det_limit_side_len=1280,
        det_limit_type="max",
        det_use_cuda=gpu,
        cls_use_cuda=gpu,
        rec_use_cuda=gpu,
    )


def _one_malloc_arena() -> None:
    """glibc gives each thread that allocates its own 64 MB arena of address space; the
    engine's threads took four (a page peaked at 1.13 GB, past the workers' limit; 0.97 GB
    with one arena). Elsewhere than glibc this does nothing."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def rgb(gray: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.stack([gray] * 3, axis=-1))


# ---------------------------------------------------------------- upright and straight


def _det_boxes(gray: np.ndarray, limit: int = 1100) -> list[np.ndarray]:
    """Text boxes (quads) found on a reduced copy, in the copy's full-size coordinates."""
    import cv2

    factor = min(1.0, limit / max(gray.shape))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else gray
    found, _ = engine()(rgb(small), use_det=True, use_cls=False, use_rec=False)
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
            crops.append(rgb(gray[y0:y1, x0:x1]))
    if not crops:
        return False
    _, labels, _ = engine().text_cls(crops)
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
    # No direction classifier here: the page is upright already, and it turned single
    # digits over (a 9 read as 6 at confidence 1.00, on every scan).
    found, _ = engine()(rgb(gray), use_cls=False, text_score=0.0)
    boxes = []
    for quad, text, score in found or []:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip(), float(score)))
    return boxes


def recognise_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    if not crops:
        return []
    results, _ = engine().text_rec([rgb(c) for c in crops])
    return [(str(r[0]).strip(), float(r[1])) for r in results]


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
