"""Charts of compare / rank / trend answers as PNG (matplotlib, Agg backend, no pyplot state).

Chinese labels need a CJK font. We ship one (bot/fonts/: Noto Sans CJK SC under the OFL, cut
to GBK, the register's place names and the template's labels), else take any installed
system font that covers the characters. Before drawing, every character of every label is checked against the chosen
font's character map: when one is missing the chart is not drawn (the caller sends the
text table instead) — a chart of empty boxes would be worse than none.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .answer import Answer

log = logging.getLogger(__name__)

CHART_ROUTES = ("trend", "compare", "rank")
MAX_BARS = 30
# Families whose names say they carry Chinese glyphs, for the run-time search of system fonts.
_CJK_FAMILY = re.compile(
    r"CJK|Han Sans|Hei|Song|Kai|Ming|WenQuanYi|Droid Sans Fallback|AR PL|"
    r"Noto Sans (SC|TC|HK)|Sarasa|LXGW|Unifont",
    re.I,
)
_PROBE = "政府信息公开申请数量合阳县人民政府年件"
_draw_lock = threading.Lock()  # matplotlib's font cache is shared state


@dataclass
class Point:
    """One value to plot, straight from a cited cell (never computed here)."""

    issuer: str
    year: int | None
    value: float
    unit: str | None


@dataclass
class Chart:
    png: bytes | None
    reason: str = ""  # why there is no PNG, for the log


def chart_points(answer: Answer) -> list[Point]:
    """The values a chart of `answer` shows: its table rows, or for trend/compare answers its
    reported figures when they are all the same metric (a rank's figures may be the parts of
    a sum, so a rank is charted only from its table)."""
    if answer.route not in CHART_ROUTES:
        return []
    rows = [r for r in answer.table if isinstance(r.get("value"), (int, float)) and r.get("issuer")]
    if rows:
        return [Point(r["issuer"], r.get("year"), float(r["value"]), r.get("unit")) for r in rows]
    if answer.route == "rank":
        return []
    figs = [f for f in answer.figures if f.get("status") == "reported" and isinstance(f.get("value"), (int, float))]
    if not figs or len({f["metric"] for f in figs}) != 1:
        return []
    return [Point(f["issuer"], f.get("year"), float(f["value"]), f.get("unit")) for f in figs]


SHIPPED_FONT = Path(__file__).with_name("fonts") / "NotoSansCJKsc-subset.otf"


def _bundled_fonts() -> list[Path]:
    """The CJK font shipped with nianbao (Noto Sans CJK SC, OFL, cut by scripts/make_font.py)."""
    return [SHIPPED_FONT] if SHIPPED_FONT.is_file() else []


def _system_fonts() -> list[Path]:
    from matplotlib import font_manager

    return sorted({Path(f.fname) for f in font_manager.fontManager.ttflist if _CJK_FAMILY.search(f.name)})


@lru_cache(maxsize=16)
def _charmap(path: Path) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(str(path)).get_charmap())


def missing_glyphs(path: Path, text: str) -> str:
    """The characters of `text` (spaces aside) that the font at `path` cannot draw."""
    have = _charmap(path)
    return "".join(sorted({c for c in text if not c.isspace() and ord(c) not in have}))


@lru_cache(maxsize=1)
def cjk_font() -> Path | None:
    """A font file that draws Chinese: bundled first, then the system's; None (logged) when none."""
    for path in _bundled_fonts() + _system_fonts():
        try:
            if not missing_glyphs(path, _PROBE):
                log.info("charts use the CJK font %s", path)
                return path
        except Exception as e:  # an unreadable font file is skipped, not fatal
            log.debug("font %s unusable: %s", path, e)
    log.warning(
        "no CJK font found (bot/fonts/ is missing, and no system font such as fonts-noto-cjk): "
        "charts are sent as text tables"
    )
    return None


def _short(issuer: str) -> str:
    """Axis labels stay readable: 合阳县人民政府 → 合阳县 (the full name is in the text answer)."""
    name = re.sub(r"(人民政府)?(办公室|办公厅)?$", "", issuer) or issuer
    return _plain(name if len(name) <= 14 else name[:13] + "…")


