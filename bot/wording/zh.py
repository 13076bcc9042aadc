"""Every sentence the bot says, in Chinese (bot/wording/en.py says the same in English).

Issuers and years are written as people write them (合阳县人民政府 2020年报); a file name
never appears in a sentence (it stays in the JSON); amounts are shown in the unit the
report printed (51.57亿元), with the stored figure beside them when it differs.
"""

from __future__ import annotations

from typing import Any

from ..answer import shown
from ..lexicon import CHANNEL_NAMES
from .common import EXAMPLES_ZH, STATUS_ZH, number, printed_amount, sides


def report_name(report: dict[str, Any]) -> str:
    """合阳县人民政府 2020年报."""
    issuer = report.get("issuer") or "未署名单位"
    year = report.get("year")
    if year is None:
        return issuer
    return f"{issuer} {year}年报"


def help_text(on_file: str = "") -> str:
    """What the bot answers, with a few example questions."""
    text = (
        "我可以回答已存档的政府信息公开工作年度报告中的问题：表格中的数字（申请、办理结果、复议、诉讼、许可、收费等）、"
        "合计、占比和差额、排名和历年变化，以及报告正文的内容。例如：\n" + "\n".join(f"  · {e}" for e in EXAMPLES_ZH)
    )
    return text + (f"\n{on_file}" if on_file else "")


def amount(fig: dict[str, Any]) -> str:
    """A cell's value in the unit the report printed: 51.57亿元（即 515700 万元）."""
    if fig.get("status") != "reported":
        return STATUS_ZH.get(fig.get("status") or "absent", "—")
    printed = printed_amount(fig)
    if printed is not None:
        return f"{printed}（即 {shown(fig['value'], fig['unit'])}）"
    return shown(fig["value"], fig.get("unit"))


def cite(fig_or_passage: dict[str, Any]) -> str:
    """Where a figure or passage stands: report, then table path or section."""
    place = fig_or_passage.get("cite") or fig_or_passage.get("section") or ""
    return f"{report_name(fig_or_passage)}，{place}"


def source(fig: dict[str, Any]) -> str:
    return f"出处：{cite(fig)}"


def listing(items: list[str]) -> str:
    return "；".join(items)


def off_topic_text() -> str:
    """A question the reports do not answer (GDP, the weather, who made the bot): what can be asked."""
    return "这个问题不在年度报告的范围内。" + help_text()


def term(label: str, value: str, parts: str) -> str:
    """One measure in a sum or a listing: 行政诉讼 46 件（26 + 20）."""
    return f"{label} {value}" + (f"（{parts}）" if parts else "")


def measures_sum(who: str, terms: list[str], formula: str, unit: str) -> str:
    """淮安市人民政府 2024年报：行政复议 351 件 + 行政诉讼 46 件，合计 351 + 26 + 20 = 397 件。"""
    return f"{who}：{' + '.join(terms)}，合计 {formula} {unit}".rstrip() + "。"


def measures_line(who: str, terms: list[str]) -> str:
    """One report's line of a listing: 海东市人民政府 2019年报：行政复议 38 件，行政诉讼 7 件."""
    return f"{who}：{'，'.join(terms)}"


def measures_total(formula: str, unit: str, count: int) -> str:
    """The sum over several reports of several measures."""
    return f"{count} 份报告合计 {formula} {unit}".rstrip() + "。"


def measure_over_many(label: str, total: str, unit: str, have: int, gap: int) -> str:
    """One measure summed over many reports: “行政复议 · 总计” 9997 份报告合计 1244 件（另 3 份未印出）."""
    return f"“{label}”{have} 份报告合计 {total} {unit}".rstrip() + (f"（另 {gap} 份未印出）" if gap else "")


def measures_over_many(parts: list[str], formula: str | None, unit: str) -> str:
    """Several measures summed over many reports, each; and all of them (`formula`), when asked."""
    return "；".join(parts) + "。" + (f"各项合计 {formula} {unit}".rstrip() + "。" if formula else "")


def measures_year(year: int | None, parts: list[str]) -> str:
    """A year of a trend of several measures over many reports."""
    return f"{year or '未注明'}年：" + "，".join(parts)


def incomplete() -> str:
    return "合计不完整：未印出的栏目未计入（空白不计为零）。"


# ------------------------------------------------------------------ rank, compare, trend (Answerer._many)
_CELL_ZH = {"blank": "空白", "unreadable": "无法读取"}
_MANY_HEAD = {"rank": "按“{}”排序", "compare": "“{}”对比", "trend": "“{}”历年情况", "sum": "“{}”各报告"}


