"""Rank, compare and trend over every report on file, with figures from the text where a cell is blank."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from answers_helpers import ask, ask_one
from conftest import run_cli, write_config


@pytest.fixture(scope="module")
def config(ingested, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return write_config(tmp_path_factory.mktemp("cfg") / "nianbao.toml", ingested.data_dir)


def test_rank_uses_the_text_where_the_table_is_blank_and_summarises_the_rest(config: Path) -> None:
    answer = ask_one(config, "哪个县收到的申请最多")
    assert answer["route"] == "rank"
    rows = {r["issuer"]: r for r in answer["table"]}
    assert "海东市人民政府" not in rows  # a city, and the question names counties
    # 岚皋's cell is blank and its text says 受理…4件 (may include those carried over): not ranked.
    assert rows["岚皋县人民政府办公室"]["value"] is None and not rows["岚皋县人民政府办公室"]["from_text"]
    assert rows["同仁县人民政府"]["value"] is None and rows["同仁县人民政府"]["status"] == "blank"
    assert "2 份报告未印出此数字" in answer["answer"]
    assert "同仁县" not in answer["answer"]  # summarised in one line, not listed
    assert answer["answer"].startswith("最多的是合阳县人民政府")


def test_compare_shows_both_sides_and_the_gap(config: Path) -> None:
    answer = ask_one(config, "合阳和海东哪个收到的申请多")
    assert answer["route"] == "compare"
    assert "海东市人民政府 2019年报：235 件" in answer["answer"] and "合阳县人民政府 2020年报：5 件" in answer["answer"]
    assert answer["formula"] == "235 − 5 = 230" and "多 230 件" in answer["answer"]


def test_compare_rates(config: Path) -> None:
    answer = ask_one(config, "海东和合阳的公开率对比")
    assert answer["formula"] == "100.0% − 97.9% = 2.1" and "2.1 个百分点" in answer["answer"]


@pytest.mark.slow
def test_every_report_is_ranked_and_the_answer_is_bounded(tmp_path: Path, corpus: Path) -> None:
    # Twelve reports: the same county under twelve years (overrides), so the sentence lists ten.
    cfg = write_config(tmp_path / "c.toml", tmp_path / "d")
    for year in range(2010, 2022):
        copy = tmp_path / f"heyang-{year}.txt"
        shutil.copy(corpus / "004_c70ef5546fcf38db.txt", copy)
        assert run_cli("ingest", copy, "--year", str(year), "--config", cfg).exit_code == 0
    rank = ask_one(cfg, "收到的申请排名")
    assert rank["route"] == "rank" and len(rank["table"]) == 12
    assert rank["answer"].count("年报：") == 10 and "另有 2 份报告有此数字" in rank["answer"]
    trend = ask_one(cfg, "合阳县历年收到的申请")
    assert trend["route"] == "trend" and [r["year"] for r in trend["table"]] == list(range(2010, 2022))
    assert trend["answer"].count("年报：") == 12  # a trend lists every year on file


def test_a_ranking_where_no_report_prints_the_figure_says_so(config: Path) -> None:
    # The 2019 county reports on file (同仁, 岚皋) both leave 本年新收 blank.
    answer = ask_one(config, "哪个县2019年收到的申请最多")
    assert answer["route"] == "rank"
    assert answer["answer"].startswith("这些报告都没有印出") and "：。" not in answer["answer"]
    assert "共 2 份报告未印出此数字" in answer["answer"]


def test_a_level_without_a_report_of_the_year_says_that_level_not_every_issuer(config: Path) -> None:
    # 2020 is on file (合阳县), but no city's report of 2020: the city reports on file are named.
    zh, en = ask(config, "2020年哪个市行政诉讼最多", "Which city had the most lawsuits in 2020?")
    assert zh["route"] == en["route"] == "none" and zh["figures"] == []
    assert zh["answer"].startswith("没有任何市级政府 2020 年的报告。已有：海东市人民政府 2019年报")
    assert "县" not in zh["answer"]
    assert en["answer"].startswith("There is no 2020 report on file for any city government. On file: 海东市人民政府")
