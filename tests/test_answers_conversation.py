"""A conversation: follow-ups act on the previous answer; a new subject starts afresh; chatter gets help."""

from __future__ import annotations

import dataclasses
import json
import pickle
from datetime import date
from pathlib import Path

import pytest
from conftest import write_config


@pytest.fixture
def chat(ingested, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`chat(text)` → Answer, in one conversation of the answering service."""
    from bot.service import Service

    conv = Service.open(write_config(tmp_path / "c.toml", ingested.data_dir)).conversation("test", "staff")
    return conv.ask


def test_why_explains_the_formula_and_the_blank_cells(chat) -> None:  # type: ignore[no-untyped-def]
    assert chat("海东2019年法人或其他组织申请多少").formula == "36 + 57 = 93"
    why = chat("为什么")
    assert "36 + 57 = 93" in why.answer and "法律服务机构" in why.answer and "未填报" in why.answer


def test_why_names_the_failed_template_check(chat) -> None:  # type: ignore[no-untyped-def]
    chat("海东市2019年予以公开的申请有多少")
    why = chat("why?")
    assert "230 ≠ 222" in why.answer


def test_where_is_that_from(chat) -> None:  # type: ignore[no-untyped-def]
    chat("岚皋县2019年受理了多少件依申请公开")
    where = chat("出处是哪里")
    assert "岚皋县人民政府办公室 2019年报" in where.answer and "（二）依申请公开" in where.answer
    assert "002_985278575a97d564.txt" not in where.answer  # the file stays in the JSON


def test_a_column_then_its_share(chat) -> None:  # type: ignore[no-untyped-def]
    chat("海东2019年收到多少申请")
    individuals = chat("其中自然人多少")
    assert individuals.figures[0]["metric"] == "applications.received.natural_person"
    assert individuals.figures[0]["value"] == 142
    share = chat("占比多少")
    assert share.route == "derived" and share.formula == "142 / 235 = 60.4%"


def test_the_legal_persons_group_then_one_of_its_columns(chat) -> None:  # type: ignore[no-untyped-def]
    """其中法人或其他组织多少 » 商业企业呢: the group's columns added, then the one column, of the last
    row (before: the name, too long for a follow-up, went to the prose; then a passage on enterprises)."""
    chat("海东2019年收到多少申请")
    group = chat("其中法人或其他组织多少")
    assert group.route == "derived" and group.formula == "36 + 57 = 93"
    enterprises = chat("商业企业呢")
    assert [(f["metric"], f["value"]) for f in enterprises.figures] == [
        ("applications.received.commercial_enterprise", 36)
    ]


def test_a_case_outcome_after_its_row(chat) -> None:  # type: ignore[no-untyped-def]
    """纠正了几件, "and how many were upheld?": the last row's outcome column, not its total again
    (before: the total again, or no passage found)."""
    chat("海东市2019年行政复议多少件")
    corrected = chat("纠正了几件")
    assert [(f["metric"], f["value"]) for f in corrected.figures] == [("review.corrected", 10)]
    upheld = chat("and how many were upheld?")
    assert [(f["metric"], f["value"]) for f in upheld.figures] == [("review.upheld", 26)]
    assert chat("纠正呢").figures[0]["value"] == 10  # an outcome alone is a column too
    assert "分列" not in chat("驳回是什么意思").answer  # a word asked about, not a column asked for
    chat("海东市2019年行政处罚多少")  # an active item has no outcomes: said so over its figure (found in review)
    assert chat("维持了几件").answer.startswith("（表格中的“行政处罚”没有按“维持”分列")


def test_a_rate_asked_after_its_row_then_of_other_cases(chat) -> None:  # type: ignore[no-untyped-def]
    """纠错率呢 after 行政复议总计: that row's correction rate (before: 结果纠正 10 件 alone); 诉讼呢
    after it: the lawsuits' correction rate (before: the lawsuits' total)."""
    chat("海东2019年行政复议总计")
    reviews = chat("纠错率呢")
    assert reviews.route == "derived" and reviews.formula == "10 / 38 = 26.3%"
    lawsuits = chat("诉讼呢")
    assert lawsuits.route == "derived" and lawsuits.formula == "(1 + 2) / (54 + 22) = 3.9%"
    assert chat("复议呢").formula == "10 / 38 = 26.3%"
    assert chat("诉讼总数呢").formula == "54 + 22 = 76"  # a count asked: not the rate (found in review)


def test_a_column_the_row_has_not_is_said_so_over_its_total(chat) -> None:  # type: ignore[no-untyped-def]
    """行政复议 has no applicant columns: 自然人 asked of it (in one question or after it) gets
    the total with a note, not the total as though it were the natural persons' figure."""
    alone = chat("海东2019年行政复议中自然人多少件")
    assert alone.answer.startswith("（表格中的“行政复议”没有按“自然人”分列，没有这个数字")
    assert alone.figures[0]["metric"] == "review.total" and alone.figures[0]["value"] == 38
    after = chat("其中自然人多少")
    assert after.answer.startswith("（表格中的“行政复议”没有按“自然人”分列") and after.figures[0]["value"] == 38
    english = chat("How many reviews did individuals file in Haidong in 2019?")
    assert english.answer.startswith("(The tables do not split reconsideration by “individuals”")
    applications = chat("海东2019年申请中纠正了几件")
    assert "没有按“纠正”分列" in applications.answer and applications.figures[0]["value"] == 235
    assert "分列" not in chat("海东2019年自然人申请多少").answer  # a column the row has: no note


