"""Understanding a question: which issuers, which years, which figure, what kind of answer.

A `Question` is also the conversation's context: `Answerer.ask(text, previous)` takes the
last one and returns the new one, with what its answer used in `last` (plain data, so the
service can pickle or JSON-serialise it between turns).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ingest.textmatch import cjk_count, lazy

from .issuers import IssuerMatch, NameMatcher
from .lexicon import (
    ALL_YEARS_WORDS,
    APPLICANTS,
    RATES,
    SUM_WORDS,
    Condition,
    Measures,
    MetricAsk,
    asks_all_issuers,
    asks_all_years,
    asks_average,
    asks_each,
    asks_per,
    asks_share,
    column_named,
    find_change_rank,
    find_column,
    find_condition,
    find_measures,
    find_metric,
    find_rate,
    rate_metric,
    rate_of_row,
)

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_YEAR = lazy(r"(?<![\d])((?:19|20)\d{2})(?![\d])|([二][〇零○一二三四五六七八九]{3})\s*年")
_LATIN = lazy(r"[A-Za-z]")

_CUES = {
    "rank": r"最多|最少|最高|最低|排名|排行|前[三五十]|哪个县|哪些县|哪个区|哪个市|哪个省|most|least|fewest|highest|lowest"
    r"|\btop\b|\brank",
    "compare": r"比较|对比|相比|哪个多|哪个少|谁多|谁少|\bvs\.?\b|versus|compare|compared|difference between"
    r"|(?:和|跟|与|同)[^，,。？?]{1,12}?比(?![例重率])",  # 和刚察比呢: side by side with the last one
    "trend": r"历年|逐年|趋势|变化情况|每年|各年|几年来|over the years|trend|each year|by year|year by year|changed",
    "sum": "|".join(r"\b" + re.escape(w) + r"\b" if w.isascii() else re.escape(w) for w in SUM_WORDS),
}
# A difference between two subjects (two issuers, or one issuer's two years).
_DIFFERENCE = lazy(
    r"多多少|少多少|比.{1,12}[多少].{0,5}多少|差多少|相差|差距|高多少|低多少|增加了?多少|减少了?多少|增长了?多少|同比|比上年|比去年"
    r"|变化了?多少|变动了?多少"
    r"|how many more|how much more|how many fewer|how much less|difference|year[- ]on[- ]year"
    r"|how much (?:did|has|have|had|does|do)\b.{0,40}\b(?:grow|rise|increase|fall|drop|decrease|decline|change)"
    r"|by how (?:much|many)|more than|fewer than|less than",
    re.IGNORECASE,
)
# A relative change (增长率, 增长了百分之多少, growth rate): (new − base) / base, not a share nor a gap.
_GROWTH = lazy(
    r"增长率|增幅|增速|降幅|涨幅|跌幅|下降率|减少率|变化率|变动率|增减率|增长了?几成|下降了?几成"
    r"|(?:增长|增加|减少|下降|上升|提高|降低|变化|多|少|高|低)(?:了|出)?(?:百分之多少|多少%|多少百分比|百分之几|百分比是?多少)"
    r"|growth rate|rate of (?:growth|change|increase|decrease)|percent(?:age)? (?:increase|decrease|change|growth|rise|drop)"
    r"|by what percent|by how many percent|how many percent|what percent(?:age)? (?:increase|decrease|change|growth|rise|drop)"
    r"|(?:grow|grew|grown|increase|decrease|rise|rose|fall|fell|drop|change)[a-z]* (?:in|by) (?:percent|percentage)"
    r"|percent(?:age)? (?:higher|lower|more|fewer|less)",
    re.IGNORECASE,
)
# A question about what is on file, not inside a report: 有哪些报告, 合阳的报告是哪年的, which reports do you have.
_CATALOGUE = lazy(
    r"(?:有|存档了?|收录了?|导入了?|存了)(?:哪些|什么|几份|多少份?|多少)[^，,。？?]{0,8}?(?:报告|年报)"
    r"|(?:报告|年报)(?:列表|清单|目录)|(?:报告|年报)是哪[一几]?年|哪[些几]年的(?:报告|年报)"
    r"|(?:哪些|哪几个|什么)[^，,。？?\s]{0,4}(?:有|提交了?|上传了?)(?:报告|年报)"  # no CJK range: 2 ms to compile
    r"|\b(?:what|which) reports\b|\blist (?:of |all |the )*reports\b|\bhow many reports\b"
    r"|\breports (?:do you have|are (?:there|on file|available)|on file|have you got)\b"
    r"|\bwhich (?:counties|cities|districts|issuers|places|years|governments)\b[^?]*\b(?:reports?|on file)\b",
    re.IGNORECASE,
)
# Carry-overs named by the year they go to or come from: the report is the year before or after
# (结转到2025年 is the 2024 report's 结转下年度; carried over from 2023, the 2024 report's 上年结转).
_CARRIED_TO = lazy(
    r"(?:结转(?:到|至|进)|转入|carr(?:ied|y)(?: \w+)?(?: over)? (?:to|into))\s*((?:19|20)\d{2})", re.IGNORECASE
)
_CARRIED_FROM = lazy(
    r"(?:从|自)\s*((?:19|20)\d{2})\s*年?度?\s*(?:结转|转来)|carr(?:ied|y)(?: \w+)?(?: over)? from\s*((?:19|20)\d{2})",
    re.IGNORECASE,
)
_NAMED_SHARE = lazy(r"占比|比例|比重|\bshare\b|proportion", re.IGNORECASE)
_YOY = lazy(
    r"同比|[比和与跟同较](?:上一?年|去年|前一年)|增长|增加|减少|变化|变动|\bchange\b|year[- ]on[- ]year"
    r"|(?:than|from|over|with|compared to|versus|vs\.?)\s+(?:the\s+)?(?:year before|previous year|prior year|last year)",
    re.IGNORECASE,
)
_QUANTITY = lazy(
    r"多少|几|数量|总数|数目|金额|是多少|(?:申请|件|案件|起诉|复议|诉讼)数|how many|how much|number of|\bcount\b|\bamount\b|\btotal\b",
    re.IGNORECASE,
)
# Words of a descriptive question: without a quantity word it wants passages, not a cell.
_DESCRIPTIVE = lazy(
    r"如何|怎么|怎样|为什么|为何|做法|措施|举措|经验|哪些方面|什么问题|哪些问题|存在|问题|不足|"
    r"\bhow (?:did|does|do|is|are|was|were)\b|\bwhy\b|\bwhat did\b|\bdescribe\b|\bexplain\b"
    r"|\bproblems?\b|\bissues\b",
    re.IGNORECASE,
)
_MOST = lazy(r"最多|最高|most|highest|largest", re.IGNORECASE)
_FEWEST = lazy(r"最少|最低|least|fewest|lowest", re.IGNORECASE)
# "超过100件的县有哪些": the level named as what is asked for, at the question's end.
_LEVEL_ASKED = r"(?=有哪些|是哪些|都有哪些|有几个|[？?]|$)"
_LEVELS = (
    (
        "county",
        r"哪个县|哪些县|哪个区|哪些区|各县|县区|区县|哪个旗|每个县|每一个县|每县|几个县|多少个县|的县(?:区)?"
        + _LEVEL_ASKED
        + r"|\bwhich count(?:y|ies)\b|\bcounties\b|\bdistricts\b|\b(?:each|every|per) (?:county|district)\b",
    ),
    (
        "city",
        r"哪个市|哪些市|各市|哪个州|每个市|每一个市|的市"
        + _LEVEL_ASKED
        + r"|\bwhich cit(?:y|ies)\b|\bcities\b|\b(?:each|every|per) city\b",
    ),
    (
        "province",
        r"哪个省|哪些省|各省|每个省|每一个省|的省(?:份)?"
        + _LEVEL_ASKED
        + r"|\bwhich provinces?\b|\bprovinces\b|\b(?:each|every|per) province\b",
    ),
    ("department", r"哪个部门|哪些部门|哪个局|哪些局|各局|\bwhich (?:departments?|bureaus?)\b|\bdepartments\b"),
)
# Strings a question may want from the text rather than a figure.
_WANTS = (
    ("phone", r"电话|联系方式|热线号码|phone|telephone|contact number"),
    ("email", r"邮箱|电子邮件|e-?mail"),
    ("address", r"地址|在哪办公|address"),
    ("person", r"是谁|谁是|谁负责|负责人|组长|牵头领导|\bwho\b"),
)
_RELATIVE = (
    ("大前年", -3),
    ("前年", -2),
    ("去年", -1),
    ("上年度", -1),
    ("今年", 0),
    ("本年度", 0),
    ("the year before last", -2),
    ("last year", -1),
    ("this year", 0),
)
# Years named relative to the last question's (那上一年呢, "and the year before?"): its years moved
# by this many. ("the year before last" is today's, _RELATIVE.)
_SHIFTS = (
    ("上一年度", -1),
    ("上一年", -1),
    ("前一年", -1),
    ("下一年度", 1),
    ("下一年", 1),
    ("后一年", 1),
    ("次年", 1),
    ("the year before", -1),
    ("the previous year", -1),
    ("the prior year", -1),
    ("a year earlier", -1),
    ("the year after", 1),
    ("the next year", 1),
    ("the following year", 1),
    ("a year later", 1),
)
# Words before a year that make it a base compared with, not the year asked (比上一年, than the year before).
_COMPARED = lazy(r"(?:比|较|与|和|跟|同|than|compared (?:with|to)|over|from|versus|vs\.?)\s*$", re.IGNORECASE)
# Turns that are not questions: greetings, thanks, stray words.
_SMALL_TALK = lazy(
    r"(?:hi|hello|hey|thanks?|thank you|thx|ok|okay|clear|cls|bye|help|\?|start|test|"
    r"你好|您好|嗨|谢谢|多谢|感谢|好的|好|嗯|哦|再见|拜拜|帮助|清除|清空|在吗|测试)[!！.。~～?？\s]*",
    re.IGNORECASE,
)
# Follow-ups that act on the previous answer.
_CHAT = (
    (
        "why",
        (
            r"^(?:那)?(?:为什么|为啥|为何|怎么回事|怎么来的|怎么算的|怎么得出|why|how come|explain"
            r"|how was (?:that|this|it) (?:computed|calculated|found))"
        ),
    ),
    ("source", r"出处|来源|哪里来的|从哪|在哪里|在哪儿|where (?:is|did) (?:that|this|it)|\bsource\b|\bcite\b|citation"),
    (
        "which",
        (
            r"^(?:那)?(?:哪个多|哪个少|哪个大|哪个高|谁多|谁少|谁更多|which (?:one )?(?:is |was |had )?"
            r"(?:more|larger|bigger|higher|greater|less|fewer|smaller))"
            # 两者相差多少: the same two figures' difference (what 哪个多 answers)
            r"|^(?:那)?(?:两者|两个|二者|它们|这两个)?(?:之间)?(?:相差|差|差距|差了)(?:多少|几|多大|是多少)"
            r"|^(?:what(?:'s| is) the difference|how (?:big|large) is the (?:gap|difference)|by how much)\b"
        ),
    ),
)
# Ranges of years: 2019–2025, 2019年到2025年, from 2019 to 2025, between 2019 and 2025; and open ones
# (since 2020, 自2020年以来) that run to the latest year on file.
_Y = r"((?:19|20)\d{2})"
_RANGE = lazy(
    _Y + r"\s*年?度?\s*(?:-|–|—|~|～|至|到|to|through|until|till)\s*" + _Y + r"(?:\s*年)?"
    r"|between\s+" + _Y + r"\s+and\s+" + _Y,
    re.IGNORECASE,
)
_SINCE = lazy(
    r"(?:since|starting(?: in| from)?|from)\s+" + _Y + r"(?!\s*(?:-|–|—|~|to|through|until|till)\s*\d)"
    r"|(?:自|从)?\s*" + _Y + r"\s*年?(?:以来|至今|起|开始|到现在|到今天)",
    re.IGNORECASE,
)
_RECENT = lazy(
    r"(?:近|最近|过去|前)\s*([一二两三四五六七八九十\d]+)\s*年"
    r"|(?:last|past|previous|recent)\s+(\d+|two|three|four|five|six|seven)\s+years",
    re.IGNORECASE,
)
_COUNT = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
}
_TOP = lazy(r"前\s*([一二两三四五六七八九十\d]+)\s*(?:名|个|位|家)?|top\s*(\d+|three|five|ten)", re.IGNORECASE)
_COUNT["ten"] = 10
# A review of whole reports (bot/review), not of one figure: what changed between two years'
# reports, and what is wrong with one report (its own table, not the problems its section 五 lists).
_CHANGES = lazy(
    r"(?:有|发生了?)?(?:什么|哪些|何)(?:变化|不同|差异|变动)|变化(?:了)?(?:什么|哪些)|"
    r"what (?:has |have )?changed|what(?:'s| is| are) (?:the )?(?:changes?|differen)|"
    r"\bchanges (?:in|between|from)\b",
    re.IGNORECASE,
)
# A count asked in so many words: a follow-up after a rate that wants the number, not the rate.
_COUNT_ASKED = lazy(r"总数|总计|多少件|几件|数量|how many|number of|\bcount\b", re.IGNORECASE)
# The 本年增/减 column named as such; 增加, 减少 alone in a difference are its operation.
_CHANGE_COLUMN = lazy(r"增减|增/减|本年增|\bchange\b")
# 体检, a report's check-up; not the end of 新媒体, 整体 before 检查 (新媒体检查合格率).
_CHECK = lazy(
    r"(?:年报|年度报告|报告|报表|表格|数据)(?:有|存在|还有)?(?:哪些|什么|啥)(?:问题|错误|差错|毛病)|"
    r"(?:年报|报告|报表|数据)(?:是否)?(?:有误|有错|出错|准确吗|对不对|靠谱吗)|勾稽|核对|审核|校验|体检(?!查)|"
    r"report card|(?:wrong|problems?|errors?|issues?) (?:with|in) (?:the )?\S*\s*(?:\d{4} )?report|"
    r"\bcheck\b.*\breport",
    re.IGNORECASE,
)
_REPORT_WORD = lazy(r"年报|年度报告|报告|\breports?\b", re.IGNORECASE)
# Questions about the bot itself ("你是谁开发的"): help, not a search of the reports.
_ABOUT_BOT = lazy(
    r"你是谁|你是什么|你叫什么|谁(?:开发|做|写|创造|训练)了?你|你.{0,4}谁(?:开发|做|写)的|你能做什么"
    r"|who (?:are|made|built|developed|created|wrote) you|what are you|who is your",
    re.IGNORECASE,
)
_FILLER = lazy(
    r"那么|那|呢|的|吗|了|和|与|及|跟|其中|还有|再|又|比较|对比|一下|比(?=一下|一比|呢|[？?。!！\s]*$)"
    r"|\b(?:and|what|about|how|the|in|for|then|of|so|compare|with|versus|vs)\b"
    r"|[？?，,。.!！\s、]",
    re.IGNORECASE,
)


@dataclass
class Question:
    """A question as parsed: who, when, which measure, which operation."""

    text: str
    english: bool
    places: list[IssuerMatch] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    metric: MetricAsk | None = None
    intent: str = "single"  # single | compare | rank | trend | sum | difference | average | threshold
    quantity: bool = False  # asks for a number
    descriptive: bool = False  # asks how or why
    ascending: bool = False  # rank from the fewest
    inherited: list[str] = field(default_factory=list)  # what came from the previous question
    ratio: str | None = None  # "share" or a named rate of lexicon.RATES
    yoy: bool = False  # a difference against the year before
    growth: bool = False  # a relative change, (new − base) / base, not a gap (增长率)
    change: str | None = None  # a ranking by each issuer's change between two years: absolute | relative
    catalogue: bool = False  # about what is on file (有哪些报告), answered from the list of reports
    level: str | None = None  # county | city | province, when the question names one ("哪个县")
    year_note: str = ""  # how a relative year (去年) was read, to say in the answer
    wants: str | None = None  # phone | email | address | person: a string from the text
    chat: str | None = None  # help | why | source | which | share | column: acts on the previous answer
    elliptical: bool = False  # nothing left once places, years and filler words are taken out
    search: str = ""  # what to search the prose for, when not the text itself (an elliptical follow-up)
    measures: list[MetricAsk] = field(default_factory=list)  # several named together ("复议加诉讼"), else []
    share_of: MetricAsk | None = None  # the whole of a share named in the question ("占新收申请的比例")
    added: bool = False  # the measures are to be added (加 / plus / 合计)
    against: bool = False  # the first measure less the second (收到的申请比办结的多多少)
    year_range: tuple[int, int | None] | None = None  # 2019–2025; (2020, None): since 2020
    all_years: bool = False  # 历年, over the years: every year on file
    recent: int | None = None  # 近三年: the last N years on file
    each: bool = False  # 分别 / 各单位: one line per issuer (or per measure)
    all_issuers: bool = False  # 所有单位, all reports: across every issuer, never the 法人 column
    top: int | None = None  # 前三, top 5
    condition: Condition | None = None  # a threshold's condition (超过100件: > 100; 没有收到: = 0)
    per: str | None = None  # 平均每月, 日均, 人均: the figure per month | quarter | week | day | person
    shift: int = 0  # 那上一年呢: the last question's years, moved by this many
    # The questions asked after this one in the same text (bot/clauses.py), answered after it.
    more: list[str] = field(default_factory=list)
    review: str | None = None  # changes (what changed from one year's report to the next) | check (its problems)
    last: dict[str, Any] = field(default_factory=dict)  # what the previous answer used (plain data)

    @property
    def issuers(self) -> list[str]:
        return list(dict.fromkeys(p.issuer for p in self.places if p.issuer))

    @property
    def missing_places(self) -> list[IssuerMatch]:
        return [p for p in self.places if p.issuer is None]


def is_english(text: str) -> bool:
    return len(_LATIN.findall(text)) > 2 * cjk_count(text)


def find_years(text: str) -> list[int]:
    years = []
    for m in _YEAR.finditer(text):
        token = m.group(1) or m.group(2)
        years.append(int("".join(_CN_DIGITS.get(c, c) for c in token)))
    return list(dict.fromkeys(y for y in years if 1990 <= y <= 2100))


def relative_years(text: str, today: date | None = None) -> tuple[list[int], str]:
    """Years named relative to today (去年, last year) and a note saying how they were read."""
    today = today or date.today()
    lower = text.lower()
    for word, delta in _RELATIVE:
        if word in lower:
            year = today.year + delta
            en = is_english(text)
            note = (
                f"(“{word}” read as {year}, from today's date {today.isoformat()}.)"
                if en
                else f"（“{word}”按今天的日期 {today.isoformat()} 理解为 {year} 年。）"
            )
            return [year], note
    return [], ""


def _arabic_years(text: str) -> str:
    """二〇一九年 → 2019年, so ranges are read the same whichever digits they are written in."""
    return re.sub(
        r"[二][〇零○一二三四五六七八九]{3}(?=\s*年)", lambda m: "".join(_CN_DIGITS.get(c, c) for c in m.group(0)), text
    )


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _COUNT.get(word.lower())


@dataclass(frozen=True)
class YearSpan:
    """The years a question spans beyond the ones it names: a range, every year, or the last few."""

    years: list[int] = field(default_factory=list)  # a closed range, written out
    year_range: tuple[int, int | None] | None = None
    all_years: bool = False
    recent: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.year_range or self.all_years or self.recent)


def year_span(text: str) -> YearSpan:
    """2019–2025 / 2019年到2025年 / from 2019 to 2025 / since 2020 / 近三年 / 历年."""
    text = _arabic_years(text)
    m = _RANGE.search(text)
    if m:
        a, b = sorted(int(y) for y in m.groups() if y)
        return YearSpan(list(range(a, b + 1)), (a, b))
    m = _SINCE.search(text)
    if m:
        return YearSpan([], (int(next(y for y in m.groups() if y)), None))
    m = _RECENT.search(text)
    if m and (n := _count(next(g for g in m.groups() if g))):
        # 最近一年: the latest report, as a question naming no year gets (and is told which).
        return YearSpan([], None, False, n) if n > 1 else YearSpan()
    return YearSpan([], None, asks_all_years(text))


def find_top(text: str) -> int | None:
    """前三 / top 5: how many a ranking lists."""
    m = _TOP.search(text)
    return _count(next(g for g in m.groups() if g)) if m else None


def _residue(text: str, places: list[IssuerMatch]) -> str:
    for p in places:
        text = text.replace(p.mention, " ")
    text = _RECENT.sub(" ", _RANGE.sub(" ", _SINCE.sub(" ", _arabic_years(text))))
    for word in ALL_YEARS_WORDS:
        text = re.sub(re.escape(word), " ", text, flags=re.IGNORECASE)
    text = _YEAR.sub(" ", text)
    for word, _ in _RELATIVE + _SHIFTS:
        text = re.sub(re.escape(word), " ", text, flags=re.IGNORECASE)
    return _FILLER.sub("", text)


def _shift(text: str, years: list[int], metric: MetricAsk | None, elliptical: bool) -> int:
    """How far a follow-up naming no year moves the last question's years (上一年: −1): one that
    asks a figure or nothing else (那上一年呢, 那上一年收到多少申请). Not the words of a row (上一年度
    结转), a base compared with (比上一年, than the year before), a last year (最后一年) or a plan
    for the year ahead (下一年度的工作计划: the text's, of the report asked)."""
    if years or not (elliptical or metric is not None):
        return 0
    lower = text.lower()
    for word, delta in _SHIFTS:
        at = lower.find(word)
        if at < 0:
            continue
        if (metric is not None and word in metric.phrase.lower()) or _COMPARED.search(lower[max(0, at - 16) : at]):
            return 0
        return 0 if lower[at - 1 : at] == "最" else delta
    return 0


def _wants(text: str) -> str | None:
    """The string a question asks of the text (phone, email, address, person), if any."""
    return next((name for name, pattern in _WANTS if re.search(pattern, text, re.IGNORECASE)), None)


def _elliptical(residue: str, metric: MetricAsk | None) -> bool:
    """Nothing left once places, years and filler words are taken out; for a question naming no
    figure, a change asked of the last one is left out too (同比增长多少, 比上年增长了多少)."""
    core = re.sub(r"了|百分之|上一?年|多少|几|[比较]", "", _YOY.sub("", residue)) if metric is None else residue
    return cjk_count(core) <= 2 and len(re.findall(r"[a-z]+", core.lower())) <= 1


def _results_of_one_report(
    text: str,
    issuers: set[str],
    years: list[int],
    metric: MetricAsk | None,
    ratio: str | None,
    measures: Measures,
    span: YearSpan,
    growth: bool,
) -> Measures:
    """办理结果 as such: every result row for one report's figure question only; ranked, compared,
    averaged or over years it is the results' total (never the result rows added up: 190 for 95)."""
    if not measures.results:
        return measures
    alone, _ = _intent(text, issuers, years, metric, ratio, Measures(), span)
    alone, condition = _average_or_threshold(text, alone, metric, bool(issuers), growth, years)
    return measures if alone == "single" and condition is None and len(issuers) <= 1 else Measures()


def parse(text: str, matcher: NameMatcher, today: date | None = None) -> Question:
    """Everything the router needs to know about a question."""
    places = matcher.match(text)
    span, years, year_note = _years(text, today)
    english = is_english(text)
    if _SMALL_TALK.fullmatch(text.strip()) or _ABOUT_BOT.search(text.strip()):
        return Question(text=text, english=english or not cjk_count(text), chat="help")
    issuers = {p.issuer for p in places if p.issuer}
    metric, ratio, measures, growth = _figure(text, places)
    years, span, year_note = _carried_years(text, metric, years, span, year_note, english)
    measures = _results_of_one_report(text, issuers, years, metric, ratio, measures, span, growth)
    intent, yoy = _intent(text, issuers, years, metric, ratio, measures, span)
    metric = _without_change_column(text, metric, intent, years)
    change, falling = _change_rank(text, metric, intent)
    if change:  # 增长最快: each issuer's change between two years ranked, not one difference
        intent, growth, yoy = "rank", False, False
    intent, years, span, yoy = _as_growth(growth, intent, years, span, yoy or (growth and len(issuers) <= 1))
    intent, condition = _average_or_threshold(text, intent, metric, bool(issuers), growth, years)
    level = next((name for name, pattern in _LEVELS if re.search(pattern, text, re.IGNORECASE)), None)
    wants = _wants(text) if metric is None else None
    residue = _residue(text, places)
    elliptical = _elliptical(residue, metric)
    chat = _chat(text, places, metric, wants, residue)
    several = len(measures.parts) > 1
    review = _review(text, metric, places, years)
    return Question(
        text=text,
        english=english,
        places=places,
        years=years,
        metric=metric,
        intent=intent,
        quantity=bool(_QUANTITY.search(text)),
        ascending=bool(_FEWEST.search(text)) != falling,  # 下降最多: from the largest fall
        descriptive=bool(_DESCRIPTIVE.search(text)),
        ratio=ratio,
        yoy=yoy and condition is None,
        growth=growth,
        change=change,
        level=level,
        year_note=year_note,
        wants=wants,
        chat=chat,
        elliptical=elliptical,
        measures=list(measures.parts) if several or measures.whole else [],
        share_of=measures.whole if measures.parts else None,
        added=several and intent == "sum",
        against=measures.against and intent == "difference",
        year_range=span.year_range,
        all_years=span.all_years,
        recent=span.recent,
        each=asks_each(text) or (asks_all_issuers(text) and bool(re.search(r"各|每|each|every", text, re.I))),
        all_issuers=asks_all_issuers(text),
        top=find_top(text),
        condition=condition,
        per=_per(text, metric),
        shift=_shift(text, years, metric, elliptical),
        review=review,
        catalogue=metric is None and bool(_CATALOGUE.search(text)),
    )


def _per(text: str, metric: MetricAsk | None) -> str | None:
    """平均每月, 人均: what a figure is asked per (none without a figure)."""
    return asks_per(text) if metric is not None else None


def _average_or_threshold(
    text: str, intent: str, metric: MetricAsk | None, named: bool, growth: bool, years: list[int]
) -> tuple[str, Condition | None]:
    """平均 asks the mean of the figure over the reports chosen; a condition (超过100件, 没有收到)
    asks which reports meet it. Either is the operation, whatever the other words cued (哪些县
    reads as a ranking, "more than" as a difference). 没有 is = 0 only across reports (哪些县…没有
    收到申请), not about an issuer named ("合阳县没有公开的…")."""
    if metric is None or growth:
        return intent, None
    if asks_average(text):
        return "average", None
    condition = find_condition(text, zero=not named or bool(re.search(r"哪|which|what", text, re.IGNORECASE)))
    if condition and condition.value in years:
        condition = None  # "under the 2019 template": the question's year, not a number to compare with
    return ("threshold", condition) if condition else (intent, None)


def _carried_years(
    text: str, metric: MetricAsk | None, years: list[int], span: YearSpan, note: str, english: bool
) -> tuple[list[int], YearSpan, str]:
    """结转到2025年 / carried over from 2023: the report holding that carry-over, and say so."""
    row = metric.row if metric else ""
    found = _CARRIED_TO.search(text) if row == "applications.carried_over_out" else None
    shift = -1
    if row == "applications.carried_over_in":
        found, shift = _CARRIED_FROM.search(text), 1
    if found is None:
        return years, span, note
    named = int(next(g for g in found.groups() if g))
    report = named + shift
    said = (
        f"(Carried over {'to' if shift < 0 else 'from'} {named}: the {report} report's figure.)"
        if english
        else f"（{'结转到' if shift < 0 else '从'} {named} 年{'' if shift < 0 else '结转'}的申请，见 {report} 年报。）"
    )
    return [report if y == named else y for y in years] or [report], YearSpan(), note + said


def _without_change_column(text: str, metric: MetricAsk | None, intent: str, years: list[int]) -> MetricAsk | None:
    """比2023年增加了多少: between two years, 增加/减少 is their difference, not the 本年增/减 column
    (of one year, 增加了多少 is the change the report prints; 增减 named is the column)."""
    if len(years) < 2 or intent != "difference" or metric is None or metric.column != "change":
        return metric
    return metric if _CHANGE_COLUMN.search(text) else replace(metric, column=None)


def _change_rank(text: str, metric: MetricAsk | None, intent: str) -> tuple[str | None, bool]:
    """增长最快, 增加最多, biggest drop (or 增幅 beside a ranking's words): a ranking by each issuer's
    change between two years, absolute or relative, and whether from the largest fall (lexicon.CHANGE_WORDS);
    (None, False) for any other question."""
    change = find_change_rank(text) if metric is not None else None
    if change is None or not (change[2] or intent == "rank"):
        return None, False
    return change[0], change[1]


def _as_growth(
    growth: bool, intent: str, years: list[int], span: YearSpan, yoy: bool
) -> tuple[str, list[int], YearSpan, bool]:
    """A growth rate is a difference taken relative to its base: over a span (2023年到2024年), between
    its first and last years; of one year alone, against the year before; of two subjects, the second."""
    if not growth or intent not in ("single", "compare", "trend", "difference"):
        return intent, years, span, yoy and not growth
    if span.year_range and span.years:
        return "difference", [span.years[-1], span.years[0]], YearSpan(), False
    if span.any:
        return intent, years, span, False  # 历年, 近三年: each year's figure, no single base
    return "difference", years, span, yoy and len(years) <= 1


# A year written with two digits, as people type it (合阳20年, 21年度): never a count of years (近20年,
# 20年来, 20年代) nor part of a longer number.
_SHORT_YEAR = lazy(r"(?<![\d近前过去这多数几十百千万第每满])([12]\d)(?=\s*(?:年度?|年报)(?![代来间前内后多]))")


def _years(text: str, today: date | None) -> tuple[YearSpan, list[int], str]:
    """The span named (2019–2025, 历年), the years, and how a relative year (去年) was read."""
    text = _SHORT_YEAR.sub(r"20\1", unicodedata.normalize("NFKC", text))  # ２０２０ → 2020; 20年 → 2020年
    span = year_span(text)
    years = span.years or find_years(text)
    year_note = ""
    if not years and not span.any:
        years, year_note = relative_years(text, today)
    return span, years, year_note


def _chat(
    text: str, places: list[IssuerMatch], metric: MetricAsk | None, wants: str | None, residue: str
) -> str | None:
    """What a question does with the last answer (why | source | which | column | share), if anything."""
    chat = next((name for name, pattern in _CHAT if re.search(pattern, text.strip(), re.IGNORECASE)), None)
    if chat in ("why", "source", "which") and (
        places or metric is not None or wants or cjk_count(residue) > 8 or len(residue.split()) > 8
    ):
        chat = None  # a question of its own ("海东市政务服务大厅在哪里"), not about the last answer
    if chat is None and metric is None and _column_asked(text, residue):
        chat = "column"  # 其中自然人多少: the last row, this column
    if chat is None and asks_share(text) and metric is None:
        chat = "share"
    return chat


def _column_asked(text: str, residue: str) -> bool:
    """Whether a short question names a column alone (其中自然人多少; 其中法人或其他组织多少, a long name
    with two words more): an applicant's, or an outcome only as a count (not 驳回是什么意思)."""
    named = column_named(text)
    if named is None or cjk_count(residue) > 8 and cjk_count(residue) - cjk_count(named[1]) > 5:
        return False
    return named[0] in APPLICANTS or bool(_QUANTITY.search(text)) or cjk_count(residue) <= 3


def _review(text: str, metric: MetricAsk | None, places: list[IssuerMatch], years: list[int]) -> str | None:
    """ "changes" or "check" when the question asks to review whole reports; None otherwise.
    A figure named (收到的申请有什么变化) is that figure's question, not a review; changes are
    a diff only between two years or of the reports named (政务公开有哪些变化 asks the prose)."""
    if metric is not None or not places:
        return None
    if _CHECK.search(text):
        return "check"
    if _CHANGES.search(text) and (len(set(years)) >= 2 or _REPORT_WORD.search(text)):
        return "changes"
    return None


def _figure(text: str, places: list[IssuerMatch]) -> tuple[MetricAsk | None, str | None, Measures, bool]:
    """The figure asked (the first of several named together), the rate or share asked, the measures,
    and whether its relative change is asked (增长率)."""
    metric = find_metric(text)
    bare = text  # without places and years, so "share of Huai'an's 2024 applications" reads as "share of applications"
    for p in places:
        bare = bare.replace(p.mention, " ")
    measures = find_measures(re.sub(r"'s\b|’s\b", " ", _YEAR.sub(" ", bare)))
    if measures.parts:
        metric = measures.parts[0]
    ratio = find_rate(text)
    if ratio and metric is not None and re.search(r"(?:予以公开|部分公开|不予公开)率", text):
        ratio = "share"  # 予以公开率: that row's share, not the 公开率 of the template
    elif ratio:
        metric = rate_metric(ratio, metric)
    elif metric is not None and (asks_share(text) or re.search(r"[^\W\d_]率|\brate\b", text)):
        ratio = "share"
    growth = bool(_GROWTH.search(text)) and metric is not None
    if growth and ratio == "share" and not _NAMED_SHARE.search(text):
        ratio = None  # 增长率's 率, growth rate's "rate", "grow in percent": a change, no share
    return metric, ratio, measures, growth


def _intent(
    text: str,
    issuers: set[str],
    years: list[int],
    metric: MetricAsk | None,
    ratio: str | None,
    measures: Measures,
    span: YearSpan,
) -> tuple[str, bool]:
    """single | compare | rank | trend | sum | difference | list, and whether it is year on year."""
    several = len(measures.parts) > 1
    intent = _counted(_cued(text), issuers, years, ratio, measures, span)
    difference = bool(_DIFFERENCE.search(text)) and intent in ("single", "compare") and not span.any
    yoy = bool(_YOY.search(text)) and len(issuers) <= 1 and len(years) <= 1 and not span.any
    if measures.against and (difference or intent in ("single", "compare")):
        return "difference", False  # one measure against another, in the same report(s): no year before
    asked = re.search(r"多少|how m|什么变化|有何变化", text, re.IGNORECASE)
    # One figure against the year before: "compared with the previous year" has no other side.
    if difference or (yoy and metric is not None and (intent == "compare" or intent == "single" and asked)):
        intent = "difference"
    if span.any and intent in ("single", "compare"):
        intent = "trend"  # 2019–2025, 历年, since 2020: every year in the span
    if several and intent in ("single", "compare") and not ratio:
        intent = "list"  # 行政复议和行政诉讼分别多少: each measure
    return intent, yoy


def _cued(text: str) -> str:
    """The operation the question's words name first (rank, compare, trend, sum), else single."""
    for name in ("rank", "compare", "trend", "sum"):
        if re.search(_CUES[name], text, re.IGNORECASE):
            return name
    if asks_all_issuers(text) and re.search(r"总数|总量|总额|总计", text) and not asks_each(text):
        return "sum"  # 全部报告的申请总数: one number over them all, not each report's 总计
    return "single"


def _counted(
    intent: str, issuers: set[str], years: list[int], ratio: str | None, measures: Measures, span: YearSpan
) -> str:
    """The operation as the issuers, years and measures named make it: several issuers compared, measures added."""
    several = len(measures.parts) > 1
    if intent == "single" and len(issuers) > 1:
        intent = "compare"
    if several and measures.added and intent in ("single", "compare"):
        intent = "sum"  # 行政复议加行政诉讼: their sum
    if intent == "sum" and len(issuers) == 1 and not several and not span.any and len(years) <= 1:
        intent = "single"  # "一共收到多少申请" about one issuer and year is just its total; over years, their sum
    if intent == "sum" and ratio:
        intent = "single"  # 予以公开和部分公开合计占…的比例: one share, of the sum
    return intent


def _keep_operation(q: Question, previous: Question, changes: dict[str, Any], same_measure: bool) -> None:
    """A short follow-up ("那2020年呢", "行政复议呢", "那淮安呢") asks again what the last question did: a
    ranking, a trend (over the same span), a sum of the same measures or across every issuer, a listing."""
    spans = bool(changes.get("year_range") or changes.get("all_years") or changes.get("recent"))
    if _keep_average_or_threshold(q, previous, changes):
        return
    if same_measure and previous.measures and previous.intent in ("sum", "list"):
        changes["intent"] = previous.intent
    elif (
        previous.intent == "rank"
        and not q.places
        or previous.intent == "trend"
        and (spans or not q.places and not q.years)
    ):
        changes["intent"] = previous.intent
        changes["level"] = previous.level
        changes["change"] = previous.change  # 增长最快 » 那2022年到2024年呢: still by the change
        # "最低的呢 » 2019年呢": still from the fewest, until the question says most again
        changes["ascending"] = q.ascending or previous.ascending and not _MOST.search(q.text)
    elif previous.intent in ("sum", "list") and previous.all_issuers and not q.places:
        changes["intent"], changes["all_issuers"], changes["each"] = previous.intent, True, previous.each
    elif spans and previous.intent == "sum":
        changes["intent"] = "sum"  # 平潭2019年到2025年一共… → 那淮安呢


def _keep_average_or_threshold(q: Question, previous: Question, changes: dict[str, Any]) -> bool:
    """ "那2020年呢" after an average or a threshold over reports: the same mean, or condition, over
    the same level; True when kept."""
    if previous.intent not in ("average", "threshold") or q.places:
        return False
    changes["intent"], changes["level"], changes["condition"] = previous.intent, previous.level, previous.condition
    return True


def _keep_change(q: Question, previous: Question, changes: dict[str, Any], same_measure: bool) -> None:
    """增长最快 » "那2020年到2023年呢": still each issuer's change, ranked, between the years it names."""
    if previous.change and same_measure and not q.places and q.intent in ("single", "trend"):
        changes.update(intent="rank", change=previous.change, level=previous.level, ascending=previous.ascending)


def _only_measure(q: Question) -> bool:
    """ "行政复议呢", "and lawsuits?": a new measure and nothing else."""
    if q.metric is None or q.places or q.years:
        return False
    rest = _residue(q.text, q.places).lower().replace(_text_of(q.metric.phrase), "")
    return cjk_count(rest) <= 2 and len(re.findall(r"[a-z]+", rest)) <= 1


def _text_of(phrase: str) -> str:
    return phrase.lower().replace(" ", "")


def _span_of(previous: Question) -> dict[str, object]:
    """The years a follow-up takes from a question over a span: the span itself, to expand again."""
    closed = previous.year_range and previous.year_range[1] is not None
    years = list(range(previous.year_range[0], previous.year_range[1] + 1)) if closed else []  # type: ignore[index,operator]
    return {
        "year_range": previous.year_range,
        "all_years": previous.all_years,
        "recent": previous.recent,
        "years": years,
    }


def follow_up(q: Question, previous: Question | None) -> Question:
    """The question in the conversation's context: a review's follow-up ("那2023年呢" after a report
    card) is the same review of the place or year it names; any other, `_follow_up`."""
    if (
        previous is not None
        and previous.review
        and q.review is None
        and q.metric is None
        and q.elliptical
        and (q.places or q.years)
        and q.chat is None
    ):
        inherited = [k for k, own in (("issuer", q.places), ("year", q.years)) if not own]
        return replace(
            q,
            review=previous.review,
            places=q.places or previous.places,
            years=q.years or previous.years,
            inherited=["review", *inherited],
            last=previous.last,
        )
    return _follow_up(q, previous)


def _follow_up(q: Question, previous: Question | None) -> Question:
    """Fill what an elliptical follow-up leaves out ("那2019年呢？", "and Haidong?") from the last question.

    A question that names its own subject ("淮安市2024年存在什么问题") keeps it: only an
    elliptical one (nothing left but places, years and filler words) inherits the figure.
    """
    if q.chat == "help":
        return q
    if previous is None or previous.chat == "help" and not previous.last:
        return _without_context(q)
    q = replace(q, last=previous.last)
    if q.chat in ("why", "source", "which", "share"):
        return _about_the_last(q, previous)
    inherited: list[str] = []
    changes: dict[str, Any] = {}
    _inherit_subject(q, previous, changes, inherited)
    _compare_with_last(q, previous, changes, inherited)
    _keep_rate(q, previous, changes)
    if q.metric is not None and (q.places or q.years):
        return replace(q, chat=None) if q.chat == "column" else q
    _inherit_place_and_years(q, previous, changes, inherited)
    before = dict(changes)
    if q.intent == "single" and ("metric" in inherited or _only_measure(q)):
        _keep_operation(q, previous, changes, "metric" in inherited)
        if previous.per and q.per is None:
            changes["per"] = previous.per  # 平均每月 » 那2024年呢: still a month's
    _keep_change(q, previous, changes, "metric" in inherited)
    if changes != before and not inherited:  # 哪个县…最多 » 那行政复议呢: the new measure, ranked as the last
        inherited.append("operation")
    if not inherited:
        return replace(q, chat=None) if q.chat == "column" else q
    return replace(q, inherited=inherited, chat=None, **changes)


def _inherit_subject(q: Question, previous: Question, changes: dict[str, Any], inherited: list[str]) -> None:
    """What the follow-up asks about, from the last question: its row with a new column (其中自然人多少),
    its descriptive topic ("那合阳呢"), or its figure (with its measures, share and sum)."""
    rate = rate_of_row(previous.metric.row, q.text) if q.metric is None and previous.metric is not None else None
    if rate is not None:  # 纠错率呢 after 行政复议总计: that row's correction rate, not its 结果纠正 alone
        changes["metric"], changes["ratio"], changes["quantity"] = rate_metric(rate, previous.metric), rate, True
        inherited.append("metric")
    elif q.chat == "column" and previous.metric is not None:
        # (None: a column the row has not, 其中自然人 after 行政复议; the answer says so over the row's own figure)
        changes["metric"] = replace(previous.metric, column=find_column(q.text, previous.metric.row))
        changes["quantity"] = True
        inherited.append("metric")
    elif q.metric is None and previous.metric is None and q.elliptical and (q.places or q.years):
        # "那合阳呢" after a descriptive question: the same question about another place or year.
        changes["search"] = previous.search or previous.text
        changes["descriptive"], changes["wants"] = previous.descriptive, previous.wants
        inherited.append("topic")
    elif q.metric is None and previous.metric is not None and q.elliptical:
        changes["metric"] = previous.metric
        changes["ratio"] = previous.ratio
        changes["quantity"] = previous.quantity or q.quantity
        # Several measures, a share's whole, their sum: the whole figure asked comes along.
        changes["measures"], changes["share_of"], changes["added"] = (
            previous.measures,
            previous.share_of,
            previous.added,
        )
        inherited.append("metric")


def _keep_rate(q: Question, previous: Question, changes: dict[str, Any]) -> None:
    """复议纠错率 » 诉讼呢: a new measure alone is asked the same rate, when its row has one."""
    if q.metric is None or q.ratio or previous.ratio not in RATES or not _only_measure(q):
        return
    if q.metric.column is not None or _COUNT_ASKED.search(q.text):
        return  # 诉讼总数呢: the count asked, not the rate
    if rate := rate_of_row(q.metric.row, rate=previous.ratio):
        changes["metric"], changes["ratio"] = rate_metric(rate, q.metric), rate


def _compare_with_last(q: Question, previous: Question, changes: dict[str, Any], inherited: list[str]) -> None:
    """ "和刚察比呢", "compare with Gangcha": the places it names beside the last question's, not instead."""
    if q.intent != "compare" or not q.places or not previous.places or q.all_issuers or q.level:
        return
    named = {p.issuer for p in q.places}
    earlier = [p for p in previous.places if p.issuer not in named]
    if earlier:
        changes["places"] = earlier + list(q.places)
        inherited.append("issuer")
        if not q.years and previous.years and not (q.year_range or q.all_years or q.recent):
            changes["years"] = previous.years
            inherited.append("year")


def _inherit_place_and_years(q: Question, previous: Question, changes: dict[str, Any], inherited: list[str]) -> None:
    """The last question's places and years (or span), when the follow-up names none and asks across none."""
    # A question that names no place goes on about the last one, unless it asks across places.
    across = q.intent in ("rank", "sum") or bool(q.level) or q.all_issuers  # every report on file
    if not q.places and previous.places and not across:
        changes["places"] = previous.places
        inherited.append("issuer")
    spans = bool(q.year_range or q.all_years or q.recent)  # "from 2019 to 2025?": its own years
    if not q.years and not spans and (inherited or q.metric is not None) and not across:
        if previous.year_range or previous.all_years or previous.recent:
            changes.update(_span_of(previous))  # "那淮安呢" after 平潭历年: 淮安's years, not 平潭's
            inherited.append("year")
        elif years := _years_before(previous, q.shift):
            changes["years"] = [y + q.shift for y in years]  # (那上一年呢: each a year back)
            inherited.append("year")


def _years_before(previous: Question, shift: int) -> list[int]:
    """The last question's years; when it named none and a follow-up moves them (那上一年呢), the
    years of the figures its answer gave (its issuer's latest report)."""
    if previous.years or not shift or len(previous.issuers) != 1:
        return previous.years  # (several issuers' latest reports are of different years: none to move)
    years = {f["year"] for f in previous.last.get("figures", []) if isinstance(f.get("year"), int)}
    return sorted(years) if len(years) == 1 else []


def _without_context(q: Question) -> Question:
    """No last answer to act on: a question about it gets help; any other stands alone."""
    if q.chat in ("why", "source", "which", "share", "column") and q.metric is None and not q.places:
        return replace(q, chat="help")
    return replace(q, chat=None) if q.chat else q


def _about_the_last(q: Question, previous: Question) -> Question:
    """为什么, 出处, 哪个多, 占比: these act on the previous answer; its subject and figure come along."""
    return replace(
        q,
        places=q.places or previous.places,
        years=q.years or previous.years,
        metric=q.metric or previous.metric,
        quantity=True,
        ratio=q.ratio or previous.ratio or ("share" if q.chat == "share" else None),
        inherited=["issuer", "year", "metric"],
    )


def is_chatter(text: str) -> bool:
    """Whether a turn only acts on the last answer or is small talk (为什么, 出处, 哪个多, 你好):
    cheap, so an interface need not count it as a question. The same patterns as `parse`, which
    takes a long turn carrying its own place or measure for a question of its own."""
    stripped = text.strip()
    if _SMALL_TALK.fullmatch(stripped):
        return True
    short = cjk_count(stripped) <= 8 and len(stripped.split()) <= 8
    return short and any(re.search(pattern, stripped, re.IGNORECASE) for _, pattern in _CHAT)
