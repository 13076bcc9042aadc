"""The compact store (migrations m006, m008 and m009, index/compact.py, index/lexical.py): a store
written by the schema before upgrades in place and reads exactly as it did; a store written
since reads the same as one migrated; cells that differ from the template in any way come
back as they were stored; a deleted report leaves the lexical index as if it had never been
there; and the figure queries stay index-backed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus

from index import lexical, migrations
from index.db import connect
from index.store import Store, _prefix, _report_row
from ingest.model import Check, Figure, Found, ParsedReport

BEFORE = "m006_compact_storage"


def _old_schema(path: Path) -> Any:
    """A database with every migration before m006, as a store written before it had: the
    lexical index keeping its own copy of every row."""
    db = connect(path)
    migrations.migrate(db, stop_before=BEFORE)
    with db.conn:  # m001 makes today's lexical index: back to the one m005 left
        for name in (lexical.TABLE, lexical.ROWS, lexical.TOKENS):
            db.execute(f"DROP TABLE {name}")
        db.execute(f"DROP VIEW {lexical.SOURCE}")
        db.execute(f"CREATE VIRTUAL TABLE {lexical.TABLE} USING {lexical.CONTENT_SCHEMA}")
    return db


def _write_old(db: Any, report: ParsedReport) -> None:
    """Store a report as the code before m006 did: every column of every cell, every check,
    every passage's text and cite."""
    rid = report.report_id
    row = {k: v for k, v in _report_row(report).items() if k not in ("code", "kind")}  # m010's columns
    row["n_vectors"] = 0
    with db.conn:
        db["reports"].insert(row)
        db["figures"].insert_all(
            [
                {
                    "report_id": rid,
                    "metric": f.metric,
                    "label": f.label,
                    "cite": f.cite,
                    "value": f.value,
                    "unit": f.unit,
                    "raw": f.raw,
                    "status": f.status,
                    "note": f.note,
                    "line": f.line,
                    "page": f.page,
                }
                for f in report.figures
            ]
        )
        db["checks"].insert_all(
            [
                {
                    "report_id": rid,
                    "name": c.name,
                    "description": c.description,
                    "ok": int(c.ok),
                    "left": c.left,
                    "right": c.right,
                    "metrics": json.dumps(list(c.metrics)),
                }
                for c in report.checks
            ]
        )
        db["chunks"].insert_all(
            [
                {
                    "report_id": rid,
                    "chunk_index": c.index,
                    "section": c.section,
                    "subsection": c.subsection,
                    "cite": c.cite,
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                    "line": c.line,
                    "page": c.page,
                }
                for c in report.chunks
            ]
        )
        db.conn.executemany(
            "INSERT INTO chunk_fts (tokens, rid, report_id, chunk_index) VALUES (?, ?, ?, ?)",
            lexical.rows(rid, report.chunks, prefix=_prefix(row)),
        )


def _odd(report: ParsedReport) -> ParsedReport:
    """The report with cells the template would not write: another label and cite, no unit,
    raw text that is not the value, a status that is not the usual one, a metric the
    template does not have."""
    figs = list(report.figures)
    figs[0] = dataclasses.replace(figs[0], label="别的标签", cite="别处 › 某格", unit=None, raw="增5", value=5.0)
    figs[1] = dataclasses.replace(figs[1], value=None, raw="", status="unreadable", note="看不清")
    figs[2] = dataclasses.replace(figs[2], value=2.5, raw="2.5", unit="万元")
    figs[3] = dataclasses.replace(figs[3], value=-0.0, raw="0")
    figs.append(Figure("made.up.metric", "自造指标", "某处 › 自造", 7.0, "个", "7", "reported", line=3))
    checks = [*report.checks, Check("made_up_check", "自造校验", False, 1.0, 2.0, ("made.up.metric",))]
    # Another year: the same issuer and year from a second file would be one report (m010).
    meta = dataclasses.replace(report.meta, year=Found(1999, "override"))
    return dataclasses.replace(
        report, report_id=report.report_id + "-odd", path=report.path + "-odd", figures=figs, checks=checks, meta=meta
    )


def _old_reads(db: Any, rid: str) -> dict[str, Any]:
    """What the code before m006 read back for one report."""
    figures = list(
        db.query(
            "SELECT r.source_file, r.issuer, r.region, r.year, f.* FROM figures f "
            "JOIN reports r ON r.id = f.report_id WHERE f.report_id = ? ORDER BY f.rowid",
            [rid],
        )
    )
    failed = list(db.query("SELECT * FROM checks WHERE report_id = ? AND ok = 0", [rid]))
    for c in failed:
        c["metrics"] = json.loads(c["metrics"])
    return {"figures": figures, "failed": failed}


