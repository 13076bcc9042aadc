"""Schema of the SQLite store, as numbered migrations recorded in the database,
so that a store written by an older version upgrades itself when opened."""
from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from . import lexical
from .db import write_transaction

MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]) -> Callable[[sqlite_utils.Database], None]:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db["reports"].create({
        "id": str, "source_file": str, "path": str, "content_hash": str, "encoding": str,
        "issuer": str, "issuer_how": str, "region": str, "region_how": str,
        "year": int, "year_how": str, "template": str, "template_how": str, "title": str,
        "text": str, "n_figures": int, "n_chunks": int, "warnings": str, "ingested_at": str,
    }, pk="id")
    db["reports"].create_index(["content_hash"])
    db["reports"].create_index(["path"])
    db["figures"].create({
        "report_id": str, "metric": str, "label": str, "cite": str, "value": float, "unit": str,
        "raw": str, "status": str, "note": str, "line": int,
    }, pk=("report_id", "metric"), foreign_keys=[("report_id", "reports", "id")])
    db["figures"].create_index(["metric"])
    db["checks"].create({
        "report_id": str, "name": str, "description": str, "ok": int, "left": float, "right": float,
        "metrics": str,
    }, pk=("report_id", "name"), foreign_keys=[("report_id", "reports", "id")])
    db["chunks"].create({
        "report_id": str, "chunk_index": int, "section": str, "subsection": str, "cite": str,
        "text": str, "start": int, "end": int,
    }, pk=("report_id", "chunk_index"), foreign_keys=[("report_id", "reports", "id")])
    lexical.ensure_schema(db)


@migration
def m002_service(db: sqlite_utils.Database) -> None:
    """What the answering service keeps: conversations, answer records, and a counter of report changes.

    `reports_version` goes up with every insert, update or delete of a report (triggers, so an
    ingest by any process or version counts): a long-running service compares it, not the
    whole report list, to know when its cached reports are stale.
    """
    db["answers"].create({
        "id": str, "channel": str, "user": str, "question": str, "route": str, "answer": str,
        "latency_ms": float, "asked_at": str, "verdict": str, "reason": str, "note": str, "feedback_at": str,
    }, pk="id")
    db["answers"].create_index(["asked_at"])
    db["conversations"].create({
        "channel": str, "user": str, "context": str, "answer_id": str, "updated_at": str,
    }, pk=("channel", "user"))
    db.execute("CREATE TABLE reports_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)")
    db.execute("INSERT INTO reports_version (id, n) VALUES (1, 0)")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(f"CREATE TRIGGER reports_version_{event.lower()} AFTER {event} ON reports "
                   "BEGIN UPDATE reports_version SET n = n + 1 WHERE id = 1; END")


@migration
def m003_locations(db: sqlite_utils.Database) -> None:
    """Where a cell or passage was printed: the page of a PDF (NULL for other formats) and,
    for a passage, the line of the stored text it starts on. Rows stored before stay NULL."""
    db["figures"].add_column("page", int)
    db["chunks"].add_column("page", int)
    db["chunks"].add_column("line", int)


@migration
def m004_vector_counts(db: sqlite_utils.Database) -> None:
    """How many vectors each report has in the vector index, and a journal of vector
    writes in flight, so that `repair` looks only at what changed instead of asking the
    vector index about every report. NULL n_vectors: not known yet (a store from before)."""
    db["reports"].add_column("n_vectors", int)
    db["vector_journal"].create({"report_id": str, "action": str, "at": str}, pk="report_id")
    db["reports"].create_index(["issuer", "year"], if_not_exists=True)
    db["reports"].create_index(["year"], if_not_exists=True)


@migration
def m005_lexical_report_token(db: sqlite_utils.Database) -> None:
    """Give every lexical index row its report's token (column ``rid``), so that a search
    within a few reports says so inside the FTS5 query instead of filtering every match
    in the corpus. FTS5 tables cannot gain a column: the index is rebuilt from its own
    stored tokens (no text is tokenised again) and takes the old one's place."""
    if lexical.has_rid_column(db):  # a store created since: m001 made the new schema
        return
    new = f"{lexical.TABLE}_m005"
    db.execute(f"DROP TABLE IF EXISTS {new}")
    db.execute(f"CREATE VIRTUAL TABLE {new} USING {lexical.SCHEMA}")
    cursor = db.execute(f"SELECT tokens, report_id, chunk_index FROM {lexical.TABLE} ORDER BY rowid")
    while batch := cursor.fetchmany(2000):
        db.conn.executemany(
            f"INSERT INTO {new}(tokens, rid, report_id, chunk_index) VALUES (?, ?, ?, ?)",
            [(tokens, lexical.rid_token(rid), rid, idx) for tokens, rid, idx in batch])
    db.execute(f"DROP TABLE {lexical.TABLE}")
    db.execute(f"ALTER TABLE {new} RENAME TO {lexical.TABLE}")


@migration
def m007_lexical_counts(db: sqlite_utils.Database) -> None:
    """Keep the lexical index's term counts (index/bm25.py), so that a search within a few
    reports does not make FTS5 count every query term across the whole corpus. Counted
    once here from the index's stored tokens (no text is tokenised again)."""
    from . import bm25

    bm25.rebuild(db, lexical.TABLE)


def pending(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations this database has not seen (without writing anything)."""
    done = {row["name"] for row in db["_migrations"].rows} if db["_migrations"].exists() else set()
    return [name for name, _ in MIGRATIONS if name not in done]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not seen; return their names.

    An up-to-date database is only read, so opening one never waits for another process's write.
    """
    if "_migrations" not in db.table_names():
        db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db["_migrations"].rows}
    if all(name in done for name, _ in MIGRATIONS):
        return []
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with write_transaction(db):
            # Another process may have applied it while this one waited for the write lock.
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
                continue
            fn(db)
            db["_migrations"].insert({"name": name, "applied_at": _now()})
        applied.append(name)
    return applied


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
