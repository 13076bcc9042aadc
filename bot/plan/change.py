"""A ranking by each issuer's change of a figure between two years (增长最快, 增加最多, biggest drop).

The two years are those the question names (2020年到2023年: 2020 and 2023; 2024年: 2023 and 2024),
else each issuer's two latest reports on file; the change is absolute (later − earlier) or relative
((later − earlier) / earlier). Every row shown cites both cells and shows the arithmetic. Issuers
with one report of the two, a cell not printed in one of them (a blank is never 0), or a relative
change from 0 are not ranked, and the answer counts them apart. Over more than `many_sql.MANY_SQL_OVER` reports chosen
in SQL (a level's, every report) the changes are computed and ordered by SQLite
(index/changes.py) and only the rows shown are read; otherwise here, over the rows in hand,
with the same order and the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from index import aggregates
from index.changes import ranked_changes

from .. import derived
from ..answer import TABLE_INLINE, Answer, as_number
from ..frame import Frame
from ..lexicon import RATES, MetricAsk
from ..question import Question
from ..report_set import ReportSet
from ..wording import (
    change_apart,
    change_label,
    change_lead,
    change_line_of,
    change_of_rate,
    change_ranking,
    change_value,
    no_change_ranked,
    notes,
    number,
    percent,
)
from .common import TOP, at_level, measure_shown
from .many_sql import MANY_SQL_OVER
from .select import select

if TYPE_CHECKING:
    from ..router import Answerer


@dataclass
class Pair:
    """One issuer's two reports compared: the later and the earlier, their figures, the change."""

    new: dict[str, Any]
    old: dict[str, Any]
    new_value: float | None
    old_value: float | None
    change: float | None  # None: not computed (a relative change from 0)
    unit: str | None = None


@dataclass
class Changes:
    """The issuers ranked (all of them, or over SQL the first), and those not ranked, by why."""

    ranked: list[Pair]
    computed: int  # how many issuers have a change
    one_year: int = 0  # one report of the two (one year on file, or not both years named)
    blank: int = 0  # the figure not printed in one of the two reports
    zero: list[Pair] = field(default_factory=list)  # a relative change from a printed 0 (the first of them)
    zero_count: int = 0


def change_answer(answerer: Answerer, q: Question, frame: Frame) -> Answer:
    """The ranking by change: the reports chosen as a ranking chooses them, in every year; the two years."""
    ask = q.metric
    assert ask is not None
    if q.ratio:  # 复议纠错率增长最快: its numerator's change is not the rate's
        from .derived import rate_label

        name = rate_label(q.ratio, q.english) if q.ratio in RATES else ("a share" if q.english else "占比")
        return Answer(q.text, "none", change_of_rate(name, q.english))
    reports, refusal = _chosen(answerer, q, frame)
    if refusal:
        return Answer(q.text, "none", refusal)
    years = pair_years(q)
    relative = q.change == "relative"
    changes = None
    if isinstance(reports, ReportSet) and len(reports) > MANY_SQL_OVER and not answerer.full_table:
        changes = changes_by_sql(answerer, q, ask, reports, years, relative)
    if changes is None:
        changes = changes_in_python(answerer, q, ask, reports, years, relative)
    return _answer(answerer, q, ask, reports, changes, years, relative)


def _chosen(answerer: Answerer, q: Question, frame: Frame) -> tuple[list[dict[str, Any]], str | None]:
    """The reports of the issuers, level or division asked, of every year (the years pick the pairs)."""
    every_year = replace(q, years=[], year_range=None, all_years=False, recent=None, intent="rank", inherited=[])
    reports, _, refusal = select(answerer, every_year)
    if frame.scope.kind == "within" and frame.scope.level:  # 江苏省各县: the counties among them
        reports = [r for r in reports if at_level(r, frame.scope.level, governments_only=False)] or reports
    return reports, refusal


def pair_years(q: Question) -> tuple[int, int] | None:
    """(earlier, later): the ends of the range or the years named; one year, against the year before;
    None: each issuer's two latest reports."""
    if q.year_range:
        first, last = q.year_range
        return (first, last if last is not None else max(q.years or [first]))
    if len(q.years) >= 2:
        return min(q.years), max(q.years)
    if q.years:
        return q.years[0] - 1, q.years[0]
    return None


def _change(new: float, old: float, relative: bool) -> float | None:
    """later − earlier, or relative to the earlier (None from 0); the same arithmetic as the SQL's."""
    if not relative:
        return new - old
    return None if old == 0 else (new - old) * 100.0 / old


