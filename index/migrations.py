"""Schema of the SQLite store, as numbered migrations recorded in the database,
so that a store written by an older version upgrades itself when opened."""
from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from . import lexical

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
def m003_locations(db: sqlite_utils.Database) -> None:
    """Where a cell or passage was printed: the page of a PDF (NULL for other formats) and,
    for a passage, the line of the stored text it starts on. Rows stored before stay NULL."""
    db["figures"].add_column("page", int)
    db["chunks"].add_column("page", int)
    db["chunks"].add_column("line", int)


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database has not seen; return their names."""
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with db.atomic():
            fn(db)
            db["_migrations"].insert({"name": name, "applied_at": _now()})
        applied.append(name)
    return applied


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")