def test_the_year_before_or_after_the_last_question(tmp_path: Path, corpus: Path) -> None:
    """那上一年呢, "and the year before?": the last question's year moved back (or on) one, not the
    same answer again or no passage found. 上一年度结转 is a row of its own, not a year."""
    from answers_helpers import heyang_over_two_years

    from bot.service import Service

    conv = Service.open(heyang_over_two_years(tmp_path, corpus)).conversation("test", "years")
    assert conv.ask("合阳县2021年收到多少申请").figures[0]["year"] == 2021
    before = conv.ask("那上一年呢")
    assert before.figures[0]["year"] == 2020 and before.figures[0]["metric"] == "applications.received.total"
    assert conv.ask("and the year after?").figures[0]["year"] == 2021
    assert conv.ask("and the year before?").figures[0]["year"] == 2020
    # Several issuers' latest reports are of different years: no one year to move (found in review).
    conv.ask("合阳和海东收到多少申请")
    assert "没有" not in conv.ask("那上一年呢").answer.split("。")[0]
    carried = conv.ask("上一年度结转的有多少")
    assert carried.figures[0]["metric"].startswith("applications.carried_over_in")
    # A figure named with the move; a base compared with, a last year or next year's plans are none.
    assert conv.ask("合阳县2021年收到多少申请").figures[0]["year"] == 2021
    assert conv.ask("那上一年收到申请多少件呢").figures[0]["year"] == 2020
    assert conv.ask("下一年度的工作计划是什么").route == "passage"
    grew = conv.ask("合阳县2021年收到多少申请") and conv.ask("比上一年增长了多少")  # the change, 2021 on 2020
    assert grew.route == "derived" and grew.formula == "5 − 5 = 0"
    assert conv.ask("同比增长多少").formula == "5 − 5 = 0"  # (before: no passage found)
    # After a question that named no year: a year before the one its answer used (the latest).
    assert conv.ask("合阳县收到多少申请").figures[0]["year"] == 2021
    assert conv.ask("那上一年呢").figures[0]["year"] == 2020  # (before: 2021 again)
    assert conv.ask("How many applications did Heyang receive?").figures[0]["year"] == 2021
    assert conv.ask("and the year before?").figures[0]["year"] == 2020