def many_sentence(route: str, label: str, lines: list[str]) -> str:
    """按“本年新收… · 总计”排序：A；B。"""
    if not lines:  # not one report prints it: say so, never an empty list
        return f"这些报告都没有印出“{label}”这一数字。"
    return _MANY_HEAD[route].format(label) + "：" + listing(lines) + "。"


def quoted_line(name: str, value: float, unit: str, clause: str, status: str) -> str:
    """A report whose cell is blank, with the number its text gives."""
    return f"{name}：{number(value)} {unit}（表格此栏{_CELL_ZH.get(status, '未印出')}，引自正文：“{clause}”）"


def status_line(name: str, status: str) -> str:
    """A report that does not print the figure."""
    return f"{name}：{STATUS_ZH.get(status, '—')}"


def value_line(name: str, value: str, complete: bool) -> str:
    """A report's figure; a sub-total some of whose cells are blank says so."""
    extra = "" if complete else "（部分栏目空白，合计不完整）"
    return f"{name}：{value}{extra}"


def more_reports(rest: int) -> str:
    return f"另有 {rest} 份报告有此数字（完整列表见表格）。"


def not_printed(counts: dict[str, int]) -> str:
    """How many reports do not print the figure, by why."""
    n = sum(counts.values())
    said = "，".join(f"{k} 份{STATUS_ZH[s]}" for s, k in counts.items())
    return f"共 {n} 份报告未印出此数字（{said}），空白不计为零。"


def blank_not_searched(count: int) -> str:
    return f"此栏空白的报告有 {count} 份，未逐份查找正文中的数字；可按单位名称单独提问。"


def rank_lead(ascending: bool, issuer: str | None, year: int | None, value: str, rate: bool = False) -> str:
    """最多的是…（2024年），103 件。 (A rate's: 最高的是….)"""
    word = ("最低" if ascending else "最高") if rate else ("最少" if ascending else "最多")
    return f"{word}的是{issuer}（{year}年），{value}。"


def gap_shown(gap: float, unit: str, share: bool) -> str:
    """A difference with its unit, or in percentage points for shares."""
    if share:
        return f"{gap:.1f} 个百分点"
    return f"{number(gap)} {unit}".strip()


def larger_by(name: str, gap: str, formula: str) -> str:
    return f"{name}较多，多 {gap}（{formula}）。"


def equal() -> str:
    return "两者相同。"


def neither_side() -> str:
    return "两方都未印出此数字，无法比较。"


def one_side_only() -> str:
    return "只有一方印出此数字，无法比较。"


def sum_found(terms: list[str], total: float, unit: str, limit: int) -> str:
    """合计 5 + 5 = 10 件。 — past `limit` terms, the first three and the count (every term is in the table)."""
    said = " + ".join(terms) + f" = {number(total)}" if len(terms) > 1 else number(total)
    if len(terms) > limit:
        said = f"{' + '.join(terms[:3])} + …（共 {len(terms)} 项，逐项见表格）= {number(total)}"
    return f"合计 {said} {unit or ''}。"


def from_text_mark() -> str:
    """A term of a sum taken from a report's text."""
    return "（正文）"


def sum_incomplete_reports() -> str:
    return "合计不完整：未印出此数字的报告未计入。"


def others_fail(count: int) -> str:
    return f"表格中另有 {count} 份报告的此项未通过模板校验"


def notes(warnings: list[str], limit: int = 3) -> str:
    """注意：…: the first few warnings and how many more."""
    more = f" (+{len(warnings) - limit} more)" if len(warnings) > limit else ""
    return " 注意：" + "；".join(warnings[:limit]) + more


def per_year_line(year: int | None, total: str, unit: str, have: int, gap: int, quoted: int = 0) -> str:
    """A trend over many issuers: a year's sum of the figures, how many reports give it (`quoted` of
    them from their text, marked) and how many do not print it."""
    return (
        f"{year or '未注明年份'}年 {have} 份报告合计 {total} {unit}".rstrip()
        + (f"（其中 {quoted} 份引自正文）" if quoted else "")
        + (f"（另 {gap} 份未印出）" if gap else "")
    )


# ------------------------------------------------------------------ differences (Answerer._difference)
def no_year_before(issuer: str, year: int) -> str:
    """同比 asked of a year whose year before is not on file."""
    return f"没有{issuer} {year} 年的报告，无法同比。"