@pytest.mark.slow
def test_an_old_store_upgrades_in_place_and_reads_as_before(ingested: IngestedCorpus, tmp_path: Path) -> None:
    reports = [o.report for o in ingested.outcomes.values() if o.report is not None]
    reports.append(_odd(reports[0]))
    db = _old_schema(tmp_path / "nianbao.db")
    for report in reports:
        _write_old(db, report)
    before = {r.report_id: _old_reads(db, r.report_id) for r in reports}
    queries = ["政务公开", "依申请公开 办结", "行政复议", "存在的主要问题"]
    hits = [lexical.search(db, q, 10) for q in queries]
    db.conn.close()

    store = Store(tmp_path, embedder="fake")  # opening upgrades it
    assert migrations.pending(store.db) == []
    for report in reports:
        rid = report.report_id
        assert store.figures([rid]) == before[rid]["figures"]
        assert store.checks([rid]) == before[rid]["failed"] == store.checks([rid], failed_only=True)
        assert store.chunks(rid) == report.chunks
        assert [store.chunk(rid, c.index) for c in report.chunks] == report.chunks
        assert store.report(rid)["text"] == report.text
    assert [lexical.search(store.db, q, 10) for q in queries] == hits
    odd = store.figures([reports[-1].report_id])
    assert {f["metric"]: (f["label"], f["unit"], f["raw"], f["status"]) for f in odd} == {
        f.metric: (f.label, f.unit, f.raw, f.status) for f in reports[-1].figures
    }
    # Only what the template cannot give back is stored; the text once, compressed.
    assert "text" not in store.db["reports"].columns_dict
    assert store.db.execute("SELECT count(*) FROM checks WHERE ok != 0").fetchone()[0] == 0
    stored_labels = store.db.execute("SELECT count(*) FROM figure_cells WHERE label IS NOT NULL").fetchone()[0]
    assert stored_labels == 2  # the odd report's changed label and its made-up metric's

    # A store written since reads the same.
    fresh = Store(tmp_path / "fresh", embedder="fake")
    for report in reports:
        fresh.save(report, embed=False)
    for report in reports:
        rid = report.report_id
        assert fresh.figures([rid]) == before[rid]["figures"]
        assert fresh.checks([rid]) == before[rid]["failed"]
        assert fresh.chunks(rid) == report.chunks
        assert fresh.report(rid)["text"] == report.text
    assert [lexical.search(fresh.db, q, 10) for q in queries] == hits

    # Deleting a report leaves nothing of it behind: the lexical index scores as one that never had it.
    rid = reports[-1].report_id
    for s in (store, fresh):
        s.delete(rid)
        assert s.figures([rid]) == [] and s.checks([rid]) == [] and s.chunks(rid) == []
        for table in ("report_keys", lexical.ROWS, lexical.TOKENS):
            assert s.db.execute(f"SELECT count(*) FROM {table} WHERE report_id = ?", [rid]).fetchone()[0] == 0
    never = Store(tmp_path / "never", embedder="fake")
    for report in reports[:-1]:
        never.save(report, embed=False)

    def scored(db: Any) -> list[list[tuple[str, int, float]]]:
        """Every hit's score, over every report and (scored from the kept term counts) within two."""
        scopes = [None, [r.report_id for r in reports[:2]]]
        return [
            sorted((h.report_id, h.chunk_index, round(h.score, 9)) for h in lexical.search(db, q, 200, scope))
            for q in queries
            for scope in scopes
        ]

    assert all(scored(never.db)) and scored(store.db) == scored(fresh.db) == scored(never.db)


def test_figure_queries_stay_index_backed(ingested: IngestedCorpus) -> None:
    db = ingested.store.db

    def plan(sql: str) -> str:
        return " | ".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + sql, ["x", "y"]).fetchall())

    # One metric across every report (rank, trend, compare): the metric index, no scan of the cells.
    across = plan(
        "SELECT r.source_file, f.* FROM figures f JOIN reports r ON r.id = f.report_id WHERE f.metric IN (?, ?)"
    )
    assert "figure_cells_metric" in across and "SCAN c" not in across, across
    # One report's cells (a figure question): the primary key.
    one = plan(
        "SELECT r.source_file, f.* FROM figures f JOIN reports r ON r.id = f.report_id "
        "WHERE f.report_id = ? AND f.metric LIKE ?"
    )
    assert "SCAN c" not in one and "SCAN" not in one.replace("SCAN CONSTANT", ""), one


