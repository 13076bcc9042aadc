"""Reading what a review needs from the store: a report's cells and passages, the carry-over
cells of the issuers with consecutive years, and so the diff and the report card.

The one place the review touches the store; the service and the router call these.
"""

from __future__ import annotations

from typing import Any

from index.store import Store

from ..answer import figure_json
from . import card as cards
from .cross_year import METRICS as CARRY_METRICS
from .cross_year import carry_over_checks
from .diff import Diff, diff
from .text_table import disagreements

_CELL_COLUMNS = ("report_id", "metric", "label", "cite", "value", "unit", "raw", "status")
MAX_IDS = 20_000  # SQLite's bound parameters: past this, every report's carry-over cells are read


def cells(store: Store, report_id: str) -> list[dict[str, Any]]:
    """A report's cells as figure JSON (with their citations)."""
    return [figure_json(f) for f in store.figures([report_id])]


def year_diff(store: Store, old: dict[str, Any], new: dict[str, Any]) -> Diff:
    """Every figure that changed from report `old` to report `new` (rows of `Store.reports()`)."""
    out = diff(cells(store, old["id"]), cells(store, new["id"]))
    out.issuer, out.old_year, out.new_year = new["issuer"], old["year"], new["year"]
    return out


def _neighbours(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reports whose issuer also has a report of the year before or after."""
    years: dict[str, set[int]] = {}
    for r in reports:
        if r["issuer"] and r["year"]:
            years.setdefault(r["issuer"], set()).add(r["year"])
    return [
        r
        for r in reports
        if r["issuer"] and r["year"] and ({r["year"] - 1, r["year"] + 1} & years.get(r["issuer"], set()))
    ]


def cross_year(store: Store, reports: list[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """(issuer, year) → its failed cross-year checks, over these reports (`Store.reports()` rows)."""
    near = _neighbours(reports)
    if not near:
        return {}
    by_id = {r["id"]: r for r in near}
    ids = list(by_id) if len(by_id) <= MAX_IDS else None
    rows = store.metric_cells(list(CARRY_METRICS), ids, columns=_CELL_COLUMNS)
    figs = []
    for row in rows:
        cell = dict(zip(_CELL_COLUMNS, row))
        report = by_id.get(cell["report_id"])
        if report is not None:
            figs.append(
                {
                    **cell,
                    "issuer": report["issuer"],
                    "year": report["year"],
                    "source_file": report["source_file"],
                    "region": report["region"],
                }
            )
    return carry_over_checks(figs)


def report_card(store: Store, report: dict[str, Any], reports: list[dict[str, Any]]) -> cards.Card:
    """The report card of one report. `reports`: at least its issuer's reports (`Catalog.of_issuer`):
    only those of its issuer a year before or after are read (the cross-year carry-over), so
    passing every stored report gives the same card at the cost of reading them all."""
    mine = cells(store, report["id"])
    by_metric = {c["metric"]: c for c in mine}
    chunks = store.chunks(report["id"])
    around = [
        r
        for r in reports
        if r["issuer"] == report["issuer"] and r["year"] and report["year"] and abs(r["year"] - report["year"]) <= 1
    ]
    crossed = cross_year(store, around).get((report["issuer"], report["year"]), [])
    items = (
        cards.stored_items(store.checks([report["id"]]), by_metric)
        + cards.cross_year_items(crossed)
        + cards.text_table_items(disagreements(chunks, mine, report["year"]), report["source_file"])
        + cards.blank_items(mine)
        + cards.missing_sections(
            {c.section for c in chunks},
            mine,
            report["source_file"],
            (store.report(report["id"]) or {}).get("text") or "",
        )
    )
    return cards.card(report, items)
