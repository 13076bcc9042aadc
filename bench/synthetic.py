"""Synthetic reports for benchmarks at scale: copies of stored corpus reports under made-up
county names (样例K县, six years each: one report per issuer and year, however many are
added, and never a real county's name), with their figures scaled, written straight into SQLite
(figures, checks, chunks and the lexical index; no vectors — bench with use_vectors off).

    from bench.synthetic import add_synthetic
    add_synthetic(store, 1000)

Cheap (a second or two for 1,000 reports) because nothing is parsed or tokenised again.
"""

from __future__ import annotations

import random
from typing import Any

from index import issuers, lexical
from index.lexical import rid_token
from index.store import Store
from ingest.organs import kind_of


def _columns(db: Any, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()]


# A stored cell (index/compact.py) with its printed value scaled, and its raw text with it.
_SCALED = (
    "SELECT ?, metric_id, v, CASE WHEN scaled THEN (CASE WHEN v = CAST(v AS INTEGER) THEN NULL "
    "ELSE CAST(v AS TEXT) END) ELSE raw END, status, line, page, note, unit, label, cite FROM "
    "(SELECT *, (value IS NOT NULL AND COALESCE(status, 'reported') = 'reported') AS scaled, "
    "CASE WHEN value IS NOT NULL AND COALESCE(status, 'reported') = 'reported' THEN "
    "(CASE WHEN value = CAST(value AS INTEGER) THEN CAST(ROUND(value * ?) AS INTEGER) ELSE ROUND(value * ?, 2) END) "
    "ELSE value END AS v FROM figure_cells WHERE report_key = ?)"
)


def add_synthetic(store: Store, n: int, seed: int = 1) -> int:
    """Add n synthetic reports cloned from the reports already stored; returns how many were added.
    Rows are copied inside SQLite (INSERT … SELECT): about ten times faster than through Python dicts."""
    rng = random.Random(seed)
    db = store.db
    bases = [r[0] for r in db.execute("SELECT id FROM reports WHERE id NOT LIKE 'syn%' ORDER BY id")]
    if not bases:
        raise ValueError("ingest some real reports first: synthetic ones are copies of them")
    base_keys = dict(db.execute("SELECT report_id, key FROM report_keys WHERE report_id NOT LIKE 'syn%'").fetchall())
    have = db.execute("SELECT count(*) FROM reports WHERE id LIKE 'syn%'").fetchone()[0]
    # (its level made again by `key_pending` below: a copy's own is the base report's)
    replaced = {"id", "issuer", "region", "year", "source_file", "path", "content_hash", "code", "kind", "levelled"}
    report_cols = _columns(db, "reports")
    select_report = ", ".join("?" if c in replaced else c for c in report_cols)
    copy = {t: [c for c in _columns(db, t) if c != "report_id"] for t in ("checks", "chunks")}
    with db.atomic():
        for i in range(have, n + have):
            base = bases[i % len(bases)]
            rid = f"syn{i:06d}"
            region = f"样例{i // 6}县"
            issuer = f"{region}人民政府"
            year = 2019 + i % 6
            values = {
                "id": rid,
                "issuer": issuer,
                "region": region,
                "year": year,
                "source_file": f"synthetic_{i:06d}.txt",
                "path": "",
                "content_hash": rid,
                "code": None,  # not a division of the register
                "kind": kind_of(issuer),
                "levelled": 0,
            }
            db.execute(
                f"INSERT INTO reports ({', '.join(report_cols)}) SELECT {select_report} FROM reports WHERE id = ?",
                [values[c] for c in report_cols if c in replaced] + [base],
            )
            key = db.execute("INSERT INTO report_keys (report_id) VALUES (?)", [rid]).lastrowid
            db.execute(
                "INSERT INTO report_texts SELECT ?, part, data FROM report_texts WHERE report_key = ?",
                [key, base_keys[base]],
            )
            factor = rng.uniform(0.2, 3.0)
            db.execute(f"INSERT INTO figure_cells {_SCALED}", [key, factor, factor, base_keys[base]])
            for table, cols in copy.items():
                db.execute(
                    f"INSERT INTO {table} (report_id, {', '.join(cols)}) SELECT ?, {', '.join(cols)} "
                    f"FROM {table} WHERE report_id = ?",
                    [rid, base],
                )
            lexical.insert_rows(
                db,
                [
                    (f"{issuer} {region} {year} {tokens}", rid_token(rid), rid, idx)
                    for tokens, _, _, idx in lexical.stored_rows(db, base)
                ],
            )
        issuers.key_pending(db)  # the new issuers' names and levels, as the store's own writes give them
    return n
