"""How answers are worded, in Chinese and English, kept apart from the decisions.

Issuers and years are written as people write them (合阳县人民政府 2020年报); a file name
never appears in a sentence (it stays in the JSON); amounts are shown in the unit the
report printed (51.57亿元), with the stored figure beside them when it differs.
"""
from __future__ import annotations

import re
from typing import Any

from .answer import as_number, shown

STATUS_ZH = {"blank": "未填报（空白）", "unreadable": "无法可靠读取", "absent": "未印出此项"}
STATUS_EN = {"blank": "blank (not reported)", "unreadable": "unreadable", "absent": "not printed"}

EXAMPLES_ZH = ("合阳县2020年收到多少政府信息公开申请？", "海东2019年法人或其他组织申请多少", "海东2019年公开率",
               "哪个县收到的申请最多", "海东市2019年政务公开存在哪些主要问题")
EXAMPLES_EN = ("How many applications did Heyang receive in 2020?", "What share of Haidong's requests was granted?",
               "Which county had the most lawsuits?", "What problems did Haidong report in 2019?")


def report_name(report: dict[str, Any], english: bool = False) -> str:
    """合阳县人民政府 2020年报 / 合阳县人民政府 2020 report."""
    issuer = report.get("issuer") or ("an unnamed issuer" if english else "未署名单位")
    year = report.get("year")
    if year is None:
        return issuer
    return f"{issuer} {year} report" if english else f"{issuer} {year}年报"


def help_text(english: bool, on_file: str = "") -> str:
    """What the bot answers, with a few example questions."""
    if english:
        text = ("I answer questions about government information-disclosure annual reports on file: figures from "
                "their tables (applications, results, reviews, lawsuits, licences, fees…), sums, shares and "
                "differences, rankings and trends, and what the reports say. For example:\n"
                + "\n".join(f"  · {e}" for e in EXAMPLES_EN))
    else:
        text = ("我可以回答已存档的政府信息公开工作年度报告中的问题：表格中的数字（申请、办理结果、复议、诉讼、许可、收费等）、"
                "合计、占比和差额、排名和历年变化，以及报告正文的内容。例如：\n" + "\n".join(f"  · {e}" for e in EXAMPLES_ZH))
    return text + (f"\n{on_file}" if on_file else "")


def number(value: float | None) -> str:
    if isinstance(value, float) and value.is_integer():  # most cells; thousands per ranking
        return str(int(value))
    v = as_number(value)
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


_PRINTED_UNIT = re.compile(r"(亿元|万元|元)")


def amount(fig: dict[str, Any], english: bool = False) -> str:
    """A cell's value in the unit the report printed: 51.57亿元 (= 515700 万元)."""
    if fig.get("status") != "reported":
        return (STATUS_EN if english else STATUS_ZH).get(fig.get("status") or "absent", "—")
    raw = (fig.get("raw") or "").replace(" ", "")
    m = _PRINTED_UNIT.search(raw)
    if m and fig.get("unit") and m.group(1) != fig["unit"] and re.match(r"^[\d.,，]+", raw):
        printed = re.match(r"^[\d.,，]+", raw).group(0) + m.group(1)  # type: ignore[union-attr]
        stored = shown(fig["value"], fig["unit"], english)
        return f"{printed} (= {stored})" if english else f"{printed}（即 {stored}）"
    return shown(fig["value"], fig.get("unit"), english)


def percent(value: float) -> str:
    return f"{value:.1f}%"


def cite(fig_or_passage: dict[str, Any], english: bool = False) -> str:
    """Where a figure or passage stands: report, then table path or section."""
    place = fig_or_passage.get("cite") or fig_or_passage.get("section") or ""
    return f"{report_name(fig_or_passage, english)}, {place}" if english else f"{report_name(fig_or_passage)}，{place}"


def source(fig: dict[str, Any], english: bool = False) -> str:
    return f"Source: {cite(fig, True)}" if english else f"出处：{cite(fig)}"


def listing(items: list[str], english: bool) -> str:
    return "; ".join(items) if english else "；".join(items)


def off_topic_text(english: bool) -> str:
    """A question the reports do not answer (GDP, the weather, who made the bot): what can be asked."""
    return ("That is not something the reports answer. " if english
            else "这个问题不在年度报告的范围内。") + help_text(english)


def term(label: str, value: str, parts: str, english: bool) -> str:
    """One measure in a sum or a listing: 行政诉讼 46 件（26 + 20）."""
    if english:
        return f"{label} {value}" + (f" ({parts})" if parts else "")
    return f"{label} {value}" + (f"（{parts}）" if parts else "")


def measures_sum(who: str, terms: list[str], formula: str, unit: str, english: bool) -> str:
    """淮安市人民政府 2024年报：行政复议 351 件 + 行政诉讼 46 件，合计 351 + 26 + 20 = 397 件。"""
    unit_en = "" if unit in ("件", "") else f" {unit}"
    if english:
        return f"{who}: {' + '.join(terms)}; together {formula}{unit_en}."
    return f"{who}：{' + '.join(terms)}，合计 {formula} {unit}".rstrip() + "。"


def measures_line(who: str, terms: list[str], english: bool) -> str:
    """One report's line of a listing: 海东市人民政府 2019年报：行政复议 38 件，行政诉讼 7 件."""
    return f"{who}: {', '.join(terms)}" if english else f"{who}：{'，'.join(terms)}"


def measures_total(formula: str, unit: str, count: int, english: bool) -> str:
    """The sum over several reports of several measures."""
    unit_en = "" if unit in ("件", "") else f" {unit}"
    return (f"Sum over the {count} reports: {formula}{unit_en}." if english
            else f"{count} 份报告合计 {formula} {unit}".rstrip() + "。")


def incomplete(english: bool) -> str:
    return (" Incomplete: cells that are not printed are not counted (a blank is not zero)." if english
            else "合计不完整：未印出的栏目未计入（空白不计为零）。")