def changes_in_python(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    years: tuple[int, int] | None,
    relative: bool,
) -> Changes:
    """Every issuer's change, from the rows in hand and one light lookup of their figures."""
    pairs, one_year = _pairs(reports, years)
    light = answerer.figs.light(ask, [r for pair in pairs for r in pair]) if pairs else {}
    out = Changes([], 0, one_year)
    for new, old in pairs:
        ln, lo = light[new["id"]], light[old["id"]]
        if ln.value is None or lo.value is None or not (ln.complete and lo.complete):
            out.blank += 1
            continue
        pair = Pair(new, old, ln.value, lo.value, _change(ln.value, lo.value, relative), ln.unit or lo.unit)
        (out.ranked if pair.change is not None else out.zero).append(pair)
    sign = 1 if q.ascending else -1
    out.ranked.sort(key=lambda p: (sign * (p.change or 0), p.new["issuer"]))
    out.zero.sort(key=lambda p: p.new["issuer"])
    out.computed, out.zero_count = len(out.ranked), len(out.zero)
    out.zero = out.zero[:TOP]
    return out


def _pairs(
    reports: list[dict[str, Any]], years: tuple[int, int] | None
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], int]:
    """Each issuer's (later, earlier) reports: of the years named, else its two latest; and how many
    issuers have only one of the two."""
    by_issuer: dict[str, list[dict[str, Any]]] = {}
    for r in reports:
        if r["issuer"] and r["year"] is not None:
            by_issuer.setdefault(r["issuer"], []).append(r)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    one_year = 0
    for mine in by_issuer.values():
        if years is not None:
            new = next((r for r in mine if r["year"] == years[1]), None)
            old = next((r for r in mine if r["year"] == years[0]), None)
        else:
            mine = sorted(mine, key=lambda r: r["year"])
            new, old = mine[-1], (mine[-2] if len(mine) > 1 else None)
        if new is not None and old is not None:
            pairs.append((new, old))
        elif new is not None or old is not None:  # (an issuer with neither year named is not counted)
            one_year += 1
    return pairs, one_year


def changes_by_sql(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: ReportSet,
    years: tuple[int, int] | None,
    relative: bool,
) -> Changes | None:
    """The changes computed and ordered by SQLite; only the rows shown are read. None: the Python way
    (an active row whose default column differs between the templates)."""
    keys = answerer.figs.keys_of_all(ask, reports)
    if ask.row.startswith("active.") and len(keys) > 1:
        return None
    metrics = aggregates.metric_ids(answerer.store.db, keys)
    if metrics is None:
        return None
    first = (q.top or TOP, TOP)
    rows, counts = ranked_changes(
        answerer.store.db, reports.counted, reports.params, metrics, years, relative, q.ascending, first
    )
    by_key = answerer.store.reports_by_key([k for row in rows for k in (row[2], row[5])])
    pairs = [(cls, Pair(by_key[nk], by_key[ok], nv, ov, chg)) for cls, _, nk, _, nv, ok, _, ov, chg in rows]
    return Changes(
        [p for cls, p in pairs if cls == "ranked"],
        counts["ranked"],
        counts["one_year"],
        counts["blank"],
        [p for cls, p in pairs if cls == "zero"],
        counts["zero"],
    )


def _answer(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    reports: list[dict[str, Any]],
    ch: Changes,
    years: tuple[int, int] | None,
    relative: bool,
) -> Answer:
    """The sentence (the first and each row shown with its arithmetic, then those not ranked), the
    cells of every row shown, and the table."""
    en = q.english
    shown = ch.ranked[: q.top or TOP]
    cells = answerer.figs.bulk(ask, [r for p in shown + ch.zero for r in (p.new, p.old)])
    label = _label(answerer, ask, reports, cells, en)
    zero = [_zero_line(p, cells, en) for p in ch.zero]
    apart = change_apart(ch.computed - len(shown), ch.one_year, ch.blank, zero, ch.zero_count, years, en)
    text = _ranking(q, shown, cells, label, relative) + apart
    figures = [c for p in shown + ch.zero for r in (p.new, p.old) for c in cells.get(r["id"], [])]
    warnings = answerer.figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
    text += notes(warnings, en) if warnings else ""
    answer = Answer(q.text, "rank", text, figures, warnings=warnings)
    every = ch.ranked if answerer.full_table or len(ch.ranked) <= TABLE_INLINE else shown
    named = change_label(label, relative, en)
    answer.table = [_table_row(p, cells, ask, answerer, named, relative) for p in every]
    answer.table_rows = None if len(answer.table) == ch.computed else ch.computed
    answer.formula = _formula(shown[0], relative) if shown else None
    return answer


