"""Year over year: every figure that changed between two reports of one issuer.

Cells are compared by metric key, so the 2019 and 2021 templates meet only where both
reports have the metric. A blank cell is "not reported": one that became a figure (or a
figure that became blank) is listed as such, never as a change from or to 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..answer import as_number

CHANGED, APPEARED, VANISHED = "changed", "appeared", "vanished"  # blank → figure; figure → blank
_KIND_ORDER = {CHANGED: 0, APPEARED: 1, VANISHED: 2}


@dataclass(frozen=True)
class Change:
    """One metric whose cell differs between the two reports; both cells carried for their citations."""

    metric: str
    label: str
    unit: str | None
    kind: str  # changed | appeared | vanished
    old: dict[str, Any]  # the earlier report's cell (figure JSON)
    new: dict[str, Any]  # the later report's cell

    @property
    def difference(self) -> float | None:
        if self.kind != CHANGED:
            return None
        return round(float(self.new["value"]) - float(self.old["value"]), 6)

    @property
    def percent(self) -> float | None:
        """Change against the earlier figure, in %; None from 0 (no percentage of nothing)."""
        d = self.difference
        if d is None or not self.old["value"]:
            return None
        return round(100.0 * d / abs(float(self.old["value"])), 1)

    def row(self) -> dict[str, Any]:
        """One line of the answer's table and of `nianbao diff --json`/`--csv`."""
        return {
            "metric": self.metric,
            "label": self.label,
            "unit": self.unit,
            "change": self.kind,
            "old_year": self.old["year"],
            "old": _shown(self.old),
            "new_year": self.new["year"],
            "new": _shown(self.new),
            "difference": as_number(self.difference),
            "percent": self.percent,
            "old_cite": self.old["cite"],
            "new_cite": self.new["cite"],
            "old_source": self.old["source_file"],
            "new_source": self.new["source_file"],
            **({"old_page": self.old["page"]} if self.old.get("page") is not None else {}),
            **({"new_page": self.new["page"]} if self.new.get("page") is not None else {}),
        }


@dataclass
class Diff:
    """The changes from one report to a later one of the same issuer, largest first."""

    issuer: str
    old_year: int
    new_year: int
    changes: list[Change] = field(default_factory=list)
    compared: int = 0  # metrics both reports have
    only_old: int = 0  # metrics of the earlier report's template only (not compared)
    only_new: int = 0

    def rows(self) -> list[dict[str, Any]]:
        return [c.row() for c in self.changes]


def _shown(fig: dict[str, Any]) -> Any:
    return fig["value"] if fig["status"] == "reported" else None


def _kind(old: dict[str, Any], new: dict[str, Any]) -> str | None:
    """How a metric's cell went from one report to the next; None: unchanged or not comparable."""
    a, b = old["status"], new["status"]
    if "unreadable" in (a, b) or a == b == "blank":
        return None  # an unreadable cell says nothing about a change
    if a == b == "reported":
        same = old["value"] is not None and new["value"] is not None and abs(old["value"] - new["value"]) < 1e-9
        return None if same else CHANGED
    if a == "blank" and b == "reported":
        return APPEARED
    if a == "reported" and b == "blank":
        return VANISHED
    return None


def _order(c: Change) -> tuple[int, float, float, str]:
    """Largest changes first (by size, then by share), then blanks that became figures, then the reverse."""
    return (_KIND_ORDER[c.kind], -abs(c.difference or 0.0), -abs(c.percent or 0.0), c.metric)


def diff(old_cells: list[dict[str, Any]], new_cells: list[dict[str, Any]]) -> Diff:
    """The changes between two reports' cells (figure JSON of one issuer, two years)."""
    old = {f["metric"]: f for f in old_cells}
    new = {f["metric"]: f for f in new_cells}
    first = next(iter(old_cells or new_cells), {})
    out = Diff(
        first.get("issuer") or "",
        int((old_cells or [{}])[0].get("year") or 0),
        int((new_cells or [{}])[0].get("year") or 0),
    )
    both = [m for m in new if m in old]
    out.compared, out.only_old, out.only_new = len(both), len(old.keys() - new.keys()), len(new.keys() - old.keys())
    for metric in both:
        kind = _kind(old[metric], new[metric])
        if kind is not None:
            f = new[metric]
            out.changes.append(Change(metric, f["label"], f["unit"] or old[metric]["unit"], kind, old[metric], f))
    out.changes.sort(key=_order)
    return out
