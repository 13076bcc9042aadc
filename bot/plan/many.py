"""Rank, compare and trend over every report chosen: one light query, the rows shown, every row in the table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import derived
from ..answer import TABLE_INLINE, Answer, as_number, text_figure_json
from ..chart_spec import many_chart
from ..figures import Light
from ..in_text import FoundNumber
from ..lexicon import RATES, MetricAsk, asks_growth_amount
from ..question import Question
from ..wording import (
    amount,
    blank_not_searched,
    change_over_years,
    equal,
    from_text_mark,
    gap_shown,
    larger_by,
    many_sentence,
    more_reports,
    neither_side,
    not_printed,
    notes,
    number,
    one_side_only,
    others_fail,
    per_year_line,
    quoted_line,
    rank_lead,
    report_name,
    status_line,
    sum_found,
    sum_incomplete_reports,
    value_line,
)
from .common import TOP, worst_status
from .derived import rate_label, ratio_asks, ratio_value
from .in_text import numbers_in_prose
from .many_sql import many_by_sql, status_rank

if TYPE_CHECKING:
    from ..router import Answerer

# Blank reports whose texts one multi-report answer searches for the figure: within this
# many, the lexical index is restricted inside its query (index.lexical.MAX_IN_MATCH) and
# the search stays a few tens of ms whatever the store's size.
PROSE_REPORTS = 200
SUM_TERMS = 20  # a sum of more figures shows its first terms and the count; every term is in the table


def many_answer(answerer: Answerer, q: Question, reports: list[dict[str, Any]], route: str) -> Answer:
    """Rank, compare or trend over every report chosen.

    Every report's value comes from one query of plain tuples (`FigureLookup.light`);
    cells, checks and wording are built only for the rows the answer shows (the top ten,
    every side of a named comparison, every year of a few issuers' trend; a trend over
    many issuers is summed per year), and every row is in `Answer.table`. Where a cell is
    blank the text is used and marked, in one lexical search, when few enough reports are
    blank for that search to stay bounded (PROSE_REPORTS); otherwise the answer says so."""
    en, ask = q.english, q.metric
    assert ask is not None
    aggregated = many_by_sql(answerer, q, ask, reports, route)
    if aggregated is not None:  # thousands of reports: counted and ordered by SQLite
        return aggregated
    ratio = bool(q.ratio) and ratio_asks(q, ask) is not None  # a share of a total is the figure itself
    rows, blank, searched = _values(answerer, q, ask, reports, ratio)
    p = _pick(q, rows, route)
    from_text = [x for x in rows if x[2] is not None and x[1].value is None]
    full = full_values(answerer, [x[0] for x in p.shown + from_text], q, ask, ratio)
    label = many_label(answerer, q, ask, full, reports, en)
    text = _sentence(q, route, p, full, label, en)
    text += blank_not_searched(len(blank), en) if blank and not searched and not ratio else ""
    text = _rank_lead(q, route, p, full) + text
    formula, said = many_formula(q, route, p.with_value, p.without, p.every_side, ratio)
    text += said
    figures = [c for r in (x[0] for x in p.shown) for c in full[r["id"]].operands]
    text_figs = [quoted_json(r, found, full[r["id"]]) for r, lt, found, _ in rows if found and lt.value is None]
    warnings = _warnings(answerer, ask, p, figures, ratio, en)
    text += notes(warnings, en) if warnings else ""
    answer = Answer(q.text, "derived" if q.intent == "sum" else route, text, text_figs + figures, warnings=warnings)
    answer.formula = formula
    return _with_table(answerer, answer, p, _metric(answerer, q, ask, reports, ratio), label, route, en)


def _with_table(
    answerer: Answerer, answer: Answer, p: _Picked, metric: str, label: str, route: str, en: bool
) -> Answer:
    """The answer's table: every row when few (or asked for), else the rows shown and the count of all."""
    every = p.with_value + p.without
    whole = answerer.full_table or len(every) <= TABLE_INLINE  # else the rows shown; the rest on request
    answer.table = many_table(every if whole else p.shown, metric, label)
    if route == "trend":
        answer.table.sort(key=lambda t: t["year"] or 0)
    answer.table_rows = None if whole else len(every)
    if answer.route != "derived":  # the chart draws the rows the answer shows
        unlisted = 0 if whole else len(every) - len(answer.table)
        answer.chart = many_chart(route, answer.table, {x[0]["id"] for x in p.shown}, p.per_year, en, unlisted)
    return answer


