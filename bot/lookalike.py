"""Whether two Chinese characters look alike (沐 for 沭, 巿 for 市), judged from their glyphs.

A slip of the eye or of handwriting input swaps a character for one of the same shape
but another sound, which pinyin cannot catch. Both characters are drawn with the CJK font
that nianbao ships (bot/fonts/, Noto Sans CJK SC under the OFL), thickened a little so
that a stroke moved by a pixel still overlaps, and compared by the share of ink they have
in common. Unrelated characters share well under 0.75 (沭/洛 0.61, 阳/陽 0.71); look-alikes
share more (沭/沐 0.86, 泗/洒 0.84, 巿/市 0.92).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SIZE = 32  # pixels: enough to tell 沭 from 沐, and each glyph costs well under a millisecond
THRESHOLD = 0.8


@lru_cache(maxsize=1)
def _font():  # type: ignore[no-untyped-def]
    """The bundled Noto Sans CJK, or None where PIL or the font is missing (then nothing looks alike)."""
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(Path(__file__).with_name("fonts") / "NotoSansCJKsc-subset.otf"), SIZE)
    except (ImportError, OSError):
        return None


@lru_cache(maxsize=4096)
def _ink(c: str) -> frozenset[int]:
    """The pixels a character's thickened glyph covers."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("L", (SIZE + 4, SIZE + 4), 0)
    ImageDraw.Draw(image).text((2, -SIZE // 5), c, font=_font(), fill=255)
    image = image.filter(ImageFilter.MaxFilter(3))
    return frozenset(i for i, p in enumerate(image.tobytes()) if p > 100)


def look_alike(a: str, b: str) -> bool:
    """Whether two different characters share most of their ink (沐 and 沭)."""
    if a == b or _font() is None:
        return False
    x, y = _ink(a), _ink(b)
    union = len(x | y)
    return bool(union) and len(x & y) / union >= THRESHOLD
