"""One figure in one report: the printed cell, a sub-total the template implies, or a blank cell and what the text says of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.template import METRICS

from .. import derived
from ..answer import Answer, passage_json, printed_note, text_figure_json
from ..lexicon import MetricAsk
from ..question import Question
from ..wording import (
    amount,
    as_asked_note,
    at,
    figure_sentence,
    missing_cell,
    none_printed,
    not_in_text,
    notes,
    other_quantity,
    report_name,
    section_source,
    source,
    subtotal_sentence,
    text_says,
)
from .common import missing_said, operands_said

if TYPE_CHECKING:
    from ..in_text import FoundNumber
    from ..router import Answerer


def figure_answer(answerer: Answerer, q: Question, report: dict[str, Any]) -> Answer:
    """One figure in one report: the printed cell (with its columns), a sub-total's formula, or a cell
    not printed and what the report's text says of it."""
    en, ask = q.english, q.metric
    assert ask is not None
    cells = answerer.figs.cells(ask, report)
    _, _, status = answerer.figs.value(ask, cells)
    who = report_name(report, en)
    label = answerer.figs.label(ask, cells[0], en)
    warnings = answerer.figs.failed_checks(cells, en)
    if status == "absent" and (sub_rows := answerer.figs.parts_cells(ask, report)):
        label = answerer.figs.label(ask, sub_rows[0], en)  # 其他处理 printed only as its sub-rows
        return sum_answer(q, report, ask, sub_rows, label, answerer.figs.failed_checks(sub_rows, en))
    if answerer.figs.is_sum(ask) and any(c["status"] == "reported" for c in cells):
        return sum_answer(q, report, ask, cells, label, warnings)
    if status == "reported":
        fig = cells[0]
        extra = answerer.figs.breakdown(fig)
        cells += extra
        columns = (
            "，".join(f"{c['label'].split(' · ')[-1]} {amount(c)}" for c in extra)
            if not en
            else ", ".join(f"{METRICS[c['metric']].english.split(', ')[-1]} {amount(c, True)}" for c in extra)
        )
        shown = amount(fig, en)
        text = figure_sentence(who, label, shown + printed_note(fig, shown, en), columns, source(fig, en), en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        return Answer(q.text, "figure", text, cells, warnings=warnings)
    # Blank, unreadable or absent: say so, then look in the prose.
    fig = cells[0]
    text = missing_cell(fig, status, who, label, en)
    if answerer.figs.is_sum(ask) and len(cells) > 1:  # a sub-total none of whose rows or columns is printed
        parts = derived.Derived(None, None, "", cells, cells, False)
        said = missing_said(parts, en).split(": ", 1)[-1].split("：", 1)[-1]
        text = none_printed(who, label, len(cells), said, fig, en)
    from .in_text import number_in_prose  # the prose's search, loaded only for a cell not printed

    found = number_in_prose(answerer, q, [report], ask)
    return quoted_answer(q, report, found, fig, text, cells, status, warnings)


def quoted_answer(
    q: Question,
    report: dict[str, Any],
    found: FoundNumber | None,
    fig: dict[str, Any],
    text: str,
    cells: list[dict[str, Any]],
    status: str,
    warnings: list[str],
) -> Answer:
    """A blank, unreadable or absent cell, with what the report's text says of it: the number
    when its sentence states exactly this figure; else the sentence quoted without its number
    taken as the cell's; else that the text does not state it."""
    en = q.english
    if found is None:
        text += not_in_text(en)
        return Answer(q.text, "figure", text, cells, warnings=[f"table cell {status}"] + warnings)
    p = found.passage
    where = at(report_name(report, en), p.chunk.cite, en)
    if found.fit.kind == "related":
        from ..measure import why_not  # a number the text gives for another measure: rare

        text += other_quantity(found.quote, where, why_not(found.fit, en), en)
        return Answer(
            q.text,
            "passage",
            text,
            cells,
            [passage_json(p, report)],
            warnings=[f"table cell {status}; the text states a different quantity"] + warnings,
        )
    word = found.fit.word or ""
    text += text_says(found.quote, found.value, found.unit, word, where, en)
    if found.fit.kind == "as_asked":  # the question's own word (受理): its answer, not the cell
        text += as_asked_note(word, fig["label"], en)
    metric, label = (fig["metric"], fig["label"]) if found.fit.kind == "same" else (None, None)
    quoted = text_figure_json(found, report, metric, label)
    return Answer(
        q.text,
        "figure_in_text",
        text,
        [quoted, *cells],
        [passage_json(p, report)],
        warnings=[f"table cell {status}; figure taken from the text"] + warnings,
    )


def sum_answer(
    q: Question, report: dict[str, Any], ask: MetricAsk, cells: list[dict[str, Any]], label: str, warnings: list[str]
) -> Answer:
    """A sub-total the template implies (法人或其他组织, 不予公开…): the formula with every operand."""
    en = q.english
    d = derived.total(cells)
    who = report_name(report, en)
    operands = operands_said(d, en)
    missing = missing_said(d, en)
    text = subtotal_sentence(who, label, d.formula, d.unit, operands, len(d.operands) - len(d.missing) > 1, missing, en)
    text += section_source(who, cells[0]["cite"].rsplit(" › ", 1)[0], en)
    if warnings:
        text += notes(warnings, en, limit=len(warnings))
    if not d.complete:
        warnings = warnings + ["some operands are not printed: the sum covers the printed ones only"]
    return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula)