def difference_unknown(label: str, sides: tuple[str, str, str, str], missing: str) -> str:
    """Both sides (name, value, name, value) and why their difference cannot be computed."""
    na, va, nb, vb = sides
    return f"“{label}”：{na} {va}，{nb} {vb}；无法计算差额：{missing}。"


def difference_verdict(bigger: str, smaller: str, by: str | None) -> str:
    """Which side is higher and by how much; `by` None: the two are equal."""
    if by is None:
        return "两者相同"
    return f"{bigger}比{smaller}多 {by}"


def growth_verdict(new: str, base: str, value: float, shown: str, over_time: bool) -> str:
    """新比基数增长/下降多少（一方的两年），或多/少多少（两方），以百分比。"""
    if value == 0:
        return "两者相同"
    verbs = ("增长", "下降") if over_time else ("多", "少")
    return f"{new}比{base}{verbs[0] if value > 0 else verbs[1]} {shown}"


def change_over_years(
    years: tuple[int, int], change: float, amount: str, formula: str, rate: str | None, rate_formula: str
) -> str:
    """2023年至2024年增加 74 件（95 − 21 = 74），增长 352.4%（…）: a trend asked how much it grew."""
    if change == 0:
        return f"{years[0]}年至{years[1]}年没有变化（{formula}）。"
    up = change > 0
    said = f"{years[0]}年至{years[1]}年{'增加' if up else '减少'} {amount}（{formula}）"
    if rate is None:
        return said + f"，{years[0]}年为 0，无法计算增长率。"
    return said + f"，{'增长' if up else '下降'} {rate}（{rate_formula}）。"


def several_channels(others: list[str]) -> str:
    """A count the text gives for the channel asked together with others (网站、微博、微信…5200条)."""
    names = "、".join(CHANNEL_NAMES[k][0] for k in others)
    return f"注意：这句话里的数字不只是所问渠道的，也包括{names}。"


def growth_too(verdict: str, formula: str) -> str:
    """增长了多少 of two years: the change as a rate too, after the difference."""
    return f"按增长率计，{verdict}（{formula}）。"


def zero_base() -> str:
    return "基数为 0"


def growth_unknown(label: str, sides: tuple[str, str, str, str], why: str) -> str:
    """Both sides and why their rate of change cannot be computed."""
    na, va, nb, vb = sides
    return f"“{label}”：{na} {va}，{nb} {vb}；无法计算增长率：{why}。"


def difference_sentence(label: str, sides: tuple[str, str, str, str], verdict: str, formula: str, missing: str) -> str:
    """“label”：A 5，B 3；A比B多 2（5 − 3 = 2）。"""
    na, va, nb, vb = sides
    return f"“{label}”：{na} {va}，{nb} {vb}；{verdict}（{formula}）{missing}。"


def sources_sentence(cites: list[str]) -> str:
    """出处：A；B。 — every cell a derived figure used, once each."""
    return " 出处：" + listing(list(dict.fromkeys(cites))) + "。"


# ------------------------------------------------------------------ one report's figure, sub-total, share
def figure_sentence(who: str, label: str, value: str, parts: str, source_said: str) -> str:
    """合阳县人民政府 2020年报：本年新收… · 总计 5 件（自然人 4 件，…）。出处：…。"""
    return f"{who}：{label} {value}{f'（{parts}）' if parts else ''}。{source_said}。"


def section_source(who: str, section: str) -> str:
    """Where a derived figure's cells stand: the report and the table (not one cell)."""
    return f"出处：{who}，{section}。"


def subtotal_sentence(
    who: str, label: str, formula: str, unit: str | None, operands: str, several: bool, missing: str
) -> str:
    """A sub-total the template implies: 法人或其他组织合计 36 + 57 = 93 件（商业企业 36、其他 57相加）."""
    added = f"（{operands}相加）" if several else f"（{operands}）"
    return f"{who}：{label}合计 {formula} {unit or ''}{added}{missing}。".replace(" （", "（")


_RATE_NAMES = {
    "disclosure_rate": "公开率 =（予以公开 + 部分公开）/ 办理结果总计",
    "review_correction_rate": "复议纠错率 = 行政复议结果纠正 / 行政复议总计",
    "litigation_correction_rate": "诉讼纠错率 =（未经复议直接起诉 + 复议后起诉）结果纠正 / 两者总计",
}


def rate_name(rate: str = "disclosure_rate") -> str:
    """A rate as the template defines it: 公开率, 复议纠错率, 诉讼纠错率."""
    return _RATE_NAMES[rate]


