"""The report template (国办公开办函〔2019〕60号 and 〔2021〕30号) as data.

This is the one place that knows the template's sections, rows, columns, their
printed labels and the variants real extraction produces. The table parser, the
checks, the question lexicon and the answer wording all read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """One of the template's numbered sections."""

    number: int
    title: str  # as printed in the template
    keywords: tuple[str, ...]  # any one identifies the heading (after normalising)
    prose: bool


SECTIONS: tuple[Section, ...] = (
    Section(1, "一、总体情况", ("总体情况",), True),
    Section(2, "二、主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息"), False),
    Section(3, "三、收到和处理政府信息公开申请情况", ("收到和处理政府信息公开申请", "处理政府信息公开申请情况"), False),
    Section(
        4, "四、政府信息公开行政复议、行政诉讼情况", ("行政复议、行政诉讼", "行政复议行政诉讼", "被申请行政复议"), False
    ),
    Section(5, "五、存在的主要问题及改进情况", ("存在的主要问题", "主要问题及改进", "存在主要问题"), True),
    Section(6, "六、其他需要报告的事项", ("其他需要报告",), True),
)


@dataclass(frozen=True)
class Column:
    """A column of the template's tables."""

    key: str
    label: str  # printed header
    english: str
    synonyms: tuple[str, ...] = ()  # other printed forms, matched on normalised text
    unit: str = "件"


# ---------------------------------------------------------------- section 二
ACTIVE_COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column("new_made", "本年新制作数量", "newly made this year"),
        Column("new_published", "本年新公开数量", "newly published this year"),
        Column("total_published", "对外公开总数量", "total published"),
        Column("issued", "本年制发件数", "issued this year"),
        Column("repealed", "本年废止件数", "repealed this year"),
        Column("in_force", "现行有效件数", "in force"),
        Column("prev_year_items", "上一年项目数量", "items last year", unit="项"),
        Column("change", "本年增/减", "change this year", ("本年增减", "本年增／减"), unit="项"),
        Column("decisions", "处理决定数量", "decisions", ("本年处理决定数量",)),
        Column(
            "amount_wan_yuan",
            "本年收费金额（单位：万元）",
            "amount",
            ("本年收费金额", "采购总金额", "收费金额"),
            unit="万元",
        ),
        Column("projects", "采购项目数量", "procurement projects", unit="个"),
    )
}


@dataclass(frozen=True)
class ActiveRow:
    """A row of the template's proactive-disclosure tables."""

    key: str
    label: str
    english: str
    item: str  # 第二十条第（X）项
    columns_2019: tuple[str, ...]
    columns_2021: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    amount_label: str = "本年收费金额（单位：万元）"  # the amount column is printed differently per row


ACTIVE_ROWS: tuple[ActiveRow, ...] = (
    ActiveRow(
        "regulations",
        "规章",
        "regulations",
        "第二十条第（一）项",
        ("new_made", "new_published", "total_published"),
        ("issued", "repealed", "in_force"),
    ),
    ActiveRow(
        "normative_docs",
        "规范性文件",
        "normative documents",
        "第二十条第（一）项",
        ("new_made", "new_published", "total_published"),
        ("issued", "repealed", "in_force"),
        ("行政规范性文件",),
    ),
    ActiveRow(
        "licensing",
        "行政许可",
        "administrative licensing",
        "第二十条第（五）项",
        ("prev_year_items", "change", "decisions"),
        ("decisions",),
    ),
    ActiveRow(
        "other_services",
        "其他对外管理服务事项",
        "other external management services",
        "第二十条第（五）项",
        ("prev_year_items", "change", "decisions"),
        ("decisions",),
    ),
    ActiveRow(
        "penalty",
        "行政处罚",
        "administrative penalties",
        "第二十条第（六）项",
        ("prev_year_items", "change", "decisions"),
        ("decisions",),
    ),
    ActiveRow(
        "coercion",
        "行政强制",
        "administrative coercion",
        "第二十条第（六）项",
        ("prev_year_items", "change", "decisions"),
        ("decisions",),
    ),
    ActiveRow(
        "fees",
        "行政事业性收费",
        "administrative fees",
        "第二十条第（八）项",
        ("prev_year_items", "change"),
        ("amount_wan_yuan",),
    ),
    ActiveRow(
        "procurement",
        "政府集中采购",
        "government centralised procurement",
        "第二十条第（九）项",
        ("projects", "amount_wan_yuan"),
        (),
        amount_label="采购总金额",
    ),
)

# Headers that only the 2021 template prints: their presence decides the template.
# Column and row names only the 2019 table prints (a 2022 report may still use it).
TEMPLATE_2019_MARKERS: tuple[str, ...] = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
    "采购总金额",
)
TEMPLATE_2021_MARKERS: tuple[str, ...] = (
    "本年处理决定数量",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
    "申请人逾期未按收费通知要求缴纳费用",
)

