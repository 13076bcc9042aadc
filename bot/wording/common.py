"""What both languages' wording shares: how a number is written, the statuses' names, the example
questions, and a cell's printed amount (51.57亿元) when its unit differs from the stored one."""

from __future__ import annotations

import re
from typing import Any

from ingest.textmatch import lazy

from ..answer import as_number

# "zero": a rate whose whole is printed as 0 (no rate from it; only rates have it).
STATUS_ZH = {
    "blank": "未填报（空白）",
    "unreadable": "无法可靠读取",
    "absent": "未印出此项",
    "zero": "分母为 0、不计算比率",
}
STATUS_EN = {
    "blank": "blank (not reported)",
    "unreadable": "unreadable",
    "absent": "not printed",
    "zero": "with a denominator of 0 (no rate)",
}

EXAMPLES_ZH = (
    "合阳县2020年收到多少政府信息公开申请？",
    "海东2019年法人或其他组织申请多少",
    "海东2019年公开率",
    "哪个县收到的申请最多",
    "海东市2019年政务公开存在哪些主要问题",
)
EXAMPLES_EN = (
    "How many applications did Heyang receive in 2020?",
    "What share of Haidong's requests was granted?",
    "Which county had the most lawsuits?",
    "What problems did Haidong report in 2019?",
)


def sides(left: float | None, right: float | None, english: bool) -> str:
    """A failed check's two sides, "5 ≠ 7": a side that is not a number (one source's reading
    blank where the other printed one) named as blank, never formatted as a number."""
    blank = "blank" if english else "空白"
    return " ≠ ".join(blank if v is None else f"{v:g}" for v in (left, right))


def number(value: float | None) -> str:
    if isinstance(value, float) and value.is_integer():  # most cells; thousands per ranking
        return str(int(value))
    v = as_number(value)
    if isinstance(v, float):
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def percent(value: float) -> str:
    return f"{value:.1f}%"


_PRINTED_UNIT = lazy(r"(亿元|万元|元)")


def printed_amount(fig: dict[str, Any]) -> str | None:
    """A reported cell's amount as printed (51.57亿元) when the report printed another unit than the
    stored one; None when it did not."""
    raw = (fig.get("raw") or "").replace(" ", "")
    m = _PRINTED_UNIT.search(raw)
    if m and fig.get("unit") and m.group(1) != fig["unit"] and re.match(r"^[\d.,，]+", raw):
        return re.match(r"^[\d.,，]+", raw).group(0) + m.group(1)  # type: ignore[union-attr]
    return None