def unknown_rate(asked: str, known: list[str]) -> str:
    """A 率 the template does not define: no count is ranked in its place; the rates known are named."""
    return (
        f"“{asked}”不是年报表格能算出的比率，这里不拿某一栏的数字代替它。"
        f"能计算的比率有：{'、'.join(known)}；也可以问某一栏占总计的比例（如“复议结果纠正占比”）。"
    )


def zero_whole(parts: str, whole: str) -> str:
    """Why a rate is not computed though both sides are printed: its whole is 0."""
    return f"分母为 0（{parts} / {whole}），不计算比率"


# ------------------------------------------------------------------ a ranking by each issuer's change
def change_ranking(relative: bool, label: str, lines: list[str]) -> str:
    """按“…”两年间的增长率排序：A；B。"""
    how = "增长率（(后一年 − 前一年) / 前一年）" if relative else "增减（后一年 − 前一年）"
    return f"按“{label}”两年间的{how}排序：{listing(lines)}。"


def change_value(value: float, unit: str, relative: bool) -> str:
    """+352.4%, −3 件."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{abs(value):.1f}%" if relative else f"{sign}{number(abs(value))} {unit}".strip()


def ranked_change_line(name: str, years: tuple[int, int], sides: tuple[str, str], formula: str, shown: str) -> str:
    """淮安市洪泽区人民政府 2023→2024年：21 件 → 95 件，+352.4%（(95 − 21) / 21 = 352.4%）."""
    return f"{name} {years[0]}→{years[1]}年：{sides[0]} → {sides[1]}，{shown}（{formula}）"


def change_lead(relative: bool, falling: bool | None, name: str, years: tuple[int, int], shown: str) -> str:
    """增长最快的是…（2023→2024年），+352.4%。 (`falling` None: the first neither rose nor fell as asked.)"""
    words = {(True, False): "增长最快", (True, True): "降幅最大", (False, False): "增加最多", (False, True): "减少最多"}
    first = "排在第一" if falling is None else words[(relative, falling)]
    return f"{first}的是{name}（{years[0]}→{years[1]}年），{shown}。"


def change_apart(
    more: int, one_year: int, blank: int, zero: list[str], zero_count: int, years: tuple[int, int] | None
) -> str:
    """How many more are ranked (in the table), and the issuers not ranked and why: one year on file (or
    not both years named), a cell not printed, a 0 base."""
    said = [f"{more} 个单位的变化见表格"] if more else []
    if one_year:
        have = f"没有 {years[0]} 年和 {years[1]} 年两份报告" if years else "只有一年的报告"
        said.append(f"{one_year} 个单位{have}，无法计算变化")
    if blank:
        said.append(f"{blank} 个单位两年中有一年此栏空白或无法读取（空白不计为零），未计算")
    if zero_count:
        others = f"等 {zero_count} 个" if zero_count > len(zero) else ""
        said.append(f"前一年为 0、无法计算增长率的：{'；'.join(zero)}{others}")
    return ("此外，" + "；".join(said) + "。") if said else ""


def change_of_rate(name: str) -> str:
    """A ranking by the change of a rate or share: not computed, and no count's change given in its place."""
    return (
        f"按“{name}”两年间的变化排序还不支持，这里不拿其中某一栏的变化代替它。"
        f"可以问某一年的{name}排名，或某个单位各年的{name}。"
    )


def change_label(label: str, relative: bool) -> str:
    """A table's and chart's name of the change: 本年新收… · 总计 · 增长率."""
    return f"{label} · {'增长率' if relative else '增减'}"


def no_change_ranked(label: str) -> str:
    return f"没有哪个单位能按“{label}”两年间的变化排序。"


def share_name(part: str, whole: str) -> str:
    return f"占比：{part} / {whole}"


def rate_unknown(who: str, name: str, why: str) -> str:
    """A rate or share that cannot be computed, and why (a blank operand, a zero denominator)."""
    return f"{who}：无法计算{name.split('=')[0].strip()}：{why or '分母为 0'}。"


def rate_sentence(who: str, name: str, formula: str, missing: str) -> str:
    return f"{who}：{name}，{formula}{missing}。"


def no_reports() -> str:
    return "尚未导入任何报告：请先运行 `nianbao ingest 路径`。"


