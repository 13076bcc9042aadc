"""How people ask for the template's figures, in Chinese and English.

Every template label from ingest/template.py is a phrasing of its own row or column;
this module adds only the other ways people say it. Matching picks the longest
phrase found, so `未经复议直接起诉` wins over `行政诉讼`, and `不予公开` over `公开`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.template import (
    ACTIVE_COLUMNS,
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    CASE_GROUPS,
    OUTCOME_COLUMNS,
)

# A "row" is a metric key without its column: applications.received, active.penalty,
# review. Groups with no row of their own sum their parts (applications.withheld.*).
ROW_PHRASES: dict[str, tuple[str, ...]] = {
    "applications.received": (
        # Bare verbs (收到, 受理, received) are left out: "受理了多少来电" is not about applications.
        "新收", "applications received", *("申请数量", "申请量", "依申请公开", "公开申请", "申请", "applications",
                                            "application", "requests", "request")),
    "applications.carried_over_in": ("上年结转", "carried over from last year", "carried over from the previous year",
                                     "brought forward"),
    "applications.granted": ("予以公开", "同意公开", "全部公开", "granted", "grant", "grants", "approved",
                             "fully disclosed", "disclosed in full"),
    "applications.partially_granted": ("部分公开", "partially granted", "partly granted", "partially disclosed",
                                       "partly disclosed", "partial disclosure"),
    "applications.withheld": ("不予公开", "拒绝公开", "withheld", "withhold", "refused", "refuse", "refusals", "denied",
                              "deny"),
    "applications.withheld.state_secret": ("国家秘密", "state secret", "state secrets"),
    "applications.withheld.prohibited_by_law": ("法律行政法规禁止", "prohibited by law", "forbidden by law"),
    "applications.withheld.three_safeties_one_stability": ("三安全一稳定", "three safeties"),
    "applications.withheld.third_party_rights": ("第三方合法权益", "第三方", "third party", "third-party"),
    "applications.withheld.internal_affairs": ("内部事务", "internal affairs"),
    "applications.withheld.process_info": ("过程性信息", "过程性", "process information", "deliberative"),
    "applications.withheld.enforcement_file": ("行政执法案卷", "执法案卷", "enforcement file", "case files"),
    "applications.withheld.administrative_query": ("行政查询", "administrative query"),
    "applications.unavailable": ("无法提供", "unavailable", "could not be provided", "cannot be provided"),
    "applications.unavailable.not_held": ("不掌握", "not held", "not hold", "does not hold", "did not hold",
                                          "doesn't hold"),
    "applications.unavailable.needs_creation": ("另行制作", "没有现成信息", "needs creation", "would need creating",
                                                "need to be created"),
    "applications.unavailable.unclear_after_correction": ("仍不明确", "unclear after correction", "still unclear"),
    "applications.not_processed": ("不予处理", "not processed", "not handled"),
    "applications.not_processed.petition_complaint": ("信访举报投诉", "信访", "petition", "petitions", "complaints"),
    "applications.not_processed.duplicate": ("重复申请", "duplicate", "duplicates", "repeated application"),
    "applications.not_processed.publication": ("公开出版物", "出版物", "publications", "publication"),
    "applications.not_processed.excessive_repeated": ("大量反复申请", "大量反复", "excessive", "vexatious"),
    "applications.not_processed.confirm_or_reissue": ("确认或重新出具", "重新出具", "reissue", "confirm"),
    "applications.other_handling": ("其他处理", "other handling", "otherwise handled"),
    # 办理/受理 + 申请 is how reports say "received" (共受理申请N件), so bare 办理 is left to 申请.
    "applications.results_total": ("办理结果", "办结", "答复", "handled", "processed in total", "results total",
                                   "answered"),
    "applications.carried_over_out": ("结转下年度", "结转到下年度", "结转至下年度", "结转到下一年度", "转入下年度",
                                      "继续办理", "carried over to next year",
                                      "carried over to the next year", "carried forward"),
    "active.regulations": ("规章", "regulations", "rules"),
    "active.normative_docs": ("规范性文件", "normative documents", "normative docs", "regulatory documents"),
    "active.licensing": ("行政许可", "许可", "licences", "licenses", "licensing", "permits", "licence", "license"),
    "active.other_services": ("其他对外管理服务", "other services", "other management services"),
    "active.penalty": ("行政处罚", "处罚", "penalties", "penalty", "fines", "punishments"),
    "active.coercion": ("行政强制", "强制", "coercion", "coercive measures", "enforcement measures"),
    "active.fees": ("行政事业性收费", "收费", "fees", "fee", "charges"),
    "active.procurement": ("政府集中采购", "集中采购", "采购", "procurement", "purchasing"),
    "review": ("行政复议", "复议", "reconsideration", "reconsiderations", "administrative review", "appeals"),
    "litigation": ("行政诉讼", "诉讼", "lawsuits", "lawsuit", "litigation", "sued", "court cases", "suits"),
    "litigation_direct": ("未经复议直接起诉", "直接起诉", "directly", "without reconsideration", "direct lawsuits"),
    "litigation_after_review": ("复议后起诉", "after reconsideration", "after review"),
}

# Words that say "applications" without saying which row: any other row named wins over them
# ("how many duplicate applications" is about duplicates), and alone they mean the applications received.
GENERIC_ROW_PHRASES = frozenset({"申请数量", "申请量", "依申请公开", "公开申请", "申请", "applications", "application",
                                 "requests", "request"})

# Rows with no printed row of their own: their figure is the sum of these rows.
SUM_ROWS: dict[str, tuple[str, ...]] = {
    "applications.withheld": tuple(f"applications.{r.key}" for r in APPLICATION_ROWS
                                   if r.key and r.key.startswith("withheld.")),
    "applications.unavailable": tuple(f"applications.{r.key}" for r in APPLICATION_ROWS
                                      if r.key and r.key.startswith("unavailable.")),
    "applications.not_processed": tuple(f"applications.{r.key}" for r in APPLICATION_ROWS
                                        if r.key and r.key.startswith("not_processed.")),
    "litigation": ("litigation_direct", "litigation_after_review"),
}

APPLICANT_PHRASES: dict[str, tuple[str, ...]] = {
    "natural_person": ("自然人", "个人", "公民", "群众", "individuals", "individual", "natural persons",
                       "natural person", "citizens", "people"),
    "commercial_enterprise": ("商业企业", "企业", "公司", "companies", "company", "businesses", "business",
                              "enterprises"),
    "research_institution": ("科研机构", "research institutions", "research institutes", "researchers"),
    "social_welfare_org": ("社会公益组织", "公益组织", "ngos", "ngo", "charities", "social welfare"),
    "legal_service_org": ("法律服务机构", "律师事务所", "律所", "律师", "law firms", "law firm", "lawyers",
                          "legal service"),
    "other_org": ("其他组织", "其他法人", "其他单位", "other organisations", "other organizations"),
    # Not a printed column: the sum of the five 法人或其他组织 columns (DERIVED_COLUMNS).
    "legal_or_other": ("法人或其他组织", "法人和其他组织", "法人或者其他组织", "法人", "单位", "organisations",
                       "organizations", "legal persons", "legal entities", "institutions and companies",
                       "legal persons and other organisations", "legal persons and other organizations",
                       "legal persons or other organisations", "legal persons or other organizations"),
    "total": ("总计", "合计", "总数", "total"),
}

OUTCOME_PHRASES: dict[str, tuple[str, ...]] = {
    # 驳回 (a review or claim dismissed) is counted as 结果维持 in the template's explanatory notes.
    "upheld": ("结果维持", "维持", "驳回", "upheld", "maintained", "affirmed", "dismissed", "rejected"),
    "corrected": ("结果纠正", "纠正", "corrected", "overturned", "reversed"),
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
NOT_TEMPLATE = ("信息处理费", "处理费", "processing fee", "processing fees", "热线", "hotline", "来电", "calls",
                "12345", "信箱", "留言", "mailbox")

# Rates the template implies: numerator rows over a denominator row (same column).
RATES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "disclosure_rate": (("公开率", "disclosure rate", "rate of disclosure", "opening rate"),
                        ("applications.granted", "applications.partially_granted"), "applications.results_total"),
}
# Words that ask for a share of a whole ("what share was granted", 自然人占比).
SHARE_WORDS = ("占比", "比例", "比重", "百分比", "百分之几", "占多少", "share", "proportion", "percentage",
               "percent", "what fraction")

# Measure words next to a number in the prose: a number is used for a row only when its clause
# says one of the row's words and none of the words that would make it another figure
# ("1件结转下年度继续办理" is not what was received; "办结率98.9%" is the hotline's, not 公开率).
_ELSEWHERE = ("热线", "来电", "12345", "信箱", "留言", "咨询", "满意率", "办结率", "网民", "市民")
MEASURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "applications.received": (("收到", "受理", "接到", "新收", "申请"), ("结转", "答复", "办结", "不予", "部分公开",
                                                                   "予以公开", "上年", *_ELSEWHERE)),
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
    "website": "网站", "websites": "网站", "platform": "平台", "platforms": "平台", "portal": "门户网站",
    "problem": "问题", "problems": "问题", "issues": "问题", "shortcomings": "不足", "improve": "改进",
    "improvement": "改进", "improvements": "改进", "next year": "下一步", "plan": "下一步", "plans": "下一步",
    "training": "培训", "leader": "组长", "leads": "组长", "leading group": "领导小组", "group": "领导小组",
    "hotline": "热线", "calls": "来电", "wechat": "微信", "weibo": "微博", "new media": "新媒体",
    "budget": "预算", "interpretation": "解读", "policy": "政策", "assessment": "考核", "weight": "权重",
    "score": "分值", "points": "分", "complaints": "投诉", "supervision": "监督", "secrecy": "保密审查",
    "disclosure": "公开", "open government": "政务公开", "application": "依申请公开", "applications": "依申请公开",
    "government affairs": "政务", "services": "服务", "service": "服务", "hall": "大厅", "information": "信息",
    "consolidat": "集约", "intensive": "集约", "integrat": "整合", "organization": "组织领导", "leadership": "领导",
    "phone": "电话", "telephone": "电话", "contact": "联系", "email": "邮箱", "e-mail": "邮箱", "address": "地址",
    "head": "组长", "in charge": "负责", "mechanism": "机制", "system": "制度", "rules": "制度", "publicity": "宣传", "staff": "人员",
}


@dataclass(frozen=True)
class MetricAsk:
    """What a question asks for: a row (metric key without column) and maybe a column."""

    row: str
    column: str | None  # None: the row's default column
    phrase: str  # the words of the question that named the row


def _text(question: str) -> str:
    """Lowercased NFKC text with single spaces (Latin words keep their boundaries)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", question).lower()).strip()


