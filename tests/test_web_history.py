"""The page's history and links through the HTTP API: a staff member's conversations and their answers
(what a reload shows again, also after a restart), the /a/<id> and /docs shells (open, no data),
and the coverage grid's marks (/api/problems: every kind of finding of the report cards asked for)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.service import Service
from bot.web import create_app
from tests.conftest import IngestedCorpus
from tests.test_web import AS_ADMIN, AS_STAFF, ask, client_for, make_config


@pytest.fixture(scope="module")
def store(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested.copy(tmp_path_factory, "history-store")


@pytest.fixture
async def client(store: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app(Service.open(make_config(store)))) as c:
        yield c


async def test_conversations_and_their_answers_survive_a_restart(store: Path, client: httpx.AsyncClient) -> None:
    first = await ask(client, "合阳县2020年收到多少政府信息公开申请？")
    follow = await ask(client, "那2019年呢？", first["conversation"])
    other = await ask(client, "哪个县收到的申请最多")
    await ask(client, "海东市2019年行政复议总数是多少", headers=AS_ADMIN)  # another person's: not listed

    async with client_for(create_app(Service.open(make_config(store)))) as restarted:  # a new process, the same record
        mine = (await restarted.get("/api/conversations", headers=AS_STAFF)).json()
        assert [c["conversation"] for c in mine][:2] == [other["conversation"], first["conversation"]]
        by_id = {c["conversation"]: c for c in mine}
        assert by_id[first["conversation"]]["answers"] == 2
        assert by_id[first["conversation"]]["first_question"] == "合阳县2020年收到多少政府信息公开申请？"
        assert all("海东" not in c["first_question"] for c in mine)

        answers = (await restarted.get(f"/api/conversations/{first['conversation']}", headers=AS_STAFF)).json()
        assert [a["id"] for a in answers] == [first["id"], follow["id"]]
        assert answers[0]["figures"] == first["figures"] and answers[0]["answer"] == first["answer"]
        ranking = (await restarted.get(f"/api/conversations/{other['conversation']}", headers=AS_STAFF)).json()
        assert ranking[0]["chart"] == other["chart"] and other["chart"]["kind"] == "bars"

        # Someone else's conversation id shows them nothing of it.
        assert (await restarted.get(f"/api/conversations/{first['conversation']}", headers=AS_ADMIN)).json() == []
        assert (await restarted.get("/api/conversations/bad%20id", headers=AS_STAFF)).status_code == 422


async def test_a_permanent_link_is_the_page_and_its_answer_needs_a_token(client: httpx.AsyncClient) -> None:
    answer = await ask(client, "哪个县收到的申请最多")
    shell = await client.get(f"/a/{answer['id']}")  # no token: the page, with no data in it
    assert shell.status_code == 200 and "/static/app.js" in shell.text and answer["answer"] not in shell.text
    assert (await client.get(f"/api/answers/{answer['id']}")).status_code == 401
    theirs = (await client.get(f"/api/answers/{answer['id']}", headers=AS_ADMIN)).json()
    assert theirs["answer"] == answer["answer"] and theirs["chart"] == answer["chart"]
    assert (await client.get("/a/x/y")).status_code == 401  # only /a/<id> is a shell


async def test_problems_count_every_kind_of_finding(client: httpx.AsyncClient) -> None:
    reports = (await client.get("/api/reports", headers=AS_STAFF)).json()
    ids = ",".join(r["report_id"] for r in reports)  # the reports the grid shows
    problems = (await client.get("/api/problems", params={"ids": ids}, headers=AS_STAFF)).json()
    assert set(problems) == {r["report_id"] for r in reports}
    for r in reports:
        card = (await client.get(f"/api/check?issuer={r['issuer']}&year={r['year']}", headers=AS_STAFF)).json()
        assert problems[r["report_id"]] == card["counts"], r["issuer"]
    # A report with no failed template check can still have findings, and the grid shows them.
    assert any(sum(problems[r["report_id"]].values()) and not r["failed_checks"] for r in reports)
