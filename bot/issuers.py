"""Which issuer (or place) a question is about, against the issuers on file.

A question may name an issuer (合阳县人民政府), its region (合阳县), the region's short
name (合阳), a misspelling (合阳线, 海东巿), its pinyin (Heyang, "Hai Dong"), a city or
province above it (渭南市), or a real place that has no report on file (西安市).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ingest.regions import (
    DIVISION_SUFFIX_CHARS,
    GENERIC,
    LEVEL_RANK,
    NameIndex,
    all_divisions,
    divisions,
    divisions_by_name,
    is_within,
    name_index,
    plausible,
    region_prefix,
    short_name,
)

EXACT = "exact"
ABBREVIATION = "abbreviation"
FUZZY = "fuzzy"
PINYIN = "pinyin"
PARENT = "parent"
NOT_ON_FILE = "not_on_file"

# Characters that OCR or handwriting swap for a suffix (巿 fú for 市); homophones are found by pinyin.
_LOOKALIKE = {"巿": "市", "具": "县", "縣": "县", "區": "区", "県": "县"}
# English words that may follow a romanised place name and belong to the mention.
_EN_SUFFIX = re.compile(r"[\s-]*(county|city|district|province|prefecture|municipality|region)\b")
# What may separate the syllables of one romanised name: Hai Dong, Xi'an, He-yang.
_SYLLABLE_GAP = re.compile(r"[\s'’‘ʼ`-]*")
_MAX_TOKENS = 4
# Words of English questions that spell a place's pinyin as one word (贵德 guide, 裕安 yuan);
# written apart (Gui De, Yu'an) they still name the place.
_ENGLISH_WORDS = frozenset({"guide", "lean", "dean", "yuan", "guan"})

_SCORES = {EXACT: 1.0, ABBREVIATION: 0.9, PINYIN: 0.85}
_PARENT_FACTOR = 0.9  # a city named for the county under it is a weaker match than the county
_SHORT_WITH_SUFFIX = 0.85  # 海北州
_SHORT_STANDALONE = 0.8  # "西安" on its own


@dataclass(frozen=True)
class IssuerRecord:
    """An issuer on file and the division it governs (None when unknown)."""

    issuer: str
    region: str | None = None


@dataclass(frozen=True)
class IssuerMatch:
    """One place a question names, resolved against the issuers on file.

    `region` is the issuer's region, or for "not_on_file" the division named; `division`
    is the division the mention names (for "parent", the city or province above `region`).
    """

    issuer: str | None
    region: str | None
    how: str  # exact | abbreviation | fuzzy | pinyin | parent | not_on_file
    score: float
    mention: str
    division: str | None = None


@dataclass(frozen=True)
class _Hit:
    """A span of the question and what it may name, before overlaps are settled."""

    start: int
    end: int
    rank: int  # on the same span, the lower rank wins
    how: str
    score: float
    issuer: str | None = None  # set when the span is an issuer's own name
    places: tuple[str, ...] = ()  # the division names it may mean (an issuer's: its region)


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


@lru_cache(maxsize=None)
def _toneless(syllable: str) -> str:
    """nǚ → nv, as pypinyin's Style.NORMAL spells it."""
    s = unicodedata.normalize("NFKD", syllable).replace("u\u0308", "v")
    return "".join(c for c in s if not unicodedata.combining(c))


def _key(syllables: Sequence[str]) -> tuple[str, frozenset[int]]:
    """Joined pinyin and the offsets where syllables meet (so 'xi an' matches but 'x ian' does not)."""
    cuts, pos = set(), 0
    for s in syllables:
        pos += len(s)
        cuts.add(pos)
    return "".join(syllables), frozenset(cuts)


