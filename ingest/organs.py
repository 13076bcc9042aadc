"""What kind of organ an issuer is, and what is never part of its name.

An issuer is an organ of a region: the region's government (人民政府; 管理委员会 for a
实验区/开发区/新区; 街道办事处 for a street), or one of its departments (…局, …委员会,
…办). A government's own office (人民政府办公室, 办公厅, 管委会办公室) publishes and
signs the government's report, so the office names the government unless the report is
about the office itself (decided in ingest/metadata.py from the title).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .regions import DIVISION_ENDS, LOCAL_ENDS, ZONE_ENDS
from .textmatch import lazy

GOVERNMENT = "government"
DEPARTMENT = "department"
# How an organ's name ends (政府, 局, 委员会, 办公室 …): a name without it names a place.
ORGAN_END = r"(?:政府|局|委员会|委|办公室|办|中心|厅|署)$"

# The office of a government → the government's own name (one table: every spelling seen).
_OFFICE_OF_GOVERNMENT = (
    (lazy(r"^(.+?)人民政府办公(?:室|厅)$"), r"\1人民政府"),
    (lazy(r"^(.+?)政府办公(?:室|厅)$"), r"\1人民政府"),
    (lazy(r"^(.+?)人民政府办$"), r"\1人民政府"),
    (lazy(r"^(.+?)政府办$"), r"\1人民政府"),
    (lazy(r"^(.+?)(?:管委会|管理委员会)办公室$"), r"\1管理委员会"),
    (lazy(r"^(.+?[省市])办公厅$"), r"\1人民政府"),
)
# Names that are a government themselves: any …政府 (a township's too), a street's office, a
# zone's management committee (not 北京市城市管理委员会, a department).
_GOVERNMENT_NAME = lazy(r"(?:政府|街道办事处|行政公署)$|(?:区|园|港|城)(?:管理委员会|管委会)$")
# A zone governed by a management committee rather than a people's government.
_ZONES = "|".join(ZONE_ENDS)
_ZONE = lazy(f"(?:{_ZONES})$")

# Page furniture around a title: font-size switches, print/close links, view counters,
# share buttons, breadcrumbs. Never part of an issuer's name or a report's title.
_CHROME = lazy(
    r"【[^】]{0,20}】|\[[^\]]{0,12}(?:字体|打印|关闭)[^\]]{0,12}\]|字体[:：]?\s*[大中小\s]*|"
    r"(?:打印本页|打印|关闭窗口|关闭|收藏|分享到?|返回顶部|浏览次数|阅读次数|点击数|访问量|"
    r"我要纠错|视力保护色|默认|放大|缩小)[:：]?\s*\d*|当前位置[:：].*$|您所在的位置[:：].*$|首页\s*[>›»].*$"
)
# Markdown and list markup at the start or around a line: '# ', '> ', '**', '- '.
_MARKUP = lazy(r"^\s*(?:#{1,6}|>+|[-*+](?=\s))\s*|\*\*|__|`")


def strip_markup(line: str) -> str:
    """A line without Markdown markup and page chrome (`# 沐阳县…` → `沐阳县…`)."""
    line = _MARKUP.sub("", line)
    line = _MARKUP.sub("", line)  # '> # title'
    return _CHROME.sub("", line).strip()


def is_chrome(line: str) -> bool:
    """Whether a line is page furniture only (`【字体：大 中 小】打印`), nothing of the report."""
    return bool(line.strip()) and not strip_markup(line).strip(" |:：>»›-—")


def government_of_office(name: str) -> str | None:
    """The government whose office this is (刚察县人民政府办公室 → 刚察县人民政府), or None."""
    for pattern, government in _OFFICE_OF_GOVERNMENT:
        if pattern.match(name):
            return pattern.sub(government, name)
    return None


def government_of_place(place: str) -> str:
    """The government of a place named alone (平潭综合实验区 → 平潭综合实验区管理委员会)."""
    if _GOVERNMENT_NAME.search(place):
        return place
    if _ZONE.search(place):
        return place + "管理委员会"
    if place.endswith("街道"):
        return place + "办事处"
    return place + "人民政府"


def zone_of(name: str) -> str | None:
    """The zone a management committee governs (平潭综合实验区管理委员会 → 平潭综合实验区): the
    zone is the region of its government's reports, as a county is of its government's."""
    m = re.match(f"^(.+?(?:{_ZONES}))(?:管理委员会|管委会)", name)
    return m.group(1) if m else None


# A place written before its organ: 样例12县 in 样例12县人民政府 or 样例12县教育局.
_PLACE = lazy(
    r"^(\w{2,12}?(?:" + "|".join((*DIVISION_ENDS, *LOCAL_ENDS)) + "))"
    # [^\W\d_]: letters, as the CJK range was (which took ~1 ms to compile in every process).
    r"(?=人民政府|政府|管理委员会|管委会|街道办事处|办事处|[^\W\d_]{1,12}(?:局|委员会|委|办公室|办|中心|厅|署)$)"
)


def place_in_name(name: str) -> str | None:
    """The place an organ's name starts with, read from the name alone (for a place the
    register does not know: a new county, a made-up one): 样例12县人民政府 → 样例12县."""
    m = _PLACE.match(name)
    return m.group(1) if m else None


def canonical_government(name: str) -> str:
    """A government's full name: 管委会 is written 管理委员会, 淮安市政府 淮安市人民政府."""
    name = re.sub(r"管委会$", "管理委员会", name)
    return re.sub(r"(?<!人民)政府$", "人民政府", name)


def site_named(parts: Sequence[str]) -> str | None:
    """Of a page title's parts (`2023年度…年度报告`, `泗洪县人民政府`), the organ whose site
    published the page: the weakest evidence of who issued the report."""
    if len(parts) < 2:
        return None
    return next(
        (p for p in parts if re.search(ORGAN_END, p) and "报告" not in p and "年报" not in p and len(p) <= 30), None
    )


def kind_of(name: str | None) -> str | None:
    """`government` or `department` for an issuer's name (None when there is no name)."""
    if not name:
        return None
    return GOVERNMENT if _GOVERNMENT_NAME.search(name) else DEPARTMENT