@dataclass
class _Picked:
    """The rows of a rank, compare or trend answer, each (report, light value, number from its text, value used)."""

    with_value: list[tuple[Any, ...]]  # ordered: by year for a trend, else by value
    without: list[tuple[Any, ...]]  # by year, issuer
    per_year: bool  # a trend over many issuers: summed per year, no report listed
    every_side: bool  # every side shown, printed or not
    listed: list[tuple[Any, ...]]  # the rows with a value the sentence lists
    shown: list[tuple[Any, ...]]  # those and, for every side, the rows without one


def _values(
    answerer: Answerer, q: Question, ask: MetricAsk, reports: list[dict[str, Any]], ratio: bool
) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]], bool]:
    """Every report's row, the reports whose cell is blank, and whether their texts were searched."""
    light = ratio_light(answerer, q, ask, reports) if ratio else answerer.figs.light(ask, reports)
    blank = [r for r in reports if light[r["id"]].value is None]
    searched = len(blank) <= PROSE_REPORTS
    quoted = numbers_in_prose(answerer, q, blank, ask) if blank and searched and not ratio else {}
    rows = [
        (
            r,
            light[r["id"]],
            quoted.get(r["id"]),
            light[r["id"]].value
            if light[r["id"]].value is not None
            else (quoted[r["id"]].value if r["id"] in quoted else None),
        )
        for r in reports
    ]
    return rows, blank, searched


def _pick(q: Question, rows: list[tuple[Any, ...]], route: str) -> _Picked:
    """The rows ordered, and which of them the sentence shows."""
    with_value, without = ordered(q, rows, route)
    per_year = route == "trend" and not q.issuers and len(rows) > TOP
    # A trend lists every year; a comparison of named issuers shows every side, printed or not.
    every_side = (route == "trend" and not per_year) or (route == "compare" and bool(q.issuers) and len(rows) <= TOP)
    listed = [] if per_year else (with_value if route == "trend" else with_value[: q.top or TOP])  # 前三: three
    shown = listed + (without if every_side else [])
    return _Picked(with_value, without, per_year, every_side, listed, shown)


def _sentence(q: Question, route: str, p: _Picked, full: dict[str, derived.Derived], label: str, en: bool) -> str:
    """The rows shown (or each year's sum), how many more, and how many print no figure."""
    lines = per_year_lines(p.with_value, p.without, en) if p.per_year else [line_of(x, full, en) for x in p.shown]
    text = many_sentence("sum" if q.intent == "sum" and route == "compare" else route, label, lines, en)
    rest = 0 if p.per_year else len(p.with_value) - len(p.listed)
    text += more_reports(rest, en) if rest > 0 else ""
    if p.without and not p.every_side and not p.per_year:
        counts: dict[str, int] = {}
        for _, lt, _, _ in p.without:
            counts[lt.status] = counts.get(lt.status, 0) + 1
        text += not_printed(dict(sorted(counts.items(), key=lambda kv: status_rank(kv[0]))), en)  # as SQL counts them
    return text


def _rank_lead(q: Question, route: str, p: _Picked, full: dict[str, derived.Derived]) -> str:
    """A ranking opens with its first: who, and the value as its line shows it."""
    if route != "rank" or not p.with_value:
        return ""
    en, top = q.english, p.with_value[0]
    value = line_of(top, full, en).split(": " if en else "：", 1)[1]
    return rank_lead(q.ascending, top[0]["issuer"], top[0]["year"], value, en, rate=bool(q.ratio))


