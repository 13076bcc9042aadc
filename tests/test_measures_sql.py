"""Several measures named together over many reports (bot/plan/measures_sql.py): a ranking by
their sum shows the Python way's first lines; a sum or a trend gives each measure's sum (per
year) and theirs, equal to the Python way's rows added up; a listing shows the first reports.
Each answer carries the rows it shows and the count of the whole table, made again on request.

The store: the corpus's real reports and synthetic counties (bench/synthetic.py)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus

from bench.synthetic import add_synthetic
from bot.answer import Answer
from bot.plan import measures_sql
from bot.router import Answerer
from bot.service import Service
from index.store import Store

RANK = ["2020年行政复议和行政诉讼合计最多的县", "which counties had the most reconsiderations and lawsuits together"]
LIST = ["各县2020年行政复议和行政诉讼"]
SUM = "各县行政复议加行政诉讼合计"
TREND = "历年行政复议和行政诉讼的变化"


@pytest.fixture(scope="module")
def data(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = ingested.copy(tmp_path_factory, "measures")
    store = Store(data_dir, embedder="fake")
    add_synthetic(store, 60)  # 样例0县 … 样例9县, six years each
    store.close()
    return data_dir


@pytest.fixture(scope="module")
def store(data: Path) -> Store:
    return Store(data, embedder="fake")


def _both(store: Store, question: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Answer, Answer]:
    """The Python way's answer, then SQL's (taken from 0 reports on)."""
    monkeypatch.setattr(measures_sql, "MEASURES_SQL_OVER", 10**9)
    python, _ = Answerer(store, use_vectors=False).ask(question)
    monkeypatch.setattr(measures_sql, "MEASURES_SQL_OVER", 0)
    sql, _ = Answerer(store, use_vectors=False).ask(question)
    return python, sql


@pytest.mark.parametrize("question", RANK + LIST)
def test_the_first_reports_are_the_python_ways_and_the_rest_counted(
    store: Store, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    python, sql = _both(store, question, monkeypatch)
    shown = len(sql.table)
    assert sql.route == python.route and 0 < shown < len(python.table) and sql.table_rows == len(python.table)
    assert sql.table == python.table[:shown] and sql.figures == python.figures[: len(sql.figures)]
    cut = sql.answer.index("另有" if "另有" in sql.answer else "more reports")
    assert python.answer.startswith(sql.answer[:cut])


def _summed(table: list[dict[str, Any]], by_year: bool) -> dict[tuple[Any, str], float]:
    sums: dict[tuple[Any, str], float] = defaultdict(float)
    for row in table:
        if isinstance(row.get("value"), (int, float)):
            sums[(row["year"] if by_year else None, row["metric"])] += row["value"]
    return dict(sums)


def test_a_sum_is_each_measures_and_theirs(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    python, sql = _both(store, SUM, monkeypatch)
    each = _summed(python.table, False)
    review, lawsuits = each[(None, "review.total")], each[(None, "litigation.total")]
    assert sql.route == "derived" and sql.table == [] and sql.table_rows == len(python.table)
    assert sql.formula == f"{review:g} + {lawsuits:g} = {review + lawsuits:g}"
    assert (python.formula or "").endswith(f"= {review + lawsuits:g}")  # the same total, added report by report
    assert f"合计 {review:g} 件" in sql.answer and f"合计 {lawsuits:g} 件" in sql.answer


def test_a_trend_is_each_measures_sum_per_year(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    python, sql = _both(store, TREND, monkeypatch)
    each = _summed(python.table, True)
    assert sql.route == "trend" and sql.table == [] and sql.table_rows == len(python.table)
    for year in range(2019, 2025):
        line = sql.answer.split(f"{year}年：", 1)[1].split("；", 1)[0]
        for metric, label in (("review.total", "“行政复议 · 总计”"), ("litigation.total", "“行政诉讼”")):
            assert f"{label}" in line and f"合计 {each[(year, metric)]:g} 件" in line.split(label, 1)[1]


def test_the_whole_table_is_made_again_on_request(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measures_sql, "MEASURES_SQL_OVER", 0)
    with Service.open(data_dir=data) as service:
        answer = service.ask(RANK[0])
        assert answer.table_rows and len(answer.table) < answer.table_rows
        assert len(service.table(service.answer(answer.id or "") or answer)) == answer.table_rows
