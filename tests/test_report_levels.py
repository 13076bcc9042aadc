"""A ranking, trend or sum over a level of government (哪个县, 各县, which county) or over every
report chooses its reports in SQL (issue 21): the store keeps each report's `place_level` and
`department` as `at_level` decides them (migration m016), and the answer reads the rows it
shows, never a list of every county report or every report.

The store: the corpus's real reports and synthetic counties (bench/synthetic.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus

from bench.synthetic import add_synthetic
from bot.catalog import Catalog
from bot.plan import many_sql
from bot.plan.common import at_level
from bot.report_set import ReportSet
from bot.router import Answerer
from index import issuers, migrations
from index.store import Store

LEVELS = ["county", "city", "province", "township", "department"]


@pytest.fixture(scope="module")
def store(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(ingested.copy(tmp_path_factory, "levels"), embedder="fake")
    add_synthetic(s, 60)  # 样例0县 … 样例9县, six years each
    return s


def _as_at_level_chooses(store: Store, level: str) -> list[str]:
    """The ids a level's question chose before m016: its issuers' reports that `at_level` keeps."""
    if level == "department":
        names = [r[0] for r in store.db.execute("SELECT issuer FROM issuers WHERE kind IS NOT 'government'")]
    else:
        names = [i for i, _, _ in issuers.of_level(store.db, level)]
    return [r["id"] for r in store.reports_of(issuers=names) if at_level(r, level)]


@pytest.mark.parametrize("level", LEVELS)
def test_a_levels_reports_are_those_at_level_keeps(store: Store, level: str) -> None:
    chosen = Catalog().of_level(store, level)
    assert [r["id"] for r in chosen] == _as_at_level_chooses(store, level)


def test_the_counties_are_their_governments_and_general_offices(store: Store) -> None:
    counties = {r["issuer"] for r in Catalog().of_level(store, "county")}
    assert {"合阳县人民政府", "样例3县人民政府", "岚皋县人民政府办公室"} <= counties
    assert "海东市人民政府" not in counties
    assert {r["issuer"] for r in Catalog().of_level(store, "department")} == {"岚皋县人民政府办公室"}


def test_a_level_is_counted_without_reading_its_rows(store: Store) -> None:
    counties = Catalog().of_level(store, "county")
    of_2020 = counties.in_years([2020])
    assert len(counties) == len(_as_at_level_chooses(store, "county")) > 60
    assert of_2020.year_counts() == {2020: 11}  # 合阳县 and ten synthetic counties: 2020 reports
    assert of_2020[0]["issuer"] == "合阳县人民政府" and len(of_2020[:3]) == 3
    assert not counties.rows_read() and not of_2020.rows_read()
    assert [r["year"] for r in of_2020] == [2020] * 11 and of_2020.rows_read()


def test_a_levels_first_rows_are_read_once_until_a_report_changes(store: Store, tmp_path: Path) -> None:
    """A ranking over the counties reads their first row (its template names the cells) twice a
    question: SQLite lists every county issuer for it, so it is kept with the counts."""
    copy = tmp_path / "first"
    shutil.copytree(store.data_dir, copy)
    s = Store(copy, embedder="fake")
    catalog = Catalog()
    first = catalog.of_level(s, "county")[0]
    assert first["issuer"] == "刚察县人民政府"  # the first in order (by issuer)
    first["issuer"] = "changed by a planner"  # a copy: what is kept is not written through
    statements: list[str] = []
    s.db.conn.set_trace_callback(statements.append)
    assert catalog.of_level(s, "county")[0]["issuer"] == "刚察县人民政府"  # another question's set
    assert not [x for x in statements if "LIMIT 1" in x]  # kept, not read again
    s.rename_issuer("刚察县人民政府", "刚察县公安局")  # no longer a county's government
    catalog.refresh(s.reports_version())
    assert catalog.of_level(s, "county")[0]["issuer"] != "刚察县人民政府"


def test_each_issuers_latest_report_is_chosen_in_sql(store: Store) -> None:
    """各县收到的申请合计 (no year): each county's latest report, as going through the rows keeps it."""
    counties = Catalog().of_level(store, "county")
    latest = counties.latest()
    expected: dict[str, dict[str, Any]] = {}
    for r in list(counties):
        if r["issuer"] not in expected or (r["year"] or 0) > (expected[r["issuer"]]["year"] or 0):
            expected[r["issuer"]] = r
    assert [r["id"] for r in latest] == [r["id"] for r in expected.values()]
    assert len(latest) == len(expected)


@pytest.mark.parametrize(
    "question",
    [
        "哪个县2020年收到的申请最多",
        "哪个县收到的申请最少",
        "which county received the most applications in 2020?",
        "各县2021年行政诉讼数量排名",
        "各县收到的申请合计多少",
        "各地历年收到的申请数量变化",
        "各报告行政复议总数排名",
    ],
)
def test_a_ranking_over_a_level_reads_only_the_rows_it_shows(
    store: Store, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.plan.many.PROSE_REPORTS", 0)
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 10**9)
    python, _ = Answerer(store, use_vectors=False).ask(question)  # every row read, in Python
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)

    def no_rows(self: ReportSet) -> None:
        raise AssertionError("a ranking in SQL read every chosen report")

    monkeypatch.setattr(ReportSet, "fill", no_rows)
    catalog = Catalog()
    sql, _ = Answerer(store, use_vectors=False, catalog=catalog).ask(question)
    assert (sql.route, sql.answer, sql.warnings, sql.formula) == (
        python.route,
        python.answer,
        python.warnings,
        python.formula,
    )
    assert sql.table == python.table[: len(sql.table)]
    assert catalog._reports is None  # the list of every report was never built


def test_a_report_renamed_is_levelled_again(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "w"
    shutil.copytree(store.data_dir, copy)
    s = Store(copy, embedder="fake")
    s.rename_issuer("样例3县人民政府", "样例3县公安局")  # a county's bureau is not the county
    assert "样例3县公安局" not in {r["issuer"] for r in Catalog().of_level(s, "county")}
    assert len([r for r in Catalog().of_level(s, "department") if r["issuer"] == "样例3县公安局"]) == 6
    for level in LEVELS:
        assert [r["id"] for r in Catalog().of_level(s, level)] == _as_at_level_chooses(s, level)


def test_a_store_of_an_older_version_gets_its_levels(store: Store, tmp_path: Path) -> None:
    """m016 fills every report's level as the store's writes keep it."""
    copy = tmp_path / "old"
    shutil.copytree(store.data_dir, copy)
    old = Store(copy, embedder="fake")
    with old.db.conn:
        old.db.execute("DROP TRIGGER reports_relevel")
        for index in ("reports_unlevelled", "reports_level", "reports_department"):
            old.db.execute(f"DROP INDEX {index}")
        for column in ("place_level", "department", "levelled"):
            old.db.execute(f"ALTER TABLE reports DROP COLUMN {column}")
        old.db.execute(f"DELETE FROM [{migrations.MIGRATIONS.migrations_table}] WHERE name = 'm016_report_levels'")
        old.db.execute("PRAGMA user_version = 15")
    old.close()
    again = Store(copy, embedder="fake")
    levels = "SELECT id, place_level, department, levelled FROM reports ORDER BY id"
    assert again.db.execute(levels).fetchall() == store.db.execute(levels).fetchall()


def test_the_years_on_file_are_found_by_the_years_index(store: Store) -> None:
    """Each year the least above the last (a trend's years: DISTINCT read the whole index)."""
    every = sorted({r[0] for r in store.db.execute("SELECT year FROM reports") if r[0] is not None})
    assert issuers.all_years(store.db) == every and len(every) >= 6
