"""Which issuers a question may name, looked up in the store, and a matcher over those alone.

Building an `IssuerMatcher` over every issuer on file took 0.76 s and 40 MB per process at
100,000 reports (18,336 issuers). The store keeps every name an issuer may be called by
(index/issuers.py); here a question's substrings — as written and in simplified characters,
with each character in turn blanked (a typing slip), the organs its short forms stand for, the
pinyin of its Latin words — are looked up in one indexed query, and a matcher is built over the
issuers found: the same matcher, the same answers, over a few dozen names instead of all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from index import issuers as stored
from index.store import Store
from ingest.traditional import to_simplified

from .departments import _stands_for
from .issuers import (
    IssuerMatch,
    IssuerMatcher,
    IssuerRecord,
    _english_vocabulary,
    _latin,
    division_pinyin,
    leading_name,
    sounds,
    under_it,
)

_SLIP_LONGEST = 12  # a name with a slip in it is looked up up to this length
_MAX_TOKENS = 4  # Latin words joined into one romanised name (Hai Dong, Xi An)
_MISSPELT_MIN = 5
# Every kind of key but the words of a name (人民, 政府), which name every government at once.
_NAMING = (
    stored.NAME,
    stored.REGION,
    stored.SHORT,
    stored.LOCAL,
    stored.ABOVE,
    stored.ORGAN,
    stored.SLIP,
    stored.PINYIN,
)


class StoredIssuers:
    """`IssuerMatcher.match` over the store's issuers, reading only those a question may name."""

    def __init__(
        self,
        store: Store,
        pinyin: Callable[[], list[tuple[str, str]]] | None = None,
        naming: Callable[[], frozenset[str] | None] | None = None,
    ) -> None:
        """`pinyin`: every stored (pinyin, issuer) key, as the catalog keeps them (else read when
        needed); `naming`: every stored naming key when the catalog keeps them (else None)."""
        self.store = store
        self._pinyin = pinyin or (lambda: stored.pinyin_keys(store.db))
        self._naming = naming or (lambda: None)

    def match(self, question: str) -> list[IssuerMatch]:
        """The issuers and places the question names, as `IssuerMatcher.match` over every issuer finds them."""
        text = unicodedata.normalize("NFKC", question)
        rows = self._candidates(text)
        if under_it(text):  # 淮安各区县: the places under a city its short name names (their keys name its full name)
            regions = sorted({r for _, r, _ in rows if r})
            rows += stored.candidates(self.store.db, regions, (stored.ABOVE,)) if regions else []
        found = _matcher(rows).match(question)
        if found:  # named as written: a misspelt romanisation is looked for only when nothing is
            return found
        misspelt = self._misspelt(text)
        return _matcher(rows + misspelt).match(question) if misspelt else found

    def matcher_for(self, question: str) -> IssuerMatcher:
        """A matcher over the issuers the question's words may name, and the places its Latin
        words may misspell."""
        text = unicodedata.normalize("NFKC", question)
        return _matcher(self._candidates(text) + self._misspelt(text))

    def _candidates(self, text: str) -> list[tuple[str, str, str | None]]:
        keys = question_keys(text)
        naming = self._naming()
        if naming is not None:
            # ~630 substrings a question, a few of them stored: the rest are dropped in C before
            # SQLite looks each up (1.3 ms of a figure answer's ~4.6 at 100,000 reports).
            keys = keys & naming
            if not keys:
                return []
        return stored.candidates(self.store.db, keys, _NAMING)

    def _misspelt(self, text: str) -> list[tuple[str, str, str | None]]:
        """The issuers whose pinyin is one or two slips from a Latin word of the question (Langgao)."""
        words = [w for w in _latin_words(text) if len(w) >= _MISSPELT_MIN and w not in _english_vocabulary()]
        if not words:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        pinyin = self._pinyin()
        by_length = _by_length(pinyin)
        near = set()
        for joined in words:
            slips = 1 if len(joined) <= 8 else 2
            # Every key within `slips` edits, compared in C (a loop here was 16 ms a word at
            # 100,000 reports); only keys whose length is within `slips` of the word's can be.
            for n in range(len(joined) - slips, len(joined) + slips + 1):
                keys, issuers = by_length.get(n, ((), ()))
                for _, _, i in process.extract(joined, keys, scorer=OSA.distance, score_cutoff=slips, limit=None):
                    near.add(issuers[i])
        if not near:
            return []
        rows = self.store.db.execute(
            "SELECT issuer, region, kind FROM issuers WHERE region IN (SELECT region FROM issuers "
            "WHERE issuer IN (SELECT value FROM json_each(?)))",
            [_json(sorted(near))],
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]


