"""Text against table: a number the report's prose states about a template measure, against
the table's cell (or the cells it adds up).

Which measure a sentence's number states is bot/measure.py's reading; only an exact match is
compared: the row (or rows, added: 予以公开及部分公开 → the two rows), the column, and for the
one widening word with a template meaning, 受理/办理 = 本年新收 + 上年结转, that sum (or, as
reports also write it, 本年新收 alone: a number equal to either agrees). Numbers
about another year (2023年…, 较上年…, 同比…) and quantities that are only a part or a
cumulative count are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.template import AMOUNT_UNITS

from ..answer import as_number
from ..in_text import _NUMBER as NUMBER  # the number pattern whose pieces measure.py reads
from ..lexicon import _ELSEWHERE, NOT_TEMPLATE, SUM_ROWS
from ..measure import CLAUSE_END, SENTENCE_END, Stated, sentence, stated_measure

RECEIVED, CARRIED_IN = "applications.received", "applications.carried_over_in"
HANDLED = ("受理", "办理")  # 受理 = 本年新收 + 上年结转 (measure.WIDER)
# A clause comparing with another period: its number is a change or last year's figure.
_OTHER_PERIOD = re.compile(
    r"较|同比|环比|比上年|比去年|去年|上一年(?!度?结转)|上年(?!度?结转)|增长|下降|减少|增加|上升|"
    r"持平|累计|以来|历年"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_COUNT_UNITS = ("件",)
# Sentences about something else that counts in 件 too: hotlines, mailboxes, 政务服务 (lexicon's words).
_ELSEWHERE_WORDS = tuple(dict.fromkeys(NOT_TEMPLATE + _ELSEWHERE))
# A number inside "（含…34件）" or after 另有 is another quantity beside the clause's own.
_ASIDE = re.compile(r"[（(]\s*(?:其中)?(?:含|包括|包含)[^）)]*$|另有?[^，,。；;]*$")


@dataclass(frozen=True)
class Disagreement:
    """A number stated in the text that is not what the table's cells say."""

    metric: str  # the cell, or the first of the cells added
    label: str
    stated: float
    unit: str
    quote: str  # the sentence (or clause) stating it
    cite: str  # where the sentence stands (section › subsection)
    page: int | None
    table: float  # what the cells say (their sum when several)
    formula: str  # "95 + 0" for a sum, else the cell's printed value
    cells: tuple[dict[str, Any], ...]  # the cells, figure JSON with their citations

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label": self.label,
            "stated": as_number(self.stated),
            "unit": self.unit,
            "quote": self.quote,
            "cite": self.cite,
            **({"page": self.page} if self.page is not None else {}),
            "table": as_number(self.table),
            "formula": self.formula,
            "cells": list(self.cells),
        }


def _metrics(stated: Stated, money: bool = False) -> list[str] | None:
    """The cells whose sum is exactly the stated measure, or None when it is no exact measure.
    `money`: the number is an amount (元, 万元): 行政事业性收费 naming no column is its amount."""
    if len(stated.rows) > 1 and not all(r.startswith("applications.") for r in stated.rows):
        return None  # 办结…行政复议案件: rows of two tables are no one measure
    if stated.wider and not (stated.wider in HANDLED and stated.rows == {RECEIVED}):
        return None  # 累计, 含…: wider than any cell
    if stated.part and stated.column is None:
        return None  # 其中网上申请: a part the template has no cell for
    rows = [RECEIVED, CARRIED_IN] if stated.wider else sorted(stated.rows)
    if not rows:
        return None
    out: list[str] = []
    for row in rows:
        for leaf in SUM_ROWS.get(row, (row,)):
            if leaf.startswith("active."):
                amount = stated.column == "amount_wan_yuan" or (stated.column is None and money)
                if leaf != "active.fees" or not amount:
                    return None  # 主动公开 items: which column a sentence means is not clear
                out.append("active.fees.amount_wan_yuan")
            else:
                out.append(f"{leaf}.{stated.column or 'total'}")
    return out


