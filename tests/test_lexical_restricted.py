"""A search restricted to some reports names them inside the FTS5 query: the same hits as
filtering every corpus match afterwards, never another report's; and a store from before
the report token upgrades in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, IngestedCorpus

from index import lexical, migrations
from index.db import connect


def questions() -> list[str]:
    lines = (SHARED / "eval" / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()][:40]


def test_restricted_search_finds_what_filtering_after_the_match_found(
    ingested: IngestedCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ingested.store.db
    ids = [r["id"] for r in ingested.store.reports()]
    scopes = [[rid] for rid in ids] + [ids[:2], ids[3:7], ids]
    queries = questions() + ["政务公开", "依申请公开 办结"]
    inside = [lexical.search(db, q, 10, s) for q in queries for s in scopes]
    monkeypatch.setattr(lexical, "MAX_IN_MATCH", 0)  # the old way: filter the corpus-wide matches
    after = [lexical.search(db, q, 10, s) for q in queries for s in scopes]
    assert inside == after
    assert sum(map(len, inside)) > 100  # the comparison compared something


def test_restricted_search_never_returns_another_report(ingested: IngestedCorpus) -> None:
    db = ingested.store.db
    ids = [r["id"] for r in ingested.store.reports()]
    for scope in [[rid] for rid in ids] + [ids[1:3]]:
        hits = lexical.search(db, "政务公开 依申请公开 信息 工作", 50, scope)
        assert hits and {h.report_id for h in hits} <= set(scope)


def test_an_index_without_report_tokens_upgrades_and_ranks_as_before(ingested: IngestedCorpus, tmp_path: Path) -> None:
    old = connect(tmp_path / "nianbao.db")
    ingested.store.db.conn.backup(old.conn)
    # Back to the index as it was before m005: no rid column, its own copy of every row,
    # m005 and m008 not applied.
    rows = lexical.stored_rows(old)
    with old.conn:
        for name in (lexical.TABLE, lexical.ROWS, lexical.TOKENS):
            old.execute(f"DROP TABLE {name}")
        old.execute(f"DROP VIEW {lexical.SOURCE}")
        old.execute("CREATE VIRTUAL TABLE chunk_fts USING fts5(tokens, report_id UNINDEXED, chunk_index UNINDEXED)")
        old.conn.executemany("INSERT INTO chunk_fts VALUES (?, ?, ?)", [(t, rid, idx) for t, _, rid, idx in rows])
        old.execute(
            "DELETE FROM _sqlite_migrations WHERE name IN ('m005_lexical_report_token', 'm008_lexical_external_content')"
        )
    queries = questions()
    before = [
        old.execute(
            "SELECT report_id, chunk_index, -bm25(chunk_fts) FROM chunk_fts WHERE chunk_fts MATCH ? "
            "ORDER BY bm25(chunk_fts) LIMIT 5",
            [lexical.tokenize_query(q)],
        ).fetchall()
        for q in queries
        if lexical.tokenize_query(q)
    ]

    assert migrations.migrate(old) == ["m005_lexical_report_token", "m008_lexical_external_content"]
    assert lexical.has_rid_column(old)
    assert lexical.stored_rows(old) == rows
    after = [lexical.search(old, q, 5) for q in queries if lexical.tokenize_query(q)]
    # The one report token per row lengthens every row by one token, which BM25's length
    # normalisation sees: scores move by well under 1 %, the best hit stays the same, and
    # only near-ties further down may swap.
    assert [a[0][:2] for a in before] == [(h[0].report_id, h[0].chunk_index) for h in after]
    for old_hits, new_hits in zip(before, after):
        for (_, _, old_score), hit in zip(old_hits, new_hits):
            assert hit.score == pytest.approx(old_score, rel=0.01)
    rid = rows[0][2]
    assert {h.report_id for h in lexical.search(old, "政务公开", 20, [rid])} == {rid}