def test_a_reports_cells_of_one_row_are_read_by_their_keys(
    ingested: IngestedCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A figure question's cells (one report, a metric or a row's metrics): each by the cells'
    primary key, not every cell of the report read and filtered; the same rows as the filter."""
    from index.db import Database

    store = ingested.store
    rid = store.reports()[0]["id"]
    every = store.figures([rid])
    plans: list[str] = []
    execute = Database.execute

    def explained(self: Database, sql: str, params: Any = ()) -> Any:
        if "ORDER BY r.issuer, r.year, c.report_key" in sql:
            plans.append(" | ".join(row[3] for row in execute(self, "EXPLAIN QUERY PLAN " + sql, params)))
        return execute(self, sql, params)

    monkeypatch.setattr(Database, "execute", explained)
    for prefix in ("applications.received", "applications.received.total", "review", "litigation_direct.total"):
        rows = store.figures([rid], prefix)
        assert rows == [f for f in every if f["metric"] == prefix or f["metric"].startswith(prefix + ".")]
        assert rows or prefix == "review"
        assert "PRIMARY KEY (report_key=? AND metric_id=?)" in plans[-1], plans[-1]
    assert store.figures([rid], "applications.rec") == []  # a prefix of a key's word is not its row


def test_an_old_store_holding_one_report_twice_keeps_it_once(ingested: IngestedCorpus, tmp_path: Path) -> None:
    # Before m010 the same issuer and year from two files were two reports: a second file of
    # 合阳 2020 whose first figure reads otherwise.
    first = ingested.outcomes["004_c70ef5546fcf38db.txt"].report
    figs = list(first.figures)
    figs[0] = dataclasses.replace(figs[0], value=99.0, raw="99")
    second = dataclasses.replace(
        first, report_id=first.report_id + "-b", path=first.path + "-b", source_file="heyang-copy.txt", figures=figs
    )
    db = _old_schema(tmp_path / "nianbao.db")
    for report in (first, second):
        _write_old(db, report)
    db.conn.close()

    store = Store(tmp_path, embedder="fake")
    done = store.repair()
    assert any("heyang-copy.txt" in note for note in done)
    [report] = store.reports()
    assert report["id"] == first.report_id
    assert store.sources()[first.report_id] == ["004_c70ef5546fcf38db.txt", "heyang-copy.txt"]
    [flag] = [c for c in store.checks([first.report_id]) if c["name"].startswith("sources disagree")]
    assert flag["metrics"] == [figs[0].metric] and flag["right"] == 99.0
    assert [h.report_id for h in lexical.search(store.db, "政务公开", 10)] == [first.report_id] * len(
        lexical.search(store.db, "政务公开", 10)
    )
    assert store.repair() == []  # nothing left to do


def test_a_store_stamped_up_to_date_has_every_migration_and_opens_without_sqlite_utils(tmp_path: Path) -> None:
    """Store.SCHEMA_VERSION is the number of the last migration: a store it stamps has them all, so
    opening one (every command, every question) skips the migrations and sqlite-utils; any other is
    checked. (The number, not the count: numbers are given out before the migrations are merged.)"""
    import sqlite3
    import subprocess
    import sys

    from index.store import SCHEMA_VERSION

    empty = connect(tmp_path / "empty.db")
    assert int(migrations.pending(empty.utils)[-1][1:4]) == SCHEMA_VERSION
    store = Store(tmp_path / "data", embedder="fake")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert migrations.pending(store.db.utils) == []
    store.close()
    opened = (
        "import sys; from index.store import Store; s = Store(sys.argv[1], embedder='fake'); s.reports(); "
        "print(sorted(m for m in sys.modules if m.startswith('sqlite_utils')))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", opened, str(tmp_path / "data")], capture_output=True, text=True, cwd=root
    )
    assert out.stdout.strip() == "[]", out.stderr
    # A store from before the stamp is checked, and stamped (the old stores' upgrades: the tests above).
    with sqlite3.connect(tmp_path / "data" / "nianbao.db") as conn:
        conn.execute("PRAGMA user_version = 0")
    store = Store(tmp_path / "data", embedder="fake")
    assert migrations.pending(store.db.utils) == []
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
