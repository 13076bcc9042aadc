"""One figure in one report: the printed cell, a sub-total the template implies, or a blank cell and what the text says of it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.template import METRICS

from .. import derived
from ..answer import Answer, passage_json, text_figure_json
from ..in_text import FoundNumber
from ..lexicon import MetricAsk
from ..measure import why_not
from ..question import Question
from ..wording import (
    amount,
    figure_sentence,
    missing_cell,
    notes,
    number,
    report_name,
    section_source,
    source,
    subtotal_sentence,
)
from .common import missing_said, operands_said
from .in_text import number_in_prose

if TYPE_CHECKING:
    from ..router import Answerer



def figure_answer(answerer: Answerer, q: Question, report: dict[str, Any]) -> Answer:
    en, ask = q.english, q.metric
    assert ask is not None
    cells = answerer.figs.cells(ask, report)
    _, _, status = answerer.figs.value(ask, cells)
    who = report_name(report, en)
    label = answerer.figs.label(ask, cells[0], en)
    warnings = answerer.figs.failed_checks(cells, en)
    if answerer.figs.is_sum(ask) and any(c["status"] == "reported" for c in cells):
        return sum_answer(answerer, q, report, ask, cells, label, warnings)
    if status == "reported":
        fig = cells[0]
        extra = answerer.figs.breakdown(fig)
        cells += extra
        columns = ("，".join(f"{c['label'].split(' · ')[-1]} {amount(c)}" for c in extra)
                   if not en else ", ".join(f"{METRICS[c['metric']].english.split(', ')[-1]} "
                                             f"{amount(c, True)}" for c in extra))
        text = figure_sentence(who, label, amount(fig, en), columns, source(fig, en), en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        return Answer(q.text, "figure", text, cells, warnings=warnings)
    # Blank, unreadable or absent: say so, then look in the prose.
    fig = cells[0]
    text = missing_cell(fig, status, who, label, en)
    if answerer.figs.is_sum(ask) and len(cells) > 1:  # a sub-total none of whose rows or columns is printed
        parts = derived.Derived(None, None, "", cells, cells, False)
        said = missing_said(parts, en).split(": ", 1)[-1].split("：", 1)[-1]
        text = (f"The {who} prints none of the {len(cells)} cells that make up “{label}”: {said}." if en
                else f"{who}中构成“{label}”的 {len(cells)} 个栏目均未印出数字：{said}。")
        text += f" {source(fig, True)}." if en else f"{source(fig)}。"
    found = number_in_prose(answerer, q, [report], ask)
    return quoted_answer(answerer, q, report, found, fig, text, cells, status, warnings)


def quoted_answer(answerer: Answerer, q: Question, report: dict[str, Any], found: FoundNumber | None, fig: dict[str, Any],
            text: str, cells: list[dict[str, Any]], status: str, warnings: list[str]) -> Answer:
    """A blank, unreadable or absent cell, with what the report's text says of it: the number
    when its sentence states exactly this figure; else the sentence quoted without its number
    taken as the cell's; else that the text does not state it."""
    en = q.english
    if found is None:
        text += (" Not found in the text either: no sentence of the report states this figure." if en
                 else "报告正文中未找到写明此数字的句子。")
        return Answer(q.text, "figure", text, cells, warnings=[f"table cell {status}"] + warnings)
    p = found.passage
    where = f"{report_name(report, en)}, {p.chunk.cite}" if en else f"{report_name(report)}，{p.chunk.cite}"
    if found.fit.kind == "related":
        text += (f" Not found in the text: no sentence states this figure. It says “{found.quote}” ({where}), but "
                 f"{why_not(found.fit, True)}, so that number is not this cell's." if en else
                 f"报告正文中未找到写明此数字的句子：正文写道“{found.quote}”（{where}），但{why_not(found.fit)}，"
                 "不能作为此栏的数字。")
        return Answer(q.text, "passage", text, cells, [passage_json(p, report)],
                      warnings=[f"table cell {status}; the text states a different quantity"] + warnings)
    unit_en = found.unit if found.unit != "件" else ""
    word = found.fit.word or ""
    text += (f" The report's text says: “{found.quote}” — {number(found.value)}{unit_en} "
             f"({where})." if en else
             f"但报告正文写道：“{found.quote}”，即{word} {number(found.value)} {found.unit}（{where}）。")
    if found.fit.kind == "as_asked":  # the question's own word (受理): its answer, not the cell
        text += (f" That is the count {word} (accepted; it may include applications carried over), not the "
                 f"table's “{fig['label']}”." if en else
                 f"这是“{word}”的数量（可能包含上年结转），并非表中“{fig['label']}”一栏。")
    metric, label = (fig["metric"], fig["label"]) if found.fit.kind == "same" else (None, None)
    quoted = text_figure_json(found, report, metric, label)
    return Answer(q.text, "figure_in_text", text, [quoted, *cells], [passage_json(p, report)],
                  warnings=[f"table cell {status}; figure taken from the text"] + warnings)


def sum_answer(answerer: Answerer, q: Question, report: dict[str, Any], ask: MetricAsk, cells: list[dict[str, Any]],
                label: str, warnings: list[str]) -> Answer:
    """A sub-total the template implies (法人或其他组织, 不予公开…): the formula with every operand."""
    en = q.english
    d = derived.total(cells)
    who = report_name(report, en)
    operands = operands_said(d, en)
    missing = missing_said(d, en)
    text = subtotal_sentence(who, label, d.formula, d.unit, operands, len(d.operands) - len(d.missing) > 1,
                             missing, en)
    text += section_source(who, cells[0]["cite"].rsplit(" › ", 1)[0], en)
    if warnings:
        text += notes(warnings, en, limit=len(warnings))
    if not d.complete:
        warnings = warnings + ["some operands are not printed: the sum covers the printed ones only"]
    return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula)
