"""Several questions asked in one text (岚皋县2019年收到多少申请，办结了多少): each clause naming a
figure of its own is answered, a later one as a follow-up of the one before, in one answer that
carries both clauses' figures; a clause that only asks again (多少件) or asks a change of the same
figure (同比增长多少) leaves the text one question. Real reports of the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import IngestedCorpus, write_config

from bot.clauses import clauses
from bot.router import Answerer
from bot.service import Service


@pytest.mark.parametrize(
    ("text", "first", "more"),
    [
        ("岚皋县2019年收到多少申请，办结了多少", "岚皋县2019年收到多少申请", ["办结了多少"]),
        ("合阳县2020年不予公开多少件，其中国家秘密几件", "合阳县2020年不予公开多少件", ["其中国家秘密几件"]),
        ("合阳县2020年收到多少申请，其中自然人多少", "合阳县2020年收到多少申请", ["其中自然人多少"]),
        (
            "how many applications did Heyang receive in 2020 and how many were granted?",
            "how many applications did Heyang receive in 2020",
            ["how many were granted"],
        ),
        ("海东市2019年行政复议多少件，纠正了几件", "海东市2019年行政复议多少件", ["纠正了几件"]),  # its row's outcome
        (
            "How many reviews did Haidong have in 2019, and how many were corrected?",
            "How many reviews did Haidong have in 2019",
            ["how many were corrected"],
        ),
        ("哪个县收到申请最多，多少件", "哪个县收到申请最多，多少件", []),  # asks again: one question
        ("合阳县2020年收到申请数是多少？同比增长多少？", "合阳县2020年收到申请数是多少？同比增长多少？", []),
        ("合阳县2020年，收到多少申请", "合阳县2020年，收到多少申请", []),
        ("淮安市2024年存在哪些问题，如何改进", "淮安市2024年存在哪些问题，如何改进", []),
    ],
)
def test_a_text_is_split_where_a_clause_asks_a_figure_of_its_own(text: str, first: str, more: list[str]) -> None:
    assert clauses(text) == (first, more)


def test_both_figures_come_back_the_second_of_the_same_issuer_and_year(ingested: IngestedCorpus) -> None:
    answer, q = Answerer(ingested.store, use_vectors=False).ask("海东市2019年行政复议多少件，行政诉讼多少件")
    lines = answer.answer.split("\n")
    assert len(lines) == 2 and "行政复议 · 总计 38 件" in lines[0] and "76 件" in lines[1]
    metrics = {f["metric"] for f in answer.figures}
    assert {"review.total", "litigation_direct.total", "litigation_after_review.total"} <= metrics
    assert all(f["issuer"] == "海东市人民政府" and f["year"] == 2019 for f in answer.figures)
    assert answer.question == "海东市2019年行政复议多少件，行政诉讼多少件"
    assert q.metric is not None and q.metric.row == "litigation" and not q.more  # the last clause's context


def test_a_column_asked_after_its_row(ingested: IngestedCorpus) -> None:
    answer, _ = Answerer(ingested.store, use_vectors=False).ask("合阳县2020年收到多少申请，其中自然人多少")
    assert [(f["metric"], f["value"]) for f in answer.figures][:1] == [("applications.received.total", 5)]
    assert ("applications.received.natural_person", 4) in [(f["metric"], f["value"]) for f in answer.figures]
    assert answer.answer.split("\n")[1].startswith(
        "合阳县人民政府 2020年报：本年新收政府信息公开申请数量 · 自然人 4 件"
    )


def test_a_blank_cell_in_either_clause_is_said_not_reported(ingested: IngestedCorpus) -> None:
    answer, _ = Answerer(ingested.store, use_vectors=False).ask("岚皋县2019年收到多少申请，办结了多少")
    first, second = answer.answer.split("\n")[:2]
    assert "本年新收" in first and "未填报" in first and "办理结果" in second and "未填报" in second


def test_the_server_records_one_answer_for_the_whole_text(ingested: IngestedCorpus, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"  # a copy: the corpus store is read-only for tests, and this records answers
    shutil.copytree(ingested.data_dir, data_dir)
    config = write_config(tmp_path / "nianbao.toml", data_dir)
    with Service.open(config) as service:
        asking = service.conversation("web", "staff/compound")
        answer = asking.ask("海东市2019年行政复议多少件，行政诉讼多少件")
        recorded = service.answer(answer.id or "")
        assert recorded is not None and recorded.answer == answer.answer and "\n" in recorded.answer
        follow_up = asking.ask("那2020年呢")  # goes on from the last clause: 行政诉讼
        assert "行政诉讼" in follow_up.answer or "litigation" in str(follow_up.frame)