# ---------------------------------------------------------------- section 三
APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人", "individuals"),
    Column("commercial_enterprise", "商业企业", "commercial enterprises"),
    Column("research_institution", "科研机构", "research institutions"),
    Column("social_welfare_org", "社会公益组织", "social welfare organisations", ("社会组织",)),
    Column("legal_service_org", "法律服务机构", "law firms and legal services", ("法律公益服务组织",)),
    Column("other_org", "其他", "other organisations"),
    Column("total", "总计", "total"),
)


@dataclass(frozen=True)
class ApplicationRow:
    """A row of the template's table of disclosure applications."""

    key: str | None  # None: a heading row that carries no figures
    label: str  # printed label without its numbering
    english: str
    top: int | None = None  # 一、… 四、
    group: int | None = None  # （一）…（七）
    item: int | None = None  # 1. … 8.
    synonyms: tuple[str, ...] = ()
    parents: tuple[str, ...] = field(default=())  # printed labels above it, for citations


_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"


def _item(
    key: str, label: str, english: str, group: int, item: int, parent: str, synonyms: tuple[str, ...] = ()
) -> ApplicationRow:
    return ApplicationRow(key, label, english, None, group, item, synonyms, (_RESULTS, parent))


APPLICATION_ROWS: tuple[ApplicationRow, ...] = (
    ApplicationRow("received", "本年新收政府信息公开申请数量", "applications received this year", top=1),
    ApplicationRow(
        "carried_over_in", "上年结转政府信息公开申请数量", "applications carried over from last year", top=2
    ),
    ApplicationRow(None, "本年度办理结果", "results this year", top=3),
    ApplicationRow("granted", "予以公开", "granted", group=1, parents=(_RESULTS,)),
    ApplicationRow(
        "partially_granted",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "partially granted",
        group=2,
        synonyms=("部分公开", "音『分公开"),
        parents=(_RESULTS,),
    ),  # the second: OCR
    ApplicationRow(None, "不予公开", "withheld", group=3, parents=(_RESULTS,)),
    _item("withheld.state_secret", "属于国家秘密", "withheld: state secret", 3, 1, _WITHHELD),
    _item(
        "withheld.prohibited_by_law", "其他法律行政法规禁止公开", "withheld: prohibited by other laws", 3, 2, _WITHHELD
    ),
    _item(
        "withheld.three_safeties_one_stability",
        "危及“三安全一稳定”",
        "withheld: endangers the three safeties and one stability",
        3,
        3,
        _WITHHELD,
        ("危及三安全一稳定",),
    ),
    _item("withheld.third_party_rights", "保护第三方合法权益", "withheld: third-party rights", 3, 4, _WITHHELD),
    _item("withheld.internal_affairs", "属于三类内部事务信息", "withheld: internal affairs", 3, 5, _WITHHELD),
    _item("withheld.process_info", "属于四类过程性信息", "withheld: process information", 3, 6, _WITHHELD),
    _item("withheld.enforcement_file", "属于行政执法案卷", "withheld: law-enforcement case files", 3, 7, _WITHHELD),
    _item(
        "withheld.administrative_query", "属于行政查询事项", "withheld: administrative query matters", 3, 8, _WITHHELD
    ),
    ApplicationRow(None, "无法提供", "unavailable", group=4, parents=(_RESULTS,)),
    _item("unavailable.not_held", "本机关不掌握相关政府信息", "unavailable: not held", 4, 1, _UNAVAILABLE),
    _item(
        "unavailable.needs_creation", "没有现成信息需要另行制作", "unavailable: would need creating", 4, 2, _UNAVAILABLE
    ),
    _item(
        "unavailable.unclear_after_correction",
        "补正后申请内容仍不明确",
        "unavailable: unclear after correction",
        4,
        3,
        _UNAVAILABLE,
    ),
    ApplicationRow(None, "不予处理", "not processed", group=5, parents=(_RESULTS,)),
    _item(
        "not_processed.petition_complaint",
        "信访举报投诉类申请",
        "not processed: petitions and complaints",
        5,
        1,
        _NOT_PROCESSED,
    ),
    _item("not_processed.duplicate", "重复申请", "not processed: duplicate", 5, 2, _NOT_PROCESSED),
    _item(
        "not_processed.publication", "要求提供公开出版物", "not processed: asks for publications", 5, 3, _NOT_PROCESSED
    ),
    _item(
        "not_processed.excessive_repeated",
        "无正当理由大量反复申请",
        "not processed: excessive repeated requests",
        5,
        4,
        _NOT_PROCESSED,
    ),
    _item(
        "not_processed.confirm_or_reissue",
        "要求行政机关确认或重新出具已获取信息",
        "not processed: confirm or reissue",
        5,
        5,
        _NOT_PROCESSED,
    ),
    ApplicationRow(
        "other_handling",
        "其他处理",
        "other handling",
        group=6,
        synonyms=("共他处理",),  # OCR
        parents=(_RESULTS,),
    ),
    _item(
        "other_handling.no_correction",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other: applicant did not correct in time",
        6,
        1,
        _OTHER,
        ("逾期不补正",),
    ),
    _item(
        "other_handling.unpaid_fee",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other: fee not paid",
        6,
        2,
        _OTHER,
        ("逾期未按收费通知要求缴纳费用",),
    ),
    _item("other_handling.other", "其他", "other: other", 6, 3, _OTHER),
    ApplicationRow("results_total", "总计", "results total", group=7, parents=(_RESULTS,)),
    ApplicationRow(
        "carried_over_out", "结转下年度继续办理", "carried over to next year", top=4, synonyms=("吉转下年度继续办理",)
    ),  # OCR
)

