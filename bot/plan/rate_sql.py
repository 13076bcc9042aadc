"""A ranking by a rate or share (复议纠错率, 公开率, 自然人占比) over more than `many_sql.MANY_SQL_OVER` reports chosen in SQL:
each report's part over its whole computed and ordered by SQLite (index/changes.py), only the rows
shown read, and the sentence `many.many_answer` words over the same reports (the rows shown by the
same functions, the reports without a rate counted by why: a cell not printed, or a whole of 0)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index import aggregates
from index.changes import ranked_rates

from ..answer import Answer
from ..chart_spec import many_chart
from ..lexicon import MetricAsk
from ..question import Question
from ..report_set import ReportSet
from ..wording import many_sentence, more_reports, not_printed, notes
from .common import TOP

if TYPE_CHECKING:
    from ..router import Answerer


def rates_by_sql(answerer: Answerer, q: Question, ask: MetricAsk, reports: ReportSet) -> Answer | None:
    """The ranking, or None when its cells differ between reports (an active row's default column)."""
    from .derived import ratio_asks
    from .many import _metric, _Picked, _rank_lead, full_values, line_of, many_label, many_table, ratio_light

    asks = ratio_asks(q, ask)
    if asks is None:
        return None
    ids = _metric_ids(answerer, ask, asks, reports)
    if ids is None:
        return None
    figs, en, db = answerer.figs, q.english, answerer.store.db
    where, params = _chosen(answerer, reports)
    top, counts = ranked_rates(db, where, params, *ids, q.ascending, q.top or TOP)
    by_key = answerer.store.reports_by_key([k for k, _ in top])
    shown = [by_key[k] for k, _ in top]
    light = ratio_light(answerer, q, ask, shown)
    xs = [(r, light[r["id"]], None, light[r["id"]].value) for r in shown]
    full = full_values(answerer, shown, q, ask, True)
    label = many_label(answerer, q, ask, full, reports, en)
    printed = counts.pop("reported", 0)
    missing = dict(counts)
    if len(reports) > printed + sum(missing.values()):  # reports with none of the cells
        missing["absent"] = missing.get("absent", 0) + len(reports) - printed - sum(missing.values())
    text = many_sentence("rank", label, [line_of(x, full, en) for x in xs], en)
    text += more_reports(printed - len(xs), en) if printed > len(xs) else ""
    text += not_printed(missing, en) if missing else ""
    text = _rank_lead(q, "rank", _Picked(xs, [], False, False, xs, xs), full) + text
    figures = [c for r in shown for c in full[r["id"]].operands]
    warnings = figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
    text += notes(warnings, en) if warnings else ""
    answer = Answer(q.text, "rank", text, figures, warnings=warnings)
    answer.table = many_table(xs, _metric(answerer, q, ask, reports, True), label)
    answer.table_rows = len(reports)
    answer.chart = many_chart("rank", answer.table, {r["id"] for r in shown}, False, en, printed - len(xs))
    return answer


def _chosen(answerer: Answerer, reports: ReportSet) -> tuple[str, list[Any]]:
    """The chosen as SQL on the cells' `c.report_key`: fewer than half the reports on file (2021年的县),
    their keys chosen by SQL; else every report but a few (哪个县: those few, kept between questions;
    a test of the year per cell would cost more than the keys at 100,000 reports: 0.7 s against 0.2 s)."""
    if 2 * len(reports) < answerer.catalog.count(answerer.store):
        keys = "SELECT k.key FROM reports r JOIN report_keys k ON k.report_id = r.id WHERE "
        return f" AND c.report_key IN ({keys}{reports.counted})", list(reports.params)
    db = answerer.store.db
    return aggregates.choice_of(db, reports.counted, reports.params, reports.year_counts(), reports.memo).where, []


def _metric_ids(
    answerer: Answerer, ask: MetricAsk, asks: tuple[list[MetricAsk], MetricAsk], reports: ReportSet
) -> tuple[list[int], list[int]] | None:
    """The stored ids of the numerator's cells and the denominator's; None when a report's default
    column decides them (an active row) or one is not stored at all."""
    keys = [answerer.figs.keys_of_all(a, reports) for a in (*asks[0], asks[1])]
    if ask.row.startswith("active.") and any(len(k) > 1 for k in keys):
        return None
    parts = aggregates.metric_ids(answerer.store.db, [k for ks in keys[:-1] for k in ks])
    whole = aggregates.metric_ids(answerer.store.db, keys[-1])
    return (parts, whole) if parts is not None and whole is not None else None


def rates_in_sql(answerer: Answerer, q: Question, reports: list[dict[str, Any]], route: str) -> bool:
    """Whether a rate's ranking is made in SQL: more than `many_sql.MANY_SQL_OVER` reports chosen in SQL, no whole table asked."""
    from .many_sql import MANY_SQL_OVER

    return (
        bool(q.ratio)
        and route == "rank"
        and isinstance(reports, ReportSet)
        and len(reports) > MANY_SQL_OVER
        and not answerer.full_table
    )
