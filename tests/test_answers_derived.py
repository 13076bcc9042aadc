"""Derived figures: sub-totals the template implies, rates, shares and differences, formula shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from answers_helpers import ask_one, heyang_over_two_years
from conftest import write_config


@pytest.fixture(scope="module")
def config(ingested, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return write_config(tmp_path_factory.mktemp("cfg") / "nianbao.toml", ingested.data_dir)


def test_legal_persons_and_other_organisations_is_the_sum_of_five_columns(config: Path) -> None:
    answer = ask_one(config, "海东2019年法人或其他组织申请多少")
    assert answer["route"] == "derived"
    assert answer["formula"] == "36 + 57 = 93"
    used = {f["metric"]: f for f in answer["figures"]}
    assert used["applications.received.commercial_enterprise"]["value"] == 36
    assert used["applications.received.other_org"]["value"] == 57
    # The three blank columns are named, and the total is not passed off as complete.
    assert used["applications.received.legal_service_org"]["status"] == "blank"
    assert "法律服务机构" in answer["answer"] and "不完整" in answer["answer"]
    assert any("incomplete" in w or "printed ones only" in w for w in answer["warnings"])


def test_withheld_is_the_sum_of_its_eight_rows(config: Path) -> None:
    answer = ask_one(config, "海东市2019年不予公开的申请有多少")
    assert answer["route"] == "derived" and answer["formula"] == "1"
    assert len([f for f in answer["figures"] if f["metric"].startswith("applications.withheld.")]) == 8
    assert "属于国家秘密" in answer["answer"]  # a blank row named


def test_disclosure_rate(config: Path) -> None:
    answer = ask_one(config, "海东2019年公开率")
    assert answer["route"] == "derived"
    assert answer["formula"] == "230 / 235 = 97.9%"
    assert "98.9" not in answer["answer"]  # the hotline's completion rate is another figure
    metrics = {f["metric"] for f in answer["figures"]}
    assert {
        "applications.granted.total",
        "applications.partially_granted.total",
        "applications.results_total.total",
    } <= metrics
    assert "部分公开" in answer["answer"]  # the blank operand is named


def test_a_share_the_user_names(config: Path) -> None:
    answer = ask_one(config, "What share of Haidong's requests was granted in 2019?")
    assert answer["route"] == "derived" and answer["formula"] == "230 / 235 = 97.9%"
    individuals = ask_one(config, "合阳县2020年自然人申请占比")
    assert individuals["formula"] == "4 / 5 = 80.0%"


def test_difference_between_two_issuers(config: Path) -> None:
    answer = ask_one(config, "海东行政许可比合阳多多少")
    assert answer["route"] == "derived"
    assert answer["formula"] == "37433 − 1038 = 36395"
    assert "海东市人民政府 2019年报" in answer["answer"] and "合阳县人民政府 2020年报" in answer["answer"]
    assert {f["issuer"] for f in answer["figures"]} == {"海东市人民政府", "合阳县人民政府"}
    assert [row["value"] for row in answer["table"]] == [37433, 1038]


@pytest.mark.parametrize(
    "question", ["海东2019年比合阳2020年多收到多少申请", "How many more applications did Haidong receive than Heyang?"]
)
def test_difference_however_put(config: Path, question: str) -> None:
    answer = ask_one(config, question)
    assert answer["route"] == "derived" and answer["formula"] == "235 − 5 = 230"


def test_year_on_year_needs_the_year_before(config: Path) -> None:
    # The year's own figure, then why there is no change: no 2019 report to compare with.
    answer = ask_one(config, "合阳县2020年收到的申请同比增加多少")
    assert answer["route"] == "figure" and answer["figures"][0]["value"] == 5
    assert answer["answer"].endswith("没有合阳县人民政府 2019 年的报告，无法同比。")
    assert any("no report of 2019" in w for w in answer["warnings"])


@pytest.mark.parametrize(
    ("question", "formula"),
    [
        ("海东市2019年行政诉讼败诉几件", "1 + 2 = 3"),  # 败诉: the result corrected, both kinds of lawsuit
        ("how many lawsuits did Haidong lose in 2019", "1 + 2 = 3"),
    ],
)
def test_a_lawsuit_lost_is_one_whose_result_was_corrected(config: Path, question: str, formula: str) -> None:
    answer = ask_one(config, question)
    assert answer["formula"] == formula
    assert answer["answer"].startswith(
        ("（表格没有“败诉”一栏，按“结果纠正”计。）", "(The tables have no column for “lose”")
    )
    assert {f["metric"] for f in answer["figures"]} == {
        "litigation_direct.corrected",
        "litigation_after_review.corrected",
    }


def test_a_reconsideration_lost_and_a_share_in_tenths(config: Path) -> None:
    lost = ask_one(config, "海东2019年行政复议败诉多少")
    assert [(f["metric"], f["value"]) for f in lost["figures"]] == [("review.corrected", 10)]
    tenths = ask_one(config, "合阳县2020年的申请中自然人占几成")  # 几成: a share, not the count
    assert tenths["route"] == "derived" and tenths["formula"] == "4 / 5 = 80.0%"


def test_year_on_year_over_two_reports(tmp_path: Path, corpus: Path) -> None:
    cfg = heyang_over_two_years(tmp_path, corpus)
    answer = ask_one(cfg, "合阳县2021年收到的申请比上年增加多少")
    assert answer["route"] == "derived" and answer["formula"] == "5 − 5 = 0"
    assert [r["year"] for r in answer["table"]] == [2021, 2020]


def test_a_growth_rate_over_two_reports_and_a_zero_base(tmp_path: Path, corpus: Path) -> None:
    """增长率 is (new − base) / base; from a base of 0 there is none, and the answer says why."""
    cfg = heyang_over_two_years(tmp_path, corpus)
    same = ask_one(cfg, "合阳县2021年收到的申请同比增长率")
    assert same["route"] == "derived" and same["formula"] == "(5 − 5) / 5 = 0.0%"
    zero = ask_one(cfg, "合阳县2021年行政复议比上年增长了百分之多少")
    assert zero["formula"] is None and "无法计算增长率：基数为 0" in zero["answer"]
    assert [f["value"] for f in zero["figures"]] == [0, 0]


def test_amounts_in_the_unit_printed(config: Path) -> None:
    answer = ask_one(config, "海东2019年政府集中采购总金额")
    assert "51.57亿元" in answer["answer"]
    assert answer["figures"][0]["value"] == 515700 and answer["figures"][0]["unit"] == "万元"


def test_a_rate_named_by_its_row(config: Path) -> None:
    answer = ask_one(config, "海东2019年行政复议纠正率")
    assert answer["route"] == "derived" and answer["formula"] == "10 / 38 = 26.3%"


def test_a_rate_with_every_operand_blank_is_not_computed(config: Path) -> None:
    answer = ask_one(config, "同仁县2019年的公开率")
    assert answer["route"] == "derived" and answer["formula"] is None
    assert "无法计算" in answer["answer"] and "未填报" in answer["answer"]


def test_lawsuits_are_the_sum_of_both_kinds(config: Path) -> None:
    answer = ask_one(config, "海东市2019年行政诉讼总数")
    assert answer["route"] == "derived" and answer["formula"] == "54 + 22 = 76"


def test_a_sub_total_none_of_whose_rows_is_printed(config: Path) -> None:
    answer = ask_one(config, "How many requests did Tongren withhold in 2019?")
    assert answer["formula"] is None and len(answer["figures"]) == 8
    assert all(f["status"] == "blank" and f["value"] is None for f in answer["figures"])
    assert "prints none of the 8 cells" in answer["answer"]
