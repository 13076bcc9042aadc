"""Finding passages: the lexical index leads, the vector index helps, the question's intent
(bot.intents) sends the answer's section first.

Measured on the seed reports (bench/retrieval.py), BM25 over jieba tokens put the
right passage first far more often than the embedding, and both plain
reciprocal-rank fusion and min-max-scaled score fusion were worse than BM25 alone:
e5's cosines all sit within a few hundredths of each other, so rescaling them turns
noise into a full vote. The fused score is therefore BM25 scaled to the best hit plus
the raw cosine times a small weight: the vector reorders passages whose lexical
scores are within about a tenth of each other, and carries questions the lexical
index cannot read (English), but never overturns a clear lexical winner.

A descriptive question with an intent (存在哪些问题, 谁分管, 联系电话…) adds a bonus on
top: the passage in the intent's section, under its heading, in its part of section 五,
holding a sentence with its cue. Each passage carries its lead, the sentence that answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index import lexical
from index.lexical import question_tokens
from index.store import Store
from ingest.boilerplate import is_boilerplate
from ingest.model import Chunk
from ingest.traditional import to_simplified

from .intents import PARTS_SECTION, Intent, find_intent, section_number
from .leads import label_parts, lead, opens_list, sentences
from .lexicon import expand_query

VECTOR_WEIGHT = 2.0  # per unit of raw cosine: 0.05 of cosine is worth 0.1 of scaled BM25
CANDIDATES = 30
# An intent's bonuses, in units of scaled BM25 (the best lexical hit scores 1): together they
# outweigh a lexical lead, since a passage from the wrong section does not answer at all.
IN_SECTION = 0.6  # in the intent's section
UNDER_HEADING = 0.3  # under a sub-section heading with the intent's words
IN_PART = 0.6  # times the share of its text in the intent's part of section 五
PART_START = 0.5  # holds the start of that part (where the list of problems or measures begins)
HAS_CUE = 0.4  # times the weight of its strongest cue, over the intent's strongest
WHOLE_SECTION = 10  # within this many reports, every passage of the intent's section is a candidate

Key = tuple[str, int]


@dataclass(frozen=True)
class Passage:
    """A retrieved narrative chunk with its report and score."""

    report_id: str
    chunk: Chunk
    score: float
    lexical: float | None
    vector: float | None
    lead: str = ""  # the sentence that answers the question (never a heading alone)


def simplified(question: str) -> str:
    """A question in traditional characters in simplified ones, as the stored text is (開平 → 开平)."""
    return to_simplified(question).text


def retrieve(
    store: Store,
    question: str,
    report_ids: list[str] | None = None,
    limit: int = 5,
    use_vectors: bool = True,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> list[Passage]:
    """The best passages for a question, within the given reports; `exclude`: words (place names)
    that do not count when choosing a passage's lead."""
    if report_ids is not None and not report_ids:
        return []
    question = simplified(question)
    intent = find_intent(question)
    query = " ".join([expand_query(question), intent.search if intent else ""]).strip()
    lex, vec = _search(store, query, question, report_ids, use_vectors)
    fused = _fuse(lex, vec)
    chunks: dict[Key, Chunk] = {}
    parts: dict[Key, dict[str, str]] = {}
    if intent is not None:
        chunks, parts = _intent_bonus(store, intent, report_ids, lex, vec, fused)
    words = {w for w in question_tokens(query) if len(w) > 1} - set(exclude)
    out: list[Passage] = []
    ranked = sorted(fused, key=lambda k: -fused[k])
    # The passages likely shown, read at once (each report's text once for all of them).
    chunks |= store.chunks_at([k for k in ranked[: limit + 1] if k not in chunks])
    for key in ranked:
        if len(out) >= limit:
            break
        found = chunks.get(key) or store.chunk(*key)
        text = readable(found.text) if found is not None else ""
        if found is None or not text:
            continue  # a table or a title: nothing a reader can use as a passage
        shown = replace(found, text=text) if text != found.text else found
        said = lead(words, shown, intent, parts.get(key))
        if opens_list(said) and said == sentences(text)[-1]:
            said += _first_sentence(store, key, found)  # the list it announces starts in the next passage
        out.append(Passage(key[0], shown, round(fused[key], 4), lex.get(key), vec.get(key), said))
    return out


def _intent_bonus(
    store: Store,
    intent: Intent,
    report_ids: list[str] | None,
    lex: dict[Key, float],
    vec: dict[Key, float],
    fused: dict[Key, float],
) -> tuple[dict[Key, Chunk], dict[Key, dict[str, str]]]:
    """An intent's passages: its sections' chunks (for few reports) fused in, and each chunk's bonus added to
    `fused` (in place); the chunks read and their parts."""
    chunks: dict[Key, Chunk] = {}
    if report_ids is not None and len(report_ids) <= WHOLE_SECTION:
        chunks = _section_chunks(store, intent, report_ids)
        fused |= _fuse(lex, vec, [k for k in chunks if k not in fused])
    chunks |= store.chunks_at([k for k in fused if k not in chunks])
    parts, starts = _parts(store, intent, chunks)
    for key, chunk in chunks.items():
        fused[key] += _bonus(intent, chunk, parts.get(key), key in starts)
    return chunks, parts


