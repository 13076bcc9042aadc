"""One metric's cells over many reports, aggregated by SQLite: the first N by value, how many
reports print it (and, for those that do not, in which status), and each year's sum.

What a ranking or a trend over every report on file needs, without a row per report in
Python: `top` walks the metric's covering index (`figure_cells_metric`: metric, value,
status…) from its end, so the first ten of 100,000 reports are read as ten index entries;
the counts and sums read the same index once. Reports are chosen by their keys (the
`report_key` of `Store.reports()` rows) in a temporary table of this connection, or all.

A metric's counts by status, its sum and each year's sum are kept at ingest in `metric_tally`
(per metric, year and status; migration m014): when the reports chosen are every report of
some years but a few, those are read from a few tally rows less the few reports left out
(`Choice`), however many reports are on file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from .compact import COLUMN_SQL
from .db import Db

STATUS_SQL = COLUMN_SQL["status"]
# A cell with a printed value: its status is NULL (implied 'reported') or said so.
PRINTED = "c.value IS NOT NULL AND (c.status IS NULL OR c.status = 'reported')"


def metric_ids(db: Db, metrics: list[str]) -> list[int] | None:
    """The stored keys of these metrics, in their order; None when one is not stored at all."""
    found = dict(db.execute(f"SELECT key, id FROM metric_keys WHERE key IN ({', '.join('?' * len(metrics))})", metrics))
    return [found[m] for m in metrics] if all(m in found for m in metrics) else None


@dataclass
class Choice:
    """Which reports an aggregate is over: `where` restricts `c.report_key` in SQL; with `minus`
    not None, they are every report of `years` (None: of every year) but those in `minus`
    (their key → year), and one cell's counts and sums come from `metric_tally`."""

    where: str = ""
    years: list[int | None] | None = None
    minus: dict[int, int | None] | None = field(default_factory=dict)

    def tallied(self) -> bool:
        return self.minus is not None


def choice(db: Db, chosen: list[dict[str, Any]], every: list[dict[str, Any]]) -> Choice:
    """The Choice of these reports among every report on file (rows of `Store.reports`): every
    report of their years but a few when fewer are left out than chosen (哪个县: all but the
    departments; 2019年: the year's), else the chosen themselves (in a temporary table, as
    `choose`). Sets and counts made in C (map, itemgetter): 100,000 rows in a few ms."""
    if len(chosen) == len(every):
        return Choice()
    key, year = itemgetter("report_key"), itemgetter("year")
    years = set(map(year, chosen))
    on_file = dict(db.execute("SELECT year, count(*) FROM reports GROUP BY year").fetchall())  # (its index: 6 rows)
    ordered = sorted(years, key=lambda y: y or 0)
    where = ""
    if len(years) < len(on_file):
        where = f" AND {_YEAR_OF} IN ({', '.join(str(y or 0) for y in ordered)})"
    if sum(on_file.get(y, 0) for y in years) == len(chosen):  # every report of those years
        return Choice(where, ordered, {})
    pool = every if len(years) == len(on_file) else [r for r in every if r["year"] in years]
    minus = set(map(key, pool)) - set(map(key, chosen))
    if len(minus) > len(chosen):
        return Choice(choose(db, list(map(key, chosen))), None, None)
    where += choose(db, list(minus), negate=True)
    left_out = db.execute(
        "SELECT t.key, r.year FROM temp.chosen t CROSS JOIN report_keys k ON k.key = t.key "
        "CROSS JOIN reports r ON r.id = k.report_id"
    )
    return Choice(where, ordered, dict(left_out.fetchall()))


MEMO_LEFT_OUT = 2_000  # reports left out of a choice kept between questions (a few KB)


