"""Averages (平均每个县, on average) and thresholds (超过100件, 没有收到, more than 100) over the
reports chosen: the frame names the operation and the level; an average shows sum ÷ the reports
that print the figure and never counts a blank one (not in the sum, not in the divisor); a
threshold lists the reports meeting it and names the blank ones apart, never as 0. Over
thousands of reports both come from SQL and say what the Python way says over the same reports,
reading only the rows they show.

The store: the corpus's real reports (and, for the many-report path, synthetic counties)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus, run_cli, write_config

from bench.synthetic import add_synthetic
from bot.answer import Answer
from bot.catalog import Catalog
from bot.frame import understand
from bot.issuers import IssuerMatcher, IssuerRecord
from bot.lexicon import Condition, find_condition
from bot.plan import many_sql
from bot.report_set import ReportSet
from bot.router import Answerer
from index.store import Store

RECEIVED = "applications.received.total"

# ------------------------------------------------------------------ the frame
MATCHER = IssuerMatcher(
    [
        IssuerRecord("合阳县人民政府", "合阳县"),
        IssuerRecord("海东市人民政府", "海东市"),
        IssuerRecord("淮安市人民政府", "淮安市"),
    ]
)


@pytest.mark.parametrize(
    ("question", "operation", "level", "condition"),
    [
        ("2019年平均每个县收到多少申请", "average", "county", None),
        ("各县平均收到多少申请", "average", "county", None),
        ("what was the average number of applications received by counties in 2019", "average", "county", None),
        ("on average, how many lawsuits did each city have in 2020?", "average", "city", None),
        ("2019年收到申请超过100件的县有哪些", "threshold", "county", (">", 100)),
        ("收到申请100件以上的县", "threshold", "county", (">=", 100)),
        ("哪些县行政复议不少于3件", "threshold", "county", (">=", 3)),
        ("哪些县2019年收到的申请少于十件", "threshold", "county", ("<", 10)),
        ("哪些县2019年没有收到申请", "threshold", "county", ("=", 0)),
        ("行政诉讼为零的县有哪些", "threshold", "county", ("=", 0)),
        ("which counties received more than 100 applications in 2019", "threshold", "county", (">", 100)),
        ("which cities had at least 5 lawsuits?", "threshold", "city", (">=", 5)),
        ("which counties received no applications in 2019?", "threshold", "county", ("=", 0)),
        ("which counties received fewer than 1,000 applications?", "threshold", "county", ("<", 1000)),
        ("有几个县收到申请超过100件", "threshold", "county", (">", 100)),
    ],
)
def test_the_frame_knows_average_and_threshold(
    question: str, operation: str, level: str, condition: tuple[str, float] | None
) -> None:
    _, frame = understand(question, MATCHER, None, lambda: {})
    assert frame.operation == operation and frame.scope.level == level
    asked = (frame.condition.op, frame.condition.value) if frame.condition else None
    assert asked == condition
    shown = frame.to_json()
    assert shown["operation"] == operation and (shown["condition"] is None) == (condition is None)
    if condition:
        assert "condition" in frame.explain()


@pytest.mark.parametrize(
    "question",
    [
        "合阳县人均收到多少申请",  # per person: not a mean over reports
        "合阳县2020年平均每月收到多少申请",  # per month: the reports do not print months
        "合阳县有没有收到申请",  # asks whether, not = 0
        "哪个县收到的申请最多",
        "海东2019年申请比合阳2020年多多少",
        "各地历年收到的申请数量变化",  # over the years: not "over 100"
        "what does 不予处理 mean",
        "how many applications did counties receive under the 2019 template",  # a year, not a number
    ],
)
def test_other_questions_are_neither(question: str) -> None:
    _, frame = understand(question, MATCHER, None, lambda: {})
    assert frame.operation not in ("average", "threshold") and frame.condition is None


def test_a_condition_reads_its_number_not_a_year_nor_a_half() -> None:
    assert find_condition("2019年收到申请超过100件") == Condition(">", 100.0, "超过100")
    assert find_condition("超过2019年的") is None and find_condition("超过一半的单位") is None
    assert find_condition("申请不超过五十件") == Condition("<=", 50.0, "不超过五十")
    assert find_condition("合阳县没有收到申请", zero=False) is None


def test_a_follow_up_keeps_the_average_and_its_level() -> None:
    q, _ = understand("2019年平均每个县收到多少申请", MATCHER, None, lambda: {})
    _, frame = understand("那2020年呢", MATCHER, q, lambda: {})
    assert (frame.operation, frame.scope.level, frame.years) == ("average", "county", [2020])
    q, _ = understand("2019年收到申请超过100件的县有哪些", MATCHER, None, lambda: {})
    _, frame = understand("那2020年呢", MATCHER, q, lambda: {})
    assert frame.operation == "threshold" and frame.condition == Condition(">", 100.0, "超过100")


# ------------------------------------------------------------------ answers over the corpus
def _printed(store: Store, reports: list[dict[str, Any]], metric: str) -> dict[str, float | None]:
    """report id → its cell's printed value (None: blank or not there), read straight from the store."""
    cells = {(f["report_id"], f["metric"]): f for f in store.figures([r["id"] for r in reports])}
    out: dict[str, float | None] = {}
    for r in reports:
        cell = cells.get((r["id"], metric))
        out[r["id"]] = cell["value"] if cell and cell["status"] == "reported" else None
    return out


