"""Numbers from a report's text fill a blank cell only when their sentence states that very figure.

Made-up reports of one issuer (青禾县, invented), one a year, each leaving cells blank and
carrying in its prose one trap seen in real reports: 受理…749件 (new and carried over),
予以公开及部分公开258件 (two rows), 其中自然人申请741件 (one column), 信息公开年度报告1条
(not money); and one sentence that states exactly the blank figure (新收…713件).
Everything goes through `nianbao ask - --json`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from answers_helpers import ask, ask_one
from conftest import run_cli, write_config
from made_up_report import CASES_GRID, HEADER, ROWS, html_table

ISSUER = "青禾县人民政府"
COLUMNS = {"natural_person": 0, "total": 6}


def _page(year: int, blanks: set[tuple[str, str]], overview: str, other: str = "本年度未收取信息处理费。") -> str:
    """The made-up report of tests/made_up_report.py for `year`, with these (row, column) cells
    blank and these sentences in sections 一 and 六."""
    grid = [
        labels
        + [
            "" if (key, col) in blanks else v
            for col, v in zip(
                (
                    "natural_person",
                    "commercial_enterprise",
                    "research_institution",
                    "social_welfare_org",
                    "legal_service_org",
                    "other_org",
                    "total",
                ),
                values,
            )
        ]
        for key, labels, values in ROWS
    ]
    title = f"{ISSUER}{year}年政府信息公开工作年度报告"
    p = '<p style="text-indent:2em"><span>{}</span></p>'.format
    body = "\n".join(
        [
            p("一、总体情况"),
            p(overview),
            p("二、主动公开政府信息情况"),
            p("本年度主动公开政府信息1200条。"),
            p("三、收到和处理政府信息公开申请情况"),
            html_table(HEADER + grid, 3, 3),
            p("四、政府信息公开行政复议、行政诉讼情况"),
            html_table(CASES_GRID, 3, 0),
            p("五、存在的主要问题及改进情况"),
            p("公开的及时性有待提高。"),
            p("六、其他需要报告的事项"),
            p(other),
        ]
    )
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


REPORTS = {
    # 受理 counts the applications carried over too; 本年新收 总计 is blank.
    2021: ({("received", "total")}, "2021年，本县全年共受理政府信息公开申请749件，均已按时答复。"),
    # The total is blank; the sentence gives only the 自然人 column.
    2022: ({("received", "total")}, "2022年，本县收到的政府信息公开申请中，其中自然人申请741件，均已按时答复。"),
    # 部分公开 is blank; the sentence adds two rows together. 本年新收 总计 is blank and stated exactly.
    2023: (
        {("partially_granted", "total"), ("received", "total")},
        "2023年，本年度共新收政府信息公开申请713件。予以公开及部分公开258件。",
    ),
}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("qinghe")
    for year, (blanks, overview) in REPORTS.items():
        (folder / f"qinghe-{year}.html").write_text(_page(year, blanks, overview), encoding="utf-8")
    (folder / "qinghe-2024.html").write_text(
        _page(
            2024,
            {("carried_over_out", c) for c in ("natural_person", "commercial_enterprise", "total")},
            "2024年，本县共收到政府信息公开申请15件。",
            "本年度发布信息公开年度报告1条。",
        ),
        encoding="utf-8",
    )
    cfg = write_config(folder / "c.toml", folder / "data")
    assert run_cli("ingest", folder, "--config", cfg).exit_code == 0
    return cfg


def _outside_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”", "", text)


def assert_not_given(answer: dict[str, Any], trap: int) -> None:
    """The trap number is no figure's or table row's value and is stated nowhere but inside a quote."""
    assert all(f["value"] != trap for f in answer["figures"])
    assert all(row["value"] != trap for row in answer.get("table") or [])
    assert str(trap) not in _outside_quotes(answer["answer"]) and str(trap) not in (answer.get("formula") or "")


def test_accepted_which_counts_carried_over_is_not_the_new_applications(config: Path) -> None:
    answer = ask_one(config, "青禾县2021年收到多少政府信息公开申请")
    assert_not_given(answer, 749)
    assert answer["route"] == "passage" and answer["figures"][0]["status"] == "blank"
    assert "“2021年，本县全年共受理政府信息公开申请749件" in answer["answer"]  # quoted, with why it is not the cell
    assert "报告正文中未找到" in answer["answer"] and "上年结转" in answer["answer"]
    english = ask_one(config, "How many applications did 青禾县 receive in 2021?")
    assert_not_given(english, 749)
    assert "Not found in the text" in english["answer"]


def test_asking_for_what_was_accepted_gets_the_sentence_not_the_cell(config: Path) -> None:
    answer = ask_one(config, "青禾县2021年受理了多少政府信息公开申请")
    assert answer["route"] == "figure_in_text"
    quoted, cell = answer["figures"]
    assert quoted["from_text"] and quoted["value"] == 749 and quoted["metric"] is None
    assert "受理政府信息公开申请749件" in quoted["quote"]
    assert cell["metric"] == "applications.received.total" and cell["status"] == "blank"
    assert "并非表中" in answer["answer"]


def test_one_column_is_not_the_total(config: Path) -> None:
    answer = ask_one(config, "青禾县2022年收到多少政府信息公开申请")
    assert_not_given(answer, 741)
    assert answer["figures"][0]["metric"] == "applications.received.total"
    assert "这是“自然人”的数字" in answer["answer"]  # says whose number it is


def test_two_rows_together_are_not_one_of_them(config: Path) -> None:
    answer = ask_one(config, "青禾县2023年部分公开的申请有多少")
    assert_not_given(answer, 258)
    assert answer["figures"][0]["metric"] == "applications.partially_granted.total"
    assert "几项合计" in answer["answer"]


def test_a_fee_is_never_a_count_of_reports(config: Path) -> None:
    answer = ask_one(config, "青禾县2024年信息处理费收了多少")
    assert all(f["value"] != 1 for f in answer["figures"])
    assert "即 1条" not in answer["answer"] and "即 1 条" not in answer["answer"]
    assert "报告正文中未找到" in answer["answer"]


def test_a_blank_cell_no_sentence_states_is_not_found_in_the_text(config: Path) -> None:
    answer = ask_one(config, "青禾县2024年结转下年度继续办理的申请有多少")
    assert answer["route"] == "figure" and [f["value"] for f in answer["figures"]] == [None]
    assert answer["figures"][0]["metric"] == "applications.carried_over_out.total"
    assert "报告正文中未找到" in answer["answer"] and not re.search(r"\d+ ?件", answer["answer"])


def test_a_sentence_stating_the_very_figure_fills_the_blank_cell(config: Path) -> None:
    answer = ask_one(config, "青禾县2023年收到多少政府信息公开申请")
    assert answer["route"] == "figure_in_text"
    quoted, cell = answer["figures"]
    assert (quoted["value"], quoted["from_text"], quoted["metric"]) == (713, True, "applications.received.total")
    assert quoted["quote"] == "2023年，本年度共新收政府信息公开申请713件" and quoted["quote"] in quoted["note"]
    assert cell["status"] == "blank" and "即 713 件" in answer["answer"]


def test_rankings_and_sums_take_only_the_very_figure_and_mark_it(config: Path) -> None:
    trend, total, rank, compare = ask(
        config,
        "青禾县历年收到的申请数量变化",
        "青禾县2021、2022、2023和2024年收到的申请合计多少",
        "青禾县哪一年收到的申请最多",
        "青禾县2021年、2023年和2024年收到的申请对比",
    )
    for answer in (trend, total, rank, compare):
        for trap in (749, 741):
            assert_not_given(answer, trap)
        rows = {row["year"]: row for row in answer["table"]}
        assert rows[2023]["value"] == 713 and rows[2023]["from_text"] and "713件" in rows[2023]["quote"]
        assert rows[2024]["value"] == 15 and not rows[2024]["from_text"]
        assert rows[2021]["value"] is None and rows.get(2022, {"value": None})["value"] is None
        assert "引自正文" in answer["answer"] or "（正文）" in answer["answer"]
    assert total["formula"] == "713（正文） + 15 = 728" and compare["formula"] == "713（正文） − 15 = 698"
    assert rank["answer"].startswith("最多的是青禾县人民政府（2023年），713 件（表格此栏空白，引自正文")


@pytest.mark.parametrize(
    "sentence, number, row, column, kind",
    [
        ("本年度共新收政府信息公开申请713件。", "713", "applications.received", None, "same"),
        (
            "全县共收到政府信息公开申请70件，已办结69件，1件结转下年度继续办理。",
            "1件",
            "applications.carried_over_out",
            None,
            "same",
        ),
        ("全年共受理政府信息公开申请749件，其中自然人申请741件。", "749", "applications.received", None, "related"),
        (
            "全年共受理政府信息公开申请749件，其中自然人申请741件。",
            "741",
            "applications.received",
            "natural_person",
            "related",
        ),  # 受理's own 自然人 column: still wider than 本年新收
        (
            "全年共收到政府信息公开申请749件，其中自然人申请741件。",
            "741",
            "applications.received",
            "natural_person",
            "same",
        ),
        ("全年共收到政府信息公开申请749件（含上年结转36件）。", "749", "applications.received", None, "related"),
        ("全年新收政府信息公开申请713件，上年结转36件，共计749件。", "749", "applications.received", None, "related"),
        ("收到自然人申请5件，法人申请3件，合计8件。", "8件", "applications.received", None, "same"),
        ("全年共收到申请749件，其中网上申请700件。", "700", "applications.received", None, "related"),
        ("予以公开及部分公开258件。", "258", "applications.granted", None, "related"),
        ("本单位共收到政府信息公开申请5件。", "5件", "applications.received", None, "same"),  # 本单位 is no 法人
        ("行政复议5件，其中维持3件。", "3件", "review", "upheld", "same"),
        (
            "全年共收到政府信息公开申请713件（其中自然人700件，法人或其他组织13件）。",
            "700",
            "applications.received",
            "natural_person",
            "same",
        ),
        ("收到申请5件、上年结转2件、共计7件。", "7件", "applications.carried_over_in", None, "related"),
        (
            "本年度共收到政府信息公开申请713件，上年结转36件，共办理749件。",
            "749",
            "applications.carried_over_in",
            None,
            "related",
        ),
        ("我局共受理政府信息公开申请713件，其中新收710件、上年结转3件。", "710", "applications.received", None, "same"),
        (
            "我局共受理政府信息公开申请713件，其中新收710件、上年结转3件。",
            "3件",
            "applications.carried_over_in",
            None,
            "same",
        ),
    ],
)
def test_the_measure_a_sentence_gives_its_number(
    sentence: str, number: str, row: str, column: str | None, kind: str
) -> None:
    from bot.in_text import _NUMBER
    from bot.lexicon import MetricAsk
    from bot.measure import asked_measure, fit, stated_measure

    m = _NUMBER.search(sentence, sentence.rindex(number))
    assert m is not None
    how = fit(stated_measure(sentence, m.start(), m.end(), _NUMBER), asked_measure(MetricAsk(row, column, ""), "多少"))
    assert how is not None and how.kind == kind


def test_an_llm_never_rewords_a_quoted_sentence_into_the_cell(config: Path) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from bot.llm import phrase_with
    from bot.router import Answerer
    from index.store import Store

    eager = FakeListChatModel(responses=["2021年收到政府信息公开申请749件 [1]。"])
    answer, _ = Answerer(Store(config.parent / "data", embedder="fake"), phrase=phrase_with(eager)).ask(
        "青禾县2021年收到多少政府信息公开申请"
    )
    assert_not_given(answer.to_json(), 749)


def test_a_part_after_qizhong_answers_only_a_question_naming_its_part(ingested: Any, tmp_path: Path) -> None:
    # 同仁 2019: "公开政府信息2000余条，其中通过县政府门户网站公开政府信息1800条，政务微信公开政府信息200条".
    cfg = write_config(tmp_path / "c.toml", ingested.data_dir)
    total, part = ask(cfg, "同仁县2019年主动公开政府信息多少条", "同仁县2019年政务微信公开政府信息多少条")
    assert total["figures"][0]["value"] == 2000 and "即 2000余条" in total["answer"]
    assert part["figures"][0]["value"] == 200 and "即 200条" in part["answer"]


@pytest.mark.slow
def test_a_trend_over_many_reports_says_how_many_values_are_quoted(tmp_path: Path) -> None:
    # Twelve made-up departments, 2023: one leaves 本年新收 总计 blank and states it in a sentence
    # (新收…713件), one leaves it blank and says only 受理…749件. The trend sums per year.
    departments = [
        "教育局",
        "财政局",
        "民政局",
        "交通局",
        "水利局",
        "农业局",
        "商务局",
        "文旅局",
        "卫健局",
        "审计局",
        "统计局",
        "林业局",
    ]
    for i, name in enumerate(departments):
        blanks = {("received", "total")} if i < 2 else set()
        overview = (
            ("本年度共新收政府信息公开申请713件。", "本年度共受理政府信息公开申请749件。")[i]
            if i < 2
            else "公开工作有序开展。"
        )
        page = _page(2023, blanks, overview).replace(ISSUER, f"青禾县{name}")
        (tmp_path / f"d{i:02d}.html").write_text(page, encoding="utf-8")
    cfg = write_config(tmp_path / "c.toml", tmp_path / "data")
    assert run_cli("ingest", tmp_path, "--config", cfg).exit_code == 0
    answer = ask_one(cfg, "各地历年收到的申请数量变化")
    assert answer["route"] == "trend"
    assert "2023年 11 份报告合计 863 件（其中 1 份引自正文）（另 1 份未印出）" in answer["answer"]  # 10 × 15 + 713
    assert_not_given(answer, 749)
