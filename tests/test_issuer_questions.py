"""Questions name issuers as a person means them, end to end through `nianbao ask - --json`.

A place (泗洪县, 泗洪, Sihong, 泗洪縣, a one-character slip) means its government; a
department only when named (泗洪县教育局, 泗洪教育局, 上海科委); a place with department
reports but no government report gets route "none" and the list of what is on file, never a
department's figure. The stores are made-up reports (tests/made_up_report.py) under the
issuers each test needs, plus the real 沭阳县发展和改革局 page for the failure first seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from answers_helpers import ask
from conftest import run_cli, write_config
from made_up_report import ISSUER, TITLE, YEAR, article_html


def report_page(issuer: str, year: int) -> str:
    """The made-up report as its issuer's web page, for the year given."""
    title = TITLE.replace(ISSUER, issuer).replace(str(YEAR), str(year))
    article = article_html().replace(ISSUER, issuer).replace(f"{YEAR}年", f"{year}年")
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><div class="article"><h1>{title}</h1>{article}</div></body></html>'
    )


def store_of(folder: Path, *reports: tuple[str, int]) -> Path:
    """A store of made-up reports for these (issuer, year); its config."""
    pages = folder / "pages"
    pages.mkdir(parents=True)
    for n, (issuer, year) in enumerate(reports):
        (pages / f"{n}.html").write_text(report_page(issuer, year), encoding="utf-8")
    config = write_config(folder / "c.toml", folder / "d")
    result = run_cli("ingest", pages, "--workers", "1", "--json", "--config", config)
    assert result.exit_code == 0, result.stderr
    assert sorted((r["issuer"], r["year"]) for r in result.json) == sorted(reports)
    return config


