"""The coverage grid's marks: every report's review-card counts (failed template checks,
cross-year mismatches, text/table disagreements, sources that disagree, blank rows, missing
sections), fetched by the page after the grid is drawn. `bot/web.py` registers it."""

from __future__ import annotations

from fastapi import APIRouter

from .service import Service
from .web_routes import User


def reviewing(router: APIRouter, service: Service) -> None:
    """/api/problems."""

    @router.get("/api/problems", tags=["reports"])
    def problems(who: User) -> dict[str, dict[str, int]]:
        """Report id → how many findings of each kind its card has (`nianbao check`)."""
        return service.problems()
