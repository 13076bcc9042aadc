"""Strings a question wants from the text rather than a figure: a phone number, an e-mail,
an address, the person who leads the work — taken from the sentence that states it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .leads import sentences

_PATTERNS = {
    "phone": re.compile(
        r"(?:电话|联系方式|热线|传真|tel|phone)[:：\s]*((?:\d[\d\s—\-－–()（）]{5,}\d))", re.IGNORECASE
    ),
    "email": re.compile(r"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})"),
    "address": re.compile(r"(?:地址|办公地点|地点)[:：\s]*([^,，;；。)）]{4,40})"),
    "person": re.compile(r"(?:由|成立了?)?([^，,。；;、]{2,30}?)(?:任|为|担任)(?:组长|主任|负责人)"),
}


@dataclass(frozen=True)
class FoundString:
    """A string of a kind (a phone number, an e-mail address…) found in a text, with its sentence."""

    value: str
    sentence: str


def find_string(kind: str, text: str, question: str = "") -> FoundString | None:
    """The first string of this kind in the text, with its sentence."""
    pattern = _PATTERNS.get(kind)
    if pattern is None:
        return None
    for sentence in sentences(text):
        hit = pattern.search(sentence)
        if hit:
            value = hit.group(1).strip()
            if kind == "person":
                value = re.sub(r"^(?:成立了?|由|按照.*要求，)", "", value).strip()
            return FoundString(value, sentence[:160])
    return None
