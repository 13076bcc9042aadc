"""A ranking, a comparison of every report, a sum or a trend over many issuers, from SQL
aggregates (index/aggregates.py) instead of a row per report in Python.

Used when more than MANY_SQL_OVER reports are chosen and the figure is one stored cell a
report or a sum of cells (not a rate, no table of every report asked for): the first rows
come from the metric's index (a sum's: its `group_cells` index), the counts by status, the
sums and each year's sum from the tallies kept at ingest (`aggregates.tally`) when the
reports are every report of some years but a few, else from the chosen reports' cells. The answer says what `many.many_answer` says over the same
reports — the rows it shows built by the same functions — and carries those rows and the
count of the rest (`Answer.table_rows`); the whole table is made on request by `many_answer`.
Where few enough reports are blank that their texts would be searched (PROSE_REPORTS), the
question goes the Python way, which does that search."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from index import aggregates

from ..answer import Answer
from ..lexicon import MetricAsk
from ..question import Question
from ..report_set import ReportSet
from ..wording import (
    blank_not_searched,
    many_sentence,
    more_reports,
    not_printed,
    notes,
    number,
    others_fail,
    per_year_line,
    sum_found,
    sum_incomplete_reports,
)
from .common import TOP

if TYPE_CHECKING:
    from ..router import Answerer

# The metrics asked, the SQL restricting their cells to the chosen reports, and the figure's
# tally over them (one metric's or a sum group's; None: read from the cells).
Chosen = tuple[list[int], str, aggregates.Tallied | None]
# Fewer reports: the Python way (every row in hand). Past a few hundred, SQL is faster and the
# answer carries the rows it shows, not every one (各地2019年…合计 over 1,667 reports at 10,000:
# 28 ms and every row in the table by Python, 6 ms by SQL).
MANY_SQL_OVER = 200
STATUS_ORDER = ("blank", "unreadable", "absent", "zero")  # how reports without the figure are counted, in this order


def many_by_sql(
    answerer: Answerer, q: Question, ask: MetricAsk, reports: list[dict[str, Any]], route: str
) -> Answer | None:
    """The answer from SQL aggregates, or None when this question needs the Python way."""
    from .many import PROSE_REPORTS
    from .rate_sql import rates_by_sql, rates_in_sql

    if rates_in_sql(answerer, q, reports, route):  # 复议纠错率最高: each report's part over its whole
        return rates_by_sql(answerer, q, ask, reports)  # type: ignore[arg-type]
    if len(reports) <= MANY_SQL_OVER or answerer.full_table or q.ratio or q.issuers:
        return None
    if route == "trend" and (len(reports) <= TOP or q.intent == "sum"):  # each report listed: the Python way
        return None
    metrics = metrics_of(answerer, ask, reports)
    if metrics is None:
        return None
    agg = aggregated(answerer, metrics, reports)
    if 0 < len(reports) - agg.printed <= PROSE_REPORTS:
        return None
    where = (metrics, agg.where, agg.tallied)
    if route == "trend":
        return _per_year(answerer, q, ask, reports, where, agg.missing)
    return _ranked(answerer, q, ask, reports, route, where, (agg.printed, agg.incomplete), agg.missing)


def metrics_of(answerer: Answerer, ask: MetricAsk, reports: list[dict[str, Any]]) -> list[int] | None:
    """The stored metric ids of the figure asked (one cell a report, or the cells it adds up),
    or None when SQL cannot give it (a key not stored; a row's first default column printed)."""
    keys = answerer.figs.keys_of_all(ask, reports)
    if ask.row.startswith("active.") and len(keys) > 1:  # a report's first default column printed: Python
        return None
    return aggregates.metric_ids(answerer.store.db, keys)


@dataclass(frozen=True)
class Aggregated:
    """A figure (one cell a report, or the sum of several) over the chosen reports, counted by
    SQLite: the SQL restricting cells to them, the tallies kept at ingest when they serve, how
    many print it (and of those how many leave a cell of a sum blank), and the others by status."""

    metrics: list[int]
    where: str
    tallied: aggregates.Tallied | None
    printed: int
    incomplete: int
    missing: dict[str, int]


def aggregated(answerer: Answerer, metrics: list[int], reports: list[dict[str, Any]]) -> Aggregated:
    """The figure of these metrics over these reports, counted (several cells: summed per report
    into `aggregates.sum_cells`' table, read until the next figure's)."""
    db = answerer.store.db
    chosen = (
        aggregates.choice_of(db, reports.counted, reports.params, reports.year_counts(), reports.memo)
        if isinstance(reports, ReportSet)  # chosen in SQL: no row read but those shown
        else aggregates.choice(db, reports, answerer.reports())
    )
    where = chosen.where
    tallied = _tallied(answerer, metrics, chosen)
    if len(metrics) > 1 and not tallied:
        aggregates.sum_cells(db, metrics, where)
    counts = Counter(tallied.statuses) if tallied else aggregates.statuses(db, metrics, where)
    incomplete = tallied.incomplete if tallied else counts.pop("incomplete", 0)
    printed = counts.pop("reported", 0)
    blank = len(reports) - printed
    counts["absent"] = counts.get("absent", 0) + blank - sum(counts.values())
    missing = {s: counts[s] for s in sorted(counts, key=status_rank) if counts[s]}
    return Aggregated(metrics, where, tallied, printed, incomplete, missing)


def _tallied(answerer: Answerer, metrics: list[int], chosen: aggregates.Choice) -> aggregates.Tallied | None:
    """The counts and sums kept at ingest over the chosen reports (a sum of cells: its group,
    added when first asked), or None: read from the cells."""
    if not chosen.tallied():
        return None
    if len(metrics) == 1:
        return aggregates.tally(answerer.store.db, metrics[0], chosen)
    group = answerer.store.sum_group(metrics)
    return aggregates.tally(answerer.store.db, metrics[0], chosen, group) if group is not None else None


def status_rank(status: str) -> int:
    """Where reports in this status are counted in a sentence (STATUS_ORDER)."""
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)


