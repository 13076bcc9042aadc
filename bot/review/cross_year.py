"""Identities across years of one issuer: 上年结转 of year N equals 结转下年度 of year N−1.

Computed when asked from the stored cells of both reports (never stored: re-ingesting either
report would leave a stored result stale). A pair is checked per applicant column only when
both cells are reported: a blank cell is "not reported", not 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ingest.template import APPLICANT_COLUMNS

NAME = "cross-year: "
CARRIED_IN, CARRIED_OUT = "applications.carried_over_in", "applications.carried_over_out"
METRICS = tuple(f"{row}.{c.key}" for row in (CARRIED_IN, CARRIED_OUT) for c in APPLICANT_COLUMNS)


def _mismatch(later: dict[str, Any], earlier: dict[str, Any]) -> dict[str, Any] | None:
    """A failed check when year N's 上年结转 cell differs from year N−1's 结转下年度 cell."""
    if later["status"] != "reported" or earlier["status"] != "reported":
        return None
    if abs(float(later["value"]) - float(earlier["value"])) < 1e-9:
        return None
    column = later["metric"].rsplit(".", 1)[-1]
    label = next(c.label for c in APPLICANT_COLUMNS if c.key == column)
    return {
        "name": f"{NAME}{later['metric']} ({earlier['year']}→{later['year']})",
        "description": (
            f"{later['year']}年上年结转 ≠ {earlier['year']}年结转下年度 ({label}): "
            f"{later['year']}年报 {later['raw']}, {earlier['year']}年报 {earlier['raw']}"
        ),
        "ok": 0,
        "left": later["value"],
        "right": earlier["value"],
        "metrics": [later["metric"], earlier["metric"]],
        "cells": [later, earlier],  # both cells, with their citations
    }


def carry_over_checks(cells: Iterable[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Failed cross-year checks from the carry-over cells (figure JSON, any issuers and years):
    (issuer, year) → the failed checks that report takes part in (as the later or the earlier year)."""
    by_report: dict[tuple[str, int], dict[str, dict[str, Any]]] = {}
    for f in cells:
        if f.get("issuer") and f.get("year"):
            by_report.setdefault((f["issuer"], int(f["year"])), {})[f["metric"]] = f
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for (issuer, year), mine in by_report.items():
        before = by_report.get((issuer, year - 1))
        if before is None:
            continue
        for c in APPLICANT_COLUMNS:
            later, earlier = mine.get(f"{CARRIED_IN}.{c.key}"), before.get(f"{CARRIED_OUT}.{c.key}")
            check = _mismatch(later, earlier) if later and earlier else None
            if check:
                out.setdefault((issuer, year), []).append(check)
                out.setdefault((issuer, year - 1), []).append(check)
    return out