def _counties(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """Each county's report of that year, or (None) each county's latest."""
    counties = list(Catalog().of_level(store, "county"))
    if year is not None:
        return [r for r in counties if r["year"] == year]
    latest: dict[str, dict[str, Any]] = {}
    for r in counties:
        if r["issuer"] not in latest or r["year"] > latest[r["issuer"]]["year"]:
            latest[r["issuer"]] = r
    return list(latest.values())


def test_an_average_is_the_sum_of_the_printed_cells_over_the_reports_printing_them(ingested: IngestedCorpus) -> None:
    counties = _counties(ingested.store)
    values = _printed(ingested.store, counties, RECEIVED)
    printed = [v for v in values.values() if v is not None]
    blank = [rid for rid, v in values.items() if v is None]
    assert len(printed) >= 2 and blank  # the corpus: 合阳 5, 刚察 1; 同仁 and 岚皋 blank
    answer, _ = Answerer(ingested.store, use_vectors=False).ask("平均每个县收到多少申请")
    mean = sum(printed) / len(printed)
    assert answer.route == "derived" and answer.frame and answer.frame["operation"] == "average"
    total = int(sum(printed))
    assert f"{total} ÷ {len(printed)} = {mean:g}" in answer.answer
    assert answer.formula and answer.formula.endswith(f"{total} / {len(printed)} = {mean:g}")
    assert f"{len(blank)} 份未填报（空白）" in answer.answer and "不计入平均" in answer.answer
    # Every printed cell is cited, from its county's report; no city, no blank cell among them.
    assert sorted(f["value"] for f in answer.figures) == sorted(printed)
    assert {f["status"] for f in answer.figures} == {"reported"} and all(f["cite"] for f in answer.figures)
    assert "海东" not in answer.answer
    blank_rows = [t for t in answer.table if t["report_id"] in blank]
    assert len(blank_rows) == len(blank) and all(t["value"] is None and t["status"] == "blank" for t in blank_rows)


def test_no_average_when_no_report_prints_the_figure(ingested: IngestedCorpus) -> None:
    """2019's counties (同仁, 岚皋) leave the cell blank: no average, not 0."""
    assert all(v is None for v in _printed(ingested.store, _counties(ingested.store, 2019), RECEIVED).values())
    answerer = Answerer(ingested.store, use_vectors=False)
    zh, _ = answerer.ask("2019年平均每个县收到多少申请")
    en, _ = answerer.ask("what was the average number of applications received by counties in 2019")
    assert "无法计算平均值" in zh.answer and "2 份未填报（空白）" in zh.answer and "海东" not in zh.answer
    assert "no average" in en.answer and "2 blank (not reported)" in en.answer
    for answer in (zh, en):
        assert answer.figures == [] and answer.formula is None and " 0 " not in answer.answer


def test_a_threshold_lists_those_meeting_it_and_names_the_blank_ones_apart(ingested: IngestedCorpus) -> None:
    answerer = Answerer(ingested.store, use_vectors=False)
    answer, _ = answerer.ask("收到申请超过100件的单位有哪些")
    every = list(Catalog().every(ingested.store))
    values = _printed(ingested.store, every, RECEIVED)
    over = [r for r in every if (values[r["id"]] or 0) > 100]
    assert over and answer.frame and answer.frame["operation"] == "threshold"
    assert answer.frame["condition"] == {"op": ">", "value": 100.0, "words": "超过100"}
    assert f"超过 100 件（> 100）的报告有 {len(over)} 份" in answer.answer
    assert {f["issuer"] for f in answer.figures} == {r["issuer"] for r in over}
    assert all(f["value"] > 100 and f["cite"] for f in answer.figures)
    not_over = sum(1 for v in values.values() if v is not None and v <= 100)
    assert f"另 {not_over} 份报告印出此数字，不满足条件" in answer.answer
    blank = [r for r in every if values[r["id"]] is None]
    assert "无法判断（未填报，不计为零）" in answer.answer
    assert all(r["issuer"] in answer.answer.split("无法判断")[1] for r in blank)


@pytest.mark.parametrize(
    "question", ["2019年收到申请超过100件的县有哪些", "which counties received more than 100 applications in 2019"]
)
def test_a_city_is_not_a_county(ingested: IngestedCorpus, question: str) -> None:
    """海东市 received 235 in 2019; the counties of 2019 (同仁, 岚皋) left it blank: none meets it."""
    answer, _ = Answerer(ingested.store, use_vectors=False).ask(question)
    assert "海东" not in answer.answer and answer.figures == []
    assert "同仁县人民政府" in answer.answer and "岚皋县人民政府办公室" in answer.answer
    assert ("：没有" in answer.answer) or ("No report has" in answer.answer)


def test_none_received_is_zero_among_those_printing_it_never_a_blank(ingested: IngestedCorpus) -> None:
    answerer = Answerer(ingested.store, use_vectors=False)
    answer, _ = answerer.ask("哪些县2019年没有收到申请")
    assert answer.frame and answer.frame["condition"]["op"] == "=" and answer.frame["condition"]["value"] == 0
    assert "为 0" in answer.answer and "：没有。" in answer.answer and answer.figures == []
    assert "同仁县人民政府 2019年报" in answer.answer.split("无法判断")[1]  # blank: named apart, not listed as 0
    zero, _ = answerer.ask("哪些县没有行政复议")
    counties = list(Catalog().of_level(ingested.store, "county"))
    values = _printed(ingested.store, counties, "review.total")
    zeros = {r["issuer"] for r in counties if values[r["id"]] == 0}
    assert zeros and {f["issuer"] for f in zero.figures} == zeros and all(f["value"] == 0 for f in zero.figures)


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("各县行政复议和行政诉讼平均多少件", "分别计算平均值"),
        ("行政复议和行政诉讼都超过1件的县有哪些", "分别列出满足条件的报告"),
        ("what was the average number of reviews and lawsuits per county", "averaged on its own"),
    ],
)
def test_each_measure_named_is_answered_never_the_first_alone(
    ingested: IngestedCorpus, question: str, note: str
) -> None:
    answer, _ = Answerer(ingested.store, use_vectors=False).ask(question)
    assert "行政复议" in answer.answer and "行政诉讼" in answer.answer and note in answer.answer[-60:]
    metrics = {f["metric"].split(".")[0] for f in answer.figures}
    assert metrics == {"review", "litigation_direct", "litigation_after_review"}
    assert answer.table and {t["metric"] for t in answer.table} >= {"review.total"}


