"""平均每个县收到多少申请, the average number of lawsuits: the mean of a figure over the reports
chosen (a level's, some years', the issuers named, every report), with its arithmetic — the sum
of the printed cells ÷ how many reports print it — the cells cited as a sum cites them, and how
many reports leave it blank (not reported: never 0, never in the divisor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..answer import Answer
from ..question import Question
from ..wording import (
    average_excludes,
    average_formula,
    average_sentence,
    incomplete,
    many_sentence,
    more_reports,
    no_average,
    not_printed,
    notes,
    number,
)
from .chosen_values import cited, gather

if TYPE_CHECKING:
    from ..router import Answerer

DECIMALS = 2  # a mean is shown to two decimals, marked ≈ when rounded


def average_answer(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> Answer:
    """The mean of the question's figure over the chosen reports, in SQL over thousands of them."""
    from .many import SUM_TERMS, line_of

    en, ask = q.english, q.metric
    assert ask is not None
    g = gather(answerer, q, ask, reports, None, every_term=True)
    if not g.printed:
        text = no_average(g.label, en) + (not_printed(g.missing, en) if g.missing else "")
        return _answer(answerer, q, text, [], g, None)
    mean = g.total / g.printed
    shown = round(mean, DECIMALS)
    sign = "=" if shown == mean else "≈"
    terms = [_shown(x[3]) for x in g.rows] + [""] * (g.printed - len(g.rows))  # past SUM_TERMS: the count
    total = _shown(g.total)
    arithmetic = average_formula(terms, total, g.printed, f"{sign} {number(shown)}", SUM_TERMS, en)
    text = average_sentence(g.label, number(shown), g.unit, arithmetic, g.printed, en)
    text += (" " if en else "") + many_sentence(
        "sum", g.label, [line_of(x, g.full, en) for x in g.rows[: g.listed]], en
    )
    text += more_reports(g.printed - g.listed, en) if g.printed > g.listed else ""
    text += not_printed(g.missing, en) + average_excludes(en) if g.missing else ""
    text += incomplete(en) if g.incomplete else ""  # a sum some of whose cells are blank: its printed ones
    added = " + ".join(terms) if g.printed <= SUM_TERMS else " + ".join(terms[:3]) + f" + … ({g.printed})"
    formula = f"{added} = {total}; {total} / {g.printed} {sign} {number(shown)}"
    return _answer(answerer, q, text + (notes(g.warnings, en) if g.warnings else ""), cited(g), g, formula)


def _answer(
    answerer: Answerer, q: Question, text: str, figures: list[dict[str, Any]], g: Any, formula: str | None
) -> Answer:
    """A derived answer (computed from cited cells, the formula shown), with its table."""
    answer = Answer(q.text, "derived", text, figures, warnings=g.warnings, formula=formula, table=g.table)
    answer.table_rows = g.table_rows
    return answer


def _shown(value: float) -> str:
    """A term or a sum as the arithmetic shows it: a count as printed, a rate or amount to two decimals."""
    return number(value if float(value).is_integer() else round(value, DECIMALS))