def _phrase_in(phrase: str, text: str) -> int:
    """Position of a phrase in the question text (word-bounded for Latin), or -1.

    Chinese phrases are found in the text with spaces removed, so the position is
    only compared with other Chinese phrases' positions.
    """
    p = _text(phrase)
    if re.search(r"[a-z]", p):
        m = re.search(r"(?<![a-z])" + re.escape(p) + r"(?![a-z])", text)
        return m.start() if m else -1
    return text.replace(" ", "").find(p.replace(" ", ""))


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
APPLICANTS = _with_labels(APPLICANT_PHRASES, {c.key: [c.label, *c.synonyms] for c in APPLICANT_COLUMNS
                                              if c.key != "other_org"})
OUTCOMES = _with_labels(OUTCOME_PHRASES, {c.key: [c.label] for c in OUTCOME_COLUMNS})
ACTIVES = _with_labels(ACTIVE_PHRASES, {c.key: [c.label, *c.synonyms] for c in ACTIVE_COLUMNS.values()})


def _longest(table: dict[str, tuple[str, ...]], text: str, exclude: tuple[int, int] | None = None
             ) -> tuple[str, str, int] | None:
    """The key whose phrase found in the text is longest: (key, phrase, position)."""
    best: tuple[str, str, int] | None = None
    for key, phrases in table.items():
        for phrase in phrases:
            pos = _phrase_in(phrase, text)
            if pos < 0:
                continue
            p = _text(phrase)
            if exclude and pos < exclude[1] and exclude[0] < pos + len(p):
                continue  # inside the words that named the row
            if best is None or _rank(p) > _rank(_text(best[1])):
                best = (key, phrase, pos)
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
        return None
    key, phrase, pos = row
    span = (pos, pos + len(_text(phrase)))
    if key.startswith("applications."):
        col = _longest(APPLICANTS, text, span)
    elif key.startswith("active."):
        col = _longest(ACTIVES, text, span)
    else:
        col = _longest(OUTCOMES, text, span)
    return MetricAsk(key, col[0] if col else None, phrase)