def test_ask_json_carries_the_operation_and_the_condition(ingested: IngestedCorpus, tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", ingested.data_dir)
    result = run_cli("ask", "which counties received more than 3 applications?", "--json", "--config", config)
    assert result.exit_code == 0, result.stderr
    (answer,) = result.json
    assert answer["frame"]["operation"] == "threshold" and answer["frame"]["condition"]["op"] == ">"
    assert answer["route"] == "compare" and answer["figures"]
    assert all(f["value"] > 3 and f["cite"] and f["status"] == "reported" for f in answer["figures"])


# ------------------------------------------------------------------ the SQL way says the same
QUESTIONS = [
    "平均每个县收到多少申请",
    "各单位平均收到多少申请",
    "2019年平均每个县收到多少申请",
    "what was the average number of lawsuits per report?",
    "收到申请超过100件的单位有哪些",
    "哪些县2019年没有收到申请",
    "哪些县没有行政复议",
    "which counties received more than 3 applications?",
    "哪些单位行政诉讼不少于1件",
]


def _both(answerer: Answerer, question: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Answer, Answer]:
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 10**9)
    python, _ = answerer.ask(question)
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)
    sql, _ = answerer.ask(question)
    return python, sql


def _same(python: Answer, sql: Answer) -> None:
    assert (sql.route, sql.answer, sql.formula, sql.warnings) == (
        python.route,
        python.answer,
        python.formula,
        python.warnings,
    )
    assert sql.figures == python.figures
    assert sql.table_rows == len(python.table)  # the SQL way: the rows shown and the count of all
    shown = [t for t in sql.table if t["status"] == "reported"]
    assert shown == python.table[: len(shown)]


