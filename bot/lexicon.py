"""How people ask for the template's figures, in Chinese and English.

Every template label from ingest/template.py is a phrasing of its own row or column;
this module adds only the other ways people say it. Matching picks the longest
phrase found, so `未经复议直接起诉` wins over `行政诉讼`, and `不予公开` over `公开`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.template import (
    ACTIVE_COLUMNS,
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    CASE_GROUPS,
    OUTCOME_COLUMNS,
)
from ingest.textmatch import lazy

# A "row" is a metric key without its column: applications.received, active.penalty,
# review. Groups with no row of their own sum their parts (applications.withheld.*).
ROW_PHRASES: dict[str, tuple[str, ...]] = {
    "applications.received": (
        # Bare verbs (收到, 受理, received) are left out: "受理了多少来电" is not about applications.
        # With 申请 beside them they name the row, not the generic 申请: "收到申请和行政诉讼" is two measures.
        "新收",
        *("收到申请", "收到的申请", "受理申请", "受理的申请", "接到申请", "接到的申请"),
        "applications received",
        *("申请数量", "申请量", "依申请公开", "公开申请", "申请", "applications", "application", "requests", "request"),
    ),
    "applications.carried_over_in": (
        "上年结转",
        "上一年度结转",
        "上年度结转",
        "上一年结转",
        "结转来",
        "结转过来",
        "carried over from",
        "carry over from",
        "carried over from last year",
        "carried over from the previous year",
        "brought forward",
    ),
    "applications.granted": (
        "予以公开",
        "同意公开",
        "全部公开",
        "granted",
        "grant",
        "grants",
        "approved",
        "fully disclosed",
        "disclosed in full",
    ),
    "applications.partially_granted": (
        "部分公开",
        "partially granted",
        "partly granted",
        "partially disclosed",
        "partly disclosed",
        "partial disclosure",
    ),
    "applications.withheld": (
        "不予公开",
        "拒绝公开",
        "withheld",
        "withhold",
        "refused",
        "refuse",
        "refusals",
        "denied",
        "deny",
    ),
    "applications.withheld.state_secret": ("国家秘密", "state secret", "state secrets"),
    "applications.withheld.prohibited_by_law": ("法律行政法规禁止", "prohibited by law", "forbidden by law"),
    "applications.withheld.three_safeties_one_stability": ("三安全一稳定", "three safeties"),
    "applications.withheld.third_party_rights": ("第三方合法权益", "第三方", "third party", "third-party"),
    "applications.withheld.internal_affairs": ("内部事务", "internal affairs"),
    "applications.withheld.process_info": ("过程性信息", "过程性", "process information", "deliberative"),
    "applications.withheld.enforcement_file": ("行政执法案卷", "执法案卷", "enforcement file", "case files"),
    "applications.withheld.administrative_query": ("行政查询", "administrative query"),
    "applications.unavailable": ("无法提供", "unavailable", "could not be provided", "cannot be provided"),
    "applications.unavailable.not_held": (
        "不掌握",
        "信息不存在",  # how the 2017 template and people say it
        "政府信息不存在",
        "not held",
        "not hold",
        "does not hold",
        "did not hold",
        "doesn't hold",
    ),
    "applications.unavailable.needs_creation": (
        "另行制作",
        "没有现成信息",
        "needs creation",
        "would need creating",
        "need to be created",
    ),
    "applications.unavailable.unclear_after_correction": ("仍不明确", "unclear after correction", "still unclear"),
    "applications.not_processed": ("不予处理", "not processed", "not handled"),
    "applications.not_processed.petition_complaint": ("信访举报投诉", "信访", "petition", "petitions", "complaints"),
    "applications.not_processed.duplicate": ("重复申请", "duplicate", "duplicates", "repeated application"),
    "applications.not_processed.publication": ("公开出版物", "出版物", "publications", "publication"),
    "applications.not_processed.excessive_repeated": ("大量反复申请", "大量反复", "excessive", "vexatious"),
    "applications.not_processed.confirm_or_reissue": ("确认或重新出具", "重新出具", "reissue", "confirm"),
    "applications.other_handling": ("其他处理", "other handling", "otherwise handled"),
    # 其他处理's three rows (2021 template), as people shorten them.
    "applications.other_handling.no_correction": ("不补正", "未补正", "逾期未补正", "did not correct"),
    "applications.other_handling.unpaid_fee": (
        "逾期未缴费",
        "未缴费",
        "未缴纳费用",
        "逾期未缴纳",
        "未按收费通知",
        "fee not paid",
        "unpaid fee",
        "did not pay",
    ),
    "applications.other_handling.other": (
        "其他处理中的其他",
        "其他处理中的“其他”",
        '其他处理中的"其他"',
        "其他处理中其他",
        "因其他原因作其他处理",
        "other handling: other",
    ),
    # 办理/受理 + 申请 is how reports say "received" (共受理申请N件), so bare 办理 is left to 申请.
    "applications.results_total": (
        "办理结果",
        "办结",
        "答复",
        "handled",
        "processed in total",
        "results total",
        "answered",
        "respond to",
        "responded to",
        "reply to",
        "replied to",
    ),
    "applications.carried_over_out": (
        "结转下年度",
        "结转到下年度",
        "结转至下年度",
        "结转到下一年度",
        "转入下年度",
        "结转到",
        "结转至",
        "carried over to",
        "carry over to",
        "carried over into",
        "继续办理",
        "carried over to next year",
        "carried over to the next year",
        "carried forward",
        # "…" lets a few words stand between ("carried over the most requests to next year")
        "carried over … to next year",
        "carried over … to the next year",
        "carry over … to next year",
        "carry over … to the next year",
        "carried … into next year",
    ),
    "active.regulations": ("规章", "regulations", "rules"),
    "active.normative_docs": ("规范性文件", "normative documents", "normative docs", "regulatory documents"),
    "active.licensing": ("行政许可", "许可", "licences", "licenses", "licensing", "permits", "licence", "license"),
    "active.other_services": ("其他对外管理服务", "other services", "other management services"),
    "active.penalty": ("行政处罚", "处罚", "penalties", "penalty", "fines", "punishments"),
    "active.coercion": ("行政强制", "强制", "coercion", "coercive measures", "enforcement measures"),
    "active.fees": ("行政事业性收费", "收费", "fees", "fee", "charges"),
    "active.procurement": ("政府集中采购", "集中采购", "采购", "procurement", "purchasing"),
    "review": (
        "行政复议",
        "复议",
        "reconsideration",
        "reconsiderations",
        "administrative review",
        "administrative reviews",
        "reviews",
        "appeals",
    ),
    "litigation": (
        "行政诉讼",
        "诉讼",
        "被起诉",
        "起诉",
        "被告",
        "打官司",
        "官司",
        "告政府",
        "状告",
        "lawsuits",
        "lawsuit",
        "litigation",
        "sued",
        "court cases",
        "suits",
    ),
    "litigation_direct": ("未经复议直接起诉", "直接起诉", "directly", "without reconsideration", "direct lawsuits"),
    "litigation_after_review": ("复议后起诉", "after reconsideration", "after review"),
}

# Words that say "applications" without saying which row: any other row named wins over them
# ("how many duplicate applications" is about duplicates), and alone they mean the applications received.
GENERIC_ROW_PHRASES = frozenset(
    {"申请数量", "申请量", "依申请公开", "公开申请", "申请", "applications", "application", "requests", "request"}
)

# Rows with no printed row of their own: their figure is the sum of these rows.
SUM_ROWS: dict[str, tuple[str, ...]] = {
    "applications.withheld": tuple(
        f"applications.{r.key}" for r in APPLICATION_ROWS if r.key and r.key.startswith("withheld.")
    ),
    "applications.unavailable": tuple(
        f"applications.{r.key}" for r in APPLICATION_ROWS if r.key and r.key.startswith("unavailable.")
    ),
    "applications.not_processed": tuple(
        f"applications.{r.key}" for r in APPLICATION_ROWS if r.key and r.key.startswith("not_processed.")
    ),
    "litigation": ("litigation_direct", "litigation_after_review"),
}

_PART_ROWS = frozenset(k for parts in SUM_ROWS.values() for k in parts)

APPLICANT_PHRASES: dict[str, tuple[str, ...]] = {
    "natural_person": (
        "自然人",
        "个人",
        "公民",
        "群众",
        "individuals",
        "individual",
        "natural persons",
        "natural person",
        "citizens",
        "people",
    ),
    "commercial_enterprise": (
        "商业企业",
        "企业",
        "公司",
        "companies",
        "company",
        "businesses",
        "business",
        "enterprises",
    ),
    "research_institution": ("科研机构", "research institutions", "research institutes", "researchers"),
    "social_welfare_org": ("社会公益组织", "公益组织", "ngos", "ngo", "charities", "social welfare"),
    "legal_service_org": (
        "法律服务机构",
        "律师事务所",
        "律所",
        "律师",
        "law firms",
        "law firm",
        "lawyers",
        "legal service",
    ),
    "other_org": ("其他组织", "其他法人", "其他单位", "other organisations", "other organizations"),
    # Not a printed column: the sum of the five 法人或其他组织 columns (DERIVED_COLUMNS).
    # 单位 is not here: "各单位", "所有单位" mean the issuers (ISSUER_NOUNS), never this column.
    "legal_or_other": (
        "法人或其他组织",
        "法人和其他组织",
        "法人或者其他组织",
        "法人",
        "组织",
        "organisations",
        "organizations",
        "legal persons",
        "legal entities",
        "institutions and companies",
        "legal persons and other organisations",
        "legal persons and other organizations",
        "legal persons or other organisations",
        "legal persons or other organizations",
    ),
    "total": ("总计", "合计", "总数", "total"),
}

OUTCOME_PHRASES: dict[str, tuple[str, ...]] = {
    # 驳回 (a review or claim dismissed) is counted as 结果维持 in the template's explanatory notes.
    "upheld": ("结果维持", "维持", "驳回", "upheld", "maintained", "affirmed", "dismissed", "rejected"),
    # 败诉, lost: a lawsuit or reconsideration the government lost is one whose result was corrected
    # (the tables have no such column: the answer says how it was read, READ_AS).
    "corrected": ("结果纠正", "纠正", "纠错", "败诉", "corrected", "overturned", "reversed", "lost", "lose"),
    "other": ("其他结果", "other result", "other outcome", "withdrawn", "撤诉"),
    "pending": ("尚未审结", "未审结", "未结", "pending", "ongoing", "not yet concluded"),
    "total": ("总计", "总数", "合计", "total"),
}

ACTIVE_PHRASES: dict[str, tuple[str, ...]] = {
    "new_made": ("新制作", "制作", "newly made", "made"),
    "new_published": ("新公开", "newly published", "published this year"),
    "total_published": ("对外公开总数", "公开总数", "total published"),
    "issued": ("制发", "issued"),
    "repealed": ("废止", "repealed", "abolished"),
    "in_force": ("现行有效", "有效", "in force", "currently valid"),
    "prev_year_items": ("上一年项目", "上年项目", "last year's items", "items last year"),
    "change": ("增减", "增/减", "增加", "减少", "change", "increase", "decrease"),
    "decisions": ("处理决定", "决定", "decisions", "decided", "cases handled"),
    "amount_wan_yuan": ("金额", "多少钱", "总额", "amount", "how much money", "value", "spent", "collected", "yuan"),
    "projects": ("项目数量", "采购项目", "projects", "items purchased"),
}

# Columns the template implies but does not print: their figure is the sum of these columns.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "legal_or_other": tuple(c.key for c in APPLICANT_COLUMNS if c.key not in ("natural_person", "total")),
}
DERIVED_COLUMN_LABELS = {"legal_or_other": ("法人或其他组织", "legal persons and other organisations")}

# Words that name something outside the template even though they contain a row's words:
# 信息处理费 is the disclosure fee of section 六 (prose), not 行政事业性收费; a hotline's calls
# are not applications.
NOT_TEMPLATE = (
    "信息处理费",
    "处理费",
    "processing fee",
    "processing fees",
    "热线",
    "hotline",
    "来电",
    "calls",
    "12345",
    "信箱",
    "留言",
    "mailbox",
    # How long applications took: the tables count them, never their days (平均办理天数 is not an
    # average of the counts); a report's text may say it.
    "天数",
    "多少天",
    "几天",
    "工作日",
    "用时",
    "时长",
    "办理时间",
    "办理时限",
    "答复时间",
    "答复用时",
    "办理周期",
    "how many days",
    "how long",
    "working days",
)

# Rates the template implies: the words naming them, the numerator cells over the denominator
# cell, each a (row, column); a column None is the one the question asks (自然人的公开率), else the total.
Cell = tuple[str, str | None]
RATES: dict[str, tuple[tuple[str, ...], tuple[Cell, ...], Cell]] = {
    "disclosure_rate": (
        ("公开率", "disclosure rate", "rate of disclosure", "opening rate"),
        (("applications.granted", None), ("applications.partially_granted", None)),
        ("applications.results_total", None),
    ),
    # 纠错率: the cases whose result was corrected (结果纠正) over all of them (总计).
    "review_correction_rate": (
        (
            "复议纠错率",
            "复议纠正率",
            "复议被纠错率",
            "correction rate of reconsiderations",
            "correction rate of administrative reconsiderations",
            "reconsideration correction rate",
            "correction rate of reviews",
            "review correction rate",
        ),
        (("review", "corrected"),),
        ("review", "total"),
    ),
    # Both blocks of 行政诉讼 (未经复议直接起诉 and 复议后起诉) added, as 行政诉讼 is (SUM_ROWS).
    "litigation_correction_rate": (
        (
            "诉讼纠错率",
            "诉讼纠正率",
            "诉讼被纠错率",
            "correction rate of lawsuits",
            "correction rate of litigation",
            "correction rate of administrative lawsuits",
            "lawsuit correction rate",
            "litigation correction rate",
        ),
        (("litigation", "corrected"),),
        ("litigation", "total"),
    ),
}
# A rate named without its cases (纠错率呢 after 行政复议总计), or asked again of other cases (诉讼呢
# after 复议纠错率): the rate of that kind whose whole is the row asked (RATES).
RATE_KINDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("纠错率", "纠正率", "被纠错率", "correction rate"),
        ("review_correction_rate", "litigation_correction_rate"),
    ),
)
# Words of a question that name no column of the tables but are read as one (OUTCOME_PHRASES has them).
READ_AS: dict[str, str] = {"败诉": "corrected", "lost": "corrected", "lose": "corrected"}


def read_as(question: str, column: str | None, english: bool) -> tuple[str, str] | None:
    """(the question's word, the column's own name) when the question named `column` by a word the
    tables do not use (败诉 → 结果纠正, "lose" → "corrected"); None otherwise."""
    text = _text(question)
    word = next((w for w, col in READ_AS.items() if col == column and _phrase_in(w, text) >= 0), None)
    if word is None or column is None:
        return None
    names = OUTCOME_PHRASES[column]
    return word, next(p for p in names if _is_latin(p) == english)


def foreign_column(question: str, ask: MetricAsk | None) -> str | None:
    """The question's word for a column the figure asked does not have (自然人 of 行政复议, 纠正 of
    the applications received): the row's own figure is answered, and this word said to be unanswered."""
    if ask is None or ask.column is not None:
        return None
    text = _text(question)
    at = _phrase_in(ask.phrase, text)
    named = ((at, at + len(_flat(_text(ask.phrase)))),) if at >= 0 else ()
    # The other tables' words (an active item, 行政处罚, has neither applicants nor outcomes).
    for table in (t for t in (APPLICANTS, OUTCOMES) if t is not column_table(ask.row)):
        found = _longest(table, text, named)
        if found is not None and found[0] != "total":
            return found[1]
    return None


