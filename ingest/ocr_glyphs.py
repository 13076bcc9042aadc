"""What a figure cell's ink says of its digits, apart from the recogniser: how many glyphs
are printed, and which of them are zeros.

A zero is the one digit whose hole spans most of its height (6 and 9 have a bowl in one
half, 8 two holes, 4 a small triangle, the others none). Counted on the pixels, this is
evidence the recogniser's readings cannot give: two readings of one crop may agree on a
wrong digit, but a misreading that changes the number of glyphs or turns a ring into a
stroke is seen here. `ingest.tables` uses it only to tell a report whose own sums do not
add up from a misread row (hongze-2023 prints 行政复议 总计 0 beside 10 + 1).
"""

from __future__ import annotations

import numpy as np

ZERO_HOLE = 0.6  # a zero's hole spans at least this share of the glyph's height …
OTHER_HOLE = 0.5  # … and no other digit's hole more than this


def _components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return n, labels, stats


def _glyph_spans(ink: np.ndarray) -> list[tuple[int, int]]:
    """Left and right ends of each glyph: ink components of a real size, those overlapping
    across x joined (a stroke broken by the scan is one glyph)."""
    n, _, stats = _components(ink)
    height = ink.shape[0]
    spans = sorted(
        (int(stats[i, 0]), int(stats[i, 0] + stats[i, 2]))
        for i in range(1, n)
        if stats[i, 3] >= 0.4 * height  # a digit is most of the line's height; specks are not
    )
    out: list[tuple[int, int]] = []
    for x0, x1 in spans:
        if out and x0 < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


def _largest_hole(glyph: np.ndarray) -> float:
    """The tallest hole (background enclosed by ink) as a share of the glyph's height."""
    rows = np.nonzero(glyph.any(axis=1))[0]
    if len(rows) == 0:
        return 0.0
    glyph = glyph[rows[0] : rows[-1] + 1]
    height = glyph.shape[0]
    n, labels, stats = _components(~glyph)
    best = 0.0
    for i in range(1, n):
        x, y, w, h, area = stats[i]
        if x == 0 or y == 0 or x + w == glyph.shape[1] or y + h == height or area < 4:
            continue  # open to the outside (or a pinhole of grain): no hole
        best = max(best, h / height)
    return best


def zeros_pattern(ink: np.ndarray) -> str | None:
    """The printed glyphs of a cell's ink (True = printed), as `0` for a zero and `n` for any
    other digit (`10` → `n0`); None when a glyph is neither clearly (a broken ring, a blot)."""
    rows = np.nonzero(ink.any(axis=1))[0]
    if len(rows) == 0:
        return None
    ink = ink[rows[0] : rows[-1] + 1]
    out = []
    for x0, x1 in _glyph_spans(ink):
        hole = _largest_hole(ink[:, x0:x1])
        if hole >= ZERO_HOLE:
            out.append("0")
        elif hole <= OTHER_HOLE:
            out.append("n")
        else:
            return None
    return "".join(out) or None


def agrees(text: str, pattern: str | None) -> bool:
    """True when a figure read as `text` (digits only) has the glyphs the ink shows."""
    return pattern is not None and text.isdigit() and pattern == "".join("0" if c == "0" else "n" for c in text)
