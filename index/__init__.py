"""The store: SQLite (read through the standard library, written through sqlite-utils), the
lexical index and the vector index.

sqlite-utils imports numpy and pandas whenever they are installed, only to convert their
values on insert: 0.1-0.3 s on every command. nianbao never hands it either, so it is
imported (by `index.db.Database.utils`, when something writes) with both hidden for that one
import; they import as usual afterwards (chromadb needs numpy).
"""

import sys


def _import_sqlite_utils_alone() -> None:
    """Import sqlite-utils without numpy and pandas (see above); nothing when it is imported already."""
    if "sqlite_utils.db" in sys.modules or sys.modules.get("numpy") or sys.modules.get("pandas"):
        return  # already imported, or numpy is here anyway: nothing to save
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import numpy` now raises ImportError
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