# Where information is published: a number the text gives for one channel (微信公众号信息发布 138 条)
# never answers a question about another (政府网站发布信息多少条). Each channel's words.
CHANNELS: dict[str, tuple[str, ...]] = {
    "website": ("政府网站", "门户网站", "门户网", "政府网", "网站", "website", "web site", "portal"),
    "wechat": ("微信", "公众号", "wechat"),
    "weibo": ("微博", "weibo"),
    "new_media": ("政务新媒体", "新媒体", "客户端", "抖音", "头条号", "new media", "app"),
    "press": ("报纸", "报刊", "电视", "广播", "newspaper", "television", "radio"),
    "service_hall": ("政务服务中心", "政务大厅", "服务大厅", "便民服务中心", "service centre", "service center"),
}
# Each channel's name in an answer (zh, en).
CHANNEL_NAMES = {
    "website": ("网站", "the website"),
    "wechat": ("微信", "WeChat"),
    "weibo": ("微博", "Weibo"),
    "new_media": ("新媒体", "new media"),
    "press": ("报刊广电", "press and broadcasting"),
    "service_hall": ("服务大厅", "service halls"),
}
# A channel that covers others: 新媒体 are WeChat's and Weibo's accounts among them.
_COVERS = {"new_media": ("wechat", "weibo")}


