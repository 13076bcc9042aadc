"""The staff web page and HTTP API: a thin adapter over the answering service.

    app = create_app(Service.open(config))      # an ASGI app (FastAPI)
    run(config, host="127.0.0.1", port=8000)    # what `nianbao serve` does

Every route but the page shell (`/`, `/static/…`) and `/health` needs
`Authorization: Bearer TOKEN` with a token of `[[web.users]]`; without one the answer is
401 and no data. Questions are asked through `service.conversation("web", "NAME/CONVERSATION")`,
so the answer record says which staff member asked. Nothing here touches the store: it
renders what `bot.service.Service` returns.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import math
import re
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .config import Config, WebSettings, WebUser
from .csvsafe import csv_text
from .environment import environment_problem
from .service import REASONS, VERDICTS, Service

STATIC = Path(__file__).with_name("static")
FONTS = Path(__file__).with_name("fonts")  # the CJK font charts use: the page's fallback on a machine without one
CHANNEL = "web"
# Routes whose answer is a comparison over several reports: these can be exported as CSV.
TABLE_ROUTES = ("compare", "rank", "trend")
OPEN_PATHS = ("/", "/health", "/favicon.ico")  # and /static/…: the page shell, no data
GUESSES_PER_REQUEST = 10  # a client may send this many times the per-token rate without a valid token
MULTIPART_OVERHEAD = 64 * 1024  # room for the form's boundaries and fields around the file
CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# The page loads nothing from elsewhere: no CDN, no web fonts (it must work without internet).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CSV_FIELDS = ("issuer", "region", "year", "metric", "label", "value", "unit", "raw", "status",
              "source_file", "cite", "note")
# A comparison, ranking or trend exports its table: one row per report, every report it covered
# (its sentence and `figures` show the top rows only), with the arithmetic of sums.
TABLE_CSV_FIELDS = ("issuer", "region", "year", "metric", "label", "value", "unit", "status", "complete",
                    "from_text", "formula", "source_file", "cite")

log = logging.getLogger("nianbao.web")


# ------------------------------------------------------------------ request bodies
class AskBody(BaseModel):
    question: str = Field(min_length=1, max_length=2000, description="The question, in Chinese or English.")
    conversation: str | None = Field(
        None, description="Id of the conversation a follow-up belongs to (returned by the first answer); "
                          "omit it to start a new conversation.")


class FeedbackBody(BaseModel):
    verdict: str = Field(description=f"One of {', '.join(VERDICTS)}.")
    reason: str | None = Field(None, description=f"For 'bad': one of {', '.join(REASONS)}.")


# ------------------------------------------------------------------ access
class RateLimiter:
    """At most `per_minute` requests per key in any sliding 60-second window."""

    def __init__(self, per_minute: int, clock: Any = time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Record a request for `key`; 0 when it may go ahead, else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return 60 - (now - hits[0])
            hits.append(now)
            return 0.0


def find_user(users: list[WebUser], token: str) -> WebUser | None:
    """The user whose token this is. Every token is compared, in constant time, whether or not one matched."""
    given = hashlib.sha256(token.encode("utf-8")).digest()
    found = None
    for user in users:
        # Hashing first makes both sides the same length, so compare_digest leaks nothing about length either.
        if hmac.compare_digest(given, hashlib.sha256(user.token.encode("utf-8")).digest()) and found is None:
            found = user
    return found


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _user(request: Request) -> WebUser:
    return request.state.user  # set by the `access` middleware, before any route runs


def _admin(who: Annotated[WebUser, Depends(_user)]) -> WebUser:
    if not who.admin:
        raise HTTPException(403, "only an admin may do this")
    return who


User = Annotated[WebUser, Depends(_user)]
Admin = Annotated[WebUser, Depends(_admin)]


# ------------------------------------------------------------------ the app
def create_app(service: Service, config: Config | None = None) -> FastAPI:
    """The ASGI app over `service`; users, upload size and rate limit come from `config` (default: the service's)."""
    config = config or service.config
    settings = config.web
    users = list(config.web_users)
    limiter = RateLimiter(settings.requests_per_minute)
    guesses = RateLimiter(settings.requests_per_minute * GUESSES_PER_REQUEST)
    max_upload = int(settings.max_upload_mb * 1024 * 1024)
    uploads = Path(config.data_dir) / "uploads"
    ingest_lock = threading.Lock()  # one upload is read into the store at a time

    app = FastAPI(
        title="nianbao", version="1", openapi_url=None, docs_url=None, redoc_url=None,  # the schema needs a token
        description="Questions and figures over government information-disclosure annual reports "
                    "(政府信息公开工作年度报告). Send `Authorization: Bearer TOKEN` on every /api request.")

    @app.middleware("http")
    async def access(request: Request, call_next: Any) -> Response:
        # In front of routing and body parsing: a request without a valid token learns nothing,
        # not even whether its route or its body would have been valid.
        path = request.url.path
        if path in OPEN_PATHS or path.startswith("/static/"):
            return await call_next(request)
        token = _bearer(request)
        found = find_user(users, token) if token else None
        if found is None:
            # Guessing tokens is slowed per client address; requests with a valid token never count here.
            wait = guesses.wait(request.client.host if request.client else "?")
            if wait:
                return JSONResponse({"detail": "too many requests without a valid token: slow down"},
                                    status_code=429, headers={"Retry-After": str(max(1, math.ceil(wait)))})
            return JSONResponse({"detail": "a valid staff token is needed: Authorization: Bearer TOKEN"},
                                status_code=401, headers={"WWW-Authenticate": "Bearer"})
        wait = limiter.wait(found.token)
        if wait:
            return JSONResponse({"detail": "too many requests: slow down"}, status_code=429,
                                headers={"Retry-After": str(max(1, math.ceil(wait)))})
        refused = _body_refusal(request, settings)
        if refused is not None:
            return refused
        request.state.user = found
        return await call_next(request)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"detail": f"bad request: {problems}"}, status_code=422)

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> JSONResponse:
        problem = environment_problem(exc)
        if problem is not None:  # the machine, not the request: try again later
            log.error("cannot serve %s: %s", request.url.path, problem)
            return JSONResponse({"detail": problem}, status_code=503, headers={"Retry-After": "30"})
        log.exception("error serving %s", request.url.path)
        return JSONResponse({"detail": "internal error: the server log has the details"}, status_code=500)

    # -------------------------------------------------------------- open routes
    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static/fonts", StaticFiles(directory=FONTS), name="fonts")  # before /static, which it is inside
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/health", tags=["open"])
    def health() -> dict[str, str]:
        """Liveness check, no token needed and no data."""
        return {"status": "ok"}

    @app.get("/openapi.json", include_in_schema=False)
    def schema(who: User) -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            # Say in the schema what every request needs; /health alone needs nothing.
            spec.setdefault("components", {})["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            spec["security"] = [{"bearer": []}]
            spec["paths"]["/health"]["get"]["security"] = []
            app.openapi_schema = spec
        return app.openapi_schema

    # -------------------------------------------------------------- answering
    @app.get("/api/me", tags=["access"])
    def me(who: User) -> dict[str, Any]:
        """Who this token belongs to, and whether it may upload."""
        return {"name": who.name, "admin": who.admin}

    @app.post("/api/ask", tags=["answers"])
    def ask(body: AskBody, who: User) -> dict[str, Any]:
        """Answer a question: the JSON contract of DESIGN.md, plus the answer's `id` and its `conversation`."""
        conversation = body.conversation or secrets.token_urlsafe(9)
        if not CONVERSATION_ID.match(conversation):
            raise HTTPException(422, "conversation: letters, digits, '-' and '_' only, at most 40")
        answer = service.conversation(CHANNEL, f"{who.name}/{conversation}").ask(body.question.strip())
        return answer.to_json() | {"conversation": conversation}

    @app.get("/api/answers/{answer_id}", tags=["answers"])
    def get_answer(answer_id: str, who: User) -> dict[str, Any]:
        """A recorded answer by its id: the record, for its asker and admins; for anyone else
        a read-only copy of the answer (`read_only: true`: no feedback from them)."""
        found = _answer(service, answer_id).to_json()
        return found | {"read_only": not (who.admin or _asked_by(service, answer_id, who))}

    @app.post("/api/answers/{answer_id}/feedback", tags=["answers"])
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
        return {"id": answer_id, "verdict": body.verdict, "reason": body.reason, "recorded": True,
                "by": who.name, "as_admin": not mine}

    @app.get("/api/export.csv", tags=["answers"], response_class=Response)
    def export(answer: Annotated[str, Query(description="id of a comparison, ranking or trend answer")],
               who: User) -> Response:
        """Every report of a comparison, ranking or trend answer as CSV (UTF-8 with BOM, opens in Excel/WPS)."""
        found = _answer(service, answer)
        if found.route not in TABLE_ROUTES:
            raise HTTPException(400, f"only comparison, ranking and trend answers can be exported "
                                     f"(this one is '{found.route}')")
        if found.table:
            return _csv(found.table, TABLE_CSV_FIELDS, f"nianbao-{answer}.csv")
        rows = [{k: f.get(k) for k in CSV_FIELDS} for f in found.figures]
        return _csv(rows, CSV_FIELDS, f"nianbao-{answer}.csv")

    @app.get("/api/answers", tags=["admin"])
    def answers(who: Admin) -> list[dict[str, Any]]:
        """Admin: every recorded answer — who asked what, when, and their feedback."""
        return [_who_asked(a) for a in service.answers()]

    @app.get("/api/answers.csv", tags=["admin"], response_class=Response)
    def answers_csv(who: Admin) -> Response:
        """Admin: the same as /api/answers, as CSV."""
        rows = [_who_asked(a) for a in service.answers()]
        fields = ("id", "asked_at", "user", "conversation", "channel", "question", "route", "answer", "verdict",
                  "reason")
        return _csv(rows, fields, "nianbao-answers.csv")

    # -------------------------------------------------------------- the reports
    @app.get("/api/reports", tags=["reports"])
    def reports(who: User) -> list[dict[str, Any]]:
        """One entry per stored report: issuer, region, year, template, how each was found, failed checks."""
        return [{k: v for k, v in r.items() if k != "path"} for r in service.reports()]  # no server paths

    @app.get("/api/figures", tags=["reports"])
    def figures(who: User, issuer: str | None = None, year: int | None = None,
                metric: Annotated[str | None, Query(description="a metric key or prefix, "
                                                                "e.g. applications.received")] = None,
                ) -> list[dict[str, Any]]:
        """Stored cells with their provenance, filtered by issuer, year and metric."""
        return service.figures(issuer=issuer or None, year=year, metric=metric or None)

    @app.get("/api/check", tags=["reports"])
    def check(who: User, issuer: str, year: int) -> dict[str, Any]:
        """A report's card, as `nianbao check`: failed template checks, cross-year mismatches,
        text/table disagreements, sources that disagree, blank rows, missing sections."""
        from .review.plan import ReviewError

        try:
            return service.check(issuer, year)
        except ReviewError as e:
            raise HTTPException(404, str(e)) from None

    @app.get("/api/coverage", tags=["reports"])
    def coverage(who: User) -> dict[str, Any]:
        """Which issuers have a report for which years, and which years are missing."""
        return service.coverage()

    # response_model=None: the answer is the ingest line, or a 422 JSONResponse naming why not.
    @app.post("/api/ingest", tags=["admin"], response_model=None)
    async def ingest(who: Admin, file: Annotated[UploadFile, File(description="one report file")],
                     issuer: Annotated[str | None, Form()] = None,
                     year: Annotated[int | None, Form()] = None) -> dict[str, Any] | JSONResponse:
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

    return app


# ------------------------------------------------------------------ helpers
def _body_refusal(request: Request, settings: WebSettings) -> JSONResponse | None:
    """413 or 411 for a request whose body is over its limit or of unknown size, before a byte
    of it is read: an upload may be max_upload_mb, any other body max_body_kb (a question is
    a few hundred bytes; /api/ask read a 200 MB body whole before). The server frames a
    body by its Content-Length, so the header is the size read."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    upload = request.url.path == "/api/ingest"
    limit = int(settings.max_upload_mb * 1024 * 1024) + MULTIPART_OVERHEAD if upload \
        else int(settings.max_body_kb * 1024)
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        what = "an upload" if upload else "a request with a body"
        return JSONResponse({"detail": f"{what} must say its size (Content-Length)"}, status_code=411)
    if int(length) > limit:
        said = f"{settings.max_upload_mb:g} MB" if upload else f"{settings.max_body_kb:g} KB"
        return JSONResponse({"detail": f"the {'upload' if upload else 'request body'} is larger than the "
                                       f"{said} limit"}, status_code=413)
    return None


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
    return Response("\ufeff" + csv_text(rows, list(fields)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


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


def server_options(config: Config, host: str | None = None, port: int | None = None) -> dict[str, Any]:
    """uvicorn's settings for `nianbao serve`: X-Forwarded-For / -Proto are believed from
    `[web] trusted_proxies` only (uvicorn believes 127.0.0.1 by default: any local process
    could then choose the address its token guesses are counted under)."""
    proxies = config.web.trusted_proxies
    return {"host": host or config.web.host, "port": port or config.web.port, "log_level": "info",
            "proxy_headers": bool(proxies), "forwarded_allow_ips": ",".join(proxies) if proxies else "",
            "server_header": False}


def run(config: Config, host: str | None = None, port: int | None = None) -> None:
    """Serve the page and the API with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(Service.open(config)), **server_options(config, host, port))
