"""One question of each family new users got wrong, end to end over real reports (淮安市 and its
洪泽区 2024, 海东, 同仁 and 岚皋 2019 from the corpus) and made-up ones (平潭 2019–2025, tests/made_up_pages.py):
compound measures, shares of a named whole, year ranges, 单位 as issuers, rankings over the
measure named, and questions the reports do not answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli, write_config
from made_up_pages import write_pages

from bot.answer import Answer
from bot.question import Question
from bot.router import Answerer
from index.load import ingest_files
from index.store import Store

CORPUS_FILES = (
    "pdf/huaian-2024.pdf",
    "001_925aec2065b71465.txt",
    "000_6defafc39a58492d.txt",
    "002_985278575a97d564.txt",
    "pdf/hongze-2024.pdf",
)
PINGTAN = "平潭县人民政府"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> list[Path]:
    pages = write_pages(tmp_path_factory.mktemp("pages"), PINGTAN, range(2019, 2026))
    return [corpus / name for name in CORPUS_FILES] + pages


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, files: list[Path]) -> Store:
    store = Store(tmp_path_factory.mktemp("data"), embedder="fake")
    assert not [o.error for o in ingest_files(store, files, embed=False) if o.error]
    return store


def ask(store: Store, *turns: str) -> Answer:
    """The last answer of a conversation."""
    answerer = Answerer(store, use_vectors=False)
    previous: Question | None = None
    answer = None
    for turn in turns:
        answer, previous = answerer.ask(turn, previous)
    assert answer is not None
    return answer


def metrics(answer: Answer) -> set[str]:
    return {f["metric"] for f in answer.figures}


# ------------------------------------------------------------------ compound measures
def test_review_plus_litigation_adds_every_total(store: Store) -> None:
    for question in (
        "淮安市2024年行政复议加行政诉讼一共多少件",
        "How many reconsiderations and lawsuits did Huaian have in 2024 combined?",
    ):
        answer = ask(store, question)
        assert answer.route == "derived"
        assert answer.formula == "351 + 26 + 20 = 397"
        assert "351 + 26 + 20 = 397" in answer.answer
        assert metrics(answer) == {"review.total", "litigation_direct.total", "litigation_after_review.total"}


def test_received_plus_carried_over(store: Store) -> None:
    answer = ask(store, "淮安市2024年新收加上年结转一共多少")
    assert answer.route == "derived" and answer.formula == "3119 + 34 = 3153"
    assert metrics(answer) == {"applications.received.total", "applications.carried_over_in.total"}


def test_a_share_of_two_rows_over_the_whole_named(store: Store) -> None:
    for question in (
        "淮安市2024年予以公开和部分公开合计占新收申请的比例",
        "what share of Huai'an's 2024 applications received were granted or partially granted?",
    ):
        answer = ask(store, question)
        assert answer.route == "derived"
        assert answer.formula == "(1362 + 454) / 3119 = 58.2%"
        assert metrics(answer) == {
            "applications.granted.total",
            "applications.partially_granted.total",
            "applications.received.total",
        }


def test_each_issuer_with_both_measures(store: Store) -> None:
    answer = ask(store, "各单位2019年行政复议和行政诉讼总数分别是多少")
    assert answer.route == "compare"
    rows = {(r["issuer"], r["metric"]): r["value"] for r in answer.table}
    assert rows[("海东市人民政府", "review.total")] == 38 and rows[("海东市人民政府", "litigation.total")] == 76
    assert rows[("同仁县人民政府", "review.total")] == 4
    assert rows[(PINGTAN, "review.total")] == 1 and rows[(PINGTAN, "litigation.total")] == 1
    assert {issuer for issuer, _ in rows} == {"海东市人民政府", "同仁县人民政府", "岚皋县人民政府办公室", PINGTAN}
    assert "行政复议 · 总计 38 件，行政诉讼 76 件（54 + 22）" in answer.answer
    # A blank cell is said to be blank, never shown as 0.
    langao = next(r for r in answer.table if r["issuer"] == "岚皋县人民政府办公室" and r["metric"] == "review.total")
    assert langao["value"] is None and langao["status"] == "blank"


def test_several_measures_over_the_years(store: Store) -> None:
    answer = ask(store, "平潭2019年到2025年每年的行政复议和行政诉讼分别是多少")
    assert answer.route == "trend"
    assert [(r["year"], r["metric"]) for r in answer.table][:2] == [(2019, "review.total"), (2019, "litigation.total")]
    assert len(answer.table) == 14 and {r["value"] for r in answer.table} == {1}


def test_two_columns_of_one_row(store: Store) -> None:
    answer = ask(store, "海东2019年自然人和法人或其他组织申请分别多少")
    assert answer.route == "derived" and answer.formula is None  # a listing: nothing added up
    assert "自然人 142 件，本年新收政府信息公开申请数量 · 法人或其他组织 93 件（36 + 57）" in answer.answer
    added = ask(store, "海东2019年自然人加法人申请合计")
    assert added.formula == "142 + 36 + 57 = 235"
    # 科研机构, 社会公益组织 and 法律服务机构 are blank: the sum says it does not count them.
    assert "合计不完整" in added.answer


# ------------------------------------------------------------------ year ranges
@pytest.mark.parametrize(
    ("turns", "years"),
    [
        (("平潭2019–2025年收到的申请数量变化",), list(range(2019, 2026))),
        (("平潭2019年到2025年每年收到多少申请",), list(range(2019, 2026))),
        (("平潭2019年收到多少申请", "from 2019 to 2025?"), list(range(2019, 2026))),
        (("平潭历年收到的申请",), list(range(2019, 2026))),
        (("平潭近三年收到的申请",), [2023, 2024, 2025]),
        (("How many applications has Pingtan received since 2020?",), list(range(2020, 2026))),
        (("平潭自2022年以来收到的申请",), [2022, 2023, 2024, 2025]),
    ],
)
def test_a_range_of_years_is_a_trend_over_every_year(store: Store, turns: tuple[str, ...], years: list[int]) -> None:
    answer = ask(store, *turns)
    assert answer.route == "trend"
    assert [r["year"] for r in answer.table] == years
    assert [r["value"] for r in answer.table] == [15 + y - 2019 for y in years]
    assert answer.frame is not None and answer.frame["operation"] == "trend" and answer.frame["years"] == years


# ------------------------------------------------------------------ 单位 means the issuers
def test_all_units_sum_the_reports_totals_not_the_organisations_column(store: Store) -> None:
    answer = ask(store, "2019年所有单位收到的申请数量加起来是多少")
    assert answer.route == "derived"
    assert {r["metric"] for r in answer.table} == {"applications.received.total"}
    # 海东 235 and 平潭 15 printed; 同仁's and 岚皋's cells are blank and not counted (岚皋's text says
    # 受理 4, which is not 新收: a sum takes no quote-only number).
    assert answer.formula == "235 + 15 = 250"
    assert "合计不完整" in answer.answer
    assert "legal_or_other" not in str(answer.frame)


# ------------------------------------------------------------------ scope
def test_a_province_and_a_level_rank_the_counties_within_it(store: Store) -> None:
    answer = ask(store, "江苏省各县收到的申请最多的是哪个")
    assert answer.route == "rank"
    assert answer.frame is not None and answer.frame["scope"] == {
        "kind": "within",
        "division": "江苏省",
        "level": "county",
    }
    # 淮安市 is a city: not among the counties (districts count as county level).
    assert [(r["issuer"], r["value"]) for r in answer.table] == [("淮安市洪泽区人民政府", 95)]


# ------------------------------------------------------------------ rankings over the measure named
def test_carried_over_to_next_year_ranks_that_row(store: Store) -> None:
    answer = ask(store, "which report carried over the most requests to next year?")
    assert answer.route == "rank"
    assert {r["metric"] for r in answer.table} == {"applications.carried_over_out.total"}
    assert answer.table[0]["issuer"] == "淮安市人民政府" and answer.table[0]["value"] == 103


def test_a_ranking_over_two_measures_ranks_their_sum(store: Store) -> None:
    answer = ask(store, "which report had the most reconsiderations and lawsuits combined?")
    assert answer.route == "rank"
    assert answer.answer.startswith("Most: 淮安市人民政府 (2024), 397.")
    assert [r["metric"] for r in answer.table[:2]] == ["review.total", "litigation.total"]


# ------------------------------------------------------------------ not about the reports
@pytest.mark.parametrize("question", ["淮安市2024年GDP是多少", "你是谁开发的", "who made you?"])
def test_off_topic_gets_help_not_a_passage(store: Store, question: str) -> None:
    answer = ask(store, question)
    assert answer.route == "none"
    assert not answer.passages and not answer.figures
    assert "例如" in answer.answer or "For example" in answer.answer


# ------------------------------------------------------------------ the frame on the command line
@pytest.mark.slow
def test_ask_json_carries_the_frame_and_explain_prints_it(tmp_path: Path, files: list[Path]) -> None:
    config = write_config(tmp_path / "c.toml", tmp_path / "d")
    assert run_cli("ingest", files[0], "--config", config).exit_code == 0
    result = run_cli("ask", "淮安市2024年行政复议加行政诉讼一共多少件", "--json", "--config", config)
    frame: dict[str, Any] = result.json[0]["frame"]
    assert frame["operation"] == "sum" and frame["issuers"] == ["淮安市人民政府"] and frame["years"] == [2024]
    assert [m["key"] for m in frame["measures"]] == ["review.total", "litigation.total"]
    shown = run_cli("ask", "淮安市2024年行政复议加行政诉讼一共多少件", "--explain", "--config", config)
    assert shown.exit_code == 0
    assert "operation    sum" in shown.stdout and "measure 2    litigation.total" in shown.stdout
    assert "351 + 26 + 20 = 397" in shown.stdout


def test_a_sum_of_one_column_over_two_rows_names_the_column_and_each_row(store: Store) -> None:
    """行政诉讼 纠正 adds 结果纠正 of 未经复议直接起诉 and of 复议后起诉: the measure says 结果纠正 and the
    operands say which lawsuits, not "结果纠正 4、结果纠正 1"."""
    zh = ask(store, "淮安市2024年行政诉讼纠正了多少").answer
    assert "行政诉讼 · 结果纠正合计 4 + 1 = 5 件（未经复议直接起诉 · 结果纠正 4、复议后起诉 · 结果纠正 1" in zh
    assert (
        "lawsuits, corrected [行政诉讼 · 结果纠正] = 4 + 1 = 5" in ask(store, "Huaian 2024 lawsuits corrected").answer
    )


# ------------------------------------------------------------------ rates of change
def _growth_of(answer: Answer, new: int, base: int) -> None:
    """The answer is (new − base) / base over the two cited cells of those years."""
    by_year = {f["year"]: f["value"] for f in answer.figures if f["status"] == "reported"}
    a, b = by_year[new], by_year[base]
    assert answer.formula == f"({a:g} − {b:g}) / {b:g} = {(a - b) / b * 100:.1f}%", answer.formula


@pytest.mark.parametrize(
    "question",
    [
        "平潭县2025年收到的申请同比增长率",
        "平潭2024年到2025年申请数量增长了百分之多少",
        "By what percent did Pingtan's applications grow from 2024 to 2025?",
        "Pingtan applications growth rate 2024 to 2025",
    ],
)
def test_a_growth_rate_is_the_change_over_the_earlier_year(store: Store, question: str) -> None:
    answer = ask(store, question)
    assert answer.route == "derived"
    _growth_of(answer, 2025, 2024)
    assert "100.0%" not in answer.answer  # never a total's share of itself


def test_how_many_percent_more_one_issuer_than_another(store: Store) -> None:
    answer = ask(store, "淮安市2024年收到的申请比洪泽区多百分之多少")
    assert answer.formula == "(3119 − 95) / 95 = 3183.2%"
    assert "淮安市人民政府 2024年报比淮安市洪泽区人民政府 2024年报多 3183.2%" in answer.answer


def test_a_total_has_no_share_of_itself(store: Store) -> None:
    """ "收到申请占比" names no part: the figure, never 235 / 235 = 100%."""
    answer = ask(store, "海东2019年收到申请占比")
    assert answer.route == "figure" and answer.formula is None and "100.0%" not in answer.answer


@pytest.mark.parametrize("question", ["淮安市2024年被起诉多少次", "淮安市2024年当被告多少次"])
def test_being_sued_is_the_lawsuits(store: Store, question: str) -> None:
    answer = ask(store, question)
    assert answer.formula == "26 + 20 = 46"


@pytest.mark.parametrize(
    ("question", "metric", "value"),
    [
        # 直接起诉 without 未经复议, "filed directly": the direct suits' own row (it tied with 行政诉讼,
        # the sum of both kinds, and lost: 1 + 2 = 3 given for 1).
        ("洪泽区2024年直接起诉的行政诉讼结果维持几件", "litigation_direct.upheld", 1),
        ("How many lawsuits were filed directly against Hongze in 2024?", "litigation_direct.total", 1),
        # Both kinds named: their sum, not the last named alone (2).
        ("洪泽区2024年行政诉讼结果维持的总数（直接起诉和复议后起诉合计）", "litigation.upheld", 3),
    ],
)
def test_the_kind_of_lawsuit_named(store: Store, question: str, metric: str, value: int) -> None:
    answer = ask(store, question)
    if metric.startswith("litigation."):
        assert answer.formula == "1 + 2 = 3" and "行政诉讼 · 结果维持" in answer.answer
    else:
        assert [(f["metric"], f["value"]) for f in answer.figures][:1] == [(metric, value)]


def test_a_check_of_new_media_is_no_check_of_the_report(store: Store) -> None:
    """新媒体检查 ends 新媒体 with 体 and begins 检查: no 体检 (a report's check-up), so the pass rate
    the text gives, not a report card (which claimed its 受理3119件 disagreed with the table)."""
    rate = ask(store, "淮安2024年政务新媒体检查合格率")
    assert rate.route != "check" and "合格率均为100%" in rate.answer
    assert ask(store, "给淮安2024年报做个体检").route == "check"


def test_the_deadline_of_replies_is_not_the_count_of_replies(store: Store) -> None:
    """答复 names the results (答复了多少申请: 3050); 答复期限 is about deadlines: the text, not that cell."""
    assert ask(store, "淮安2024年答复了多少申请").figures[0]["value"] == 3050
    deadline = ask(store, "淮安2024年的答复期限延长了吗")
    assert deadline.route != "figure" and "3050 件（" not in deadline.answer


@pytest.mark.parametrize(
    "question, metric, value",
    [
        ("淮安结转到2025年的申请有多少", "applications.carried_over_out.total", 103),
        ("How many requests were carried over to 2025 by Huaian?", "applications.carried_over_out.total", 103),
        ("淮安从2023年结转来的申请有多少", "applications.carried_over_in.total", 34),
        ("How many requests did Huaian carry over from 2023?", "applications.carried_over_in.total", 34),
    ],
)
def test_a_carry_over_named_by_the_year_it_goes_to_or_comes_from(
    store: Store, question: str, metric: str, value: int
) -> None:
    """The 2024 report holds what went on to 2025 and what came from 2023: never 'no 2025 report'."""
    answer = ask(store, question)
    assert (answer.figures[0]["metric"], answer.figures[0]["year"], answer.figures[0]["value"]) == (metric, 2024, value)
    assert "2024" in answer.answer.split("。")[0] or "2024 report's" in answer.answer


@pytest.mark.parametrize(
    "question, year",
    [
        ("淮安市２０２４年收到多少政府信息公开申请", 2024),  # full-width digits
        ("淮安24年收到多少申请", 2024),  # two digits, as people type them
        ("淮安市政府2024年度政府信息公开工作年度报告中收到的申请数", 2024),  # a long way of asking
    ],
)
def test_years_and_quantities_however_typed(store: Store, question: str, year: int) -> None:
    answer = ask(store, question)
    assert answer.route == "figure" and (answer.figures[0]["year"], answer.figures[0]["value"]) == (year, 3119)


def test_a_count_of_years_is_no_year(store: Store) -> None:
    frame = ask(store, "近20年淮安的申请").frame
    assert frame is not None and 2020 not in frame["years"]


def test_a_group_printed_only_as_its_sub_rows_is_their_sum(store: Store) -> None:
    """淮安 2024 prints 其他处理 as its three sub-rows (逾期不补正, 逾期未缴费, 其他) and no line of its own."""
    answer = ask(store, "淮安2024年其他处理多少")
    assert answer.formula == "71 + 6 + 110 = 187" and answer.answer.startswith("淮安市人民政府 2024年报：其他处理合计")


def test_information_that_does_not_exist_is_not_held(store: Store) -> None:
    assert ask(store, "淮安2024年信息不存在的有多少").figures[0]["metric"] == "applications.unavailable.not_held.total"


def test_the_total_over_every_report_is_their_sum(store: Store) -> None:
    """全部报告的申请总数: one sum over the reports, each term shown; not each report's own 总计."""
    answer = ask(store, "全部报告的申请总数")
    assert answer.route in ("compare", "derived") and answer.formula and answer.formula.count("+") >= 2
    assert ask(store, "淮安市2024年申请总数").route == "figure"