def choice_of(
    db: Db, where: str, params: list[Any], years: Counter[int | None], memo: dict[Any, Any] | None = None
) -> Choice:
    """As `choice`, of the reports `where` chooses (SQL over `reports r`; `years`: how many of
    each year), never read into Python: the keys left out, or the chosen, are written to the
    temporary table by SQLite (哪个县 at 100,000 reports: every county report but a few). The
    reports on file of each year, and those left out when few (MEMO_LEFT_OUT), are kept in
    `memo` (the catalog's: until a report changes)."""
    n = sum(years.values())
    memo = memo if memo is not None else {}
    if "on file" not in memo:  # (its index: 100,000 entries, 6 ms)
        memo["on file"] = dict(db.execute("SELECT year, count(*) FROM reports GROUP BY year").fetchall())
    on_file: dict[int | None, int] = memo["on file"]
    if n == sum(on_file.values()):
        return Choice()
    ordered = sorted(years, key=lambda y: y or 0)
    if len(years) < len(on_file):
        of_years = f" AND {_YEAR_OF} IN ({', '.join(str(y or 0) for y in ordered)})"
    else:
        of_years = ""
    pool = sum(on_file.get(y, 0) for y in years)
    if pool == n:  # every report of those years
        return Choice(of_years, ordered, {})
    keys = "SELECT k.key FROM reports r JOIN report_keys k ON k.report_id = r.id WHERE "
    if pool - n > n:
        return Choice(_choose_sql(db, keys + where, params), None, None)
    known = [y for y in years if y is not None]
    in_years = f"r.year IN ({', '.join('?' * len(known))})" if known else "0"
    in_years = f"({in_years} OR r.year IS NULL)" if None in years else in_years
    kept = memo.get(("left out", where, *params, *ordered))
    if kept is not None:
        return Choice(of_years + choose(db, list(kept), negate=True), ordered, dict(kept))
    of_years += _choose_sql(db, f"{keys}{in_years} AND COALESCE(({where}), 0) = 0", [*known, *params], negate=True)
    left_out = db.execute(
        "SELECT t.key, r.year FROM temp.chosen t CROSS JOIN report_keys k ON k.key = t.key "
        "CROSS JOIN reports r ON r.id = k.report_id"
    )
    minus = dict(left_out.fetchall())
    if len(minus) <= MEMO_LEFT_OUT:
        memo[("left out", where, *params, *ordered)] = minus
    return Choice(of_years, ordered, minus)


def _choose_sql(db: Db, sql: str, params: list[Any], negate: bool = False) -> str:
    """As `choose`, of the keys `sql` selects (written by SQLite, not read into Python)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (key INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.chosen")
    db.execute(f"INSERT OR IGNORE INTO temp.chosen (key) {sql}", params)
    db.conn.commit()  # end the implicit transaction, so later reads see other connections' commits
    return f" AND c.report_key {'NOT IN' if negate else 'IN'} (SELECT key FROM temp.chosen)"


# A cell's report's year (0 for none), as `metric_tally` keeps it: read per index entry walked.
_YEAR_OF = (
    "COALESCE((SELECT r.year FROM report_keys k JOIN reports r ON r.id = k.report_id WHERE k.key = c.report_key), 0)"
)


_YEARS_TEST = re.compile(re.escape(_YEAR_OF) + r" IN \(([^)]*)\)")


def scanning(where: str) -> str:
    """A choice's SQL for a scan of many of a metric's index entries (a count over a range of values,
    every blank cell): its years tested against the set of those years' report keys, built once,
    instead of two lookups an entry (at 100,000 reports, 25 ms where it was 130–150). The same rows;
    `top`, which walks a few entries, keeps the lookups."""
    return _YEARS_TEST.sub(
        lambda m: (
            "c.report_key IN (SELECT k.key FROM reports r JOIN report_keys k ON k.report_id = r.id "
            f"WHERE COALESCE(r.year, 0) IN ({m.group(1)}))"
        ),
        where,
    )


def choose(db: Db, report_keys: list[int] | None, every: list[int] | None = None, negate: bool = False) -> str:
    """SQL restricting `c.report_key` to these reports (None: every report), kept in a
    temporary table of this connection (its own file: nothing is written to the store). Given
    `every` report's key, the fewer of the chosen and the others are written (哪个县: all but a
    few; 2019年: a sixth)."""
    if report_keys is None:
        return ""
    keys, test = report_keys, "NOT IN" if negate else "IN"
    if every and len(report_keys) > len(every) // 2:
        chosen = set(report_keys)
        keys, test = [k for k in every if k not in chosen], "NOT IN"
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (key INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.chosen")
    db.conn.executemany("INSERT OR IGNORE INTO temp.chosen (key) VALUES (?)", ((k,) for k in keys))
    db.conn.commit()  # end the implicit transaction, so later reads see other connections' commits
    return f" AND c.report_key {test} (SELECT key FROM temp.chosen)"


def tally_parts(c: str) -> tuple[str, str, str]:
    """SQL of cell `c`'s class in `metric_tally` ('reported' when it prints a value, else its
    status: as `statuses` counts it), whether it is printed, and whether printed and failing a
    check (a `failed_cells` row). Used by migration m014's triggers too."""
    printed = f"({c}.value IS NOT NULL AND ({c}.status IS NULL OR {c}.status = 'reported'))"
    status = STATUS_SQL.replace("c.", f"{c}.")
    failed = (
        f"({printed} AND EXISTS (SELECT 1 FROM failed_cells f WHERE f.metric_id = {c}.metric_id "
        f"AND f.report_key = {c}.report_key))"
    )
    return f"CASE WHEN {printed} THEN 'reported' ELSE {status} END", printed, failed


