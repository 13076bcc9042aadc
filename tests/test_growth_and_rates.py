"""Rankings by each issuer's change between two years (增长最快, 增加最多, biggest drop) and the
named rates of the template (公开率, 复议纠错率, 诉讼纠错率): over the corpus's real reports, and
over a copy with synthetic counties (bench/synthetic.py) where SQLite computes and orders them
(bot/plan/change.py, bot/plan/rate_sql.py, index/changes.py) and says what the Python way says,
reading only the rows it shows. A blank or 0 base never yields a number."""

from __future__ import annotations

from pathlib import Path

import pytest
from answers_helpers import heyang_over_two_years
from conftest import CORPUS, IngestedCorpus

from bench.synthetic import add_synthetic
from bot.answer import Answer
from bot.frame import understand
from bot.plan import change, many_sql
from bot.report_set import ReportSet
from bot.router import Answerer
from index.store import Store

HONGZE = "淮安市洪泽区人民政府"


@pytest.fixture(scope="module")
def whole(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The corpus's text reports (the shared store, copied) and its PDFs and page: 洪泽区 2023 and 2024."""
    from index.load import ingest_files

    others = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "html").glob("*.html"))
    if len(others) < 4:
        pytest.skip(f"the shared corpus's PDFs are not beside the repository ({CORPUS / 'pdf'})")
    store = Store(ingested.copy(tmp_path_factory, "whole"), embedder="fake")
    assert not [o.error for o in ingest_files(store, others) if o.error]
    return store


@pytest.fixture(scope="module")
def answerer(whole: Store) -> Answerer:
    return Answerer(whole, use_vectors=False)


def _ask(answerer: Answerer, question: str) -> Answer:
    return answerer.ask(question)[0]


@pytest.mark.parametrize(
    ("question", "kind", "falling"),
    [
        ("哪个县的申请增长最快", "relative", False),
        ("各县申请增幅排名", "relative", False),
        ("哪个县的申请增加最多", "absolute", False),
        ("哪个县的行政诉讼下降最多", "absolute", True),
        ("哪个县2023年申请的降幅最大", "relative", True),
        ("which county's applications grew the most?", "absolute", False),
        ("Which county had the fastest growth in applications?", "relative", False),
        ("which county had the biggest drop in lawsuits", "absolute", True),
    ],
)
def test_the_words_of_a_ranking_by_change(answerer: Answerer, question: str, kind: str, falling: bool) -> None:
    q, frame = understand(question, answerer.matcher(), None, lambda: {})
    assert (q.intent, q.change, q.ascending, frame.change, frame.operation) == ("rank", kind, falling, kind, "rank")


@pytest.mark.parametrize("question", ["哪个县收到的申请最多", "洪泽区2024年申请增长率", "洪泽区申请增长了多少"])
def test_other_questions_are_no_ranking_by_change(answerer: Answerer, question: str) -> None:
    q, _ = understand(question, answerer.matcher(), None, lambda: {})
    assert q.change is None


def test_the_fastest_growth_is_a_growth_rate_with_both_cells(answerer: Answerer) -> None:
    """Not the largest value (洪泽区 2024's 95): the change between 洪泽区's two reports, the only
    county with two on file; the others are counted apart."""
    answer = _ask(answerer, "哪个县的申请增长最快")
    assert answer.route == "rank"
    assert answer.answer.startswith(f"增长最快的是{HONGZE}（2023→2024年），+352.4%。")
    assert f"{HONGZE} 2023→2024年：21 件 → 95 件，+352.4%（(95 − 21) / 21 = 352.4%）" in answer.answer
    assert "4 个单位只有一年的报告" in answer.answer
    assert answer.formula == "(95 − 21) / 21 = 352.4%"
    assert sorted((f["year"], f["value"], f["metric"]) for f in answer.figures) == [
        (2023, 21, "applications.received.total"),
        (2024, 95, "applications.received.total"),
    ]
    (row,) = answer.table
    assert (row["issuer"], row["base_year"], row["year"], row["unit"]) == (HONGZE, 2023, 2024, "%")
    assert row["value"] == pytest.approx(352.38, abs=0.01) and (row["base_value"], row["new_value"]) == (21, 95)


