"""Several measures named together (行政复议和行政诉讼, 行政复议加行政诉讼) over many reports, from SQL
aggregates: each measure's sum and theirs, each measure's sum per year, a ranking by their sum,
or the first reports' lines, reading only the rows shown.

The Python way (bot/plan/measures.py) builds a line and table rows for every report: over the
16,666 county reports of 2020 at 100,000 reports, a ranking by 行政复议 + 行政诉讼 took 4 s and
26 MB of JSON, and a trend of the two over every report 9 minutes and 153 MB (issue 21). Here
the answer carries the rows it shows and the count of the rest (`Answer.table_rows`); the whole
table is made on request by `measures_answer` (the answer's `table_query`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index import aggregates

from .. import derived
from ..answer import Answer
from ..frame import Frame
from ..question import Question
from ..wording import (
    many_sentence,
    measure_over_many,
    measures_over_many,
    measures_year,
    not_printed,
    number,
    rank_lead,
)
from .common import TOP
from .many_sql import aggregated, first_reports, metrics_of, reports_per_year, year_sums

if TYPE_CHECKING:
    from ..router import Answerer

# Beyond this many reports, a line per report is no answer anyone reads (and the Python way's
# table and formula grow with them: 2.5 MB of JSON over 1,666 reports).
MEASURES_SQL_OVER = 100


def measures_by_sql(answerer: Answerer, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer | None:
    """Several measures over many reports from SQL, or None for the Python way (few reports, the
    whole table asked for, a rate, issuers named, a figure SQL cannot give)."""
    if len(reports) <= MEASURES_SQL_OVER or answerer.full_table or q.ratio or q.issuers:
        return None
    each = [metrics_of(answerer, ask, reports) for ask in q.measures]
    metrics = [m for m in each if m is not None]
    if len(metrics) != len(each):
        return None
    op = frame.operation
    if op == "rank":
        return _ranked(answerer, q, frame, reports, metrics)
    if op in ("sum", "trend"):
        return _summed(answerer, q, reports, metrics, op)
    return _first_reports(answerer, q, frame, reports)


def _labels(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> list[str]:
    from .many import many_label

    return [many_label(answerer, q, ask, {}, reports, q.english) for ask in q.measures]


def _summed(
    answerer: Answerer, q: Question, reports: list[dict[str, Any]], metrics: list[list[int]], op: str
) -> Answer:
    """Each measure's sum over the reports (a trend: per year), and the sum of them all when asked
    (行政复议加行政诉讼 / 合计)."""
    en, db = q.english, answerer.store.db
    labels = _labels(answerer, q, reports)
    per_year = reports_per_year(reports)
    parts: list[str] = []
    years: dict[int | None, list[str]] = {y: [] for y in sorted(per_year, key=lambda y: y or 0)}
    totals: list[float] = []
    unit = ""
    for label, ids in zip(labels, metrics):
        agg = aggregated(answerer, ids, reports)  # (several cells: summed for this measure, read now)
        unit = unit or aggregates.unit(db, ids) or ""
        where = (ids, agg.where, agg.tallied)
        if op == "trend":
            sums, have = year_sums(answerer, reports, where)
            for y, out in years.items():
                shown = number(sums[y]) if have[y] else "—"
                out.append(measure_over_many(label, shown, unit, have[y], per_year[y] - have[y], en))
            continue
        total = agg.tallied.total if agg.tallied else aggregates.total(db, ids, agg.where)
        totals.append(total)
        parts.append(measure_over_many(label, number(total), unit, agg.printed, len(reports) - agg.printed, en))
    if op == "trend":
        lines = [measures_year(y, out, en) for y, out in years.items()]
        text = many_sentence("trend", "、".join(labels), lines, en)
        return _answer(q, "trend", text, [], None, len(reports) * len(metrics))
    formula = derived.sum_formula(totals) if len(totals) > 1 else None
    text = measures_over_many(parts, formula, unit, en)
    return _answer(q, "derived", text, [], formula, len(reports) * len(metrics))


def _ranked(
    answerer: Answerer, q: Question, frame: Frame, reports: list[dict[str, Any]], metrics: list[list[int]]
) -> Answer:
    """A ranking by the measures' sum in each report: the first reports from the sum's index,
    worded by the Python way's own lines; how many others print any of them, and why not the rest."""
    from .measures import measure_lines, measure_rows

    en = q.english
    every = list(dict.fromkeys(m for ids in metrics for m in ids))
    agg = aggregated(answerer, every, reports)
    want = (q.top or TOP) if agg.printed else 0
    first = first_reports(answerer, (every, agg.where, agg.tallied), want, q.ascending)
    rows = measure_rows(answerer, q, frame, first)
    text = measure_lines(q, rows, True, more=agg.printed - len(rows))
    if rows:
        r, total = rows[0][0], rows[0][2]
        text = rank_lead(q.ascending, r["issuer"], r["year"], derived.shown_value(total, en), en) + text
    else:
        text = many_sentence("rank", "、".join(_labels(answerer, q, reports)), [], en)
    text += not_printed(agg.missing, en) if agg.missing else ""
    figures = [c for x in rows for c in x[4]]
    table = [t for x in rows for t in x[3]]
    return _answer(q, "rank", text, figures, None, len(reports) * len(metrics), table)


def _first_reports(answerer: Answerer, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
    """Each measure of every report, listed: the first reports' lines and how many more."""
    from .measures import measure_lines, measure_rows

    rows = measure_rows(answerer, q, frame, list(reports[: q.top or TOP]))
    text = measure_lines(q, rows, False, more=len(reports) - len(rows))
    figures = [c for x in rows for c in x[4]]
    table = [t for x in rows for t in x[3]]
    return _answer(q, "compare", text, figures, None, len(reports) * len(q.measures), table)


def _answer(
    q: Question,
    route: str,
    text: str,
    figures: list[dict[str, Any]],
    formula: str | None,
    rows: int,
    table: list[dict[str, Any]] | None = None,
) -> Answer:
    """The answer with the rows it shows, and how many rows the whole table has."""
    answer = Answer(q.text, route, text, figures, formula=formula, table=table or [])
    answer.table_rows = rows
    return answer
