"""The figures browser's API: stored cells filtered (issuer by any spelling a question may use,
a year or a range of years, a metric by key prefix or by words of its label, a status), sorted,
paged with the whole count in `X-Total-Count`; and the same page as CSV (exactly the rows shown).
`bot/web.py` registers it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from .service import Service
from .web_routes import CSV_FIELDS, User, _csv

STATUSES = ("reported", "blank", "unreadable")
SORTS = ("issuer", "year", "metric", "label", "value", "status")
METRIC_KEY = re.compile(r"^[a-z_][a-z0-9_.]*$")  # applications.received: a key or its prefix, else words of a label


@dataclass
class FigureFilter:
    """What the browser asks for: every part optional."""

    issuer: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    metric: str | None = None
    status: str | None = None  # one status, or several joined by commas
    sort: str | None = None  # a field of SORTS, "-" before it for descending

    def cells(self, service: Service) -> list[dict[str, Any]]:
        """The matching cells of the store, sorted."""
        key = self.metric if self.metric and METRIC_KEY.match(self.metric) else None
        cells = service.figures(issuer=self.issuer or None, year=self.year, metric=key)
        words = self.metric.strip() if self.metric and key is None else ""
        statuses = {s.strip() for s in (self.status or "").split(",") if s.strip()}
        if statuses - set(STATUSES):
            raise HTTPException(422, f"status must be one of {', '.join(STATUSES)}")
        return _sorted([c for c in cells if self._keeps(c, statuses, words)], self.sort)

    def _keeps(self, cell: dict[str, Any], statuses: set[str], words: str) -> bool:
        year = cell["year"] or 0
        if (self.year_from is not None or self.year_to is not None) and not year:
            return False  # a report of unknown year is in no range
        if (self.year_from is not None and year < self.year_from) or (self.year_to is not None and year > self.year_to):
            return False
        if statuses and cell["status"] not in statuses:
            return False
        return not words or words in (cell["label"] or "") or words in (cell["metric"] or "")


def _sorted(cells: list[dict[str, Any]], sort: str | None) -> list[dict[str, Any]]:
    """Cells ordered by one field (blank values last either way), then by issuer, year and metric."""
    if not sort:
        return cells
    field, descending = sort.lstrip("-"), sort.startswith("-")
    if field not in SORTS:
        raise HTTPException(422, f"sort must be one of {', '.join(SORTS)} (a '-' before it: descending)")
    cells = sorted(cells, key=lambda c: (c["issuer"] or "", c["year"] or 0, c["metric"] or ""))
    have = [c for c in cells if c[field] is not None]
    none = [c for c in cells if c[field] is None]
    return sorted(have, key=lambda c: c[field], reverse=descending) + none


def chosen(
    issuer: Annotated[str | None, Query(description="any spelling a question may use: 合阳, Heyang")] = None,
    year: int | None = None,
    year_from: Annotated[int | None, Query(description="first year of a range")] = None,
    year_to: Annotated[int | None, Query(description="last year of a range")] = None,
    metric: Annotated[
        str | None, Query(description="a metric key or prefix (applications.received), or words of its label")
    ] = None,
    status: Annotated[str | None, Query(description=f"{', '.join(STATUSES)}; several joined by commas")] = None,
    sort: Annotated[str | None, Query(description=f"{', '.join(SORTS)}; '-' before it for descending")] = None,
) -> FigureFilter:
    """The filters of /api/figures and its CSV, from the query (one FastAPI dependency for both)."""
    return FigureFilter(issuer, year, year_from, year_to, metric, status, sort)


def browsing(router: APIRouter, service: Service) -> None:
    """/api/figures and /api/figures.csv."""

    @router.get("/api/figures", tags=["reports"])
    def figures(
        who: User,
        response: Response,
        chosen_cells: Annotated[FigureFilter, Depends(chosen)],
        limit: Annotated[int, Query(ge=1, le=10_000, description="cells per page")] = 1000,
        offset: Annotated[int, Query(ge=0, description="cells to skip")] = 0,
    ) -> list[dict[str, Any]]:
        """Stored cells with their provenance, filtered, sorted and paged: the whole count in `X-Total-Count`."""
        cells = chosen_cells.cells(service)
        response.headers["X-Total-Count"] = str(len(cells))
        return cells[offset : offset + limit]

    @router.get("/api/figures.csv", tags=["reports"], response_class=Response)
    def figures_csv(
        who: User,
        chosen_cells: Annotated[FigureFilter, Depends(chosen)],
        limit: Annotated[int, Query(ge=1, le=10_000, description="cells per page")] = 1000,
        offset: Annotated[int, Query(ge=0, description="cells to skip")] = 0,
    ) -> Response:
        """The same page of cells as /api/figures with the same parameters, as CSV (UTF-8 with BOM)."""
        cells = chosen_cells.cells(service)
        rows = [{k: c.get(k) for k in CSV_FIELDS} for c in cells[offset : offset + limit]]
        return _csv(rows, CSV_FIELDS, "nianbao-figures.csv")