def test_the_largest_increase_is_absolute(answerer: Answerer) -> None:
    answer = _ask(answerer, "which county's applications grew the most?")
    assert answer.answer.startswith(f"Largest increase: {HONGZE} (2023→2024), +74.")
    assert "21 → 95, +74 (95 − 21 = 74)" in answer.answer
    assert "4 issuers have only one year on file" in answer.answer


def test_the_years_named_are_compared(answerer: Answerer) -> None:
    answer = _ask(answerer, "2023年到2024年哪个县申请的增幅最大")
    assert "(95 − 21) / 21 = 352.4%" in answer.answer
    none = _ask(answerer, "2020年到2021年哪个县申请的增幅最大")  # 合阳 2020 and 刚察 2021: one each
    assert none.formula is None and not none.table
    assert "没有 2020 年和 2021 年两份报告" in none.answer and "%" not in none.answer.split("另有")[0]


@pytest.mark.parametrize(
    ("question", "grew"),
    [
        ("How much did Hongze's applications grow in 2024 over the previous year?", True),
        ("Hongze applications received 2024 vs 2023: increased by how much?", True),
        ("How many applications did Hongze receive in 2024 compared with the previous year?", False),
        ("Compare Hongze's applications in 2024 with the year before", False),
        ("洪泽区2024年收到申请与上一年相比", False),
    ],
)
def test_one_figure_against_the_year_before_gives_both_years(answerer: Answerer, question: str, grew: bool) -> None:
    """Before: "Compared: … 95" alone (the year before was no other side of a comparison), or the
    2024 figure; or the difference without the rate the Chinese got. The rate when a growth is asked."""
    answer = _ask(answerer, question)
    assert answer.route == "derived" and answer.formula == "95 − 21 = 74"
    assert [f["year"] for f in answer.figures] == [2024, 2023]
    assert ("352.4%" in answer.answer) == grew


def test_how_much_that_grew_as_a_follow_up_in_english(answerer: Answerer) -> None:
    _, previous = answerer.ask("How many applications did Hongze receive in 2024?")
    answer, _ = answerer.ask("How much did that grow compared with the year before?", previous)
    assert answer.route == "derived" and answer.formula == "95 − 21 = 74"
    assert "((95 − 21) / 21 = 352.4%)" in answer.answer


@pytest.mark.parametrize(
    ("question", "formula", "cited"),
    [
        (
            "洪泽区2024年收到申请比办结的增加了多少",
            "95 − 95 = 0",
            ["applications.received.total", "applications.results_total.total"],
        ),
        ("海东市2019年行政复议比行政诉讼多多少", "76 − 38 = 38", None),
        ("How many more reviews than lawsuits did Haidong have in 2019?", "76 − 38 = 38", None),
        ("海东市2019年予以公开比不予公开多几件", "230 − 1 = 229", None),
        # Two columns of one row (before: 商业企业's 53 and "no 2023 report, no change").
        ("淮安2024年自然人申请比商业企业多多少", "3001 − 53 = 2948", None),
        (
            "How many more applications came from individuals than from companies in Huai'an in 2024?",
            "3001 − 53 = 2948",
            ["applications.received.natural_person", "applications.received.commercial_enterprise"],
        ),
    ],
)
def test_one_measure_against_another_in_the_same_report(
    answerer: Answerer, question: str, formula: str, cited: list[str] | None
) -> None:
    """Before: the first measure's change on the year before (95 − 21), or its figure alone with
    "no report of 2018" said."""
    answer = _ask(answerer, question)
    assert answer.route == "derived" and answer.formula == formula
    assert len({(f["issuer"], f["year"]) for f in answer.figures}) == 1  # one report, two measures
    if cited:
        assert [f["metric"] for f in answer.figures] == cited


