"""Rank, trend and sums over many reports from SQL aggregates (bot/plan/many_sql.py) say what
the Python way says, over the corpus's real reports; an answer over many reports carries the
rows it shows and makes the whole table again on request; `failed_cells` follows the checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus

from bot.answer import Answer
from bot.plan import many_sql
from bot.router import Answerer
from bot.service import Service
from index import aggregates, migrations
from index.store import Store

QUESTIONS = [
    "哪个县收到的申请最多",
    "哪个县收到的申请最少",
    "各报告行政复议总数排名",
    "which counties had the most lawsuits?",
    "各地行政诉讼数量排名前三",
    "各地2019年收到的申请合计多少",
    "各地历年收到的申请数量变化",
    "各地历年行政诉讼数量变化",
    "各地2020年被复议数量合计",
    "which reports had the fewest applications?",
]


def _both(answerer: Answerer, question: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Answer, Answer]:
    """The answer the Python way, then by SQL aggregates (used from 0 reports on); blank cells'
    texts are not searched (the SQL way leaves that search to the Python way)."""
    monkeypatch.setattr("bot.plan.many.PROSE_REPORTS", 0)
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 10**9)
    python, _ = answerer.ask(question)
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)
    sql, _ = answerer.ask(question)
    return python, sql


@pytest.mark.parametrize("question", QUESTIONS)
def test_sql_aggregates_answer_as_the_python_way(
    ingested: IngestedCorpus, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    answerer = Answerer(ingested.store, use_vectors=False)
    python, sql = _both(answerer, question, monkeypatch)
    assert (sql.route, sql.answer, sql.formula, sql.warnings) == (
        python.route,
        python.answer,
        python.formula,
        python.warnings,
    )
    if sql.route != "trend":  # (a trend over the corpus's few reports lists each one: the Python way)
        assert sql.table_rows == len(python.table)  # the SQL way was taken: it carries the rows shown
    assert sql.figures == python.figures
    # The rows shown are the Python table's first rows (a trend over many issuers shows none).
    assert sql.table == python.table[: len(sql.table)]


def test_a_table_over_many_reports_carries_its_rows_shown_and_is_made_again(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.plan.many.TABLE_INLINE", 1)
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)
    with Service.open(data_dir=ingested.copy(tmp_path_factory, "table")) as service:
        answer = service.ask("各报告收到的申请数量排名前两名")
        assert answer.route == "rank" and len(answer.table) == 2
        assert answer.table_rows is not None and answer.table_rows > 2
        recorded = service.answer(answer.id or "")
        assert recorded is not None and recorded.table_query == {"question": answer.question, "context": None}
        every = service.table(recorded)
        assert len(every) == answer.table_rows
        assert every[:2] == answer.table
        assert len(json.dumps(recorded.to_json(), ensure_ascii=False)) < 16_384  # kilobytes, not the table


def test_failed_cells_follow_the_failed_checks(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory
) -> None:
    store = Store(ingested.copy(tmp_path_factory, "failed"), embedder="fake")

    def from_checks() -> set[tuple[str, str]]:
        return {(c["report_id"], m) for c in store.checks(None, failed_only=True) for m in c["metrics"]}

    def kept() -> set[tuple[str, str]]:
        return set(
            store.db.execute(
                "SELECT k.report_id, m.key FROM failed_cells f JOIN report_keys k ON k.key = f.report_key "
                "JOIN metric_keys m ON m.id = f.metric_id"
            ).fetchall()
        )

    before = from_checks()
    assert before and kept() == before
    failing = sorted({rid for rid, _ in before})[0]
    store.delete(failing)
    assert kept() == from_checks() and all(rid != failing for rid, _ in kept())


def test_a_store_of_an_older_version_gets_its_failed_cells(tmp_path: Path, ingested: IngestedCorpus) -> None:
    """m012 fills `failed_cells` from the checks already stored."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ingested.data_dir, data)
    store = Store(data, embedder="fake")
    with store.db.conn:
        store.db.execute("DROP TRIGGER failed_cells_insert")
        store.db.execute("DROP TRIGGER failed_cells_delete")
        store.db.execute("DROP TRIGGER failed_cells_report")
        store.db.execute("DROP TABLE failed_cells")
        table = migrations.MIGRATIONS.migrations_table
        store.db.execute(f"DELETE FROM [{table}] WHERE name = 'm012_failed_cells'")
        store.db.execute("PRAGMA user_version = 11")  # a store stamped before m012
    store.close()
    again = Store(data, embedder="fake")
    n = again.db.execute("SELECT count(*) FROM failed_cells").fetchone()[0]
    assert n == len({(c["report_id"], m) for c in again.checks(None, failed_only=True) for m in c["metrics"]})


