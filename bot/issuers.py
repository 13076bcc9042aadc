"""Which issuer (or place) a question is about, against the issuers on file.

A question may name an issuer (合阳县人民政府), its region (合阳县), the region's short
name (合阳), a misspelling (合阳线, 海东巿, 沐阳县), its pinyin (Heyang, "Hai Dong"), its
traditional characters (沭陽縣), a city or province above it (渭南市), or a real place
that has no report on file (西安市).

A place means its government, as a person means it: 沭阳 is 沭阳县人民政府, never one of
沭阳's departments. A department is matched only when named, in full or as people say it
(沭阳发改局, 上海科委; the table is bot/departments.py), and only when the words fit exactly
one department on file for that place. A place with department reports but no government
report is its own result ("departments_only"), listing them, so that no department's
figure ever answers for a county.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Protocol

from index.issuers import is_government_office, kind_of, local_names
from index.issuers import speaks_for_place as speaks_for_place  # (re-exported: where bot code looks for it)
from ingest.organs import DEPARTMENT, GOVERNMENT, place_in_name
from ingest.regions import (
    DIVISION_SUFFIX_CHARS,
    GENERIC,
    LEVEL_RANK,
    LOCAL_ENDS,
    PROVINCE,
    NameIndex,
    divisions,
    divisions_by_name,
    is_within,
    name_index,
    plausible,
    region_prefix,
    short_name,
    short_name_index,
    short_names,
)
from ingest.textmatch import is_cjk, lazy
from ingest.traditional import to_simplified

from .departments import fits, forms_of, organ_at, spelt_out
from .lookalike import look_alike

EXACT = "exact"
ABBREVIATION = "abbreviation"
FUZZY = "fuzzy"
PINYIN = "pinyin"
PARENT = "parent"
NOT_ON_FILE = "not_on_file"
DEPARTMENTS_ONLY = "departments_only"  # the place has department reports, none of its government
NONE_UNDER = "none_under"  # the places under a city or province were asked for; none has a report
AMBIGUOUS = "ambiguous"  # the words fit several departments on file: list them, never guess
NEAR_NAME = "near_name"  # a name nothing has, one character from a place on file (刚擦县): asked, never taken

# After the text is converted to simplified characters, a hit ranks below the same span as typed
# (t2s reads 乾县 as 干县: the typed name wins where both are names).
_CONVERTED_RANK = 10
# Characters after which an organ word starts a name of its own (2023年发改局, 和发改局).
_WORD_END = frozenset("年的和与及跟同比在对")

# Characters that OCR or handwriting swap for a suffix (巿 fú for 市); homophones are found by pinyin.
_LOOKALIKE = {"巿": "市", "具": "县", "縣": "县", "區": "区", "県": "县"}
# English words that may follow a romanised place name and belong to the mention.
_EN_SUFFIX = lazy(r"[\s-]*(county|city|district|province|prefecture|municipality|region)\b")
# What may separate the syllables of one romanised name: Hai Dong, Xi'an, He-yang.
_SYLLABLE_GAP = lazy(r"[\s'’‘ʼ`-]*")
_MAX_TOKENS = 4
# Words of English questions that spell a place's pinyin as one word (贵德 guide, 裕安 yuan);
# written apart (Gui De, Yu'an) they still name the place.
_ENGLISH_WORDS = frozenset({"guide", "lean", "dean", "yuan", "guan"})

_SCORES = {EXACT: 1.0, ABBREVIATION: 0.9, PINYIN: 0.85}
_MISSPELT_MIN = 5  # shorter romanisations are too close to too much (xian, anyang) to guess at
_MISSPELT_SCORE = 0.7
# Words of English questions never taken for a misspelt place (with the metric table's own English).
_QUESTION_WORDS = frozenset(
    "about after again against applications application asked before between change changed changes compare "
    "compared county counties city cities district districts province provinces report reports receive received "
    "requests request disclosure disclosed during every fully granted government governments information "
    "lawsuits lawsuit litigation reconsideration reconsiderations administrative partially problems problem "
    "share total totals trend which where there their these those years yearly whose what when while with "
    "without number numbers highest lowest least most fewest ranking rank order please thanks show tell "
    "last first second third since until compare versus".split()
)
# Words right after a place that ask about the places under it, not its own government.
_UNDER_IT = lazy(
    r"\s*的?(?:(?:所辖|下辖|所属|辖区内?|下面|下属|境内|内)的?(?:各|每个|哪个|哪些|几个)?|各|每个|哪个|哪些|几个)"
    r"(?:县市区|县区|区县|县|区|市县|市州|市|地|州)"
)
# …and before it, in English: "which county of Huai'an", "the districts in Huai'an".
_UNDER_WORDS_EN = r"\b(?:count(?:y|ies)|districts?)\s+(?:of|in|under)"
_UNDER_IT_EN = lazy(_UNDER_WORDS_EN + r"\s+(?:the\s+)?$", re.IGNORECASE)  # right before the place
_UNDER_IT_EN_WORDS = lazy(_UNDER_WORDS_EN + r"\b", re.IGNORECASE)  # anywhere in the question
# Words right after a place that name its government (陕西省人民政府, 渭南市政府), not the places under it.
_GOVERNMENT_AFTER = lazy(r"\s*(?:人民)?政府")
_PARENT_FACTOR = 0.9  # a city named for the county under it is a weaker match than the county


def _division_level(name: str) -> str | None:
    d = divisions().get(name)
    return d.level if d is not None else None


def under_it(text: str) -> bool:
    """Whether the question asks about the places under one it names (淮安市各县区, 淮安哪个区, the
    counties of Haidong)."""
    return _UNDER_IT.search(text) is not None or _UNDER_IT_EN_WORDS.search(text) is not None


_SHORT_WITH_SUFFIX = 0.85  # 海北州
_SHORT_STANDALONE = 0.8  # "西安" on its own


@dataclass(frozen=True)
class IssuerRecord:
    """An issuer on file and the division it governs (None when unknown)."""

    issuer: str
    region: str | None = None
    kind: str | None = None  # government | department, as stored; None: judged from the name


@dataclass(frozen=True)
class IssuerMatch:
    """One place a question names, resolved against the issuers on file.

    `region` is the issuer's region, or for "not_on_file" the division named; `division`
    is the division the mention names (for "parent", the city or province above `region`).
    Without an issuer, `wanted` is the body the question asked for (沭阳县人民政府,
    沭阳县教育局) and `alternatives` the issuers on file to name instead: the place's
    departments ("departments_only"), the departments the words fit ("ambiguous"), or what
    the place has on file ("not_on_file"), or those of a name one character apart ("near_name").
    """

    issuer: str | None
    region: str | None
    how: str  # exact | abbreviation | fuzzy | pinyin | parent | not_on_file | departments_only | ambiguous | near_name
    score: float
    mention: str
    division: str | None = None
    kind: str | None = None  # the issuer's: government | department
    wanted: str | None = None
    alternatives: tuple[str, ...] = ()


class NameMatcher(Protocol):
    """What recognises the places a question names: an `IssuerMatcher`, or the store's look-up
    that builds one over the few issuers a question may name (bot/issuer_lookup.py)."""

    def match(self, question: str) -> list[IssuerMatch]: ...


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
    organ: str | None = None  # set when the span is a place and a department's organ (沭阳+发改局)


def government_name(place: str) -> str:
    """What a place's government is called (沭阳县 → 沭阳县人民政府; a 街道's 办事处)."""
    return f"{place}办事处" if place.endswith("街道") else f"{place}人民政府"


@cache
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


@lru_cache(maxsize=4096)
def _readings(c: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(c, style=Style.NORMAL, heteronym=True)[0])


def _confusable(typed: str, meant: str) -> bool:
    """A typing slip: same sound (线 for 县, picked from an IME) or same look (巿 for 市, 沐 for 沭)."""
    return _LOOKALIKE.get(typed) == meant or bool(_readings(typed) & _readings(meant)) or look_alike(typed, meant)


# Characters that begin the word after a place's short name in a question (合阳的…, 平潭历年…,
# 合阳近三年…, 合阳收到…): the short name ends there.
_AFTER_NAME = frozenset("的历近每各这几从自在和与及跟比对有是共去前今上本收办依政信行主年")


def sounds(name: str) -> frozenset[str]:
    """Every toneless pinyin the name may be read as (何阳 → heyang), ü as v and as u: the stored
    pinyin keys of the short names that sound like it."""
    spellings = [""]
    for c in name:
        spellings = [s + r for s in spellings for r in _readings(c)][:64]  # (heteronyms multiply)
    return frozenset(k for s in spellings for k in (s, s.replace("v", "u")) if re.fullmatch(r"[a-z]+", k))


def _one_slip(typed: str, meant: str) -> bool:
    """Two names of the same length, one character apart, the typed one a slip of the meant (何阳, 合阳)."""
    apart = [j for j in range(len(typed)) if typed[j] != meant[j]] if len(typed) == len(meant) else []
    return len(apart) == 1 and _confusable(typed[apart[0]], meant[apart[0]])


def _standalone(text: str, start: int, end: int) -> bool:
    return (start == 0 or not is_cjk(text[start - 1])) and (end == len(text) or not is_cjk(text[end]))


def _ends_word(text: str, start: int, end: int) -> bool:
    """A short name that starts a word and is followed by one that begins a question's phrase."""
    return _starts_word(text, start) and end < len(text) and text[end] in _AFTER_NAME


