"""Asking questions of the real corpus, as a user would: through `nianbao ask`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from answers_helpers import ask, ask_one, heyang_over_two_years
from conftest import SHARED, run_cli, write_config

SEED_QUESTIONS = SHARED / "eval" / "seed_questions.jsonl"


def seed_questions() -> list[dict[str, Any]]:
    if not SEED_QUESTIONS.is_file():
        return []
    return [json.loads(line) for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def ask_config(ingested, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return write_config(tmp_path_factory.mktemp("cfg") / "nianbao.toml", ingested.data_dir)


@pytest.fixture(scope="module")
def seed_answers(ask_config: Path) -> dict[str, dict[str, Any]]:
    qs = seed_questions()
    if not qs:
        pytest.skip("seed questions are not checked out beside the repository")
    return {q["id"]: a for q, a in zip(qs, ask(ask_config, *(q["question"] for q in qs)))}


@pytest.mark.parametrize("case", seed_questions(), ids=lambda q: q["id"])
def test_seed_question(case: dict[str, Any], seed_answers: dict[str, dict[str, Any]]) -> None:
    answer, expect = seed_answers[case["id"]], case["expect"]
    assert answer["question"] == case["question"]
    assert answer["route"] in ("figure", "figure_in_text", "compare", "rank", "trend", "passage", "none")
    if case["kind"] == "figure":
        fig = answer["figures"][0]
        assert answer["route"] == "figure"
        assert fig["value"] == pytest.approx(expect["value"])
        assert fig["source_file"] == expect["report"]
        assert fig["status"] == "reported" and fig["cite"]
        if "unit" in expect:
            assert fig["unit"] == expect["unit"]
    elif case["kind"] == "not_reported":
        fig = answer["figures"][0]
        assert fig["status"] == "blank" and fig["value"] is None
        assert fig["source_file"] == expect["report"]
        assert not any(s in answer["answer"] for s in expect["must_not_say"])
    elif case["kind"] == "figure_in_text":
        assert answer["route"] == "figure_in_text"
        assert expect["answer_contains"] in answer["answer"]
        quoted = answer["figures"][0]  # the number as quoted from the passage, then any blank cell
        assert quoted["from_text"] and quoted["value"] == pytest.approx(expect["value"])
        assert quoted["source_file"] == expect["report"]
        assert any(p["source_file"] == expect["report"] for p in answer["passages"])
        assert any(expect["answer_contains"].rstrip("分") in p["text"] for p in answer["passages"])
    else:
        assert answer["route"] == "passage"
        assert any(
            expect["passage_contains"] in p["text"] and p["source_file"] == expect["report"]
            for p in answer["passages"][:3]
        )


def test_the_contract_example(ask_config: Path) -> None:
    answer = ask_one(ask_config, "how many applications did 合阳 receive in 2020")
    fig = answer["figures"][0]
    assert (fig["metric"], fig["value"], fig["unit"], fig["status"]) == (
        "applications.received.total",
        5,
        "件",
        "reported",
    )
    assert fig["issuer"] == "合阳县人民政府" and fig["year"] == 2020 and fig["region"] == "合阳县"
    assert fig["cite"] == "三、收到和处理政府信息公开申请情况 › 一、本年新收政府信息公开申请数量 › 总计"
    # An English question gets English, with the Chinese label in brackets, and the breakdown.
    assert "[本年新收政府信息公开申请数量 · 总计]" in answer["answer"]
    assert "individuals 4" in answer["answer"] and "law firms and legal services 1" in answer["answer"]


@pytest.mark.parametrize(
    "question",
    [
        "合阳线2020年收到多少政府信息公开申请",  # typo
        "How many applications did Heyang receive in 2020?",  # pinyin
        "heyang county applications 2020",
        "合阳县2020年收到多少政府信息公开申请",
        "合阳县二〇二〇年收到多少政府信息公开申请",  # year in Chinese numerals
    ],
)
def test_place_names_however_written(ask_config: Path, question: str) -> None:
    fig = ask_one(ask_config, question)["figures"][0]
    assert fig["issuer"] == "合阳县人民政府" and fig["value"] == 5


def test_a_parent_region_finds_its_county(ask_config: Path) -> None:
    answer = ask_one(ask_config, "渭南市2020年收到多少政府信息公开申请")
    assert answer["figures"][0]["issuer"] == "合阳县人民政府"


def test_no_report_for_that_place(ask_config: Path) -> None:
    answer = ask_one(ask_config, "西安市2020年收到多少政府信息公开申请？")
    assert answer["route"] == "none" and answer["figures"] == []
    assert "西安市" in answer["answer"] and "合阳县人民政府 2020" in answer["answer"]


def test_no_report_for_that_year(ask_config: Path) -> None:
    answer = ask_one(ask_config, "合阳县2018年收到多少政府信息公开申请？")
    assert answer["route"] == "none" and answer["figures"] == []
    assert "2018" in answer["answer"] and "合阳县人民政府 2020" in answer["answer"]


def test_no_year_uses_the_only_report_and_says_so(ask_config: Path) -> None:
    answer = ask_one(ask_config, "海东市行政复议总数是多少")
    assert answer["figures"][0]["value"] == 38
    assert "2019" in answer["answer"] and "未指明年份" in answer["answer"]


def test_compare_two_issuers(ask_config: Path) -> None:
    answer = ask_one(ask_config, "合阳和海东哪个收到的申请多")
    assert answer["route"] == "compare"
    values = {f["issuer"]: f["value"] for f in answer["figures"]}
    assert values == {"合阳县人民政府": 5, "海东市人民政府": 235}


def test_rank_across_all_reports(ask_config: Path) -> None:
    answer = ask_one(ask_config, "which reports had the most lawsuits?")
    assert answer["route"] == "rank"
    assert answer["answer"].startswith("Most: 海东市人民政府")
    # Naming a level (counties) leaves the city out.
    counties = ask_one(ask_config, "which counties had the most lawsuits?")
    assert counties["answer"].startswith("Most: 刚察县人民政府")
    assert all(f["issuer"] != "海东市人民政府" for f in counties["figures"])
    # 同仁's direct-lawsuit cell is blank: it is shown as blank, not counted as 0.
    blank = [f for f in answer["figures"] if f["issuer"] == "同仁县人民政府" and f["status"] == "blank"]
    assert blank


def test_blank_then_prose(ask_config: Path) -> None:
    answer = ask_one(ask_config, "岚皋县2019年受理了多少件依申请公开")
    assert answer["route"] == "figure_in_text"
    quoted, cell = answer["figures"]
    assert (quoted["value"], quoted["from_text"], quoted["cite"]) == (4, True, "一、总体情况 › （二）依申请公开")
    assert cell["status"] == "blank" and cell["value"] is None
    assert "为空" in answer["answer"] and "4 件" in answer["answer"]


def test_a_blank_column_is_not_filled_from_a_total_in_the_prose(ask_config: Path) -> None:
    # 001 leaves 法律服务机构 blank; its text says 235 applications in all — not the same figure.
    answer = ask_one(ask_config, "海东市2019年法律服务机构提出的申请有多少")
    assert answer["route"] == "figure" and answer["figures"][0]["status"] == "blank"
    assert "235" not in answer["answer"]


def test_a_sum_over_all_reports_counts_only_printed_figures(ask_config: Path) -> None:
    answer = ask_one(ask_config, "各地2019年收到的申请合计多少")
    assert answer["route"] == "derived"
    # 海东's cell; 同仁 and 岚皋 named as not printing it. 岚皋's text says 受理…4件, which may count
    # applications carried over too: not its 本年新收 cell, so never a term of the sum.
    assert answer["formula"] == "235"
    assert "未填报" in answer["answer"] and "合计不完整" in answer["answer"]
    assert not any(row["from_text"] for row in answer["table"])


def test_a_failed_check_is_mentioned_with_the_figure(ask_config: Path) -> None:
    answer = ask_one(ask_config, "海东市2019年予以公开的申请有多少")
    assert answer["figures"][0]["value"] == 230
    assert any("230 ≠ 222" in w for w in answer["warnings"]) and "模板校验" in answer["answer"]


def test_spam_never_reaches_an_answer(ask_config: Path) -> None:
    answer = ask_one(ask_config, "合阳县政务新媒体摸底统计工作的通知是谁发的")
    text = json.dumps(answer, ensure_ascii=False)
    assert "赌场" not in text and "澳门金沙" not in text


def test_follow_ups_inherit_issuer_year_and_figure(ask_config: Path) -> None:
    from bot.chat import respond
    from bot.service import Service

    with Service.open(ask_config) as service:
        conversation = service.conversation("test", "follow-ups")
        conversation.reset()
        assert "38" in respond(conversation, "海东市2019年行政复议总数是多少")
        assert "54" in respond(conversation, "那未经复议直接起诉的呢？")
        text = respond(conversation, "and Gangcha?")
        assert "刚察县人民政府" in text and "2021" in text  # inherited 2019 is not on file: latest used
        assert "No 2019 report on file" in text
        assert "海东市人民政府 2019" in respond(conversation, "/reports")


def test_trend_over_the_years(tmp_path: Path, corpus: Path) -> None:
    config = heyang_over_two_years(tmp_path, corpus)  # a second year for 合阳
    trend = ask_one(config, "合阳县历年收到的政府信息公开申请数量")
    assert trend["route"] == "trend"
    assert [f["year"] for f in trend["figures"]] == [2020, 2021]
    latest = ask_one(config, "合阳县收到多少政府信息公开申请")
    assert latest["figures"][0]["year"] == 2021 and "最新" in latest["answer"]
    assert ask_one(config, "合阳县2020年收到多少政府信息公开申请")["figures"][0]["year"] == 2020


def test_a_how_question_about_a_figure_gets_passages(ask_config: Path) -> None:
    answer = ask_one(ask_config, "海东市如何处理依申请公开")
    assert answer["route"] == "passage" and answer["passages"]


def test_a_ranking_table_as_csv(ask_config: Path, tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    result = run_cli("ask", "各报告行政复议总数排名", "--csv", out, "--config", ask_config)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    reports = run_cli("reports", "--json", "--config", ask_config).json
    assert len(rows) == len(reports)  # every report ranked, the ones that print no figure too
    assert {"issuer", "year", "value", "status", "formula", "cite", "source_file"} <= set(rows[0])
    haidong = next(r for r in rows if r["issuer"] == "海东市人民政府")
    assert haidong["metric"] == "review.total" and haidong["status"] == "reported" and haidong["value"]
    to_stdout = run_cli("ask", "各报告行政复议总数排名", "--csv", "-", "--config", ask_config)
    assert to_stdout.stdout.lstrip("\ufeff").startswith("issuer,") and "排序" in to_stdout.stderr
    single = run_cli("ask", "合阳县2020年收到多少政府信息公开申请", "--csv", out, "--config", ask_config)
    assert single.exit_code == 0 and "no table to write" in single.stderr
