"""One chart per answer, as data: what the web page draws as SVG (bot/static/app.js) and
Telegram as PNG (bot/charts.py), so both show the same thing.

    answer.chart = answer_chart(answer, english)     # None when the answer has nothing to chart

A spec (`Answer.chart`, plain JSON) is built from the rows the answer shows, never from a
report's sentences: its title is the measure and its scope (本年新收政府信息公开申请数量 · 总计：
排名，2020–2021年), its points carry their status (`reported`; a value quoted from the text is
`from_text`; a sum missing a term is `complete: false`), and the reports with no figure
(blank, unreadable, not printed) are not drawn as bars but named in `notes`, the lines under
the chart. A year-over-year answer (route `changes`) charts its largest changes.

    {"kind": "bars" | "lines" | "changes", "title": str, "unit": str | None,
     "series": [{"name": str, "points": [{"label", "issuer", "year", "value", "status",
                                          "from_text", "complete"} …]}],
     "missing": [{"label", "status"} …], "notes": [str …]}
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .answer import CHART_ROUTES
from .wording import STATUS_EN, STATUS_ZH, number

MAX_BARS = 30  # a longer ranking draws its first 30; the table and the CSV have every row
MAX_NAMED = 10  # reports without a figure named under the chart; past this, counted
MAX_CHANGES = 12  # a year-over-year chart draws the largest changes


@dataclass
class Point:
    """One value drawn, straight from a row the answer shows (never computed here)."""

    label: str  # as drawn: 合阳县 2020 (a trend line's point: its year)
    issuer: str | None
    year: int | None
    value: float | None
    status: str = "reported"
    from_text: bool = False
    complete: bool = True
    old: float | None = None  # a change's earlier and later figures
    new: float | None = None
    text: str = ""  # the value as drawn beside its bar or point (marked * from the text, ^ a sum missing terms)


@dataclass
class Series:
    """One line or set of bars of a chart."""

    name: str
    points: list[Point] = field(default_factory=list)


@dataclass
class ChartSpec:
    """What to draw for an answer, the same for the page and Telegram."""

    kind: str  # bars | lines | changes
    title: str
    unit: str | None
    series: list[Series]
    missing: list[dict[str, Any]] = field(default_factory=list)  # {label, status}: no figure, not drawn
    notes: list[str] = field(default_factory=list)  # the lines under the chart, in the answer's language

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def short_name(issuer: str | None) -> str:
    """Labels stay readable: 合阳县人民政府 → 合阳县 (the full name is in the answer's text and table)."""
    issuer = issuer or "?"
    name = re.sub(r"(人民政府)?(办公室|办公厅)?$", "", issuer) or issuer
    return name if len(name) <= 14 else name[:13] + "…"


def answer_chart(
    answer: Any, english: bool = False, shown: list[dict[str, Any]] | None = None
) -> dict[str, Any] | None:
    """The chart spec of `answer` (an bot.answer.Answer), or None when it has nothing to chart.

    `shown`: the table rows the answer shows (its sentence's rows), when it knows them; else
    its whole table, the first MAX_BARS with a figure drawn."""
    if answer.route == "changes":
        issuer = next((f.get("issuer") for f in answer.figures if f.get("issuer")), None)
        spec = changes_chart(answer.table, english, issuer)
    elif answer.route in CHART_ROUTES:
        spec = rows_chart(answer.route, shown if shown is not None else answer.table, english)
    else:
        return None
    return spec.to_json() if spec else None


def with_chart(answer: Any) -> Any:
    """`answer` with its chart spec: an answer recorded before specs gets one built now."""
    if answer.chart is None:
        answer.chart = answer_chart(answer, (answer.understood or {}).get("language") == "en")
    return answer


def rows_chart(route: str, rows: list[dict[str, Any]], english: bool, others: int = 0) -> ChartSpec | None:
    """A rank, comparison or trend from its table rows: bars (a trend of few issuers: lines).
    `others`: rows with a figure the answer does not show (counted under the chart)."""
    rows = [r for r in rows if r.get("issuer") or r.get("year")]
    with_value = [r for r in rows if _has_value(r)]
    if not with_value:
        return None
    if route != "trend" and len(with_value) > MAX_BARS:
        others += len(with_value) - MAX_BARS
        with_value = with_value[:MAX_BARS]
    label = next((r["label"] for r in rows if r.get("label")), "") or next((r["metric"] for r in rows), "")
    years = sorted({r["year"] for r in rows if r.get("year")})
    issuers = list(dict.fromkeys(r.get("issuer") for r in with_value))
    with_year = len(years) > 1 or route == "trend"
    kind, series = _series(route, with_value, issuers, label, with_year)
    title = _title(route, label, years, english)
    if len(issuers) == 1 and issuers[0]:  # one issuer's figures: its name is part of the scope
        title = f"{short_name(issuers[0])} · {title}"
    spec = ChartSpec(kind, title, next((r["unit"] for r in with_value if r.get("unit")), None), series)
    without = [r for r in rows if not _has_value(r)]
    spec.missing = [{"label": _row_label(r, with_year), "status": r.get("status") or "absent"} for r in without]
    spec.notes = _notes(spec.missing, with_value, others, english)
    return spec


def _has_value(row: dict[str, Any]) -> bool:
    return isinstance(row.get("value"), (int, float))


def _series(
    route: str, rows: list[dict[str, Any]], issuers: list[str | None], label: str, with_year: bool
) -> tuple[str, list[Series]]:
    """A trend with two years of one issuer: a line per issuer; anything else: one row of bars."""
    own: dict[str | None, list[dict[str, Any]]] = {i: [] for i in issuers}
    for r in rows:  # one pass (a comprehension per issuer: 16,000 issuers × 166,000 rows, minutes)
        own.setdefault(r.get("issuer"), []).append(r)
    if route == "trend" and max(len(v) for v in own.values()) > 1:
        return "lines", [Series(short_name(i), [_point(r, str(r.get("year") or "?")) for r in own[i]]) for i in issuers]
    return "bars", [Series(label, [_point(r, _row_label(r, with_year)) for r in rows])]


def changes_chart(rows: list[dict[str, Any]], english: bool, issuer: str | None = None) -> ChartSpec | None:
    """A year-over-year answer's largest changes (its table is ordered largest first): new − old per
    measure, in one unit (that of the largest change: 件 and 万元 are not drawn on one axis);
    figures that appeared or went blank are named under the chart."""
    changed = [r for r in rows if r.get("change") == "changed" and isinstance(r.get("difference"), (int, float))]
    if not changed:
        return None
    first = changed[0]
    unit = first.get("unit")
    drawn = [r for r in changed if r.get("unit") == unit][:MAX_CHANGES]
    points = [
        Point(
            r.get("label") or r["metric"],
            None,
            None,
            r["difference"],
            old=r.get("old"),
            new=r.get("new"),
            text=_change_text(r, english),
        )
        for r in drawn
    ]
    old_year, new_year = first.get("old_year"), first.get("new_year")
    who = short_name(issuer) if issuer else ""
    title = (
        f"{who}{': ' if who else ''}largest changes from the {old_year} to the {new_year} report (new - old)"
        if english
        else f"{who}{'：' if who else ''}{new_year}年报与{old_year}年报相比变化最大的项目（新 - 旧）"
    )
    spec = ChartSpec("changes", title, unit, [Series(f"{old_year}-{new_year}", points)])
    went = [r for r in rows if r.get("change") in ("appeared", "vanished")]
    spec.missing = [{"label": r.get("label") or r["metric"], "status": r["change"]} for r in went]
    spec.notes = _change_notes(went, len(changed) - len(drawn), english)
    return spec


# ------------------------------------------------------------------ helpers
def _row_label(row: dict[str, Any], with_year: bool) -> str:
    name = short_name(row.get("issuer"))
    return f"{name} {row['year']}" if with_year and row.get("year") else name


def _point(row: dict[str, Any], label: str) -> Point:
    from_text, complete = bool(row.get("from_text")), row.get("complete") is not False
    text = number(row["value"]) + ("*" if from_text else "") + ("" if complete else "^")
    return Point(
        label,
        row.get("issuer"),
        row.get("year"),
        row["value"],
        row.get("status") or "reported",
        from_text,
        complete,
        text=text,
    )


def _change_text(row: dict[str, Any], english: bool) -> str:
    """+8937（550 增至 9487）: the difference, and both figures."""
    d, old, new = row["difference"], number(row.get("old")), number(row.get("new"))
    sign = "+" if d > 0 else ""
    return f"{sign}{number(d)} ({old} to {new})" if english else f"{sign}{number(d)}（{old} 至 {new}）"


def _title(route: str, label: str, years: list[int], english: bool) -> str:
    """The measure and its scope: never a sentence from a report."""
    span = "" if not years else (str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}")
    if english:
        what = {"rank": "ranking", "compare": "comparison", "trend": "trend"}.get(route, route)
        return f"{label}: {what}" + (f", {span}" if span else "")
    what = {"rank": "排名", "compare": "对比", "trend": "趋势"}.get(route, route)
    return f"{label}：{what}" + (f"（{span}年）" if span else "")


def _notes(missing: list[dict[str, Any]], drawn: list[dict[str, Any]], others: int, english: bool) -> list[str]:
    """Under the chart: the reports with no figure, by status (named up to MAX_NAMED), what is marked, what is left out."""
    statuses = STATUS_EN if english else STATUS_ZH
    notes = []
    for status in ("blank", "unreadable", "absent"):
        named = [m["label"] for m in missing if m["status"] == status]
        if not named:
            continue
        more = len(named) - MAX_NAMED
        names = (", " if english else "、").join(named[:MAX_NAMED])
        if more > 0:
            names += f" and {more} more" if english else f" 等 {len(named)} 份"
        notes.append(f"{statuses[status]}: {names}" if english else f"{statuses[status]}：{names}")
    if any(r.get("from_text") for r in drawn):
        notes.append("* quoted from the report's text" if english else "* 引自报告正文（表格未填报）")
    if any(r.get("complete") is False for r in drawn):
        notes.append("^ some terms of the sum are not printed" if english else "^ 部分加数未填报")
    if others > 0:
        notes.append(
            f"{others} more report(s) with a figure are in the table (CSV)"
            if english
            else f"另有 {others} 份报告的数字见表格（CSV）"
        )
    return notes


def _change_notes(went: list[dict[str, Any]], others: int, english: bool) -> list[str]:
    notes = []
    for kind, en_word, zh_word in (
        ("appeared", "blank, now a figure", "由空白变为有数"),
        ("vanished", "a figure, now blank", "由有数变为空白"),
    ):
        named = [
            f"{r.get('label') or r['metric']} ({number(r['new'] if kind == 'appeared' else r['old'])})"
            for r in went
            if r["change"] == kind
        ]
        if named:
            shown = named[:MAX_NAMED] + ([f"… {len(named) - MAX_NAMED}"] if len(named) > MAX_NAMED else [])
            notes.append(f"{en_word}: {', '.join(shown)}" if english else f"{zh_word}：{'、'.join(shown)}")
    if others > 0:
        notes.append(f"{others} more change(s) in the table" if english else f"另有 {others} 项变化见表格")
    return notes


def many_chart(
    route: str, table: list[dict[str, Any]], shown: set[str], per_year: bool, english: bool, unlisted: int = 0
) -> dict[str, Any] | None:
    """A rank, comparison or trend over many reports (bot/plan/many.py): the rows its sentence shows
    (`shown`: their report ids) drawn, every report without a figure named, the other rows counted;
    a trend over many issuers draws each year's sum, as its sentence does."""
    if per_year:
        spec = per_year_chart(table, english)
    else:
        has = [isinstance(r.get("value"), (int, float)) for r in table]
        drawn = [r for r, h in zip(table, has, strict=True) if h and r.get("report_id") in shown]
        without = [r for r, h in zip(table, has, strict=True) if not h]
        # `unlisted`: rows of a table kept to the rows shown (thousands of reports), counted too.
        spec = rows_chart(route, drawn + without, english, others=sum(has) - len(drawn) + unlisted)
    return spec.to_json() if spec else None


def per_year_chart(rows: list[dict[str, Any]], english: bool) -> ChartSpec | None:
    """Each year's sum of the printed figures (the sentence's per-year lines), and how many reports print none."""
    years: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("year"):
            years.setdefault(r["year"], []).append(r)
    points = []
    for year in sorted(years):
        have = [r for r in years[year] if isinstance(r.get("value"), (int, float))]
        if have:
            total = sum(r["value"] for r in have)
            complete = len(have) == len(years[year])
            points.append(
                Point(str(year), None, year, total, complete=complete, text=number(total) + ("" if complete else "^"))
            )
    if not points:
        return None
    label = next((r["label"] for r in rows if r.get("label")), "")
    unit = next((r["unit"] for r in rows if r.get("unit")), None)
    name = "sum of the reports printing it" if english else "印出此数字的报告合计"
    spec = ChartSpec("lines", _title("trend", label, sorted(years), english), unit, [Series(name, points)])
    blank = sum(1 for r in rows if r.get("year") and not isinstance(r.get("value"), (int, float)))
    if any(not p.complete for p in points):
        spec.notes.append("^ some reports print no figure that year" if english else "^ 该年有报告未印出此数字")
    if blank:
        spec.notes.append(
            f"{blank} report(s) print no figure and are not in the sums"
            if english
            else f"{blank} 份报告未印出此数字，不计入合计"
        )
    return spec