def _starts_word(text: str, start: int) -> bool:
    """Nothing Chinese before `start`, or a word that ends there (2023年, 的, 和)."""
    return start == 0 or not is_cjk(text[start - 1]) or text[start - 1] in _WORD_END


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
        self._kind: dict[str, str] = {}
        for r in records:
            region = _region_of(r)
            self._issuer_region.setdefault(r.issuer, region)
            self._kind.setdefault(r.issuer, kind_of(r.issuer, r.kind))
            if region and r.issuer not in self._by_region.get(region, ()):
                self._by_region.setdefault(region, []).append(r.issuer)
        self._issuer_index = NameIndex(self._issuer_region)
        # Places below the register's county level named inside an issuer's name (马厂镇 of
        # 沭阳县马厂镇人民政府), and their short forms (马厂): the register has no townships.
        self._local: dict[str, list[str]] = {}
        for issuer in self._issuer_region:
            for alias in local_names(issuer, self._issuer_region[issuer]):
                if issuer not in self._local.get(alias, ()):
                    self._local.setdefault(alias, []).append(issuer)
        self._local_index = NameIndex(self._local)
        # Regions on file that the register does not know (a new or made-up county): their full
        # names are matched like the register's (样例12县, 青禾县).
        self._unregistered = NameIndex(r for r in self._by_region if r not in divisions_by_name())
        self._index_departments()
        name_index(), short_name_index()  # built now, so that the first match() is fast

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
        self._on_file_keys: dict[str, set[str]] | None = None

    def _index_departments(self) -> None:
        """Each place's departments by organ (沭阳县 → 发展和改革局 → [沭阳县发展和改革局]), and the
        organ words that name some department on file wherever it is (for 发改局 said alone)."""
        self._organs: dict[str, dict[str, list[str]]] = {}
        self._anywhere: dict[str, list[tuple[str, str]]] = {}  # organ word → [(region, organ)]
        for issuer, region in self._issuer_region.items():
            at = issuer.find(region) if region and self._kind[issuer] == DEPARTMENT else -1
            organ = issuer[at + len(region) :] if region and at >= 0 else ""
            if not organ or not region:
                continue
            self._organs.setdefault(region, {}).setdefault(organ, []).append(issuer)
            for word in forms_of(organ):
                if len(word) >= 3 and (region, organ) not in self._anywhere.get(word, ()):
                    self._anywhere.setdefault(word, []).append((region, organ))
        self._organ_words = {
            place: frozenset(w for organ in organs for w in forms_of(organ)) for place, organs in self._organs.items()
        }
        self._anywhere_index = NameIndex(self._anywhere)

    def speaking_for(self, place: str) -> list[str]:
        """The issuers a place's name means: its government; without one on file, the
        government's general office; never a department."""
        issuers = self._by_region.get(place, [])
        governments = [i for i in issuers if self._kind[i] == GOVERNMENT]
        return governments or [i for i in issuers if is_government_office(i)]

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
        hits = self._hits(text)
        simplified = to_simplified(text).text  # 沭陽縣 → 沭阳县; one character for one, so spans hold
        if simplified != text and len(simplified) == len(text):
            hits += [replace(h, rank=h.rank + _CONVERTED_RANK) for h in self._hits(simplified)]
        if not hits:  # nothing named as written: a misspelt romanisation of a place on file (Langgao)?
            hits = list(self._misspelt_pinyin_hits(text))
        hits += _unknown_place_hits(text, hits)
        chosen = _drop_enclosing(self._settle(hits), text)
        out: list[IssuerMatch] = []
        seen: set[tuple[str | None, str | None, str | None]] = set()
        for hit in chosen:
            for m in (
                self._below(hit, text)
                or self._its_government(hit, text)
                or self._resolve(hit, text[hit.start : hit.end])
            ):
                if (m.issuer, m.region, m.wanted) not in seen:
                    seen.add((m.issuer, m.region, m.wanted))
                    out.append(m)
        return out

    # -- finding candidate spans -------------------------------------------------------

    def _hits(self, text: str) -> list[_Hit]:
        """Every span that may name an issuer or a place, and the places followed by an organ."""
        hits = [
            *self._exact_hits(text),
            *self._division_hits(text),
            *self._fuzzy_hits(text),
            *self._pinyin_hits(text),
        ]
        return hits + list(self._department_hits(text, hits)) + list(self._organ_hits(text))

    def _department_hits(self, text: str, hits: list[_Hit]) -> Iterable[_Hit]:
        """A place right before an organ word (沭阳县发改局, 上海科委, 沐阳县教育局): a department."""
        for h in hits:
            if h.issuer is not None or not h.places:
                continue
            places = tuple(p for p in h.places if p in self._by_region) or h.places
            words = frozenset().union(*(self._organ_words.get(p, frozenset()) for p in places))
            if found := organ_at(text, h.end, words):
                yield _Hit(h.start, found[0], h.rank, h.how, h.score, places=places, organ=found[1])

    def _organ_hits(self, text: str) -> Iterable[_Hit]:
        """An organ word on its own (发改局): the departments on file it may mean, wherever they are."""
        for s, e in self._anywhere_index.hits(text):
            regions = tuple(dict.fromkeys(r for r, _ in self._anywhere[text[s:e]]))
            if _starts_word(text, s):
                yield _Hit(s, e, 6, ABBREVIATION, _SCORES[ABBREVIATION], places=regions, organ=text[s:e])
            else:
                yield from self._slipped_short_name(text, s, e, regions)

    def _slipped_short_name(self, text: str, s: int, e: int, regions: tuple[str, ...]) -> Iterable[_Hit]:
        """A two-character short name with a sound- or look-alike slip right before an organ word
        (术阳发改局, 沐阳发改局): the department of the place on file it is a slip of, as with the
        county's full name slipped (术阳县发改局); the store keeps no slips of two characters. A real
        place's short name (合阳发改局) is that place, never a slip."""
        typed = text[s - 2 : s]
        if s < 2 or not _starts_word(text, s - 2) or not all(is_cjk(c) for c in typed) or typed in short_names():
            return
        for region in regions:
            if _one_slip(typed, short_name(region)):
                yield _Hit(s - 2, e, 4, FUZZY, _MISSPELT_SCORE, places=(region,), organ=text[s:e])

    def _exact_hits(self, text: str) -> Iterable[_Hit]:
        for s, e in self._issuer_index.hits(text):
            region = self._issuer_region[text[s:e]]
            yield _Hit(s, e, 0, EXACT, 1.0, issuer=text[s:e], places=(region,) if region else ())
        for s, e in self._abbreviation_index.hits(text):
            yield _Hit(s, e, 2, ABBREVIATION, _SCORES[ABBREVIATION], places=tuple(self._abbreviations[text[s:e]]))
        yield from self._local_hits(text)

    def _local_hits(self, text: str) -> Iterable[_Hit]:
        """A township or street named in the question, when an issuer on file is its organ; the
        county written right before it is part of the mention (沭阳县马厂镇)."""
        for s, e in self._local_index.hits(text):
            name = text[s:e]
            issuers = self._local[name]
            short = not name.endswith(LOCAL_ENDS)
            if short and not (_standalone(text, s, e) or _ends_word(text, s, e)):
                continue
            if len(issuers) > 1:
                continue  # two organs answer to the name: the full name must say which
            region = self._issuer_region[issuers[0]]
            start = s - len(region) if region and text[:s].endswith(region) else s
            yield _Hit(
                start,
                e,
                0 if not short else 2,
                EXACT if not short else ABBREVIATION,
                1.0 if not short else _SCORES[ABBREVIATION],
                issuer=issuers[0],
                places=(region,) if region else (),
            )

    def _division_hits(self, text: str) -> Iterable[_Hit]:
        for s, e in self._unregistered.hits(text):
            yield _Hit(s, e, 1, EXACT, 1.0, places=(text[s:e],))
        for s, e in name_index().hits(text):
            name = text[s:e]
            if name in self._by_region or plausible(text, s, e):
                yield _Hit(s, e, 1, EXACT, 1.0, places=(name,))
        shorts = short_names()
        for s, e in short_name_index().hits(text):
            places = shorts[text[s:e]]
            # The suffix must be the place's own (海北州 for 海北藏族自治州), not 兰西城市群's 西城+市.
            suffixed = tuple(p for p in places if e < len(text) and text[e] == p[-1])
            if suffixed and text[e] in DIVISION_SUFFIX_CHARS:
                yield _Hit(s, e + 1, 3, ABBREVIATION, _SHORT_WITH_SUFFIX, places=suffixed)
            elif (
                _standalone(text, s, e)
                or _ends_word(text, s, e)
                or (_starts_word(text, s) and organ_at(text, e) is not None)
            ):
                # 北京科委: a short name before an organ word names the place too
                yield _Hit(s, e, 3, ABBREVIATION, _SHORT_STANDALONE, places=places)

    def _fuzzy_hits(self, text: str) -> Iterable[_Hit]:
        for i in range(len(text)):
            for n in self._slip_lengths:
                window = text[i : i + n]
                if len(window) < n or not all(is_cjk(c) for c in window):
                    continue
                if window in divisions_by_name() or window in self._issuer_region:
                    continue  # a real place (合阳县 beside 沭阳县 on file) is no slip, and costs no glyph test
                for j in range(n):
                    for region in self._slips.get(window[:j] + "?" + window[j + 1 :], ()):
                        meant = next(m for m in (region, short_name(region)) if len(m) == n)
                        if window[j] != meant[j] and _confusable(window[j], meant[j]):
                            from rapidfuzz import fuzz  # loaded for a slip only: most questions have none

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

    def _misspelt_pinyin_hits(self, text: str) -> Iterable[_Hit]:
        """A Latin word (or two run together) one slip from the pinyin of exactly one place on file
        (Langgao, Langoa → Langao 岚皋): never an English word, never a place only the register has."""
        from rapidfuzz.distance import OSA

        latin, where = _latin(text)
        tokens = [(m.start(), m.end()) for m in re.finditer(r"[a-z]+", latin)]
        if not tokens:  # no Latin word: no romanised names to build (pypinyin costs 0.5 s to load)
            return
        english = _english_vocabulary()
        keys = self._on_file_pinyin()
        for t in range(len(tokens)):
            for span in (tokens[t : t + 1], tokens[t : t + 2]):
                joined = "".join(latin[a:b] for a, b in span)
                if len(span) == 2 and not _SYLLABLE_GAP.fullmatch(latin[span[0][1] : span[1][0]]):
                    continue
                if len(joined) < _MISSPELT_MIN or any(latin[a:b] in english for a, b in span):
                    continue
                slips = 1 if len(joined) <= 8 else 2
                near = {
                    place
                    for key, places in keys.items()
                    if OSA.distance(joined, key, score_cutoff=slips) <= slips
                    for place in places
                }
                if len(near) == 1:
                    yield _Hit(
                        where[span[0][0]], where[span[-1][1] - 1] + 1, 6, FUZZY, _MISSPELT_SCORE, places=tuple(near)
                    )

    def _on_file_pinyin(self) -> dict[str, set[str]]:
        """pinyin key → the places on file it spells (full and short names)."""
        if self._on_file_keys is None:
            keys: dict[str, set[str]] = {}
            for key, names in self._pinyin.items():
                for name, _ in names:
                    if name in self._by_region:
                        keys.setdefault(key, set()).add(name)
            self._on_file_keys = keys
        return self._on_file_keys

    # -- settling and resolving -------------------------------------------------------

    @staticmethod
    def _settle(hits: list[_Hit]) -> list[_Hit]:
        """Non-overlapping hits, longest span first, then by rank; returned in reading order."""
        taken: list[_Hit] = []
        for h in sorted(hits, key=lambda h: (h.start - h.end, h.rank, -h.score, h.start)):
            if all(h.end <= t.start or h.start >= t.end for t in taken):
                taken.append(h)
        return sorted(taken, key=lambda h: h.start)

    def _below(self, hit: _Hit, text: str) -> list[IssuerMatch]:
        """A city or province named with the places under it asked for (淮安市各县区, 淮安哪个区): the
        governments on file below it, as for a place with no report of its own; [] otherwise."""
        if hit.organ is not None or not (_UNDER_IT.match(text, hit.end) or _UNDER_IT_EN.search(text[: hit.start])):
            return []
        places = [self._issuer_region.get(hit.issuer)] if hit.issuer else list(hit.places)
        place = next((p for p in places if p in self._under), None)
        mention = text[hit.start : hit.end]
        if place is None:  # 海东市各县 with none of its counties on file: say so, never the city itself
            above = next((p for p in places if p and _division_level(p) in ("city", "province")), None)
            return [IssuerMatch(None, above, NONE_UNDER, hit.score, mention, above)] if above else []
        return self._speakers(PARENT, round(hit.score * _PARENT_FACTOR, 2), mention, {place: self._under[place]})

    def _its_government(self, hit: _Hit, text: str) -> list[IssuerMatch]:
        """A province named alone (青海省), or any place above those on file named with its government
        (陕西省人民政府, 渭南市政府), with nothing of its own on file: its government, which has no
        report; the reports under it are named, never answered for it. [] otherwise: a city named
        alone stands for the places on file under it (渭南市 → 合阳县), and so does a province when
        the question asks about the places under it (青海省哪个县…, the counties of Shaanxi)."""
        if hit.issuer is not None or hit.organ is not None or any(p in self._by_region for p in hit.places):
            return []
        place = next((p for p in hit.places if p in self._under), None)
        if place is None:
            return []
        if not _GOVERNMENT_AFTER.match(text, hit.end) and (_division_level(place) != PROVINCE or under_it(text)):
            return []
        under = tuple(i for region in self._under[place] for i in self._by_region[region])
        mention = text[hit.start : hit.end]
        return [
            IssuerMatch(
                None, place, NOT_ON_FILE, hit.score, mention, place, wanted=government_name(place), alternatives=under
            )
        ]

    def _resolve(self, hit: _Hit, mention: str) -> list[IssuerMatch]:
        if hit.issuer is not None:
            region = self._issuer_region.get(hit.issuer)
            return [IssuerMatch(hit.issuer, region, EXACT, 1.0, mention, region, kind=self._kind[hit.issuer])]
        if hit.organ is not None:
            return self._department(hit, mention)
        on_file = [p for p in hit.places if p in self._by_region]
        if on_file:
            return self._speakers(hit.how, hit.score, mention, {p: [p] for p in on_file})
        above = [p for p in hit.places if p in self._under]
        if above:
            place = above[0]
            return self._speakers(PARENT, round(hit.score * _PARENT_FACTOR, 2), mention, {place: self._under[place]})
        place = _most_prominent(hit.places)
        near = self._near(place)
        if near:
            return [IssuerMatch(None, place, NEAR_NAME, hit.score, mention, place, alternatives=near)]
        if hit.how == NEAR_NAME:  # two words that may have been a place's name: none is like them
            return []
        return [IssuerMatch(None, place, NOT_ON_FILE, hit.score, mention, place)]

    def _near(self, name: str) -> tuple[str, ...]:
        """For a name no register or report has (刚擦县), the issuers of the places on file written
        one character apart from it (刚察县) that no look-alike or sound-alike rule took: the answer
        asks whether they were meant. A real place (合阳县 beside 沭阳县) is not a slip."""
        if name in divisions_by_name():
            return ()
        regions = dict.fromkeys(
            r for j in range(len(name)) for r in self._slips.get(name[:j] + "?" + name[j + 1 :], ()) if r != name
        )
        if len(name) == 2:  # no slips are kept of two characters: a short name one sound- or look-alike apart
            regions = dict.fromkeys(r for r in self._by_region if _one_slip(name, short_name(r)))
        return tuple(i for r in regions for i in (self.speaking_for(r) or self._by_region[r]))

    def _speakers(self, how: str, score: float, mention: str, places: dict[str, list[str]]) -> list[IssuerMatch]:
        """The governments of the regions each named place covers; if none, one "departments_only"
        match naming the first place and listing the departments on file there."""
        out = [
            IssuerMatch(issuer, region, how, score, mention, place, kind=self._kind[issuer])
            for place, regions in places.items()
            for region in regions
            for issuer in self.speaking_for(region)
        ]
        if out:
            return out
        place, regions = next(iter(places.items()))
        departments = tuple(i for region in regions for i in self._by_region[region])
        return [
            IssuerMatch(
                None,
                place,
                DEPARTMENTS_ONLY,
                score,
                mention,
                place,
                wanted=government_name(place),
                alternatives=departments,
            )
        ]

    def _department(self, hit: _Hit, mention: str) -> list[IssuerMatch]:
        """A place and an organ word: the one department on file they fit, else why there is none.
        The government's own office, without a report of its own, is the government (its phone
        number, its staff are in the government's report)."""
        assert hit.organ is not None
        typed = hit.organ
        organs = [(p, o, issuers) for p in hit.places for o, issuers in self._organs.get(p, {}).items()]
        fitting = [(p, i) for p, o, issuers in organs if o == typed for i in issuers]  # the full name wins
        fitting = fitting or [(p, i) for p, o, issuers in organs if fits(typed, o) for i in issuers]
        if len(fitting) == 1:
            region, issuer = fitting[0]
            how = hit.how if hit.how != EXACT else (EXACT if typed in self._organs[region] else ABBREVIATION)
            score = hit.score if how == EXACT else min(hit.score, _SCORES[ABBREVIATION])
            return [IssuerMatch(issuer, region, how, score, mention, region, kind=DEPARTMENT)]
        if not fitting and is_government_office(typed):
            return self._resolve(replace(hit, organ=None), mention)
        return self._no_one_department(hit, mention, typed, fitting)

    def _no_one_department(
        self, hit: _Hit, mention: str, typed: str, fitting: list[tuple[str, str]]
    ) -> list[IssuerMatch]:
        """Several departments fit (which one?), or none is on file: what is, for the place named."""
        place = hit.places[0] if len(hit.places) == 1 else None
        wanted = f"{place}{spelt_out(typed)}" if place else mention
        if fitting:
            return [
                IssuerMatch(
                    None,
                    place,
                    AMBIGUOUS,
                    hit.score,
                    mention,
                    place,
                    wanted=wanted,
                    alternatives=tuple(i for _, i in fitting),
                )
            ]
        here = tuple(self._by_region.get(place, ())) if place else ()
        if place and not here:
            here = tuple(i for region in self._under.get(place, ()) for i in self._by_region[region])
        return [IssuerMatch(None, place, NOT_ON_FILE, hit.score, mention, place, wanted=wanted, alternatives=here)]


