"""Who issued a report, for which year and on which template — and how each was found.

Order of evidence: the caller's override, the title, the body, the file name.
"""
from __future__ import annotations

import re
from collections import Counter

from .cells import normalise
from .layout import SectionSpan
from .model import Found, ReportMeta
from .regions import divisions, mentions, region_prefix
from .template import TEMPLATE_2021_MARKERS

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇零○O一二三四五六七八九]{3})\s*年")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_TITLE_SPLIT = re.compile(r"关于|(?:(?:19|20)\d{2}|二[〇零○一二三四五六七八九]{3})年|政府信息公开|政务公开|信息公开")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_MAX_TITLE = 70
# A title names the kind of report; a note such as 【示例报告：…】 does not.
_TITLE = re.compile(r"(年度|工作|情况|年)报告|年报|信息公开.*报告")


def _year_value(token: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in token))


def _title(preamble: SectionSpan) -> tuple[str | None, str | None]:
    """(title, the line above it) from the lines before section 一."""
    lines = [ln.text.strip() for ln in preamble.lines if ln.text.strip()][:8]
    for i, line in enumerate(lines):
        flat = normalise(line)
        if len(flat) <= _MAX_TITLE and _TITLE.search(flat) and not _DOC_NUMBER.search(flat):
            above = next((normalise(ln) for ln in reversed(lines[:i])
                          if len(normalise(ln)) <= 30 and not _DOC_NUMBER.search(normalise(ln))), None)
            return flat, above
    return None, None


def _issuer_from_title(title: str, above: str | None) -> str | None:
    name = _TITLE_SPLIT.split(title, maxsplit=1)[0].strip("：:，,、 ")
    if len(name) < 2 and above:
        name = above.strip("：:，,、 ")
    if not re.search(r"[\u4e00-\u9fff]{2,}", name or ""):
        return None
    return f"{name}人民政府" if name in divisions() else name


def _year_from(text: str) -> int | None:
    counts = Counter(_year_value(m.group(1)) for m in _YEAR.finditer(_DATE.sub("", text)))
    counts = Counter({y: n for y, n in counts.items() if 2000 <= y <= 2100})
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


def infer_meta(sections: list[SectionSpan], file_name: str, issuer: str | None = None,
               year: int | None = None) -> ReportMeta:
    """Issuer, region, year and template version, each with how it was found."""
    preamble = sections[0]
    title, above = _title(preamble)
    body = "\n".join(ln.text for s in sections if s.number in (0, 1) for ln in s.lines)
    everything = "\n".join(ln.text for s in sections for ln in s.lines)

    if issuer:
        found_issuer = Found(issuer, "override")
    elif title and (name := _issuer_from_title(title, above)):
        found_issuer = Found(name, "title")
    else:
        counted = mentions(body) or mentions(everything)
        found_issuer = Found(f"{counted.most_common(1)[0][0]}人民政府", "body") if counted else Found(None, "not found")

    region = region_prefix(found_issuer.value) if found_issuer.value else None
    if region:
        found_region = Found(region, "issuer name")
    else:
        counted = mentions(everything)
        found_region = Found(counted.most_common(1)[0][0], "body") if counted else Found(None, "not found")

    if year:
        found_year = Found(int(year), "override")
    elif title and (m := _YEAR.search(title)):
        found_year = Found(_year_value(m.group(1)), "title")
    elif (y := _year_from(body)) is not None:
        found_year = Found(y, "body")
    elif m := re.search(r"(?<!\d)(20\d{2})(?!\d)", file_name):
        found_year = Found(int(m.group(1)), "file name")
    else:
        found_year = Found(None, "not found")

    tables = "".join(normalise(ln.text) for s in sections if s.number in (2, 3) for ln in s.lines)
    if any(marker in tables for marker in TEMPLATE_2021_MARKERS):
        found_template = Found("2021", "table headers")
    elif found_year.value:
        found_template = Found("2021" if found_year.value >= 2021 else "2019", "year")
    else:
        found_template = Found("2019", "default")
    return ReportMeta(found_issuer, found_region, found_year, found_template, title)
