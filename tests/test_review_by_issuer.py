"""A review of one issuer reads that issuer's reports, however many are stored (issue 21):
`nianbao check`, `nianbao diff`, `nianbao figures --issuer` and a review asked as a question
resolve the name in the store's issuers table and read the issuer's own rows; the list of every
report (~370 MB and ~1 s at 100,000 reports, kept in the process afterwards) is never built.

The store: the corpus's real reports, synthetic counties the division register has never
heard of (bench/synthetic.py: 样例N县人民政府, six years each, the real reports' cells), so a
name is found as a question spells it, by the register, or by the words of the stored names,
and tests/test_review.py's made-up 青禾县 2023 and 2024, whose carry-over disagrees.
Each result is compared with the same review computed over every report on file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus, run_cli, write_config
from test_review import ISSUER as QINGHE
from test_review import made_up

from bench.synthetic import add_synthetic
from bot.review import plan
from bot.review.gather import report_card
from bot.router import Answerer
from bot.service import Service
from index.store import Store

SYNTHETIC = 300  # 样例0县 … 样例49县, six years each (2019-2024)


@pytest.fixture(scope="module")
def config(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = ingested.copy(tmp_path_factory, "review-by-issuer")
    store = Store(data, embedder="fake")
    add_synthetic(store, SYNTHETIC)
    store.close()
    config = write_config(data.parent / "config.toml", data)
    folder = data.parent / "qinghe"
    folder.mkdir()
    (folder / "qinghe-2023.txt").write_text(made_up(2023), encoding="utf-8")
    (folder / "qinghe-2024.txt").write_text(made_up(2024, licensing=1300, section_six=False), encoding="utf-8")
    assert run_cli("ingest", folder, "--config", config, "--json").exit_code == 0
    return config


@pytest.fixture()
def service(config: Path) -> Any:
    with Service.open(config) as s:
        yield s


@pytest.fixture(scope="module")
def reference(config: Path) -> Any:
    """The store and every report's row: what the review read before (the reference here)."""
    with Service.open(config) as s:
        store = s._open_store()
        yield store, store.reports(lean=True)
        store.close()


def _never_read_every_report(service: Service) -> None:
    assert service._catalog is not None and service._catalog._reports is None


@pytest.mark.parametrize(
    "name, issuer",
    [
        ("合阳县人民政府", "合阳县人民政府"),  # the stored name
        ("合阳", "合阳县人民政府"),  # as a question says it
        ("Heyang", "合阳县人民政府"),
        ("样例12县", "样例12县人民政府"),  # outside the register, by its stored names
        ("样例49", "样例49县人民政府"),  # by the words of the one stored name containing it
    ],
)
def test_check_reads_only_the_named_issuers_reports(service: Service, reference: Any, name: str, issuer: str) -> None:
    year = 2020
    card = service.check(name, year)
    assert card["issuer"] == issuer and card["year"] == year
    _never_read_every_report(service)
    store, every = reference
    report = next(r for r in every if r["issuer"] == issuer and r["year"] == year)
    assert card == report_card(store, report, every).to_json()  # the same card as over every report


def test_a_card_sees_its_issuers_other_years(service: Service, reference: Any) -> None:
    """青禾县's made-up 2024 takes in 2 + 0 where its 2023 carried out 1 + 1 (tests/test_review.py):
    found over the issuer's own reports, as over every report."""
    store, every = reference
    for year in (2023, 2024):
        card = service.check("青禾县", year)
        assert card["counts"]["cross_year"] == 2
        report = next(r for r in every if r["issuer"] == QINGHE and r["year"] == year)
        assert card == report_card(store, report, every).to_json()
    _never_read_every_report(service)


def test_diff_reads_only_the_named_issuers_reports(service: Service, reference: Any) -> None:
    out = service.diff("样例12县", 2021, 2023)
    assert (out["issuer"], out["old"]["year"], out["new"]["year"]) == ("样例12县人民政府", 2021, 2023)
    _never_read_every_report(service)
    store, every = reference
    assert out == plan.diff_json(*plan.diff_of(store, every, "样例12县人民政府", 2021, 2023))


def test_figures_of_an_issuer_read_only_its_reports(service: Service) -> None:
    mine = service.figures(issuer="合阳", year=2020)
    assert mine and {(f["issuer"], f["year"]) for f in mine} == {("合阳县人民政府", 2020)}
    _never_read_every_report(service)
    received = next(f for f in mine if f["metric"] == "applications.received.total")
    assert received["value"] == 5  # as the 合阳 2020 report prints it
    every = service.figures(year=2020)  # a year alone: that year's reports, from every issuer
    assert [f for f in every if f["issuer"] == "合阳县人民政府"] == mine
    _never_read_every_report(service)


def test_an_ambiguous_name_says_which_issuers_it_may_be(service: Service) -> None:
    with pytest.raises(plan.ReviewError) as e:
        service.check("例4", 2020)  # in the names of 样例4县, 样例40县 … 样例49县 (样例4 is 样例4县's short name)
    named = str(e.value).split(": ", 1)[1].split("、")
    assert str(e.value).startswith("例4 may be any of: ")
    assert named == sorted(["样例4县人民政府"] + [f"样例4{d}县人民政府" for d in range(10)])
    assert service.figures(issuer="例4") == []  # no issuer is that name itself
    _never_read_every_report(service)


def test_a_name_or_year_not_on_file_is_said(service: Service, config: Path) -> None:
    with pytest.raises(plan.ReviewError, match="no report on file for 不存在县"):
        service.check("不存在县", 2024)
    with pytest.raises(plan.ReviewError) as e:
        service.diff("样例12县", 2019)
    assert "2018" in str(e.value) and "2019、2020、2021、2022、2023、2024" in str(e.value)
    _never_read_every_report(service)
    result = run_cli("check", "例4", "2020", "--config", config)
    assert result.exit_code == 1 and "例4 may be any of" in result.stderr


def test_a_review_question_reads_only_the_issuers_reports(reference: Any) -> None:
    store, _ = reference
    answerer = Answerer(store, use_vectors=False)
    whole = Answerer(store, use_vectors=False)
    whole.reports()  # a catalog holding every report answers from it: the reference
    for question, route in [
        ("样例12县2024年报有哪些问题", "check"),
        ("青禾县2024年报和2023年报相比有什么变化", "changes"),
    ]:
        answer, _ = answerer.ask(question)
        expected, _ = whole.ask(question)
        assert answer.route == route and answer.table
        assert (answer.answer, answer.table, answer.figures) == (expected.answer, expected.table, expected.figures)
    assert answerer.catalog._reports is None
