"""A figure over the reports chosen, as an average (average.py) or a threshold (threshold.py)
reads it: the first rows by value (of those meeting a condition, when one is asked), how many
reports print it and the sum of what they print, how many meet the condition, how many do not
print it (by status) and the first of those by name, the cells cited and the table.

From every chosen report's light value in Python; over more than `many_sql.MANY_SQL_OVER` reports,
from SQL aggregates (`many_sql.aggregated`, `aggregates.top`,
`count_meeting`, `first_unprinted`), reading only the rows listed. Both fill the same
`Gathered`, so both say the same sentence. A blank cell is never 0: it is not in a sum, not in
a mean's divisor, never meets a condition, and is never searched for in the text here (a
number the text gives is the Python way's rank and sum, not a mean or a filter over thousands).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from index import aggregates

from .. import derived
from ..answer import TABLE_INLINE, Answer
from ..lexicon import Condition, MetricAsk
from ..question import Question
from ..report_set import ReportSet
from ..wording import each_on_its_own, others_fail
from . import many_sql
from .common import TOP

if TYPE_CHECKING:
    from ..router import Answerer

MEETS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "=": operator.eq}
UNPRINTED = ("blank", "unreadable")  # named apart as not reported; reports with no such cell only counted


@dataclass
class Gathered:
    """A figure over the chosen reports: what an average or a threshold says of it."""

    rows: list[tuple[Any, ...]]  # the first rows (report, light, None, value) meeting the condition, by value
    listed: int  # how many of them the sentence lists (the rest: a long sum's terms)
    full: dict[str, derived.Derived]  # the cells of the rows listed
    printed: int  # reports printing the figure
    total: float  # the sum of the printed values
    meeting: int  # of those, how many meet the condition (all, with none)
    incomplete: int  # of those printing it, how many leave a cell of its sum blank (行政诉讼: one of two)
    missing: dict[str, int]  # the others by status: blank, unreadable, absent
    unprinted: list[tuple[Any, ...]]  # the first blank or unreadable rows (report, light, None, None), by year
    unit: str
    label: str
    warnings: list[str]
    table: list[dict[str, Any]]
    table_rows: int | None  # the count of every row, when the table holds only those shown


def gather(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    condition: Condition | None,
    every_term: bool,
) -> Gathered:
    """The figure over the chosen reports; `every_term`: the rows are a sum's terms (all of them up
    to SUM_TERMS, else the first three), not only those listed. Ascending for a condition
    below or at a number (少于, 为零), else from the largest."""
    ascending = condition is not None and condition.op in ("<", "<=", "=")
    by_sql = _by_sql(answerer, q, ask, reports, condition, every_term, ascending)
    return by_sql if by_sql is not None else _in_python(answerer, q, ask, reports, condition, every_term, ascending)


def _wanted(printed: int, every_term: bool, q: Question) -> int:
    """How many first rows to read: a sum's every term (up to SUM_TERMS), else those listed."""
    from .many import SUM_TERMS

    if every_term:
        return printed if printed <= SUM_TERMS else max(TOP, 3)
    return q.top or TOP


def _in_python(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    condition: Condition | None,
    every_term: bool,
    ascending: bool,
) -> Gathered:
    """Every chosen report's light value, ordered and counted here."""
    from .derived import ratio_asks
    from .many import full_values, ratio_light

    ratio = bool(q.ratio) and ratio_asks(q, ask) is not None  # a rate of each report (公开率)
    light = ratio_light(answerer, q, ask, reports) if ratio else answerer.figs.light(ask, reports)
    printed, without = _ordered([(r, light[r["id"]], None, light[r["id"]].value) for r in reports], ascending)
    meeting = [x for x in printed if MEETS[condition.op](x[3], condition.value)] if condition else printed
    counts = Counter(x[1].status for x in without)
    first = meeting[: _wanted(len(meeting), every_term, q)]
    listed = min(len(first), q.top or TOP)
    full = full_values(answerer, [x[0] for x in first[:listed]], q, ask, ratio)
    shown = {x[0]["id"] for x in first[:listed]}
    others = 0 if ratio else answerer.figs.failed_elsewhere(ask, {x[0]["id"] for x in printed} - shown)
    return _gathered(
        answerer,
        q,
        ask,
        reports,
        (first, listed, full),
        (len(printed), sum(x[3] for x in printed), len(meeting), sum(1 for x in printed if not x[1].complete)),
        {s: counts[s] for s in sorted(counts, key=many_sql.status_rank)},
        [x for x in without if x[1].status in UNPRINTED][:TOP],
        next((x[1].unit for x in printed if x[1].unit), "") or "",
        others,
        meeting + without,
        ratio,
    )


