"""Make bot/fonts/NotoSansCJKsc-subset.otf, the one CJK font nianbao ships (charts, look-alike
characters): Noto Sans CJK SC Regular (SIL Open Font License 1.1) cut to the characters a
report's answer draws — GBK's 20,902 hanzi (simplified and traditional: 巿 beside 市), every
character of the division register's names and the template's labels, ASCII, CJK and
full-width punctuation — about 5 MB instead of the 107 MB mplfonts package (which also carried SimHei, a font whose licence does
not allow redistribution).

    .venv/bin/pip install mplfonts fonttools   # the full font, once, on the machine making it
    .venv/bin/python scripts/make_font.py

It writes the font and bot/fonts/OFL.txt (the font's own copyright line and the licence).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bot" / "fonts"
PUNCTUATION = "·›–—≠×÷%‰…“”‘’《》【】（）、，。：；？！"


def characters() -> str:
    from ingest.regions import all_divisions
    from ingest.template import METRICS

    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0x3000, 0x3040)}
    chars |= {chr(c) for c in range(0xFF00, 0xFF70)} | set(PUNCTUATION)
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("gbk")
            chars.add(chr(cp))
        except UnicodeEncodeError:
            pass
    for d in all_divisions():
        chars.update(d.name)
    for m in METRICS.values():
        chars.update(m.label + "".join(m.cite))
    return "".join(sorted(chars))


def licence_text() -> str:
    """The SIL OFL 1.1 as fontTools' distribution carries it."""
    from importlib.metadata import files

    external = next(f for f in files("fonttools") or [] if f.name == "LICENSE.external")
    text = external.read_text(encoding="utf-8")
    start = text.index("SIL OPEN FONT LICENSE Version 1.1")
    end = text.index("OTHER DEALINGS IN THE FONT SOFTWARE.", start) + len("OTHER DEALINGS IN THE FONT SOFTWARE.")
    return text[start:end]


def main() -> None:
    from fontTools import subset

    spec = importlib.util.find_spec("mplfonts")
    assert spec and spec.submodule_search_locations, "pip install mplfonts first (the full font)"
    source = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansCJKsc-Regular.otf"
    options = subset.Options()
    options.layout_features, options.name_IDs, options.name_languages = [], ["*"], ["*"]
    options.notdef_outline, options.hinting = True, False
    font = subset.load_font(str(source), options)
    copyright_line = font["name"].getDebugName(0)
    cutter = subset.Subsetter(options)
    cutter.populate(text=characters())
    cutter.subset(font)
    OUT.mkdir(exist_ok=True)
    subset.save_font(font, str(OUT / "NotoSansCJKsc-subset.otf"), options)
    (OUT / "OFL.txt").write_text(
        f"Noto Sans CJK SC, cut to a subset of its characters by scripts/make_font.py.\n{copyright_line}\n\n"
        f"{licence_text()}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
