"""A made-up annual report (invented issuer and figures) that format tests print as HTML or Word.

The section 三 table is given as the grid a reader must return: label cells that the
printed table merges are written out in every grid cell they cover, so `merges` finds
the rectangles to print as rowspan/colspan (HTML) or merged cells (Word). Blank cells
are "" and stay blank; the template's identities hold (一 + 二 = 三(七) + 四 per column).
"""

from __future__ import annotations

import html

ISSUER = "青禾县人民政府"
YEAR = 2022
TITLE = f"{ISSUER}{YEAR}年政府信息公开工作年度报告"

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
COLUMNS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]
HEADER = [
    [NOTE] * 3 + ["申请人情况"] * 7,
    [NOTE] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
    [NOTE] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
]
R3 = "三、本年度办理结果"
_ZERO = ["0", "0", "", "", "", "", "0"]
# (metric row key, three label cells, seven figures); "" = a blank cell
ROWS = [
    ("received", ["一、本年新收政府信息公开申请数量"] * 3, ["12", "3", "", "", "", "", "15"]),
    ("carried_over_in", ["二、上年结转政府信息公开申请数量"] * 3, ["1", "", "", "", "", "", "1"]),
    ("granted", [R3] + ["（一）予以公开"] * 2, ["9", "2", "", "", "", "", "11"]),
    (
        "partially_granted",
        [R3] + ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] * 2,
        ["2", "", "", "", "", "", "2"],
    ),
    ("withheld.state_secret", [R3, "（三）不予公开", "1.属于国家秘密"], _ZERO),
    ("withheld.prohibited_by_law", [R3, "（三）不予公开", "2.其他法律行政法规禁止公开"], _ZERO),
    ("withheld.three_safeties_one_stability", [R3, "（三）不予公开", "3.危及“三安全一稳定”"], _ZERO),
    ("withheld.third_party_rights", [R3, "（三）不予公开", "4.保护第三方合法权益"], _ZERO),
    ("withheld.internal_affairs", [R3, "（三）不予公开", "5.属于三类内部事务信息"], _ZERO),
    ("withheld.process_info", [R3, "（三）不予公开", "6.属于四类过程性信息"], _ZERO),
    ("withheld.enforcement_file", [R3, "（三）不予公开", "7.属于行政执法案卷"], _ZERO),
    ("withheld.administrative_query", [R3, "（三）不予公开", "8.属于行政查询事项"], _ZERO),
    ("unavailable.not_held", [R3, "（四）无法提供", "1.本机关不掌握相关政府信息"], ["1", "0", "", "", "", "", "1"]),
    ("unavailable.needs_creation", [R3, "（四）无法提供", "2.没有现成信息需要另行制作"], _ZERO),
    ("unavailable.unclear_after_correction", [R3, "（四）无法提供", "3.补正后申请内容仍不明确"], _ZERO),
    ("not_processed.petition_complaint", [R3, "（五）不予处理", "1.信访举报投诉类申请"], _ZERO),
    ("not_processed.duplicate", [R3, "（五）不予处理", "2.重复申请"], _ZERO),
    ("not_processed.publication", [R3, "（五）不予处理", "3.要求提供公开出版物"], _ZERO),
    ("not_processed.excessive_repeated", [R3, "（五）不予处理", "4.无正当理由大量反复申请"], _ZERO),
    ("not_processed.confirm_or_reissue", [R3, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"], _ZERO),
    (
        "other_handling.no_correction",
        [R3, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
        _ZERO,
    ),
    (
        "other_handling.unpaid_fee",
        [R3, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
        _ZERO,
    ),
    ("other_handling.other", [R3, "（六）其他处理", "3.其他"], _ZERO),
    ("results_total", [R3] + ["（七）总计"] * 2, ["12", "2", "", "", "", "", "14"]),
    ("carried_over_out", ["四、结转下年度继续办理"] * 3, ["1", "1", "", "", "", "", "2"]),
]
APPLICATION_GRID = HEADER + [labels + values for _, labels, values in ROWS]

CASES_GRID = [
    ["行政复议"] * 5 + ["行政诉讼"] * 10,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3,
    ["1", "0", "0", "0", "1", "0", "0", "1", "0", "1", "0", "0", "0", "0", "0"],
]
CASE_KEYS = [
    f"{g}.{c}"
    for g in ("review", "litigation_direct", "litigation_after_review")
    for c in ("upheld", "corrected", "other", "pending", "total")
]


def expected() -> dict[str, float | None]:
    """metric → printed value (None: the cell is blank)."""
    out: dict[str, float | None] = {}
    for key, _, values in ROWS:
        for col, v in zip(COLUMNS, values):
            out[f"applications.{key}.{col}"] = float(v) if v else None
    for key, v in zip(CASE_KEYS, CASES_GRID[3]):
        out[key] = float(v)
    return out


def _cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def merges(grid: list[list[str]], label_rows: int, label_cols: int) -> list[tuple[int, int, int, int]]:
    """Rectangles (top, left, bottom, right; inclusive) of equal, non-blank label text.

    Only the header rows and the label columns merge: equal figures side by side are
    separate cells."""

    def mergeable(r: int, c: int) -> bool:
        return bool(grid[r][c]) and (r < label_rows or c < label_cols)

    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if (r, c) in taken or not mergeable(r, c):
                continue
            right = c
            while (
                right + 1 < len(row)
                and mergeable(r, right + 1)
                and row[right + 1] == text
                and (r, right + 1) not in taken
            ):
                right += 1
            bottom = r
            while bottom + 1 < len(grid) and all(
                mergeable(bottom + 1, k) and grid[bottom + 1][k] == text and (bottom + 1, k) not in taken
                for k in range(c, right + 1)
            ):
                bottom += 1
            out.append((r, c, bottom, right))
            taken.update((i, k) for i in range(r, bottom + 1) for k in range(c, right + 1))
    return out


def html_table(grid: list[list[str]], label_rows: int, label_cols: int) -> str:
    """The grid as Word-exported HTML: rowspan/colspan, text split across <span>s, blank = &nbsp;."""
    starts = {(t, left): (b - t + 1, r - left + 1) for t, left, b, r in merges(grid, label_rows, label_cols)}
    covered = {
        (i, k)
        for t, left, b, r in merges(grid, label_rows, label_cols)
        for i in range(t, b + 1)
        for k in range(left, r + 1)
    } - set(starts)
    out = ['<table style="BORDER-COLLAPSE:collapse" border="1"><tbody>']
    for r, row in enumerate(grid):
        out.append("<tr>")
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rows, cols = starts.get((r, c), (1, 1))
            span = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
            if text:
                # Split mid-text like Word does; the markup's line break between two halves is
                # layout only where both sides are Chinese (a browser shows nothing there).
                half = max(1, len(text) // 2)
                gap = "\n      " if _cjk(text[half - 1]) and _cjk(text[half : half + 1]) else ""
                body = (
                    f'<span style="font-family: 宋体">{html.escape(text[:half])}</span>{gap}'
                    f'<span style="font-family: 宋体">{html.escape(text[half:])}</span><span><o:p></o:p></span>'
                )
            else:
                body = "<span><o:p>&nbsp;</o:p></span>"
            out.append(f'<td{span} valign="center">\n      <p class="MsoNormal">{body}</p>\n      </td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def article_html() -> str:
    """The report's body as a web editor would publish it (sections, prose, the two tables)."""
    p = '<p style="text-indent:2em"><span>{}</span></p>'.format
    return "\n".join(
        [
            p(f"根据《中华人民共和国政府信息公开条例》要求，现公布{ISSUER}{YEAR}年度政府信息公开工作年度报告。"),
            p("一、总体情况"),
            p(f"{YEAR}年，本县共收到政府信息公开申请15件，均已按时答复。"),
            p("二、主动公开政府信息情况"),
            p("本年度主动公开政府信息1200条。"),
            p("三、收到和处理政府信息公开申请情况"),
            html_table(APPLICATION_GRID, 3, 3),
            p("四、政府信息公开行政复议、行政诉讼情况"),
            html_table(CASES_GRID, 3, 0),
            p("五、存在的主要问题及改进情况"),
            p("公开的及时性有待提高。"),
            p("六、其他需要报告的事项"),
            p("本年度未收取信息处理费。"),
        ]
    )


def wrong_cells(report, truth: dict[str, float | None]) -> dict[str, tuple[object, object]]:  # type: ignore[no-untyped-def]
    """metric → (expected, stored) for every truth cell the report stores otherwise (None = blank)."""
    from ingest.model import BLANK, REPORTED

    stored = {f.metric: f for f in report.figures}
    wrong = {}
    for metric, value in truth.items():
        f = stored.get(metric)
        got = None if f is None else (f.value if f.status == REPORTED else f.status)
        if got != (BLANK if value is None else value):
            wrong[metric] = (value, got)
    return wrong