def _ordered(rows: list[tuple[Any, ...]], ascending: bool) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows printing the figure by value, then issuer and year (as `aggregates.top` orders
    them), and the others by year, then issuer (as `aggregates.first_unprinted`)."""
    sign = 1 if ascending else -1
    printed = sorted((x for x in rows if x[3] is not None), key=lambda x: (x[3] * sign, *_issuer_year(x[0])))
    without = sorted((x for x in rows if x[3] is None), key=lambda x: _issuer_year(x[0])[::-1])
    return printed, without


def _issuer_year(report: dict[str, Any]) -> tuple[str, int]:
    """A report's issuer and year for ordering: none known sorts first ('' and 0, as SQL's COALESCE)."""
    return report["issuer"] or "", report["year"] or 0


def _by_sql(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    condition: Condition | None,
    every_term: bool,
    ascending: bool,
) -> Gathered | None:
    """Over more than `many_sql.MANY_SQL_OVER` reports: counts, sums and the first rows from SQL aggregates; None: the
    Python way (few reports, the whole table asked for, a rate, issuers named)."""
    if len(reports) <= many_sql.MANY_SQL_OVER or answerer.full_table or q.ratio or q.issuers:
        return None
    metrics = many_sql.metrics_of(answerer, ask, reports)
    if metrics is None:
        return None
    from .many import full_values

    agg = many_sql.aggregated(answerer, metrics, reports)
    printed, incomplete, missing, chosen, tallied = agg.printed, agg.incomplete, agg.missing, agg.where, agg.tallied
    db, where = answerer.store.db, (metrics, chosen, tallied)
    group = tallied.group if tallied else None
    asked = (condition.op, condition.value) if condition else None
    meeting = aggregates.count_meeting(db, metrics, chosen, asked, group) if asked and printed else printed
    first = many_sql.first_rows(
        answerer, ask, where, _wanted(meeting, every_term, q) if meeting else 0, ascending, asked
    )
    listed = min(len(first), q.top or TOP)
    full = full_values(answerer, [x[0] for x in first[:listed]], q, ask, False)
    unprinted = _unprinted(answerer, ask, where, reports) if missing else []
    shown = [x[0]["report_key"] for x in first[:listed]]
    total = (tallied.total if tallied else aggregates.total(db, metrics, chosen)) if printed else 0.0
    return _gathered(
        answerer,
        q,
        ask,
        reports,
        (first, listed, full),
        (printed, total, meeting, incomplete),
        missing,
        unprinted,
        (aggregates.unit(db, metrics) or "") if printed else "",
        aggregates.failing_printed(db, metrics, chosen, shown, tallied) if printed else 0,
        None,
        False,
    )


def _unprinted(
    answerer: Answerer, ask: MetricAsk, where: many_sql.Chosen, reports: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The first chosen reports (by year, then issuer) whose figure is blank or unreadable, as rows."""
    metrics, chosen, tallied = where
    group = tallied.group if tallied else None
    years = list(reports.year_counts()) if isinstance(reports, ReportSet) else list({r["year"] for r in reports})
    keys = [k for k, _ in aggregates.first_unprinted(answerer.store.db, metrics, chosen, TOP, years, group)]
    by_key = answerer.store.reports_by_key(keys)
    light = answerer.figs.light(ask, [by_key[k] for k in keys])
    return [(by_key[k], light[by_key[k]["id"]], None, None) for k in keys]


def _gathered(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    rows: tuple[list[tuple[Any, ...]], int, dict[str, derived.Derived]],
    counts: tuple[int, float, int, int],
    missing: dict[str, int],
    unprinted: list[tuple[Any, ...]],
    unit: str,
    others: int,
    every: list[tuple[Any, ...]] | None,
    ratio: bool,
) -> Gathered:
    """The Gathered of either way: its label, the checks failed by the cells listed (and how many
    other printed reports fail theirs), and its table — every row when few (or asked for, in
    Python), else the rows shown and the count of all."""
    from .many import _metric, many_label, many_table

    en, (first, listed, full), (printed, total, meeting, incomplete) = q.english, rows, counts
    label = many_label(answerer, q, ask, full, reports, en)
    cells = [c for x in first[:listed] for c in full[x[0]["id"]].operands]
    warnings = answerer.figs.failed_checks([c for c in cells if c["status"] == "reported"], en)
    warnings += [others_fail(others, en)] if others else []
    metric = _metric(answerer, q, ask, reports, ratio)
    if every is not None and (answerer.full_table or len(every) <= TABLE_INLINE):
        table, table_rows = many_table(every, metric, label), None
    else:
        table, table_rows = many_table(first[:listed] + unprinted, metric, label), meeting + sum(missing.values())
    return Gathered(
        first,
        listed,
        full,
        printed,
        total,
        meeting,
        incomplete,
        missing,
        unprinted,
        unit,
        label,
        warnings,
        table,
        table_rows,
    )


def cited(g: Gathered) -> list[dict[str, Any]]:
    """The cells of the rows listed: what the answer cites."""
    return [c for x in g.rows[: g.listed] for c in g.full[x[0]["id"]].operands]


def each_measure(
    answerer: Answerer,
    q: Question,
    reports: list[dict[str, Any]],
    plan: Callable[[Answerer, Question, list[dict[str, Any]]], Answer],
) -> Answer:
    """An average or a threshold of each measure named (行政复议和行政诉讼平均多少件), in turn —
    never the first alone, silently — with a note that each is taken on its own (the mean of a
    sum, or the reports meeting both conditions, is not what is computed)."""
    asks = q.measures if len(q.measures) > 1 else [q.metric]
    answers = [plan(answerer, replace(q, metric=ask, measures=[]), reports) for ask in asks]
    answer = answers[0]
    if len(answers) == 1:
        return answer
    said = [a.answer if q.english or a.answer.endswith(("。", "）")) else a.answer + "。" for a in answers]  # (注意：…)
    answer.answer = (" " if q.english else "").join(said) + each_on_its_own(q.intent == "average", q.english)
    answer.figures = [f for a in answers for f in a.figures]
    answer.warnings = list(dict.fromkeys(w for a in answers for w in a.warnings))
    answer.formula = "; ".join(a.formula for a in answers if a.formula) or None
    answer.table = [t for a in answers for t in a.table]
    if any(a.table_rows is not None for a in answers):
        answer.table_rows = sum(len(a.table) if a.table_rows is None else a.table_rows for a in answers)
    return answer