# A sum of several cells a report (行政诉讼: direct + after review) kept as one row a report in
# `group_cells` (m014), as `sum_cells` makes it: the sum of the printed cells (NULL: none printed),
# its status (NULL: every cell printed; 'incomplete': some; else the worst of the others:
# 'unreadable', 'blank', 'absent'), and whether it is printed and fails a check on one of the
# cells. Its tally is `metric_tally`'s under metric_id = -group_id.
def group_row(report_key: str, groups: str) -> str:
    """SELECT of the `group_cells` rows of one report (SQL `report_key`; "c.report_key": of
    every report) for the groups `groups` (SQL)."""
    _, printed, _ = tally_parts("c")
    on = "" if report_key == "c.report_key" else f"c.report_key = {report_key} AND "
    worst = f"min(CASE {STATUS_SQL} WHEN 'unreadable' THEN 0 WHEN 'blank' THEN 1 ELSE 2 END)"
    return (
        f"SELECT g.group_id, {report_key}, CASE WHEN sum({printed}) > 0 THEN total(CASE WHEN {printed} THEN c.value END) "
        f"END, CASE WHEN sum({printed}) = (SELECT count(*) FROM sum_groups n WHERE n.group_id = g.group_id) THEN NULL "
        f"WHEN sum({printed}) > 0 THEN 'incomplete' WHEN {worst} = 0 THEN 'unreadable' WHEN {worst} = 1 THEN 'blank' "
        f"ELSE 'absent' END, sum({printed}) > 0 AND EXISTS (SELECT 1 FROM sum_groups n CROSS JOIN failed_cells f "
        f"ON f.metric_id = n.metric_id AND f.report_key = {report_key} WHERE n.group_id = g.group_id) "
        f"FROM sum_groups g CROSS JOIN figure_cells c ON {on}c.metric_id = g.metric_id "
        f"WHERE g.group_id IN ({groups}) GROUP BY g.group_id, c.report_key"
    )


def group_parts(c: str) -> tuple[str, str, str]:
    """As `tally_parts`, of a `group_cells` row: 'reported', 'incomplete' (printed, a cell blank) or its status."""
    return (
        f"CASE WHEN {c}.value IS NULL THEN {c}.status ELSE COALESCE({c}.status, 'reported') END",
        f"({c}.value IS NOT NULL)",
        f"{c}.failed",
    )


