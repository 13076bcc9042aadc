"""What quantity a number in a report's sentence states, and whether it is the one asked.

A number in the prose fills a blank table cell only when its words say the same quantity:
the same row (item), the same column (自然人, 法人…, 总计) and the same scope. Reports
often print a wider or combined quantity instead — `受理…749件` (new and carried over),
`予以公开及部分公开258件` (two rows), `其中自然人申请741件` (one column of a total) — and
those are quoted, never shown as the cell. Row and column words are the lexicon's; this
module adds only the words that widen a quantity and the few that look like a column
but are not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    ACTIVE_DEFAULT,
    ACTIVES,
    APPLICANTS,
    GENERIC_ROW_PHRASES,
    OUTCOMES,
    ROWS,
    SUM_ROWS,
    MetricAsk,
    chinese,
)

# Words that make a count of applications wider than the template's 本年新收 row: 受理 and
# 办理 count what was carried over from last year too (受理 = 新收 + 上年结转), 累计 runs
# over more than the year. A question using the same word asks for that wider quantity.
WIDER = {"受理": "handled", "办理": "handled", "累计": "cumulative"}
_WIDER_EN = re.compile(r"\b(?:accept(?:ed|s)?|cumulative(?:ly)?)\b", re.IGNORECASE)
# "749件（含上年结转36件）": the number includes another quantity.
_INCLUDES = re.compile(r"^\s*[（(]?\s*(?:含|包括|包含)")
# Words holding a column's phrase that name no applicant (本单位 is the issuer, not 法人).
_NOT_COLUMNS = (
    "本单位",
    "我单位",
    "各单位",
    "该单位",
    "个人信息",
    "人民群众",
    "广大群众",
    "方便群众",
    "服务群众",
    "群众关心",
    "群众满意",
)
# "…，共计749件" (or 共办理749件) naming no row: the sum of the quantities before it in the sentence.
_SUMMING = re.compile(r"共计|合计|总计|总共|一共|(?<!公)共")
# Where a sentence and a clause of a report's prose end (full- and half-width punctuation).
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n]")
GENERIC = "applications.received"
QUOTE_MAX = 100  # a sentence longer than this is quoted by its clause only


@dataclass(frozen=True)
class Stated:
    """The measure a sentence gives a number: rows named, column named, what widens it."""

    rows: frozenset[str]
    column: str | None  # None: no column named (the row's whole)
    wider: str | None  # the word that widens it (受理, 含 …), or None
    part: bool = False  # 其中… naming no row of its own: a part of the clause before's quantity


@dataclass(frozen=True)
class Asked:
    """The measure a question asks for: the template row and column, and its own widening word."""

    row: str
    column: str | None  # None: the row's default (总计, or the active item's usual column)
    wider: str | None


@dataclass(frozen=True)
class Fit:
    """How a stated measure relates to the asked one.

    `kind`: "same" (it is the cell), "as_asked" (the question's own wider word, e.g. 受理,
    is the sentence's: it answers the question but is not the cell) or "related" (a wider,
    combined or other-column quantity of the same row: quoted, never the cell's value).
    `why`: for "related", one of "wider", "combined", "column", "part".
    `word`: the sentence's widening word (受理) or, for "column", the column it names."""

    kind: str
    why: str | None = None
    word: str | None = None


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """Leftmost-longest search over phrases (longer alternatives first)."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)))


@lru_cache(maxsize=1)
def _row_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """Chinese row phrases → row key, without the phrases that are also column words (总计)."""
    columns = {p for t in (APPLICANTS, OUTCOMES) for ps in t.values() for p in ps}
    owner: dict[str, str] = {}
    for key, phrases in ROWS.items():
        for p in chinese(phrases):
            if p not in columns and len(p) > 1:
                owner.setdefault(p, key)
    return _alternation(list(owner) + list(WIDER)), owner


@lru_cache(maxsize=3)
def _column_table(kind: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Chinese column phrases of one kind of row → column key."""
    table = {"applications": APPLICANTS, "active": ACTIVES}.get(kind, OUTCOMES)
    owner = {p: key for key, phrases in table.items() for p in chinese(phrases)}
    return _alternation(list(owner)), owner


def _kind(row: str) -> str:
    """Which column table a row's columns come from: applications, active or cases."""
    return row.split(".", 1)[0] if row.startswith(("applications.", "active.")) else "cases"


def _rows_in(words: str) -> tuple[set[str], str | None, bool]:
    """The rows named in words, the widening word among them (not inside a row phrase), and
    whether only the generic words (申请) named them: then the row is the applications received."""
    pattern, owner = _row_table()
    rows: set[str] = set()
    generic = False
    wider = None
    for m in pattern.finditer(words):
        phrase = m.group(0)
        if phrase in WIDER:
            wider = wider or phrase
        elif phrase in GENERIC_ROW_PHRASES:
            generic = True
        else:
            rows.add(owner[phrase])
    if not rows and generic:
        return {GENERIC}, wider, True
    return _leaves(rows), wider, False


def _parent(row: str) -> str | None:
    """The row a sub-row adds up into (不予公开 for 国家秘密), or None."""
    for parent, children in SUM_ROWS.items():
        if row in children:
            return parent
    return row.rsplit(".", 1)[0] if row.count(".") >= 2 else None


def _leaves(rows: set[str]) -> set[str]:
    """A row and its own sub-row named together (不予公开…国家秘密) state the sub-row."""
    return {r for r in rows if not any(_parent(o) == r for o in rows)}


def _column_in(words: str, rows: set[str]) -> str | None:
    """The column the words name, among the columns of the rows' table (applicants, outcomes…)."""
    for masked in _NOT_COLUMNS:
        words = words.replace(masked, "　" * len(masked))
    kinds = {_kind(r) for r in rows} or {"applications"}
    for kind in sorted(kinds):
        pattern, owner = _column_table(kind)
        m = pattern.search(words)
        if m:
            return owner[m.group(0)]
    return None


def _bounds(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence or clause (by `pattern`) around text[start:end]."""
    left = max((m.end() for m in pattern.finditer(text, 0, start)), default=0)
    m = pattern.search(text, end)
    return left, (m.start() if m else len(text))


def stated_measure(text: str, start: int, end: int, number: re.Pattern[str]) -> Stated:
    """The measure of the number at text[start:end]: the words before it in its clause
    (after any earlier number), else the words after it. A piece naming no row, or only 申请
    (其中自然人申请…, 法人申请…), continues the sentence's earlier quantity (its rows, its
    widening word); one saying only 共计 adds up the pieces before it."""
    left, right = _bounds(CLAUSE_END, text, start, end)
    before_from = max((m.end() for m in number.finditer(text, left, start) if m.end() <= start), default=left)
    before = text[before_from:start]
    nxt = number.search(text, end, right)
    after = text[end : nxt.start() if nxt else right]
    rows, wider, generic = _rows_in(before)
    words = before
    if not rows:
        rows, after_wider, generic = _rows_in(after)
        wider, words = wider or after_wider, before + after
    if _INCLUDES.match(after):
        wider = wider or "含"
    part = "其中" in before and (not rows or generic)
    earlier = _earlier(text, before_from, number)
    if not rows and _SUMMING.search(before):
        rows, summed_wider = _summed(earlier)
        wider = wider or summed_wider
    elif not rows or generic:
        head_rows, head_wider = _head(earlier)
        rows = head_rows if head_rows and (not rows or part) else rows
        wider = wider or head_wider
    column = _column_in(words, rows)
    return Stated(frozenset(rows), None if column == "total" else column, wider, part)


def _earlier(text: str, upto: int, number: re.Pattern[str]) -> list[tuple[set[str], str | None, bool]]:
    """What each piece of the sentence before `upto` names, nearest first; pieces end at a
    clause mark or a number ("收到申请5件、上年结转2件" is two)."""
    sentence_start, _ = _bounds(SENTENCE_END, text, upto, upto)
    cuts = sorted(
        {sentence_start, upto}
        | {m.end() for m in CLAUSE_END.finditer(text, sentence_start, upto)}
        | {m.end() for m in number.finditer(text, sentence_start, upto)}
    )
    return [_rows_in(text[a:b]) for a, b in reversed(list(zip(cuts, cuts[1:]))) if b > a]


def _head(earlier: list[tuple[set[str], str | None, bool]]) -> tuple[set[str], str | None]:
    """The rows of the nearest earlier piece naming a row, and any widening word up to the
    piece that names a row of its own (not just 申请)."""
    rows: set[str] = set()
    wider = None
    for found, word, generic in earlier:
        rows = rows or found
        wider = wider or word
        if found and not generic:
            break
    return rows, wider


def _summed(earlier: list[tuple[set[str], str | None, bool]]) -> tuple[set[str], str | None]:
    """ "…713件，上年结转36件，共计749件": a 共计 naming no row adds up the pieces before it."""
    rows: set[str] = set()
    wider = None
    for found, word, _ in earlier:
        rows |= found
        wider = wider or word
    return _leaves(rows), wider


def sentence(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], or its clause when the sentence is long."""
    left, right = _bounds(SENTENCE_END, text, start, end)
    whole = text[left:right].strip()
    if len(whole) <= QUOTE_MAX:
        return whole
    left, right = _bounds(CLAUSE_END, text, start, end)
    return text[left:right].strip()


def asked_measure(ask: MetricAsk, question: str) -> Asked:
    """The measure a question asks for, with the question's own widening word (受理了多少)."""
    words = "".join(question.split())
    wider = next((WIDER[w] for w in WIDER if w in words), None)
    m = _WIDER_EN.search(question)
    if wider is None and m:
        wider = "handled" if m.group(0).lower().startswith("accept") else "cumulative"
    return Asked(ask.row, ask.column, wider)


def _same_column(stated: str | None, asked: Asked) -> bool:
    if asked.column in (None, "total"):
        if stated is None:
            return True
        item = asked.row.split(".", 1)[1] if asked.row.startswith("active.") else ""
        return stated in ACTIVE_DEFAULT.get(item, ())
    return stated == asked.column


def fit(stated: Stated, asked: Asked) -> Fit | None:
    """How the stated measure relates to the asked one; None: another measure altogether."""
    if asked.row not in stated.rows:
        near = any(_parent(r) == asked.row or _parent(asked.row) == r for r in stated.rows)
        return Fit("related", "part") if near else None
    if len(stated.rows) > 1:
        return Fit("related", "combined")
    if not _same_column(stated.column, asked):
        return Fit("related", "column", stated.column)
    if stated.part and stated.column is None:
        return Fit("related", "part")  # 其中网上申请700件: a part the template has no cell for
    if stated.wider:
        same_word = WIDER.get(stated.wider, stated.wider) == asked.wider
        return Fit("as_asked", None, stated.wider) if same_word else Fit("related", "wider", stated.wider)
    return Fit("same")


def _column_name(key: str | None, en: bool) -> str:
    if key is None:
        return "the total" if en else "总数"
    for table in (APPLICANTS, OUTCOMES, ACTIVES):
        if key in table:
            names = [p for p in table[key] if bool(re.search(r"[a-z]", p)) == en]
            return names[0] if names else key
    return key


def why_not(how: Fit, en: bool = False) -> str:
    """Why a related number is not the figure asked, for the answer."""
    word = how.word or ""
    if how.why == "wider" and word in ("含", "including"):
        return "the number includes another quantity" if en else "这个数字包含了其他项目"
    if how.why == "wider" and WIDER.get(word) == "cumulative":
        return "it is a cumulative count, not the year's" if en else "这是累计数，不限于本年度"
    if how.why == "wider":
        return (
            f"a count of applications {word} (handled) may include those carried over from last year"
            if en
            else f"“{word}”的数量可能包含上年结转，不等同于本年新收"
        )
    if how.why == "combined":
        return "it is several rows of the table added together" if en else "这是表格中几项合计的数字"
    if how.why == "column":
        return (
            f"it is the figure for {_column_name(how.word, True)}, another column"
            if en
            else f"这是“{_column_name(how.word, False)}”的数字，不是所问的一栏"
        )
    return "it is only a part, or another breakdown, of the figure" if en else "这只是其中一部分或另一种口径"
