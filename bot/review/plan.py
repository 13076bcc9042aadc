"""Which reports a review is about, and the review as JSON: what the service's `diff` and
`check` return and what the router words as an answer.

An issuer may be named as people write it (洪泽, 洪泽区, Hongze): it is resolved like a
question's place. A diff of one year is that year against the year before.
"""

from __future__ import annotations

from typing import Any

from index import issuers as stored
from index.store import Store

from .. import wording
from .diff import APPEARED, CHANGED, VANISHED, Diff
from .gather import report_card, year_diff


class ReviewError(LookupError):
    """The reports a review asks for are not on file (or the issuer is not known): says which."""


def resolve_issuer(name: str, store: Store, matcher: Any) -> str:
    """The stored issuer a name means: itself, else the one place the matcher resolves it to.
    Looked up in the store's issuers table (index/issuers.py), never in every report's row."""
    if stored.is_issuer(store.db, name):
        return name
    # Said as in a question (海东年报): a bare short name at the end of the text trips the
    # matcher's word-boundary test (IndexError in issuers._standalone).
    found = [m.issuer for m in matcher.match(f"{name} 年报") if m.issuer]
    if len(set(found)) == 1:
        return found[0]
    if not found:  # a place outside the register of divisions (a made-up or township one): by its words
        found = stored.containing(store.db, name)
    if len(set(found)) == 1:
        return found[0]
    if found:
        raise ReviewError(f"{name} may be any of: {'、'.join(sorted(set(found)))}")
    others = sorted({a for m in matcher.match(f"{name} 年报") for a in (getattr(m, "alternatives", None) or ())})
    raise ReviewError(f"no report on file for {name}" + (f" (on file: {'、'.join(others)})" if others else ""))


def report_of(reports: list[dict[str, Any]], issuer: str, year: int, english: bool = False) -> dict[str, Any]:
    """The issuer's report of that year, or a ReviewError naming the years on file; `reports`:
    the issuer's own (`Catalog.of_issuer`) — any others are passed over."""
    mine = [r for r in reports if r["issuer"] == issuer]
    for r in mine:
        if r["year"] == year:
            return r
    on_file = sorted({r["year"] for r in mine if r["year"]})
    raise ReviewError(wording.review_needs_reports(issuer, [year], on_file, english))


def years_pair(year: int, other: int | None) -> tuple[int, int]:
    """(earlier, later): one year alone is that year against the year before."""
    if other is None:
        return year - 1, year
    return (min(year, other), max(year, other)) if year != other else (year - 1, year)


def diff_of(
    store: Store, reports: list[dict[str, Any]], issuer: str, year: int, other: int | None = None, english: bool = False
) -> tuple[Diff, dict[str, Any], dict[str, Any]]:
    """The diff of an issuer's two reports, with the two report rows (`reports`: the issuer's own)."""
    pair = years_pair(year, other)
    mine = {r["year"]: r for r in reports if r["issuer"] == issuer}
    missing = [y for y in pair if y not in mine]
    if missing:
        raise ReviewError(wording.review_needs_reports(issuer, missing, sorted(y for y in mine if y), english))
    old, new = mine[pair[0]], mine[pair[1]]
    return year_diff(store, old, new), old, new


def diff_json(d: Diff, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The diff as `nianbao diff --json` prints it."""
    kinds = [c.kind for c in d.changes]
    return {
        "issuer": d.issuer,
        "old": _report_ref(old),
        "new": _report_ref(new),
        "compared": d.compared,
        "only_old_template": d.only_old,
        "only_new_template": d.only_new,
        "counts": {k: kinds.count(k) for k in (CHANGED, APPEARED, VANISHED)},
        "changes": d.rows(),
    }


def check_json(
    store: Store, reports: list[dict[str, Any]], issuer: str, year: int, english: bool = False
) -> dict[str, Any]:
    """The report card as `nianbao check --json` prints it (`english`: a year not on file said in
    English); `reports`: the issuer's own, all a card reads of other reports (its years around)."""
    return report_card(store, report_of(reports, issuer, year, english), reports).to_json()


def _report_ref(r: dict[str, Any]) -> dict[str, Any]:
    return {"report_id": r["id"], "year": r["year"], "template": r["template"], "source_file": r["source_file"]}
