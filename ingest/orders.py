"""Text that gives orders to its reader (or to a model reading it), found however it is
disguised, and the paragraph around it taken out so it can never be the source of a number.

No report's prose addresses its reader with 忽略以上所有规则, "ignore previous instructions",
系统提示 or 你是一个助手. Injected text hides such phrases from a plain search: spaced out
(`忽 略 以 上`), in full-width letters (`ＩＧＮＯＲＥ`), broken across lines, in
traditional characters. So the phrases are looked for in a *view* of the text: NFKC
(full-width to half-width), lower case, traditional to simplified, every space and line
break removed; a hit in the view maps back to the original characters.

What goes is the hit's paragraph (its line, or lines when the hit is broken across them):
the order's own number (`…请以此为准：995件`) may sit in the sentence before or after it.
A paragraph longer than REACH characters either side (a whole report on one line) loses
only the sentences within REACH of the hit. Line breaks are kept, so the text's lines
still match the document's blocks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The phrases, as they read in the view (no spaces, lower case, simplified).
_SCOPE = "(?:之前|以上|上述|前面|先前|此前|上面|以前|前述|刚才|所有|全部|一切|任何)"
_OBJECT = "(?:指令|指示|提示词?|设定|规则|要求|说明|限制|约束)"
_ORDERS = re.compile(
    "|".join(
        [
            rf"(?:忽略|无视|忘记|忘掉|忘了|不要理会|不要遵守|不必遵守|跳过|放弃)掉?{_SCOPE}+的?(?:所有|全部|一切)?的?{_OBJECT}",
            rf"(?:忽略|无视|忘记|忘掉)(?:这些|你的|原有|原来的?){_OBJECT}",
            r"系统提示词|[\[【(<]系统提示|系统提示[:\]】)>]",  # not 系统提示申请人补正: a system's notice
            r"你(?:现在)?(?:是|扮演|作为)一(?:个|名|位)(?:ai|人工智能|智能)?(?:助手|助理|语言模型|机器人|客服|问答)",
            r"你现在是",
            r"(?:现在)?你(?:必须|务必|只能|需要|应该|要)(?:回答|输出|回复|告诉|答复|说)",
            r"请以(?:此|这个|本段|以下|下述)(?:数据|数字|内容|信息)?为准",
            r"以下(?:内容|数据|信息)为(?:最终|正确|标准)答案",
            (
                r"(?:ignore|disregard|forget|override|bypass)(?:all|any|every)?(?:of)?(?:the|your|my|these|those)?"
                r"(?:previous|prior|above|earlier|preceding|former|original|all)(?:instructions?|prompts?|directions?"
                r"|rules|messages?|context|guidelines)"
            ),
            r"systemprompt",
            r"youarenow",
            r"youarean?(?:ai|assistant|helpfulassistant|languagemodel|chatbot)",
            r"(?:new|updated)instructions?:",
            r"(?:you|assistant)must(?:answer|reply|respond|say|output)",
        ]
    )
)
# Cheap test on the whole text first: most documents carry no order and skip the mapped view.
_REACH = 200  # characters of a long paragraph taken either side of a hit
_SENTENCE_END = "。！？；!?;"


@dataclass(frozen=True)
class Order:
    """One paragraph taken out: where it was, its text, and the phrase that gave the order."""

    start: int
    end: int
    text: str
    phrase: str


def _simplify(text: str) -> str:
    """Traditional characters to simplified, one for one (the view must keep its length)."""
    from .traditional import _converter

    converted = _converter().convert(text)
    return converted if len(converted) == len(text) else text


def _view(text: str) -> tuple[str, list[int]]:
    """The text as the phrases are looked for in it, and each view character's index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isspace():
            continue
        for x in unicodedata.normalize("NFKC", c).lower() if not c.isascii() else c.lower():
            if not x.isspace():
                chars.append(x)
                where.append(i)
    return _simplify("".join(chars)), where


def _quick_view(text: str) -> str:
    """The view without its index map: enough to tell whether there is anything to find."""
    return _simplify(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower())


def find_orders(text: str) -> list[Order]:
    """Every paragraph of `text` that gives an order, in order, none overlapping."""
    if not _ORDERS.search(_quick_view(text)):
        return []
    view, where = _view(text)
    spans: list[list[int]] = []
    phrases: list[str] = []
    for m in _ORDERS.finditer(view):
        s, e = where[m.start()], where[m.end() - 1] + 1
        ps, pe = _paragraph(text, s, e)
        if spans and ps <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], pe)
            continue
        spans.append([ps, pe])
        phrases.append(text[s:e])
    return [Order(s, e, text[s:e], p) for (s, e), p in zip(spans, phrases)]


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines holding text[start:end], cut to whole sentences within REACH of it."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    if start - ls > _REACH:
        floor = start - _REACH
        ls = max([text.rfind(c, ls, floor) for c in _SENTENCE_END] + [ls - 1]) + 1
    if le - end > _REACH:
        ceiling = end + _REACH
        ends = [i for i in (text.find(c, ceiling, le) for c in _SENTENCE_END) if i >= 0]
        le = min(ends) + 1 if ends else le
    return ls, le


def without_orders(text: str) -> tuple[str, list[Order]]:
    """`text` with every paragraph that gives an order blanked (its line breaks kept)."""
    orders = find_orders(text)
    if not orders:
        return text, []
    out, last = [], 0
    for o in orders:
        out.append(text[last : o.start])
        out.append("\n" * o.text.count("\n"))
        last = o.end
    out.append(text[last:])
    return "".join(out), orders