def sum_group(db: Db, metrics: list[int]) -> int | None:
    """The group_id of this sum of cells; None when not kept yet."""
    row = db.execute("SELECT id FROM sum_group_names WHERE metrics = ?", [",".join(map(str, metrics))]).fetchone()
    return int(row[0]) if row else None


def add_sum_group(db: Db, metrics: list[int]) -> int:
    """Keep this sum of cells from now on (in the caller's write transaction): its rows for
    every report, then the triggers on `figure_cells` and `failed_cells` keep them."""
    key = ",".join(map(str, metrics))
    db.execute("INSERT OR IGNORE INTO sum_group_names (metrics) VALUES (?)", [key])
    group = int(db.execute("SELECT id FROM sum_group_names WHERE metrics = ?", [key]).fetchone()[0])
    db.conn.executemany("INSERT OR IGNORE INTO sum_groups VALUES (?, ?)", [(group, m) for m in metrics])
    db.execute(f"INSERT OR IGNORE INTO group_cells {group_row('c.report_key', str(group))}")
    return group


@dataclass
class Tallied:
    """One metric's cells over the chosen reports: how many in each status ('reported': printed),
    each year's sum of the printed values and how many print one, their sum, how many fail a check."""

    statuses: Counter[str]
    years: dict[int | None, tuple[float, int]]
    total: float
    failed: int
    group: int | None = None  # a sum of cells: its `group_cells` group
    incomplete: int = 0  # a sum of cells: how many print some of its cells, not all


def tally(db: Db, metric: int, chosen: Choice, group: int | None = None) -> Tallied:
    """A metric's (or a sum group's) Tallied over a Choice with `minus`: the tally rows of its
    years, less the cells of the reports left out (read by their keys: a few)."""
    years = "" if chosen.years is None else f" AND year IN ({', '.join(str(y or 0) for y in chosen.years)})"
    rows = [
        (y or None, st, n, np, t, f)
        for y, st, n, np, t, f in db.execute(
            f"SELECT year, status, n, np, total, failed FROM metric_tally WHERE metric_id = ?{years}",
            [-group if group else metric],
        )
    ]
    if chosen.minus:
        st, printed, failed = group_parts("c") if group else tally_parts("c")
        cells = (
            "group_cells c ON c.report_key = t.key AND c.group_id"
            if group
            else "figure_cells c ON c.report_key = t.key AND c.metric_id"
        )
        left_out = db.execute(
            f"SELECT c.report_key, {st}, {printed}, CASE WHEN {printed} THEN c.value ELSE 0 END, {failed} "
            f"FROM temp.chosen t CROSS JOIN {cells} = ?",
            [group or metric],
        )
        rows += [(chosen.minus[k], st, -1, -p, -v, -f) for k, st, p, v, f in left_out]
    statuses: Counter[str] = Counter()
    per_year: dict[int | None, tuple[float, int]] = {}
    for y, st, n, np, t, _ in rows:
        statuses[st] += n
        s0, n0 = per_year.get(y, (0.0, 0))
        per_year[y] = (s0 + t, n0 + np)
    incomplete = statuses.pop("incomplete", 0)
    statuses["reported"] += incomplete  # (printed, some of the cells blank)
    return Tallied(
        +statuses,  # (statuses no cell has any more: not counted, as GROUP BY would not)
        per_year,
        sum(t for *_, t, _ in rows),
        sum(f for *_, f in rows),
        group,
        incomplete,
    )


def _in(metrics: list[int]) -> str:
    return f"c.metric_id IN ({', '.join('?' * len(metrics))})"


SUMS = "temp.sums"  # per chosen report, a sum of cells' printed values: made by `sum_cells`


