"""What is on file: 有哪些报告, 合阳的报告是哪年的, which reports do you have — answered from the list
of stored reports (narrowed by the places, years and level named), never from inside a report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..answer import TABLE_INLINE, Answer
from ..question import Question
from ..wording import catalogue_text
from .common import at_level

if TYPE_CHECKING:
    from ..router import Answerer

LISTED = 20  # issuers named in the sentence; the table has every report


def catalogue_answer(answerer: Answerer, q: Question) -> Answer:
    """The reports on file that the question's places, years and level allow, grouped by issuer."""
    if not q.issuers and not answerer.full_table:
        return _counted(answerer, q)
    reports = answerer.of_issuers(q.issuers) if q.issuers else answerer.reports()
    if q.years:
        reports = [r for r in reports if r["year"] in q.years]
    if q.level:
        reports = [r for r in reports if at_level(r, q.level, governments_only=False)]
    years: dict[str, list[int]] = {}
    for r in reports:
        years.setdefault(r["issuer"] or "—", []).append(r["year"])
    groups = [(issuer, sorted(y for y in ys if y)) for issuer, ys in years.items()]
    whole = answerer.full_table or len(reports) <= TABLE_INLINE
    return _listed(
        answerer, q, len(reports), len(groups), groups[:LISTED], reports if whole else reports[:TABLE_INLINE]
    )


def _counted(answerer: Answerer, q: Question) -> Answer:
    """Every report on file (of the years and level asked), counted and grouped by SQLite: the
    same answer, without reading 100,000 reports' rows into the process (0.6 s and 100-160 MB,
    kept; 有哪些县的报告 1.1 s and 135 MB)."""
    count, issuers, groups, first = answerer.store.catalogue(q.years or None, LISTED, TABLE_INLINE, q.level)
    return _listed(answerer, q, count, issuers, groups, first)


def _listed(
    answerer: Answerer,
    q: Question,
    count: int,
    issuers: int,
    groups: list[tuple[str, list[int]]],
    rows: list[dict[str, Any]],
) -> Answer:
    """`count` reports of `issuers` issuers, the first `groups` named and `rows` in the table.
    Thousands on file: the first rows and the count (the whole list made again on request, as a
    ranking's)."""
    text = catalogue_text(count, groups, issuers - LISTED, q.english)
    if not count:
        text += " " + answerer.on_file(q.english)
    answer = Answer(q.text, "none", text, table=[_row(r) for r in rows])
    answer.table_rows = None if len(rows) == count else count
    return answer


def _row(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "issuer": report["issuer"],
        "region": report["region"],
        "year": report["year"],
        "source_file": report.get("source_file"),
        "status": "on_file",
    }
