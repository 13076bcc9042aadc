"""Arithmetic over cited cells: sub-totals the template implies, sums, differences, shares.

Every result carries its formula with every operand shown ("36 + 57 = 93") and the cells
it used. A blank, unreadable or absent operand is named and never counted as zero: the
result then says it is incomplete (`complete` False) rather than pass as the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .wording import number, percent


@dataclass
class Derived:
    """A figure computed from cited cells, with its formula."""

    value: float | None
    unit: str | None
    formula: str
    operands: list[dict[str, Any]] = field(default_factory=list)  # every cell used, blank ones too
    missing: list[dict[str, Any]] = field(default_factory=list)  # operands with no printed value
    complete: bool = True
    percent: bool = False

    @property
    def unreadable(self) -> bool:
        return any(c["status"] == "unreadable" for c in self.missing)


def sum_formula(values: Sequence[float]) -> str:
    """ "36 + 57 = 93", or the one value; "" for none."""
    if len(values) <= 1:
        return number(values[0]) if values else ""
    return " + ".join(map(number, values)) + f" = {number(sum(values))}"


def ratio_formula(part: Sequence[float], whole: Sequence[float], value: float) -> str:
    """ "(230 + 5) / 235 = 100.0%": each side's printed values, bracketed when summed."""
    top, bottom = " + ".join(map(number, part)), " + ".join(map(number, whole))
    return f"{f'({top})' if len(part) > 1 else top} / {f'({bottom})' if len(whole) > 1 else bottom} = {percent(value)}"


def _printed(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in cells if c["status"] == "reported" and c["value"] is not None]


def total(cells: list[dict[str, Any]]) -> Derived:
    """The sum of cells: printed values added, the others named."""
    reported = _printed(cells)
    missing = [c for c in cells if c not in reported]
    unit = next((c["unit"] for c in reported if c.get("unit")), None)
    if not reported:
        return Derived(None, unit, "", list(cells), missing, False)
    values = [float(c["value"]) for c in reported]
    return Derived(sum(values), unit, sum_formula(values), list(cells), missing, not missing)


def ratio(part: Derived, whole: Derived) -> Derived:
    """part / whole as a percentage; None when either side has no printed value or the whole is 0."""
    cells = part.operands + whole.operands
    missing = part.missing + whole.missing
    if part.value is None or whole.value in (None, 0):
        return Derived(None, "%", "", cells, missing, False, True)
    value = 100.0 * part.value / whole.value
    formula = ratio_formula(
        [float(c["value"]) for c in _printed(part.operands)],
        [float(c["value"]) for c in _printed(whole.operands)],
        value,
    )
    return Derived(value, "%", formula, cells, missing, part.complete and whole.complete, True)


def difference(a: Derived, b: Derived) -> Derived:
    """a − b."""
    cells = a.operands + b.operands
    missing = a.missing + b.missing
    if a.value is None or b.value is None:
        return Derived(None, a.unit or b.unit, "", cells, missing, False, a.percent)
    value = a.value - b.value
    show = percent if a.percent else number
    return Derived(
        value,
        a.unit or b.unit,
        f"{show(a.value)} − {show(b.value)} = {show(value)}",
        cells,
        missing,
        a.complete and b.complete,
        a.percent,
    )


def growth(new: Derived, base: Derived) -> Derived:
    """(new − base) / base as a percentage: the change relative to `base` (the earlier year, or the
    side compared with). None when either is not printed or the base is 0 (no rate of change from 0)."""
    cells, missing = new.operands + base.operands, new.missing + base.missing
    if new.value is None or base.value is None or base.value == 0:
        return Derived(None, "%", "", cells, missing, False, True)
    value = (new.value - base.value) / base.value * 100
    formula = f"({number(new.value)} − {number(base.value)}) / {number(base.value)} = {percent(value)}"
    return Derived(value, "%", formula, cells, missing, new.complete and base.complete, True)


def shown_value(d: Derived, english: bool = False) -> str:
    if d.value is None:
        return "—"
    if d.percent:
        return percent(d.value)
    unit = d.unit or ""
    if english:
        return number(d.value) + ("" if unit in ("件", "") else f" {unit}")
    return f"{number(d.value)} {unit}".strip()