def not_counted(groups: dict[str, list[str]]) -> str:
    """；未计入（结果因此不完整）：科研机构、法律服务机构未填报（空白） — operands with no printed value, by status."""
    said = "；".join(f"{'、'.join(names)}{STATUS_ZH[s]}" for s, names in groups.items())
    return f"；未计入（结果因此不完整）：{said}"


# ------------------------------------------------------------------ review (bot/review: diff and report card)
def change_line(row: dict[str, Any]) -> str:
    """One changed figure: 行政许可 · 处理决定数量 550 → 9487（+8937，+1624.9%）; a blank side says so."""
    unit = row.get("unit") or ""
    old = "空白" if row["old"] is None else shown(row["old"], unit)
    new = "空白" if row["new"] is None else shown(row["new"], unit)
    label = row["label"]
    if row["difference"] is None:
        return f"{label}：{old} → {new}"
    pct = "" if row["percent"] is None else f"，{row['percent']:+.1f}%"
    return f"{label}：{old} → {new}（{row['difference']:+}{pct}）"


def changes_sentence(
    issuer: str, old_year: int, new_year: int, counts: tuple[int, int, int], lines: list[str], rest: int
) -> str:
    """洪泽区 2023年报 → 2024年报：N 项数字有变化（…）；largest first, the rest in the table."""
    changed, appeared, vanished = counts
    more = f"；另有 {rest} 项见表" if rest else ""
    head = (
        f"{issuer} {old_year}年报 → {new_year}年报：{changed} 项数字有变化，{appeared} 项由空白变为有数字，"
        f"{vanished} 项由数字变为空白。按变化大小："
    )
    return head + "；".join(lines) + more + "。"


def no_changes(issuer: str, old_year: int, new_year: int, compared: int) -> str:
    return f"{issuer} {old_year}年报与{new_year}年报共有的 {compared} 项数字均无变化。"


def template_note(only_old: int, only_new: int) -> str:
    """Metrics of one template only, not compared."""
    if not only_old and not only_new:
        return ""
    return f"两份报告模板不同，仅一方才有的 {only_old + only_new} 项未比较。"


def review_needs_reports(issuer: str, years: list[int], on_file: list[int]) -> str:
    """A diff or card asked of years that are not on file."""
    have = "、".join(map(str, on_file)) or "无"
    asked = "、".join(map(str, years))
    return f"{issuer} 没有 {asked} 年的报告（已存档年份：{have}）。"


def review_needs_issuer() -> str:
    return "请指明一个单位和年份，例如“洪泽区2024年报和2023年报相比有什么变化”。"


_CARD_KINDS = {
    "template_check": "未通过模板校验",
    "cross_year": "与上下年度不衔接",
    "text_table": "正文与表格不一致",
    "sources_disagree": "不同来源文件读数不一致",
    "blank_row": "表格栏目未填报",
    "missing_section": "缺少部分",
}


def card_line(item: dict[str, Any], files: bool = True, every_place: bool = False) -> str:
    """One problem of a report card, with where it is (`files`: with the file names, as the command
    line prints it; an answer's sentence names no file, its JSON does; `every_place`: every cell, not
    the first — the quotation's and the first cell's for a text/table one)."""
    places = item["where"] if every_place else item["where"][: 2 if item["kind"] == "text_table" else 1]
    if not files:
        places = [p.split(" › ", 1)[1] for p in places if " › " in p]
    where = "（" + "；".join(places) + "）" if places else ""
    if item["kind"] == "text_table":
        table = f"{item['formula']} = {item['table']}" if "+" in item["formula"] else str(item["table"])
        said = f"正文“{item['quote']}”为 {item['stated']} {item['unit']}，表格为 {table}"
        return f"{item['description']}：{said}{where}"
    if item["kind"] in ("template_check", "cross_year") and (item.get("left"), item.get("right")) != (None, None):
        return f"{item['description']}（{sides(item['left'], item['right'], False)}）{where}"
    return f"{item['description']}{where}"


def card_sentence(who: str, counts: dict[str, int], lines: list[str]) -> str:
    """洪泽区人民政府 2024年报的问题：未通过模板校验 2 项…：① …；② …。"""
    found = [f"{_CARD_KINDS[k]} {n} 项" for k, n in counts.items() if n]
    if not found:
        return f"{who}：未发现问题——模板校验通过，与上下年度结转衔接，正文与表格一致，无空白栏目，各部分齐全。"
    return f"{who}：{'，'.join(found)}。" + "；".join(f"{i}. {line}" for i, line in enumerate(lines, 1)) + "。"


def more_problems(rest: int) -> str:
    """A card with more problems than its sentence names."""
    return f"另有 {rest} 项见表格。"


