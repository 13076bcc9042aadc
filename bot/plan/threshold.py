"""收到申请超过100件的县有哪些, 哪些县没有收到申请, which counties received more than 100
applications: the reports whose figure meets a condition, listed with their cells cited and
counted; those that print it and do not meet it, counted; those that leave it blank named
apart as not reported (a blank is not 0: it neither meets 没有 nor fails 超过)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..answer import Answer
from ..question import Question
from ..wording import (
    condition_said,
    more_reports,
    not_meeting,
    not_printed,
    notes,
    report_name,
    threshold_sentence,
    unprinted_named,
)
from .chosen_values import UNPRINTED, cited, gather

if TYPE_CHECKING:
    from ..router import Answerer


def threshold_answer(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> Answer:
    """The chosen reports meeting the question's condition, in SQL over thousands of them."""
    from .many import line_of

    en, ask, condition = q.english, q.metric, q.condition
    assert ask is not None and condition is not None
    g = gather(answerer, q, ask, reports, condition, every_term=False)
    said = condition_said(condition.op, condition.value, g.unit, en)
    lines = [line_of(x, g.full, en) for x in g.rows[: g.listed]]
    text = threshold_sentence(g.label, said, g.meeting, lines, en)
    text += more_reports(g.meeting - g.listed, en) if g.meeting > g.listed else ""
    text += not_meeting(g.printed - g.meeting, en) if g.printed > g.meeting else ""
    if g.missing:
        text += not_printed(g.missing, en)
        names = [report_name(x[0], en) for x in g.unprinted]
        unnamed = sum(n for s, n in g.missing.items() if s in UNPRINTED) - len(names)
        text += unprinted_named(names, unnamed, en) if names else ""
    text += notes(g.warnings, en) if g.warnings else ""
    answer = Answer(q.text, "compare", text, cited(g), warnings=g.warnings, table=g.table)
    answer.table_rows = g.table_rows
    return answer
