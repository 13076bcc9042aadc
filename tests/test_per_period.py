"""A figure asked per month, quarter, week or day (平均每月, 日均, "a month") is the year's printed
figure divided by the months, quarters, weeks or days of that year, the division shown beside
the cited cell; per person (人均) is said to need a number of people the reports do not print;
a blank cell or a rate gives no such figure; several reports keep their yearly figures, said to
be yearly. Never a mean over reports, never the yearly figure passed off as a month's.

The store: the corpus's real reports (合阳 2020 printed 5 applications, 岚皋 2019 left it blank)."""

from __future__ import annotations

import pytest
from conftest import IngestedCorpus

from bot.answer import Answer
from bot.frame import understand
from bot.issuers import IssuerMatcher, IssuerRecord
from bot.lexicon import asks_per
from bot.router import Answerer

MATCHER = IssuerMatcher([IssuerRecord("合阳县人民政府", "合阳县")])


@pytest.mark.parametrize(
    ("question", "per"),
    [
        ("合阳县2020年平均每月收到多少申请", "month"),
        ("合阳县2020年每月平均收到多少申请", "month"),
        ("合阳2020年月均收到多少申请", "month"),
        ("what was the monthly average of applications 合阳 received in 2020", "month"),
        ("how many applications did Heyang receive a month in 2020", "month"),
        ("合阳2020年每季度收到多少申请", "quarter"),
        ("合阳2020年平均每周收到多少申请", "week"),
        ("合阳2020年日均收到多少申请", "day"),
        ("how many applications a day did Heyang receive in 2020", "day"),
        ("合阳县人均收到多少申请", "person"),
        ("how many applications per capita did Heyang receive", "person"),
        ("合阳县2020年收到多少申请", None),
        ("2019年平均每个县收到多少申请", None),
    ],
)
def test_the_frame_says_what_the_figure_is_per(question: str, per: str | None) -> None:
    _, frame = understand(question, MATCHER, None, lambda: {})
    assert asks_per(question) == per and frame.per == per
    if per:
        assert frame.operation != "average"  # not a mean over reports
        assert frame.to_json()["per"] == per and "per" in frame.explain()


def _ask(ingested: IngestedCorpus, question: str) -> Answer:
    answer, _ = Answerer(ingested.store, use_vectors=False).ask(question)
    return answer


def test_a_month_is_the_years_printed_figure_divided_by_twelve(ingested: IngestedCorpus) -> None:
    answer = _ask(ingested, "合阳县2020年平均每月收到多少申请")
    assert answer.route == "derived" and answer.formula == "5 ÷ 12 ≈ 0.42"
    assert "总计 5 件" in answer.answer and "每月约 0.42 件" in answer.answer and "只印全年数字" in answer.answer
    cell = answer.figures[0]
    assert (cell["metric"], cell["value"], cell["status"]) == ("applications.received.total", 5, "reported")
    assert cell["year"] == 2020 and "合阳" in cell["issuer"]


@pytest.mark.parametrize(
    ("question", "formula", "said"),
    [
        ("how many applications did Heyang receive a month in 2020", "5 ÷ 12 ≈ 0.42", "about 0.42 a month"),
        ("合阳2020年每季度收到多少申请", "5 ÷ 4 = 1.25", "每季度约 1.25 件"),
        ("合阳2020年平均每周收到多少申请", "5 × 7 ÷ 366 ≈ 0.1", "每周约 0.1 件"),  # 2020: a leap year
        ("how many applications a day did Heyang receive in 2020", "5 ÷ 366 ≈ 0.01", "the 366 days of 2020"),
    ],
)
def test_each_period_divides_by_its_count_in_that_year(
    ingested: IngestedCorpus, question: str, formula: str, said: str
) -> None:
    answer = _ask(ingested, question)
    assert answer.route == "derived" and answer.formula == formula and said in answer.answer


def test_per_person_says_the_reports_print_no_number_of_people(ingested: IngestedCorpus) -> None:
    answer = _ask(ingested, "合阳2020年人均收到多少申请")
    assert answer.route == "figure" and answer.formula is None
    assert "算不出人均" in answer.answer and "以上是全年总数" in answer.answer
    assert any("per person" in w for w in answer.warnings)


def test_a_blank_cell_gives_no_months_figure(ingested: IngestedCorpus) -> None:
    answer = _ask(ingested, "岚皋2019年平均每月收到多少申请")
    assert "未填报" in answer.answer and "算不出每月平均" in answer.answer
    assert answer.formula is None and not any(f.get("value") == 0 for f in answer.figures)


def test_a_rate_is_not_divided_by_months(ingested: IngestedCorpus) -> None:
    answer = _ask(ingested, "合阳2020年月均公开率")
    assert "100.0%" in answer.answer and "这是比率" in answer.answer and "÷ 12" not in answer.answer


def test_several_reports_keep_their_yearly_figures_said_to_be_yearly(ingested: IngestedCorpus) -> None:
    answer = _ask(ingested, "合阳2020年和刚察2021年每月收到多少申请")
    assert answer.answer.startswith("（报告只印全年数字")
    assert "5 件" in answer.answer and "1 件" in answer.answer and answer.formula != "5 ÷ 12 ≈ 0.42"


def test_a_follow_up_asks_per_month_again(ingested: IngestedCorpus) -> None:
    answerer = Answerer(ingested.store, use_vectors=False)
    _, q = answerer.ask("合阳县2020年平均每月收到多少申请")
    answer, q = answerer.ask("那刚察2021年呢", q)
    assert answer.formula == "1 ÷ 12 ≈ 0.08" and "刚察" in answer.figures[0]["issuer"]
    answer, _ = answerer.ask("刚察县2021年收到多少申请", q)
    assert answer.route == "figure" and answer.formula is None  # a question of its own: the year's
