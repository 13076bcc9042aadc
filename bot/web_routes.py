"""The web API's routes over the service: asking (a question, an answer record, feedback), the
records (CSV exports, every answer), the reports (list, figures, coverage) and uploads.
`bot/web.py` builds the app around them (access, headers, errors, the page shell) and
registers them on the app's own router, `app.router`: an included APIRouter would stand in
`app.routes` (and so in the schema) as one opaque entry under this FastAPI."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import re
import secrets
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from .answer import FIGURE_FIELDS, Answer
from .chart_spec import with_chart
from .config import WebSettings, WebUser
from .csvsafe import csv_text
from .service import REASONS, VERDICTS, Conversation, Held, Service
from .web_lanes import HEAD_START, Lanes

CHANNEL = "web"
# Routes whose answer is a comparison over several reports: these can be exported as CSV.
TABLE_ROUTES = ("compare", "rank", "trend")
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# The largest pages (bench/report_pages.py --largest, 100,000 reports): 43 MB more at the request's peak for
# 1,000 reports, 55 MB for 500 issuers (2,000 issuers: 175 MB, too much for a few clients at once).
MAX_REPORTS = 1000  # reports in one page of /api/reports
MAX_ISSUERS = 500  # issuers in one page of /api/coverage
CSV_FIELDS = FIGURE_FIELDS
# A comparison, ranking or trend exports its table: one row per report, every report it covered
# (its sentence and `figures` show the top rows only), with the arithmetic of sums.
TABLE_CSV_FIELDS = (
    "issuer",
    "region",
    "year",
    "metric",
    "label",
    "value",
    "unit",
    "status",
    "complete",
    "from_text",
    "formula",
    "source_file",
    "cite",
)


# ------------------------------------------------------------------ request bodies
class AskBody(BaseModel):
    # Stripped before the length check: a blank question is refused (422), never recorded as an answer.
    model_config = ConfigDict(str_strip_whitespace=True)

    question: str = Field(min_length=1, max_length=2000, description="The question, in Chinese or English.")
    conversation: str | None = Field(
        None,
        description="Id of the conversation a follow-up belongs to (returned by the first answer); "
        "omit it to start a new conversation.",
    )


class FeedbackBody(BaseModel):
    verdict: str = Field(description=f"One of {', '.join(VERDICTS)}.")
    reason: str | None = Field(None, description=f"For 'bad': one of {', '.join(REASONS)}.")


# ------------------------------------------------------------------ who asks
# Dependencies that only read the request are `async`: FastAPI runs a plain `def` one in a worker
# thread, a hop (and a wait for the interpreter) per request before the route's own.
async def _user(request: Request) -> WebUser:
    return request.state.user  # set by the access middleware (bot.web), before any route runs


async def _admin(who: Annotated[WebUser, Depends(_user)]) -> WebUser:
    if not who.admin:
        raise HTTPException(403, "only an admin may do this")
    return who


User = Annotated[WebUser, Depends(_user)]
Admin = Annotated[WebUser, Depends(_admin)]


# ------------------------------------------------------------------ the routers
def asking(router: APIRouter, service: Service, places: int) -> None:
    """Asking, a recorded answer, and feedback on it; `places`: questions worked on at once,
    quick ones before those over many reports (bot/web_lanes.py)."""
    lanes = Lanes(places)

    @router.get("/api/me", tags=["access"])
    def me(who: User) -> dict[str, Any]:
        """Who this token belongs to, and whether it may upload."""
        return {"name": who.name, "admin": who.admin}

    @router.post("/api/ask", tags=["answers"], response_model=dict[str, Any])
    async def ask(body: AskBody, who: User) -> Response:
        """Answer a question: the JSON contract of DESIGN.md, plus the answer's `id` and its `conversation`."""
        conversation = body.conversation or secrets.token_urlsafe(9)
        if not CONVERSATION_ID.match(conversation):
            raise HTTPException(422, "conversation: letters, digits, '-' and '_' only, at most 40")
        asking = service.conversation(CHANNEL, f"{who.name}/{conversation}")
        return await _in_turn(lanes, asking, conversation, body.question)

    @router.get("/api/answers/{answer_id}", tags=["answers"])
    def get_answer(answer_id: str, who: User) -> dict[str, Any]:
        """A recorded answer by its id: the record, for its asker and admins; for anyone else
        a read-only copy of the answer (`read_only: true`: no feedback from them)."""
        found = with_chart(_answer(service, answer_id)).to_json()
        return found | {"read_only": not (who.admin or _asked_by(service, answer_id, who))}

    @router.post("/api/answers/{answer_id}/feedback", tags=["answers"])
    def feedback(answer_id: str, body: FeedbackBody, who: User) -> dict[str, Any]:
        """👍 (`good`) or 👎 (`bad`, with a reason) on a recorded answer."""
        if body.verdict not in VERDICTS:
            raise HTTPException(422, f"verdict must be one of {', '.join(VERDICTS)}")
        if body.reason is not None and body.reason not in REASONS:
            raise HTTPException(422, f"reason must be one of {', '.join(REASONS)}")
        _answer(service, answer_id)
        mine = _asked_by(service, answer_id, who)
        if not mine and not who.admin:
            raise HTTPException(403, "only whoever asked this question (or an admin) may give feedback on its answer")
        note = None if mine else f"feedback by admin {who.name}"  # an admin judging another's answer, said so
        if not service.feedback(answer_id, body.verdict, body.reason if body.verdict == "bad" else None, note):
            raise HTTPException(404, "no such answer")
        return {
            "id": answer_id,
            "verdict": body.verdict,
            "reason": body.reason,
            "recorded": True,
            "by": who.name,
            "as_admin": not mine,
        }


