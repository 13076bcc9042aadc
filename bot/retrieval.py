"""Finding passages: the lexical index leads, the vector index helps.

Measured on the seed reports (bench/retrieval.py), BM25 over jieba tokens put the
right passage first far more often than the embedding, and both plain
reciprocal-rank fusion and min-max-scaled score fusion were worse than BM25 alone:
e5's cosines all sit within a few hundredths of each other, so rescaling them turns
noise into a full vote. The fused score is therefore BM25 scaled to the best hit plus
the raw cosine times a small weight: the vector reorders passages whose lexical
scores are within about a tenth of each other, and carries questions the lexical
index cannot read (English), but never overturns a clear lexical winner.
"""
from __future__ import annotations

from dataclasses import dataclass

from index import lexical
from index.store import Store
from ingest.model import Chunk

from .lexicon import expand_query

VECTOR_WEIGHT = 2.0  # per unit of raw cosine: 0.05 of cosine is worth 0.1 of scaled BM25
CANDIDATES = 30


@dataclass(frozen=True)
class Passage:
    report_id: str
    chunk: Chunk
    score: float
    lexical: float | None
    vector: float | None


def retrieve(store: Store, question: str, report_ids: list[str] | None = None, limit: int = 5,
             use_vectors: bool = True) -> list[Passage]:
    """The best passages for a question, within the given reports."""
    if report_ids is not None and not report_ids:
        return []
    query = expand_query(question)
    lex = {(h.report_id, h.chunk_index): h.score
           for h in lexical.search(store.db, query, CANDIDATES, report_ids)}
    vec: dict[tuple[str, int], float] = {}
    if use_vectors:
        vec = {(h.report_id, h.chunk_index): h.score
               for h in store.vectors.search(question, CANDIDATES, report_ids)}
    lex_top = max(lex.values(), default=0.0)
    lex_scaled = {k: v / lex_top for k, v in lex.items()} if lex_top > 0 else {}
    floor = min(vec.values(), default=0.0)  # a passage the vector search did not return scores as its worst
    fused = {k: lex_scaled.get(k, 0.0) + VECTOR_WEIGHT * vec.get(k, floor) for k in set(lex) | set(vec)}
    out = []
    for key in sorted(fused, key=lambda k: -fused[k])[:limit]:
        chunk = store.chunk(*key)
        if chunk is not None:
            out.append(Passage(key[0], chunk, round(fused[key], 4), lex.get(key), vec.get(key)))
    return out
