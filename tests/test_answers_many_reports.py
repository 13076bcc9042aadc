"""Rank, trend and sums over many reports stay bounded: the sentence lists the top ten (or
sums a trend per year), every report is a row of the table, and a figure in a sentence is
always one the table shows. The reports are corpus reports written out again under other
counties' names and years (same layout, same figures), as a province's would be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import HEYANG

from bot.plan import many
from bot.router import Answerer
from index.load import ingest_files
from index.store import Store
from ingest.regions import divisions

LANGAO = "002_985278575a97d564.txt"  # 岚皋县 2019: the applications received cell is blank, the text says 4


def _counties(n: int) -> list[str]:
    names = sorted(
        name
        for name, d in divisions().items()
        if d.level == "county" and len(name) == 3 and name.endswith("县") and name not in ("合阳县", "岚皋县")
    )
    return names[:n]


def _copies(
    corpus: Path, folder: Path, base: str, place: str, year: int, counties: list[str], years: list[int]
) -> list[Path]:
    text = (corpus / base).read_text(encoding="utf-8")
    out = []
    for i, county in enumerate(counties):
        new_year = years[i % len(years)]
        body = text.replace(place, county).replace(place[:-1], county[:-1])
        body = re.sub(rf"{year}(\s*年)", rf"{new_year}\1", body)
        path = folder / f"{base[:3]}_{i:02d}.txt"
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Store:
    """Twelve copies of 合阳 2020 (5 applications each), six dated 2019 and six 2020."""
    folder = tmp_path_factory.mktemp("files")
    files = _copies(corpus, folder, HEYANG, "合阳县", 2020, _counties(12), [2019, 2020])
    store = Store(tmp_path_factory.mktemp("data"), embedder="fake")
    assert not [o.error for o in ingest_files(store, files, embed=False) if o.error]
    assert len(store.reports()) == 12
    return store


def test_a_ranking_lists_ten_and_tables_every_report(store: Store) -> None:
    answer, _ = Answerer(store, use_vectors=False).ask("哪个县收到的申请最多")
    assert answer.route == "rank"
    assert len(answer.table) == 12 and all(row["value"] == 5 for row in answer.table)
    assert "另有 2 份报告有此数字" in answer.answer
    # Cells are cited for the rows the sentence shows, not for every report on file.
    assert len({f["report_id"] for f in answer.figures}) == 10


def test_a_trend_over_many_issuers_is_summed_per_year(store: Store) -> None:
    answer, _ = Answerer(store, use_vectors=False).ask("各地历年收到的申请数量变化")
    assert answer.route == "trend"
    assert "2019年 6 份报告合计 30 件" in answer.answer and "2020年 6 份报告合计 30 件" in answer.answer
    assert len(answer.table) == 12
    english, _ = Answerer(store, use_vectors=False).ask(
        "how did the number of applications received change over the years?"
    )
    assert (
        english.route == "trend" and "2019: 30 summed over 6 reports; 2020: 30 summed over 6 reports" in english.answer
    )


def test_a_long_sum_shows_its_first_terms_and_the_count(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(many, "SUM_TERMS", 3)
    answer, _ = Answerer(store, use_vectors=False).ask("各地2019年收到的申请合计多少")
    assert answer.route == "derived"
    assert "共 6 项，逐项见表格）= 30" in answer.answer
    assert answer.formula == "5 + 5 + 5 + 5 + 5 + 5 = 30"  # every operand, in full, where it is asked for


def test_blank_cells_are_looked_up_in_the_text_only_when_few(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _copies(corpus, tmp_path, LANGAO, "岚皋县", 2019, _counties(3), [2019])
    for f in files:  # 受理 may count applications carried over: these texts state the year's new ones
        f.write_text(f.read_text(encoding="utf-8").replace("共受理依申请公开", "共新收依申请公开"), encoding="utf-8")
    store = Store(tmp_path / "data", embedder="fake")
    assert not [o.error for o in ingest_files(store, files, embed=False) if o.error]
    answer, _ = Answerer(store, use_vectors=False).ask("哪个县收到的申请最多")
    assert "引自正文" in answer.answer and "4 件" in answer.answer
    assert sum(1 for row in answer.table if row["from_text"]) == 3

    monkeypatch.setattr(many, "PROSE_REPORTS", 2)  # more blank reports than one search covers
    answer, _ = Answerer(store, use_vectors=False).ask("哪个县收到的申请最多")
    assert "引自正文" not in answer.answer
    assert "此栏空白的报告有 3 份，未逐份查找正文中的数字" in answer.answer
    assert not any(row["from_text"] for row in answer.table)
    assert all(row["status"] == "blank" for row in answer.table)