def sum_cells(db: Db, metrics: list[int], where: str) -> None:
    """A figure that is the sum of several cells (行政诉讼: direct + after review), per chosen
    report with any of them, into a temporary table read by `top`, `statuses` and
    `printed_values`: the sum of the printed ones (s), how many are printed (np), and the worst
    status of the others (w: 0 unreadable, 1 blank, 2 absent) — what `bot.figures.Light` says of
    a sum of cells. One pass over the cells instead of one for each of those."""
    db.execute(f"DROP TABLE IF EXISTS {SUMS}")
    db.execute(
        f"CREATE TEMP TABLE sums AS SELECT c.report_key AS k, total(CASE WHEN {PRINTED} THEN c.value END) AS s, "
        f"sum({PRINTED}) AS np, min(CASE {STATUS_SQL} WHEN 'unreadable' THEN 0 WHEN 'blank' THEN 1 ELSE 2 END) AS w "
        f"FROM figure_cells c WHERE {_in(metrics)}{where} GROUP BY c.report_key",
        metrics,
    )


COMPARISONS = (">", ">=", "<", "<=", "=")  # a threshold's (bot/plan/threshold.py), written into SQL as is


def _printed_values(metrics: list[int], where: str, group: int | None) -> tuple[str, str, str, list[Any]]:
    """The key and value columns of the chosen reports' printed values, and the FROM … WHERE they
    are read with: one cell's (its index), a kept sum group's (its own), or `sum_cells`'s table."""
    if group is not None:  # a kept sum of cells: its own index, as one cell's
        return (
            "c.report_key",
            "c.value",
            f"FROM group_cells c WHERE c.group_id = ? AND c.value IS NOT NULL{where}",
            [group],
        )
    if len(metrics) > 1:
        return "t.k", "t.s", f"FROM {SUMS} t WHERE t.np > 0", []
    return "c.report_key", "c.value", f"FROM figure_cells c WHERE c.metric_id = ? AND {PRINTED}{where}", list(metrics)


def _meeting(value: str, condition: tuple[str, float] | None) -> tuple[str, list[Any]]:
    """SQL keeping the values that meet a threshold's condition (op, number); none: every value."""
    if condition is None:
        return "", []
    op, number = condition
    if op not in COMPARISONS:
        raise ValueError(f"not a comparison: {op!r}")
    return f" AND {value} {op} ?", [number]


def top(
    db: Db,
    metrics: list[int],
    where: str,
    n: int,
    ascending: bool,
    group: int | None = None,
    condition: tuple[str, float] | None = None,
) -> list[tuple[int, float]]:
    """(report key, value) of the first n printed values, in a ranking's order: by value, then
    issuer and year (as `bot.plan.many.ordered`); with `condition` (op, number), of the values
    meeting it. A value is one cell's (read from the metric's index), or the sum of several (from
    `sum_cells`'s table). Only the rows up to the n-th value are joined to their reports, for the
    order of ties (thousands of reports print 0)."""
    order = "ASC" if ascending else "DESC"
    keys, value, base, params = _printed_values(metrics, where, group)
    meets, more = _meeting(value, condition)
    base, params = base + meets, params + more
    edge = db.execute(f"SELECT {value} {base} ORDER BY {value} {order} LIMIT 1 OFFSET ?", [*params, n - 1]).fetchone()
    within = f" AND {value} {'<=' if ascending else '>='} ?" if edge else ""
    sql = (
        f"SELECT t2.k, t2.v FROM (SELECT {keys} AS k, {value} AS v {base}{within}) AS t2 "
        "JOIN report_keys rk ON rk.key = t2.k JOIN reports r ON r.id = rk.report_id "
        f"ORDER BY t2.v {order}, COALESCE(r.issuer, ''), COALESCE(r.year, 0) LIMIT ?"
    )
    return [(k, v) for k, v in db.execute(sql, [*params, *([edge[0]] if edge else []), n])]