def _pinyin_keys(name: str, syllables: Sequence[str]) -> Iterable[tuple[str, frozenset[int]]]:
    """Keys for the full and the short name, with ü spelt both v (pypinyin) and u (as typed)."""
    variants = [syllables]
    short = short_name(name)
    if short != name and len(syllables) == len(name):
        variants.append(syllables[: len(short)])
    for v in variants:
        yield _key(v)
        if any("v" in s for s in v):
            yield _key([s.replace("v", "u") for s in v])


@lru_cache(maxsize=1)
def division_pinyin() -> dict[str, tuple[tuple[str, frozenset[int]], ...]]:
    """Romanised key → (division name, syllable cuts) for every division, built once."""
    from pypinyin import Style, lazy_pinyin  # imported when an English question first needs it

    names = [n for n in divisions_by_name() if n not in GENERIC]
    # One pypinyin call over all names joined by "|" is several times faster than one per name,
    # and its phrase segmentation still reads 重庆 as chong-qing; tone marks are dropped here
    # because pypinyin's own NORMAL style costs as much again.
    flat = lazy_pinyin("|".join(names), style=Style.TONE)
    per_name: list[list[str]] = [[]]
    for s in flat:
        if s == "|":
            per_name.append([])
        else:
            per_name[-1].append(_toneless(s))
    out: dict[str, list[tuple[str, frozenset[int]]]] = {}
    for name, syllables in zip(names, per_name):
        for key, cuts in _pinyin_keys(name, syllables):
            if (name, cuts) not in out.setdefault(key, []):
                out[key].append((name, cuts))
    # 陕西 and 山西 are both shanxi in pinyin; 陕西 is spelt Shaanxi by convention.
    out["shanxi"] = [p for p in out.get("shanxi", []) if p[0] != "陕西省"]
    out["shaanxi"] = [("陕西省", frozenset({5, 7}))]
    return {k: tuple(v) for k, v in out.items() if v}


@lru_cache(maxsize=1)
def _short_names() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for d in all_divisions():
        short = short_name(d.name)
        if short != d.name and d.name not in out.get(short, ()):
            out.setdefault(short, []).append(d.name)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _short_index() -> NameIndex:
    return NameIndex(_short_names())


@lru_cache(maxsize=4096)
def _readings(c: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(c, style=Style.NORMAL, heteronym=True)[0])


def _confusable(typed: str, meant: str) -> bool:
    """A typing slip: same sound (线 for 县, picked from an IME) or same look (巿 for 市)."""
    return _LOOKALIKE.get(typed) == meant or bool(_readings(typed) & _readings(meant))


def _standalone(text: str, start: int, end: int) -> bool:
    return (start == 0 or not _is_cjk(text[start - 1])) and (end == len(text) or not _is_cjk(text[end]))


def _latin(text: str) -> tuple[str, list[int]]:
    """The text lowercased with tone marks dropped (Hé → he), and each character's index in `text`."""
    chars, where = [], []
    for i, c in enumerate(text):
        for d in unicodedata.normalize("NFKD", c):
            if not unicodedata.combining(d):
                chars.append(d.lower())
                where.append(i)
    return "".join(chars), where