def test_a_measure_against_another_in_a_year_not_on_file_is_said_so(answerer: Answerer) -> None:
    answer = _ask(answerer, "海东市2020年行政复议比行政诉讼多多少")
    assert answer.route == "none" and "没有海东市人民政府 2020 年的报告" in answer.answer


def test_increased_between_two_years_is_their_difference_not_the_change_column(answerer: Answerer) -> None:
    """增加 names the 本年增/减 column alone; between two years it is the difference asked (before:
    "本年增/减未印出此项" for both years)."""
    answer = _ask(answerer, "洪泽区2024年行政许可比2023年增加了多少")
    assert answer.route == "derived" and answer.formula == "9487 − 550 = 8937"


@pytest.mark.parametrize(
    ("question", "value"),
    [("海东2019年其他对外管理服务事项本年增减", -15), ("合阳县2020年行政事业性收费项目增减情况", 10)],
)
def test_the_change_column_named_in_a_long_question_is_its_cell(answerer: Answerer, question: str, value: int) -> None:
    """Over 16 characters with no 多少, these went to passages (about websites, documents)."""
    answer = _ask(answerer, question)
    assert answer.route == "figure" and answer.figures[0]["metric"].endswith(".change")
    assert answer.figures[0]["value"] == value


@pytest.mark.parametrize(
    ("question", "value"), [("海东2019年行政处罚减少了多少", -31), ("合阳2020年行政许可增加了多少", 77)]
)
def test_of_one_year_how_much_it_grew_is_the_change_the_report_prints(
    answerer: Answerer, question: str, value: int
) -> None:
    """(Found in review: the 本年增/减 column was dropped for every 增加了多少, two years named or not.)"""
    answer = _ask(answerer, question)
    assert answer.figures[0]["metric"].endswith(".change") and answer.figures[0]["value"] == value


def test_a_measure_against_another_says_its_blank_cells(answerer: Answerer) -> None:
    """不予公开 is a sum with seven blank rows: said, as when it is asked alone (found in review)."""
    answer = _ask(answerer, "海东2019年予以公开比不予公开多多少")
    assert answer.formula == "230 − 1 = 229" and "未计入（结果因此不完整）" in answer.answer


def test_a_province_with_words_for_the_places_under_it(answerer: Answerer) -> None:
    """江苏省各市, 青海省下面的县: the places on file under it, not "no report of its government"."""
    for question in ("江苏省各市收到多少申请", "青海省下面的县收到多少申请", "江苏省内各地收到多少申请"):
        answer = _ask(answerer, question)
        assert answer.route != "none" and answer.figures, question
    assert _ask(answerer, "青海省2019年政府信息公开年报").answer.startswith("没有青海省人民政府的报告")


def test_a_zero_base_gives_no_growth_rate(answerer: Answerer) -> None:
    """洪泽区's 行政复议 · 总计 is printed 0 in 2023 (its parts are not: a failed check): no rate from 0."""
    answer = _ask(answerer, "哪个县的行政复议增长最快")
    assert answer.formula is None and not answer.table
    assert f"前一年为 0、无法计算增长率的：{HONGZE} 2023→2024年：0 件 → 2 件" in answer.answer
    assert "∞" not in answer.answer and "inf" not in answer.answer
    assert any("0 ≠ 11" in w for w in answer.warnings)
    absolute = _ask(answerer, "哪个县的行政复议增加最多")  # an absolute change from 0 is a change
    assert absolute.formula == "2 − 0 = 2"


