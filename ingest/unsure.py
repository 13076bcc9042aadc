"""The text of a cell OCR could not read with confidence: a marker, then what was seen.

`⍰6@1.00/9@0.99` — the page's pass read 6 (confidence 1.00), the cell cropped alone 9.
No cell parser takes it for a number (the figure is stored `unreadable`), and the
template mapper may still pick the one reading its sums allow (`alternatives`).
"""

from __future__ import annotations

import re

MARK = "⍰"
_READING = re.compile(r"([^/@]+)@([\d.]+)")


def unsure_text(readings: list[tuple[str, float]]) -> str:
    """The marker and each reading (text@confidence); `?@0.00` when there is none."""
    # Nothing legible is `?@0.00`: digits keep the text in a figure's place for the layout.
    return MARK + ("/".join(f"{t}@{s:.2f}" for t, s in readings) or "?@0.00")


def is_unsure(text: str) -> bool:
    return text.strip().startswith(MARK)


def alternatives(text: str) -> list[str]:
    """The cell's possible figures: itself when it is sure, else the distinct readings seen
    (none when nothing legible was read)."""
    text = text.strip()
    if not text.startswith(MARK):
        return [text]
    seen: list[str] = []
    for value, _score in _READING.findall(text[len(MARK) :]):
        if value not in seen:
            seen.append(value)
    return seen
