"""Charts of compare / rank / trend / changes answers as PNG, drawn from the answer's chart spec
(bot.chart_spec: the same spec the web page draws as SVG) (matplotlib, Agg backend, no pyplot state).

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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .answer import Answer
from .chart_spec import CHART_ROUTES as CHART_ROUTES  # telegram decides by it
from .chart_spec import with_chart

log = logging.getLogger(__name__)

MAX_BARS = 30
# Families whose names say they carry Chinese glyphs, for the run-time search of system fonts.
_CJK_FAMILY = re.compile(
    r"CJK|Han Sans|Hei|Song|Kai|Ming|WenQuanYi|Droid Sans Fallback|AR PL|"
    r"Noto Sans (SC|TC|HK)|Sarasa|LXGW|Unifont",
    re.I,
)
_PROBE = "政府信息公开申请数量合阳县人民政府年件"
_draw_lock = threading.Lock()  # matplotlib's font cache is shared state
BAR, FROM_TEXT, UP, DOWN = "#4878a8", "#a9c1da", "#2e7d32", "#b3261e"  # the page's colours (app.css)


@dataclass
class Point:
    """One value drawn, as the answer's chart spec (bot.chart_spec) gives it."""

    issuer: str
    year: int | None
    value: float
    unit: str | None


@dataclass
class Chart:
    """A chart drawn as an image, with its title."""

    png: bytes | None
    reason: str = ""  # why there is no PNG, for the log
    notes: list[str] = field(default_factory=list)  # the lines under the chart (blank reports named)


def spec_of(answer: Answer) -> dict[str, Any] | None:
    """The answer's chart spec: carried by the answer; an answer recorded before specs, built now."""
    return with_chart(answer).chart


def chart_points(answer: Answer) -> list[Point]:
    """The values the chart of `answer` draws (its spec's points), [] when it has no chart."""
    spec = spec_of(answer)
    if not spec:
        return []
    return [
        Point(p["issuer"] or p["label"], p["year"], float(p["value"]), spec.get("unit"))
        for s in spec["series"]
        for p in s["points"]
        if p["value"] is not None
    ]


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


def _plain(text: str) -> str:
    """Text drawn as written: a `$` would otherwise start matplotlib's math mode."""
    return text.replace("$", r"\$")


def render_chart(answer: Answer) -> Chart:
    """A PNG of `answer`'s chart spec (the one the web page draws), or no PNG and the reason."""
    spec = spec_of(answer)
    if not spec or not any(p["value"] is not None for s in spec["series"] for p in s["points"]):
        return Chart(None, "nothing to chart")
    font = cjk_font()
    if font is None:
        return Chart(None, "no CJK font installed", spec["notes"])
    words = [spec["title"], spec.get("unit") or "", *spec["notes"]]
    words += [s["name"] for s in spec["series"]] + [p["label"] for s in spec["series"] for p in s["points"]]
    words += [p["text"] for s in spec["series"] for p in s["points"]]
    missing = missing_glyphs(font, "".join(words))
    if missing:
        return Chart(None, f"font {font.name} cannot draw {missing!r}", spec["notes"])
    with _draw_lock:
        return Chart(_draw(spec, font), notes=spec["notes"])


def _draw(spec: dict[str, Any], font: Path) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(fname=str(font), size=10)
    fig = Figure(figsize=(7, 4), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    unit = _plain(spec.get("unit") or "")
    if spec["kind"] == "lines":
        _lines(ax, spec["series"], prop)
        if unit:
            ax.set_ylabel(unit, fontproperties=prop)
    else:
        _bars(fig, ax, spec, prop)
        if unit:
            ax.set_xlabel(unit, fontproperties=prop)
    ax.set_title(_plain(spec["title"]), fontproperties=FontProperties(fname=str(font), size=11), wrap=True)
    if spec["notes"]:  # under the chart, as on the page: the reports drawn without a bar are named
        fig.text(0.01, 0.01, _plain("\n".join(spec["notes"])), fontproperties=prop, va="bottom", wrap=True)
    # Room at the foot for the notes: about a fifth of an inch a line.
    bottom = min(0.4, (0.1 + 0.2 * len(spec["notes"])) / fig.get_size_inches()[1]) if spec["notes"] else 0.0
    fig.tight_layout(rect=(0, bottom, 1, 1))
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _lines(ax: Any, series: list[dict[str, Any]], prop: Any) -> None:
    """A trend: one line per series over the years, each point labelled."""
    for s in series:
        points = [p for p in s["points"] if p["value"] is not None]
        ax.plot([p["year"] for p in points], [p["value"] for p in points], marker="o", label=_plain(s["name"]))
        for p in points:
            ax.annotate(
                p["text"],
                (p["year"], p["value"]),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontproperties=prop,
            )
    years = sorted({p["year"] for s in series for p in s["points"] if p["year"]})
    ax.set_xticks(years, [str(y) for y in years], fontproperties=prop)
    ax.margins(y=0.15)
    if len(series) > 1:
        ax.legend(prop=prop)


def _bars(fig: Any, ax: Any, spec: dict[str, Any], prop: Any) -> None:
    """Bars, horizontal (long names stay readable), first on top; a change is green up, red down."""
    points = [p for p in spec["series"][0]["points"] if p["value"] is not None]
    fig.set_size_inches(9 if spec["kind"] == "changes" else 7, 1.6 + 0.34 * len(points) + 0.25 * len(spec["notes"]))
    if spec["kind"] == "changes":
        colors = [UP if p["value"] >= 0 else DOWN for p in points]
    else:
        colors = [FROM_TEXT if p["from_text"] else BAR for p in points]
    bars = ax.barh(range(len(points)), [p["value"] for p in points], color=colors)
    if spec["kind"] == "changes":  # every label right of the bar's far end or of zero: a fall's never covers its name
        for i, p in enumerate(points):
            ax.annotate(
                p["text"],
                (max(p["value"], 0), i),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontproperties=prop,
            )
    else:
        ax.bar_label(bars, labels=[p["text"] for p in points], fontproperties=prop, padding=2)
    ax.set_yticks(range(len(points)), [_plain(p["label"]) for p in points], fontproperties=prop)
    ax.invert_yaxis()
    if spec["kind"] == "changes":
        ax.axvline(0, color="#5d6778", linewidth=0.8)
    ax.margins(x=0.45 if spec["kind"] == "changes" else 0.18)


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
