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

import hashlib
import hmac
import logging
import math
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import web_figures, web_history, web_review
from . import web_routes as routes
from .config import Config, WebSettings, WebUser
from .environment import environment_problem
from .ratelimit import RateLimiter
from .service import Service
from .web_history import is_shell
from .web_routes import User

STATIC = Path(__file__).with_name("static")
FONTS = Path(__file__).with_name("fonts")  # the CJK font charts use: the page's fallback on a machine without one
OPEN_PATHS = ("/", "/health", "/favicon.ico")  # and /static/…: the page shell, no data
GUESSES_PER_REQUEST = 10  # a client may send this many times the per-token rate without a valid token
MULTIPART_OVERHEAD = 64 * 1024  # room for the form's boundaries and fields around the file
# The page loads nothing from elsewhere: no CDN, no web fonts (it must work without internet).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
log = logging.getLogger("nianbao.web")


# ------------------------------------------------------------------ access
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


# ------------------------------------------------------------------ the app
def create_app(service: Service, config: Config | None = None, workers: int = 1) -> FastAPI:
    """The ASGI app over `service`; users, upload size and rate limit come from `config` (default:
    the service's); `workers`: how many server processes share the cores (its answering threads)."""
    config = config or service.config
    settings = config.web
    app = FastAPI(
        lifespan=_with_threads(answer_threads(workers=workers)),
        title="nianbao",
        version="1",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,  # the schema needs a token
        description="Questions and figures over government information-disclosure annual reports "
        "(政府信息公开工作年度报告). Send `Authorization: Bearer TOKEN` on every /api request.",
    )
    _guard(app, list(settings.users), settings)
    _errors(app)
    _shell(app)
    routes.asking(app.router, service, answer_threads(workers=workers))
    routes.records(app.router, service)
    routes.stored(app.router, service)
    routes.uploading(app.router, service, settings, Path(config.data_dir) / "uploads")
    web_history.history(app.router, service)
    web_figures.browsing(app.router, service)
    web_review.reviewing(app.router, service)
    return app


