"""What a conversation remembers between questions, as JSON that SQLite can keep.

The context a follow-up needs is the previous `Question` (issuers, years, figure asked
for, what the last answer used): a plain dataclass, written as JSON and read back by its
type through pydantic, so a conversation survives a restart and can be read in the
database. Nothing in the JSON names a class: what is rebuilt is what `Question` declares.
A context that no longer fits the code (a field changed by an upgrade) reads as no context,
never as an error; fields the code has since dropped are ignored, new ones take their defaults.

pydantic is imported on the first conversation (a one-shot `nianbao ask` has none).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .question import Question


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    from .question import Question

    return TypeAdapter(Question)


def dumps(question: Question) -> str:
    """`question` as a JSON string; ValueError when something in it cannot be written as JSON."""
    data: bytes = _adapter().dump_json(question)
    return data.decode("utf-8")


def loads(text: str | None) -> Question | None:
    """What `dumps` wrote, or None when it does not fit this version of the code."""
    if not text:
        return None
    from pydantic import ValidationError

    try:
        question: Question = _adapter().validate_json(text)
    except ValidationError as e:
        import logging

        logging.getLogger(__name__).info("conversation context dropped, it no longer fits the code: %s", e.errors()[:1])
        return None
    return question