def find_column(question: str) -> str | None:
    """An applicant column named without a row ("其中自然人多少"), for follow-ups."""
    col = _longest(APPLICANTS, _text(question))
    return col[0] if col and col[0] != "total" else None


def find_rate(question: str) -> str | None:
    """A named rate of the template (公开率), or None."""
    text = _text(question)
    for key, (phrases, _, _) in RATES.items():
        if any(_phrase_in(p, text) >= 0 for p in phrases):
            return key
    return None


def asks_share(question: str) -> bool:
    text = _text(question)
    return any(_phrase_in(p, text) >= 0 for p in SHARE_WORDS)


def column_phrases(ask: MetricAsk) -> tuple[str, ...]:
    """Phrasings of the column asked for; () for none or the total."""
    if ask.column is None or ask.column == "total":
        return ()
    table = APPLICANTS if ask.row.startswith("applications.") else (
        ACTIVES if ask.row.startswith("active.") else OUTCOMES)
    return table.get(ask.column, ())


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
    "信息处理费": "其他需要报告的事项 信息处理费", "处理费": "其他需要报告的事项 信息处理费",
    "processing fee": "其他需要报告的事项 信息处理费", "存在什么问题": "存在的主要问题",
    "存在哪些问题": "存在的主要问题", "problems": "存在的主要问题", "下一步": "改进情况", "next year": "改进情况",
}


def expand_query(question: str) -> str:
    """The question plus Chinese search terms for its English words and the sections it points at."""
    text = question.lower()
    extra = [zh for en, zh in GLOSSARY.items() if re.search(r"(?<![a-z])" + re.escape(en), text)]
    extra += [hint for word, hint in SECTION_HINTS.items() if word in text]
    return " ".join([question, *dict.fromkeys(extra)])