def test_the_list_of_reports_over_many_is_its_first_rows_and_the_count(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """有哪些报告 with thousands on file: the first rows and the count, the whole list on request."""
    monkeypatch.setattr("bot.plan.catalogue.TABLE_INLINE", 2)
    with Service.open(data_dir=ingested.copy(tmp_path_factory, "catalogue")) as service:
        answer = service.ask("有哪些报告")
        assert len(answer.table) == 2 and answer.table_rows == len(ingested.store.reports())
        every = service.table(service.answer(answer.id or "") or answer)
        assert len(every) == answer.table_rows


@pytest.mark.parametrize(
    "question",
    [
        "有哪些报告",
        "2020年有哪些报告",
        "which reports do you have?",
        "2019年和2024年有哪些报告",
        "有哪些县的报告",  # a level: its issuers' reports, their bureaus' too
        "2019年有哪些县的报告",
        "有哪些市的报告",
        "有哪些部门的报告",
        "which county reports do you have?",
    ],
)
def test_what_is_on_file_is_counted_by_sqlite_as_listed_in_python(
    ingested: IngestedCorpus, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No place named (a level or none): SQLite counts and groups the reports, never a list of
    every report in the process; the same sentence and first rows as the whole list (full_table,
    `at_level` in Python) gives."""
    from bot.catalog import Catalog

    monkeypatch.setattr("bot.plan.catalogue.LISTED", 2)
    monkeypatch.setattr("bot.plan.catalogue.TABLE_INLINE", 3)
    catalog = Catalog()
    counted, _ = Answerer(ingested.store, use_vectors=False, catalog=catalog).ask(question)
    assert catalog._reports is None
    listed, _ = Answerer(ingested.store, use_vectors=False).ask(question, full_table=True)
    assert counted.answer == listed.answer and counted.table == listed.table[:3]
    assert counted.table_rows == (len(listed.table) if len(listed.table) > 3 else None)


def _tally_afresh(store: Store) -> set[tuple[int, int, str, int, int, float, int]]:
    """`metric_tally` computed from the cells themselves (its rows counting no cell left out)."""
    st, printed, failed = aggregates.tally_parts("c")
    rows = store.db.execute(
        f"SELECT c.metric_id, COALESCE(r.year, 0), {st} AS st, count(*), sum({printed}), "
        f"total(CASE WHEN {printed} THEN c.value END), sum({failed}) FROM figure_cells c "
        "JOIN report_keys k ON k.key = c.report_key JOIN reports r ON r.id = k.report_id GROUP BY 1, 2, 3"
    )
    out = {(m, y, s, n, np, round(t, 6), f) for m, y, s, n, np, t, f in rows}
    st, printed, failed = aggregates.group_parts("g")
    groups = aggregates.group_row("c.report_key", "SELECT id FROM sum_group_names")
    rows = store.db.execute(
        f"WITH g (group_id, report_key, value, status, failed) AS ({groups}) "
        f"SELECT -g.group_id, COALESCE(r.year, 0), {st} AS st, count(*), sum({printed}), "
        f"total(CASE WHEN {printed} THEN g.value END), sum({failed}) FROM g "
        "JOIN report_keys k ON k.key = g.report_key JOIN reports r ON r.id = k.report_id GROUP BY 1, 2, 3"
    )
    return out | {(m, y, s, n, np, round(t, 6), f) for m, y, s, n, np, t, f in rows}


def _tally_kept(store: Store) -> set[tuple[int, int, str, int, int, float, int]]:
    rows = store.db.execute("SELECT metric_id, year, status, n, np, total, failed FROM metric_tally WHERE n != 0")
    return {(m, y, s, n, np, round(t, 6), f) for m, y, s, n, np, t, f in rows}


def test_the_metric_tally_follows_the_cells(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`metric_tally` (m014) is what the cells say after ingest, a report deleted, a report's year
    changed, a failed check removed."""
    store = Store(ingested.copy(tmp_path_factory, "tally"), embedder="fake")
    assert _tally_kept(store) == _tally_afresh(store) and _tally_kept(store)
    lawsuits = aggregates.metric_ids(store.db, ["litigation_direct.total", "litigation_after_review.total"])
    assert lawsuits and store.sum_group(lawsuits) == store.sum_group(lawsuits) is not None  # (added once)
    assert _tally_kept(store) == _tally_afresh(store) and any(m < 0 for m, *_ in _tally_kept(store))
    failing = store.db.execute("SELECT report_id FROM checks WHERE ok = 0 ORDER BY report_id LIMIT 1").fetchone()[0]
    others = [r["id"] for r in store.reports() if r["id"] != failing]
    store.delete(others[0])
    assert _tally_kept(store) == _tally_afresh(store)
    with store.db.conn:
        store.db.execute("UPDATE reports SET year = year + 7 WHERE id = ?", [others[1]])
        store.db.execute("DELETE FROM checks WHERE report_id = ? AND ok = 0", [failing])
    assert _tally_kept(store) == _tally_afresh(store)


def test_a_store_of_an_older_version_gets_its_metric_tally(tmp_path: Path, ingested: IngestedCorpus) -> None:
    """m014 fills `metric_tally` from the cells already stored."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ingested.data_dir, data)
    store = Store(data, embedder="fake")
    with store.db.conn:
        triggers = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name GLOB '*_tally_*' OR name GLOB 'group_*')"
        )
        for (name,) in store.db.execute(triggers).fetchall():
            store.db.execute(f"DROP TRIGGER {name}")
        for table in ("metric_tally", "group_cells", "sum_groups", "sum_group_names"):
            store.db.execute(f"DROP TABLE {table}")
        store.db.execute(f"DELETE FROM [{migrations.MIGRATIONS.migrations_table}] WHERE name = 'm014_metric_tally'")
        store.db.execute("PRAGMA user_version = 12")  # a store stamped before m014
    store.close()
    again = Store(data, embedder="fake")
    assert _tally_kept(again) == _tally_afresh(again) and _tally_kept(again)


@pytest.mark.parametrize("question", [*QUESTIONS, "哪个市收到的申请最多", "哪个县2020年收到的申请最多"])
def test_tallies_answer_as_the_cells(ingested: IngestedCorpus, question: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts and sums from `metric_tally` (less the reports left out) say what the same read
    from the cells of the chosen reports says; trends too (taken the SQL way from 1 report)."""
    monkeypatch.setattr("bot.plan.many.PROSE_REPORTS", 0)
    monkeypatch.setattr(many_sql, "MANY_SQL_OVER", 0)
    monkeypatch.setattr(many_sql, "TOP", 1)
    answerer = Answerer(ingested.store, use_vectors=False)
    tallied, _ = answerer.ask(question)

    def scanned(db: Any, chosen: list[dict[str, Any]], every: list[dict[str, Any]]) -> aggregates.Choice:
        return aggregates.Choice(aggregates.choose(db, [r["report_key"] for r in chosen]), None, None)

    monkeypatch.setattr(aggregates, "choice", scanned)
    cells, _ = answerer.ask(question)
    assert tallied.to_json() == cells.to_json()
