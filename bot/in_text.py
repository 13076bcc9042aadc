"""Picking a figure out of a cited passage, for figures the tables do not hold.

A number is taken only with its measure word (件, 分, 个 …), only when that unit fits what
is asked (money for a fee) and only when the words just before it share the question's
content words — `2000余条` is never an answer to a question about applications. For a
template figure, the number's own measure (bot/measure.py) must be the asked one to fill
the cell; a wider or combined quantity is returned marked as such, to be quoted only.
Nothing found is an honest answer too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from index.lexical import tokenize

from .lexicon import UNITS, asked_channels, channels_in, channels_named, expand_query
from .measure import CLAUSE_END, SENTENCE_END, Asked, Fit, fit, sentence, stated_measure
from .retrieval import Passage

_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(余|多)?\s*(" + "|".join(map(re.escape, UNITS)) + ")")
_WINDOW = 24  # characters before a number that must speak of the same thing
_IN_ALL = re.compile(r"共|累计|总计|合计|各类|全部")
_QUESTION_UNIT = re.compile(r"(?:多少|几)\s*(" + "|".join(map(re.escape, UNITS)) + ")")
MONEY = ("元", "万元", "亿元")
# A time asked in days (多少天) is answered by days or working days, never by a count; 日 alone is
# left out: "3月15日" is a date.
DAYS = ("天", "个工作日", "工作日")
_TIMES = (*DAYS, "小时")
# Words that make a question ask for an amount of money (信息处理费收了多少): a count of
# 条 or 件 never answers it.
_MONEY_WORDS = re.compile(r"费|金额|多少钱|资金|经费|收入|支出|\b(?:how much money|fees?|costs?|yuan)\b", re.IGNORECASE)
_NOISE = {"多少", "几", "有", "是", "了", "年", "how", "many", "much", "what", "did", "does", "the", "in"}


@dataclass(frozen=True)
class FoundNumber:
    """A number read from a sentence of the text, with the measure its sentence states."""

    passage: Passage
    value: float
    unit: str
    text: str  # the number as printed, e.g. "4 件"
    clause: str  # the clause it stands in
    score: float
    quote: str = ""  # the sentence it stands in (its clause when the sentence is long), for the answer
    fit: Fit = Fit("same")  # "same": the asked figure; else only to be quoted (bot/measure.py)


@lru_cache(maxsize=256)
def _question_words(question: str) -> frozenset[str]:
    """The question's content words (tokenised once, however many reports a ranking reads)."""
    return frozenset(t for t in tokenize(expand_query(question)) if t not in _NOISE and not t.isdigit())


def asked_unit(question: str) -> str | None:
    m = _QUESTION_UNIT.search(question)
    return m.group(1) if m else None


def question_units(question: str) -> tuple[str, ...] | None:
    """The units a number must carry to answer a question naming no template figure:
    the one it asks for (多少件), money for a fee or an amount; None: any."""
    unit = asked_unit(question)
    if unit in MONEY or (unit is None and _MONEY_WORDS.search(question)):
        return MONEY
    if unit in DAYS:
        return DAYS
    return (unit,) if unit else None


def other_channels(question: str, found: FoundNumber) -> list[str]:
    """The channels besides the one asked that a number's own clause names before it (门户网站、微博、
    微信…公开各类信息5200条, asked of the website): the number is theirs together, which the answer
    says. [] when the question names no channel, or the clause no other."""
    asked = channels_named(question)
    said = channels_in(found.clause.split(found.text.strip(), 1)[0])  # (其中…门户网站…1800条 is the website's)
    if not asked or not asked.intersection(said):
        return []
    return [k for k in said if k not in asked]


def _window(text: str, start: int) -> str:
    """The clause before a number (and the one before that, when short), from the number before
    it on: in a list (公开信息 1871 条、动态更新 1382 条) the words before 1871 are 1871's."""
    begin = max(0, start - _WINDOW)
    cut = [m.end() for m in CLAUSE_END.finditer(text, begin, start)]
    if cut and start - cut[-1] >= 6:
        begin = cut[-1]
    before = [m.end() for m in _NUMBER.finditer(text, begin, start)]
    if before:
        begin = before[-1]
    return text[begin:start]


def _common(a: str, b: str) -> int:
    """Length of the longest run of characters a and b share."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _breakdown_only(text: str, start: int, window: str, question: str) -> bool:
    """A number after 其中 in its sentence is one part of the sentence's total: it answers only a
    question naming that part, i.e. sharing a longer run of words with it than with the total's clause."""
    sentence_start = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    head, found, _ = text[sentence_start:start].partition("其中")
    if not found:
        return False
    total_clause = head.rstrip("，,：: ").rsplit("，", 1)[-1].rsplit(",", 1)[-1]
    return _common(question, window) <= _common(question, total_clause)


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    m = CLAUSE_END.search(text, end)
    return text[left : m.start() if m else len(text)].strip()


