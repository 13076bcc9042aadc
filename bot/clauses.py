"""Several questions asked in one (岚皋县2019年收到多少申请，办结了多少): each clause that asks a
figure of its own is answered in turn, a later one as a follow-up of the one before (办结了多少:
the same issuer and year), and the answers are given together. Before, only one figure came back,
the others asked and silently left out.

    first, rest = clauses("合阳县2020年不予公开多少件，其中国家秘密几件")
    # "合阳县2020年不予公开多少件", ["其中国家秘密几件"]

A clause is split off only when it asks a quantity (多少, 几, how many) and names a figure or a
column of its own (国家秘密, 办结, 其中自然人, 纠正了几件 after a review's count): "哪个县收到申请最多，多少件" and "…是多少？同比增长多少？"
stay one question.
"""

from __future__ import annotations

import re

from ingest.textmatch import lazy

from .answer import Answer
from .lexicon import find_column, find_metric

# Where one clause ends: Chinese and Latin commas, semicolons and question marks; "and how many".
_BREAK = lazy(r"[，,；;？?]+|\s+and\s+(?=how (?:many|much)\b|what\b)", re.IGNORECASE)
_ASKS = lazy(r"多少|几[件个起项成次宗份]?|how many|how much|what (?:was|is|were|share|percentage)", re.IGNORECASE)


def clauses(text: str) -> tuple[str, list[str]]:
    """The first question of `text` and the ones asked after it (none: `text` is one question)."""
    parts = [p.strip() for p in _BREAK.split(text) if p and p.strip()]
    if len(parts) < 2:
        return text, []
    merged: list[str] = []
    for part in parts:
        if merged and not (_ASKS.search(part) and _names_something(part, merged[-1])):
            merged[-1] = f"{merged[-1]}，{part}" if re.search(r"[\u4e00-\u9fff]", part) else f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    if len(merged) < 2 or not _ASKS.search(merged[0]):
        return text, []
    return merged[0], merged[1:]


def _names_something(part: str, before: str) -> bool:
    """Whether a clause names a figure or a column of its own (of the row the clause `before`
    names: 纠正了几件 after 行政复议多少件), not only asks again (多少件) or of the same figure
    (同比增长多少: the whole text is then one question, a change, as before)."""
    if find_metric(part) is not None:
        return True
    row = find_metric(before)
    return find_column(part, row.row if row else None) is not None


def together(first: Answer, more: Answer) -> Answer:
    """Two clauses' answers as one: the texts one after the other (what the second repeats of
    the first left out), the figures, passages and warnings of both; the first's route and frame."""
    text = more.answer
    if first.answer and text.startswith(first.answer):  # 同比增长多少 after 收到多少: its figure again
        text = text[len(first.answer) :].strip()
    first.answer = f"{first.answer}\n{text}" if text else first.answer
    first.figures = first.figures + [f for f in more.figures if f not in first.figures]
    first.passages = first.passages + [p for p in more.passages if p not in first.passages]
    first.warnings = first.warnings + [w for w in more.warnings if w not in first.warnings]
    first.formula = first.formula or more.formula
    return first
