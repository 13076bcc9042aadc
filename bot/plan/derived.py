"""Figures computed from cited cells: a rate or share (numerator over denominator) and a difference a − b, formula shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ingest.textmatch import lazy

from .. import derived
from ..answer import Answer
from ..lexicon import RATES, MetricAsk, asks_growth_amount, asks_share, rate_phrases
from ..question import Question
from ..wording import (
    cite,
    difference_sentence,
    difference_unknown,
    difference_verdict,
    gap_shown,
    growth_too,
    growth_unknown,
    growth_verdict,
    no_year_before,
    notes,
    number,
    percent,
    rate_name,
    rate_sentence,
    rate_unknown,
    report_name,
    section_source,
    share_name,
    sources_sentence,
    unknown_rate,
    zero_base,
    zero_whole,
)
from .common import missing_said, operand_names, table_row
from .value import figure_answer

if TYPE_CHECKING:
    from ..router import Answerer


def value_of(answerer: Answerer, q: Question, ask: MetricAsk, report: dict[str, Any]) -> derived.Derived:
    """The ask's figure in one report as a Derived (a cell, or the sum of a group)."""
    return derived.total(answerer.figs.cells(ask, report))


def rate_answer(answerer: Answerer, q: Question, report: dict[str, Any]) -> Answer:
    """公开率 or a share the user names: numerator rows over a denominator, formula shown."""
    en, ask = q.english, q.metric
    assert ask is not None
    asks = ratio_asks(q, ask)
    if asks is None:
        answer = figure_answer(answerer, q, report)
        if q.ratio == "share":
            from .share import without_whole

            return without_whole(q, answer)
        return answer
    part_asks, whole_ask = asks
    part_cells = [c for a in part_asks for c in answerer.figs.cells(a, report)]
    name = rate_name(en, q.ratio) if q.ratio in RATES else _share_label(answerer, part_asks, whole_ask, report, en)
    whole_cells = answerer.figs.cells(whole_ask, report)
    part, whole = derived.total(part_cells), derived.total(whole_cells)
    d = derived.ratio(part, whole)
    who = report_name(report, en)
    cells = part_cells + whole_cells
    warnings = answerer.figs.failed_checks(cells, en)
    if d.value is None:
        why = missing_said(d, en).lstrip("；; ") or _zero_whole_said(part, whole, en)
        text = rate_unknown(who, name, why, en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        return Answer(q.text, "derived", text, cells, warnings=warnings)
    text = rate_sentence(who, name, d.formula, missing_said(d, en), en)
    text += section_source(who, cells[0]["cite"].split(" › ")[0], en)
    if warnings:
        text += notes(warnings, en, limit=len(warnings))
    return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula)


def ratio_asks(q: Question, ask: MetricAsk) -> tuple[list[MetricAsk], MetricAsk] | None:
    """The numerator and denominator of 公开率 or of the share asked; None: a plain figure (also
    when the only whole there is would be the figure itself: a total's share of itself is no answer)."""
    asks = _ratio_asks(q, ask)
    if asks is not None and [(a.row, a.column or "total") for a in asks[0]] == [
        (asks[1].row, asks[1].column or "total")
    ]:
        return None
    return asks


def _ratio_asks(q: Question, ask: MetricAsk) -> tuple[list[MetricAsk], MetricAsk] | None:
    column = ask.column or "total"
    if q.share_of is not None:  # the whole named in the question ("占新收申请的比例")
        return list(q.measures or [ask]), q.share_of
    if q.ratio in RATES:
        _, parts, (whole_row, whole_column) = RATES[q.ratio]
        return [MetricAsk(r, c or column, "") for r, c in parts], MetricAsk(whole_row, whole_column or column, "")
    if ask.column not in (None, "total") and ask.row.startswith("applications."):
        return [ask], MetricAsk(ask.row, "total", "")  # 自然人占比: of the row's total
    if ask.row.startswith("applications.") and ask.row not in ("applications.received", "applications.carried_over_in"):
        return [ask], MetricAsk("applications.results_total", column, "")
    if ask.row.startswith("applications."):
        return [ask], MetricAsk("applications.received", "total", "")
    if (ask.row.startswith("litigation") or ask.row == "review") and ask.column not in (None, "total"):
        return [ask], MetricAsk(ask.row if ask.row != "litigation" else "litigation", "total", "")
    return None


def rate_label(rate: str, en: bool) -> str:
    """A named rate's short name: 复议纠错率, correction rate of reconsiderations [复议纠错率]."""
    return rate_name(en, rate).split(" =")[0]


def _zero_whole_said(part: derived.Derived, whole: derived.Derived, en: bool) -> str:
    """Both sides printed, the whole 0: what would have been divided, each cell by its name."""
    names = operand_names(part.operands + whole.operands, en)

    def said(d: derived.Derived) -> str:
        return " + ".join(f"{names[c['metric']]} {number(c['value'])}" for c in d.operands if c["status"] == "reported")

    return zero_whole(said(part), said(whole), en)


