"""Synthetic reports for benchmarks at scale: copies of stored corpus reports under other
counties' names and other years, with their figures scaled, written straight into SQLite
(figures, checks, chunks and the lexical index; no vectors — bench with use_vectors off).

    from bench.synthetic import add_synthetic
    add_synthetic(store, 1000)

Cheap (a second or two for 1,000 reports) because nothing is parsed or tokenised again.
"""

from __future__ import annotations

import random
from typing import Any

from index import lexical
from index.lexical import rid_token
from index.store import Store


def _county_names(n: int) -> list[str]:
    from ingest.regions import divisions

    names = sorted(name for name, d in divisions().items() if d.level == "county" and len(name) >= 3)
    random.Random(7).shuffle(names)
    return names[:n]


def add_synthetic(store: Store, n: int, seed: int = 1) -> int:
    """Add n synthetic reports cloned from the reports already stored; returns how many were added."""
    rng = random.Random(seed)
    bases = [r for r in store.db.query("SELECT * FROM reports WHERE id NOT LIKE 'syn%'")]
    if not bases:
        raise ValueError("ingest some real reports first: synthetic ones are copies of them")
    have = store.db.execute("SELECT count(*) FROM reports WHERE id LIKE 'syn%'").fetchone()[0]
    names = _county_names(n + have)
    db = store.db
    with db.atomic():
        for i in range(have, n + have):
            base = bases[i % len(bases)]
            rid = f"syn{i:06d}"
            region = names[i % len(names)] if names else f"合成县{i}"
            issuer = f"{region}人民政府"
            year = 2019 + (i // max(1, len(names))) % 6 if names else 2019 + i % 6
            row: dict[str, Any] = dict(
                base,
                id=rid,
                issuer=issuer,
                region=region,
                year=year,
                source_file=f"synthetic_{i:06d}.txt",
                path="",
                content_hash=rid,
            )
            db["reports"].insert(row)
            key = db.execute("INSERT INTO report_keys (report_id) VALUES (?)", [rid]).lastrowid
            db.execute(
                "INSERT INTO report_texts SELECT ?, t.part, t.data FROM report_texts t "
                "JOIN report_keys k ON k.key = t.report_key WHERE k.report_id = ?",
                [key, base["id"]],
            )
            factor = rng.uniform(0.2, 3.0)
            cells = []  # the stored cells (index/compact.py), with the value scaled and its raw text with it
            for f in db.query(
                "SELECT c.* FROM figure_cells c JOIN report_keys k ON k.key = c.report_key WHERE k.report_id = ?",
                [base["id"]],
            ):
                value = f["value"]
                if value is not None and (f["status"] or "reported") == "reported":
                    value = round(value * factor) if float(value).is_integer() else round(value * factor, 2)
                    f = dict(f, raw=None if float(value).is_integer() else str(value))
                cells.append(dict(f, report_key=key, value=value))
            db["figure_cells"].insert_all(cells, batch_size=500)
            db["checks"].insert_all(
                [dict(c, report_id=rid) for c in db.query("SELECT * FROM checks WHERE report_id = ?", [base["id"]])]
            )
            db["chunks"].insert_all(
                [dict(c, report_id=rid) for c in db.query("SELECT * FROM chunks WHERE report_id = ?", [base["id"]])]
            )
            lexical.insert_rows(
                db,
                [
                    (f"{issuer} {region} {year} {tokens}", rid_token(rid), rid, idx)
                    for tokens, _, _, idx in lexical.stored_rows(db, base["id"])
                ],
            )
    return n
