"""The sentence of a passage that answers the question: never a heading on its own, and for
section 五 taken from the part asked (its problems, or its improvements after them)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.model import Chunk

from .intents import IMPROVEMENTS, PROBLEMS, Intent, heading_part

_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_NUMBER = r"(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])"
# A numbered heading alone: `（一）存在的主要问题。`, `五、存在的主要问题及改进情况`.
_HEADING = re.compile(r"^\s*" + _NUMBER + r"\s*[^，,。；;：:]{0,30}[。.：:]?\s*$")
# Where section 五 turns from its problems to what will be done about them.
_TURN = re.compile(
    r"下一步|下一阶段|下阶段|接下来|今后|新的一年|(?:明|来)年[，,]"
    r"|\d{4}\s*年[，,]\s*(?:将|要|计划|拟)|\d{4}\s*年[^。；;]{0,24}?(?:我|本)[^，,。；;]{0,6}将"
    r"|针对(?:存在的?|上述|以上|这些)?问题|改进措施|整改措施|改进情况|改进方向|工作打算|努力方向"
    r"|从以下几个?方面|[我本](?:办|局|县|市|区|委|单位|镇|乡|部门|厅|院|中心)将"
)
_MIN_SENTENCE = 6
_SHORT = 50  # a lead of section 五 shorter than this brings the next sentence of its part
_LONG = 200  # a lead never grows past this


def sentences(text: str) -> list[str]:
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(text)) if s]


def is_heading(sentence: str, subsection: str | None = None) -> bool:
    """A heading and nothing more (the sub-section's own title counts too)."""
    bare = sentence.strip().rstrip("。.：:")
    return bool(_HEADING.match(sentence)) or (bool(subsection) and bare == subsection)


def without_heading(sentence: str, subsection: str | None) -> str:
    """`（一）主要问题一是…` → `一是…`: a heading glued to its paragraph's first sentence taken off."""
    if subsection and sentence.startswith(subsection) and len(sentence) > len(subsection) + _MIN_SENTENCE:
        return sentence[len(subsection) :].lstrip("。.：: ")
    return sentence


def label_parts(chunks: Iterable[Chunk]) -> dict[int, list[tuple[str, str]]]:
    """Section 五's chunks, in reading order → each chunk's sentences with their part.

    A sub-section heading says which part it holds; without one, the problems come first
    and a turn (下一步, 针对存在问题, 我局将…) starts the improvements."""
    state, out = PROBLEMS, {}
    for chunk in chunks:
        heading = heading_part(chunk.subsection)
        if heading:
            state = heading
        labelled = []
        for s in sentences(chunk.text):
            if heading is None and state == PROBLEMS and _TURN.search(s):
                state = IMPROVEMENTS
            labelled.append((s, state))
        out[chunk.index] = labelled
    return out


def lead(words: set[str], chunk: Chunk, intent: Intent | None = None, parts: dict[str, str] | None = None) -> str:
    """The answering sentence: the intent's cue (the first of its part in section 五), then the
    question's words; a heading is never the lead, and a sentence that opens a list (`…工作：`)
    brings the list's first item along."""
    texts = _candidates(chunk, intent, parts)
    if not texts:
        return chunk.text[:120]

    def key(i: int) -> tuple[float, ...]:
        s = texts[i]
        cue = intent.cue(s) if intent is not None else 0.0
        shared = sum(1 for w in words if w in s)
        if intent is not None and intent.part:
            return (cue > 0, -i, shared)  # a list of problems or measures reads from its start
        return (cue, shared, -i)

    best = max(range(len(texts)), key=key)
    text, short = texts[best], _SHORT if intent is not None and intent.part else 0
    # `具体表现在：` or a bare `存在一些困难和问题。` says little alone: the next sentence comes along.
    while (opens_list(text) or len(text) < short) and best + 1 < len(texts) and len(text) < _LONG:
        best += 1
        text += texts[best]
    return text


def _candidates(chunk: Chunk, intent: Intent | None, parts: dict[str, str] | None) -> list[str]:
    """The chunk's sentences that may lead, headings taken off (those of the intent's part, when it has some)."""
    pairs = [(s, (parts or {}).get(s, "")) for s in sentences(chunk.text)]
    found = [(without_heading(s, chunk.subsection), part) for s, part in pairs]
    found = [(s, part) for s, part in found if len(s) >= _MIN_SENTENCE and not is_heading(s, chunk.subsection)]
    if intent is not None and intent.part and any(part == intent.part for _, part in found):
        found = [(s, part) for s, part in found if part == intent.part]
    return [s for s, _ in found]


def opens_list(sentence: str) -> bool:
    """A sentence that ends by announcing what follows (`主要是做好以下几方面工作：`)."""
    return sentence.endswith(("：", ":"))