def count_meeting(
    db: Db, metrics: list[int], where: str, condition: tuple[str, float], group: int | None = None
) -> int:
    """How many chosen reports print a value meeting the condition (op, number): its index's range."""
    _, value, base, params = _printed_values(metrics, scanning(where), group)
    meets, more = _meeting(value, condition)
    return int(db.execute(f"SELECT count(*) {base}{meets}", [*params, *more]).fetchone()[0])


def first_unprinted(
    db: Db, metrics: list[int], where: str, n: int, years: list[int | None], group: int | None = None
) -> list[tuple[int, str]]:
    """(report key, status) of the first n chosen reports whose figure is there but not printed —
    blank or unreadable — as `bot.plan.many.ordered` orders them (year, then issuer); `years`: the
    chosen reports' years. Reports with none of its cells (absent) are counted by `statuses`, not
    named. Each year's reports are walked in issuer order (`reports_order`; the unary + keeps SQLite
    off the year's index, whose rows it would then sort) until n are found: thousands of blank cells
    are never all read and sorted (at 100,000 reports 0.3 ms, where it was 60–130)."""
    if group is None and len(metrics) > 1:  # `sum_cells`'s table: one row a chosen report
        return _first_unprinted_sums(db, n)
    st = "c.status" if group is not None else STATUS_SQL
    printed = "c.value IS NOT NULL" if group is not None else PRINTED
    cells = "group_cells c ON c.group_id = ?" if group is not None else "figure_cells c ON c.metric_id = ?"
    # Each year asked in turn. The choice's IN is a filter here (unary +): as a constraint SQLite
    # moved it through c.report_key = k.key onto report_keys' rowid and probed every chosen key
    # for every report walked (各单位平均行政复议 at 100,000 reports: 57 s; 1 ms so).
    where = _YEARS_TEST.sub("1", where).replace(" AND c.report_key IN (", " AND +c.report_key IN (")
    out: list[tuple[int, str]] = []
    for year in sorted(years, key=lambda y: y or 0):
        sql = (
            f"SELECT k.key, {st} FROM reports r CROSS JOIN report_keys k ON k.report_id = r.id "
            f"CROSS JOIN {cells} AND c.report_key = k.key WHERE {'+r.year IS NULL' if year is None else '+r.year = ?'} "
            f"AND NOT ({printed}) AND {st} IN ('blank', 'unreadable'){where} ORDER BY r.issuer LIMIT ?"
        )
        params = [group if group is not None else metrics[0], *([] if year is None else [year]), n - len(out)]
        out += [(k, s) for k, s in db.execute(sql, params)]
        if len(out) >= n:
            break
    return out


def _first_unprinted_sums(db: Db, n: int) -> list[tuple[int, str]]:
    """`first_unprinted` of a sum of cells not kept as a group: from `sum_cells`'s table."""
    st = "CASE t.w WHEN 0 THEN 'unreadable' WHEN 1 THEN 'blank' ELSE 'absent' END"
    sql = (
        f"SELECT t.k, {st} AS st FROM {SUMS} t JOIN report_keys rk ON rk.key = t.k "
        "JOIN reports r ON r.id = rk.report_id WHERE t.np = 0 AND t.w IN (0, 1) "
        "ORDER BY COALESCE(r.year, 0), COALESCE(r.issuer, '') LIMIT ?"
    )
    return [(k, st) for k, st in db.execute(sql, [n])]