def failed_check(src: str, description: str, pair: str, disagree: bool) -> str:
    """A failed check beside an answer that uses one of its cells: a template check, or two
    source files of the report reading a cell otherwise (their readings in `description`)."""
    if disagree:
        return f"{src}：两个来源文件读数不一致：{description}"
    return f"{src}：该表未通过模板校验“{description}”（{pair}），以上为原表数字"


def cross_year_note(description: str) -> str:
    """A cross-year mismatch beside an answer that uses a carry-over cell."""
    return f"跨年度校验未通过：{description}，以上为原表数字"


def missing_cell(fig: dict[str, Any], status: str, who: str, label: str) -> str:
    """A cell not printed: blank (never zero), unreadable (and why), or not in the report's table at all."""
    if status == "blank":
        return f"{who}的表格中“{label}”一栏为空（未填报，不能视为零）。{source(fig)}。"
    if status == "unreadable":
        return f"{who}中“{label}”一栏无法可靠读取（{fig.get('note')}）。{source(fig)}。"
    return f"{who}中没有“{label}”这一项。"


# 哪个市…: no city government's report of that year (other levels may have one)
LEVEL_WHO = {
    "province": "任何省级政府",
    "city": "任何市级政府",
    "county": "任何县级政府",
    "township": "任何乡镇",
    "department": "任何部门",
}


def no_year_on_file(years: list[int], issuers: list[str], on_file: list[str], level: str | None = None) -> str:
    """No report of the years asked, for these issuers (or any of a level, or any): and the reports there are."""
    have = "、".join(on_file) or "—"
    asked = "、".join(map(str, years))
    who = "、".join(issuers) if issuers else LEVEL_WHO.get(level or "", "任何单位")
    return f"没有{who} {asked} 年的报告。已有：{have}。"


def latest_note(issuer: str, year: int | None, only: bool, dropped: list[int]) -> str:
    """Which report stands in when no year was named (or an inherited year is not on file): its only or latest."""
    which = "唯一的" if only else "最新的"
    if dropped:
        years = "、".join(map(str, dropped))
        return f"（没有{issuer} {years} 年的报告，使用其{which}报告：{year} 年。）"
    return f"（未指明年份，使用{issuer}{which}报告：{year} 年。）"


def and_more(count: int) -> str:
    """The end of a list cut short: how many more."""
    return f"另有 {count} 份"


def not_on_file(wanted: str, region: str | None, listed: str, departments_only: str | None) -> str:
    """No report for what was named; what its place has on file (`departments_only`: the level of the
    government asked, when only its departments' reports are there)."""
    if departments_only is not None:
        return f"没有{wanted}的报告；{region}有这些部门的报告：{listed}。"
    return f"没有{wanted}的报告；{region}有：{listed}。"


def did_you_mean(name: str, listed: str) -> str:
    """A name on file one character from the one asked (刚擦县): asked about, never answered for."""
    return f"没有{name}的报告。是否指：{listed}？请用正确的名称再问一次。"


def fits_several(mention: str, listed: str) -> str:
    """A name several issuers on file fit: which one?"""
    return f"“{mention}”可指多个单位：{listed}。请说明是哪一个。"


def none_under(place: str, on_file: str) -> str:
    """海东市各县…: none of the places under it has a report on file (its own report is not theirs)."""
    return f"没有{place}下辖县（市、区）的报告。" + on_file


def nothing_on_file(names: str, on_file: str) -> str:
    """Names with no report on file anywhere near: and what is on file."""
    return f"没有{names}的报告。" + on_file


def none_printed(who: str, label: str, count: int, said: str, fig: dict[str, Any]) -> str:
    """A sub-total none of whose cells is printed: which they are, and where."""
    return f"{who}中构成“{label}”的 {count} 个栏目均未印出数字：{said}。{source(fig)}。"


def at(who: str, place: str) -> str:
    """A report and the place in it: 合阳县人民政府 2020年报，二、… ."""
    return f"{who}，{place}"


def not_in_text() -> str:
    """After a cell not printed: the text does not state it either."""
    return "报告正文中未找到写明此数字的句子。"


def other_quantity(quote: str, where: str, why: str) -> str:
    """After a cell not printed: the text states a number, but of something else (`why`)."""
    return f"报告正文中未找到写明此数字的句子：正文写道“{quote}”（{where}），但{why}，不能作为此栏的数字。"