def _ranking(q: Question, shown: list[Pair], cells: dict[str, list[dict[str, Any]]], label: str, relative: bool) -> str:
    """The first (named for a rise or a fall only when it is one) and every row shown, with its arithmetic."""
    en = q.english
    if not shown:
        return no_change_ranked(label, en)
    top, lines = shown[0], [_line(p, cells, relative, en) for p in shown]
    first = top.change or 0
    falling = q.ascending if first != 0 and (first < 0) == q.ascending else None
    lead = change_lead(relative, falling, top.new["issuer"], _years(top), _shown(top, cells, relative, en), en)
    return lead + change_ranking(relative, label, lines, en)


def _label(
    answerer: Answerer, ask: MetricAsk, reports: list[dict[str, Any]], cells: dict[str, list[dict[str, Any]]], en: bool
) -> str:
    """The figure's name: from a cell shown, else from the first report's (no row shown)."""
    sample = next((c for cs in cells.values() for c in cs), None)
    if sample is None and reports:
        sample = answerer.figs.cells(ask, reports[0])[0]
    return answerer.figs.label(ask, sample, en) if sample else ask.row


def _years(p: Pair) -> tuple[int, int]:
    return p.old["year"], p.new["year"]


def _formula(p: Pair, relative: bool) -> str:
    """ "95 − 21 = 74", "(95 − 21) / 21 = 352.4%": the change's arithmetic over the two printed values."""
    new, old = number(p.new_value), number(p.old_value)
    if relative and p.change is not None:
        return f"({new} − {old}) / {old} = {percent(p.change)}"
    return f"{new} − {old} = {number((p.new_value or 0) - (p.old_value or 0))}"


def _unit(p: Pair, cells: dict[str, list[dict[str, Any]]]) -> str:
    return next((c["unit"] for c in cells.get(p.new["id"], []) if c.get("unit")), None) or p.unit or ""


def _shown(p: Pair, cells: dict[str, list[dict[str, Any]]], relative: bool, en: bool) -> str:
    """+352.4%, +74 件."""
    return change_value(p.change or 0, _unit(p, cells), relative, en)


def _sides(p: Pair, cells: dict[str, list[dict[str, Any]]], en: bool) -> tuple[str, str]:
    """Each year's figure as printed (a cell's amount, or a sum's result)."""
    return (
        measure_shown(derived.total(cells.get(p.old["id"], [])), en),
        measure_shown(derived.total(cells.get(p.new["id"], [])), en),
    )


def _line(p: Pair, cells: dict[str, list[dict[str, Any]]], relative: bool, en: bool) -> str:
    shown = _shown(p, cells, relative, en)
    return change_line_of(p.new["issuer"], _years(p), _sides(p, cells, en), _formula(p, relative), shown, en)


def _zero_line(p: Pair, cells: dict[str, list[dict[str, Any]]], en: bool) -> str:
    """An issuer whose earlier figure is 0: both years' figures, no rate."""
    old, new = _sides(p, cells, en)
    return f"{p.new['issuer']} {p.old['year']}→{p.new['year']}{'' if en else '年'}: {old} → {new}".replace(
        ": ", ": " if en else "："
    )


def _table_row(
    p: Pair,
    cells: dict[str, list[dict[str, Any]]],
    ask: MetricAsk,
    answerer: Answerer,
    label: str,
    relative: bool,
) -> dict[str, Any]:
    """One issuer's row: the change (its value, unit and arithmetic), both years and both figures."""
    mine = cells.get(p.new["id"], [])
    return {
        "issuer": p.new["issuer"],
        "region": p.new["region"],
        "year": p.new["year"],
        "base_year": p.old["year"],
        "metric": " + ".join(c["metric"] for c in mine) or ask.row,
        "label": label,
        "value": as_number(p.change),
        "unit": "%" if relative else (_unit(p, cells) or None),
        "status": "reported",
        "change": "relative" if relative else "absolute",
        "new_value": as_number(p.new_value),
        "base_value": as_number(p.old_value),
        "formula": _formula(p, relative),
        "source_file": p.new["source_file"],
        "report_id": p.new["id"],
        "base_report_id": p.old["id"],
        "cite": mine[0]["cite"] if mine else None,
    }
