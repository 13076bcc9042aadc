"""Which reports a question is about (its issuers, years, level), or why there is none to answer from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..issuers import AMBIGUOUS, DEPARTMENTS_ONLY, NEAR_NAME, NONE_UNDER, IssuerMatch
from ..question import Question
from ..report_set import ReportSet
from ..wording import (
    and_more,
    did_you_mean,
    fits_several,
    latest_note,
    no_level_on_file,
    no_year_on_file,
    none_under,
    not_on_file,
    nothing_on_file,
    report_name,
)
from .common import TOP, region_level

if TYPE_CHECKING:
    from ..router import Answerer


def select(answerer: Answerer, q: Question) -> tuple[list[dict[str, Any]], str, str | None]:
    """The reports a question is about, a note on how they were chosen, or a refusal."""
    en = q.english
    if q.issuers:
        reports = answerer.of_issuers(q.issuers)
    elif q.level:
        # 哪个县 asks about counties' governments: a county's bureau is not a county
        reports = answerer.catalog.of_level(answerer.store, q.level)
        if not reports:
            return [], "", no_level_on_file(answerer.on_file(en), en)
    else:
        reports = answerer.catalog.every(answerer.store)
    dropped: list[int] = []
    if q.years:
        # A level's or every report: chosen in SQL (a ranking over them reads only the rows it shows)
        in_years = (
            reports.in_years(q.years)
            if isinstance(reports, ReportSet)
            else [r for r in reports if r["year"] in q.years]
        )
        if in_years:
            return in_years, _some_lack_the_year(q, reports, in_years), None
        if "year" not in q.inherited or q.shift:  # named, or moved by the follow-up (那上一年呢): asked
            return [], "", _no_year(q, reports)
        dropped, q.years = q.years, []  # an inherited year this issuer lacks: use its latest
    if q.intent in ("trend", "rank", "threshold"):  # every year's reports (超过100件的县: any year's)
        return reports, "", None
    return _latest(answerer, q, reports, dropped)


def _some_lack_the_year(q: Question, reports: list[dict[str, Any]], in_years: list[dict[str, Any]]) -> str:
    """Issuers named beside others that have no report of the years asked ("和刚察比呢" about 2020):
    say so and name what they have, rather than leave them out without a word or use another year."""
    if not q.issuers:  # (every report of the years: nothing named lacks them; no set of 100,000 issuers)
        return ""
    having = {r["issuer"] for r in in_years}
    lacking = [i for i in q.issuers if i not in having]
    if not lacking:
        return ""
    theirs = [report_name(r, q.english) for r in reports if r["issuer"] in lacking]
    return no_year_on_file(q.years, lacking, theirs[:TOP], q.english)


def _no_year(q: Question, reports: list[dict[str, Any]]) -> str:
    """No report of the years asked (of the level asked, when one is: 哪个市 in a year with
    county reports only): say so, and name those on file (of that level)."""
    on_file = [report_name(r, q.english) for r in reports[:TOP]]
    return no_year_on_file(q.years, q.issuers, on_file, q.english, None if q.issuers else q.level)


def _latest(
    answerer: Answerer, q: Question, reports: list[dict[str, Any]], dropped: list[int]
) -> tuple[list[dict[str, Any]], str, str | None]:
    """No year named (or an inherited one dropped): each issuer's latest report, and say so."""
    if isinstance(reports, ReportSet):  # in SQL, as the loop below keeps them
        chosen: list[dict[str, Any]] = reports.latest()
    else:
        latest: dict[str, dict[str, Any]] = {}
        for r in reports:
            if r["issuer"] not in latest or (r["year"] or 0) > (latest[r["issuer"]]["year"] or 0):
                latest[r["issuer"]] = r
        chosen = list(latest.values())
    if len(chosen) != 1:
        return chosen, "", None
    r = chosen[0]
    only = len(answerer.of_issuers([r["issuer"]])) == 1
    return chosen, latest_note(r["issuer"], r["year"], only, dropped, q.english), None


def no_report(answerer: Answerer, places: list[IssuerMatch], en: bool) -> str:
    """Nothing on file for what the question names: say so, and name what is on file instead
    (a place's department reports, never used for its government; the departments words fit)."""
    out, plain = [], []
    for p in dict.fromkeys(places):
        if p.how == NONE_UNDER:
            out.append(none_under(p.region or p.mention, answerer.on_file(en), en))
            continue
        reports = answerer.of_issuers(list(p.alternatives))
        more = len(reports) - TOP
        listed = "、".join([report_name(r, en) for r in reports[:TOP]] + ([and_more(more, en)] if more > 0 else []))
        wanted = p.wanted or p.region or p.mention
        if p.how == DEPARTMENTS_ONLY:
            out.append(not_on_file(wanted, p.region, listed, region_level(p.region) or "local", en))
        elif p.how == AMBIGUOUS:
            out.append(fits_several(p.mention, listed, en))
        elif p.how == NEAR_NAME:
            out.append(did_you_mean(wanted, listed, en))
        elif listed:
            out.append(not_on_file(wanted, p.region, listed, None, en))
        else:
            plain.append(wanted)
    if plain:
        out.append(nothing_on_file("、".join(dict.fromkeys(plain)), answerer.on_file(en), en))
    return (" " if en else "").join(out)
