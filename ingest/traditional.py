"""Traditional characters to simplified (OpenCC `t2s`), after removing the pinyin that
some converters insert after characters (`根據(jù)` → 根据).

Mirror sites republish reports in traditional characters, sometimes with a reading
aid that prints the pinyin of a character in brackets after it. Both are undone here,
once, for every format, so that the template's headings and labels match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A bracketed syllable glued to the character before it: 據(jù), 條（tiáo）.
_PINYIN_PATTERN = r"(?<=[\u4e00-\u9fff])[(（]([a-zü" + _TONED + r"]{1,6})[)）]"
_HAS_TONE = re.compile("[" + _TONED + "]")
# Syllables without a tone mark (neutral tone: 的(de)) count only on a page that inserts
# toned ones too; alone, `(app)` or `(pdf)` after a word is the report's own text.
_MIN_TONED = 3


@dataclass(frozen=True)
class Simplified:
    """Text made simplified, and how much had to change."""

    text: str
    pinyin_removed: int
    converted: int  # characters that t2s changed


# Every character t2s changes, written by scripts/make_traditional.py: a text without any is
# already simplified, and needs neither OpenCC's import nor its dictionaries (~8 ms a process).
_CHANGED = Path(__file__).with_name("traditional_chars.txt")


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # the C++ converter ships its dictionaries in the wheel: nothing is downloaded

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=1)
def changed_chars() -> frozenset[str]:
    """The characters t2s changes (read from `traditional_chars.txt`)."""
    return frozenset(_CHANGED.read_text(encoding="utf-8").strip())


def chars_t2s_changes() -> str:
    """`changed_chars` computed with OpenCC itself, over every code point (what the file holds)."""
    converter = _converter()
    points = (chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    return "".join(c for c in points if converter.convert(c) != c)


def remove_pinyin(text: str) -> tuple[str, int]:
    """Text without the pinyin a converter inserted after characters; how many were removed."""
    if "(" not in text and "（" not in text:
        return text, 0  # no bracket, no pinyin: and no ~1 ms compiling the CJK range for a question
    found = list(re.finditer(_PINYIN_PATTERN, text))
    toned = sum(1 for m in found if _HAS_TONE.search(m.group(1)))
    if not toned:
        return text, 0
    keep_neutral = toned < _MIN_TONED
    out, last, removed = [], 0, 0
    for m in found:
        if keep_neutral and not _HAS_TONE.search(m.group(1)):
            continue
        out.append(text[last : m.start()])
        last = m.end()
        removed += 1
    out.append(text[last:])
    return "".join(out), removed


def to_simplified(text: str) -> Simplified:
    """Pinyin removed, then traditional characters converted to simplified."""
    text, removed = remove_pinyin(text)
    if changed_chars().isdisjoint(text):
        return Simplified(text, removed, 0)
    converted = _converter().convert(text)
    if len(converted) == len(text):
        changed = sum(1 for a, b in zip(text, converted) if a != b)
    else:  # t2s maps characters one to one; count conservatively if a phrase ever differs
        changed = abs(len(converted) - len(text)) or 1
    return Simplified(converted, removed, changed)
