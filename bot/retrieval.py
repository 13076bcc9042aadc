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

import re
from dataclasses import dataclass, replace

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
    for key in sorted(fused, key=lambda k: -fused[k]):
        if len(out) >= limit:
            break
        chunk = store.chunk(*key)
        text = readable(chunk.text) if chunk is not None else ""
        if chunk is None or not text:
            continue  # a table or a title: nothing a reader can use as a passage
        out.append(Passage(key[0], replace(chunk, text=text) if text != chunk.text else chunk,
                           round(fused[key], 4), lex.get(key), vec.get(key)))
    return out


# A line of table markup: tabs or pipes between cells, or nothing but numbers and separators.
_TABLE_LINE = re.compile(r"^[\s\d.,，。%|｜\t+\-—－/（）()]*$|\t|[|｜].*[|｜]")
_SENTENCE_END = re.compile(r"[。；;！？!?，,：:]")


def readable(text: str) -> str:
    """A chunk's text without table markup; "" when nothing but a table or a title is left."""
    lines = [ln.strip() for ln in text.splitlines()]
    kept = [ln for ln in lines if ln and not _TABLE_LINE.search(ln)]
    out = "\n".join(kept).strip()
    if len(out) < 40 and not _SENTENCE_END.search(out):
        return ""  # a title or heading on its own
    if re.fullmatch(r".{0,60}(?:年度报告|工作情况报告|工作报告)", out.replace("\n", "").replace(" ", "")):
        return ""
    return out