def _plain(text: str) -> str:
    """Text drawn as written: a `$` would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def render_chart(answer: Answer) -> Chart:
    """A PNG of `answer`'s values, or no PNG and the reason."""
    points = chart_points(answer)
    if not points:
        return Chart(None, "nothing to chart")
    font = cjk_font()
    if font is None:
        return Chart(None, "no CJK font installed")
    title = next((f["label"] for f in answer.figures if f.get("label")), "") or answer.question
    unit = next((p.unit for p in points if p.unit), "") or ""
    if answer.route != "trend" and len(points) > MAX_BARS:  # the full list is in the text or the CSV
        title += f"（前 {MAX_BARS} / top {MAX_BARS} of {len(points)}）"
        points = points[:MAX_BARS]
    labels = [f"{_short(p.issuer)} {p.year}" if p.year else _short(p.issuer) for p in points]
    missing = missing_glyphs(font, title + unit + "".join(labels) + "0123456789.,-")
    if missing:
        return Chart(None, f"font {font.name} cannot draw {missing!r}")
    with _draw_lock:
        return Chart(_draw(answer.route, points, labels, title, unit, font))


def _draw(route: str, points: list[Point], labels: list[str], title: str, unit: str, font: Path) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(fname=str(font), size=10)
    fig = Figure(figsize=(7, 4), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if route == "trend" and all(p.year for p in points):
        _trend_lines(ax, points, prop)
    elif len(points) > 6:  # many bars: horizontal, so long names stay readable, first ranked on top
        _long_bars(fig, ax, points, labels, unit, prop)
    else:
        bars = ax.bar(range(len(points)), [p.value for p in points], color="#4878a8")
        ax.bar_label(bars, labels=[_num(p.value) for p in points], fontproperties=prop)
        ax.set_xticks(
            range(len(points)),
            labels,
            fontproperties=prop,
            rotation=30 if len(points) > 4 else 0,
            ha="right" if len(points) > 4 else "center",
        )
    ax.set_title(_plain(title), fontproperties=FontProperties(fname=str(font), size=12))
    if len(points) <= 6 or route == "trend":
        if unit:
            ax.set_ylabel(_plain(unit), fontproperties=prop)
        ax.margins(y=0.15)
        if min(p.value for p in points) >= 0:
            ax.set_ylim(bottom=0)  # counts start at zero, or a single point floats on a ±0.3 axis
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _trend_lines(ax: Any, points: list[Point], prop: Any) -> None:
    """A trend: one line per issuer over the years, each point labelled."""
    issuers = list(dict.fromkeys(p.issuer for p in points))
    for issuer in issuers:
        own = sorted((p for p in points if p.issuer == issuer), key=lambda p: p.year or 0)
        ax.plot([p.year or 0 for p in own], [p.value for p in own], marker="o", label=_short(issuer))
        for p in own:
            ax.annotate(
                _num(p.value),
                (p.year, p.value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontproperties=prop,
            )
    years = sorted({p.year for p in points if p.year})
    ax.set_xticks(years, [str(y) for y in years], fontproperties=prop)
    ax.legend(prop=prop)


def _long_bars(fig: Any, ax: Any, points: list[Point], labels: list[str], unit: str, prop: Any) -> None:
    """Many bars: horizontal, first ranked on top, the unit under the axis."""
    fig.set_size_inches(7, 1.5 + 0.32 * len(points))
    bars = ax.barh(range(len(points)), [p.value for p in points], color="#4878a8")
    ax.bar_label(bars, labels=[_num(p.value) for p in points], fontproperties=prop, padding=2)
    ax.set_yticks(range(len(points)), labels, fontproperties=prop)
    ax.invert_yaxis()
    if unit:
        ax.set_xlabel(_plain(unit), fontproperties=prop)
    ax.margins(x=0.12)


def _num(v: float) -> str:
    """13236 stays 13236 (not 1.3e+04); 18.085682 keeps its digits."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def points_rows(points: list[Point]) -> list[dict[str, Any]]:
    """The chart's values as table rows (issuer, year, value, unit): the text fallback."""
    return [
        {
            "issuer": p.issuer,
            "year": p.year,
            "value": p.value if not float(p.value).is_integer() else int(p.value),
            "unit": p.unit,
            "status": "reported",
        }
        for p in points
    ]
