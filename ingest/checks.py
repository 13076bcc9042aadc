"""The template's own checks (勾稽关系), computed on the printed figures.

A failed check never changes a figure: it is recorded and mentioned wherever one
of its figures is used. For the arithmetic a blank cell counts as nothing; a check
with no reported figure on one side, or with an unreadable cell, is not computed.
"""

from __future__ import annotations

from .model import REPORTED, UNREADABLE, Check, Figure
from .template import APPLICANT_COLUMNS, APPLICATION_ROWS, CASE_GROUPS, OUTCOME_COLUMNS

_RESULT_ROWS = [r.key for r in APPLICATION_ROWS if r.key and (r.group or r.item) and r.key != "results_total"]


def _sum(figs: dict[str, Figure], keys: list[str]) -> float | None:
    """Sum of the reported cells; None if any is unreadable or none is reported."""
    present = [figs[k] for k in keys if k in figs]
    if not present or any(f.status == UNREADABLE for f in present):
        return None
    if not any(f.status == REPORTED for f in present):
        return None
    return sum(f.value or 0.0 for f in present if f.status == REPORTED)


def _check(name: str, description: str, figs: dict[str, Figure], left: list[str], right: list[str]) -> Check | None:
    lv, rv = _sum(figs, left), _sum(figs, right)
    if lv is None or rv is None:
        return None
    return Check(name, description, abs(lv - rv) < 1e-6, lv, rv, tuple(k for k in left + right if k in figs))


def _result_rows(figs: dict[str, Figure]) -> list[str]:
    """Result rows (三(一)…(六)); (六) counts once, as its sub-rows when they are printed."""
    rows = [k for k in _RESULT_ROWS if not k.startswith("other_handling")]
    subs = [k for k in _RESULT_ROWS if k.startswith("other_handling.")]
    if any(f"applications.{k}.total" in figs for k in subs):
        return rows + subs
    return rows + ["other_handling"]


# Beyond these a printed figure is kept but cannot be right: no body receives ten million
# applications or spends more than a trillion yuan (10^8 万元) through one table row.
MAX_COUNT = 10**7
MAX_AMOUNT_WAN_YUAN = 10**8


def implausible(figures: list[Figure]) -> list[Check]:
    """Failed checks for printed figures that cannot be right: a negative count where the
    template has no change column, a count that is not whole, a count over 10^7 or an
    amount over 10^8 万元. The figure itself is kept as printed."""
    out: list[Check] = []
    for f in figures:
        if f.status != REPORTED or f.value is None:
            continue
        amount = f.metric.endswith(".amount_wan_yuan")
        change = f.metric.endswith(".change")
        problems = []
        if f.value < 0 and not change:
            problems.append(("negative", "件数不能为负", 0.0))
        if not amount and not float(f.value).is_integer():
            problems.append(("fraction", "件数应为整数", float(round(f.value))))
        limit = MAX_AMOUNT_WAN_YUAN if amount else MAX_COUNT
        if abs(f.value) > limit:
            problems.append(("too_large", f"超过{limit}{'万元' if amount else '件'}，不可信", float(limit)))
        for kind, description, bound in problems:
            out.append(
                Check(f"plausible.{kind}.{f.metric}", f"{f.label}: {description}", False, f.value, bound, (f.metric,))
            )
    return out


def run_checks(figures: list[Figure]) -> list[Check]:
    """All checks that the printed figures allow."""
    figs = {f.metric: f for f in figures}
    checks: list[Check | None] = []
    for col in APPLICANT_COLUMNS:
        c = col.key
        checks.append(
            _check(
                f"applications.balance.{c}",
                f"一+二 = 三(七)+四 ({col.label})",
                figs,
                [f"applications.received.{c}", f"applications.carried_over_in.{c}"],
                [f"applications.results_total.{c}", f"applications.carried_over_out.{c}"],
            )
        )
        checks.append(
            _check(
                f"applications.results_sum.{c}",
                f"三(七)总计 = (一)…(六)之和 ({col.label})",
                figs,
                [f"applications.results_total.{c}"],
                [f"applications.{r}.{c}" for r in _result_rows(figs)],
            )
        )
    parts = [c.key for c in APPLICANT_COLUMNS if c.key != "total"]
    for row in APPLICATION_ROWS:
        if row.key:
            checks.append(
                _check(
                    f"applications.row_total.{row.key}",
                    f"{row.label}: 总计 = 各列之和",
                    figs,
                    [f"applications.{row.key}.total"],
                    [f"applications.{row.key}.{p}" for p in parts],
                )
            )
    outcomes = [c.key for c in OUTCOME_COLUMNS if c.key != "total"]
    for group in CASE_GROUPS:
        checks.append(
            _check(
                f"{group.key}.total",
                f"{group.label}: 总计 = 各结果之和",
                figs,
                [f"{group.key}.total"],
                [f"{group.key}.{o}" for o in outcomes],
            )
        )
    return [c for c in checks if c is not None] + implausible(figures)
