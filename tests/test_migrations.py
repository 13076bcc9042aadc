"""Migrations through sqlite-utils' `Migrations`, with the guarantees the store had: one write
transaction (BEGIN IMMEDIATE) for an upgrade, so a failure leaves the store as it was and a
second process waits and then finds nothing left to do; stores recorded by the earlier
runner (`_migrations`) are taken over without applying anything twice."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from index import migrations
from index.db import connect, write_transaction

LAST = "m018_own_labels"


def tables(db) -> set[str]:  # type: ignore[no-untyped-def]
    return set(db.table_names())


def test_a_store_recorded_by_the_earlier_runner_is_taken_over(tmp_path: Path) -> None:
    db = connect(tmp_path / "nianbao.db")
    assert migrations.migrate(db, stop_before=LAST)[-1] == "m017_report_order"
    with db.conn:  # the records as versions before sqlite-utils' Migrations kept them
        names = [m.name for m in migrations.MIGRATIONS.applied(db)]
        db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        db.conn.executemany("INSERT INTO _migrations VALUES (?, '2026-01-01T00:00:00+00:00')", [(n,) for n in names])
        db.execute("DROP TABLE _sqlite_migrations")
    assert migrations.pending(db) == [LAST]
    assert migrations.migrate(db) == [LAST]
    assert "_migrations" not in tables(db) and "feedback" in tables(db)
    assert [m.name for m in migrations.MIGRATIONS.applied(db)] == [*names, LAST]
    assert migrations.migrate(db) == [] and migrations.pending(db) == []


def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Migrations("nianbao")
    broken()(migrations.m001_initial)

    @broken()
    def m002_half_done(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("the machine stopped here")

    monkeypatch.setattr(migrations, "MIGRATIONS", broken)
    db = connect(tmp_path / "nianbao.db")
    with pytest.raises(RuntimeError):
        migrations.migrate(db)
    assert tables(db) == set()  # m001, its record and the half-made table: all rolled back
    assert not db.conn.in_transaction


def test_a_second_opener_waits_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    path = tmp_path / "nianbao.db"
    migrations.migrate(connect(path), stop_before=LAST)
    first, second = connect(path), connect(path)
    out: list[list[str]] = []
    with write_transaction(first):
        waiting = threading.Thread(target=lambda: out.append(migrations.migrate(second)))
        waiting.start()
        time.sleep(0.3)  # it has seen LAST pending and waits for the write lock (if not, it sees nothing pending)
        migrations.MIGRATIONS.apply(first)
    waiting.join()
    assert out == [[]]  # read again under the lock: not applied twice, no "database is locked"
    assert [m.name for m in migrations.MIGRATIONS.applied(second)][-1] == LAST


def test_an_upgraded_store_leaves_no_migration_in_its_wal(tmp_path: Path) -> None:
    """A migration is one large transaction: the store empties the WAL after it, so the next
    process that opens the store alone does not re-read it (and the file is kept short)."""
    from index.store import Store

    old = connect(tmp_path / "nianbao.db")
    migrations.migrate(old, stop_before=LAST)
    old.conn.close()
    store = Store(tmp_path, embedder="fake")
    assert migrations.pending(store.db.utils) == []
    assert (tmp_path / "nianbao.db-wal").stat().st_size == 0
    assert store.db.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 << 20
