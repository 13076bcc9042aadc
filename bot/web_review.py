"""The coverage grid's marks: the review-card counts (failed template checks, cross-year
mismatches, text/table disagreements, sources that disagree, blank rows, missing sections) of
the reports the page shows, fetched after the grid is drawn. `bot/web.py` registers it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from .service import Service
from .web_routes import User

MAX_IDS = 500  # reports in one request: a card reads its report's cells, passages and text


def reviewing(router: APIRouter, service: Service) -> None:
    """/api/problems."""

    @router.get("/api/problems", tags=["reports"])
    def problems(
        who: User,
        ids: Annotated[str, Query(description=f"report ids joined by commas (at most {MAX_IDS})")] = "",
    ) -> dict[str, dict[str, int]]:
        """Report id → how many findings of each kind its card has (`nianbao check`), for the
        reports named (ids not on file are left out); never every report's card at once."""
        wanted = list(dict.fromkeys(i.strip() for i in ids.split(",") if i.strip()))
        if not wanted:
            raise HTTPException(422, f"name the reports: ids=ID,ID,… (at most {MAX_IDS})")
        if len(wanted) > MAX_IDS:
            raise HTTPException(422, f"at most {MAX_IDS} ids at once ({len(wanted)} given)")
        return service.problems(wanted)
