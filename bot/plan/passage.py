"""Descriptive questions: the passages that answer, and strings (phones, e-mails, people) taken from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from index.lexical import tokenize
from ingest.textmatch import cjk_count

from ..answer import Answer, passage_json
from ..intents import Intent, find_intent
from ..leads import sentences
from ..lexicon import expand_query
from ..question import Question
from ..retrieval import Passage, retrieve
from ..strings import find_string
from ..wording import no_passage, passages_text, report_name, string_stated
from .common import QUESTION_WORDS

if TYPE_CHECKING:
    from ..router import Answerer


def string_answer(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> Answer:
    """A phone number, an e-mail, an address or a person, taken from the passage that states it."""
    en = q.english
    passages = retrieve(
        answerer.store, q.search or q.text, answerer.ids(reports), limit=5, use_vectors=answerer.use_vectors
    )
    assert q.wants is not None
    for p in passages:
        hit = find_string(q.wants, p.chunk.text, q.text)
        if hit:
            report = answerer.by_id(p.report_id)
            who = report_name(report, en)
            text = string_stated(who, hit.value, hit.sentence, p.chunk.cite, en)
            return Answer(q.text, "passage", text, [], [passage_json(p, report)])
    return passage_answer(answerer, q, reports)


def passage_answer(answerer: Answerer, q: Question, reports: list[dict[str, Any]]) -> Answer:
    """The passages that answer a descriptive question, the first one's lead sentence quoted."""
    en = q.english
    asked = q.search or q.text
    intent = find_intent(asked)
    passages = _found(answerer, q, reports, asked, intent)
    if not passages:
        return Answer(q.text, "none", no_passage(en))
    items = [passage_json(p, answerer.by_id(p.report_id)) for p in passages]
    # No sentence says what was asked (who leads, a fee…): say so rather than quote the nearest as the answer.
    direct = intent is None or any(intent.cue(s) for p in passages for s in sentences(p.chunk.text))
    return Answer(q.text, "passage", passages_text(items, passages[0].lead, direct, en), [], items)


def _found(
    answerer: Answerer, q: Question, reports: list[dict[str, Any]], asked: str, intent: Intent | None
) -> list[Passage]:
    """The three passages to quote, or none when nothing but a place name or chance ties them to the question."""
    places = answerer.place_words(reports)
    passages = retrieve(
        answerer.store, asked, answerer.ids(reports), limit=8, use_vectors=answerer.use_vectors, exclude=places
    )
    words = {w for w in tokenize(expand_query(asked)) if len(w) > 1 and cjk_count(w)} - places
    if intent is None:
        # A passage under a heading that says what was asked goes first (an intent's
        # headings are already counted by retrieval, with its section and cue words).
        passages = sorted(passages, key=lambda p: -sum(1 for w in words if w in p.chunk.cite))
    passages = passages[:3]
    if passages and all(p.lexical is None for p in passages) and not (q.places or q.metric):
        return []  # nothing shares the question's words: do not offer passages picked by chance
    content = words - QUESTION_WORDS
    if passages and content and not any(w in p.chunk.text for p in passages for w in content):
        return []  # only the place name matched ("海东天气怎么样")
    return passages
