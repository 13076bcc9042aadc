"""The report card: what a supervisor would mark on one report.

Gathered when asked from what is stored: the template's failed checks and the sources that
disagree (both stored at ingest as failed checks), the cross-year carry-over mismatches and
the text/table disagreements (computed now, from stored cells and text), the template's rows
printed blank, and the template's sections missing. Every item says where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.template import SECTIONS

from .text_table import Disagreement

TEMPLATE, SOURCES, CROSS_YEAR, TEXT_TABLE, BLANK, MISSING = (
    "template_check",
    "sources_disagree",
    "cross_year",
    "text_table",
    "blank_row",
    "missing_section",
)
KINDS = (TEMPLATE, CROSS_YEAR, TEXT_TABLE, SOURCES, BLANK, MISSING)  # the card's order
DISAGREE = "sources disagree: "  # index.store.DISAGREE: how a stored check names two files reading otherwise
# The table sections and the metric prefixes their cells carry.
_TABLE_SECTIONS = {
    2: ("active.",),
    3: ("applications.",),
    4: ("review.", "litigation_direct.", "litigation_after_review."),
}


@dataclass
class Card:
    """One report's problems, each item a plain dict with `kind`, `name`, `description` and `where`."""

    report: dict[str, Any]
    items: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        r = self.report
        counts = {k: sum(1 for i in self.items if i["kind"] == k) for k in KINDS}
        return {
            "report_id": r["id"],
            "issuer": r["issuer"],
            "region": r["region"],
            "year": r["year"],
            "template": r["template"],
            "source_file": r["source_file"],
            "counts": counts,
            "items": self.items,
        }


def _where(cells: dict[str, dict[str, Any]], metrics: list[str]) -> list[str]:
    """The cells' places: file › table path (page), one per cell."""
    out = []
    for m in metrics:
        c = cells.get(m)
        if c is not None:
            page = f" (p. {c['page']})" if c.get("page") is not None else ""
            out.append(f"{c['source_file']} › {c['cite']}{page}")
    return out


def stored_items(checks: list[dict[str, Any]], cells: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored failed checks: the template's own and the sources that disagree."""
    out = []
    for c in checks:
        kind = SOURCES if c["name"].startswith(DISAGREE) else TEMPLATE
        out.append(
            {
                "kind": kind,
                "name": c["name"],
                "description": c["description"],
                "left": c["left"],
                "right": c["right"],
                "metrics": c["metrics"],
                "where": _where(cells, c["metrics"]),
            }
        )
    return out


def cross_year_items(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cross-year mismatches (bot/review/cross_year.py), each with both cells' places."""
    return [
        {
            "kind": CROSS_YEAR,
            "name": c["name"],
            "description": c["description"],
            "left": c["left"],
            "right": c["right"],
            "metrics": c["metrics"],
            "cells": c["cells"],
            "where": _where(
                {f"{x['year']}:{x['metric']}": x for x in c["cells"]},
                [f"{x['year']}:{x['metric']}" for x in c["cells"]],
            ),
        }
        for c in checks
    ]


def text_table_items(found: list[Disagreement], source_file: str) -> list[dict[str, Any]]:
    """Text/table disagreements: the quotation, where it stands, and the cells."""
    out = []
    for d in found:
        page = f" (p. {d.page})" if d.page is not None else ""
        cells = {c["metric"]: c for c in d.cells}
        out.append(
            {
                "kind": TEXT_TABLE,
                "name": f"text/table: {d.metric}",
                "description": d.label,
                "quote": d.quote,
                "stated": d.to_json()["stated"],
                "table": d.to_json()["table"],
                "formula": d.formula,
                "unit": d.unit,
                "metrics": list(cells),
                "where": [f"{source_file} › {d.cite}{page}", *_where(cells, list(cells))],
            }
        )
    return out


def blank_items(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The template's cells printed blank: a whole table as one item, else one item per row."""
    out = []
    for number, prefixes in _TABLE_SECTIONS.items():
        mine = [c for c in cells if c["metric"].startswith(prefixes)]
        blank = [c for c in mine if c["status"] == "blank"]
        if not blank:
            continue
        title = SECTIONS[number - 1].title
        if len(blank) == len(mine):
            out.append(
                {
                    "kind": BLANK,
                    "name": f"blank: {title}",
                    "description": f"{title}: 表格各栏均未填报",
                    "metrics": [c["metric"] for c in blank],
                    "where": [f"{blank[0]['source_file']} › {title}"],
                }
            )
            continue
        rows: dict[str, list[dict[str, Any]]] = {}
        for c in blank:
            rows.setdefault(c["metric"].rsplit(".", 1)[0], []).append(c)
        for row, row_cells in rows.items():
            row_label = row_cells[0]["label"].split(" · ")[0]
            columns = "、".join(c["label"].split(" · ")[-1] for c in row_cells)
            path = " › ".join(row_cells[0]["cite"].split(" › ")[:-1])
            out.append(
                {
                    "kind": BLANK,
                    "name": f"blank: {row}",
                    "description": f"{row_label}: {columns} 未填报",
                    "metrics": [c["metric"] for c in row_cells],
                    "where": [f"{row_cells[0]['source_file']} › {path}"],
                }
            )
    return out


def _heading(text: str, keywords: tuple[str, ...]) -> bool:
    """Whether a line of the text starts with the section's heading (六、其他需要报告的事项 over 无,
    which gives no passage); a mention inside a sentence (全文包括…其他需要报告的事项) is not one."""
    words = "|".join(map(re.escape, keywords))
    return re.search(rf"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]+\s*[、.．]\s*)?(?:{words})", text) is not None


def missing_sections(
    chunk_sections: set[str], cells: list[dict[str, Any]], source_file: str, text: str = ""
) -> list[dict[str, Any]]:
    """The template's six sections the report does not have: a prose section with no passage and no
    heading line, a table section with no cell (printed blank counts as printed) and no heading line."""
    out = []
    for s in SECTIONS:
        if s.prose:
            present = s.title in chunk_sections
        else:
            present = any(c["metric"].startswith(_TABLE_SECTIONS[s.number]) for c in cells)
        present = present or _heading(text, s.keywords)
        if not present:
            out.append(
                {
                    "kind": MISSING,
                    "name": f"missing: {s.title}",
                    "description": f"缺少“{s.title}”部分",
                    "metrics": [],
                    "where": [source_file],
                }
            )
    return out


def card(report: dict[str, Any], items: list[dict[str, Any]]) -> Card:
    """The card, its items in the order of KINDS (the text's order within a kind)."""
    return Card(report, sorted(items, key=lambda i: KINDS.index(i["kind"])))
