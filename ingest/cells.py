"""Reading one table cell: `增172` → 172, `减4` → -4, `2（撤诉）` → 2 with a note,
`51.57 亿元` → 515700 万元. The raw text is always kept beside the number."""

from __future__ import annotations

import re
import unicodedata

from .model import BLANK, REPORTED, UNREADABLE, CellValue
from .template import AMOUNT_UNITS

_SIGN_WORDS = {"增": 1, "加": 1, "增加": 1, "+": 1, "减": -1, "减少": -1, "-": -1, "−": -1, "—": -1}
_NUMBER = re.compile(
    r"^(?P<sign>增加|减少|增|加|减|[+\-−—])?\s*"
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|万|亿|件|个|项|条|人次|次)?\s*"
    r"(?:[(（](?P<note>[^()（）]*)[)）])?\s*$"
)
# Cells that mean "nothing printed here": empty, or a dash or slash standing for "none".
_EMPTY_MARKS = re.compile(r"^[\s\-—–/／\\]*$")
# OCR dust: stray marks that are not a cell at all and must not shift the columns.
_DUST = re.compile(r"^[_·•.。,，:：;；*'\"“”`~^]+$")
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def normalise(text: str) -> str:
    """NFKC (full-width digits and brackets to half-width) with all spaces removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def is_blank(raw: str) -> bool:
    return bool(_EMPTY_MARKS.match(normalise(raw)))


def is_dust(raw: str) -> bool:
    return bool(_DUST.match(normalise(raw)))


# Digits on both sides of a space: two printed numbers, never one (`1 0 0` is not 100).
_SPLIT_DIGITS = re.compile(r"\d[\s\u00a0\u3000]+[-−－]?\d")


def looks_like_value(raw: str) -> bool:
    """True for a cell that holds a figure or nothing, rather than a label."""
    return is_blank(raw) or (bool(_NUMBER.match(normalise(raw))) and not _SPLIT_DIGITS.search(raw))


def parse_cell(raw: str, amount: bool = False) -> CellValue:
    """Parse a printed cell. `amount` cells are converted to 万元 whatever unit was printed."""
    raw = raw.strip(" \t\u00a0\u3000")
    if is_blank(raw):
        return CellValue(raw=raw, value=None, unit=None, status=BLANK)
    if _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", raw)):
        return CellValue(
            raw=raw,
            value=None,
            unit=None,
            status=UNREADABLE,
            note="digits separated by a space: more than one number in one cell",
        )
    m = _NUMBER.match(normalise(raw))
    if not m:
        return CellValue(raw=raw, value=None, unit=None, status=UNREADABLE, note="could not read a number")
    value = float(m["num"].replace(",", ""))
    if m["sign"]:
        value *= _SIGN_WORDS[m["sign"]]
    unit = m["unit"]
    note = m["note"] or None
    if amount:
        factor = AMOUNT_UNITS.get(unit or "万元")
        if factor is None:
            return CellValue(raw=raw, value=None, unit=None, status=UNREADABLE, note=f"unit {unit} is not an amount")
        if factor != 1.0:
            note = "; ".join(filter(None, [note, f"printed in {unit}, converted to 万元"]))
        value = round(value * factor, 6)
        unit = "万元"
    return CellValue(raw=raw, value=value, unit=unit, status=REPORTED, note=note)