# A rate named by its words (办结率, 败诉率, "reconsideration rate"): what the question called it.
_RATE_WORD = lazy(r"[\u4e00-\u9fff]{1,4}率|\b[a-z]{3,}(?: [a-z]{3,})? rate\b", re.IGNORECASE)


def unknown_rate_answer(q: Question) -> Answer | None:
    """A 率 the tables do not define (诉讼败诉率, "reconsideration rate"), named as a rate rather than as
    a share: the rates known are said, where a count (the row's total) was ranked or given silently."""
    if q.ratio != "share" or q.metric is None or q.share_of is not None or asks_share(q.text):
        return None
    found = _RATE_WORD.search(q.text)
    if found is None or ratio_asks(q, q.metric) is not None:
        return None
    word = found.group(0).rsplit("的", 1)[-1]  # 申请的办结率: the rate is 办结率
    return Answer(q.text, "none", unknown_rate(word, rate_phrases(q.english), q.english))


def difference_answer(answerer: Answerer, q: Question) -> Answer | None:
    """Two issuers, or one issuer's two years (同比: the year before): a − b with both shown; or
    one measure less another in one report (收到的申请比办结的多多少)."""
    en, ask = q.english, q.metric
    assert ask is not None
    if q.against and len(q.measures) == 2:
        return _measures_difference(answerer, q)
    pair = pair_of(answerer, q)
    if pair is None or isinstance(pair, Answer):
        return pair
    a, b = pair
    if q.growth and not q.ratio:  # a rate's change is in points: the difference below
        return growth_answer(answerer, q, a, b)
    if q.ratio:
        da, db = ratio_value(answerer, q, a), ratio_value(answerer, q, b)
    else:
        da, db = value_of(answerer, q, ask, a), value_of(answerer, q, ask, b)
    label = _compared_label(answerer, q, ask, a, (da.operands or db.operands)[0])
    table = [table_row(r, dd, en) for r, dd in ((a, da), (b, db))]
    sides = ((report_name(a, en), da), (report_name(b, en), db))
    return _difference(answerer, q, label, sides, lambda: _as_growth(q, (a, da), (b, db)), table)


def _measures_difference(answerer: Answerer, q: Question) -> Answer | None:
    """The first measure less the second, in the one issuer's report of the year asked (else its
    latest); None when there is no such report (said as any figure question says it)."""
    en = q.english
    mine = answerer.of_issuers(q.issuers[:1]) if len(q.issuers) == 1 else []
    mine = [r for r in mine if r["year"] in q.years] if q.years else mine
    if not mine:
        return None
    report = max(mine, key=lambda r: r["year"] or 0)
    (a, da), (b, db) = ((m, value_of(answerer, q, m, report)) for m in q.measures[:2])
    first = (da.operands or db.operands)[0]
    na, nb = (answerer.figs.label(m, (d.operands or [first])[0], en) for m, d in ((a, da), (b, db)))
    return _difference(answerer, q, report_name(report, en), ((na, da), (nb, db)), lambda: "", [])


def _difference(
    answerer: Answerer,
    q: Question,
    label: str,
    sides: tuple[tuple[str, derived.Derived], tuple[str, derived.Derived]],
    more: Callable[[], str],
    table: list[dict[str, Any]],
) -> Answer:
    """a − b said with both sides, the larger first in the formula, what is missing, `more()`
    (a growth rate, when asked), the sources and the checks failed; `label`: what both are of."""
    en = q.english
    (na, da), (nb, db) = sides
    d = derived.difference(da, db)
    shown = (na, derived.shown_value(da, en), nb, derived.shown_value(db, en))
    cells = da.operands + db.operands
    warnings = answerer.figs.failed_checks(cells, en)
    if d.value is None:
        text = difference_unknown(label, shown, missing_said(d, en).lstrip("；; "), en)
        return Answer(q.text, "derived", text, cells, warnings=warnings)
    bigger, smaller = (na, nb) if d.value >= 0 else (nb, na)
    if d.value < 0:
        d = derived.difference(db, da)  # the formula reads larger − smaller
    by = None
    if d.value is not None and d.value != 0:
        by = (
            gap_shown(d.value, "", True, en)
            if d.percent
            else derived.shown_value(derived.Derived(abs(d.value), d.unit, ""), en)
        )
    verdict = difference_verdict(bigger, smaller, by, en)
    text = difference_sentence(label, shown, verdict, d.formula, missing_said(d, en), en) + more()
    text += sources_sentence([cite(c, en) for c in cells if c["status"] == "reported"], en)
    if warnings:
        text += notes(warnings, en, limit=len(warnings))
    return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula, table=table)


def _as_growth(q: Question, a: tuple[dict[str, Any], Any], b: tuple[dict[str, Any], Any]) -> str:
    """For one issuer's two years asked how much the figure grew: the change as a rate too, with
    its formula ("" when not asked so, or the earlier year's figure is missing or 0)."""
    if q.ratio or a[0]["issuer"] != b[0]["issuer"] or not asks_growth_amount(q.text):
        return ""
    (new_report, new), (base_report, base) = sorted((a, b), key=lambda side: -(side[0]["year"] or 0))
    g = derived.growth(new, base)
    if g.value is None or g.value == 0:  # (no change: the difference said so)
        return ""
    names = report_name(new_report, q.english), report_name(base_report, q.english)
    verdict = growth_verdict(*names, g.value, percent(abs(g.value)), True, q.english)
    return growth_too(verdict, g.formula, q.english)