def test_no_change_from_a_zero_base_nor_a_rise_called_a_fall(tmp_path: Path, corpus: Path) -> None:
    """合阳 2020 and the same report as 2021: 行政复议 · 总计 printed 0 both years (no rate from 0); an
    unchanged figure is first without being called the largest rise."""
    from answers_helpers import ask_one

    cfg = heyang_over_two_years(tmp_path, corpus)
    growth = ask_one(cfg, "哪个县的行政复议增长最快")
    assert growth["formula"] is None and "前一年为 0、无法计算增长率的：合阳县人民政府 2020→2021年" in growth["answer"]
    same = ask_one(cfg, "哪个县的申请增加最多")
    assert same["formula"] == "5 − 5 = 0" and same["answer"].startswith("排在第一的是合阳县人民政府")


def test_the_correction_rate_of_reconsiderations(answerer: Answerer) -> None:
    answer = _ask(answerer, "洪泽区2024年复议纠错率")
    assert answer.route == "derived" and answer.formula == "1 / 2 = 50.0%"
    assert {f["metric"] for f in answer.figures} == {"review.corrected", "review.total"}
    english = _ask(answerer, "What was Haidong's correction rate of reconsiderations in 2019?")
    assert english.formula == "10 / 38 = 26.3%" and "correction rate of reconsiderations" in english.answer


def test_a_rate_over_a_whole_of_zero_says_what_it_divides(answerer: Answerer) -> None:
    """洪泽区 2023 prints 行政复议 · 总计 0 beside 结果维持 10 and 结果纠正 1: no rate, and why."""
    answer = _ask(answerer, "洪泽区2023年复议纠错率")
    assert answer.formula is None
    assert "分母为 0（结果纠正 1 / 行政复议 0）" in answer.answer and "%" not in answer.answer
    assert sorted(f["value"] for f in answer.figures) == [0, 1]
    assert any("0 ≠ 11" in w for w in answer.warnings)


def test_the_correction_rate_of_lawsuits_adds_both_blocks(answerer: Answerer) -> None:
    answer = _ask(answerer, "海东2019年诉讼纠错率")
    assert answer.formula == "(1 + 2) / (54 + 22) = 3.9%"
    assert {f["metric"] for f in answer.figures} == {
        "litigation_direct.corrected",
        "litigation_after_review.corrected",
        "litigation_direct.total",
        "litigation_after_review.total",
    }


def test_a_ranking_by_a_rate_is_not_a_ranking_of_a_count(answerer: Answerer) -> None:
    answer = _ask(answerer, "哪个县2019年的复议纠错率最高")
    assert answer.route == "rank" and "复议纠错率" in answer.answer
    assert "同仁县人民政府 2019年报：1 / 4 = 25.0%" in answer.answer and "件" not in answer.answer
    both = _ask(answerer, "哪个县的复议纠错率最高")  # 洪泽区 2023: a whole of 0, counted apart
    assert "分母为 0、不计算比率" in both.answer


def test_a_rate_of_lawsuits_lost_is_read_as_corrected_and_said_so(answerer: Answerer) -> None:
    answer = _ask(answerer, "哪个县的诉讼败诉率最高")  # 败诉: no column of the tables; 结果纠正 is
    assert answer.route == "rank" and answer.answer.startswith("（表格没有“败诉”一栏，按“结果纠正”计。）")


@pytest.mark.parametrize(
    "question", ["哪个县2020年申请的答复率最高", "What is Haidong's reconsideration rate in 2019?"]
)
def test_a_rate_no_table_defines_is_said_with_the_rates_known(answerer: Answerer, question: str) -> None:
    answer = _ask(answerer, question)
    assert answer.route == "none" and not answer.figures
    assert ("复议纠错率" in answer.answer) or ("correction rate of reconsiderations" in answer.answer)


def test_an_unknown_rate_is_named_as_asked(answerer: Answerer) -> None:
    assert _ask(answerer, "哪个县2020年申请的办结率最高").answer.startswith("“办结率”不是年报表格能算出的比率")


