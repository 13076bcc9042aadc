"""Cheap text matching for every process's start: regular expressions compiled on first
use, not when their module is imported, and Chinese characters told without a regex.

A pattern with a CJK character class takes ~1 ms to compile, and the modules that
understand a question hold dozens: compiled at import, they were a sixth of one
`nianbao ask` process, though a figure question uses a few of them (issue 18).
`lazy(...)` stands in for `re.compile(...)`: the same methods, compiled on the first call.
A class like `[\u4e00-\u9fff]` alone costs that millisecond: `is_cjk` and `cjk_count` do
its work with two comparisons a character.
"""

from __future__ import annotations

import re
from typing import Any, cast

# The methods bound onto the stand-in once compiled, so that later calls cost what a
# compiled pattern's do (an instance attribute, not __getattr__ each time).
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:  # called only for what is not set yet
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        self.compiled = compiled
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, done when a method is first called."""
    return cast("re.Pattern[str]", _Lazy(pattern, int(flags)))


def is_cjk(c: str) -> bool:
    """Whether `c` is a CJK unified ideograph (the basic block or extension A)."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def cjk_count(text: str) -> int:
    """How many characters of `text` are in the basic CJK block (what `[\u4e00-\u9fff]` matches)."""
    return sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