def text_says(quote: str, value: float, unit: str, word: str, where: str) -> str:
    """After a cell not printed: the number the report's text states, quoted."""
    return f"但报告正文写道：“{quote}”，即{word} {number(value)} {unit}（{where}）。"


def as_asked_note(word: str, label: str) -> str:
    """A number in the question's own word (受理): the answer to it, not the table's cell."""
    return f"这是“{word}”的数量（可能包含上年结转），并非表中“{label}”一栏。"


def no_number_stated() -> str:
    """A number the tables do not hold, and no sentence states: the passages follow."""
    return "报告正文中未找到写明所问数字的句子；相关段落如下。"


def number_stated(who: str, value: float, unit: str, quote: str, text: str, place: str) -> str:
    """A number the tables do not hold, from the sentence stating it (`text`: the number as written)."""
    return f"{who}写道：“{quote}”，即 {text.replace(' ', '')}。出处：{who}，{place}。"


def string_stated(who: str, value: str, quoted: str, place: str) -> str:
    """A phone number, an e-mail, an address or a person, and the sentence stating it."""
    return f"{who}：{value}。报告写道：“{quoted}”（{who}，{place}）。"


def reports_on_file(names: list[str], more: int) -> str:
    """The reports on file, the first few named and how many more."""
    items = names + ([and_more(more)] if more > 0 else [])
    return "已存档的报告：" + ("; ".join(items) if items else "none")


def no_level_on_file(on_file: str) -> str:
    """哪个县… with no report of that level of government: and what is on file."""
    return "没有该级别政府的报告。" + " " + on_file


def measures_listing(lines: list[str], more: int) -> str:
    """Several measures' lines, one per report, and how many more reports the table has."""
    text = "".join(lines)
    if more > 0:
        text += f"另有 {more} 份报告见表格。"
    return text


def no_passage() -> str:
    """Nothing in the reports answers a descriptive question: what can be asked."""
    return "报告中没有找到相关段落。" + help_text()


def passages_text(items: list[dict[str, Any]], lead: str, direct: bool) -> str:
    """The first passage's lead quoted (said to be only the nearest when no sentence says what was
    asked: `direct` false), then every passage with its report and section."""
    first = items[0]
    head = f"{report_name(first)}（{first['section']}）写道：“{lead}”"
    if not direct:
        head = "报告中没有直接写明这一点的句子，最接近的段落：" + head
    lines = [f"[{i}] {report_name(it)} › {it['section']}：{it['text']}" for i, it in enumerate(items, 1)]
    return head + "\n" + "相关段落：" + "\n" + "\n".join(lines)


def catalogue_text(count: int, groups: list[tuple[str, list[int]]], more: int) -> str:
    """已存档 3 份报告（2 个单位）：合阳县人民政府 2020；淮安市洪泽区人民政府 2023、2024。"""
    if not count:
        return "没有符合条件的报告。"
    units = len(groups) + max(more, 0)
    listed = "；".join(f"{issuer} {'、'.join(map(str, years)) or '年份不明'}" for issuer, years in groups)
    tail = f"；等，另有 {more} 个单位" if more > 0 else ""
    return f"已存档 {count} 份报告（{units} 个单位）：{listed}{tail}。"


# ------------------------------------------------------------------ average and threshold (bot/plan/average.py, threshold.py)
_CONDITION_ZH = {">": "超过", ">=": "不少于", "<": "少于", "<=": "不超过", "=": "为"}


def condition_said(op: str, value: float, unit: str) -> str:
    """超过 100 件（> 100）: the condition as asked, and as compared."""
    shown_unit = f" {unit}" if unit and unit != "%" else (unit or "")
    return f"{_CONDITION_ZH[op]} {number(value)}{shown_unit}（{op} {number(value)}）"


def average_sentence(label: str, mean: str, unit: str, arithmetic: str, printed: int) -> str:
    """“…”平均每份报告 33.67 件：3 份报告印出此数字，合计 95 + 5 + 1 = 101，101 ÷ 3 ≈ 33.67。"""
    shown_unit = unit if unit == "%" else f" {unit}".rstrip()
    return f"“{label}”平均每份报告 {mean}{shown_unit}：{printed} 份报告印出此数字，合计 {arithmetic}。"


def average_formula(terms: list[str], total: str, printed: int, mean: str, limit: int) -> str:
    """95 + 5 + 1 = 101，101 ÷ 3 ≈ 33.67: the printed values added (past `limit`, the first three and
    the count; every one is in the table), divided by how many print one."""
    added = " + ".join(terms) + f" = {total}" if len(terms) > 1 else total
    if len(terms) > limit:
        added = f"{' + '.join(terms[:3])} + …（共 {len(terms)} 项，逐项见表格）= {total}"
    return f"{added}，{total} ÷ {printed} {mean}"