def _warnings(
    answerer: Answerer, ask: MetricAsk, p: _Picked, figures: list[dict[str, Any]], ratio: bool, en: bool
) -> list[str]:
    """Failed checks of the cells shown, and how many reports not shown fail theirs."""
    warnings = answerer.figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
    others = (
        answerer.figs.failed_elsewhere(
            ask, {x[0]["id"] for x in p.with_value if x[1].value is not None} - {x[0]["id"] for x in p.shown}
        )
        if not ratio
        else 0
    )
    warnings += [others_fail(others, en)] if others else []
    return warnings


def _metric(answerer: Answerer, q: Question, ask: MetricAsk, reports: list[dict[str, Any]], ratio: bool) -> str:
    """The table's metric key: the cells added, or a rate's numerator / denominator rows."""
    asks = ratio_asks(q, ask) if ratio else None  # None also when the rate has no known operands
    return (
        "+".join(a.row for a in asks[0]) + " / " + asks[1].row
        if asks
        else " + ".join(answerer.figs.keys_of_all(ask, reports))
    )


def ordered(
    q: Question, rows: list[tuple[Any, ...]], route: str
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows with a value (by year for a trend, else by value) and rows without one (by year, issuer)."""
    with_value = [x for x in rows if x[3] is not None]
    without = sorted((x for x in rows if x[3] is None), key=lambda x: (x[0]["year"] or 0, x[0]["issuer"] or ""))
    if route == "trend":
        with_value.sort(key=lambda x: (x[0]["year"] or 0, x[0]["issuer"] or ""))
    else:
        # A report whose issuer was not found (None) still ranks: ties put it first.
        with_value.sort(key=lambda x: (x[3] if q.ascending else -x[3], x[0]["issuer"] or "", x[0]["year"] or 0))
    return with_value, without


def line_of(x: tuple[Any, ...], full: dict[str, derived.Derived], en: bool) -> str:
    """One report's part of a rank, compare or trend sentence."""
    r, lt, found, value = x
    d = full[r["id"]]
    name = report_name(r, en)
    if found is not None and lt.value is None:
        return quoted_line(name, found.value, found.unit, found.clause, worst_status(d), en)
    if value is None:
        return status_line(name, worst_status(d), en)
    shown_value = (
        derived.shown_value(d, en) if not (len(d.operands) == 1 and not d.percent) else amount(d.operands[0], en)
    )
    if d.percent and d.formula:  # a rate: what it divides, not only its result
        shown_value = d.formula
    return value_line(name, shown_value, d.complete, en)


def quoted_json(report: dict[str, Any], found: FoundNumber, d: derived.Derived) -> dict[str, Any]:
    """A figure a blank report's text gives, cited to its passage (and named for the cell, when one)."""
    one = d.operands[0] if len(d.operands) == 1 else None
    return text_figure_json(found, report, one["metric"] if one else None, one["label"] if one else None)


def many_formula(
    q: Question,
    route: str,
    with_value: list[tuple[Any, ...]],
    without: list[tuple[Any, ...]],
    every_side: bool,
    ratio: bool,
) -> tuple[str | None, str]:
    """A comparison's difference of the first two, or a sum's terms: the formula and its sentence."""
    en = q.english
    if route == "trend" and not ratio and asks_growth_amount(q.text):  # 2023年到2024年增长了多少
        return _over_the_years(with_value, en)
    if route == "compare" and len(with_value) >= 2 and q.intent != "sum" and not q.each:  # 分别: no verdict
        return _gap(with_value, ratio, en)
    # Two sides, one printing the figure; with one report (the other has none of that year) the note says why.
    if (
        route == "compare"
        and every_side
        and len(with_value) < 2 <= len(with_value) + len(without)
        and q.intent != "sum"
    ):
        return None, one_side_only(en) if with_value else neither_side(en)
    if q.intent != "sum" or not with_value:
        return None, ""
    return _sum(with_value, without, en)


def _over_the_years(with_value: list[tuple[Any, ...]], en: bool) -> tuple[str | None, str]:
    """One issuer's trend asked how much it grew: the change from the first year printed to the
    last, as an amount and a rate, each with its formula (printed cells only)."""
    rows = [x for x in with_value if x[1].value is not None]
    if len(rows) < 2 or len({x[0]["issuer"] for x in rows}) > 1:
        return None, ""
    first, last = (derived.Derived(x[3], x[1].unit, "") for x in (rows[0], rows[-1]))
    d, g = derived.difference(last, first), derived.growth(last, first)
    years = (rows[0][0]["year"], rows[-1][0]["year"])
    amount = derived.shown_value(derived.Derived(abs(d.value or 0), d.unit, ""), en)
    rate = derived.percent(abs(g.value)) if g.value is not None else None
    return d.formula, change_over_years(years, d.value or 0, amount, d.formula, rate, g.formula, en)


def _gap(with_value: list[tuple[Any, ...]], ratio: bool, en: bool) -> tuple[str | None, str]:
    """The first two rows' difference, larger − smaller, a value from the text marked."""
    (ra, la, fa, va), vb = with_value[0], with_value[1][3]
    gap = va - vb
    unit = "%" if ratio else (la.unit or (fa.unit if fa else ""))
    mark = [("" if x[1].value is not None else from_text_mark(en)) for x in with_value[:2]]
    formula = (
        f"{va:.1f}% − {vb:.1f}% = {gap:.1f}"
        if ratio
        else f"{number(va)}{mark[0]} − {number(vb)}{mark[1]} = {number(gap)}"
    )
    said = larger_by(report_name(ra, en), gap_shown(gap, unit, ratio, en), formula, en) if gap else equal(en)
    return formula, said


def _sum(with_value: list[tuple[Any, ...]], without: list[tuple[Any, ...]], en: bool) -> tuple[str | None, str]:
    """The rows' sum, every term shown (up to SUM_TERMS in the sentence), and whether some are missing."""
    total = sum(x[3] for x in with_value)
    terms = [number(x[3]) + ("" if x[1].value is not None else from_text_mark(en)) for x in with_value]
    formula = " + ".join(terms) + f" = {number(total)}" if len(terms) > 1 else number(total)
    unit = next((x[1].unit for x in with_value if x[1].unit), "") or (with_value[0][2].unit if with_value[0][2] else "")
    said = sum_found(terms, total, unit, SUM_TERMS, en)
    if without or any(not x[1].complete for x in with_value if x[1].value is not None):
        said += sum_incomplete_reports(en)
    return formula, said


def full_values(
    answerer: Answerer, reports: list[dict[str, Any]], q: Question, ask: MetricAsk, ratio: bool
) -> dict[str, derived.Derived]:
    """The ask's figure, with its cells, in the few reports an answer shows."""
    if ratio:
        return {r["id"]: ratio_value(answerer, q, r) for r in reports}
    cells = answerer.figs.bulk(ask, reports)
    return {r["id"]: derived.total(cells.get(r["id"], [])) for r in reports}


def many_label(
    answerer: Answerer,
    q: Question,
    ask: MetricAsk,
    full: dict[str, derived.Derived],
    reports: list[dict[str, Any]],
    en: bool,
) -> str:
    """The figure's name in the sentence and the table."""
    if q.ratio in RATES:
        return rate_label(q.ratio, en)
    sample = next((d.operands[0] for d in full.values() if d.operands), None)
    if sample is None and reports:
        sample = answerer.figs.cells(ask, reports[0])[0]
    return answerer.figs.label(ask, sample, en) if sample else ask.row


def per_year_lines(with_value: list[tuple[Any, ...]], without: list[tuple[Any, ...]], en: bool) -> list[str]:
    """A trend over many issuers: each year's sum of the printed figures, and how many reports print it."""
    years: dict[int | None, list[tuple[Any, ...]]] = {}
    for x in with_value + without:
        years.setdefault(x[0]["year"], []).append(x)
    lines = []
    for year in sorted(years, key=lambda y: y or 0):
        xs = years[year]
        have = [x for x in xs if x[3] is not None]
        unit = next((x[1].unit for x in have if x[1].unit), None) or next((x[2].unit for x in have if x[2]), "")
        total = number(sum(x[3] for x in have)) if have else "—"
        quoted = sum(1 for x in have if x[1].value is None)  # values taken from the text, marked
        lines.append(per_year_line(year, total, unit, len(have), len(xs) - len(have), en, quoted))
    return lines


def ratio_light(answerer: Answerer, q: Question, ask: MetricAsk, reports: list[dict[str, Any]]) -> dict[str, Light]:
    """A rate or share in every report, from the lighter lookups of its numerator and denominator
    (the same value and formula as `derived.ratio`; thousands of reports, so kept lean)."""
    asks = ratio_asks(q, ask)
    assert asks is not None
    parts = [answerer.figs.light(a, reports) for a in asks[0]]
    whole = answerer.figs.light(asks[1], reports)
    out = {}
    order = {"unreadable": 0, "blank": 1, "absent": 2}
    for r in reports:
        rid = r["id"]
        ps, w = [p[rid] for p in parts], whole[rid]
        terms = ps[0].terms if len(ps) == 1 else tuple(t for p in ps for t in p.terms)
        if terms and w.value:  # neither missing nor 0
            value = 100.0 * sum(terms) / w.value
            formula = derived.ratio_formula(terms, w.terms, value)
            complete = w.complete and all(p.complete for p in ps)
            first = next((p.first_missing for p in ps if p.first_missing), w.first_missing)
            out[rid] = Light(value, "%", "reported", first, complete, (), ps[0].cite, formula)
            continue
        if terms and w.value == 0:  # printed, and the whole is 0: no rate, and not "not printed" either
            out[rid] = Light(None, "%", "zero", None, False, (), ps[0].cite, None)
            continue
        out[rid] = _no_rate(ps, w, order)
    return out


def _no_rate(ps: list[Light], w: Light, order: dict[str, int]) -> Light:
    """A report's rate not computed: the worst status of the sides not printed (its first missing cell's)."""
    missing = [p.first_missing for p in ps if p.first_missing] + ([w.first_missing] if w.first_missing else [])
    statuses = [p.status for p in ps if p.status != "reported"] + ([w.status] if w.status != "reported" else [])
    worst = min(statuses, key=lambda st: order.get(st, 2)) if statuses else "absent"
    return Light(None, "%", worst, missing[0] if missing else None, False, (), ps[0].cite, None)


def many_table(rows: list[tuple[Any, ...]], metric: str, label: str) -> list[dict[str, Any]]:
    """The table of a rank, compare or trend answer: one row per report (thousands, so kept lean)."""
    out = []
    for report, lt, found, _ in rows:
        quote = None
        if found is not None and lt.value is None:
            value, unit, formula, quote = as_number(found.value), found.unit, None, found.quote
            status, cite = lt.first_missing or "absent", found.passage.chunk.cite
        else:
            value, unit, cite, status = lt.value, lt.unit, lt.cite, lt.status
            if value is None:
                formula = None
            elif lt.formula is None and len(lt.terms) == 1 and isinstance(value, float) and value.is_integer():
                value = int(value)
                formula = str(value)
            else:
                value = as_number(value)
                formula = lt.shown_formula()
        out.append(
            {
                "issuer": report["issuer"],
                "region": report["region"],
                "year": report["year"],
                "metric": metric,
                "label": label,
                "value": value,
                "unit": unit,
                "status": status,
                "from_text": found is not None and lt.value is None,
                "complete": lt.complete,
                "formula": formula,
                "source_file": report["source_file"],
                "report_id": report["id"],
                "cite": cite,
            }
        )
        if quote:  # a value from the text carries its sentence (DESIGN.md)
            out[-1]["quote"] = quote
    return out
