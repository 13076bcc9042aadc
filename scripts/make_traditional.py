"""Write ingest/traditional_chars.txt: every character OpenCC's t2s changes, so that text
without any skips the converter. Run after upgrading opencc.

    .venv/bin/python scripts/make_traditional.py

tests/test_traditional.py fails while the file is not what this would write.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import traditional  # noqa: E402

if __name__ == "__main__":
    chars = traditional.chars_t2s_changes()
    traditional._CHANGED.write_text(chars + "\n", encoding="utf-8")
    print(f"wrote {traditional._CHANGED} ({len(chars)} characters)")
