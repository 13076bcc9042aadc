"""Text taken out of markup (HTML, Word): its whitespace, and which paragraphs are headings.

Word and web editors split a sentence into many runs and indent their markup, so the
whitespace between two pieces of a Chinese sentence is an artefact of the markup, not
of the report: `<span>沭阳县发展</span>\n<span>和改革局</span>` reads 沭阳县发展和改革局.
Spaces between figures stay (one space), so `1 0` is never read as 10.
"""

from __future__ import annotations

import re

from ..layout import heading_number

# Ideographs, CJK punctuation and full-width forms: a space between two of these is layout.
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff0f\uff1a-\uffef"
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")


def clean(text: str) -> str:
    """One line: runs of whitespace (incl. &nbsp; and ideographic space) → one space, none between CJK."""
    text = _SPACE.sub(" ", text).strip()
    return _BETWEEN_CJK.sub("", text)


def join(parts: list[str]) -> str:
    """Join pieces printed on separate lines of one cell: no space between CJK, one otherwise."""
    out = ""
    for part in (p for p in (clean(p) for p in parts) if p):
        if out and not (_CJK_CHAR.fullmatch(out[-1]) and _CJK_CHAR.fullmatch(part[0])):
            out += " "
        out += part
    return out


# Traditional forms of the characters in the words that locate a report (section headings,
# table labels, 发布机构/发布时间): mirror sites republish reports in traditional characters,
# and the reader must still find them. Only for recognising; stored text is converted later.
_TRADITIONAL = str.maketrans(
    "總體況動開處請復議訴訟題進報條內結轉問發機構時間來門據數項關於為",
    "总体况动开处请复议诉讼题进报条内结转问发机构时间来门据数项关于为",
)


def fold(text: str) -> str:
    """`text` with the traditional forms of the report's key words' characters made simplified
    (same length, so offsets still point into the original)."""
    return text.translate(_TRADITIONAL)


_NUMBERED = re.compile(r"^(?:(?P<top>[一二三四五六七八九十]+\s*[、.．])|(?P<sub>[（(][一二三四五六七八九十]+[)）]))")
_MAX_HEADING = 40


def heading_level(text: str) -> int | None:
    """1 for a section heading (一、… or one of the template's sections), 2 for （一）…, None for prose.

    A numbered paragraph is a heading only when it is short and has no sentence inside it:
    `（一）存在的主要问题。` is a heading, `（一）存在的主要问题。今年…` is prose."""
    text = clean(text)
    if not text or len(text) > _MAX_HEADING or re.search(r"[。；;！？]", text.rstrip("。")):
        return None
    m = _NUMBERED.match(text)
    if m is not None:
        return 1 if m.group("top") else 2
    # A template section printed without its number; a sentence that merely mentions one
    # (本年度主动公开政府信息1200条。) is prose.
    if text.endswith("。") or re.search(r"\d", text):
        return None
    return 1 if heading_number(text) is not None else None
