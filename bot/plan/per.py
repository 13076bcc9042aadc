"""A figure per month, quarter, week or day (平均每月, 日均, "a month"): the reports print each
year's, so the answer is that year's figure divided by the months, quarters, weeks or days of
the year, the division shown beside the cited cell. Per person (人均) needs a number of people
the reports do not print: said, with the year's total, rather than the total passed off as it.
Several reports: their yearly figures, with a note saying how a month's follows from them."""

from __future__ import annotations

import calendar
from typing import Any

from .. import derived
from ..answer import Answer
from ..question import Question
from ..wording import number, per_not_computed, per_sentence, per_yearly_note


def divided(q: Question, answer: Answer, report: dict[str, Any]) -> Answer:
    """One report's figure answer with its value per `q.per` added (or why there is none)."""
    assert q.per is not None
    en = q.english
    value, unit, why = _the_value(answer)
    if q.per == "person" or value is None:
        answer.answer += per_not_computed(q.per, why, en)
        answer.warnings.append(
            f"per {q.per}: not computed ({'no number of people printed' if q.per == 'person' else why})"
        )
        return answer
    year = int(report.get("year") or 0)  # (every stored report has one; 0: a year of 365 days)
    days = 366 if year and calendar.isleap(year) else 365
    per = {"month": 12.0, "quarter": 4.0, "week": days / 7, "day": float(days)}[q.per]
    shown = number(round(value / per, 2))
    written = f"{number(value)} × 7 ÷ {days}" if q.per == "week" else f"{number(value)} ÷ {number(per)}"
    formula = f"{written} ≈ {shown}" if value / per != round(value / per, 2) else f"{written} = {shown}"
    answer.answer += per_sentence(q.per, year, days, shown, unit, formula, en)
    answer.route, answer.formula = "derived", formula
    return answer


def yearly_note(q: Question, answer: Answer) -> Answer:
    """Several reports' yearly figures, said to be such before them."""
    assert q.per is not None
    answer.answer = per_yearly_note(q.per, q.english) + answer.answer
    return answer


def _the_value(answer: Answer) -> tuple[float | None, str, str]:
    """(the answer's value, its unit, why there is none): its printed cell or the number its text
    states, or the whole of a sub-total (none when a part is not printed); never a rate."""
    figures = answer.figures
    if not figures:
        return None, "", "not printed"
    if answer.route == "derived":
        if any(f.get("unit") == "%" for f in figures) or "%" in (answer.formula or ""):
            return None, "", "rate"
        whole = derived.total(figures)
        if not whole.complete or whole.value is None:
            return None, "", "not printed"
        return whole.value, whole.unit or "件", ""
    first = figures[0]
    if first.get("status", "reported") != "reported" or first.get("value") is None:
        return None, "", "not printed"
    if first.get("unit") == "%":
        return None, "", "rate"
    return float(first["value"]), first.get("unit") or "件", ""
