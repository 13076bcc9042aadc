"""Crawler headers: the `标题:` / `发布机构:` / `发布时间:` lines a crawler writes above a
page's text. They say who published the report; they are not the report's own words."""

from __future__ import annotations

import re

# Printed label → Document.hints key.
LABELS: dict[str, str] = {
    "标题": "title",
    "题目": "title",
    "名称": "title",
    "发布机构": "publisher",
    "发文机关": "publisher",
    "发布单位": "publisher",
    "发文单位": "publisher",
    "来源": "source",
    "信息来源": "source",
    "发布时间": "date",
    "发布日期": "date",
    "成文日期": "date",
    "日期": "date",
    "索引号": "index",
    "文号": "number",
    "主题分类": "topic",
    "网址": "url",
    "链接": "url",
}
HEADER = re.compile(r"^[\s\ufeff]*(" + "|".join(sorted(LABELS, key=len, reverse=True)) + r")\s*[:：]\s*(.*?)\s*$")
_SEARCHED = 40  # headers stand at the top of the file


def header(line: str) -> tuple[str, str] | None:
    """(hints key, value) when the line is a crawler header."""
    m = HEADER.match(line)
    return (LABELS[m.group(1)], m.group(2)) if m else None


def crawler_headers(lines: list[str]) -> dict[str, str]:
    """Hints from the header lines at the top of a text file (first value of each kind)."""
    hints: dict[str, str] = {}
    for line in [ln for ln in lines if ln.strip()][:_SEARCHED]:
        found = header(line)
        if found and found[1] and found[0] not in hints:
            hints[found[0]] = found[1]
    return hints
