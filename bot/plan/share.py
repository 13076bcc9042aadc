"""A share whose whole is not in the figure's own report. Of another report's figure (洪泽区占淮安市的
比例): the one over the other, both cited, saying that the reports do not say whether the whole's
figure includes the part's (each counts its own body's). Of an area no report totals (占全市的比例),
or of nothing larger at all (收到申请的占比): the figure, and why there is no share — never the
count passed off as the share asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ingest.textmatch import lazy

from .. import derived
from ..answer import Answer
from ..question import Question
from ..wording import amount, cite, no_whole, rate_unknown, report_name, share_of_another, sources_sentence
from .common import missing_said

if TYPE_CHECKING:
    from ..router import Answerer

# A share of a whole area (全市, 占本省, 市里, "the city's"): a total no report prints.
_OF_AN_AREA = lazy(
    r"占(?:全|本)?[市省县区州国]|全(?:市|省|县|区|州|国)|[市省州]里"
    r"|\b(?:city|province|county|prefecture|country|nation|national|nationwide)\b",
    re.IGNORECASE,
)
# Where the whole is named: after 占 (洪泽区…占淮安市的比例), or after "share of" ("what share of Huai'an's…").
_WHOLE_AFTER = lazy(r"占|(?:share|proportion|percentage|fraction) of", re.IGNORECASE)


def without_whole(q: Question, answer: Answer) -> Answer:
    """A figure answer to a share question whose report holds no larger total: the reason said."""
    answer.answer += no_whole(bool(_OF_AN_AREA.search(q.text)), q.english)
    answer.warnings.append("a share was asked and no whole for it is printed: the figure itself is given")
    return answer


def of_another_report(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> Answer | None:
    """One issuer's figure as a share of another's (the one named after 占 or "share of"), from
    their reports of the same year; None when the question is not that."""
    if q.ratio != "share" or q.metric is None or len(reports) != 2 or len(q.issuers) != 2:
        return None
    whole_issuer = _whole_named(q)
    if whole_issuer is None or reports[0]["year"] != reports[1]["year"]:
        return None
    whole_report = next((r for r in reports if r["issuer"] == whole_issuer), None)
    part_report = next((r for r in reports if r["issuer"] != whole_issuer), None)
    if whole_report is None or part_report is None:
        return None
    en = q.english
    part_cells, whole_cells = answerer.figs.cells(q.metric, part_report), answerer.figs.cells(q.metric, whole_report)
    part, whole = derived.total(part_cells), derived.total(whole_cells)
    d = derived.ratio(part, whole)
    cells = part_cells + whole_cells
    part_who, whole_who = report_name(part_report, en), report_name(whole_report, en)
    warning = "a share of another report's figure: whether it includes this one, the reports do not say"
    if d.value is None:
        why = missing_said(d, en).lstrip("；; ") or ("0" if whole.value == 0 else "")
        return Answer(q.text, "derived", rate_unknown(part_who, whole_who, why, en), cells, warnings=[warning])
    label = answerer.figs.label(q.metric, part_cells[0], en)
    shown = (part_who, _shown(part, part_cells, en), whole_who, _shown(whole, whole_cells, en))
    text = share_of_another(label, shown, (part_report["issuer"], whole_report["issuer"]), d.formula, en)
    text += sources_sentence([cite(c, en) for c in cells if c["status"] == "reported"], en)
    return Answer(q.text, "derived", text, cells, warnings=[warning], formula=d.formula)


def _whole_named(q: Question) -> str | None:
    """The issuer named right after 占 / "share of": the whole."""
    cue = _WHOLE_AFTER.search(q.text)
    if cue is None:
        return None
    after = [(q.text.find(p.mention, cue.end()), p.issuer) for p in q.places if p.issuer]
    after = [(at, issuer) for at, issuer in after if at >= 0]
    return min(after)[1] if after else None


def _shown(d: derived.Derived, cells: list[dict[str, Any]], en: bool) -> str:
    """The figure as printed (one cell), or its sum's formula."""
    return amount(cells[0], en) if len(cells) == 1 else f"{d.formula} {d.unit or ''}".strip()
