"""Cells whose separators were lost, and rows printed with fewer cells than columns.

A web page saved as text prints `230 000023` for 23|0|0|0|0|0|23; `pdftotext -raw` drops
the gaps between columns; OCR drops empty cells. Such a run is read only by the
template's own sums: every way to cut the printed tokens into one number per column
(or, for a short row of separate cells, every way to place them in order) is tried,
and only the readings that satisfy the row's identities are kept. The caller decides
what to do with none, one or several readings. Digits separated by a space are never
joined into one number: cuts only ever happen inside a token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

# A printed number inside a run: no leading zero (a table never prints `02`), an optional
# sign on the token's first piece, an optional decimal part (amounts).
_PIECE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
_TOKEN = re.compile(r"^[-增减加]?\d+(?:\.\d+)?$")  # 增/减 (and OCR's 加) print a change's sign
_SIGNS = "-增减加"
# Enumeration bounds: a row is at most 15 cells; more readings than this is no reading.
MAX_READINGS = 20000

Vector = tuple[str, ...]


def is_token(text: str) -> bool:
    """A run token: digits, an optional sign and decimal part, nothing else."""
    return bool(_TOKEN.match(text))


def _cuts(token: str, k: int) -> Iterator[list[str]]:
    """Every way to cut one token into k printed numbers, in order."""
    sign, digits = (token[0], token[1:]) if token[0] in _SIGNS else ("", token)
    if k == 1:
        if _PIECE.match(digits):
            yield [sign + digits]
        return
    # The first piece ends somewhere; the rest is cut recursively. A decimal point stays
    # inside a piece (a cut never starts or ends at it).
    for end in range(1, len(digits) - k + 2):
        head, tail = digits[:end], digits[end:]
        if head.endswith(".") or tail.startswith("."):
            continue
        if not _PIECE.match(head):
            continue
        for rest in _cuts(tail, k - 1):
            yield [sign + head, *rest]


def splits(tokens: Sequence[str], width: int) -> list[Vector] | None:
    """Every way to cut the tokens into exactly `width` numbers (never joining two tokens).

    None when there are too many to consider (then nothing can be read with confidence)."""
    out: list[Vector] = []

    sizes = [len(t.lstrip(_SIGNS).replace(".", "")) for t in tokens]  # most pieces a token can give

    def walk(i: int, left: int, acc: list[str]) -> bool:
        if i == len(tokens):
            if left == 0:
                out.append(tuple(acc))
            return len(out) <= MAX_READINGS
        rest = len(tokens) - i - 1  # each later token needs at least one piece
        room = sum(sizes[i + 1 :])  # and can give at most one piece a digit
        for k in range(max(1, left - room), min(left - rest, sizes[i]) + 1):
            for pieces in _cuts(tokens[i], k):
                if not walk(i + 1, left - k, acc + pieces):
                    return False
        return True

    if not tokens or any(not is_token(t) for t in tokens):
        return []
    return out if walk(0, width, []) else None


def placements(cells: Sequence[str], width: int) -> list[Vector]:
    """Every order-keeping way to put fewer cells than columns into the columns; the
    columns left over are blank (nothing printed there)."""
    out: list[Vector] = []

    def walk(i: int, col: int, acc: list[str]) -> None:
        if i == len(cells):
            out.append(tuple(acc + [""] * (width - col)))
            return
        for c in range(col, width - (len(cells) - i) + 1):
            walk(i + 1, c + 1, acc + [""] * (c - col) + [cells[i]])

    if len(cells) <= width:
        walk(0, 0, [])
    return list(dict.fromkeys(out))  # blank cells placed differently read the same


def number(cell: str) -> float | None:
    """A plain printed number, 0 for a blank cell, None for anything else."""
    cell = cell.strip()
    if not cell:
        return 0.0
    return float(cell) if is_token(cell) and cell[0] not in "增减加" else None


def sums_to_total(parts: Sequence[str], total: str) -> bool:
    """The template's row identity: the total is the sum of the parts (blank counts as 0;
    a row whose cells are all blank holds)."""
    read = [number(c) for c in (*parts, total)]
    values = [v for v in read if v is not None and v >= 0]
    if len(values) < len(read):
        return False  # a reading with a negative count is no reading (the template has no change here)
    *part_values, total_value = values
    return abs(sum(part_values) - total_value) < 1e-6


def consistent(candidates: Sequence[Vector], holds: Callable[[Vector], bool]) -> list[Vector]:
    """The readings that satisfy the row's identities."""
    return [v for v in candidates if holds(v)]
