"""The answering service as the interfaces use it: many askers at once while another
process ingests, conversations and answers that outlive a restart, feedback exported."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CORPUS, HEYANG, corpus_files, run_cli, write_config

from bot.answer import Answer
from bot.config import Conversations, load_config
from bot.service import Service

HAIDONG_REVIEWS = "海东市2019年行政复议总数是多少"  # 38, in the store from the start
HEYANG_RECEIVED = "合阳县2020年收到多少政府信息公开申请"  # 5, once 合阳's report is ingested
HEYANG_PASSAGE = "合阳县政府网站设有哪些栏目"


@pytest.fixture(scope="module")
def without_heyang(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding every corpus report but 合阳's (004): copy it before writing."""
    data = tmp_path_factory.mktemp("without-heyang") / "data"
    config = write_config(data.parent / "c.toml", data)
    with Service.open(config) as service:
        outcomes = list(service.ingest([f for f in corpus_files() if f.name != HEYANG]))
    assert outcomes and not [o.error for o in outcomes if o.error]
    return data


@pytest.fixture
def config(tmp_path: Path, without_heyang: Path) -> Path:
    """A config for this test's own copy of the store."""
    data = tmp_path / "data"
    shutil.copytree(without_heyang, data)
    return write_config(tmp_path / "nianbao.toml", data)


def heyang_on_file(db: Path) -> bool:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM reports WHERE issuer = '合阳县人民政府'").fetchone()[0] > 0