def channels_named(question: str) -> set[str]:
    """The publishing channels a question names (新媒体: and WeChat and Weibo, which it covers)."""
    text = _text(question)
    named = {k for k, words in CHANNELS.items() if any(_phrase_in(w, text) >= 0 for w in words)}
    return named | {c for k in named for c in _COVERS.get(k, ())}


def channels_in(text: str) -> list[str]:
    """The channels a sentence of a report names, in CHANNELS' order."""
    lower = text.lower()
    return [k for k, words in CHANNELS.items() if any(w in lower for w in words)]


def asked_channels(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the words of the publishing channels the question names, those of the others); ((), ())
    when it names none (政府网站: the website's words, and WeChat's, Weibo's… as the others)."""
    named = channels_named(question)
    if not named:
        return (), ()
    mine = tuple(w for k in named for w in CHANNELS[k])
    return mine, tuple(w for k, words in CHANNELS.items() if k not in named for w in words if w not in mine)


# Words that ask for a share of a whole ("what share was granted", 自然人占比).
SHARE_WORDS = (
    "占比",
    "几成",
    "比例",
    "比重",
    "百分比",
    "百分之几",
    "占多少",
    "share",
    "proportion",
    "percentage",
    "percent",
    "what fraction",
)

# Measure words next to a number in the prose: a number is used for a row only when its clause
# says one of the row's words and none of the words that would make it another figure
# ("1件结转下年度继续办理" is not what was received; "办结率98.9%" is the hotline's, not 公开率).
_ELSEWHERE = ("热线", "来电", "12345", "信箱", "留言", "咨询", "满意率", "办结率", "网民", "市民")
MEASURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "applications.received": (
        ("收到", "受理", "接到", "新收", "申请"),
        ("结转", "答复", "办结", "不予", "部分公开", "予以公开", "上年", *_ELSEWHERE),
    ),
    "applications.carried_over_in": (("上年结转", "上一年度结转", "上年度结转"), _ELSEWHERE),
    "applications.carried_over_out": (("结转下", "结转到下", "转入下", "继续办理"), ("上年结转", *_ELSEWHERE)),
    "applications.results_total": (("办结", "办理", "答复", "处理"), ("结转", "率", *_ELSEWHERE)),
    "applications.granted": (("予以公开", "同意公开", "公开"), ("不予", "部分公开", "结转", *_ELSEWHERE)),
    "applications.partially_granted": (("部分公开",), _ELSEWHERE),
    "disclosure_rate": (("公开率",), ("办结率", "满意率", "回复率", "热线")),
}

# The column asked for when the question names none, per active row and template.
ACTIVE_DEFAULT: dict[str, tuple[str, ...]] = {
    "regulations": ("new_made", "issued"),
    "normative_docs": ("new_made", "issued"),
    "licensing": ("decisions",),
    "other_services": ("decisions",),
    "penalty": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount_wan_yuan", "prev_year_items"),
    "procurement": ("amount_wan_yuan", "projects"),
}

# English words to Chinese search terms, so English questions still find Chinese passages.
GLOSSARY: dict[str, str] = {
    "website": "网站",
    "websites": "网站",
    "platform": "平台",
    "platforms": "平台",
    "portal": "门户网站",
    "problem": "问题",
    "problems": "问题",
    "issues": "问题",
    "shortcomings": "不足",
    "improve": "改进",
    "improvement": "改进",
    "improvements": "改进",
    "next year": "下一步",
    "plan": "下一步",
    "plans": "下一步",
    "training": "培训",
    "leader": "组长",
    "leads": "组长",
    "leading group": "领导小组",
    "group": "领导小组",
    "hotline": "热线",
    "calls": "来电",
    "wechat": "微信",
    "weibo": "微博",
    "new media": "新媒体",
    "budget": "预算",
    "interpretation": "解读",
    "policy": "政策",
    "assessment": "考核",
    "weight": "权重",
    "score": "分值",
    "points": "分",
    "complaints": "投诉",
    "supervision": "监督",
    "secrecy": "保密审查",
    "disclosure": "公开",
    "open government": "政务公开",
    "application": "依申请公开",
    "applications": "依申请公开",
    "government affairs": "政务",
    "services": "服务",
    "service": "服务",
    "hall": "大厅",
    "information": "信息",
    "consolidat": "集约",
    "intensive": "集约",
    "integrat": "整合",
    "organization": "组织领导",
    "leadership": "领导",
    "phone": "电话",
    "telephone": "电话",
    "contact": "联系",
    "email": "邮箱",
    "e-mail": "邮箱",
    "address": "地址",
    "head": "组长",
    "in charge": "负责",
    "mechanism": "机制",
    "system": "制度",
    "rules": "制度",
    "publicity": "宣传",
    "staff": "人员",
}


@dataclass(frozen=True)
class MetricAsk:
    """What a question asks for: a row (metric key without column) and maybe a column."""

    row: str
    column: str | None  # None: the row's default column
    phrase: str  # the words of the question that named the row


