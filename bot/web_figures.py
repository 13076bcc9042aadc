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

from index.figure_pages import CellQuery

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

    def page(self, service: Service, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """How many stored cells match, and those from `offset` on (at most `limit`), sorted:
        filtered, sorted and counted by SQLite, so no request builds every cell on file."""
        key = self.metric if self.metric and METRIC_KEY.match(self.metric) else None
        statuses = tuple(dict.fromkeys(s.strip() for s in (self.status or "").split(",") if s.strip()))
        if set(statuses) - set(STATUSES):
            raise HTTPException(422, f"status must be one of {', '.join(STATUSES)}")
        if self.sort and self.sort.lstrip("-") not in SORTS:
            raise HTTPException(422, f"sort must be one of {', '.join(SORTS)} (a '-' before it: descending)")
        query = CellQuery(
            issuer=self.issuer or None,
            year=self.year,
            year_from=self.year_from,
            year_to=self.year_to,
            metric_prefix=key,
            words=self.metric.strip() if self.metric and key is None else "",
            statuses=statuses,
            sort=self.sort or None,
        )
        return service.figure_page(query, limit, offset)


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
        total, cells = chosen_cells.page(service, limit, offset)
        response.headers["X-Total-Count"] = str(total)
        return cells

    @router.get("/api/figures.csv", tags=["reports"], response_class=Response)
    def figures_csv(
        who: User,
        chosen_cells: Annotated[FigureFilter, Depends(chosen)],
        limit: Annotated[int, Query(ge=1, le=10_000, description="cells per page")] = 1000,
        offset: Annotated[int, Query(ge=0, description="cells to skip")] = 0,
    ) -> Response:
        """The same page of cells as /api/figures with the same parameters, as CSV (UTF-8 with BOM)."""
        _, cells = chosen_cells.page(service, limit, offset)
        rows = [{k: c.get(k) for k in CSV_FIELDS} for c in cells]
        return _csv(rows, CSV_FIELDS, "nianbao-figures.csv")
