"""Understanding a question: which issuers, which years, which figure, what kind of answer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .issuers import IssuerMatch, IssuerMatcher
from .lexicon import MetricAsk, find_metric

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})(?![\d])|([二][〇零○一二三四五六七八九]{3})\s*年")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

_CUES = {
    "rank": r"最多|最少|最高|最低|排名|排行|前[三五十]|most|least|fewest|highest|lowest|\btop\b|\brank",
    "compare": r"比较|对比|相比|哪个多|哪个少|谁多|谁少|\bvs\.?\b|versus|compare|compared|difference between",
    "trend": r"历年|逐年|趋势|变化|每年|各年|几年来|over the years|trend|each year|by year|year by year|changed",
    "sum": r"合计|一共|总共|加起来|共计|总和|in total|altogether|combined|\bsum\b",
}
_QUANTITY = re.compile(r"多少|几|数量|总数|数目|金额|是多少|how many|how much|number of|\bcount\b|\bamount\b|\btotal\b",
                       re.IGNORECASE)
# Words of a descriptive question: without a quantity word it wants passages, not a cell.
_DESCRIPTIVE = re.compile(r"如何|怎么|怎样|为什么|为何|做法|措施|举措|经验|哪些方面|\bhow (?:did|does|do|is|are|was|were)\b"
                          r"|\bwhy\b|\bwhat did\b|\bdescribe\b|\bexplain\b", re.IGNORECASE)
_FEWEST = re.compile(r"最少|最低|least|fewest|lowest", re.IGNORECASE)


@dataclass
class Question:
    text: str
    english: bool
    places: list[IssuerMatch] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    metric: MetricAsk | None = None
    intent: str = "single"  # single | compare | rank | trend | sum
    quantity: bool = False  # asks for a number
    descriptive: bool = False  # asks how or why
    ascending: bool = False  # rank from the fewest
    inherited: list[str] = field(default_factory=list)  # what came from the previous question

    @property
    def issuers(self) -> list[str]:
        return list(dict.fromkeys(p.issuer for p in self.places if p.issuer))

    @property
    def missing_places(self) -> list[IssuerMatch]:
        return [p for p in self.places if p.issuer is None]


def is_english(text: str) -> bool:
    return len(_LATIN.findall(text)) > 2 * len(_CJK.findall(text))


def find_years(text: str) -> list[int]:
    years = []
    for m in _YEAR.finditer(text):
        token = m.group(1) or m.group(2)
        years.append(int("".join(_CN_DIGITS.get(c, c) for c in token)))
    return list(dict.fromkeys(y for y in years if 1990 <= y <= 2100))


def parse(text: str, matcher: IssuerMatcher) -> Question:
    """Everything the router needs to know about a question."""
    places = matcher.match(text)
    years = find_years(text)
    intent = "single"
    for name in ("rank", "compare", "trend", "sum"):
        if re.search(_CUES[name], text, re.IGNORECASE):
            intent = name
            break
    issuers = {p.issuer for p in places if p.issuer}
    if intent == "single" and len(issuers) > 1:
        intent = "compare"
    if intent == "sum" and len(issuers) == 1:
        intent = "single"  # "一共收到多少申请" about one issuer is just its total
    return Question(
        text=text, english=is_english(text), places=places, years=years, metric=find_metric(text),
        intent=intent, quantity=bool(_QUANTITY.search(text)), ascending=bool(_FEWEST.search(text)),
        descriptive=bool(_DESCRIPTIVE.search(text)))


def follow_up(q: Question, previous: Question | None) -> Question:
    """Fill what an elliptical follow-up leaves out ("那2019年呢？", "and Haidong?") from the last question."""
    if previous is None:
        return q
    short = len(_CJK.findall(q.text)) <= 12 if not q.english else len(q.text.split()) <= 6
    if not short or (q.metric is not None and (q.places or q.years)):
        return q
    inherited = []
    changes: dict[str, object] = {}
    if q.metric is None and previous.metric is not None:
        changes["metric"] = previous.metric
        changes["quantity"] = previous.quantity or q.quantity
        inherited.append("metric")
    if not q.places and previous.places:
        changes["places"] = previous.places
        inherited.append("issuer")
    if not q.years and previous.years:
        changes["years"] = previous.years
        inherited.append("year")
    if q.intent == "single" and previous.intent in ("rank", "trend") and not q.places:
        changes["intent"] = previous.intent
    if not inherited:
        return q
    return replace(q, inherited=inherited, **changes)