def records(router: APIRouter, service: Service) -> None:
    """The CSV export of a comparison, and (admin) every recorded answer."""

    @router.get("/api/export.csv", tags=["answers"], response_class=Response)
    def export(
        answer: Annotated[str, Query(description="id of a comparison, ranking or trend answer")], who: User
    ) -> Response:
        """Every report of a comparison, ranking or trend answer as CSV (UTF-8 with BOM, opens in Excel/WPS)."""
        found = _answer(service, answer)
        if found.route not in TABLE_ROUTES:
            raise HTTPException(
                400, f"only comparison, ranking and trend answers can be exported (this one is '{found.route}')"
            )
        if found.table:  # every report, made again when the answer carries only the rows it shows
            return _csv(service.table(found), TABLE_CSV_FIELDS, f"nianbao-{answer}.csv")
        rows = [{k: f.get(k) for k in CSV_FIELDS} for f in found.figures]
        return _csv(rows, CSV_FIELDS, f"nianbao-{answer}.csv")

    @router.get("/api/answers", tags=["admin"])
    def answers(who: Admin) -> list[dict[str, Any]]:
        """Admin: every recorded answer — who asked what, when, and their feedback."""
        return [_who_asked(a) for a in service.answers()]

    @router.get("/api/answers.csv", tags=["admin"], response_class=Response)
    def answers_csv(who: Admin) -> Response:
        """Admin: the same as /api/answers, as CSV."""
        rows = [_who_asked(a) for a in service.answers()]
        fields = (
            "id",
            "asked_at",
            "user",
            "conversation",
            "channel",
            "question",
            "route",
            "answer",
            "verdict",
            "reason",
        )
        return _csv(rows, fields, "nianbao-answers.csv")


def stored(router: APIRouter, service: Service) -> None:
    """The stored reports, their review cards and which years are covered (their figures: bot/web_figures.py)."""

    @router.get("/api/reports", tags=["reports"])
    def reports(
        who: User,
        response: Response,
        limit: Annotated[int, Query(ge=1, le=MAX_REPORTS, description="reports per page")] = 200,
        offset: Annotated[int, Query(ge=0, description="reports to skip")] = 0,
    ) -> list[dict[str, Any]]:
        """One entry per stored report, by issuer and year, a page at a time (the whole count in
        `X-Total-Count`): issuer, region, year, template, how each was found, failed checks."""
        total, lines = service.reports_page(limit, offset)
        response.headers["X-Total-Count"] = str(total)
        return [{k: v for k, v in r.items() if k != "path"} for r in lines]  # no server paths

    @router.get("/api/check", tags=["reports"])
    def check(who: User, issuer: str, year: int) -> dict[str, Any]:
        """A report's card, as `nianbao check`: failed template checks, cross-year mismatches,
        text/table disagreements, sources that disagree, blank rows, missing sections."""
        from .review.plan import ReviewError

        try:
            return service.check(issuer, year, english=True)  # the page says it in its language
        except ReviewError as e:
            raise HTTPException(404, str(e)) from None

    @router.get("/api/coverage", tags=["reports"])
    def coverage(
        who: User,
        response: Response,
        limit: Annotated[int, Query(ge=1, le=MAX_ISSUERS, description="issuers per page")] = 200,
        offset: Annotated[int, Query(ge=0, description="issuers to skip")] = 0,
    ) -> dict[str, Any]:
        """Which issuers have a report for which years, and which years are missing, a page of
        issuers at a time (by name; how many issuers in `X-Total-Count`); `years` spans every report."""
        total, page = service.coverage_page(limit, offset)
        response.headers["X-Total-Count"] = str(total)
        return page