def no_average(label: str) -> str:
    return f"这些报告都没有印出“{label}”这一数字，无法计算平均值。"


def average_excludes() -> str:
    return "未印出此数字的报告不计入平均（既不计为零，也不计入份数）。"


def threshold_sentence(label: str, condition: str, count: int, lines: list[str]) -> str:
    """“…”超过 100 件（> 100）的报告有 2 份：A；B。"""
    if not count:
        return f"“{label}”{condition}的报告：没有。"
    return f"“{label}”{condition}的报告有 {count} 份：" + listing(lines) + "。"


def not_meeting(count: int) -> str:
    return f"另 {count} 份报告印出此数字，不满足条件。"


def unprinted_named(names: list[str], more: int) -> str:
    """The reports that leave the figure blank, named apart: not reported, never counted as 0."""
    tail = f"等，另有 {more} 份" if more > 0 else ""
    return f"无法判断（未填报，不计为零）：{'、'.join(names)}{tail}。"


def each_on_its_own(average: bool) -> str:
    """Several measures averaged or filtered: each on its own, said so."""
    return (
        "（以上各项分别计算平均值，不是相加后的平均值。）"
        if average
        else "（以上各项分别列出满足条件的报告，不是同时满足的报告。）"
    )


_PER_ZH = {"month": "月", "quarter": "季度", "week": "周", "day": "天"}


def per_sentence(per: str, year: int, days: int, shown: str, unit: str, formula: str) -> str:
    """按全年 12 个月平均，每月约 0.42 件（5 ÷ 12 ≈ 0.42）：the year's figure divided, shown."""
    over = {
        "month": "全年 12 个月",
        "quarter": "全年 4 个季度",
        "week": f"{year}年 {days} 天、每周 7 天",
        "day": f"{year}年 {days} 天",
    }[per]
    return f"按{over}平均，每{_PER_ZH[per]}约 {shown} {unit}（{formula}）；报告只印全年数字。".replace(" （", "（")


def per_not_computed(per: str, why: str) -> str:
    """Per person, or a figure not printed (or a rate): said, not guessed."""
    if per == "person":
        return "报告没有印人数（人口或工作人员），算不出人均数；以上是全年总数。"
    said = "这是比率，不按时间平均" if why == "rate" else "全年数字未印出"
    return f"报告只印全年数字；{said}，算不出每{_PER_ZH[per]}平均。"


def per_yearly_note(per: str) -> str:
    """Many reports: their yearly figures, and how a per-month one follows from them."""
    if per == "person":
        return "（报告没有印人数，算不出人均数；以下是全年数字。）"
    n = {"month": "12", "quarter": "4", "week": "全年周数", "day": "全年天数"}[per]
    return f"（报告只印全年数字：每{_PER_ZH[per]}平均即全年数字 ÷ {n}，次序不变；以下是全年数字。）"


def no_whole(area: bool) -> str:
    """A share asked of a figure with no larger total printed: why there is no share."""
    if area:
        return "问的是占全地区的比例：每份报告只统计本机关的数字，没有报告印出全地区的合计，算不出这个比例；以上是本机关的数字。"
    return "问的是占比，但这个数字在报告中没有更大的总数可作分母（可以问“自然人占新收申请的比例”这样的占比）；以上是数字本身。"


def share_of_another(label: str, shown: tuple[str, str, str, str], bodies: tuple[str, str], formula: str) -> str:
    """洪泽区占淮安市: one report's figure over another's, and what the reports do not say."""
    part, part_shown, whole, whole_shown = shown
    return (
        f"“{label}”：{part} {part_shown}，{whole} {whole_shown}；{formula}。"
        f"每份报告只统计本机关的数字，{bodies[1]}的数字是否包含{bodies[0]}的，报告没有说明。"
    )


def read_as_note(word: str, column: str) -> str:
    """败诉: a word for a column the tables name otherwise, said before the answer."""
    return f"（表格没有“{word}”一栏，按“{column}”计。）"


def no_such_column_note(word: str, row: str) -> str:
    """自然人 of 行政复议: a column the row asked does not have, said before its own figure."""
    return f"（表格中的“{row}”没有按“{word}”分列，没有这个数字；以下是“{row}”的总数。）"