def test_the_year_before_not_on_file_is_said_as_when_named(chat) -> None:  # type: ignore[no-untyped-def]
    """海东 has 2019 only: 那上一年呢 asks for 2018, as 海东2018年… does; it is said to be missing
    and what is on file named, not the 2019 figure given again "using its only report". A year
    only carried over to another place (那合阳呢 after 海东2019) still falls back to that one's report."""
    assert chat("海东2019年行政处罚多少").figures[0]["year"] == 2019
    before = chat("那上一年呢")
    named = chat("海东2018年行政处罚多少")
    for answer in (before, named):
        assert answer.route == "none" and answer.figures == []
        assert answer.answer == "没有海东市人民政府 2018 年的报告。已有：海东市人民政府 2019年报。"
    chat("海东2019年行政处罚多少")
    assert chat("and the year before?").answer.startswith("There is no 2018 report on file for 海东市人民政府.")
    elsewhere = chat("那合阳呢")
    assert [f["year"] for f in elsewhere.figures] == [2020] and "使用其唯一的报告" in elsewhere.answer


def test_which_is_more_after_two_figures(chat) -> None:  # type: ignore[no-untyped-def]
    chat("海东2019年行政许可处理决定数量")
    chat("合阳呢")
    which = chat("哪个多")
    assert which.route == "compare" and which.formula == "37433 − 1038 = 36395"
    assert "海东市人民政府 2019年报更多" in which.answer


@pytest.mark.parametrize("turn", ["两者相差多少", "差多少", "what's the difference?"])
def test_how_far_apart_after_two_figures(chat, turn: str) -> None:  # type: ignore[no-untyped-def]
    """What 哪个多 answers (before: "none", or the last figure again)."""
    chat("海东2019年行政许可处理决定数量")
    chat("合阳呢")
    assert chat(turn).formula == "37433 − 1038 = 36395"


def test_a_new_question_with_its_own_subject_does_not_inherit_the_figure(chat) -> None:  # type: ignore[no-untyped-def]
    chat("海东市2019年收到多少申请")
    problems = chat("刚察县2021年存在什么问题")
    assert problems.route == "passage"
    assert problems.passages and all(p["issuer"] == "刚察县人民政府" for p in problems.passages)
    assert problems.passages[0]["section"].startswith("五、存在的主要问题")


@pytest.mark.parametrize("word", ["hi", "clear", "thanks", "你好", "谢谢"])
def test_words_that_are_not_questions_get_help(chat, word: str) -> None:  # type: ignore[no-untyped-def]
    before = chat("海东市2019年收到多少申请")
    reply = chat(word)
    assert reply.route == "none" and before.answer not in reply.answer
    assert "?" in reply.answer or "？" in reply.answer or "例如" in reply.answer
    # …and the conversation carries on where it was.
    assert chat("那合阳呢").figures[0]["issuer"] == "合阳县人民政府"


def test_relative_years_are_read_from_today(chat) -> None:  # type: ignore[no-untyped-def]
    last_year = date.today().year - 1
    answer = chat("合阳县去年收到多少申请")
    assert str(last_year) in answer.answer and "去年" in answer.answer


def test_the_context_pickles_and_serialises(ingested) -> None:  # type: ignore[no-untyped-def]
    from bot.router import Answerer

    answerer = Answerer(ingested.store, use_vectors=False)
    _, ctx = answerer.ask("海东2019年法人或其他组织申请多少")
    assert pickle.loads(pickle.dumps(ctx)).last["formula"] == "36 + 57 = 93"
    json.dumps(dataclasses.asdict(ctx), ensure_ascii=False)
    from bot import context  # how the answering service keeps it in SQLite

    assert context.loads(context.dumps(ctx)).last["formula"] == "36 + 57 = 93"
    why, _ = answerer.ask("为什么", pickle.loads(pickle.dumps(ctx)))
    assert "36 + 57 = 93" in why.answer


def test_a_descriptive_follow_up_asks_the_same_of_another_place(chat) -> None:  # type: ignore[no-untyped-def]
    chat("海东市2019年存在什么问题")
    again = chat("那刚察呢")
    assert again.route == "passage" and again.passages[0]["issuer"] == "刚察县人民政府"
    assert again.passages[0]["section"].startswith("五、存在的主要问题")