# ------------------------------------------------------------------ concurrency
def test_eight_askers_while_another_process_ingests(config: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = load_config(config).data_dir / "nianbao.db"
    service = Service.open(config)
    # The vector index is open in this process before the other one adds to it.
    assert service.ask("海东市如何处理依申请公开").route == "passage"
    questions = [HEYANG_RECEIVED, HAIDONG_REVIEWS, HEYANG_RECEIVED, HEYANG_PASSAGE]
    answers: list[tuple[float, int, Answer]] = []  # (started, thread, answer)
    errors: list[BaseException] = []
    committed: list[float] = []  # when the watcher first saw 合阳's report
    stop = threading.Event()

    def asker(n: int) -> None:
        conversation = service.conversation("test", f"asker-{n}")
        i = n
        while not stop.is_set():
            text = questions[i % len(questions)]
            i += 1
            started = time.monotonic()
            try:
                answers.append((started, n, conversation.ask(text)))
            except BaseException as e:  # noqa: BLE001 - any failure fails the test
                errors.append(e)
                return

    def watcher() -> None:
        while not stop.is_set() and not committed:
            if heyang_on_file(db):
                committed.append(time.monotonic())
            time.sleep(0.005)

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(8)] + [threading.Thread(target=watcher)]
    for t in threads:
        t.start()
    try:
        ingest = subprocess.run(
            [sys.executable, "-m", "bot.cli", "ingest", str(CORPUS / HEYANG), "--config", str(config), "--json"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingest.returncode == 0, ingest.stderr
        assert json.loads(ingest.stdout)["action"] == "added"
        # Let every asker ask a few questions more after the commit, then stop them.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not errors:
            after = [n for started, n, _ in list(answers) if committed and started > committed[0]]
            if all(after.count(n) >= 4 for n in range(8)):
                break
            time.sleep(0.05)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        service.close()
    assert not errors, errors
    assert committed, "the watcher never saw the ingested report"
    before = [a for started, _, a in answers if started < committed[0] and a.question == HEYANG_RECEIVED]
    after = [a for started, _, a in answers if started > committed[0]]
    assert any(a.route == "none" for a in before), "no question was answered before the ingest committed"
    assert len(after) >= 32
    for a in after:  # none stale: every question asked after the commit knows 合阳's report
        assert a.id, "the answer was not recorded"
        if a.question == HEYANG_RECEIVED:
            assert a.route == "figure" and a.figures[0]["value"] == 5, a.answer
            assert a.figures[0]["source_file"] == HEYANG
        elif a.question == HEYANG_PASSAGE:
            assert a.route == "passage" and a.passages and a.passages[0]["source_file"] == HEYANG, a.answer
        else:
            assert a.figures[0]["value"] == 38
    with Service.open(config) as reopened:
        assert len(reopened.answers(channel="test")) == len(answers)
    # The vector index was reopened when the report arrived, not found wanting.
    assert not [r for r in caplog.records if "vector search failed" in r.getMessage()]


def test_a_report_ingested_by_the_service_is_seen_by_the_next_question(config: Path) -> None:
    with Service.open(config) as service:
        assert service.ask(HEYANG_RECEIVED).route == "none"
        [outcome] = service.ingest([CORPUS / HEYANG])
        assert outcome.action == "added"
        answer = service.ask(HEYANG_RECEIVED)
        assert answer.route == "figure" and answer.figures[0]["value"] == 5


# ------------------------------------------------------------------ conversations
def test_a_conversation_continues_after_the_service_is_reopened(config: Path) -> None:
    with Service.open(config) as service:
        first = service.conversation("telegram", "42").ask(HAIDONG_REVIEWS)
        assert first.figures[0]["value"] == 38
    with Service.open(config) as service:
        conversation = service.conversation("telegram", "42")
        assert conversation.last_answer().to_json() == first.to_json()
        follow = conversation.ask("那未经复议直接起诉的呢？")
        assert "54" in follow.answer and "issuer" in follow.understood["inherited"]
        assert conversation.last_answer().id == follow.id
        # Someone else's conversation, and a one-off question, inherit nothing.
        assert service.conversation("telegram", "43").ask("那未经复议直接起诉的呢？").understood["inherited"] == []
        assert service.ask("那未经复议直接起诉的呢？", "telegram", "42").understood["inherited"] == []
        conversation.reset()
        assert conversation.last_answer() is None
        assert conversation.ask("那未经复议直接起诉的呢？").understood["inherited"] == []


def test_a_conversation_expires(config: Path) -> None:
    expired = replace(load_config(config), conversations=Conversations(expire_minutes=0))
    with Service.open(expired) as service:
        conversation = service.conversation("web", "alice")
        conversation.ask(HAIDONG_REVIEWS)
        assert conversation.last_answer() is None
        assert conversation.ask("那未经复议直接起诉的呢？").understood["inherited"] == []


def test_a_context_the_code_can_no_longer_read_is_no_context() -> None:
    from bot import context
    from bot.issuers import IssuerMatch
    from bot.lexicon import MetricAsk
    from bot.question import Question

    place = IssuerMatch("合阳县人民政府", "合阳县", "exact", 1.0, "合阳", alternatives=("合阳县教育局",))
    asked = Question("合阳2019年到2020年复议多少", False, [place], metric=MetricAsk("review", "total", "行政复议"))
    asked.year_range = (2019, 2020)
    assert context.loads(context.dumps(asked)) == asked  # nested dataclasses and tuples come back as they were
    stored = json.loads(context.dumps(asked))
    assert context.loads(json.dumps({**stored, "dropped_since": 1})) == asked  # a field the code no longer has
    assert context.loads(json.dumps({**stored, "years": "2019"})) is None  # a field whose type changed
    assert context.loads('{"__class__": "os:system"}') is None  # nothing is rebuilt by name
    assert context.loads("not json") is None


# ------------------------------------------------------------------ answers on record
def test_an_answer_is_found_by_its_id_after_a_restart(config: Path) -> None:
    with Service.open(config) as service:
        answer = service.ask(HAIDONG_REVIEWS, "web", "bob")
        assert answer.id and answer.latency_ms is not None
    with Service.open(config) as service:
        again = service.answer(answer.id)
        assert again is not None and again.to_json() == answer.to_json()
        assert service.answer("nosuchid") is None


def test_a_long_answer_is_kept_compressed_and_read_back_whole(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index import records

    monkeypatch.setattr(records, "COMPRESS_OVER", 100)  # a ranking over a province's reports is megabytes
    with Service.open(config) as service:
        ranking = service.ask("各报告行政复议总数排名", "web", "bob")
        assert ranking.table and ranking.id
    with sqlite3.connect(Path(load_config(config).data_dir) / "nianbao.db") as db:
        stored = db.execute("SELECT answer FROM answers WHERE id = ?", [ranking.id]).fetchone()[0]
    with Service.open(config) as service:
        assert isinstance(stored, bytes) and len(stored) < len(json.dumps(ranking.to_json(), ensure_ascii=False))
        assert service.answer(ranking.id).to_json() == ranking.to_json()
        listed = [a for a in service.answers() if a["id"] == ranking.id]
        assert listed and listed[0]["table"] == ranking.to_json()["table"]


def test_an_answer_round_trips_through_its_json() -> None:
    answer = Answer(
        "q",
        "derived",
        "36 + 57 = 93",
        figures=[{"metric": "review.total", "value": 36}],
        passages=[{"section": "一、总体情况", "text": "…"}],
        warnings=["w"],
        formula="36 + 57 = 93",
        table=[{"issuer": "x", "year": 2020, "value": 1}],
        id="abcd2345",
        latency_ms=1.5,
    )
    data = answer.to_json()
    assert {"question", "route", "answer", "figures", "passages", "warnings", "id"} <= set(data)
    assert Answer.from_json(json.loads(json.dumps(data))) == answer
    assert Answer.from_json({**data, "added_later": 1}) == answer
    assert "id" not in Answer("q", "none", "nothing").to_json()


def test_feedback_is_exported_by_the_command_line(config: Path) -> None:
    with Service.open(config) as service:
        good = service.ask(HAIDONG_REVIEWS, "telegram", "7")
        bad = service.conversation("web", "carol").ask("海东市2019年收到多少政府信息公开申请")
        assert service.feedback(good.id, "good")
        assert service.feedback(bad.id, "bad", "wrong number", note="the table says otherwise")
        assert not service.feedback("nosuchid", "bad", "other")
        assert not service.feedback(bad.id, "meh")
        assert not service.feedback(bad.id, "bad", "no reason at all")
    lines = {line["id"]: line for line in run_cli("answers", "--json", "--config", config).json}
    assert lines[good.id]["verdict"] == "good" and lines[good.id]["channel"] == "telegram"
    line = lines[bad.id]
    assert (line["verdict"], line["reason"], line["note"]) == ("bad", "wrong number", "the table says otherwise")
    assert (line["channel"], line["user"], line["question"]) == ("web", "carol", "海东市2019年收到多少政府信息公开申请")
    assert line["route"] == bad.route and line["figures"] == bad.figures and line["asked_at"]
    assert run_cli("answers", "--json", "--since", "2999-01-01", "--config", config).json == []
    asked_at = datetime.fromisoformat(line["asked_at"])
    same_moment_in_beijing = (asked_at - timedelta(seconds=1)).astimezone(timezone(timedelta(hours=8))).isoformat()
    assert bad.id in {
        x["id"] for x in run_cli("answers", "--json", "--since", same_moment_in_beijing, "--config", config).json
    }
    assert run_cli("answers", "--since", "yesterday", "--config", config).exit_code == 2
    listed = run_cli("answers", "--config", config).stdout
    assert good.id in listed and "bad (wrong number)" in listed


def test_the_command_line_records_what_it_answers(config: Path) -> None:
    asked = run_cli("ask", HAIDONG_REVIEWS, "--json", "--config", config).json[0]
    assert asked["id"] and asked["figures"][0]["value"] == 38
    assert run_cli("feedback", asked["id"], "bad", "--reason", "not found", "--config", config).exit_code == 0
    assert run_cli("feedback", "nosuchid", "good", "--config", config).exit_code == 2
    [line] = run_cli("answers", "--json", "--config", config).json
    assert (line["id"], line["channel"], line["verdict"], line["reason"]) == (asked["id"], "cli", "bad", "not found")


# ------------------------------------------------------------------ the store through the service
def test_reports_figures_and_coverage(config: Path) -> None:
    with Service.open(config) as service:
        reports = service.reports()
        assert run_cli("reports", "--json", "--config", config).json == json.loads(json.dumps(reports))
        haidong = service.figures(issuer="海东市人民政府", metric="review.total")
        assert [(f["year"], f["value"], f["status"]) for f in haidong] == [(2019, 38, "reported")]
        assert service.figures(year=1999) == []
        coverage = service.coverage()
    assert coverage["years"] == [2019, 2020, 2021]
    by_issuer = {e["issuer"]: e for e in coverage["issuers"]}
    assert [x["year"] for x in by_issuer["海东市人民政府"]["on_file"]] == [2019]
    assert by_issuer["海东市人民政府"]["missing"] == [2020, 2021]
    assert len(reports) == len(corpus_files()) - 1


def test_chat_goes_through_a_conversation_and_can_reset(config: Path) -> None:
    lines = f"{HAIDONG_REVIEWS}\n那未经复议直接起诉的呢？\n/reset\n那未经复议直接起诉的呢？\n/quit\n"
    out = run_cli("chat", "--config", config, input=lines).stdout
    assert "38" in out and "54" in out and "Context cleared" in out
    recorded = run_cli("answers", "--json", "--channel", "cli", "--config", config).json
    assert [a["understood"]["inherited"] != [] for a in recorded] == [False, True, False]


def test_a_store_written_before_the_service_existed_upgrades(tmp_path: Path, corpus: Path) -> None:
    from index import migrations
    from index.db import connect

    data = tmp_path / "old"
    data.mkdir()
    migrations.migrate(connect(data / "nianbao.db"), stop_before="m002_service")
    config = write_config(tmp_path / "c.toml", data)
    with Service.open(config) as service:
        assert [o.action for o in service.ingest([corpus / HEYANG])] == ["added"]
        answer = service.conversation("web", "dan").ask(HEYANG_RECEIVED)
        assert answer.figures[0]["value"] == 5 and service.answer(answer.id) is not None


def test_feedback_keeps_its_history(tmp_path: Path, corpus: Path) -> None:
    # A later 👍 is added to an earlier 👎 and its reason, never put in its place.
    config = load_config(write_config(tmp_path / "c.toml", tmp_path / "d"))
    service = Service.open(config)
    try:
        list(service.ingest([corpus / "004_c70ef5546fcf38db.txt"]))
        answer = service.conversation("test", "u1").ask("合阳县2020年收到多少申请")
        assert service.feedback(answer.id, "bad", "wrong number")
        assert service.feedback(answer.id, "good")
        [line] = [a for a in service.answers() if a["id"] == answer.id]
        assert line["verdict"] == "good"  # the latest shows on the answer
        assert [(f["verdict"], f["reason"]) for f in line["feedback_history"]] == [
            ("bad", "wrong number"),
            ("good", None),
        ]
    finally:
        service.close()
