"""The HTTP API over the answering service, through httpx's ASGI client: asks, answers by id, feedback,
reports, figures, coverage, exports, uploads, and who may do what (tokens, admins, rate limit)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from bot.config import Config, ConfigError, Embedding, WebSettings, WebUser, load_config
from bot.ratelimit import RateLimiter
from bot.service import Service
from bot.web import STATIC, create_app, find_user
from bot.web_history import is_shell
from tests.conftest import HEYANG, IngestedCorpus, corpus_files, run_cli

ADMIN = WebUser("王管理", "admin-token-0123456789", admin=True)
STAFF = WebUser("李科员", "staff-token-9876543210")
AS_ADMIN = {"Authorization": f"Bearer {ADMIN.token}"}
AS_STAFF = {"Authorization": f"Bearer {STAFF.token}"}
HEYANG_2020 = "how many applications did 合阳 receive in 2020"
CONTRACT = {"question", "route", "answer", "figures", "passages", "warnings", "id"}


def make_config(data_dir: Path, **web: Any) -> Config:
    return Config(data_dir=data_dir, embedding=Embedding("fake"), web=WebSettings(users=[ADMIN, STAFF], **web))


@pytest.fixture(scope="module")
def corpus_copy(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A writable copy of the ingested corpus store (the shared one is read-only)."""
    return ingested.copy(tmp_path_factory, "web-store")


@pytest.fixture(scope="module")
def app(corpus_copy: Path) -> Any:
    return create_app(Service.open(make_config(corpus_copy)))


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://nianbao.test")


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


