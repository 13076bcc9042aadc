"""A review asked as a question: "合阳县2020年报和2019年报相比有什么变化" (route `changes`) and
"洪泽区2024年报有哪些问题" (route `check`), answered from bot/review with every figure cited.
"""

from __future__ import annotations

from typing import Any

from index.store import Store

from .. import wording
from ..answer import Answer
from ..frame import Frame
from ..question import Question
from .card import Card
from .cross_year import METRICS as CARRY_METRICS
from .diff import APPEARED, CHANGED, VANISHED
from .gather import cells, cross_year, report_card
from .plan import ReviewError, diff_of

SHOWN = 10  # changes or problems named in the sentence; the table has them all


def _issuer(q: Question, frame: Frame) -> str | None:
    return frame.issuers[0] if len(frame.issuers) == 1 else None


def _years_on_file(reports: list[dict[str, Any]], issuer: str) -> list[int]:
    return sorted({r["year"] for r in reports if r["issuer"] == issuer and r["year"]})


def review_answer(
    store: Store, reports: list[dict[str, Any]], q: Question, frame: Frame, warnings: list[str]
) -> Answer:
    """The answer of a `changes` or `check` question (frame.operation); `reports`: at least the
    named issuer's (the router passes that issuer's alone)."""
    en = q.english
    issuer = _issuer(q, frame)
    if issuer is None:
        return Answer(q.text, "none", wording.review_needs_issuer(en), warnings=warnings)
    try:
        if frame.operation == "changes":
            answer = _changes(store, reports, q, issuer, sorted(set(frame.years)))
        else:
            answer = _check(store, reports, q, issuer, frame.years)
    except ReviewError as e:
        return Answer(q.text, "none", str(e), warnings=warnings)
    answer.warnings = warnings + answer.warnings
    return answer


def _changes(store: Store, reports: list[dict[str, Any]], q: Question, issuer: str, years: list[int]) -> Answer:
    """Every figure that changed, largest first; the table carries both cells' citations."""
    en = q.english
    if not years:  # the latest two reports on file
        on_file = _years_on_file(reports, issuer)
        years = on_file[-2:] if len(on_file) >= 2 else on_file
    if not years:
        raise ReviewError(wording.review_needs_reports(issuer, [], [], en))
    d, old, new = diff_of(store, reports, issuer, years[-1], years[0] if len(years) > 1 else None, en)
    rows = d.rows()
    if not rows:
        text = wording.no_changes(issuer, d.old_year, d.new_year, d.compared, en)
    else:
        kinds = [c.kind for c in d.changes]
        counts = (kinds.count(CHANGED), kinds.count(APPEARED), kinds.count(VANISHED))
        lines = [wording.change_line(r, en) for r in rows[:SHOWN]]
        text = wording.changes_sentence(issuer, d.old_year, d.new_year, counts, lines, len(rows) - SHOWN, en)
    text += wording.template_note(d.only_old, d.only_new, en)
    figures = [f for c in d.changes for f in (c.old, c.new)]
    return Answer(q.text, "changes", text, figures=figures, table=rows)


def _check(store: Store, reports: list[dict[str, Any]], q: Question, issuer: str, years: list[int]) -> Answer:
    """The report card: the problems found, each with where it is."""
    en = q.english
    on_file = _years_on_file(reports, issuer)
    year = years[-1] if years else (on_file[-1] if on_file else None)
    report = next((r for r in reports if r["issuer"] == issuer and r["year"] == year), None)
    if report is None:
        raise ReviewError(wording.review_needs_reports(issuer, [year] if year else [], on_file, en))
    card = report_card(store, report, reports)
    lines = [wording.card_line(i, en, files=False) for i in card.items[:SHOWN]]
    counts = card.to_json()["counts"]
    text = wording.card_sentence(wording.report_name(report, en), counts, lines, en)
    if len(card.items) > SHOWN:
        text += wording.more_problems(len(card.items) - SHOWN, en)
    return Answer(q.text, "check", text, figures=_card_cells(store, card, report), table=_card_table(card))


def _card_cells(store: Store, card: Card, report: dict[str, Any]) -> list[dict[str, Any]]:
    """The cells the card's problems are about (the report's own; a cross-year item's other cell too)."""
    mine = {c["metric"]: c for c in cells(store, report["id"])}
    out: list[dict[str, Any]] = []
    for item in card.items:
        if item["kind"] in ("blank_row", "missing_section"):
            continue
        if item["kind"] == "cross_year":
            out += [c for c in item.get("cells", []) if c not in out]
        out += [mine[m] for m in item["metrics"] if m in mine and mine[m] not in out]
    return out


def _card_table(card: Card) -> list[dict[str, Any]]:
    """One row per problem, for CSV and the interfaces' tables."""
    return [
        {
            "kind": i["kind"],
            "name": i["name"],
            "description": i["description"],
            "quote": i.get("quote"),
            "left": i.get("left", i.get("stated")),
            "right": i.get("right", i.get("table")),
            "where": "；".join(i["where"]),
        }
        for i in card.items
    ]


def cross_year_notes(
    store: Store, reports: list[dict[str, Any]], figures: list[dict[str, Any]], english: bool
) -> list[str]:
    """Warnings for an answer that uses a carry-over cell whose year before (or after) disagrees."""
    used = {(f.get("issuer"), f.get("year"), f.get("metric")) for f in figures if f.get("metric") in CARRY_METRICS}
    if not used:
        return []
    issuers = {i for i, _, _ in used}
    crossed = cross_year(store, [r for r in reports if r["issuer"] in issuers])
    notes: list[str] = []
    for issuer, year, metric in used:
        for c in crossed.get((str(issuer), int(year or 0)), []):
            note = wording.cross_year_note(c["description"], english)
            if metric in c["metrics"] and note not in notes:
                notes.append(note)
    return notes