class IssuerMatcher:
    """Recognises the issuers and places a question names. Build once per set of issuers."""

    def __init__(self, records: Iterable[IssuerRecord]):
        self._by_region: dict[str, list[str]] = {}
        self._issuer_region: dict[str, str | None] = {}
        for r in records:
            region = r.region or region_prefix(r.issuer)
            self._issuer_region.setdefault(r.issuer, region)
            if region and r.issuer not in self._by_region.get(region, ()):
                self._by_region.setdefault(region, []).append(r.issuer)
        self._issuer_index = NameIndex(self._issuer_region)
        name_index(), _short_index()  # built now, so that the first match() is fast

        self._under: dict[str, list[str]] = {}  # city/province → regions on file below it
        for region in self._by_region:
            d = divisions().get(region)
            ancestors = []
            while d is not None and d.parent:
                ancestors.append(d.parent)
                d = divisions().get(d.parent)
            for a in ancestors:
                self._under.setdefault(a, []).append(region)

        abbreviations: dict[str, list[str]] = {}
        for region in self._by_region:
            short = short_name(region)
            if short != region:
                abbreviations.setdefault(short, []).append(region)
        self._abbreviations = abbreviations
        self._abbreviation_index = NameIndex(abbreviations)

        # Every name on file with one character blanked, so one slip is found by a dict look-up.
        self._slips: dict[str, list[str]] = {}
        for region in self._by_region:
            for name in {region, short_name(region)}:
                if len(name) >= 3:
                    for j in range(len(name)):
                        self._slips.setdefault(name[:j] + "?" + name[j + 1 :], []).append(region)
        self._slip_lengths = sorted({len(k) for k in self._slips}, reverse=True)

        self._pinyin_table: dict[str, tuple[tuple[str, frozenset[int]], ...]] | None = None

    @property
    def _pinyin(self) -> dict[str, tuple[tuple[str, frozenset[int]], ...]]:
        """Romanised names, built on the first question with Latin letters (Chinese ones never need it)."""
        if self._pinyin_table is None:
            from pypinyin import Style, lazy_pinyin

            table = dict(division_pinyin())
            for region in self._by_region:
                if region not in divisions_by_name():  # a region outside the table still gets its pinyin
                    for key, cuts in _pinyin_keys(region, lazy_pinyin(region, style=Style.NORMAL)):
                        table[key] = ((region, cuts),) + table.get(key, ())
            self._pinyin_table = table
        return self._pinyin_table

    def match(self, question: str) -> list[IssuerMatch]:
        """The issuers and places the question names, in order of appearance; [] if none."""
        text = unicodedata.normalize("NFKC", question)
        hits = [
            *self._exact_hits(text),
            *self._division_hits(text),
            *self._fuzzy_hits(text),
            *self._pinyin_hits(text),
        ]
        chosen = _drop_enclosing(self._settle(hits), text)
        out: list[IssuerMatch] = []
        seen: set[tuple[str | None, str | None]] = set()
        for hit in chosen:
            for m in self._resolve(hit, text[hit.start : hit.end]):
                if (m.issuer, m.region) not in seen:
                    seen.add((m.issuer, m.region))
                    out.append(m)
        return out

    # -- finding candidate spans -------------------------------------------------------

    def _exact_hits(self, text: str) -> Iterable[_Hit]:
        for s, e in self._issuer_index.hits(text):
            region = self._issuer_region[text[s:e]]
            yield _Hit(s, e, 0, EXACT, 1.0, issuer=text[s:e], places=(region,) if region else ())
        for s, e in self._abbreviation_index.hits(text):
            yield _Hit(s, e, 2, ABBREVIATION, _SCORES[ABBREVIATION], places=tuple(self._abbreviations[text[s:e]]))

    def _division_hits(self, text: str) -> Iterable[_Hit]:
        for s, e in name_index().hits(text):
            name = text[s:e]
            if name in self._by_region or plausible(text, s, e):
                yield _Hit(s, e, 1, EXACT, 1.0, places=(name,))
        shorts = _short_names()
        for s, e in _short_index().hits(text):
            places = shorts[text[s:e]]
            # The suffix must be the place's own (海北州 for 海北藏族自治州), not 兰西城市群's 西城+市.
            suffixed = tuple(p for p in places if e < len(text) and text[e] == p[-1])
            if suffixed and text[e] in DIVISION_SUFFIX_CHARS:
                yield _Hit(s, e + 1, 3, ABBREVIATION, _SHORT_WITH_SUFFIX, places=suffixed)
            elif _standalone(text, s, e):
                yield _Hit(s, e, 3, ABBREVIATION, _SHORT_STANDALONE, places=places)

    def _fuzzy_hits(self, text: str) -> Iterable[_Hit]:
        for i in range(len(text)):
            for n in self._slip_lengths:
                window = text[i : i + n]
                if len(window) < n or not all(_is_cjk(c) for c in window):
                    continue
                for j in range(n):
                    for region in self._slips.get(window[:j] + "?" + window[j + 1 :], ()):
                        meant = next(m for m in (region, short_name(region)) if len(m) == n)
                        if window[j] != meant[j] and _confusable(window[j], meant[j]):
                            score = round(fuzz.ratio(window, meant) / 100, 2)
                            yield _Hit(i, i + n, 4, FUZZY, score, places=(region,))

    def _pinyin_hits(self, text: str) -> Iterable[_Hit]:
        latin, where = _latin(text)
        tokens = [(m.start(), m.end()) for m in re.finditer(r"[a-z]+", latin)]
        for t in range(len(tokens)):
            for n in range(min(_MAX_TOKENS, len(tokens) - t), 0, -1):
                span = tokens[t : t + n]
                if any(not _SYLLABLE_GAP.fullmatch(latin[a[1] : b[0]]) for a, b in zip(span, span[1:])):
                    continue
                joined = "".join(latin[a:b] for a, b in span)
                if n == 1 and joined in _ENGLISH_WORDS:
                    continue
                cuts, pos = set(), 0
                for a, b in span:
                    pos += b - a
                    cuts.add(pos)
                places = tuple(name for name, syl in self._pinyin.get(joined, ()) if cuts <= syl)
                if places:
                    end = span[-1][1]
                    if suffix := _EN_SUFFIX.match(latin, end):
                        end = suffix.end()
                    yield _Hit(where[span[0][0]], where[end - 1] + 1, 5, PINYIN, _SCORES[PINYIN], places=places)
                    break

    # -- settling and resolving -------------------------------------------------------

    @staticmethod
    def _settle(hits: list[_Hit]) -> list[_Hit]:
        """Non-overlapping hits, longest span first, then by rank; returned in reading order."""
        taken: list[_Hit] = []
        for h in sorted(hits, key=lambda h: (h.start - h.end, h.rank, -h.score, h.start)):
            if all(h.end <= t.start or h.start >= t.end for t in taken):
                taken.append(h)
        return sorted(taken, key=lambda h: h.start)

    def _resolve(self, hit: _Hit, mention: str) -> list[IssuerMatch]:
        if hit.issuer is not None:
            region = self._issuer_region.get(hit.issuer)
            return [IssuerMatch(hit.issuer, region, EXACT, 1.0, mention, region)]
        on_file = [p for p in hit.places if p in self._by_region]
        if on_file:
            return [
                IssuerMatch(issuer, place, hit.how, hit.score, mention, place)
                for place in on_file
                for issuer in self._by_region[place]
            ]
        above = [p for p in hit.places if p in self._under]
        if above:
            place = above[0]
            return [
                IssuerMatch(issuer, region, PARENT, round(hit.score * _PARENT_FACTOR, 2), mention, place)
                for region in self._under[place]
                for issuer in self._by_region[region]
            ]
        place = _most_prominent(hit.places)
        return [IssuerMatch(None, place, NOT_ON_FILE, hit.score, mention, place)]


def _most_prominent(names: Sequence[str]) -> str:
    """Of same-named or same-sounding places, the highest level (朝阳市 before 朝阳县)."""
    known = divisions()
    return min(names, key=lambda n: (LEVEL_RANK[known[n].level], known[n].adcode) if n in known else (3, n))


def _drop_enclosing(hits: list[_Hit], text: str) -> list[_Hit]:
    """Drop a city or province written right before a place inside it (淮安市洪泽区 names 洪泽区)."""
    out = []
    for h, nxt in zip(hits, [*hits[1:], None]):
        if (
            nxt is not None
            and h.issuer is None
            and not text[h.end : nxt.start].strip()
            and any(is_within(inner, outer) for outer in h.places for inner in nxt.places)
        ):
            continue
        out.append(h)
    return out