def _about_another_period(text: str, start: int, end: int, year: int | None) -> bool:
    """Whether the number's clause compares periods, or its sentence is about another year."""
    left = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    m = CLAUSE_END.search(text, end)
    if _OTHER_PERIOD.search(text[left : m.start() if m else len(text)]):
        return True
    sentence_start = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    years = [int(y) for y in _YEAR.findall(text[sentence_start:start])]
    return bool(years) and year is not None and years[-1] != year


def _stated(text: str, start: int, end: int) -> Stated | None:
    """The measure of the number at text[start:end] when its own clause says it, the same as its
    sentence does; None when the measure is borrowed from an earlier clause (另有103件顺延…),
    or the sentence is about hotlines, mailboxes or services, or the number is an aside (含…)."""
    whole = stated_measure(text, start, end, NUMBER)
    left = max((m.end() for m in CLAUSE_END.finditer(text, 0, start)), default=0)
    m = CLAUSE_END.search(text, end)
    right = m.start() if m else len(text)
    if _ASIDE.search(text[left:start]):
        return None
    own = stated_measure(text[left:right], start - left, end - left, NUMBER)
    if own.rows != whole.rows or own.column != whole.column or not whole.rows:
        return None
    quote = sentence(text, start, end)
    if any(w in quote for w in _ELSEWHERE_WORDS):
        return None
    if any(r.startswith("applications.") for r in whole.rows) and "公开" not in quote:
        return None  # 受理…件 of 政务服务: not the disclosure applications the table counts
    return whole


def _in_table_unit(value: float, unit: str, metrics: list[str]) -> float | None:
    """The stated number in the cells' unit: 件 for counts, 万元 for the fee amount; None: not comparable."""
    money = metrics == ["active.fees.amount_wan_yuan"]
    if money:
        return value * AMOUNT_UNITS[unit] if unit in AMOUNT_UNITS else None
    return value if unit in _COUNT_UNITS else None


def _table_side(metrics: list[str], cells: dict[str, dict[str, Any]]) -> tuple[float, str, tuple[Any, ...]] | None:
    """The cells' sum, its formula and the cells, when every one is reported."""
    used = [c for c in (cells.get(m) for m in metrics) if c is not None]
    if len(used) < len(metrics) or not used or any(c["status"] != "reported" or c["value"] is None for c in used):
        return None  # a blank cell is not reported: nothing to disagree with
    total = sum(float(c["value"]) for c in used)
    formula = " + ".join(str(as_number(c["value"])) for c in used)
    return total, formula, tuple(used)


def _agrees(stated: float, table: float) -> bool:
    return abs(table - stated) < 1e-6 * max(1.0, abs(stated))


def disagreements(chunks: list[Any], cells: list[dict[str, Any]], year: int | None) -> list[Disagreement]:
    """Every number of the report's prose (its passages) stating a template measure exactly whose
    cells say otherwise, in the order of the text."""
    by_metric = {c["metric"]: c for c in cells}
    out: list[Disagreement] = []
    seen: set[tuple[str, float, str]] = set()
    for chunk in chunks:
        text = chunk.text
        for m in NUMBER.finditer(text):
            if m.group(2) or _about_another_period(text, m.start(), m.end(), year):
                continue  # 余/多: an approximate number
            said = _stated(text, m.start(), m.end())
            metrics = _metrics(said, m.group(3) in AMOUNT_UNITS) if said else None
            if not metrics:
                continue
            stated = _in_table_unit(float(m.group(1)), m.group(3), metrics)
            table = _table_side(metrics, by_metric) if stated is not None else None
            if table is None or stated is None or _agrees(stated, table[0]):
                continue
            received = _table_side(metrics[:1], by_metric) if said and said.wider else None
            if received is not None and _agrees(stated, received[0]):
                continue  # 受理 as reports also use it: this year's received alone (淮安 2024: 受理3119件)
            quote = sentence(text, m.start(), m.end())
            if (metrics[0], stated, quote) in seen:
                continue
            seen.add((metrics[0], stated, quote))
            label = table[2][0]["label"] if len(metrics) == 1 else " + ".join(c["label"] for c in table[2])
            out.append(
                Disagreement(
                    metrics[0],
                    label,
                    stated,
                    table[2][0]["unit"] or m.group(3),
                    quote,
                    chunk.cite,
                    chunk.page,
                    table[0],
                    table[1],
                    table[2],
                )
            )
    return out
