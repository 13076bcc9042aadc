"""Numbers the tables do not hold, from the sentences of the reports' text that state them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.template import METRICS

from ..answer import Answer, passage_json, text_figure_json
from ..in_text import FoundNumber, find_number, other_channels
from ..lexicon import MEASURES, ROWS, MetricAsk, chinese, column_phrases
from ..measure import asked_measure
from ..question import Question
from ..retrieval import Passage, retrieve
from ..wording import no_number_stated, number_stated, report_name, several_channels
from .passage import passage_answer

if TYPE_CHECKING:
    from ..router import Answerer


def measure_words(ask: MetricAsk | None, ratio: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The words a sentence's number must be said with (and those it must not), for the figure or rate asked."""
    if ratio in MEASURES:
        return MEASURES[ratio]
    if ask is None:
        return None
    return MEASURES.get(ask.row)


def number_in_prose(answerer: Answerer, q: Question, reports: list[dict[str, Any]], ask: MetricAsk | None):
    """The number the reports' text states for the figure asked (or for the question), if any.

    A template figure's sentence is looked for lexically, with the row's own words added to the
    question (as `numbers_in_prose` does for many reports): its measure words are what the sentence
    must say anyway. Only a number the tables do not hold (ask None) needs the vector search too;
    a process answering figures then never loads the vector index (3.9 s and ~150 MB), and a
    blank cell's answer costs a third less (issue 21)."""
    if ask is None:
        passages = retrieve(answerer.store, q.text, answerer.ids(reports), limit=5, use_vectors=answerer.use_vectors)
    else:
        passages = retrieve(answerer.store, _with_row_words(q, ask), answerer.ids(reports), limit=5, use_vectors=False)
    # A number the tables do not hold is looked for in every passage retrieved (its unit, 多少条, picks
    # the sentence; lower ranks still count less); a template figure's, in the first three.
    return number_of(answerer, q, reports[0], passages, ask, top=len(passages) if ask is None else 3)


def _with_row_words(q: Question, ask: MetricAsk) -> str:
    """The question and its row's first two Chinese phrases: what a lexical search for the
    sentence stating a template figure looks for."""
    return " ".join([q.text, *chinese(ROWS.get(ask.row, ()))[:2]])


def number_of(
    answerer: Answerer,
    q: Question,
    report: dict[str, Any],
    passages: list[Passage],
    ask: MetricAsk | None,
    top: int = 3,
    strict: bool = False,
) -> FoundNumber | None:
    """The number of the passages for the figure asked (`strict`: only one whose sentence
    states exactly that figure, never a wider or combined quantity to quote)."""
    required: tuple[tuple[str, ...], ...] = ()
    units = None
    asked = None
    if ask is not None:
        required = tuple(g for g in (chinese(ROWS.get(ask.row, ())), chinese(column_phrases(ask))) if g)
        units = (METRICS[answerer.figs.keys(ask, report)[0]].unit,)
        asked = asked_measure(ask, q.text)
    if q.ratio:
        units = ("%",)
        required = ()
        asked = None
    return find_number(
        q.text,
        passages,
        answerer.place_words([report]),
        required,
        units,
        measure_words(ask, q.ratio),
        top,
        asked,
        strict,
    )


def numbers_in_prose(
    answerer: Answerer, q: Question, reports: list[dict[str, Any]], ask: MetricAsk
) -> dict[str, FoundNumber]:
    """For reports whose cell is blank: a number from each one's text, with one lexical search."""
    if not reports:
        return {}
    ids = [r["id"] for r in reports]
    passages = retrieve(
        answerer.store,
        _with_row_words(q, ask),
        ids,
        limit=min(200, 4 * len(ids)),
        use_vectors=False,
    )
    by_report: dict[str, list[Passage]] = {}
    for p in passages:
        by_report.setdefault(p.report_id, []).append(p)
    out = {}
    for r in reports:
        if r["id"] not in by_report:
            continue
        found = number_of(answerer, q, r, by_report[r["id"]], ask, strict=True)  # a ranking shows no quote-only number
        if found is not None:
            out[r["id"]] = found
    return out


def in_text_answer(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> Answer:
    """A number the tables do not hold (信息处理费, 考核分值): from the sentence stating it, or
    the passages with a word that no sentence states it."""
    en = q.english
    found = number_in_prose(answerer, q, reports, None)
    if not found:
        answer = passage_answer(answerer, q, reports)
        if answer.route == "passage":
            answer.answer = no_number_stated(en) + answer.answer
        return answer
    p = found.passage
    report = next(r for r in reports if r["id"] == p.report_id)
    who = report_name(report, en)
    text = number_stated(who, found.value, found.unit, found.quote, found.text, p.chunk.cite, en)
    warnings = []
    if others := other_channels(q.text, found):  # 网站、微博、微信…5200条: not the website's alone
        text += several_channels(others, en)
        warnings.append("the number the text states covers other channels too")
    return Answer(
        q.text, "figure_in_text", text, [text_figure_json(found, report)], [passage_json(p, report)], warnings=warnings
    )