def _first_sentence(store: Store, key: Key, chunk: Chunk) -> str:
    """The first sentence of the passage after this one, in the same section ("" if none)."""
    after = store.chunk(key[0], key[1] + 1)
    if after is None or after.section != chunk.section:
        return ""
    return next(iter(sentences(readable(after.text))), "")


def _search(
    store: Store, query: str, question: str, report_ids: list[str] | None, use_vectors: bool
) -> tuple[dict[Key, float], dict[Key, float]]:
    """Candidates of the lexical and the vector index, with their scores."""
    lex = {(h.report_id, h.chunk_index): h.score for h in lexical.search(store.db, query, CANDIDATES, report_ids)}
    vec: dict[Key, float] = {}
    if use_vectors:
        vec = {(h.report_id, h.chunk_index): h.score for h in store.vectors.search(question, CANDIDATES, report_ids)}
    return lex, vec


def _fuse(lex: dict[Key, float], vec: dict[Key, float], keys: list[Key] | None = None) -> dict[Key, float]:
    """BM25 scaled to the best hit plus the weighted cosine, for the candidates (or the keys given)."""
    lex_top = max(lex.values(), default=0.0)
    floor = min(vec.values(), default=0.0)  # a passage the vector search did not return scores as its worst
    wanted = keys if keys is not None else set(lex) | set(vec)
    return {k: (lex.get(k, 0.0) / lex_top if lex_top > 0 else 0.0) + VECTOR_WEIGHT * vec.get(k, floor) for k in wanted}


def _section_chunks(store: Store, intent: Intent, report_ids: list[str]) -> dict[Key, Chunk]:
    """Every passage of the intent's sections in these (few) reports: the answer is there even
    when the question shares no word with it."""
    return {
        (rid, c.index): c
        for rid in report_ids
        for c in store.chunks(rid)
        if section_number(c.section) in intent.sections
    }


def _parts(store: Store, intent: Intent, chunks: dict[Key, Chunk]) -> tuple[dict[Key, dict[str, str]], set[Key]]:
    """For an intent about a part of section 五: each candidate's sentences → their part, and the
    candidates where the intent's part starts."""
    if intent.part is None:
        return {}, set()
    parts: dict[Key, dict[str, str]] = {}
    starts: set[Key] = set()
    for rid in {k[0] for k, c in chunks.items() if section_number(c.section) == PARTS_SECTION}:
        five = [c for c in store.chunks(rid) if section_number(c.section) == PARTS_SECTION]
        labelled = label_parts(five)
        begun = False
        for c in five:
            parts[(rid, c.index)] = dict(labelled[c.index])
            # Where the part starts: its first sentence that says something (not `以下几方面：` alone).
            if not begun and any(p == intent.part and not opens_list(s) for s, p in labelled[c.index]):
                starts.add((rid, c.index))
                begun = True
    return parts, starts


def _bonus(intent: Intent, chunk: Chunk, parts: dict[str, str] | None, start: bool) -> float:
    """How much more a passage answers this intent than its words alone say."""
    bonus = IN_SECTION if section_number(chunk.section) in intent.sections else 0.0
    if chunk.subsection and any(h in chunk.subsection for h in intent.headings):
        bonus += UNDER_HEADING
    said = list(parts) if parts else sentences(chunk.text)
    if intent.part is not None and parts:
        mine = [s for s, p in parts.items() if p == intent.part]
        bonus += IN_PART * sum(map(len, mine)) / max(1, sum(map(len, said))) + (PART_START if start else 0.0)
        said = mine
    strongest = max(w for _, w in intent.cues)
    return bonus + HAS_CUE * max((intent.cue(s) for s in said), default=0.0) / strongest


# A line of table markup: tabs or pipes between cells, or nothing but numbers and separators.
_TABLE_LINE = re.compile(r"^[\s\d.,，。%|｜\t+\-—－/（）()]*$|\t|[|｜].*[|｜]")
_SENTENCE_END = re.compile(r"[。；;！？!?，,：:]")


def readable(text: str) -> str:
    """A chunk's text without table markup or page script (a store read before ingest.boilerplate);
    "" when nothing but a table or a title is left."""
    lines = [ln.strip() for ln in text.splitlines()]
    kept = [ln for ln in lines if ln and not _TABLE_LINE.search(ln) and not is_boilerplate(ln)]
    out = "\n".join(kept).strip()
    if len(out) < 40 and not _SENTENCE_END.search(out):
        return ""  # a title or heading on its own
    if re.fullmatch(r".{0,60}(?:年度报告|工作情况报告|工作报告)", out.replace("\n", "").replace(" ", "")):
        return ""
    return out