def _ranked(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    route: str,
    where: Chosen,
    counted: tuple[int, int],
    missing: dict[str, int],
) -> Answer:
    """A ranking, a comparison of every report, or their sum: the first rows from the index."""
    from .many import _Picked, _rank_lead, full_values, line_of, many_label

    en, (metrics, chosen, tallied), printed = q.english, where, counted[0]
    xs = _first(answerer, q, ask, where, printed)
    listed = xs[: q.top or TOP]
    full = full_values(answerer, [x[0] for x in listed], q, ask, False)
    label = many_label(answerer, q, ask, full, reports, en)
    lines = [line_of(x, full, en) for x in listed]
    text = many_sentence("sum" if q.intent == "sum" and route == "compare" else route, label, lines, en)
    text += more_reports(printed - len(listed), en) if printed > len(listed) else ""
    text += not_printed(missing, en) + blank_not_searched(sum(missing.values()), en) if missing else ""
    text = _rank_lead(q, route, _Picked(xs, [], False, False, listed, listed), full) + text
    formula, said = _formula(answerer, q, route, where, xs, counted, bool(missing))
    text += said
    figures = [c for r in (x[0] for x in listed) for c in full[r["id"]].operands]
    warnings = answerer.figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
    shown = [x[0]["report_key"] for x in listed]
    others = aggregates.failing_printed(answerer.store.db, metrics, chosen, shown, tallied)
    warnings += [others_fail(others, en)] if others else []
    text += notes(warnings, en) if warnings else ""
    return _answer(answerer, q, ask, reports, route, text, figures, warnings, formula, listed, label)


def _first(answerer: Answerer, q: Question, ask: MetricAsk, where: Chosen, printed: int) -> list[tuple[Any, ...]]:
    """The first rows in order, as `many.ordered` orders them (value, then issuer and year):
    those shown, at least three (a long sum names its first three terms), every term of a
    short sum."""
    from .many import SUM_TERMS

    n = q.top or TOP
    want = printed if q.intent == "sum" and printed <= SUM_TERMS else max(n, 3)
    return first_rows(answerer, ask, where, want if printed else 0, q.ascending)


def first_rows(
    answerer: Answerer,
    ask: MetricAsk,
    where: Chosen,
    want: int,
    ascending: bool,
    condition: tuple[str, float] | None = None,
) -> list[tuple[Any, ...]]:
    """The first `want` rows (report, light value, None, value) by value, then issuer and year;
    with `condition` (op, number), of those meeting it."""
    ranked = first_reports(answerer, where, want, ascending, condition)
    light = answerer.figs.light(ask, ranked)
    return [(r, light[r["id"]], None, light[r["id"]].value) for r in ranked]


def first_reports(
    answerer: Answerer, where: Chosen, want: int, ascending: bool, condition: tuple[str, float] | None = None
) -> list[dict[str, Any]]:
    """The rows of the first `want` reports by the figure's value, then issuer and year."""
    group = where[2].group if where[2] else None
    pairs = aggregates.top(answerer.store.db, *where[:2], want, ascending, group, condition) if want else []
    rows = answerer.store.reports_by_key([k for k, _ in pairs])
    sign = 1 if ascending else -1
    # Ties with the last row come back too (thousands of 0s): ordered before any cell is read.
    ranked = sorted(
        ((rows[k], v) for k, v in pairs),
        key=lambda t: (t[1] * sign, t[0]["issuer"] or "", t[0]["year"] or 0),
    )[:want]
    return [r for r, _ in ranked]