@pytest.fixture(scope="module")
def county_and_department(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """泗洪县: its government's report and its education bureau's; 沭阳县's education bureau; all 2022."""
    return store_of(
        tmp_path_factory.mktemp("both"), ("泗洪县人民政府", 2022), ("泗洪县教育局", 2022), ("沭阳县教育局", 2022)
    )


@pytest.fixture(scope="module")
def department_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """睢宁县's development and reform bureau (2023) and Shanghai's science commission (2023);
    no government report of either place."""
    return store_of(tmp_path_factory.mktemp("dept"), ("睢宁县发展和改革局", 2023), ("上海市科学技术委员会", 2023))


def issuers_used(answer: dict[str, Any]) -> set[str]:
    return {f["issuer"] for f in answer["figures"]} | {p["issuer"] for p in answer["passages"]}


@pytest.mark.parametrize(
    "question",
    [
        "泗洪县2022年收到多少政府信息公开申请",
        "泗洪2022年收到多少申请",
        "泗洪縣2022年收到多少申请",  # traditional characters
        "How many applications did Sihong receive in 2022?",
    ],
)
def test_a_place_means_its_government_not_its_department(county_and_department, question):
    (answer,) = ask(county_and_department, question)
    assert answer["route"] == "figure"
    assert issuers_used(answer) == {"泗洪县人民政府"}
    assert answer["figures"][0]["value"] == 15


@pytest.mark.parametrize(
    "question",
    [
        "泗洪县教育局2022年收到多少申请",
        "泗洪教育局2022年收到多少申请",
        "泗洪县的教育局2022年收到多少申请",
    ],
)
def test_a_department_is_answered_when_named(county_and_department, question):
    (answer,) = ask(county_and_department, question)
    assert answer["route"] == "figure"
    assert issuers_used(answer) == {"泗洪县教育局"}


def test_a_department_not_on_file_is_not_answered_by_the_government(county_and_department):
    (answer,) = ask(county_and_department, "泗洪县财政局2022年收到多少申请")
    assert answer["route"] == "none"
    assert answer["figures"] == []
    assert "没有泗洪县财政局的报告" in answer["answer"]
    assert "泗洪县人民政府 2022" in answer["answer"] and "泗洪县教育局 2022" in answer["answer"]


def test_an_organ_that_fits_two_departments_is_asked_about_not_guessed(county_and_department):
    (answer,) = ask(county_and_department, "教育局2022年收到多少申请")
    assert answer["route"] == "none" and answer["figures"] == []
    assert answer["answer"] == "“教育局”可指多个单位：沭阳县教育局 2022年报、泗洪县教育局 2022年报。请说明是哪一个。"


@pytest.mark.parametrize(
    "question",
    [
        "睢宁县2023年收到多少申请",
        "睢宁2023年收到多少申请",
        "睢寧縣收到多少申请",
        "濉宁县2023年收到多少申请",  # same sound
    ],
)
def test_a_place_with_only_department_reports_says_so_and_lists_them(department_only, question):
    (answer,) = ask(department_only, question)
    assert answer["route"] == "none"
    assert answer["figures"] == [] and answer["passages"] == []
    assert answer["answer"].startswith("没有睢宁县人民政府的报告；睢宁县有这些部门的报告：睢宁县发展和改革局 2023")


def test_the_same_in_english(department_only):
    (answer,) = ask(department_only, "How many applications did Suining County receive in 2023?")
    assert answer["route"] == "none"
    assert answer["answer"].startswith(
        "There is no report on file for 睢宁县人民政府 (the county government). "
        "On file for 睢宁县: 睢宁县发展和改革局 2023"
    )


@pytest.mark.parametrize(
    "question",
    [
        "睢宁发改局2023年收到多少申请",
        "睢宁县发改局2023年收到多少申请",
        "睢宁县发展和改革局2023年收到多少申请",
        "睢寧縣發改局2023年收到多少申请",
        "睢宁发改2023年收到多少申请",  # the bare stem, as people type it
    ],
)
def test_the_department_named_by_a_short_form(department_only, question):
    (answer,) = ask(department_only, question)
    assert answer["route"] == "figure"
    assert issuers_used(answer) == {"睢宁县发展和改革局"}


@pytest.mark.parametrize("question", ["上海科委2023年收到多少申请", "上海市科学技术委员会2023年收到多少申请"])
def test_shanghai_science_commission(department_only, question):
    (answer,) = ask(department_only, question)
    assert answer["route"] == "figure"
    assert issuers_used(answer) == {"上海市科学技术委员会"}


def test_shanghai_alone_is_its_government_which_is_not_on_file(department_only):
    (answer,) = ask(department_only, "上海市2023年收到多少申请")
    assert answer["route"] == "none"
    assert "没有上海市人民政府的报告；上海市有这些部门的报告：上海市科学技术委员会 2023" in answer["answer"]


def test_a_province_with_reports_under_it_is_its_government_too(tmp_path, ingested):
    """青海省 (同仁, 海东, 刚察 on file under it), 陕西省人民政府 (合阳, 岚皋): as 上海市 with nothing
    under it, the province's government, which has no report; never a county's "no report of
    2019" with a passage of another, nor 合阳's 0 given as a comparison."""
    config = write_config(tmp_path / "c.toml", ingested.data_dir)
    qinghai, shaanxi, counties = ask(
        config, "青海省2019年政府信息公开年报", "陕西省人民政府2020年行政复议", "青海省哪个县的申请最多"
    )
    for answer in (qinghai, shaanxi):
        assert answer["route"] == "none" and answer["figures"] == [] and answer["passages"] == []
    assert qinghai["answer"].startswith("没有青海省人民政府的报告；青海省有：")
    assert "同仁县人民政府 2019年报" in qinghai["answer"] and "海东市人民政府 2019年报" in qinghai["answer"]
    assert shaanxi["answer"].startswith("没有陕西省人民政府的报告；陕西省有：合阳县人民政府 2020年报")
    assert counties["route"] == "rank"  # the counties under it, asked for: theirs


def test_the_failure_first_seen_shuyang(tmp_path, corpus):
    """沭阳县发展和改革局 2023 on file, no 沭阳县人民政府: 沭阳县 is not answered with the bureau."""
    config = write_config(tmp_path / "c.toml", tmp_path / "d")
    assert run_cli("ingest", corpus / "html" / "shuyang-fgj-2023.html", "--config", config).exit_code == 0
    county, misspelt, bureau = ask(
        config, "沭阳县2025年收到多少申请", "沐阳县2023年收到多少申请", "沭阳发改局2023年收到多少申请"
    )
    for answer in (county, misspelt):
        assert answer["route"] == "none" and answer["figures"] == []
        assert answer["answer"].startswith("没有沭阳县人民政府的报告；沭阳县有这些部门的报告：沭阳县发展和改革局 2023")
    assert bureau["route"] != "none"
    assert issuers_used(bureau) == {"沭阳县发展和改革局"}


def test_a_slipped_short_name_before_an_organ_word_is_that_department(tmp_path, corpus):
    """术阳发改局 (术 sounds like 沭), 沐阳发改局 (looks like it): 沭阳县发展和改革局, as 沭阳发改局 and
    术阳县发改局 are; never every report of 2023 compared (洪泽区's 21 beside 沭阳's 26)."""
    config = write_config(tmp_path / "c.toml", tmp_path / "d")
    pages = (corpus / "html" / "shuyang-fgj-2023.html", corpus / "pdf" / "hongze-2023.pdf")
    assert run_cli("ingest", *pages, "--config", config).exit_code == 0
    questions = (
        "术阳发改局2023年申请数量",
        "沐阳发改局2023年收到多少申请",
        "2023年术阳发改局申请数量",
        "术阳县发改局2023年申请数量",
    )
    for answer in ask(config, *questions):
        assert answer["route"] == "figure", answer["answer"]
        assert issuers_used(answer) == {"沭阳县发展和改革局"}
        assert [f["value"] for f in answer["figures"]][:1] == [26]
    (real_place,) = ask(config, "合阳发改局2023年申请数量")  # 合阳 is a county of its own: no slip of 沭阳
    assert real_place["route"] == "none" and real_place["figures"] == []


def test_a_department_named_in_english(department_only):
    county, bureau = ask(
        department_only,
        "How many applications did Suining receive in 2023?",
        "How many applications did the Suining Development and Reform Bureau receive in 2023?",
    )
    assert county["route"] == "none" and county["figures"] == []
    assert bureau["route"] == "figure" and issuers_used(bureau) == {"睢宁县发展和改革局"}
    (initials,) = ask(department_only, "How many applications did the Suining DRC receive in 2023?")
    assert issuers_used(initials) == {"睢宁县发展和改革局"}  # (before: no report of 睢宁县人民政府)


def test_which_county_ranks_governments_not_bureaus(county_and_department):
    (answer,) = ask(county_and_department, "2022年哪个县收到的申请最多")
    assert answer["route"] == "rank"
    assert {row["issuer"] for row in answer["table"]} == {"泗洪县人民政府"}


@pytest.mark.parametrize(
    "question", ["2022年哪个部门收到的申请最多", "which department received the most applications in 2022"]
)
def test_which_department_ranks_departments_not_governments(county_and_department, question):
    (answer,) = ask(county_and_department, question)
    assert answer["route"] == "rank"
    assert "泗洪县人民政府" not in {row["issuer"] for row in answer["table"]}
    assert answer["table"] and all("局" in row["issuer"] or "委" in row["issuer"] for row in answer["table"])


@pytest.fixture(scope="module")
def city_and_districts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """淮安市 and two of its districts; 泗洪县 (宿迁市, not 淮安); 海东市 with none of its counties: all 2022."""
    return store_of(
        tmp_path_factory.mktemp("city"),
        ("淮安市人民政府", 2022),
        ("海东市人民政府", 2022),
        ("淮安市洪泽区人民政府", 2022),
        ("淮安市淮阴区人民政府", 2022),
        ("泗洪县人民政府", 2022),
    )


@pytest.mark.parametrize(
    "question",
    [
        "淮安市各县区2022年收到多少申请",
        "淮安哪个区收到的申请最多",
        "淮安市下辖各区县收到申请排名",
        "Which district of Huai'an received the most applications?",
    ],
)
def test_a_city_with_the_places_under_it_asked_means_its_districts(city_and_districts, question):
    (answer,) = ask(city_and_districts, question)
    assert issuers_used(answer) == {"淮安市洪泽区人民政府", "淮安市淮阴区人民政府"}
    assert answer["frame"]["scope"]["kind"] == "within" and answer["frame"]["scope"]["division"] == "淮安市"


def test_a_city_named_alone_is_its_government(city_and_districts):
    (answer,) = ask(city_and_districts, "淮安2022年收到多少申请")
    assert issuers_used(answer) == {"淮安市人民政府"}


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("海东市各县收到的申请最多", "没有海东市下辖县（市、区）的报告。"),
        (
            "Which county of Haidong received the most applications?",
            "No report on file is from a county or district of 海东市.",
        ),
    ],
)
def test_the_places_under_a_city_with_none_on_file_are_said_to_be_none(city_and_districts, question, said):
    """Never the city's own report for its counties'."""
    (answer,) = ask(city_and_districts, question)
    assert answer["route"] == "none" and answer["figures"] == [] and answer["answer"].startswith(said)
