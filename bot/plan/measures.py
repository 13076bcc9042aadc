"""Several measures named together (行政复议加行政诉讼, 分别): their sum, each one, or a ranking by their sum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import derived
from ..answer import Answer
from ..frame import Frame
from ..question import Question
from ..wording import (
    cite,
    incomplete,
    measures_line,
    measures_listing,
    measures_sum,
    measures_total,
    notes,
    rank_lead,
    report_name,
    sources_sentence,
    term,
)
from .common import TOP, measure_shown, parts_added, table_row

if TYPE_CHECKING:
    from ..router import Answerer


def measures_answer(answerer: Answerer, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
    """Several measures named together, in every report chosen: their sum (行政复议加行政诉讼: every
    printed cell an operand of the formula), each one (分别), or a ranking by their sum; one line
    per report, every report in the table."""
    from .measures_sql import measures_by_sql

    by_sql = measures_by_sql(answerer, q, frame, reports)  # thousands of reports: only the rows shown
    if by_sql is not None:
        return by_sql
    en, op = q.english, frame.operation
    adding = op in ("sum", "rank")  # a ranking over several measures ranks their sum
    rows = measure_rows(answerer, q, frame, reports)
    if op == "rank":
        rows.sort(key=lambda x: (x[2].value is None, (x[2].value or 0) * (1 if q.ascending else -1)))
    text = measure_lines(q, rows, adding)
    subtotals = [x[2] for x in rows]
    printed = [d for d in subtotals if d.value is not None]
    if op == "rank" and printed:
        r, total = rows[0][0], rows[0][2]
        text = rank_lead(q.ascending, r["issuer"], r["year"], derived.shown_value(total, en), en) + text
    formula, said = _total(op, subtotals, printed, en)
    text += said
    if adding and any(not d.complete for d in subtotals):
        text += incomplete(en)
    figures = [c for x in rows for c in x[4]]
    cited, warnings = _cited(answerer, reports, figures, en)
    text += cited
    return Answer(
        q.text,
        _route(op, reports, subtotals),
        text,
        figures,
        warnings=warnings,
        formula=formula,
        table=[t for x in rows for t in x[3]],
    )


def measure_lines(q: Question, rows: list[tuple[Any, ...]], adding: bool, more: int | None = None) -> str:
    """One line per report (its sum, or each measure), the first `q.top` (else TOP) of them, and
    how many more reports the table has (`more`: else those of `rows` not listed)."""
    en = q.english
    limit = q.top or TOP
    lines = [
        measures_sum(report_name(r, en), terms, total.formula or "—", total.unit or "", en)
        if adding
        else measures_line(report_name(r, en), terms, en) + ("." if en else "。")
        for r, terms, total, _, _ in rows[:limit]
    ]
    return measures_listing(lines, len(rows) - limit if more is None else more, en)


def _total(
    op: str, subtotals: list[derived.Derived], printed: list[derived.Derived], en: bool
) -> tuple[str | None, str]:
    """A sum's formula (one report's, or the reports' sums added) and its sentence; a listing adds nothing up."""
    formula = subtotals[0].formula if len(subtotals) == 1 and op == "sum" else None
    if op == "sum" and len(printed) > 1:
        formula = derived.sum_formula([d.value for d in printed if d.value is not None])
        return formula, (" " if en else "") + measures_total(formula, printed[0].unit or "", len(printed), en)
    return formula, ""


def _cited(
    answerer: Answerer, reports: list[dict[str, Any]], figures: list[dict[str, Any]], en: bool
) -> tuple[str, list[str]]:
    """The sources of one report's printed cells and the checks they fail: the sentence's end, and the warnings."""
    reported = [c for c in figures if c["status"] == "reported"]
    text = ""
    if len(reports) == 1 and reported:
        text += sources_sentence([cite(c, en) for c in reported], en)
    warnings = answerer.figs.failed_checks(reported, en)
    if warnings:
        text += notes(warnings, en, limit=len(warnings))
    return text, warnings


def _route(op: str, reports: list[dict[str, Any]], subtotals: list[derived.Derived]) -> str:
    """The answer's route: a sum is derived; a listing is a comparison, a sum or one figure by its reports."""
    return {"sum": "derived", "rank": "rank", "trend": "trend"}.get(op) or (
        "compare" if len(reports) > 1 else "derived" if any(len(d.operands) > 1 for d in subtotals) else "figure"
    )


def measure_rows(answerer: Answerer, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Per report: (report, each measure worded, their sum, table rows, cells); one lookup per measure."""
    en = q.english
    bulk = [answerer.figs.bulk(a, reports) for a in q.measures]
    out = []
    for r in reports:
        mine = [b.get(r["id"], []) for b in bulk]
        terms, table = [], []
        for ask, m, cells in zip(q.measures, frame.measures, mine):
            d = derived.total(cells)
            label = answerer.figs.label(ask, cells[0], en) if cells else m.label
            terms.append(term(label, measure_shown(d, en), parts_added(d), en))
            table.append({**table_row(r, d, en), "metric": m.key, "label": label})
        every = [c for cells in mine for c in cells]
        out.append((r, terms, derived.total(every), table, every))
    return out