def _formula(
    answerer: Answerer,
    q: Question,
    route: str,
    where: Chosen,
    xs: list[tuple[Any, ...]],
    counted: tuple[int, int],
    missing: bool,
) -> tuple[str | None, str]:
    """A comparison's difference of the first two, or the sum of every printed value."""
    from .many import _gap

    printed, incomplete = counted
    if route == "compare" and printed >= 2 and q.intent != "sum" and not q.each:
        return _gap(xs, False, q.english)
    if q.intent == "sum" and printed:
        return _sum(answerer.store.db, where, xs, printed, missing or incomplete > 0, q.english)
    return None, ""


def _sum(
    db: Any, where: Chosen, xs: list[tuple[Any, ...]], printed: int, incomplete: bool, en: bool
) -> tuple[str, str]:
    """The sum of every printed value: its formula (every term up to SUM_TERMS, else the first of
    them and the count; each term is in the whole table) and its sentence."""
    from .many import SUM_TERMS

    metrics, chosen, tallied = where
    total = tallied.total if tallied else aggregates.total(db, metrics, chosen)
    terms = [number(x[3]) for x in xs]
    unit = next((x[1].unit for x in xs if x[1].unit), "") or ""
    if printed <= SUM_TERMS:
        formula = " + ".join(terms) + f" = {number(total)}" if len(terms) > 1 else number(total)
    else:
        formula = " + ".join(terms[:3]) + f" + … ({printed}) = {number(total)}"
    # Past SUM_TERMS the sentence words the first three terms and the count of them all.
    said = sum_found(terms + [""] * (printed - len(terms)), total, unit, SUM_TERMS, en)
    return formula, said + (sum_incomplete_reports(en) if incomplete else "")


def _per_year(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    where: Chosen,
    missing: dict[str, int],
) -> Answer:
    """A trend over many issuers: each year's sum of the printed values and how many print it."""
    from .many import many_label

    en, (metrics, chosen, tallied) = q.english, where
    db = answerer.store.db
    per_year = reports_per_year(reports)
    sums, have = year_sums(answerer, reports, where)
    unit = aggregates.unit(db, metrics) or ""
    lines = [
        per_year_line(y, number(sums[y]) if have[y] else "—", unit, have[y], per_year[y] - have[y], en, 0)
        for y in sorted(per_year, key=lambda y: y or 0)
    ]
    label = many_label(answerer, q, ask, {}, reports, en)
    text = many_sentence("trend", label, lines, en)
    text += blank_not_searched(sum(missing.values()), en) if missing else ""
    others = aggregates.failing_printed(db, metrics, chosen, [], tallied)
    warnings = [others_fail(others, en)] if others else []
    text += notes(warnings, en) if warnings else ""
    return _answer(answerer, q, ask, reports, "trend", text, [], warnings, None, [], label)


def reports_per_year(reports: list[dict[str, Any]]) -> Counter[int | None]:
    """How many of the chosen reports are of each year."""
    return reports.year_counts() if isinstance(reports, ReportSet) else Counter(map(itemgetter("year"), reports))


def year_sums(
    answerer: Answerer, reports: list[dict[str, Any]], where: Chosen
) -> tuple[dict[int | None, float], Counter[int | None]]:
    """Each year's sum of the printed values, and how many reports print one."""
    db, (metrics, chosen, tallied) = answerer.store.db, where
    sums: dict[int | None, float] = {}
    have: Counter[int | None] = Counter()
    if tallied:
        for year, (value, n) in tallied.years.items():
            sums[year], have[year] = value, n
        return sums, have
    # each printed value's report's year, from the chosen reports' rows (or keys)
    year_of = (
        dict(db.execute(*reports.keys_sql()).fetchall())
        if isinstance(reports, ReportSet)
        else {r["report_key"]: r["year"] for r in reports}
    )
    for key, value in aggregates.printed_values(db, metrics, chosen):
        year = year_of[key]
        sums[year] = sums.get(year, 0) + value
        have[year] += 1
    return sums, have


def _answer(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    route: str,
    text: str,
    figures: list[dict[str, Any]],
    warnings: list[str],
    formula: str | None,
    shown: list[tuple[Any, ...]],
    label: str,
) -> Answer:
    """The Answer, with the rows shown as its table and the count of every row."""
    from .many import _metric, many_table

    table = many_table(shown, _metric(answerer, q, ask, reports, False), label)
    if route == "trend":
        table.sort(key=lambda t: t["year"] or 0)
    answer = Answer(
        q.text,
        "derived" if q.intent == "sum" else route,
        text,
        figures,
        warnings=warnings,
        formula=formula,
        table=table,
    )
    answer.table_rows = len(reports)
    return answer
