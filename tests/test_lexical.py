"""Lexical index over real report paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from conftest import heyang_chunks, tongren_chunks

from index import lexical


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = sqlite_utils.Database(tmp_path / "nianbao.db")
    lexical.ensure_schema(database)
    with database.conn:
        lexical.add_chunks(database, "tongren", tongren_chunks(), prefix="同仁县人民政府 2019")
        lexical.add_chunks(database, "heyang", heyang_chunks(), prefix="合阳县人民政府 2020")
    return database


def test_tokenize_normalises_and_drops_noise() -> None:
    tokens = lexical.tokenize("２０１９年，ＡＢＣ的办结率为97.5%！")
    assert "2019" in tokens
    assert "abc" in tokens
    assert "97.5" in tokens
    assert not {"的", "年", "，", "！", "%"} & set(tokens)


def test_tokenize_query_quotes_every_token() -> None:
    expr = lexical.tokenize_query('组长 "胡伟东"')
    assert expr == '"组长" OR "胡伟东"'
    assert lexical.tokenize_query("的 了 the ，。") == ""


def test_ensure_schema_is_idempotent(db: sqlite_utils.Database) -> None:
    lexical.ensure_schema(db)
    assert "chunk_fts" in db.table_names()


def test_leader_question_finds_tongren_paragraph_first(db: sqlite_utils.Database) -> None:
    hits = lexical.search(db, "政务公开领导小组组长")
    assert (hits[0].report_id, hits[0].chunk_index) == ("tongren", 0)
    assert "胡伟东" in tongren_chunks()[hits[0].chunk_index].text
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert hits[0].score > 0


def test_applications_question_finds_heyang(db: sqlite_utils.Database) -> None:
    hits = lexical.search(db, "合阳县收到多少依申请公开事项？")
    assert (hits[0].report_id, hits[0].chunk_index) == ("heyang", 1)


def test_filter_by_report_ids(db: sqlite_utils.Database) -> None:
    hits = lexical.search(db, "政务公开领导小组", report_ids=["heyang"])
    assert hits and {h.report_id for h in hits} == {"heyang"}
    assert hits[0].chunk_index == 3
    assert lexical.search(db, "政务公开", report_ids=[]) == []
    both = lexical.search(db, "政务公开", report_ids=["heyang", "tongren"], limit=50)
    assert {h.report_id for h in both} == {"heyang", "tongren"}


def test_limit(db: sqlite_utils.Database) -> None:
    assert len(lexical.search(db, "政务公开", limit=2)) == 2


def test_prefix_is_searchable(db: sqlite_utils.Database) -> None:
    # Only one tongren paragraph names 同仁县; the prefix puts it on all four.
    hits = lexical.search(db, "同仁县", limit=50)
    assert sorted(h.chunk_index for h in hits if h.report_id == "tongren") == [0, 1, 2, 3]
    assert all(h.report_id == "tongren" for h in hits[:4])


def test_delete_report(db: sqlite_utils.Database) -> None:
    with db.conn:
        lexical.delete_report(db, "tongren")
    assert lexical.search(db, "胡伟东") == []
    assert lexical.search(db, "依申请公开")[0].report_id == "heyang"


def test_add_does_not_commit(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    database = sqlite_utils.Database(path)
    lexical.ensure_schema(database)
    lexical.add_chunks(database, "tongren", tongren_chunks())
    database.conn.rollback()
    assert lexical.search(database, "胡伟东") == []


def test_empty_and_stopword_queries(db: sqlite_utils.Database) -> None:
    assert lexical.search(db, "") == []
    assert lexical.search(db, "   ") == []
    assert lexical.search(db, "的了和与及等是在") == []
    assert lexical.search(db, "what is the") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "OR",
        "政务 OR",
        "AND NOT",
        "*",
        "胡伟*",
        "NEAR(",
        "NEAR(胡伟东 组长, 2)",
        "tokens: 胡伟东",
        "report_id:tongren",
        "{tokens}: x",
        "^胡伟东",
        "-胡伟东 + (",
        '胡伟东" OR "x',
        "'; DROP TABLE chunk_fts; --",
    ],
)
def test_fts_syntax_in_queries_is_inert(db: sqlite_utils.Database, query: str) -> None:
    hits = lexical.search(db, query)
    assert isinstance(hits, list)
    assert "chunk_fts" in db.table_names()


def test_injected_quote_still_searches_the_words(db: sqlite_utils.Database) -> None:
    hits = lexical.search(db, '胡伟东" OR "x')
    assert hits and hits[0].report_id == "tongren"