def statuses(db: Db, metrics: list[int], where: str) -> dict[str, int]:
    """How many chosen reports print the figure ('reported'), and of the others in which status;
    'incomplete': of those that print it, how many leave one of its cells blank. Reports with
    none of the cells are not counted (they are 'absent'). Several cells: after `sum_cells`."""
    if len(metrics) == 1:  # one cell a report: its status, from the index alone
        sql = (
            f"SELECT CASE WHEN {PRINTED} THEN 'reported' ELSE {STATUS_SQL} END AS st, count(*), 0 "
            f"FROM figure_cells c WHERE c.metric_id = ?{where} GROUP BY st"
        )
        rows = db.execute(sql, metrics).fetchall()
    else:
        # A report missing one of the cells altogether counts as incomplete too (np < the cells).
        sql = (
            "SELECT CASE WHEN np > 0 THEN 'reported' WHEN w = 0 THEN 'unreadable' WHEN w = 1 THEN 'blank' "
            f"ELSE 'absent' END AS st, count(*), sum(np > 0 AND np < ?) FROM {SUMS} GROUP BY st"
        )
        rows = db.execute(sql, [len(metrics)]).fetchall()
    out = {st: n for st, n, _ in rows}
    out["incomplete"] = sum(part or 0 for _, _, part in rows)
    return out


def printed_values(db: Db, metrics: list[int], where: str) -> list[tuple[int, float]]:
    """(report key, value) of every chosen report printing the figure (plain tuples: what a
    per-year sum adds up). Several cells: after `sum_cells`."""
    if len(metrics) > 1:
        return db.execute(f"SELECT k, s FROM {SUMS} WHERE np > 0").fetchall()
    sql = f"SELECT c.report_key, c.value FROM figure_cells c WHERE c.metric_id = ? AND {PRINTED}{where}"
    return db.execute(sql, metrics).fetchall()


def total(db: Db, metrics: list[int], where: str) -> float:
    """The sum of the printed values."""
    sql = f"SELECT total(c.value) FROM figure_cells c WHERE {_in(metrics)} AND {PRINTED}{where}"
    return float(db.execute(sql, metrics).fetchone()[0])


def unit(db: Db, metrics: list[int]) -> str | None:
    """The unit of the first printed value found (its own, else its metric's)."""
    row = db.execute(
        f"SELECT {COLUMN_SQL['unit']} FROM figure_cells c JOIN metric_keys m ON m.id = c.metric_id "
        f"WHERE {_in(metrics)} AND {PRINTED} AND {COLUMN_SQL['unit']} IS NOT NULL LIMIT 1",
        metrics,
    ).fetchone()
    return row[0] if row else None


def failing_printed(db: Db, metrics: list[int], where: str, besides: list[int], tallied: Tallied | None = None) -> int:
    """How many chosen reports that print the figure fail a template check involving one of its
    cells (`failed_cells`), not counting the reports `besides` (keys of those an answer shows,
    whose checks it words). Given the Tallied of the chosen, its count less those of `besides`."""
    if tallied is not None:
        return tallied.failed - (_failing_among(db, metrics[0], besides, tallied.group) if besides else 0)
    skip = f" AND f.report_key NOT IN ({', '.join('?' * len(besides))})" if besides else ""
    sql = (
        f"SELECT count(DISTINCT f.report_key) FROM failed_cells f CROSS JOIN figure_cells c "
        f"ON c.report_key = f.report_key AND {_in(metrics)} "
        f"WHERE f.metric_id IN ({', '.join('?' * len(metrics))}){skip} AND {PRINTED}{where}"
    )
    return int(db.execute(sql, [*metrics, *metrics, *besides]).fetchone()[0])


def _failing_among(db: Db, metric: int, keys: list[int], group: int | None) -> int:
    """How many of these reports print the metric (the sum group) and fail a check on it."""
    if group is not None:
        sql = (
            f"SELECT total(failed) FROM group_cells WHERE group_id = ? AND report_key IN ({', '.join('?' * len(keys))})"
        )
        return int(db.execute(sql, [group, *keys]).fetchone()[0])
    sql = (
        f"SELECT count(*) FROM failed_cells f CROSS JOIN figure_cells c ON c.report_key = f.report_key "
        f"AND c.metric_id = f.metric_id WHERE f.metric_id = ? AND f.report_key IN ({', '.join('?' * len(keys))}) "
        f"AND {PRINTED}"
    )
    return int(db.execute(sql, [metric, *keys]).fetchone()[0])
