"""Off-topic input gets help; passages carry no markup; answers name reports as people do, in either language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from answers_helpers import ask, ask_one
from conftest import write_config

FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


@pytest.fixture(scope="module")
def config(ingested, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return write_config(tmp_path_factory.mktemp("cfg") / "nianbao.toml", ingested.data_dir)


@pytest.mark.parametrize(
    "question", ["今天天气怎么样", "asdfgh", "What's the weather like today?", "海东今天天气怎么样"]
)
def test_off_topic_gets_help_not_passages(config: Path, question: str) -> None:
    answer = ask_one(config, question)
    assert answer["route"] == "none" and answer["passages"] == [] and answer["figures"] == []
    assert "例如" in answer["answer"] or "For example" in answer["answer"]


def test_passages_carry_no_table_markup_and_no_bare_titles(config: Path) -> None:
    answers = ask(
        config,
        "海东市2019年政务公开存在哪些主要问题",
        "合阳县政务公开做了哪些工作",
        "刚察县下一步打算如何改进政府信息公开工作",
        "同仁县依申请公开情况如何",
    )
    for answer in answers:
        for p in answer["passages"]:
            assert "\t" not in p["text"] and not re.search(r"\|.*\|", p["text"])
            assert not re.fullmatch(r".{0,60}年度报告", p["text"].replace(" ", ""))


def test_descriptive_answers_lead_with_the_sentence_that_answers(config: Path) -> None:
    answer = ask_one(config, "刚察县下一步打算如何改进政府信息公开工作")
    first_line = answer["answer"].splitlines()[0]
    assert "刚察县人民政府 2021年报（五、存在的主要问题及改进情况）写道" in first_line
    assert answer["passages"][0]["text"].find(first_line.split("“", 1)[1].rstrip("”")) >= 0


@pytest.mark.parametrize(
    "question",
    [
        "合阳县2020年收到多少政府信息公开申请",
        "海东2019年法人或其他组织申请多少",
        "哪个县收到的申请最多",
        "海东市2019年政务公开存在哪些主要问题",
        "岚皋县2019年受理了多少件依申请公开",
        "What share of Haidong's requests was granted?",
    ],
)
def test_reports_are_named_as_people_write_them_and_files_stay_in_the_json(config: Path, question: str) -> None:
    answer = ask_one(config, question)
    assert not FILE_NAME.search(answer["answer"])
    assert re.search(r"\d{4}(年报| report)", answer["answer"])
    assert all(FILE_NAME.fullmatch(x["source_file"]) for x in answer["figures"] + answer["passages"])


@pytest.mark.parametrize(
    "chinese, english",
    [
        # 受理 is "accept" (it may count applications carried over), not "receive" (本年新收).
        ("岚皋县2019年受理了多少件依申请公开", "How many applications did Langao accept in 2019?"),
        (
            "海东2019年法人或其他组织申请多少",
            "How many applications came from legal persons and other organisations in Haidong in 2019?",
        ),
        ("海东市12345市民服务热线2019年受理了多少来电", "How many calls did Haidong's 12345 hotline receive in 2019?"),
        ("海东市政府办公室的联系电话", "What is the phone number of the Haidong government office?"),
        ("海东2019年公开率", "What was Haidong's disclosure rate in 2019?"),
    ],
)
def test_english_questions_reach_the_same_answers(config: Path, chinese: str, english: str) -> None:
    zh, en = ask(config, chinese, english)
    assert zh["route"] == en["route"] and zh["formula"] == en["formula"]
    assert [(f["metric"], f["value"]) for f in zh["figures"]] == [(f["metric"], f["value"]) for f in en["figures"]]
    assert [p["section"] for p in zh["passages"][:1]] == [p["section"] for p in en["passages"][:1]]


@pytest.mark.parametrize(
    "question, metric",
    [
        ("海东市2019年受理了多少政府信息公开申请", "applications.received.total"),
        ("海东市2019年接到多少申请", "applications.received.total"),
        ("海东市2019年办理了多少申请", "applications.received.total"),
        ("海东市2019年行政复议驳回的有多少", "review.upheld"),
    ],
)
def test_receiving_verbs_and_dismissals(config: Path, question: str, metric: str) -> None:
    assert ask_one(config, question)["figures"][0]["metric"] == metric


def test_a_cell_printed_with_more_than_its_number_says_what_was_printed(config: Path) -> None:
    """增77 is stored as 77 and 2（撤诉） as 2: the answer shows the print beside the number; a print the
    amount already shows (51.57 亿元, shown with its 万元) is not repeated."""
    more, withdrawn, money = ask(
        config, "合阳2020年行政许可本年增减多少", "同仁2019年复议后起诉其他结果", "海东2019年政府集中采购总金额"
    )
    assert "77 项（原表印作“增77”）" in more["answer"]
    assert "2 件（原表印作“2（撤诉）”）" in withdrawn["answer"]
    assert "51.57亿元" in money["answer"] and "原表印作" not in money["answer"]


@pytest.mark.parametrize("question", ["你们有哪些报告", "有哪些报告", "Which reports do you have?", "list all reports"])
def test_what_is_on_file_is_answered_from_the_list_of_reports(config: Path, question: str) -> None:
    answer = ask_one(config, question)
    assert answer["route"] == "none" and answer["frame"]["operation"] == "catalogue"
    issuers = {row["issuer"] for row in answer["table"]}
    assert {"合阳县人民政府", "海东市人民政府", "同仁县人民政府"} <= issuers
    assert all(name in answer["answer"] for name in issuers)
    assert not answer["figures"] and not answer["passages"]


def test_what_is_on_file_narrowed_by_place_and_year(config: Path) -> None:
    heyang, of_2019 = ask(config, "合阳县的报告是哪年的", "2019年有几份报告")
    assert heyang["answer"] == "已存档 1 份报告（1 个单位）：合阳县人民政府 2020。"
    assert {r["year"] for r in of_2019["table"]} == {2019} and "合阳" not in of_2019["answer"]


def test_a_review_total_is_answered_with_its_results(config: Path) -> None:
    """ "how were they resolved": a review's or lawsuits' total comes with its printed results."""
    answer = ask_one(config, "海东2019年行政复议多少件")
    assert "行政复议 · 总计 38 件（结果维持 26 件，结果纠正 10 件，其他结果 2 件）" in answer["answer"]
    assert answer["figures"][0]["metric"] == "review.total"


def test_a_ranking_by_a_rate_opens_with_the_highest_not_the_most(config: Path) -> None:
    """公开率 is higher or lower, never more: 最高的是…, "Highest:" (before: 最多的是…, "Most:")."""
    zh, en = ask(config, "哪个县的公开率最高", "Which county had the lowest disclosure rate?")
    assert zh["answer"].startswith("最高的是") and en["answer"].startswith("Lowest: ")
    assert ask_one(config, "哪个县收到的申请最多")["answer"].startswith("最多的是")


def test_the_results_asked_as_such_are_each_result_row_and_their_total(config: Path) -> None:
    """依申请公开办理结果 asks how the applications were handled: the total and each result row of
    the template (a group's cells summed), each cited (before: the total alone, 235, with its
    applicant columns). 办理结果总计 and an applicant's results stay one figure; ranked, it is the
    total that is ranked, never the result rows added up (190 for 洪泽, found in review)."""
    answer = ask_one(config, "海东2019年依申请公开办理结果")
    metrics = [f["metric"] for f in answer["figures"]]
    assert metrics[:2] == ["applications.results_total.total", "applications.granted.total"]
    assert any(m.startswith("applications.withheld.") for m in metrics)
    assert "予以公开 · 总计 230 件" in answer["answer"] and "不予处理 4 件" in answer["answer"]
    assert "本年度办理结果总计 · 总计 235 件" in answer["answer"]
    total = ask_one(config, "海东2019年办理结果总计多少")
    assert [f["metric"] for f in total["figures"]][0] == "applications.results_total.total" and total[
        "route"
    ] == "figure"
    assert ask_one(config, "海东2019年自然人申请的办理结果")["figures"][0]["value"] == 142
    ranked = ask_one(config, "哪个县办理结果最多")
    assert ranked["route"] == "rank" and {f["metric"] for f in ranked["figures"]} == {
        "applications.results_total.total"
    }
    review = ask_one(config, "海东2019年行政复议处理结果")  # 处理结果 of a review is the review's
    assert review["figures"][0]["metric"] == "review.total"
