"""What a conversation remembers between questions, as JSON that SQLite can keep.

The context a follow-up needs is the previous `Question` (issuers, years, figure asked
for) — plain dataclasses. They are written as JSON with each dataclass tagged by its
class, so a conversation survives a restart and can be read in the database; only
classes of this project are ever rebuilt from it. A context that no longer fits the
code (a class renamed or moved by an upgrade) reads as no context, never as an error.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
from typing import Any

log = logging.getLogger(__name__)

_PACKAGES = ("bot.", "index.", "ingest.")  # the only modules a context may name


def dumps(obj: Any) -> str:
    """`obj` (dataclasses, lists, tuples, dicts, scalars) as a JSON string."""
    return json.dumps(_encode(obj), ensure_ascii=False)


def loads(text: str | None) -> Any:
    """What `dumps` wrote, or None when it cannot be rebuilt by this version of the code."""
    if not text:
        return None
    try:
        return _decode(json.loads(text))
    except (ValueError, TypeError, KeyError, ImportError, AttributeError) as e:
        log.info("conversation context dropped, it no longer fits the code: %s", e)
        return None


def _encode(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        cls = type(obj)
        fields = {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
        return {"__class__": f"{cls.__module__}:{cls.__qualname__}", **fields}
    if isinstance(obj, tuple):
        return {"__tuple__": [_encode(x) for x in obj]}
    if isinstance(obj, (set, frozenset)):
        return {"__set__": [_encode(x) for x in sorted(obj, key=repr)]}
    if isinstance(obj, list):
        return [_encode(x) for x in obj]
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise TypeError("context dicts need string keys")
        return {k: _encode(v) for k, v in obj.items()}
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise TypeError(f"cannot keep a {type(obj).__name__} in a conversation context")


def _decode(data: Any) -> Any:
    if isinstance(data, list):
        return [_decode(x) for x in data]
    if not isinstance(data, dict):
        return data
    if "__tuple__" in data:
        return tuple(_decode(x) for x in data["__tuple__"])
    if "__set__" in data:
        return frozenset(_decode(x) for x in data["__set__"])
    if "__class__" in data:
        module, _, name = data["__class__"].partition(":")
        if not module.startswith(_PACKAGES):
            raise ImportError(f"{module} is not a module of this project")
        cls = getattr(importlib.import_module(module), name)
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{data['__class__']} is not a dataclass")
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        # Fields the code has since dropped are ignored; new ones take their defaults.
        assert isinstance(cls, type)  # a dataclass class (is_dataclass is also true of instances)
        return cls(**{k: _decode(v) for k, v in data.items() if k in names})
    return {k: _decode(v) for k, v in data.items()}