def _compared_label(
    answerer: Answerer, q: Question, ask: MetricAsk, report: dict[str, Any], cell: dict[str, Any]
) -> str:
    """What a difference is of: the figure, 公开率, or a share by its part and whole (自然人 / 总计)."""
    en = q.english
    if not q.ratio:
        return answerer.figs.label(ask, cell, en)
    asks = ratio_asks(q, ask)
    if q.ratio in RATES or asks is None:
        return rate_label(q.ratio if q.ratio in RATES else "disclosure_rate", en)
    return _share_label(answerer, *asks, report, en)


def _share_label(answerer: Answerer, parts: list[MetricAsk], whole: MetricAsk, report: dict[str, Any], en: bool) -> str:
    """A share by its parts' and whole's labels: 予以公开 + 部分公开 / 本年新收…."""
    part = " + ".join(answerer.figs.label(p, answerer.figs.cells(p, report)[0], en) for p in parts)
    return share_name(part, answerer.figs.label(whole, answerer.figs.cells(whole, report)[0], en), en)


def growth_answer(answerer: Answerer, q: Question, a: dict[str, Any], b: dict[str, Any]) -> Answer:
    """增长率: (new − base) / base with both cells cited; the base is the earlier year of one issuer, or
    the second of two issuers (淮安比洪泽多百分之多少)."""
    en, ask = q.english, q.metric
    assert ask is not None
    if a["issuer"] == b["issuer"] and (a["year"] or 0) < (b["year"] or 0):
        a, b = b, a
    new, base = value_of(answerer, q, ask, a), value_of(answerer, q, ask, b)
    d = derived.growth(new, base)
    label = answerer.figs.label(ask, (new.operands or base.operands)[0], en)
    na, nb = report_name(a, en), report_name(b, en)
    sides = (na, derived.shown_value(new, en), nb, derived.shown_value(base, en))
    cells = new.operands + base.operands
    warnings = answerer.figs.failed_checks(cells, en)
    table = [table_row(r, dd, en) for r, dd in ((a, new), (b, base))]
    if d.value is None:
        why = zero_base(en) if base.value == 0 else missing_said(d, en).lstrip("；; ")
        return Answer(q.text, "derived", growth_unknown(label, sides, why, en), cells, warnings=warnings, table=table)
    verdict = growth_verdict(na, nb, d.value, percent(abs(d.value)), a["issuer"] == b["issuer"], en)
    text = difference_sentence(label, sides, verdict, d.formula, missing_said(d, en), en)
    text += sources_sentence([cite(c, en) for c in cells if c["status"] == "reported"], en)
    if warnings:
        text += notes(warnings, en, limit=len(warnings))
    return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula, table=table)


def pair_of(answerer: Answerer, q: Question) -> tuple[dict[str, Any], dict[str, Any]] | Answer | None:
    """The two reports a difference is between: two issuers' (in the year asked, else their latest),
    one issuer's two years, or a year and the year before (an Answer when that one is not on file)."""
    pair: list[dict[str, Any]] = []
    if len(q.issuers) >= 2:
        for issuer in q.issuers[:2]:
            mine = answerer.of_issuers([issuer])
            pick = [r for r in mine if r["year"] in q.years] or mine
            if pick:
                pair.append(max(pick, key=lambda r: r["year"] or 0))
    elif len(q.issuers) == 1:
        mine = sorted(answerer.of_issuers(q.issuers[:1]), key=lambda r: r["year"] or 0)
        if len(q.years) >= 2:
            pair = [r for y in q.years[:2] for r in mine if r["year"] == y]
        elif q.years:
            this = [r for r in mine if r["year"] == q.years[0]]
            before = [r for r in mine if r["year"] == q.years[0] - 1]
            pair = this + before
            if this and not before:  # this year's figure, and why there is no change to give
                answer = (rate_answer if q.ratio else figure_answer)(answerer, q, this[0])
                answer.answer += " " + no_year_before(q.issuers[0], q.years[0] - 1, q.english)
                answer.warnings.append(f"no report of {q.years[0] - 1} on file: no change from the year before")
                return answer
        elif len(mine) >= 2:
            pair = [mine[-1], mine[-2]]
    return (pair[0], pair[1]) if len(pair) == 2 else None


def ratio_value(answerer: Answerer, q: Question, report: dict[str, Any]) -> derived.Derived:
    """The rate or share asked in one report, as a Derived (its value read back from the formula)."""
    answer = rate_answer(answerer, q, report)
    part = [c for c in answer.figures]
    if not answer.formula:
        return derived.Derived(None, "%", "", part, [c for c in part if c["status"] != "reported"], False, True)
    value = float(answer.formula.rsplit("= ", 1)[1].rstrip("%"))
    return derived.Derived(value, "%", answer.formula, part, [], True, True)