def test_a_ranking_after_a_figure_question_ranks_every_report(chat) -> None:  # type: ignore[no-untyped-def]
    chat("海东市2019年收到多少申请")
    rank = chat("哪个县收到的申请最多")
    assert rank.route == "rank" and {r["year"] for r in rank.table} == {2019, 2020, 2021}


@pytest.mark.slow
def test_huaian_problems_fees_and_rate(tmp_path: Path, corpus: Path) -> None:
    """The issue's example: a descriptive question after a figure question gets passages about problems."""
    from conftest import run_cli

    from bot.service import Service

    pdf = corpus / "pdf" / "huaian-2024.pdf"
    if not pdf.is_file():
        pytest.skip("the PDF reports are not in the corpus")
    cfg = write_config(tmp_path / "c.toml", tmp_path / "d")
    assert run_cli("ingest", pdf, corpus / "001_925aec2065b71465.txt", "--config", cfg).exit_code == 0
    conv = Service.open(cfg).conversation("test", "staff")
    assert conv.ask("淮安市2024年收到多少申请").figures[0]["value"] == 3119
    problems = conv.ask("淮安市2024年存在什么问题")
    assert problems.route == "passage" and problems.figures == []
    assert problems.passages[0]["section"].startswith("五、存在的主要问题")
    assert "总计这一项" not in problems.answer
    fees = conv.ask("淮安市2024年收取的信息处理费是多少")
    assert fees.route == "figure_in_text" and fees.figures[0]["value"] == 3940 and fees.figures[0]["unit"] == "元"
    assert fees.passages[0]["section"].startswith("六、其他需要报告的事项")
    assert conv.ask("淮安市2024年公开率").formula == "(1362 + 454) / 3050 = 59.5%"


def test_compare_with_another_place_puts_it_beside_the_last(chat) -> None:  # type: ignore[no-untyped-def]
    """ "跟同仁比一下" after 海东 2019: both, side by side, the figure and year carried over."""
    chat("海东2019年收到多少申请")
    both = chat("跟同仁比一下")
    assert both.route == "compare"
    assert [(f["issuer"], f["year"]) for f in both.figures] == [("海东市人民政府", 2019), ("同仁县人民政府", 2019)]
    assert "235" in both.answer and "未填报" in both.answer  # 同仁's cell is blank, never 0


def test_compare_with_a_place_lacking_that_year_says_so_and_uses_no_other_year(chat) -> None:  # type: ignore[no-untyped-def]
    chat("合阳县2020年收到多少政府信息公开申请")
    for text in ("和刚察比呢", "compare with Gangcha"):
        both = chat(text)
        assert [(f["issuer"], f["year"]) for f in both.figures] == [("合阳县人民政府", 2020)], text
        assert "2021" in both.answer and ("没有刚察县人民政府 2020" in both.answer or "no 2020 report" in both.answer)
        assert "cannot be compared" not in both.answer and "无法比较" not in both.answer


@pytest.mark.parametrize(
    ("first", "then", "route", "label"),
    [
        ("哪个县收到的申请最多", "那行政复议呢", "rank", "按“行政复议 · 总计”排序"),
        ("which counties received the most applications?", "and lawsuits?", "rank", "Ranked by lawsuits"),
        ("平均每个县收到多少申请", "那行政诉讼呢", "derived", "“行政诉讼”平均每份报告"),
        ("各地历年收到的申请数量变化", "那行政复议呢", "trend", "“行政复议 · 总计”历年情况"),
    ],
)
def test_a_new_measure_alone_is_asked_as_the_last_question_was(chat, first, then, route, label) -> None:  # type: ignore[no-untyped-def]
    """哪个县…最多 » 那行政复议呢: the counties ranked by 行政复议 (it was every report compared,
    cities and all, when the follow-up inherited nothing but the operation)."""
    chat(first)
    answer = chat(then)
    assert answer.route == route and label in answer.answer
    assert "海东市" not in answer.answer or route == "trend"  # 哪个县: a city is not among them