def test_a_follow_up_keeps_ranking_by_change(answerer: Answerer) -> None:
    """增长最快 » 那2023年到2024年呢: still each county's change, between the years it names."""
    first, q = answerer.ask("哪个县的申请增长最快")
    answer, q = answerer.ask("那2023年到2024年呢", q)
    assert (q.intent, q.change, answer.formula) == ("rank", "relative", "(95 − 21) / 21 = 352.4%")
    none, _ = answerer.ask("那2020年到2021年呢", q)
    assert none.formula is None and "本年新收政府信息公开申请数量" in none.answer


@pytest.mark.parametrize("question", ["哪个县的复议纠错率增长最快", "哪个县的自然人申请占比增长最快"])
def test_a_rates_change_is_not_ranked_by_its_numerator(answerer: Answerer, question: str) -> None:
    answer = _ask(answerer, question)
    assert answer.route == "none" and not answer.figures and "不支持" in answer.answer


# ------------------------------------------------------------------ over thousands: SQL
@pytest.fixture(scope="module")
def many(whole: Store, tmp_path_factory: pytest.TempPathFactory) -> Store:
    import shutil

    data = tmp_path_factory.mktemp("growth") / "data"
    whole.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # (nothing is being written: a whole copy)
    shutil.copytree(whole.data_dir, data)
    store = Store(data, embedder="fake")
    add_synthetic(store, 120)  # 样例0县 … 样例19县, six years each
    return store


def _python_then_sql(store: Store, question: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Answer, Answer]:
    """The answer the Python way, then by SQL (from 0 reports on), the rows of the reports chosen never read."""
    with monkeypatch.context() as m:
        m.setattr(change, "MANY_SQL_OVER", 10**9)
        m.setattr(many_sql, "MANY_SQL_OVER", 10**9)
        python = Answerer(store, use_vectors=False).ask(question)[0]
    with monkeypatch.context() as m:
        m.setattr(change, "MANY_SQL_OVER", 0)
        m.setattr(many_sql, "MANY_SQL_OVER", 0)

        def not_read(self: ReportSet) -> None:
            raise AssertionError("the SQL way read every chosen report's row")

        m.setattr(ReportSet, "fill", not_read)
        sql = Answerer(store, use_vectors=False).ask(question)[0]
    return python, sql


@pytest.mark.parametrize(
    "question",
    [
        "哪个县的申请增长最快",
        "哪个县的申请增加最多",
        "哪个县的申请减少最多",
        "2020年到2023年哪个县的行政复议降幅最大",
        "哪个县2022年申请的增幅最大",
        "which county's lawsuits grew the most?",
        "各县法人或其他组织申请增长最快的前三",
        "哪个县的复议纠错率最高",
        "哪个县的诉讼纠错率最低",
        "哪个县的公开率最高",
        "which county had the highest correction rate of reconsiderations?",
    ],
)
def test_sql_ranks_changes_and_rates_as_the_python_way(
    many: Store, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, sql = _python_then_sql(many, question, monkeypatch)
    assert (sql.route, sql.answer, sql.formula, sql.warnings) == (
        python.route,
        python.answer,
        python.formula,
        python.warnings,
    )
    assert sql.figures == python.figures and sql.table == python.table[: len(sql.table)]
    assert sql.table_rows is None or len(sql.table) <= sql.table_rows


def test_no_row_ranked_by_change_has_a_blank_or_zero_base(many: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row of a relative ranking has both cells printed and a base that is not 0; the issuers
    with a blank cell in one of the two years are counted apart (the copies of 同仁县 2019's blanks)."""
    said = ""
    for question in ("哪个县的申请增长最快", "哪个县的行政复议增长最快", "哪个县的行政诉讼降幅最大"):
        python, sql = _python_then_sql(many, question, monkeypatch)
        said += sql.answer
        assert all(r["base_value"] not in (None, 0) for r in python.table)
        for row in sql.table:
            assert row["base_value"] not in (None, 0) and row["new_value"] is not None
            assert row["value"] == pytest.approx((row["new_value"] - row["base_value"]) * 100 / row["base_value"], 0.01)
    assert "此栏空白或无法读取（空白不计为零）" in said and "前一年为 0" in said and "+" in said