@pytest.mark.parametrize("question", QUESTIONS)
def test_sql_answers_as_the_python_way(
    ingested: IngestedCorpus, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, sql = _both(Answerer(ingested.store, use_vectors=False), question, monkeypatch)
    _same(python, sql)


@pytest.fixture(scope="module")
def counties(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(ingested.copy(tmp_path_factory, "averages"), embedder="fake")
    add_synthetic(s, 60)  # 样例0县 … 样例9县, six years each: their cells scaled copies of the corpus's
    return s


@pytest.mark.parametrize(
    "question",
    [
        "2020年平均每个县收到多少申请",
        "各县平均行政诉讼多少件",
        "2020年收到申请超过100件的县有哪些",
        "哪些县2021年没有收到申请",
        "which counties received fewer than 10 applications in 2022?",
        "2020年哪些县法人或其他组织申请为零",  # a sum of cells kept as a group, blank ones named
        "哪些部门法人或其他组织申请超过1件",  # a few reports chosen by key: the sum made per question
    ],
)
def test_over_many_counties_only_the_rows_shown_are_read(
    counties: Store, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, _ = _both(Answerer(counties, use_vectors=False), question, monkeypatch)  # (monkeypatched to SQL after)

    def no_rows(self: ReportSet) -> None:
        raise AssertionError("an average or a threshold in SQL read every chosen report")

    monkeypatch.setattr(ReportSet, "fill", no_rows)
    catalog = Catalog()
    sql, _ = Answerer(counties, use_vectors=False, catalog=catalog).ask(question)
    _same(python, sql)
    assert catalog._reports is None  # the list of every report was never built


def test_the_first_blank_cells_are_walked_without_probing_every_chosen_report(
    counties: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """各单位 (each issuer's latest report): the blank cells named are found by walking a year's
    reports in issuer order with the chosen reports as a filter. As a constraint SQLite moved
    the choice onto report_keys' rowid and probed every chosen key for every report walked: 57 s
    at 100,000 reports (bench/average_threshold.py), 0.5 s so."""
    from index.db import Database

    plans: list[str] = []
    execute = Database.execute

    def explained(self: Database, sql: str, params: Any = ()) -> Any:
        if "ORDER BY r.issuer LIMIT" in sql:
            plans.append(" | ".join(row[3] for row in execute(self, "EXPLAIN QUERY PLAN " + sql, params)))
        return execute(self, sql, params)

    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)
    monkeypatch.setattr(Database, "execute", explained)
    answer, _ = Answerer(counties, use_vectors=False).ask("各单位平均行政复议多少件")
    assert answer.route == "derived" and plans
    assert not any("rowid=?" in plan for plan in plans), plans


def test_a_conversation_keeps_the_threshold_across_turns(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The context kept between turns (JSON, bot/context.py) carries the condition: "那2020年呢"
    asks the same threshold of 2020's counties (合阳 printed 5: over 3)."""
    from bot.service import Service

    with Service.open(data_dir=ingested.copy(tmp_path_factory, "conversation")) as service:
        talk = service.conversation("test", "ops")
        first = talk.ask("2019年收到申请超过3件的县有哪些")
        again = talk.ask("那2020年呢")
    assert first.frame and first.frame["operation"] == "threshold" and first.figures == []
    assert again.frame and again.frame["operation"] == "threshold" and again.frame["years"] == [2020]
    assert again.frame["condition"]["op"] == ">" and again.frame["condition"]["value"] == 3
    assert [(f["issuer"], f["value"]) for f in again.figures] == [("合阳县人民政府", 5)]


@pytest.mark.parametrize("question", ["收到申请超过3件的单位有哪些", "各单位平均收到多少申请"])
def test_the_whole_table_is_made_again_on_request(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, question: str
) -> None:
    """As a ranking's: the answer carries the rows it shows and the count; the CSV's table has them all
    (those meeting the condition, then those not printing the figure)."""
    from bot.service import Service

    monkeypatch.setattr("bot.plan.chosen_values.TABLE_INLINE", 1)
    monkeypatch.setattr("bot.plan.chosen_values.TOP", 1)  # one row listed, one blank one named
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)
    with Service.open(data_dir=ingested.copy(tmp_path_factory, "whole")) as service:
        answer = service.ask(question)
        assert answer.table_rows is not None and answer.table_rows > len(answer.table)
        recorded = service.answer(answer.id or "")
        assert recorded is not None
        every = service.table(recorded)
    assert len(every) == answer.table_rows
    shown = [t for t in answer.table if t["status"] == "reported"]
    assert shown == every[: len(shown)] and all(t in every for t in answer.table)