def answer_threads(cores: int | None = None, workers: int = 1) -> int:
    """Threads that answer at once in one server process: two a core, shared between the
    processes. Answering is Python (one core at a time) with SQLite reads between, which run
    beside it. With anyio's default of 40, 32 clients meant 32 answers at once on 2 cores, each
    with its worker's memory (issue 21: 210 answers/s at 8 clients, 60 at 32; bench/scale.py, at
    100,000 reports and four threads: 119 and 135)."""
    return max(2, 2 * (cores or os.cpu_count() or 1) // max(1, workers))


def server_processes(config: Config, cores: int | None = None) -> int:
    """`[web] workers`, else one process a core: one process runs Python on one core at a time
    however many threads it has, and answering is mostly Python (issue 21: one process gave
    133-145 figure answers/s on 2 cores whether 8 or 32 clients asked; bench/scale.py --serve-only)."""
    return config.web.workers or max(1, cores or os.cpu_count() or 1)


def _with_threads(threads: int) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """The server's worker threads (those running every route that is not async)."""
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def _guard(app: FastAPI, users: list[WebUser], settings: WebSettings) -> None:
    """Every request but the page shell's needs a valid token, within its rate; every answer gets the headers."""
    app.add_middleware(_Access, users=users, settings=settings)


class _Access:
    """Access and headers as one plain ASGI middleware. Starlette's `@app.middleware("http")`
    (BaseHTTPMiddleware) runs each request through a task group and memory streams, and there
    were two. With this, the async token dependencies and /api/ask's own JSON, the HTTP stack
    around an answer costs 0.36-0.42 ms of CPU instead of 1.13-1.28 (issue 21: the app over a
    service answering at once, 8 clients, load average 6.6-7.6)."""

    def __init__(self, app: ASGIApp, users: list[WebUser], settings: WebSettings) -> None:
        self.app, self.users, self.settings = app, users, settings
        self.limiter = RateLimiter(settings.requests_per_minute)
        self.guesses = RateLimiter(settings.requests_per_minute * GUESSES_PER_REQUEST)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers[k] = v
                if not path.startswith("/static/"):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        request = Request(scope)
        refused = None if _open(path) else self.refusal(request)
        if refused is not None:
            await refused(scope, receive, with_headers)
            return
        await self.app(scope, receive, with_headers)

    def refusal(self, request: Request) -> Response | None:
        """401 / 429 / 411 / 413 for a request that may not go on; None (its user set) for one that may.
        In front of routing and body parsing: a request without a valid token learns nothing,
        not even whether its route or its body would have been valid."""
        token = _bearer(request)
        found = find_user(self.users, token) if token else None
        if found is None:
            # Guessing tokens is slowed per client address; requests with a valid token never count here.
            wait = self.guesses.wait(request.client.host if request.client else "?")
            if wait:
                return JSONResponse(
                    {"detail": "too many requests without a valid token: slow down"},
                    status_code=429,
                    headers={"Retry-After": str(max(1, math.ceil(wait)))},
                )
            return JSONResponse(
                {"detail": "a valid staff token is needed: Authorization: Bearer TOKEN"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        wait = self.limiter.wait(found.token)
        if wait:
            return JSONResponse(
                {"detail": "too many requests: slow down"},
                status_code=429,
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        refused = _body_refusal(request, self.settings)
        if refused is None:
            request.state.user = found  # in the request's scope: the routes' Request reads the same
        return refused


def _open(path: str) -> bool:
    """The page shell's paths: no token needed, no data."""
    return path in OPEN_PATHS or path.startswith("/static/") or is_shell(path)


def _errors(app: FastAPI) -> None:
    """A bad request says what was wrong; a failure is logged, and the machine's fault is a 503."""

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


def _shell(app: FastAPI) -> None:
    """The open routes: the page, its static files, /health; and the schema, for a token."""

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


# ------------------------------------------------------------------ helpers
def _body_refusal(request: Request, settings: WebSettings) -> JSONResponse | None:
    """413 or 411 for a request whose body is over its limit or of unknown size, before a byte
    of it is read: an upload may be max_upload_mb, any other body max_body_kb (a question is
    a few hundred bytes; /api/ask read a 200 MB body whole before). The server frames a
    body by its Content-Length, so the header is the size read."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    upload = request.url.path == "/api/ingest"
    limit = (
        int(settings.max_upload_mb * 1024 * 1024) + MULTIPART_OVERHEAD if upload else int(settings.max_body_kb * 1024)
    )
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        what = "an upload" if upload else "a request with a body"
        return JSONResponse({"detail": f"{what} must say its size (Content-Length)"}, status_code=411)
    if int(length) > limit:
        said = f"{settings.max_upload_mb:g} MB" if upload else f"{settings.max_body_kb:g} KB"
        return JSONResponse(
            {"detail": f"the {'upload' if upload else 'request body'} is larger than the {said} limit"}, status_code=413
        )
    return None


def server_options(config: Config, host: str | None = None, port: int | None = None) -> dict[str, Any]:
    """uvicorn's settings for `nianbao serve`: X-Forwarded-For / -Proto are believed from
    `[web] trusted_proxies` only (uvicorn believes 127.0.0.1 by default: any local process
    could then choose the address its token guesses are counted under)."""
    proxies = config.web.trusted_proxies
    return {
        "host": host or config.web.host,
        "port": port or config.web.port,
        "log_level": "info",
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": ",".join(proxies) if proxies else "",
        "server_header": False,
    }


def run(config: Config, host: str | None = None, port: int | None = None) -> None:
    """Serve the page and the API with uvicorn until interrupted: `server_processes` of them,
    each with its own socket on the port and its own connections to the store (bot.web_processes)."""
    import uvicorn

    workers = server_processes(config)
    options = server_options(config, host, port)
    if workers == 1:
        uvicorn.run(create_app(Service(config, config.web.mmap_mb)), **options)
        return
    from .web_processes import serve

    Service.open(config).close()  # the store created, upgraded and checked once, before any worker
    serve(config, options, workers)