# A county or district named by its full name that neither the register nor the reports know
# (样例12县, a new county): its name is a stem of 2–8 characters that says nothing a question
# says around a place (哪个县, 各区县, 全县, 最多的区), at the start of a word.
# Without the CJK range (~1 ms to compile, each time it is written): [^\W_] is a letter or digit,
# Chinese or not; [\W\d_A-Za-z] anything but a Chinese character (or another script's letter).
_UNKNOWN_PLACE = lazy(
    r"(?:(?<=^)|(?<=[\W\d_A-Za-z])|(?<=[年的和与及跟同比在对]))"
    r"([^\W_]{2,8}?(?:自治县|县|区|旗))"
    r"(?=$|[\W\d_A-Za-z]|[的历近每各这几从自在和与及跟比对有是共去前今上本收办依政信行主年人])"
)
_NOT_IN_A_STEM = frozenset("的多少最哪各全本该每几其某所此这那收申请年和与及是有个些县区市省旗州乡镇城郊园社辖地开景")


def _unknown_place_hits(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Names of counties or districts nothing else recognises (样例12县 when no report of it is on
    file): a place not on file, never a question about every report."""
    out = []
    for m in _UNKNOWN_PLACE.finditer(text):
        name = m.group(1)
        stem = name[: -3 if name.endswith("自治县") else -1]
        if any(c in _NOT_IN_A_STEM for c in stem) or name in divisions_by_name():
            continue
        if any(h.start < m.end(1) and m.start(1) < h.end for h in hits):
            continue
        out.append(_Hit(m.start(1), m.end(1), 7, EXACT, 0.5, places=(name,)))
    return out or _leading_name_hits(text, hits)


# A question that opens with a few characters and a year (青禾2020年收到多少申请) names a place by
# them; when nothing on file or in the register is that place, it is one not on file, never a
# question about every report of the year (thousands of them, in a country's store).
_OPENING = r"^(?:请问|请|查询|查一下|想问|我想知道)?\s*"  # a request's first words, before the name
_LEADING_NAME = lazy(_OPENING + r"([\u4e00-\u9fff]{2,4}?)\s*(?:的\s*)?(?:19|20)\d{2}\s*年")
# (Words with a character of _NOT_IN_A_STEM or _ASKING, 统计, 公开, 一共, need no place here.)
_NOT_A_NAME = frozenset(
    ("关于", "截至", "截止", "目前", "当前", "近年", "往年", "同期", "对比", "比较", "相比", "同比", "环比")
    + ("政府", "信息", "超过", "高于", "低于", "多于", "少于", "大于", "小于", "不足", "达到", "不到")
    + ("部门", "单位", "机关", "机构", "总体", "整体", "平均", "合计", "总共", "他们", "大家", "人们")
)


# Characters of the words people open a request with (统计一下, 帮我查, 告诉我, 看看): no place's.
_ASKING = frozenset("我你您帮查告诉请问看想要给说找搜列显示统计一下")


# Two characters a question opens with and a word after a place's short name, no year (何阳收到
# 多少申请): a place's short name, if one on file sounds or looks like it (a sound-alike picked
# from an IME); else any two words (今年收到…), and the question goes on as if they were not there.
_LEADING_SHORT = lazy(_OPENING + r"([\u4e00-\u9fff]{2})(?=[" + "".join(sorted(_AFTER_NAME)) + "])")


def leading_name(text: str) -> tuple[int, int, bool] | None:
    """The span of the characters a question opens with as a place's name (before its year, or two
    before a word that follows a short name), and whether a year follows; None when they are a
    word of the question's own (统计一下, 部门, 平均, a measure's words)."""
    m = _LEADING_NAME.match(text)
    year = m is not None
    m = m or _LEADING_SHORT.match(text)
    if m is None:
        return None
    name = m.group(1)
    if name in _NOT_A_NAME or any(c in _NOT_IN_A_STEM or c in _ASKING for c in name) or name in divisions_by_name():
        return None
    from .lexicon import find_metric  # (the lexicon's row words are a question's, not a name)

    if find_metric(name) is not None:
        return None
    return m.start(1), m.end(1), year


def _leading_name_hits(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The characters a question opens with before its year, as a place not on file, when nothing
    in the question was recognised as a place and they are no word of the question's own; two
    with no year, as a place only if one on file is a slip of them (NEAR_NAME: asked, never taken)."""
    found = None if hits else leading_name(text)
    if found is None:
        return []
    start, end, year = found
    return [_Hit(start, end, 7, EXACT if year else NEAR_NAME, 0.5, places=(text[start:end],))]


def _region_of(r: IssuerRecord) -> str | None:
    """The issuer's region: as stored, else the division its name starts with, else the place its
    name starts with (样例12县人民政府 → 样例12县, a county the register does not know)."""
    return r.region or region_prefix(r.issuer) or place_in_name(r.issuer)


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


@lru_cache(maxsize=1)
def _english_vocabulary() -> frozenset[str]:
    """English words a question may use: the common ones and every word of the measures' English names."""
    from ingest.template import METRICS

    words = set(_QUESTION_WORDS) | _ENGLISH_WORDS
    for m in METRICS.values():
        words.update(re.findall(r"[a-z]+", m.english.lower()))
    return frozenset(words)