@lru_cache(maxsize=8192)
def _text(question: str) -> str:
    """Lowercased NFKC text with single spaces (Latin words keep their boundaries). Kept: the
    tables' ~700 phrases are normalised again for every question otherwise (2 ms a question)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", question).lower()).strip()


@lru_cache(maxsize=8192)
def _is_latin(phrase: str) -> bool:
    """Whether a (normalised) phrase has Latin letters: it is then matched word by word."""
    return re.search(r"[a-z]", phrase) is not None


@lru_cache(maxsize=8192)
def _flat(text: str) -> str:
    """The text with its spaces taken out (how Chinese phrases are found)."""
    return text.replace(" ", "")


def _starts(needle: str, hay: str) -> list[int]:
    """Where `needle` starts in `hay`, not overlapping (as re.finditer of the escaped needle finds
    it: one pattern a phrase overflowed re's cache of 512 and compiled them all again each question)."""
    out, at = [], hay.find(needle)
    while at >= 0 and needle:
        out.append(at)
        at = hay.find(needle, at + len(needle))
    return out


def _phrase_in(phrase: str, text: str) -> int:
    """Position of a phrase in the question text (word-bounded for Latin), or -1.

    Chinese phrases are found in the text with spaces removed, so the position is
    only compared with other Chinese phrases' positions.
    """
    p = _text(phrase)
    if _is_latin(p):
        if not _is_latin(text):  # a Chinese question: its pattern (compiled on first use) cannot match
            return -1
        m = _latin_phrase(p).search(text)
        return m.start() if m else -1
    # (each a look-up: ~550 phrases a question are looked for in the same text)
    flat, p = _flat(text), _flat(p)
    at = flat.find(p)
    after = _NOT_FOLLOWED_BY.get(p)
    while at >= 0 and after is not None and after.match(flat, at + len(p)):
        at = flat.find(p, at + 1)  # 答复期限, 答复文书: about the replies' deadlines or papers, not a count
    return at


# Words after which a phrase no longer names its figure (答复 is the results; 答复期限 is not).
_NOT_FOLLOWED_BY = {
    "答复": lazy(r"期限|时限|时间|文书|质量|规范|格式|延期|超期"),
    "办结": lazy(r"率|期限|时限|时间"),
}


@lru_cache(maxsize=4096)
def _latin_phrase(phrase: str) -> re.Pattern[str]:
    """A Latin phrase as a word-bounded pattern; "…" stands for up to four words between."""
    parts = [re.escape(part.strip()) for part in phrase.split("...")]  # NFKC has made "…" "..."
    return re.compile(r"(?<![a-z])" + r"(?:\s+[\w'-]+){0,4}\s+".join(parts) + r"(?![a-z])")


def _with_labels(table: dict[str, tuple[str, ...]], labels: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Add the template's own printed labels to a phrase table."""
    out = dict(table)
    for key, forms in labels.items():
        out[key] = tuple(dict.fromkeys(tuple(forms) + out.get(key, ())))
    return out


def _template_row_labels() -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    for r in APPLICATION_ROWS:
        if r.key:
            labels[f"applications.{r.key}"] = [r.label, *r.synonyms]
    for a in ACTIVE_ROWS:
        labels[f"active.{a.key}"] = [a.label, *a.synonyms]
    for g in CASE_GROUPS:
        labels[g.key] = [g.label]
    labels.pop("applications.other_handling.other", None)  # "其他" alone is not this row
    return labels


ROWS = _with_labels(ROW_PHRASES, _template_row_labels())
APPLICANTS = _with_labels(
    APPLICANT_PHRASES, {c.key: [c.label, *c.synonyms] for c in APPLICANT_COLUMNS if c.key != "other_org"}
)
OUTCOMES = _with_labels(OUTCOME_PHRASES, {c.key: [c.label] for c in OUTCOME_COLUMNS})
ACTIVES = _with_labels(ACTIVE_PHRASES, {c.key: [c.label, *c.synonyms] for c in ACTIVE_COLUMNS.values()})


class _PhraseIndex:
    """A phrase table's (key, phrase, normalised phrase) in the table's order, and which of
    them start with each character: a question is looked through for the phrases whose first
    character it has (a few dozen of ~550), in the same order, rather than for every phrase."""

    def __init__(self, table: dict[str, tuple[str, ...]]) -> None:
        self.table = table
        self.entries = [(key, phrase, _text(phrase)) for key, phrases in table.items() for phrase in phrases]
        self.latin: list[int] = []
        self.by_first: dict[str, list[int]] = {}
        for i, (_, _, norm) in enumerate(self.entries):
            if _is_latin(norm):
                self.latin.append(i)
            else:  # (no phrase is empty)
                self.by_first.setdefault(_flat(norm)[0], []).append(i)

    def among(self, text: str, chinese: bool, latin: bool) -> list[tuple[str, str, str]]:
        """The entries that may be found in `text` (normalised): its Chinese phrases whose first
        character the text has (`chinese`), every Latin one (`latin`), in the table's order."""
        at = [i for c in set(_flat(text)) for i in self.by_first.get(c, ())] if chinese else []
        return [self.entries[i] for i in sorted(at + (self.latin if latin else []))]


_INDEXES: dict[int, _PhraseIndex] = {}


def _phrases_of(table: dict[str, tuple[str, ...]], text: str, chinese: bool, latin: bool) -> list[tuple[str, str, str]]:
    """(key, phrase, normalised phrase) of a phrase table that may be found in `text`, in its order."""
    index = _INDEXES.get(id(table))
    if index is None or index.table is not table:
        index = _INDEXES[id(table)] = _PhraseIndex(table)  # the module's tables: one each
    return index.among(text, chinese, latin)


def _longest(
    table: dict[str, tuple[str, ...]], text: str, exclude: tuple[tuple[int, int], ...] = ()
) -> tuple[str, str, int] | None:
    """The key whose phrase found in the text is longest: (key, phrase, position)."""
    best: tuple[str, str, int] | None = None
    best_rank: tuple[tuple[bool, int], int] | None = None
    for key, phrase, p in _phrases_of(table, text, chinese=True, latin=_is_latin(text)):
        pos = _phrase_in(phrase, text)
        if pos < 0:
            continue
        if any(pos < end and start < pos + len(p) for start, end in exclude):
            continue  # inside the words that named a row
        # On a tie the deeper row wins: 国家秘密 (withheld.state_secret) over 不予公开 (withheld),
        # 直接起诉 (a part of 行政诉讼's sum) over 行政诉讼.
        rank = (_rank(p), key.count(".") + (key in _PART_ROWS))
        if best_rank is None or rank > best_rank:
            best, best_rank = (key, phrase, pos), rank
    return best


def _rank(phrase: str) -> tuple[bool, int]:
    """Specific words first, then longer ones."""
    return phrase not in GENERIC_ROW_PHRASES, len(phrase)


def find_metric(question: str) -> MetricAsk | None:
    """The row and column a question asks for, or None if it names no template figure."""
    text = _text(question)
    if any(_phrase_in(p, text) >= 0 for p in NOT_TEMPLATE):
        return None
    row = _longest(ROWS, text)
    if row is None:
        return _slip(text)
    key, phrase, pos = row
    col = _longest(column_table(key), text, ((pos, pos + len(_text(phrase))),))
    return MetricAsk(_whole_if_every_part(key, text), col[0] if col else None, phrase)


def _whole_if_every_part(key: str, text: str) -> str:
    """A part of a row that is a sum, or that row when the question names each of its parts
    (直接起诉和复议后起诉合计: 行政诉讼)."""
    whole = next((w for w, parts in SUM_ROWS.items() if key in parts), None)
    if whole is None or not all(any(_phrase_in(p, text) >= 0 for p in ROWS.get(k, ())) for k in SUM_ROWS[whole]):
        return key
    return whole


def _slip(text: str) -> MetricAsk | None:
    """A row typed with one wrong character of the same sound (行政复义, 上年节转: an input-method slip).

    Only the specific Chinese phrases of four characters or more; a run of the question at
    Hamming distance 1 (rapidfuzz) whose odd character shares a reading with the phrase's.
    """
    from rapidfuzz.distance import Hamming  # loaded for a question no row phrase matched

    s = text.replace(" ", "")
    best: tuple[str, str, str] | None = None
    for key, phrases in ROWS.items():
        for phrase in phrases:
            if len(phrase) < 4 or phrase in GENERIC_ROW_PHRASES or not re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
                continue
            for i in range(len(s) - len(phrase) + 1):
                typed = s[i : i + len(phrase)]
                if Hamming.distance(typed, phrase) != 1:
                    continue
                j = next(k for k, (a, b) in enumerate(zip(typed, phrase)) if a != b)
                if _same_sound(typed[j], phrase[j]) and (best is None or len(phrase) > len(best[1])):
                    best = (key, phrase, typed)
    if best is None:
        return None
    key, _, typed = best
    col = _longest(column_table(key), text)
    return MetricAsk(key, col[0] if col else None, typed)


@lru_cache(maxsize=4096)
def _same_sound(a: str, b: str) -> bool:
    from pypinyin import Style, pinyin  # only for a question no row phrase matched

    def readings(c: str) -> set[str]:
        return set(pinyin(c, style=Style.NORMAL, heteronym=True)[0])

    return bool(readings(a) & readings(b))


def column_table(row: str) -> dict[str, tuple[str, ...]]:
    """The phrases of the columns a row has: applicant columns, an active item's columns, or case outcomes."""
    if row.startswith("applications."):
        return APPLICANTS
    return ACTIVES if row.startswith("active.") else OUTCOMES


def find_column(question: str, row: str | None = None) -> str | None:
    """A column named without a row, for follow-ups: one of `row`'s columns when the row is known
    (纠正了几件 after 行政复议多少件), else an applicant's (其中自然人多少) or a case's outcome."""
    named = column_named(question, row)
    return named[0] if named else None


def column_named(question: str, row: str | None = None) -> tuple[str, str] | None:
    """`find_column`'s column and the phrase of the question that named it (法人或其他组织), or None."""
    text = _text(question)
    for table in [column_table(row)] if row else [APPLICANTS, OUTCOMES]:
        col = _longest(table, text)
        if col and col[0] != "total":
            return col[0], col[1]
    return None


def find_rate(question: str) -> str | None:
    """A named rate of the template (公开率, 复议纠错率), or None."""
    text = _text(question)
    for key, (phrases, _, _) in RATES.items():
        if any(_phrase_in(p, text) >= 0 for p in phrases):
            return key
    return None


def rate_of_row(row: str, question: str = "", rate: str | None = None) -> str | None:
    """The rate over `row` (a case row: review, litigation) of the kind the question names without
    its cases (纠错率), or of `rate`'s kind (复议纠错率 → 诉讼纠错率); None when the row has none."""
    text = _text(question)
    for phrases, rates in RATE_KINDS:
        if rate in rates or any(_phrase_in(p, text) >= 0 for p in phrases):
            return next((r for r in rates if RATES[r][2][0] == row), None)
    return None


def rate_metric(rate: str, named: MetricAsk | None) -> MetricAsk:
    """The figure a named rate stands for in a question: its first numerator cell (公开率: 予以公开), in
    the column named when the rate takes the question's (自然人的公开率)."""
    row, column = RATES[rate][1][0]
    if column is None and named is not None and named.row.split(".")[0] == row.split(".")[0]:
        column = named.column
    return MetricAsk(row, column, rate)


def rate_phrases(english: bool) -> list[str]:
    """The name of each rate known (公开率, 复议纠错率…), in the question's language: what a question
    naming another rate is told."""
    return [next(p for p in phrases if _is_latin(_text(p)) == english) for phrases, _, _ in RATES.values()]


def find_change_rank(question: str) -> tuple[str, bool, bool] | None:
    """A ranking by a change between two years (增长最快, grew the most): CHANGE_WORDS' entry of the
    longest phrase found, or None."""
    text = _text(question)
    found = [(len(_text(p)), p) for p in CHANGE_WORDS if _phrase_in(p, text) >= 0]
    return CHANGE_WORDS[max(found)[1]] if found else None


# A change over time asked as an amount (增长了多少, "how much did it grow"): the change is
# given as a rate too, as 同比 figures are reported (多 74 件, 增长 352.4%).
_GROWTH_AMOUNT = re.compile(
    r"(?:增长|增加|下降|减少|上升|下滑)了?(?:多少|几)"
    r"|how much did .{1,40}(?:grow|rise|increase|fall|drop)|(?:grow|rise|increase|fall|drop)\w* by how much",
    re.IGNORECASE,
)


def asks_growth_amount(question: str) -> bool:
    """Whether the question asks how much a figure grew or fell (an amount, not 增长率 alone)."""
    return _GROWTH_AMOUNT.search(question) is not None


def asks_share(question: str) -> bool:
    text = _text(question)
    return any(_phrase_in(p, text) >= 0 for p in SHARE_WORDS)


def column_phrases(ask: MetricAsk) -> tuple[str, ...]:
    """Phrasings of the column asked for; () for none or the total."""
    if ask.column is None or ask.column == "total":
        return ()
    return column_table(ask.row).get(ask.column, ())


def chinese(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in phrases if re.search(r"[\u4e00-\u9fff]", p))


def english_label(row: str) -> str:
    """An English name of a row key, for answers."""
    for phrase in ROWS.get(row, ()):
        if re.search(r"[a-z]", phrase):
            return phrase
    return row


# Words that point at a section of the template: its heading's words join the search, so the
# passage under that heading is found (信息处理费 are reported in section 六, not in a table).
SECTION_HINTS: dict[str, str] = {
    "信息处理费": "其他需要报告的事项 信息处理费",
    "处理费": "其他需要报告的事项 信息处理费",
    "processing fee": "其他需要报告的事项 信息处理费",
    "存在什么问题": "存在的主要问题",
    "存在哪些问题": "存在的主要问题",
    "problems": "存在的主要问题",
    "下一步": "改进情况",
    "next year": "改进情况",
}


def expand_query(question: str) -> str:
    """The question plus Chinese search terms for its English words and the sections it points at."""
    text = question.lower()
    extra = [zh for en, zh in GLOSSARY.items() if re.search(r"(?<![a-z])" + re.escape(en), text)]
    extra += [hint for word, hint in SECTION_HINTS.items() if word in text]
    return " ".join([question, *dict.fromkeys(extra)])


# ------------------------------------------------------------------ several measures, years, issuers
# The words of a question's operation (the frame's vocabulary). Matching is on the question
# lowercased with spaces removed for Chinese and word-bounded for English.
SUM_WORDS = (
    "合计",
    "一共",
    "总共",
    "加起来",
    "共计",
    "总和",
    "之和",
    "相加",
    "加总",
    "全国",  # 全国2020年收到申请多少: every report's, added up (not each one listed)
    "nationwide",
    "in total",
    "altogether",
    "combined",
    "sum",
    "together",
    "added up",
    "add up",
)
# The mean of a figure over the reports chosen (平均每个县, on average). 人均 is per person (a
# figure divided by a population the reports do not print), not this.
AVERAGE_WORDS = (
    "平均每个",
    "平均每份",
    "平均每家",
    "平均",
    "均值",
    "平均值",
    "平均数",
    "on average",
    "average",
    "averaged",
    "the mean",
    "mean number",
    "mean value",
    "mean of",
)
# A figure per month, quarter, week or day (平均每月, 日均, "a month"): the reports print each
# year's, which the answer divides (bot/plan/per.py); per person (人均) needs a number of people
# they do not print. Neither is a mean over reports. Longest phrase wins (平均每月 over 每月).
PER_WORDS: dict[str, tuple[str, ...]] = {
    "month": (
        "平均每月",
        "平均每个月",
        "每月平均",
        "每个月平均",
        "月均",
        "月平均",
        "每月",
        "每个月",
        "per month",
        "a month",
        "each month",
        "every month",
        "monthly",
    ),
    "quarter": (
        "平均每季度",
        "平均每个季度",
        "每季度平均",
        "每个季度平均",
        "季均",
        "每季度",
        "每个季度",
        "per quarter",
        "each quarter",
        "every quarter",
        "quarterly",
    ),
    "week": (
        "平均每周",
        "每周平均",
        "周均",
        "每周",
        "每星期",
        "每个星期",
        "per week",
        "a week",
        "each week",
        "every week",
        "weekly",
    ),
    "day": (
        "平均每天",
        "平均每日",
        "每天平均",
        "每日平均",
        "日均",
        "每天",
        "每日",
        "per day",
        "a day",
        "each day",
        "every day",
        "daily",
    ),
    "person": ("人均", "per person", "per capita", "per head", "per resident", "per inhabitant"),
}
NOT_AVERAGE_WORDS = tuple(w for words in PER_WORDS.values() for w in words)
# The reports whose figure meets a condition (超过100件, 100件以上, at least 5, 没有收到): each word
# with its comparison and where its number stands — after the word ("超过100"), before it
# ("100件以上"), or none (没有: = 0). 以上 and 以下 include their number, as Chinese law reads them
# (《民法典》第一千二百五十九条). Longer words first where one holds another (不少于 before 少于).
THRESHOLD_WORDS: tuple[tuple[str, str, str], ...] = (
    ("不超过", "<=", "after"),
    ("不多于", "<=", "after"),
    ("不高于", "<=", "after"),
    ("不少于", ">=", "after"),
    ("不低于", ">=", "after"),
    ("不小于", ">=", "after"),
    ("至少", ">=", "after"),
    ("至多", "<=", "after"),
    ("超过", ">", "after"),
    ("多于", ">", "after"),
    ("大于", ">", "after"),
    ("高于", ">", "after"),
    ("少于", "<", "after"),
    ("低于", "<", "after"),
    ("小于", "<", "after"),
    ("不足", "<", "after"),
    ("不到", "<", "after"),
    ("及以上", ">=", "before"),
    ("以上", ">=", "before"),
    ("及以下", "<=", "before"),
    ("以下", "<=", "before"),
    ("no fewer than", ">=", "after"),
    ("no less than", ">=", "after"),
    ("not less than", ">=", "after"),
    ("no more than", "<=", "after"),
    ("not more than", "<=", "after"),
    ("at least", ">=", "after"),
    ("at most", "<=", "after"),
    ("more than", ">", "after"),
    ("greater than", ">", "after"),
    ("over", ">", "after"),
    ("above", ">", "after"),
    ("exceeding", ">", "after"),
    ("fewer than", "<", "after"),
    ("less than", "<", "after"),
    ("under", "<", "after"),
    ("below", "<", "after"),
    ("or more", ">=", "before"),
    ("and above", ">=", "before"),
    ("or fewer", "<=", "before"),
    ("or less", "<=", "before"),
    ("没有", "=", "none"),
    ("没收到", "=", "none"),
    ("未收到", "=", "none"),
    ("为零", "=", "none"),
    ("为0", "=", "none"),
    ("是零", "=", "none"),
    ("是0", "=", "none"),
    ("等于零", "=", "none"),
    ("等于0", "=", "none"),
    ("zero", "=", "none"),
    ("none", "=", "none"),
    ("no", "=", "none"),
)
# Rankings by the change of a figure between two years: the words, whether the change is relative
# ("relative": (new − old) / old, 增长最快, 增幅) or absolute ("absolute": new − old, 增加最多), whether
# the ranking runs from the largest fall (下降最多, biggest drop), and whether the words ask for a
# ranking alone (增长最快) or only beside a ranking's words (增幅: "哪个县的增幅…", "各县增幅排名").
CHANGE_WORDS: dict[str, tuple[str, bool, bool]] = {
    **dict.fromkeys(
        ("增长最快", "增速最快", "增幅最大", "增幅最高", "涨幅最大", "涨幅最高", "增长率最高", "增长幅度最大"),
        ("relative", False, True),
    ),
    **dict.fromkeys(("增幅", "涨幅", "增速", "增长率", "增长幅度"), ("relative", False, False)),
    **dict.fromkeys(("降幅最大", "下降最快", "减幅最大", "跌幅最大", "下降幅度最大"), ("relative", True, True)),
    **dict.fromkeys(("降幅", "减幅", "跌幅", "下降率", "下降幅度"), ("relative", True, False)),
    **dict.fromkeys(
        ("增长最多", "增加最多", "上升最多", "增量最大", "增长最少", "增加最少"), ("absolute", False, True)
    ),
    **dict.fromkeys(("下降最多", "减少最多", "减少得最多", "下降得最多"), ("absolute", True, True)),
    **dict.fromkeys(
        (
            "fastest growth",
            "fastest growing",
            "fastest-growing",
            "grew fastest",
            "grew the fastest",
            "grown the fastest",
            "highest growth rate",
            "largest growth rate",
            "largest percentage increase",
            "biggest percentage increase",
            "largest relative increase",
        ),
        ("relative", False, True),
    ),
    **dict.fromkeys(("growth rate", "rate of growth"), ("relative", False, False)),
    **dict.fromkeys(
        (
            "fastest decline",
            "fell the fastest",
            "largest percentage drop",
            "largest percentage decrease",
            "biggest percentage drop",
            "biggest percentage decrease",
        ),
        ("relative", True, True),
    ),
    **dict.fromkeys(
        (
            "grew the most",
            "grown the most",
            "increased the most",
            "rose the most",
            "largest increase",
            "biggest increase",
            "greatest increase",
            "largest rise",
            "biggest rise",
            "most growth",
        ),
        ("absolute", False, True),
    ),
    **dict.fromkeys(
        (
            "biggest drop",
            "largest drop",
            "biggest fall",
            "largest fall",
            "largest decrease",
            "biggest decrease",
            "largest decline",
            "biggest decline",
            "fell the most",
            "dropped the most",
            "decreased the most",
            "declined the most",
        ),
        ("absolute", True, True),
    ),
}
# Words that join two measures: ADD_WORDS add them ("行政复议加行政诉讼"), JOIN_WORDS list them.
ADD_WORDS = ("加上", "加", "+", "＋", "plus")
JOIN_WORDS = ("以及", "还有", "和", "与", "及", "跟", "同", "、", "/", "and", "or", "&", "as well as")
# The measure words a number of a report's text or a question is written with (件, 项, 万元…).
UNITS = (
    "个工作日",  # (before 个: the longest measure word at a number is its own)
    "工作日",
    "天",
    "小时",
    "人次",
    "万元",
    "亿元",
    "件",
    "分",
    "个",
    "项",
    "条",
    "次",
    "元",
    "%",
    "人",
    "家",
    "份",
    "篇",
    "场",
    "户",
    "期",
)
_STATED_NUMBER = lazy(r"\d\s*(?:" + "|".join(map(re.escape, UNITS)) + ")")


def states_a_number(text: str) -> bool:
    """Whether the text gives a number with its measure word (收到申请25件): a sentence, not a question."""
    return _STATED_NUMBER.search(text) is not None


# Between two measures, one set against the other (收到的申请比办结的多多少, more reviews than lawsuits).
AGAINST_WORDS = ("比", "than", "than from", "than by", "versus", "vs", "vs.", "compared with", "compared to")
# Words between two measures that do not separate them ("行政复议总数和行政诉讼总数").
_BETWEEN = ("的", "数量", "件数", "总数", "总计", "数", "情况", "案件", "的数量", "the", "number of", "total", "cases")
# The whole of a share: "占新收申请的比例", "as a share of applications received"; or "新收申请中…的比例".
WHOLE_BEFORE = (
    "占到",
    "占",
    "相对于",
    "as a share of",
    "as a proportion of",
    "as a percentage of",
    "share of",
    "proportion of",
    "percentage of",
    "out of",
    "of all",
    "of the total",
)
WHOLE_AFTER = ("当中", "之中", "中", "里")
EACH_WORDS = ("分别", "各自", "respectively", "each", "for every", "per report", "per issuer")
# Nouns for the reports' issuers: "各单位", "所有地方", "每个部门" ask across issuers, never for a column.
ISSUER_NOUNS = ("单位", "地方", "部门", "机关", "地区", "政府", "报告", "县区", "区县")
ALL_ISSUERS_EN = (
    "all reports",
    "every report",
    "each report",
    "all issuers",
    "every issuer",
    "each issuer",
    "all governments",
    "every government",
    "each government",
    "all departments",
    "each department",
    "every department",
    "all bodies",
    "each body",
    "all places",
    "each place",
    "everywhere",
    "all of them",
    "across reports",
    "across all",
)
# Every year on file (历年), or the last N years on file (近三年).
ALL_YEARS_WORDS = (
    "历年",
    "历来",
    "这几年",
    "这些年",
    "近年来",
    "各年",
    "每年",
    "逐年",
    "各年度",
    "每一年",
    "over the years",
    "every year",
    "each year",
    "all years",
    "year by year",
    "by year",
    "per year",
    "over time",
)


@dataclass(frozen=True)
class Measures:
    """Several measures a question names together, and the whole of a share it asks."""

    parts: list[MetricAsk] = field(default_factory=list)
    whole: MetricAsk | None = None  # "占新收申请的比例": the share's denominator
    added: bool = False  # joined by 加 / plus: their sum is asked
    results: bool = False  # 办理结果 as such: every result row (of one report only, question.py)
    against: bool = False  # two joined by 比 / than: the first less the second is asked


@dataclass(frozen=True)
class _Hit:
    """A lexicon word found in the question, with its span."""

    key: str
    phrase: str
    start: int
    end: int


def _coords(text: str) -> tuple[str, bool]:
    """The string positions are taken in, and whether it is Latin (word-bounded) or Chinese (spaces out)."""
    latin = not re.search(r"[\u4e00-\u9fff]", text)
    return (text, True) if latin else (text.replace(" ", ""), False)


def _row_hits(text: str) -> tuple[str, list[_Hit]]:
    """Every row named, the more specific and longer phrases first, not overlapping; in reading order."""
    return _hits(ROWS, text)


def _hits(table: dict[str, tuple[str, ...]], text: str) -> tuple[str, list[_Hit]]:
    """Every key of a phrase table named, the more specific and longer phrases first, not overlapping."""
    s, latin = _coords(text)
    found: list[_Hit] = []
    for key, phrase, p in _phrases_of(table, s, chinese=not latin, latin=latin):
        spans = (
            [m.span() for m in _latin_phrase(p).finditer(s)]
            if latin
            else [(a, a + len(p)) for a in _starts(p.replace(" ", ""), s)]
        )
        found += [_Hit(key, phrase, a, b) for a, b in spans]
    taken: list[_Hit] = []
    for h in sorted(found, key=lambda h: (_rank(_text(h.phrase)), h.key.count("."), -h.start), reverse=True):
        if all(h.end <= t.start or h.start >= t.end for t in taken):
            taken.append(h)
    merged: list[_Hit] = []
    for h in sorted(taken, key=lambda h: h.start):  # "新收申请": one row named twice side by side
        if merged and merged[-1].key == h.key and not s[merged[-1].end : h.start].strip():
            first = merged.pop()
            h = _Hit(
                h.key,
                first.phrase if _rank(_text(first.phrase)) >= _rank(_text(h.phrase)) else h.phrase,
                first.start,
                h.end,
            )
        merged.append(h)
    return s, merged


def _gap(s: str, a: int, b: int) -> str:
    """The words between two hits, without the words that do not separate measures."""
    gap = s[a:b].strip(" ,，")
    for word in sorted(_BETWEEN, key=len, reverse=True):
        gap = re.sub(rf"(?<![a-z]){re.escape(word)}(?![a-z])" if word.isascii() else re.escape(word), " ", gap)
    return gap.strip()


def _whole_index(s: str, hits: list[_Hit]) -> int | None:
    """Which hit is the whole of a share: the one after 占 / "share of", or the one before 中."""
    for i, h in enumerate(hits):
        before = s[max(0, h.start - 16) : h.start].rstrip()
        if any(before.endswith(w) for w in WHOLE_BEFORE):
            return i
        if i + 1 < len(hits) and _gap(s, h.end, hits[i + 1].start) in WHOLE_AFTER:
            return i
    return None


def find_measures(question: str) -> Measures:
    """Measures named together ("行政复议加行政诉讼", "予以公开和部分公开") and a share's whole.

    Empty unless the question joins two rows with 和/加/and or names the whole of a share:
    one row alone is `find_metric`'s. A generic word (申请) counts only as a whole or alone.
    """
    text = _text(question)
    if any(_phrase_in(p, text) >= 0 for p in NOT_TEMPLATE):
        return Measures()
    s, hits = _row_hits(text)
    share = asks_share(question)
    whole_i = _whole_index(s, hits) if share else None
    whole = hits[whole_i] if whole_i is not None else None
    parts, gaps = _joined(s, hits, whole_i, whole is not None)
    if not whole and len(parts) < 2:
        row = parts[0] if parts else (hits[0] if hits else None)
        if row is None:
            return Measures()
        if _text(row.phrase) in RESULTS_WORDS and all(
            h.key == row.key or _text(h.phrase) in GENERIC_ROW_PHRASES for h in hits
        ):
            return _every_result(row, text)
        return _columns_named(row, hits, text)
    spans = tuple((h.start, h.end) for h in hits)
    asks = [_ask(h, text, spans) for h in parts]
    return Measures(asks, _whole_ask(whole, asks), any(g in ADD_WORDS for g in gaps), against=_against(gaps))


# 办理结果 asked as such (依申请公开办理结果, "how were the applications handled"): each result
# row of the template and their total, not the total alone with its applicant columns.
RESULTS_WORDS = ("办理结果",)
RESULT_ROWS = (
    "applications.results_total",  # (first: the figure a follow-up goes on about)
    "applications.granted",
    "applications.partially_granted",
    "applications.withheld",
    "applications.unavailable",
    "applications.not_processed",
    "applications.other_handling",
)


def _every_result(row: _Hit, text: str) -> Measures:
    """The result rows, in the template's order, when the results are asked for as a whole (and
    not their total: 办理结果总计, or an applicant's column, are one figure)."""
    if _longest(APPLICANTS, text):  # (its column "total" too: 办理结果总计)
        return Measures()
    return Measures([MetricAsk(key, None, row.phrase) for key in RESULT_ROWS], results=True)


def _joined(s: str, hits: list[_Hit], whole_i: int | None, has_whole: bool) -> tuple[list[_Hit], list[str]]:
    """The rows named besides the whole, each once (a generic one only when alone), and the words between
    them; none (or the first, beside a whole) unless 和/加/and joins them, or 比/than two of them."""
    parts = [h for i, h in enumerate(hits) if i != whole_i]
    if any(_text(h.phrase) not in GENERIC_ROW_PHRASES for h in parts):
        parts = [h for h in parts if _text(h.phrase) not in GENERIC_ROW_PHRASES]
    parts = [h for i, h in enumerate(parts) if h.key not in {p.key for p in parts[:i]}]
    gaps = [_gap(s, a.end, b.start) for a, b in zip(parts, parts[1:])]
    if not ((_against(gaps) and not has_whole) or all(g in ADD_WORDS or g in JOIN_WORDS for g in gaps)):
        parts = parts[:1] if has_whole else []
    return parts, gaps


def _whole_ask(whole: _Hit | None, asks: list[MetricAsk]) -> MetricAsk | None:
    """A share's whole: the parts' own column when it is their row, else their column."""
    if whole is None:
        return None
    same = asks and asks[0].row == whole.key
    return MetricAsk(whole.key, "total" if same else (asks[0].column if asks else None), whole.phrase)


def _columns_named(row: _Hit, rows: list[_Hit], text: str) -> Measures:
    """One row and columns joined by 和/加 ("自然人和法人或其他组织申请", "复议维持和纠正"): one measure each."""
    s, cols = _hits(column_table(row.key), text)
    cols = [c for c in cols if all(c.end <= r.start or c.start >= r.end for r in rows)]  # not a row's words
    if len(cols) > 2 or any(c.key != "total" for c in cols):
        cols = [c for c in cols if c.key != "total"]  # 合计 after two columns asks to add them
    cols = [c for i, c in enumerate(cols) if c.key not in {d.key for d in cols[:i]}]
    gaps = [_gap(_blanked(s, rows), a.end, b.start) for a, b in zip(cols, cols[1:])]
    if len(cols) < 2 or not (_against(gaps) or all(g in ADD_WORDS or g in JOIN_WORDS for g in gaps)):
        return Measures()
    asks = [MetricAsk(row.key, c.key, row.phrase) for c in cols]  # (_against: 自然人申请比商业企业多多少)
    return Measures(asks, None, any(g in ADD_WORDS for g in gaps), against=_against(gaps))


def _against(gaps: list[str]) -> bool:
    """Two measures, one set against the other by the word between them (比, than)."""
    return len(gaps) == 1 and gaps[0] in AGAINST_WORDS


def _blanked(s: str, rows: list[_Hit]) -> str:
    """The text with the rows' words blanked: between two columns they do not separate them (自然人申请比…)."""
    for r in rows:
        s = s[: r.start] + " " * (r.end - r.start) + s[r.end :]
    return s


def _ask(hit: _Hit, text: str, spans: tuple[tuple[int, int], ...]) -> MetricAsk:
    col = _longest(column_table(hit.key), text, spans)
    return MetricAsk(hit.key, col[0] if col else None, hit.phrase)


def _any_word(words: tuple[str, ...], question: str) -> bool:
    text = _text(question)
    return any(_phrase_in(w, text) >= 0 for w in words)


def asks_each(question: str) -> bool:
    return _any_word(EACH_WORDS, question)


def asks_all_years(question: str) -> bool:
    return _any_word(ALL_YEARS_WORDS, question)


_ALL_ISSUERS = lazy(r"(?:所有|全部|各个?|每个|每家|每一个|各家|全体)(?:的)?(?:" + "|".join(ISSUER_NOUNS) + ")")


def asks_all_issuers(question: str) -> bool:
    """ "各单位", "所有报告", "all reports": across every issuer on file, never the 法人 column."""
    return bool(_ALL_ISSUERS.search(_text(question).replace(" ", ""))) or _any_word(ALL_ISSUERS_EN, question)


# Words that make a question about the reports at all; without one (and no figure or string
# asked) it is off-topic and gets help, not passages chosen because a place name matched.
DOMAIN = lazy(
    r"公开|申请|信息|政务|报告|年报|网站|复议|诉讼|许可|处罚|强制|收费|采购|平台|培训|问题|领导|制度|"
    r"解读|热线|新媒体|公众号|考核|监督|改进|措施|工作|文件|规章|办理|答复|依申请|会议|发布|机构|人员|政府|"
    r"亮点|成效|做法|经验|举措|特色|栏目|指南|目录|保密|宣传|政策|条例|主动|创新|成绩|成果|进展|重点|"
    r"情况|概况|总体|办结|受理|结转|起诉|被告|回复|满意|"
    r"report|government|disclos|request|lawsuit|review|licen|fee|penalt|procure",
    re.IGNORECASE,
)
# Subjects the reports never answer, even asked of a place and year the reports cover (淮安市2024年GDP).
OFF_DOMAIN = lazy(
    r"GDP|生产总值|经济增长|增速|人口|天气|气温|下雨|房价|工资|股票|股价|彩票|旅游|景点|美食|"
    r"比赛|电影|\bweather\b|population|economy|economic growth|stock|house prices",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ average and threshold
def asks_average(question: str) -> bool:
    """平均每个县, on average: the mean of a figure over the reports chosen (AVERAGE_WORDS)."""
    return _any_word(AVERAGE_WORDS, question) and not _any_word(NOT_AVERAGE_WORDS, question)


def asks_per(question: str) -> str | None:
    """平均每月, 日均, "a day", 人均: the figure per month | quarter | week | day | person (PER_WORDS)."""
    found = _longest(PER_WORDS, _text(question))
    return found[0] if found else None


@dataclass(frozen=True)
class Condition:
    """A threshold on a figure: its comparison (> >= < <= =), its number, and the words that said it."""

    op: str
    value: float
    words: str


_NUMBER = r"(?<![\d.])(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_UNIT = r"\s*(?:件|个|起|份|家|次|项|宗|万元|元|%|％|个百分点)?\s*"
_NOT_A_COUNT = r"(?![\d半成倍年月日号])"  # 超过一半, 2019年: not a threshold's number


@lru_cache(maxsize=1)
def _condition_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """THRESHOLD_WORDS as three patterns: word then number, number then word, and the zero words."""

    def words(side: str) -> str:
        found = sorted((w for w, _, s in THRESHOLD_WORDS if s == side), key=len, reverse=True)
        return "|".join(r"\b" + re.escape(w) + r"\b" if w.isascii() else re.escape(w) for w in found)

    after = lazy(f"({words('after')})\\s*(?:了)?\\s*{_NUMBER}{_NOT_A_COUNT}", re.IGNORECASE)
    before = lazy(f"{_NUMBER}{_UNIT}({words('before')})", re.IGNORECASE)
    # 有没有 asks whether; "no fewer", "no more": a comparison of their own.
    zero = lazy(
        f"(?<!有)({words('none')})(?!\\s*(?:fewer|less|more|longer|later|reports?|报告|年报|印出|填报))", re.IGNORECASE
    )
    return after, before, zero


_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_TENS = {"十": 10, "百": 100, "千": 1000}


def _number_of(token: str) -> float | None:
    """100, 1,000, 2.5, 一百, 五十, 两千, 一万: the number; None when it is not one."""
    if token[0].isdigit():
        return float(token.replace(",", ""))
    total, section, digit = 0, 0, 0
    for ch in token:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch == "万":
            total += (section + digit) * 10_000
            section, digit = 0, 0
        elif ch in _CN_TENS:
            section += (digit or 1) * _CN_TENS[ch]
            digit = 0
    return float(total + section + digit)


_COMPARE = {w.lower(): op for w, op, _ in THRESHOLD_WORDS}


def find_condition(question: str, zero: bool = True) -> Condition | None:
    """The threshold a question puts on its figure (超过100件 → > 100; 100件以上 → >= 100; at least
    5; 没有收到 → = 0), or None. `zero`: whether 没有 / none may be read as = 0 (a question across
    reports; "合阳县有没有…" is not one)."""
    text = unicodedata.normalize("NFKC", question)
    after, before, zeros = _condition_patterns()
    found = [(m.start(), m.group(1), m.group(2), m.group(0)) for m in after.finditer(text)]
    found += [(m.start(), m.group(2), m.group(1), m.group(0)) for m in before.finditer(text)]
    if found:
        _, word, number, said = min(found)
        value = _number_of(number)
        return Condition(_COMPARE[word.lower()], value, said.strip()) if value is not None else None
    m = zeros.search(text) if zero else None
    return Condition("=", 0.0, m.group(1)) if m else None
