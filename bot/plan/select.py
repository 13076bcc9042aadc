"""Which reports a question is about (its issuers, years, level), or why there is none to answer from."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..issuers import AMBIGUOUS, DEPARTMENTS_ONLY, IssuerMatch, speaks_for_place
from ..question import Question
from ..wording import report_name
from .common import TOP, region_level

if TYPE_CHECKING:
    from ..router import Answerer



def select(answerer: Answerer, q: Question) -> tuple[list[dict[str, Any]], str, str | None]:
    """The reports a question is about, a note on how they were chosen, or a refusal."""
    en = q.english
    reports = answerer.reports()
    if q.issuers:
        reports = answerer.of_issuers(q.issuers)
    elif q.level:
        # 哪个县 asks about counties' governments: a county's bureau is not a county
        reports = [r for r in reports if region_level(r["region"]) == q.level
                   and speaks_for_place(r["issuer"] or "", r.get("kind"))]
        if not reports:
            return [], "", ("No report on file is from that level of government." if en
                            else "没有该级别政府的报告。") + " " + answerer.on_file(en)
    dropped: list[int] = []
    if q.years:
        in_years = [r for r in reports if r["year"] in q.years]
        if in_years:
            return in_years, "", None
        if "year" not in q.inherited:
            return [], "", _no_year(q, reports)
        dropped, q.years = q.years, []  # an inherited year this issuer lacks: use its latest
    if q.intent in ("trend", "rank"):
        return reports, "", None
    return _latest(answerer, q, reports, dropped)


def _no_year(q: Question, reports: list[dict[str, Any]]) -> str:
    """No report of the years asked: say so, and name those on file."""
    en = q.english
    have = "、".join(report_name(r, en) for r in reports[:TOP]) or "—"
    years = "、".join(map(str, q.years))
    who = "、".join(q.issuers) if q.issuers else ("any issuer" if en else "任何单位")
    return (f"There is no {years} report on file for {who}. On file: {have}." if en
            else f"没有{who} {years} 年的报告。已有：{have}。")


def _latest(answerer: Answerer, q: Question, reports: list[dict[str, Any]], dropped: list[int]
            ) -> tuple[list[dict[str, Any]], str, str | None]:
    """No year named (or an inherited one dropped): each issuer's latest report, and say so."""
    en = q.english
    latest: dict[str, dict[str, Any]] = {}
    for r in reports:
        if r["issuer"] not in latest or (r["year"] or 0) > (latest[r["issuer"]]["year"] or 0):
            latest[r["issuer"]] = r
    chosen = list(latest.values())
    if len(chosen) != 1:
        return chosen, "", None
    r = chosen[0]
    only = len(answerer.of_issuers([r["issuer"]])) == 1
    which_en, which_zh = ("only", "唯一的") if only else ("latest", "最新的")
    if dropped:
        years = "、".join(map(str, dropped))
        note = (f"(No {years} report on file for {r['issuer']}: using its {which_en} report, {r['year']}.)"
                if en else f"（没有{r['issuer']} {years} 年的报告，使用其{which_zh}报告：{r['year']} 年。）")
    else:
        note = (f"(No year given: using the {which_en} report on file for {r['issuer']}, {r['year']}.)"
                if en else f"（未指明年份，使用{r['issuer']}{which_zh}报告：{r['year']} 年。）")
    return chosen, note, None


def no_report(answerer: Answerer, places: list[IssuerMatch], en: bool) -> str:
    """Nothing on file for what the question names: say so, and name what is on file instead
    (a place's department reports, never used for its government; the departments words fit)."""
    out, plain = [], []
    for p in dict.fromkeys(places):
        reports = answerer.of_issuers(list(p.alternatives))
        more = len(reports) - TOP
        listed = "、".join([report_name(r, en) for r in reports[:TOP]]
                          + ([f"and {more} more" if en else f"另有 {more} 份"] if more > 0 else []))
        wanted = p.wanted or p.region or p.mention
        if p.how == DEPARTMENTS_ONLY:
            level = region_level(p.region) or "local"
            out.append(f"There is no report on file for {wanted} (the {level} government). "
                       f"On file for {p.region}: {listed}." if en
                       else f"没有{wanted}的报告；{p.region}有这些部门的报告：{listed}。")
        elif p.how == AMBIGUOUS:
            out.append(f"“{p.mention}” fits several issuers on file: {listed}. Which one do you mean?" if en
                       else f"“{p.mention}”可指多个单位：{listed}。请说明是哪一个。")
        elif listed:
            out.append(f"There is no report on file for {wanted}. On file for {p.region}: {listed}." if en
                       else f"没有{wanted}的报告；{p.region}有：{listed}。")
        else:
            plain.append(wanted)
    if plain:
        names = "、".join(dict.fromkeys(plain))
        out.append((f"There is no report on file for {names}. " if en else f"没有{names}的报告。")
                   + answerer.on_file(en))
    return (" " if en else "").join(out)
