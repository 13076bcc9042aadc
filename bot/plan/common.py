"""What the planners share: report levels and place words, a cell's part of a sentence, a table row."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from index.lexical import tokenize
from ingest.regions import short_name
from ingest.template import METRICS

from .. import derived
from ..answer import as_number
from ..wording import STATUS_EN, STATUS_ZH, amount, not_counted, number

if TYPE_CHECKING:
    from ..in_text import FoundNumber

QUESTION_WORDS = frozenset(
    {"怎么样", "什么", "哪些", "情况", "如何", "多少", "是否", "有没有", "怎么", "为什么", "报告"}
)
TOP = 10  # rows a rank or compare answer lists in its sentence; the full rows are in Answer.table
PLACE_WORDS_OF = 50  # beyond this many reports, the place words of every report (computed once) stand in


DEPARTMENT_LEVEL = "department"  # 哪个部门: the departments' reports, of whatever place


def at_level(report: dict[str, Any], level: str, governments_only: bool = True) -> bool:
    """Whether a report is of that level: a department's for 哪个部门; else its region's level, and
    (`governments_only`) a government's own (哪个县 asks about counties' governments, not their bureaus).
    What the store keeps of every report as its `place_level` and `department` (index.issuers.report_level)."""
    from index.issuers import DEPARTMENT, kind_of, speaks_for_place
    from ingest.organs import place_in_name

    issuer = report["issuer"] or ""
    if level == DEPARTMENT_LEVEL:
        return kind_of(issuer, report.get("kind")) == DEPARTMENT
    if region_level(report["region"] or place_in_name(issuer)) != level:
        return False
    return not governments_only or speaks_for_place(issuer, report.get("kind"))


@lru_cache(maxsize=4096)
def region_level(region: str | None) -> str | None:
    """county | city | province of a region name, from the division table (suffix as a fallback)."""
    from index.issuers import region_level as of_region

    return of_region(region)


@lru_cache(maxsize=65536)
def report_words(issuer: str | None, region: str | None, year: int | None) -> frozenset[str]:
    """Words that name a report's place and year: not what a question counts."""
    words: set[str] = {str(year)}
    for name in (issuer, region):
        if name:
            words |= set(tokenize(name)) | {short_name(name) if region == name else name}
    return frozenset(words)


def _label_parts(c: dict[str, Any], en: bool) -> list[str]:
    return METRICS[c["metric"]].english.split(", ") if en and c["metric"] in METRICS else c["label"].split(" · ")


def operand_name(c: dict[str, Any], en: bool) -> str:
    """The part of a cell's label that tells it from the other operands: its column, or for a total its row."""
    parts = _label_parts(c, en)
    last = parts[-1]
    return parts[0] if len(parts) == 1 or last in ("总计", "total") else last


def operand_names(cells: list[dict[str, Any]], en: bool) -> dict[str, str]:
    """metric → its operand name; where two operands would share one (结果纠正 of 未经复议直接起诉 and
    of 复议后起诉), those two are named in full."""
    short = {c["metric"]: operand_name(c, en) for c in cells}
    shared = {name for name in short.values() if list(short.values()).count(name) > 1}
    sep = ", " if en else " · "
    return {
        c["metric"]: sep.join(_label_parts(c, en)) if short[c["metric"]] in shared else short[c["metric"]]
        for c in cells
    }


def operands_said(d: derived.Derived, en: bool) -> str:
    """The printed operands of a sum, each by its name and value."""
    names = operand_names(d.operands, en)
    reported = [c for c in d.operands if c["status"] == "reported"]
    return (", " if en else "、").join(f"{names[c['metric']]} {number(c['value'])}" for c in reported)


def missing_said(d: derived.Derived, en: bool) -> str:
    """The operands not counted (blank, unreadable, absent), grouped by why; empty when none."""
    if not d.missing:
        return ""
    names = operand_names(d.operands, en)
    groups: dict[str, list[str]] = {}
    for c in d.missing:
        groups.setdefault(c["status"], []).append(names[c["metric"]])
    return not_counted(groups, en)


def table_row(
    report: dict[str, Any],
    d: derived.Derived,
    en: bool,
    from_text: FoundNumber | None = None,
    status: str | None = None,
) -> dict[str, Any]:
    """One report's row of an answer's table: its value (or the text's), status, formula and cite."""
    return {
        "issuer": report["issuer"],
        "region": report["region"],
        "year": report["year"],
        "value": as_number(d.value if not from_text else from_text.value),
        "unit": d.unit if not from_text else from_text.unit,
        "status": status
        or ("reported" if d.value is not None else (d.missing[0]["status"] if d.missing else "absent")),
        "from_text": bool(from_text),
        "complete": d.complete,
        "formula": d.formula or None,
        "source_file": report["source_file"],
        "report_id": report["id"],
        "cite": from_text.passage.chunk.cite if from_text else (d.operands[0]["cite"] if d.operands else None),
    }


def measure_shown(d: derived.Derived, en: bool) -> str:
    """A measure's value: the printed cell as printed, a sum as its result, or why there is none."""
    if d.value is None:
        return (STATUS_EN if en else STATUS_ZH).get(worst_status(d), "—")
    if len(d.operands) == 1:
        return amount(d.operands[0], en)
    return derived.shown_value(d, en)


def parts_added(d: derived.Derived) -> str:
    """The printed cells a sum adds ("26 + 20"), when it adds more than one."""
    values = [c["value"] for c in d.operands if c["status"] == "reported" and c["value"] is not None]
    return " + ".join(number(v) for v in values) if len(values) > 1 else ""


def worst_status(d: derived.Derived) -> str:
    """Why a value is missing: unreadable before blank before absent."""
    statuses = {c["status"] for c in d.missing} or {"absent"}
    for s in ("unreadable", "blank", "absent"):
        if s in statuses:
            return s
    return "absent"


def place_words_of(reports: list[dict[str, Any]]) -> set[str]:
    """The words naming these reports' places and years."""
    words: set[str] = set()
    for r in reports:
        words |= report_words(r["issuer"], r["region"], r["year"])
    return words