_Lengths = dict[int, tuple[list[str], list[str]]]
_last_lengths: tuple[list[tuple[str, str]], _Lengths] = ([], {})


def _by_length(pinyin: list[tuple[str, str]]) -> _Lengths:
    """length → (the keys of that length, their issuers), for the list the catalog keeps (until a
    report changes). Listing 18,000 keys again for each Latin word of a question, and comparing
    each, was 5 ms of an English ranking's 12 at 100,000 reports."""
    global _last_lengths
    kept = _last_lengths  # (one read: another thread may replace it meanwhile)
    if kept[0] is not pinyin:
        lengths: _Lengths = {}
        for key, issuer in pinyin:
            keys, issuers = lengths.setdefault(len(key), ([], []))
            keys.append(key)
            issuers.append(issuer)
        kept = (pinyin, lengths)
        _last_lengths = kept
    return kept[1]


def _matcher(rows: list[tuple[str, str, str | None]]) -> IssuerMatcher:
    """A matcher over these issuers (one built for the same issuers is used again)."""
    return _matcher_of(tuple(sorted(set(rows), key=lambda r: (r[0], r[1] or "", r[2] or ""))))


@lru_cache(maxsize=256)
def _matcher_of(rows: tuple[tuple[str, str, str | None], ...]) -> IssuerMatcher:
    # Building one is a third of finding who a question names (its name indexes); questions
    # about the same places find the same few issuers. Read-only once built, shared by threads.
    return IssuerMatcher(sorted({IssuerRecord(i, r, k) for i, r, k in rows}, key=lambda r: r.issuer))


def _json(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


@lru_cache(maxsize=1024)
def question_keys(text: str) -> frozenset[str]:
    """Every string of the question a stored key may be: its substrings (as written and in
    simplified characters), each with one character blanked, the full organ names its short
    forms stand for, the sounds of two characters it opens with as a place's name, and its Latin
    words' pinyin with the divisions they spell. Kept per text
    (a pure function of it: ~1 ms a question, the same questions asked again and again)."""
    keys: set[str] = set()
    for t in {text, to_simplified(text).text}:
        chinese = [stored.all_cjk(c) for c in t]
        for i in range(len(t)):
            keys.update(t[i:j] for j in range(i + 2, min(len(t), i + stored.MAX_KEY) + 1))
            run = 0  # the matcher looks for slips in runs of Chinese characters only
            while run < _SLIP_LONGEST and i + run < len(t) and chinese[i + run]:
                run += 1
            for n in range(3, run + 1):
                keys.update(stored.slips(t[i : i + n]))
    stands = _stands_for()
    keys |= {organ for k in list(keys) for organ in stands.get(k, ())}
    lead = leading_name(text)
    if lead is not None and lead[1] - lead[0] == 2:  # two characters: a sound-alike of a short name (何阳)
        keys |= sounds(text[lead[0] : lead[1]])
    romanised = set(_latin_words(text))
    if romanised:
        pinyin = division_pinyin()
        keys |= romanised | {name for r in romanised for name, _ in pinyin.get(r, ())}
    return frozenset(keys)


def _latin_words(text: str) -> Iterable[str]:
    """Runs of up to four Latin words joined (hai dong → haidong), lowercased without tone marks."""
    latin, _ = _latin(text)
    tokens = re.findall(r"[a-z]+", latin)
    for t in range(len(tokens)):
        for n in range(1, min(_MAX_TOKENS, len(tokens) - t) + 1):
            yield "".join(tokens[t : t + n])
