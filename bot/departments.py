"""What people call a government department: the one table of department short forms.

A question names a department by its place and its organ, in full (沭阳县发展和改革局) or
as people say it (沭阳发改局, 上海科委). This module knows only organ words: which full
organ names a typed word may stand for, and where an organ word starts after a place.
Which departments are on file, and whether a word fits exactly one, is bot/issuers.py's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.regions import name_index
from ingest.textmatch import lazy

# Organ's full name → what people also call it. A short form may appear under several
# organs (文旅局); the matcher then needs exactly one of them on file for the place. A bare
# stem (沭阳发改, 沭阳人社) only where it is no everyday word of a question (not 教育, 交通, 财政).
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "发展和改革局": ("发改局", "发改委", "发展改革局", "发改"),
    "发展和改革委员会": ("发改委", "发展改革委", "发改"),
    "科学技术委员会": ("科委",),
    "科学技术局": ("科技局",),
    "科学技术厅": ("科技厅",),
    "教育委员会": ("教委",),
    "教育和体育局": ("教体局", "教育局"),
    "卫生健康委员会": ("卫健委", "卫生健康委", "卫健局", "卫健"),
    "卫生健康局": ("卫健局", "卫健委", "卫健"),
    "卫生和计划生育委员会": ("卫计委",),
    "住房和城乡建设局": ("住建局", "住建"),
    "住房和城乡建设委员会": ("住建委", "住建"),
    "住房和城乡建设厅": ("住建厅", "住建"),
    "人力资源和社会保障局": ("人社局", "人社"),
    "人力资源和社会保障厅": ("人社厅", "人社"),
    "自然资源和规划局": ("自规局", "自然资源局", "自然资源规划局"),
    "市场监督管理局": ("市场监管局", "市监局", "市场监管"),
    "生态环境局": ("环保局", "环境局"),
    "交通运输局": ("交通局",),
    "交通运输委员会": ("交委",),
    "农业农村局": ("农业局", "农委"),
    "农业农村委员会": ("农委", "农业农村委"),
    "农业委员会": ("农委",),
    "文化和旅游局": ("文旅局", "文化旅游局"),
    "文化广电和旅游局": ("文旅局", "文广旅局", "文化旅游局"),
    "文化广电体育和旅游局": ("文旅局", "文广体旅局"),
    "应急管理局": ("应急局",),
    "医疗保障局": ("医保局",),
    "工业和信息化局": ("工信局", "工信"),
    "工业和信息化厅": ("工信厅", "工信"),
    "经济和信息化局": ("经信局",),
    "政务服务和数据管理局": ("政务服务管理局", "政务服务局", "数据局", "政数局"),
    "政务服务管理局": ("政务服务局",),
    "行政审批局": ("审批局",),
    "退役军人事务局": ("退役军人局",),
    "城市管理局": ("城管局",),
    "城市管理委员会": ("城管委",),
    "城市管理和综合执法局": ("城管局", "城管执法局"),
    "国有资产监督管理委员会": ("国资委",),
    "民族宗教事务局": ("民宗局",),
    "人民防空办公室": ("人防办",),
    "机关事务管理局": ("机关事务局",),
    "地方金融监督管理局": ("金融局", "金融监管局"),
    "粮食和物资储备局": ("粮食局", "粮储局"),
    "住房公积金管理中心": ("公积金中心",),
    # Organs people call by their full names: listed so that a word is known to mean itself too
    # (教育局 is an organ of its own, not only 教育和体育局's short form).
    **{
        organ: ()
        for organ in (
            "教育局",
            "财政局",
            "公安局",
            "民政局",
            "司法局",
            "统计局",
            "审计局",
            "商务局",
            "自然资源局",
            "林业局",
            "水利局",
            "水务局",
            "税务局",
            "档案局",
            "信访局",
            "体育局",
            "气象局",
            "乡村振兴局",
            "数据局",
        )
    },
}

# English names of organs, as a place's pinyin is followed by them (Shuyang Development and
# Reform Bureau): the Chinese word each stands for, looked up in the table above.
ENGLISH: dict[str, str] = {
    "development and reform": "发改委",
    "science and technology": "科技局",
    "education": "教育局",
    "finance": "财政局",
    "health": "卫健委",
    "housing and urban-rural development": "住建局",
    "human resources and social security": "人社局",
    "natural resources and planning": "自规局",
    "natural resources": "自然资源局",
    "market supervision": "市场监管局",
    "market regulation": "市场监管局",
    "ecology and environment": "生态环境局",
    "ecological environment": "生态环境局",
    "public security": "公安局",
    "civil affairs": "民政局",
    "transport": "交通局",
    "transportation": "交通局",
    "agriculture and rural affairs": "农业农村局",
    "culture and tourism": "文旅局",
    "emergency management": "应急局",
    "medical security": "医保局",
    "healthcare security": "医保局",
    "statistics": "统计局",
    "audit": "审计局",
    "justice": "司法局",
    "water resources": "水利局",
    "commerce": "商务局",
    "industry and information technology": "工信局",
}
_ENGLISH = lazy(
    r"[\s,]*(?:the\s+)?("
    + "|".join(sorted(map(re.escape, ENGLISH), key=len, reverse=True))
    + r")\s+(bureau|commission|committee|department|administration)\b",
    re.IGNORECASE,
)
# Organs' English initials, as people write them after a place (Shuyang DRC).
ENGLISH_SHORT = {"DRC": "发改委", "HRSS": "人社局", "AMR": "市场监管局", "PSB": "公安局"}
_ENGLISH_SHORT = lazy(r"[\s,]*(?:the\s+)?(" + "|".join(ENGLISH_SHORT) + r")\b", re.IGNORECASE)
_ENGLISH_COMMISSION = {"科技局": "科委"}  # the Science and Technology Commission is 科委, its bureau 科技局

# An organ word not in the table, right after a place: a short run of characters ending in
# an organ suffix (沭阳县气象局). Runs holding these words are the question, not a name.
_GENERIC = r"[\u4e00-\u9fff]{1,10}?(?:委员会|办公室|管委会|局|厅|委)"  # compiled on first use (re caches it)
_NOT_A_NAME = ("的", "年", "收到", "申请", "多少", "公开", "和", "与", "及", "是", "哪", "报告", "信息")
# Between a place and its organ: nothing, a space, or 的 (沭阳县的发改局).
_GAP = lazy(r"\s*(?:的\s*)?")


@lru_cache(maxsize=1)
def _stands_for() -> dict[str, frozenset[str]]:
    """Typed word → the full organ names it may mean (a full name means itself)."""
    out: dict[str, set[str]] = {}
    for organ, shorts in SHORT_FORMS.items():
        for word in (organ, *shorts):
            out.setdefault(word, set()).add(organ)
    return {k: frozenset(v) for k, v in out.items()}


def forms_of(organ: str) -> frozenset[str]:
    """Every word that names this organ: itself, its short forms, and itself without 和."""
    return frozenset({organ, organ.replace("和", ""), *SHORT_FORMS.get(organ, ())})


def fits(typed: str, organ: str) -> bool:
    """Whether the typed organ word may mean the organ `organ` (a department's name less its place)."""
    return typed in forms_of(organ) or organ in _stands_for().get(typed, ())


def spelt_out(typed: str) -> str:
    """The organ's full name when the typed word stands for exactly one (科委 → 科学技术委员会), else as typed."""
    organs = _stands_for().get(typed, frozenset())
    return next(iter(organs)) if len(organs) == 1 else typed


def organ_at(text: str, start: int, on_file: frozenset[str] = frozenset()) -> tuple[int, str] | None:
    """The organ word right after a place ending at `start`: (end, word), or None.

    `on_file` are the organ words of that place's departments on file (their full names and
    forms), tried with the table's words, longest first; else an English organ name (Development
    and Reform Bureau, as its Chinese short form); else an organ-like run (气象局)."""
    gap = _GAP.match(text, start)
    at = gap.end() if gap else start
    words = sorted((w for w in (*_stands_for(), *on_file) if text.startswith(w, at)), key=len, reverse=True)
    if words:
        return at + len(words[0]), words[0]
    # An English organ name starts with a Latin letter: only then compile its pattern (~1 ms).
    latin = text[start:].lstrip(" \t\n,")[:1]
    if latin.isascii() and latin.isalpha() and (english := _ENGLISH.match(text, start)):
        word = ENGLISH[english.group(1).lower()]
        if english.group(2).lower() in ("commission", "committee"):
            word = _ENGLISH_COMMISSION.get(word, word)
        return english.end(), word
    if latin.isascii() and latin.isalpha() and (short := _ENGLISH_SHORT.match(text, start)):
        return short.end(), ENGLISH_SHORT[short.group(1).upper()]
    # Compiled only when an organ's suffix follows at all (a CJK range is ~1 ms to compile).
    generic = re.compile(_GENERIC).match(text, at) if any(c in text[at : at + 14] for c in "局厅委室") else None
    run = generic.group() if generic else ""
    # 淮安市 before 洪泽区发改局 is a city before its district, not a city's organ.
    places = any(e - s >= 3 for s, e in name_index().hits(run))
    if len(run) >= 2 and not places and not any(w in run for w in _NOT_A_NAME):
        return at + len(run), run
    return None