async def ask(
    client: httpx.AsyncClient, question: str, conversation: str | None = None, headers: dict[str, str] = AS_STAFF
) -> dict[str, Any]:
    body = {"question": question} | ({"conversation": conversation} if conversation else {})
    response = await client.post("/api/ask", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


# ------------------------------------------------------------------ open routes and access
async def test_health_and_page_shell_need_no_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    page = await client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for name in ("app.js", "app.css"):
        assert (await client.get(f"/static/{name}")).status_code == 200


def test_the_page_loads_nothing_from_elsewhere() -> None:
    """No CDN, no web fonts: the only URL in the static files is the SVG namespace (a name, never fetched)."""
    for path in STATIC.iterdir():
        urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'`)]*", path.read_text(encoding="utf-8")))
        assert urls <= {"http://www.w3.org/2000/svg"}, (path.name, urls)
        if path.suffix == ".js":  # data goes in through textContent only
            assert not re.search(
                r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", path.read_text(encoding="utf-8")
            )


def api_requests(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every API route, with a made-up id where the path takes one."""
    out = [("GET", "/openapi.json"), ("GET", "/api/no-such-route")]
    for route in app.routes:
        path = re.sub(r"\{[^}]+\}", "some-id", getattr(route, "path", ""))
        if isinstance(route, APIRoute) and route.path not in ("/", "/health") and not is_shell(path):
            out += [(m, path) for m in route.methods]
    return out


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Bearer {STAFF.token[:-1]}"},
        {"Authorization": f"Bearer {STAFF.token}x"},
        {"Authorization": STAFF.token},
        {"Authorization": "Bearer "},
        {"Authorization": f"Basic {STAFF.token}"},
    ],
    ids=["none", "wrong", "prefix", "longer", "no-scheme", "empty", "basic"],
)
async def test_every_route_refuses_without_a_valid_token(
    app: Any, client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    requests = api_requests(app)
    assert ("POST", "/api/ask") in requests and ("POST", "/api/ingest") in requests
    for method, path in requests:
        response = await client.request(method, path, headers=headers, json={"question": "合阳县2020年收到多少申请"})
        assert response.status_code == 401, (method, path, response.text)
        assert response.json() == {"detail": "a valid staff token is needed: Authorization: Bearer TOKEN"}
        assert response.headers["www-authenticate"] == "Bearer"


def test_tokens_are_matched_whole() -> None:
    users = [ADMIN, STAFF]
    assert find_user(users, STAFF.token) is STAFF and find_user(users, ADMIN.token) is ADMIN
    for wrong in ("", STAFF.token.upper(), STAFF.token[:5], STAFF.token + " ", "李科员"):
        assert find_user(users, wrong) is None


async def test_me_and_the_schema_with_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/me", headers=AS_STAFF)).json() == {"name": "李科员", "admin": False}
    assert (await client.get("/api/me", headers=AS_ADMIN)).json() == {"name": "王管理", "admin": True}
    schema = (await client.get("/openapi.json", headers=AS_STAFF)).json()
    for path in (
        "/api/ask",
        "/api/answers/{answer_id}",
        "/api/answers/{answer_id}/feedback",
        "/api/reports",
        "/api/figures",
        "/api/coverage",
        "/api/ingest",
        "/api/export.csv",
    ):
        assert path in schema["paths"], path
    assert schema["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    assert schema["security"] == [{"bearer": []}] and schema["paths"]["/health"]["get"]["security"] == []
    # /docs is our own page drawing /openapi.json: it loads nothing but /static (Swagger UI would load a CDN).
    docs = await client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert not re.findall(r"""(?:src|href)=["'](?:https?:)?//""", docs.text)


async def test_rate_limit_per_token_with_retry_after(corpus_copy: Path) -> None:
    app = create_app(Service.open(make_config(corpus_copy, requests_per_minute=3)))
    async with client_for(app) as client:
        for _ in range(3):
            assert (await client.get("/api/me", headers=AS_STAFF)).status_code == 200
        limited = await client.get("/api/me", headers=AS_STAFF)
        assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
        assert (await client.get("/api/me", headers=AS_ADMIN)).status_code == 200  # another token's own budget
        assert (await client.get("/health")).status_code == 200
        wrong = {"Authorization": "Bearer guess"}
        codes = [(await client.get("/api/me", headers=wrong)).status_code for _ in range(31)]
        assert codes == [401] * 30 + [429]  # guessing tokens is slowed too (10 × the per-token rate)
        assert (await client.get("/api/me", headers=AS_ADMIN)).status_code == 200  # a valid token is not


def test_rate_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.wait("a") == 0 and limiter.wait("a") == 0
    assert limiter.wait("a") == pytest.approx(60)
    now[0] += 45
    assert limiter.wait("a") == pytest.approx(15) and limiter.wait("b") == 0
    now[0] += 15
    assert limiter.wait("a") == 0 and limiter.counted("a") == 1  # the two at 1000 s have left the window
    # The Telegram bot's use: a window of its own, chat ids as keys; 0 is no limit at all.
    chats = RateLimiter(1, window=2.0, clock=lambda: now[0])
    assert chats.wait(42) == 0 and chats.wait(42) == pytest.approx(2.0) and chats.counted(42) == 1
    assert RateLimiter(0).wait("a") == 0 and RateLimiter(0).wait("a") == 0


# ------------------------------------------------------------------ answers
async def test_ask_returns_the_contract_with_an_id(client: httpx.AsyncClient) -> None:
    answer = await ask(client, HEYANG_2020)
    assert CONTRACT <= set(answer) and answer["id"] and answer["conversation"]
    assert answer["route"] == "figure" and "5" in answer["answer"]
    total = answer["figures"][0]
    assert (total["metric"], total["value"], total["status"], total["source_file"]) == (
        "applications.received.total",
        5,
        "reported",
        HEYANG,
    )
    assert total["cite"].endswith("一、本年新收政府信息公开申请数量 › 总计")


async def test_questions_in_parallel(client: httpx.AsyncClient) -> None:
    """The server answers on a pool of threads: every one of them gets the same answers."""
    answers = await asyncio.gather(*(ask(client, HEYANG_2020) for _ in range(6)))
    assert [a["figures"][0]["value"] for a in answers] == [5] * 6
    assert len({a["id"] for a in answers}) == 6


def test_the_service_answers_from_any_thread(corpus_copy: Path) -> None:
    service = Service.open(make_config(corpus_copy))
    first = service.ask(HEYANG_2020)
    with ThreadPoolExecutor(3) as pool:
        others = list(pool.map(service.ask, [HEYANG_2020] * 6))
    assert [a.figures[0]["value"] for a in (first, *others)] == [5] * 7


async def test_answer_by_id(client: httpx.AsyncClient) -> None:
    answer = await ask(client, "合阳县2020年收到多少政府信息公开申请？")
    again = await client.get(f"/api/answers/{answer['id']}", headers=AS_ADMIN)
    assert again.status_code == 200
    assert {k: again.json()[k] for k in CONTRACT} == {k: answer[k] for k in CONTRACT}
    missing = await client.get("/api/answers/no-such-answer", headers=AS_STAFF)
    assert missing.status_code == 404 and missing.json() == {"detail": "no such answer"}


async def test_follow_ups_belong_to_their_conversation(client: httpx.AsyncClient) -> None:
    first = await ask(client, "海东市2019年行政复议总数是多少")
    assert first["figures"][0]["value"] == 38
    follow = await ask(client, "刚察县呢？", first["conversation"])
    assert follow["conversation"] == first["conversation"]
    assert follow["figures"][0]["metric"] == "review.total" and "刚察县" in follow["figures"][0]["issuer"]
    fresh = await ask(client, "刚察县呢？")  # a new conversation inherits nothing
    assert fresh["conversation"] != first["conversation"]
    assert not any(f["metric"] == "review.total" for f in fresh["figures"])


async def test_bad_questions_are_refused_clearly(client: httpx.AsyncClient) -> None:
    for body in ({"question": ""}, {}, {"question": "x" * 2001}, {"question": "合阳", "conversation": "../etc"}):
        response = await client.post("/api/ask", json=body, headers=AS_STAFF)
        assert response.status_code == 422 and response.json()["detail"], body
    json_header = AS_STAFF | {"content-type": "application/json"}
    broken = await client.post("/api/ask", content=b"{not json", headers=json_header)
    assert broken.status_code == 422


async def test_feedback_is_recorded_with_who_asked(client: httpx.AsyncClient) -> None:
    answer = await ask(client, HEYANG_2020)
    good = await client.post(f"/api/answers/{answer['id']}/feedback", json={"verdict": "good"}, headers=AS_STAFF)
    assert good.status_code == 200 and good.json()["recorded"] is True
    other = await ask(client, "海东市2019年新收政府信息公开申请多少件")
    bad = await client.post(
        f"/api/answers/{other['id']}/feedback", json={"verdict": "bad", "reason": "wrong number"}, headers=AS_STAFF
    )
    assert bad.status_code == 200
    records = {r["id"]: r for r in (await client.get("/api/answers", headers=AS_ADMIN)).json()}
    assert (records[answer["id"]]["verdict"], records[answer["id"]]["user"]) == ("good", "李科员")
    assert records[answer["id"]]["conversation"] == answer["conversation"]
    assert (records[other["id"]]["verdict"], records[other["id"]]["reason"]) == ("bad", "wrong number")
    assert records[answer["id"]]["question"] == HEYANG_2020 and records[answer["id"]]["channel"] == "web"
    exported = (await client.get("/api/answers.csv", headers=AS_ADMIN)).text
    assert exported.startswith("\ufeffid,asked_at,user") and "李科员" in exported


async def test_feedback_refusals(client: httpx.AsyncClient) -> None:
    answer = await ask(client, HEYANG_2020)
    url = f"/api/answers/{answer['id']}/feedback"
    assert (await client.post(url, json={"verdict": "meh"}, headers=AS_STAFF)).status_code == 422
    assert (await client.post(url, json={"verdict": "bad", "reason": "boring"}, headers=AS_STAFF)).status_code == 422
    unknown = await client.post("/api/answers/nope/feedback", json={"verdict": "good"}, headers=AS_STAFF)
    assert unknown.status_code == 404
    assert (await client.get("/api/answers", headers=AS_STAFF)).status_code == 403  # who-asked-what: admins only


async def test_export_csv_of_a_ranking(client: httpx.AsyncClient) -> None:
    ranking = await ask(client, "which reports had the most lawsuits?")  # counties alone would leave out 海东市
    assert ranking["route"] == "rank"
    response = await client.get("/api/export.csv", params={"answer": ranking["id"]}, headers=AS_STAFF)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("\ufeff")  # so Excel and WPS read the Chinese right
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) == len(ranking["table"])  # every report ranked, one row each
    haidong = [r for r in rows if r["issuer"] == "海东市人民政府"]
    assert haidong and haidong[0]["metric"] == "litigation_direct.total + litigation_after_review.total"
    cells = {f["metric"]: f["value"] for f in ranking["figures"] if f["issuer"] == "海东市人民政府"}
    assert haidong[0]["formula"] == (
        f"{cells['litigation_direct.total']} + {cells['litigation_after_review.total']}"
        f" = {cells['litigation_direct.total'] + cells['litigation_after_review.total']}"
    )
    assert all(r["source_file"] and r["cite"] for r in rows)
    single = await ask(client, HEYANG_2020)
    refused = await client.get("/api/export.csv", params={"answer": single["id"]}, headers=AS_STAFF)
    assert refused.status_code == 400 and "figure" in refused.json()["detail"]


# ------------------------------------------------------------------ what is on file
async def test_reports(client: httpx.AsyncClient) -> None:
    reports = (await client.get("/api/reports", headers=AS_STAFF)).json()
    by_file = {r["source_file"]: r for r in reports}
    assert set(by_file) == {p.name for p in corpus_files()}
    heyang = by_file[HEYANG]
    assert (heyang["issuer"], heyang["year"], heyang["template"]) == ("合阳县人民政府", 2020, "2019")
    assert by_file["003_b4c68211845cc32f.txt"]["failed_checks"]  # 刚察县's table does not add up
    assert all("path" not in r for r in reports)  # no server file paths over the network


async def test_a_reports_card(client: httpx.AsyncClient) -> None:
    # The same findings as `nianbao check`: 刚察县's table does not add up.
    card = (await client.get("/api/check", params={"issuer": "刚察", "year": 2021}, headers=AS_STAFF)).json()
    assert card["issuer"] == "刚察县人民政府" and card["counts"]["template_check"] >= 1
    assert all(item["where"] for item in card["items"] if item["kind"] == "template_check")
    missing = await client.get("/api/check", params={"issuer": "合阳", "year": 2019}, headers=AS_STAFF)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "合阳县人民政府: no report on file for 2019 (years on file: 2020)."


async def test_figures_filtered(client: httpx.AsyncClient) -> None:
    params = {"issuer": "合阳县人民政府", "year": 2020, "metric": "applications.received"}
    cells = {f["metric"]: f for f in (await client.get("/api/figures", params=params, headers=AS_STAFF)).json()}
    assert cells["applications.received.total"]["value"] == 5
    assert cells["applications.received.natural_person"]["value"] == 4
    assert {f["issuer"] for f in cells.values()} == {"合阳县人民政府"}
    assert all(m.startswith("applications.received") for m in cells)
    bad = await client.get("/api/figures", params={"year": "twenty"}, headers=AS_STAFF)
    assert bad.status_code == 422


async def test_figures_by_any_spelling_and_a_page_at_a_time(client: httpx.AsyncClient) -> None:
    for name in ("合阳", "合阳县", "Heyang"):  # as a question would spell it, not only the full name
        params = {"issuer": name, "metric": "applications.received.total"}
        [cell] = (await client.get("/api/figures", params=params, headers=AS_STAFF)).json()
        assert (cell["issuer"], cell["value"]) == ("合阳县人民政府", 5), name
    first = await client.get("/api/figures", params={"limit": 10}, headers=AS_STAFF)
    total = int(first.headers["X-Total-Count"])
    assert len(first.json()) == 10 and total > 500  # every cell of the stored reports, a page at a time
    last = (await client.get("/api/figures", params={"limit": 10, "offset": total - 3}, headers=AS_STAFF)).json()
    assert len(last) == 3


async def test_a_blank_question_is_refused_not_recorded(client: httpx.AsyncClient) -> None:
    before = len((await client.get("/api/answers", headers=AS_ADMIN)).json())
    response = await client.post("/api/ask", json={"question": "   "}, headers=AS_STAFF)
    assert response.status_code == 422
    assert len((await client.get("/api/answers", headers=AS_ADMIN)).json()) == before


async def test_coverage(client: httpx.AsyncClient) -> None:
    coverage = (await client.get("/api/coverage", headers=AS_STAFF)).json()
    assert coverage["years"] == [2019, 2020, 2021]
    by_issuer = {i["issuer"]: i for i in coverage["issuers"]}
    assert len(by_issuer) == 5
    heyang = by_issuer["合阳县人民政府"]
    assert [r["year"] for r in heyang["reports"]] == [2020] and heyang["missing"] == [2019, 2021]
    assert by_issuer["海东市人民政府"]["reports"][0]["failed_checks"] > 0


# ------------------------------------------------------------------ uploads
async def test_a_non_admin_upload_is_refused(client: httpx.AsyncClient, corpus: Path) -> None:
    before = (await client.get("/api/reports", headers=AS_ADMIN)).json()
    files = {"file": ("合阳.txt", (corpus / HEYANG).read_bytes(), "text/plain")}
    response = await client.post("/api/ingest", files=files, headers=AS_STAFF)
    assert response.status_code == 403 and response.json() == {"detail": "only an admin may do this"}
    assert (await client.get("/api/reports", headers=AS_ADMIN)).json() == before


async def test_a_file_that_is_not_a_report_is_refused_and_nothing_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = create_app(Service.open(make_config(data_dir)))
    async with client_for(app) as client:
        for name, content in (
            ("notes.txt", b"shopping list: milk, eggs"),
            ("scan.pdf", b"%PDF-1.4 not really"),
            ("empty.txt", b""),
        ):
            response = await client.post("/api/ingest", files={"file": (name, content)}, headers=AS_ADMIN)
            assert response.status_code in (400, 422), (name, response.text)
            assert response.json()["detail"].startswith(name), response.json()
        assert (await client.get("/api/reports", headers=AS_ADMIN)).json() == []
    assert not any((data_dir / "uploads").glob("*/*"))


async def test_an_upload_over_the_size_limit_is_refused(tmp_path: Path, corpus: Path) -> None:
    app = create_app(Service.open(make_config(tmp_path / "data", max_upload_mb=0.001)))  # about 1 KB
    async with client_for(app) as client:
        files = {"file": (HEYANG, (corpus / HEYANG).read_bytes())}
        response = await client.post("/api/ingest", files=files, headers=AS_ADMIN)
        assert response.status_code == 413 and "0.001 MB" in response.json()["detail"]
        assert (await client.get("/api/reports", headers=AS_ADMIN)).json() == []


async def test_an_admin_uploads_a_report_and_can_ask_about_it(tmp_path: Path, corpus: Path) -> None:
    app = create_app(Service.open(make_config(tmp_path / "data")))
    async with client_for(app) as client:
        files = {"file": (HEYANG, (corpus / HEYANG).read_bytes(), "text/plain")}
        stored = await client.post("/api/ingest", files=files, headers=AS_ADMIN)
        assert stored.status_code == 200, stored.text
        line = stored.json()
        assert (line["issuer"], line["year"], line["error"], line["action"]) == ("合阳县人民政府", 2020, None, "added")
        assert "path" not in line
        answer = await ask(client, HEYANG_2020)
        assert answer["figures"][0]["value"] == 5
        coverage = (await client.get("/api/coverage", headers=AS_STAFF)).json()
        assert [i["issuer"] for i in coverage["issuers"]] == ["合阳县人民政府"]


# ------------------------------------------------------------------ settings and the command
def test_web_settings_from_the_config(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[web]\nhost = "0.0.0.0"\nport = 9000\nmax_upload_mb = 5\nrequests_per_minute = 10\n'
        '[[web.users]]\nname = "张三"\ntoken = "abc-0123456789-xyz"\nadmin = true\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.web.host, config.web.port, config.web.max_upload_mb, config.web.requests_per_minute) == (
        "0.0.0.0",
        9000,
        5.0,
        10,
    )
    assert config.web.users == [WebUser("张三", "abc-0123456789-xyz", True)]
    path.write_text('[[web.users]]\nname = "张三"\ntoken = ""\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="non-empty name and token"):
        load_config(path)
    defaults = load_config(None)
    assert (defaults.web.host, defaults.web.port) == ("127.0.0.1", 8000)


def test_serve_command_is_there() -> None:
    result = run_cli("serve", "--help")
    assert result.exit_code == 0
    for option in ("--config", "--host", "--port"):
        assert option in result.stdout


@pytest.mark.slow
async def test_a_corrected_file_uploaded_again_replaces_the_earlier_one(tmp_path: Path, corpus: Path) -> None:
    data = tmp_path / "data"
    app = create_app(Service.open(make_config(data)))
    text = (corpus / HEYANG).read_text(encoding="utf-8")
    corrected = text.replace(
        "一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 1 | 0 | 5 |",
        "一、本年新收政府信息公开申请数量 | 6 | 0 | 0 | 0 | 1 | 0 | 7 |",
    )
    async with client_for(app) as client:
        first = await client.post("/api/ingest", files={"file": ("heyang.txt", text.encode())}, headers=AS_ADMIN)
        assert first.json()["action"] == "added"
        refused = await client.post(
            "/api/ingest", files={"file": ("heyang.txt", b"\\x00\\x01 not a report")}, headers=AS_ADMIN
        )
        assert refused.status_code == 422  # a refused version leaves the earlier one as it was
        again = await client.post("/api/ingest", files={"file": ("heyang.txt", corrected.encode())}, headers=AS_ADMIN)
        assert again.json()["action"] == "replaced"  # the same admin's same file: the same source
        [report] = (await client.get("/api/reports", headers=AS_STAFF)).json()
        assert report["sources"] == ["heyang.txt"]
        assert (await ask(client, HEYANG_2020))["figures"][0]["value"] == 7
    kept = [p for p in (data / "uploads").rglob("*") if p.is_file()]
    assert [p.read_text(encoding="utf-8") for p in kept] == [corrected]  # the earlier version is gone