def uploading(router: APIRouter, service: Service, settings: WebSettings, folder: Path) -> None:
    """Admin uploads, read into the store one at a time; a refused file is not kept."""
    max_upload = int(settings.max_upload_mb * 1024 * 1024)
    uploads = folder
    ingest_lock = threading.Lock()  # one upload is read into the store at a time

    # response_model=None: the answer is the ingest line, or a 422 JSONResponse naming why not.
    @router.post("/api/ingest", tags=["admin"], response_model=None)
    async def ingest(
        who: Admin,
        file: Annotated[UploadFile, File(description="one report file")],
        issuer: Annotated[str | None, Form()] = None,
        year: Annotated[int | None, Form()] = None,
    ) -> dict[str, Any] | JSONResponse:
        """Admin: add one report file. Too large or not a report: a clear error and nothing is stored."""
        name = _safe_name(file.filename or "")
        if not name:
            raise HTTPException(400, "the upload has no file name")
        data = await file.read(max_upload + 1)
        if len(data) > max_upload:
            raise HTTPException(413, f"{name} is larger than the {settings.max_upload_mb:g} MB upload limit")
        if not data:
            raise HTTPException(400, f"{name} is empty")
        # One place per admin and file name: a corrected file uploaded again is the same source and
        # replaces its earlier version (as the CLI does for the same path); another name, or another
        # admin's file, is another source of the report. The earlier version waits aside until the
        # new one is stored, and comes back if it is refused.
        path = uploads / hashlib.sha256(who.name.encode()).hexdigest()[:12] / name
        earlier = path.with_name(path.name + ".earlier")
        had_earlier = path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if had_earlier:
                path.replace(earlier)
            path.write_bytes(data)
        except OSError as e:
            _put_back(path, earlier, had_earlier)
            raise HTTPException(400, f"{name}: cannot be kept ({e.strerror or e})") from None
        try:
            outcome = await run_in_threadpool(_ingest_one, service, ingest_lock, path, issuer or None, year)
        except BaseException:
            _put_back(path, earlier, had_earlier)
            raise
        line = {k: v for k, v in outcome.to_json().items() if k != "path"}
        if outcome.error or outcome.action == "skipped":
            _put_back(path, earlier, had_earlier)  # nothing of a refused file is kept
            why = outcome.error or "; ".join(outcome.warnings) or "not stored"
            return JSONResponse({"detail": f"{name}: {why}", "outcome": line}, status_code=422)
        earlier.unlink(missing_ok=True)  # replaced: the earlier version is gone from uploads/ too
        return line


# ------------------------------------------------------------------ helpers
async def _in_turn(lanes: Lanes, asking: Conversation, conversation: str, question: str) -> Response:
    """The answer to a question in its conversation, worked on in its turn: a ranking, trend or
    sum over many reports is understood, then answered after the quicker questions before its deadline."""

    def respond(answer: Answer) -> Response:
        return json_response(answer.to_json() | {"conversation": conversation})

    def begin() -> Response | Held:
        begun = asking.begin(question.strip())
        return begun if isinstance(begun, Held) else respond(begun)

    came = asyncio.get_running_loop().time()
    async with lanes.place(came):
        begun = await run_in_threadpool(begin)
    if not isinstance(begun, Held):
        return begun
    held = begun
    async with lanes.place(came + HEAD_START):
        return await run_in_threadpool(lambda: respond(held.answer()))


def json_response(content: Any) -> Response:
    """JSON made here, in the route's thread, by `json`: a route returning a dict has FastAPI
    check it in another worker thread and walk it through `jsonable_encoder` in the event loop
    (0.3 ms of a 3 KB answer), for an answer that is plain JSON data already."""
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
    return Response(body, media_type="application/json")


def _answer(service: Service, answer_id: str) -> Any:
    found = service.answer(answer_id)
    if found is None:
        raise HTTPException(404, "no such answer")
    return found


def _asked_by(service: Service, answer_id: str, who: WebUser) -> bool:
    """Whether `who` asked this answer on the web page (its record is theirs)."""
    asker = service.asker(answer_id)
    return asker is not None and asker[0] == CHANNEL and asker[1].rsplit("/", 1)[0] == who.name


def _who_asked(record: dict[str, Any]) -> dict[str, Any]:
    """Split the web conversation key NAME/CONVERSATION back into the staff name and the conversation."""
    out = dict(record)
    if record.get("channel") == CHANNEL and "/" in (record.get("user") or ""):
        out["user"], out["conversation"] = record["user"].rsplit("/", 1)
    return out


def _csv(rows: list[dict[str, Any]], fields: tuple[str, ...], filename: str) -> Response:
    # Cells a spreadsheet would run as formulas are quoted (bot.csvsafe).
    return Response(
        "\ufeff" + csv_text(rows, list(fields)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


MAX_NAME_BYTES = 200  # file systems allow 255 bytes a name: 200 Chinese characters are 600


def _safe_name(filename: str) -> str:
    """The file's own name, without folders or characters a file system would trip on, its
    stem shortened to fit MAX_NAME_BYTES of UTF-8 (never mid-character; the suffix kept)."""
    name = re.split(r"[\\/]", filename)[-1].strip().lstrip(".")
    name = re.sub(r'[\x00-\x1f<>:"|?*]', "_", name)
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix.encode("utf-8")) > 16:
        stem, suffix = name, ""
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - (1 if suffix else 0)
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{stem}.{suffix}" if suffix else stem


def _put_back(path: Path, earlier: Path, had_earlier: bool) -> None:
    """A refused upload leaves nothing, and the version it was to replace is as it was."""
    path.unlink(missing_ok=True)
    if had_earlier:
        with contextlib.suppress(OSError):
            earlier.replace(path)
    else:
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty


def _ingest_one(service: Service, lock: threading.Lock, path: Path, issuer: str | None, year: int | None) -> Any:
    with lock:
        outcomes = list(service.ingest([path], issuer=issuer, year=year))
    return outcomes[0]