# Header cells of the application table: a row of only these names no template row (a
# table broken into small tables repeats them).
HEADER_WORDS: tuple[str, ...] = (
    "申请人情况",
    "法人或其他组织",
    "信息内容",
    "项目",
    "序号",
    *(form for c in APPLICANT_COLUMNS for form in (c.label, *c.synonyms)),
)

APPLICATIONS_CHECK_NOTE = "第一项加第二项之和，等于第三项加第四项之和"

# ---------------------------------------------------------------- section 四
OUTCOME_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", "upheld"),
    Column("corrected", "结果纠正", "corrected"),
    Column("other", "其他结果", "other result"),
    Column("pending", "尚未审结", "pending"),
    Column("total", "总计", "total"),
)


@dataclass(frozen=True)
class CaseGroup:
    """A group of columns of the reconsideration and lawsuit table."""

    key: str
    label: str
    english: str
    parents: tuple[str, ...]


CASE_GROUPS: tuple[CaseGroup, ...] = (
    CaseGroup("review", "行政复议", "administrative reconsideration", ()),
    CaseGroup("litigation_direct", "未经复议直接起诉", "lawsuits filed directly", ("行政诉讼",)),
    CaseGroup("litigation_after_review", "复议后起诉", "lawsuits after reconsideration", ("行政诉讼",)),
)

# Words a unit may be printed with, and the factor to the stored unit.
AMOUNT_UNITS: dict[str, float] = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001, "万": 1.0, "亿": 10000.0}


# ---------------------------------------------------------------- metrics
@dataclass(frozen=True)
class Metric:
    """One measure of the template: its key, labels and unit."""

    key: str  # dotted key of the JSON contract
    label: str  # Chinese label, e.g. 本年新收政府信息公开申请数量 · 总计
    english: str
    cite: tuple[str, ...]  # the table path, section first
    unit: str


def _build_metrics() -> dict[str, Metric]:
    metrics: dict[str, Metric] = {}
    s2, s3, s4 = (s.title for s in SECTIONS[1:4])
    for row in ACTIVE_ROWS:
        for col_key in dict.fromkeys(row.columns_2019 + row.columns_2021):
            col = ACTIVE_COLUMNS[col_key]
            amount = col_key == "amount_wan_yuan"
            unit = "万元" if amount else col.unit
            label = row.amount_label if amount else col.label
            metrics[f"active.{row.key}.{col_key}"] = Metric(
                f"active.{row.key}.{col_key}",
                f"{row.label} · {label}",
                f"{row.english}, {col.english}",
                (s2, row.item, row.label, label),
                unit,
            )
    for app in APPLICATION_ROWS:
        if app.key is None:
            continue
        printed = printed_label(app)
        for col in APPLICANT_COLUMNS:
            metrics[f"applications.{app.key}.{col.key}"] = Metric(
                f"applications.{app.key}.{col.key}",
                f"{app.label} · {col.label}",
                f"{app.english}, {col.english}",
                (s3, *app.parents, printed, col.label),
                "件",
            )
    for group in CASE_GROUPS:
        for col in OUTCOME_COLUMNS:
            metrics[f"{group.key}.{col.key}"] = Metric(
                f"{group.key}.{col.key}",
                f"{group.label} · {col.label}",
                f"{group.english}, {col.english}",
                (s4, *group.parents, group.label, col.label),
                "件",
            )
    return metrics


_CN_NUMS = "一二三四五六七八九十"


def printed_label(row: ApplicationRow) -> str:
    """The row label with its template numbering, as the template prints it."""
    if row.top:
        return f"{_CN_NUMS[row.top - 1]}、{row.label}"
    if row.item:
        return f"{row.item}.{row.label}"
    if row.group:
        return f"（{_CN_NUMS[row.group - 1]}）{row.label}"
    return row.label


METRICS: dict[str, Metric] = _build_metrics()
