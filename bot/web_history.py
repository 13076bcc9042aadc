"""The web page's history and permanent links: a staff member's conversations, the answers of
one (what a reload of the page shows again), the page shell at /a/<id> (one answer, for anyone
with a token, its sources open) and the API's documentation at /docs (drawn from
/openapi.json by the page's own script: nothing from a CDN). `bot/web.py` registers them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from .chart_spec import with_chart
from .service import Service
from .web_routes import CHANNEL, CONVERSATION_ID, User

STATIC = Path(__file__).with_name("static")
# Open paths (no token: page shells with no data in them); their data comes from /api with the token.
SHELL_PATHS = ("/docs",)
SHELL_PREFIXES = ("/a/",)


def is_shell(path: str) -> bool:
    """Whether `path` is one of this module's page shells, served without a token."""
    return path in SHELL_PATHS or (path.startswith(SHELL_PREFIXES) and path.count("/") == 2)


def history(router: APIRouter, service: Service) -> None:
    """The page shells (/a/<id>, /docs) and a staff member's conversations."""

    @router.get("/a/{answer_id}", include_in_schema=False)
    def permalink(answer_id: str) -> FileResponse:
        # The page itself: its script reads the id from the address and fetches the answer with the token.
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @router.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    @router.get("/api/conversations", tags=["answers"])
    def conversations(who: User, limit: int = 50) -> list[dict[str, Any]]:
        """Your conversations on the web page, latest first: `conversation` (its id), `answers`
        (how many), `started`, `last` and `first_question`."""
        rows = service.conversations(CHANNEL, f"{who.name}/", max(1, min(limit, 500)))
        return [
            {"conversation": r["user"].rsplit("/", 1)[1]}
            | {k: r[k] for k in ("answers", "started", "last", "first_question")}
            for r in rows
        ]

    @router.get("/api/conversations/{conversation}", tags=["answers"])
    def conversation(conversation: str, who: User) -> list[dict[str, Any]]:
        """The answers of one of your conversations, oldest first (what the page shows after a reload)."""
        if not CONVERSATION_ID.match(conversation):
            raise HTTPException(422, "conversation: letters, digits, '-' and '_' only, at most 40")
        answers = service.conversation_answers(CHANNEL, f"{who.name}/{conversation}")
        return [with_chart(a).to_json() | {"conversation": conversation} for a in answers]