def find_number(
    question: str,
    passages: list[Passage],
    exclude: set[str],
    required: tuple[tuple[str, ...], ...] = (),
    units: tuple[str, ...] | None = None,
    measure: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    top: int = 3,
    asked: Asked | None = None,
    strict: bool = False,
) -> FoundNumber | None:
    """The best number in the passages for the question.

    `exclude`: question words that name the place and year, not the thing counted.
    `required`: groups of words; a word of every group must stand before the number
    (the row's words, and the column's when a column is asked for).
    `units`: the number's measure word must be one of these (default: what the question asks).
    `measure`: (words, foreign words): the number's clause must say one of the words and none
    of the foreign ones, so a number about another thing (结转, 热线) is never taken.
    `asked`: the template figure asked: a number whose sentence states it exactly wins; else
    the best one stating a wider, combined or other-column quantity of it, marked by its `fit`
    (`strict`: only the exact one, for rankings and sums).
    """
    words = {t for t in _question_words(question) if t not in exclude}
    channels = asked_channels(question)
    wanted_unit = asked_unit(question)
    units = units if units is not None else question_units(question)
    best: dict[bool, FoundNumber] = {}
    for rank, passage in enumerate(passages[:top]):
        text = passage.chunk.text
        for m in _NUMBER.finditer(text):
            if (units is not None and m.group(3) not in units) or (units is None and m.group(3) in _TIMES):
                continue  # (a time answers only a question asking one: 多少天)
            judged = _judge(question, text, m, words, required, measure, asked, strict, channels)
            if judged is None:
                continue
            window, how, shared = judged
            unit = m.group(3)
            score = shared + (1.5 if unit == wanted_unit else 0) - 0.5 * rank - 0.01 * len(window)
            score += _emphasis(question, text, m.start(), window, asked is None, channels)
            if how.why in ("wider", "combined"):
                score += 0.5  # of numbers only to quote, the sentence's own total says best why
            exact = how.kind != "related"
            if exact not in best or score > best[exact].score:
                best[exact] = FoundNumber(
                    passage,
                    float(m.group(1)),
                    unit,
                    m.group(0),
                    _clause(text, m.start(), m.end()),
                    score,
                    sentence(text, m.start(), m.end()),
                    how,
                )
    return best.get(True) or best.get(False)


def _emphasis(
    question: str, text: str, start: int, window: str, untemplated: bool, channels: tuple[tuple[str, ...], ...]
) -> float:
    """What the words before a number add to its score beyond the words shared: a part of a total
    (其中…) or of several channels counts less; the count said of all kinds (共…各类) more."""
    said = window.lower()
    own_channel = any(w in said for w in channels[0])  # 其中…政务微信…200条, asked of WeChat
    score = -1.0 if own_channel and any(w in said for w in channels[1]) else 0.0  # 网站、微信等渠道…2000余条
    if untemplated and not own_channel and _breakdown_only(text, start, window, question):
        return score - 1  # 其中…微信200条 does not answer how many in all
    if untemplated and _IN_ALL.search(window):
        return score + 0.3  # of a list of counts, the one said of all kinds (共…各类信息 12683条)
    return score


def _on_channel(around: str, channels: tuple[tuple[str, ...], ...]) -> bool | None:
    """Whether a number's clause says the channel asked (True), says another one only (None: it
    does not answer, 微信公众号…138 条 asked of the website), or neither (False)."""
    said = around.lower()
    if any(w in said for w in channels[0]):
        return True
    return None if any(w in said for w in channels[1]) else False


def _judge(
    question: str,
    text: str,
    m: re.Match[str],
    words: set[str],
    required: tuple[tuple[str, ...], ...],
    measure: tuple[tuple[str, ...], tuple[str, ...]] | None,
    asked: Asked | None,
    strict: bool,
    channels: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
) -> tuple[str, Fit, int] | None:
    """Whether the number `m` of a passage's text can answer: the words before it, how its sentence fits
    the figure asked, and how many of the question's words it shares; None: it cannot. `channels`:
    the words of the publishing channels the question names and of the others: a number said of
    another channel only (微信公众号…138条, asked of the website) does not answer."""
    window = _window(text, m.start())
    # The clause around the number: measure words may follow it ("1件结转下年度继续办理").
    around = window + _clause(text, m.start(), m.end())
    if not all(any(word in around for word in group) for group in required):
        return None
    on_channel = _on_channel(around, channels)
    if on_channel is None or (not on_channel and _on_channel(text[: m.start()], channels) is None):
        # A channel asked: the number's clause says another only, or (saying none) the passage before
        # it names others but not this one (a WeChat paragraph's count, asked of Weibo).
        return None
    if measure is not None and (not any(w in around for w in measure[0]) or any(w in around for w in measure[1])):
        return None
    # The required words already tie the number to the figure asked for; the channel asked, said
    # with the number (门户网…1871 条), counts as a word shared.
    shared = sum(1 for w in words if w in window) + (1 if required else 0) + (1 if on_channel else 0)
    if shared == 0:
        return None
    how = fit(stated_measure(text, m.start(), m.end(), _NUMBER), asked) if asked else Fit("same")
    if how is None or (strict and how.kind != "same"):
        return None
    return window, how, shared
