"""Figures derived from several cells, ranked by SQLite over thousands of reports: each issuer's
change of a figure between two of its reports (增长最快, 增加最多), and each report's rate (a part
over a whole: 复议纠错率), without a row per report in Python.

The reports are chosen by SQL over `reports r` (a `bot.report_set.ReportSet`'s `counted`
condition); a figure is one cell a report or the sum of several (its metric ids), printed only when
every one of them is printed. What comes back is the first rows in a ranking's order and how many
reports (or issuers) fall in each class, so the caller reads only the rows it shows.
"""

from __future__ import annotations

from typing import Any

from .aggregates import PRINTED, STATUS_SQL
from .db import Db

# The classes of an issuer in a ranking by change: ranked; 'one_year' (one report, or not both
# years named); 'blank' (the figure not printed in one of the two); 'zero' (a relative change
# from a printed 0: none).
CHANGE_CLASSES = ("ranked", "one_year", "blank", "zero")


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


def _pairs(where: str, years: tuple[int, int] | None) -> tuple[str, list[Any]]:
    """The CTE `pairs`: each chosen issuer (of a report with issuer and year known) with its later
    report's key and year and its earlier one's (NULL where it has none): of the two years named,
    else its two latest. Grouped in one pass (a join of the chosen with themselves has no index)."""
    chosen = (
        "SELECT k.key AS key, r.issuer AS issuer, r.year AS year FROM reports r "
        f"JOIN report_keys k ON k.report_id = r.id WHERE ({where}) AND r.issuer IS NOT NULL AND r.year IS NOT NULL"
    )
    if years is not None:
        sql = (
            "pairs AS (SELECT issuer, max(CASE WHEN year = ? THEN key END) AS nk, ? AS ny, "
            f"max(CASE WHEN year = ? THEN key END) AS ok, ? AS oy FROM ({chosen} AND r.year IN (?, ?)) GROUP BY issuer)"
        )
        return sql, [years[1], years[1], years[0], years[0]]
    sql = (
        "pairs AS (SELECT issuer, max(CASE WHEN n = 1 THEN key END) AS nk, max(CASE WHEN n = 1 THEN year END) AS ny, "
        "max(CASE WHEN n = 2 THEN key END) AS ok, max(CASE WHEN n = 2 THEN year END) AS oy FROM (SELECT key, issuer, "
        f"year, row_number() OVER (PARTITION BY issuer ORDER BY year DESC) AS n FROM ({chosen})) WHERE n <= 2 "
        "GROUP BY issuer)"
    )
    return sql, []


def _sides(metrics: list[int]) -> tuple[str, list[int]]:
    """Each pair with both reports' figure (nv, ov: the printed cells added) and how many of its cells
    each prints (nn, on_): one cell, joined by the primary key (report_key, metric_id); several, summed."""
    if len(metrics) == 1:
        n, o = PRINTED.replace("c.", "n."), PRINTED.replace("c.", "o.")
        return (
            f"SELECT p.*, CASE WHEN {n} THEN n.value END AS nv, {n} AS nn, CASE WHEN {o} THEN o.value END AS ov, "
            f"{o} AS on_ FROM pairs p LEFT JOIN figure_cells n ON n.report_key = p.nk AND n.metric_id = ? "
            "LEFT JOIN figure_cells o ON o.report_key = p.ok AND o.metric_id = ?",
            [metrics[0], metrics[0]],
        )
    cells = f"c.metric_id IN ({_marks(metrics)})"

    def side(key: str, what: str) -> str:  # one report's cells, by the primary key (report_key, metric_id)
        return f"(SELECT {what} FROM figure_cells c WHERE c.report_key = p.{key} AND {cells})"

    value, printed = f"total(CASE WHEN {PRINTED} THEN c.value END)", f"sum({PRINTED})"
    return (
        f"SELECT p.*, {side('nk', value)} AS nv, {side('nk', printed)} AS nn, {side('ok', value)} AS ov, "
        f"{side('ok', printed)} AS on_ FROM pairs p",
        [*metrics, *metrics, *metrics, *metrics],
    )


def ranked_changes(
    db: Db,
    where: str,
    params: list[Any],
    metrics: list[int],
    years: tuple[int, int] | None,
    relative: bool,
    ascending: bool,
    first: tuple[int, int],
) -> tuple[list[tuple[Any, ...]], dict[str, int]]:
    """Each chosen issuer's change of the figure (the sum of `metrics`' cells) between the two
    `years` (earlier, later), else between its two latest reports: absolute (later − earlier) or
    `relative` ((later − earlier) × 100 / earlier). Returns the first `first[0]` ranked rows (by
    change, then issuer, as `bot.plan.change` orders them) and the first `first[1]` of class 'zero'
    (by issuer), each (class, issuer, later key, later year, later value, earlier key, earlier year,
    earlier value, change), and how many issuers are in each class (CHANGE_CLASSES)."""
    pairs, pair_params = _pairs(where, years)
    change = "(nv - ov) * 100.0 / ov" if relative else "nv - ov"
    zero = "WHEN ov = 0 THEN 'zero' " if relative else ""
    sides, side_params = _sides(metrics)
    sql = (
        f"WITH {pairs}, sides AS ({sides}), "
        "classed AS (SELECT CASE WHEN nk IS NULL OR ok IS NULL THEN 'one_year' "
        f"WHEN nn IS NOT ? OR on_ IS NOT ? THEN 'blank' {zero}ELSE 'ranked' END AS cls, issuer, "
        f"nk, ny, nv, ok, oy, ov, {change} AS chg FROM sides) "
        "SELECT cls, issuer, nk, ny, nv, ok, oy, ov, chg, n_cls FROM (SELECT *, count(*) OVER (PARTITION BY cls) "
        f"AS n_cls, row_number() OVER (PARTITION BY cls ORDER BY chg {'ASC' if ascending else 'DESC'}, issuer) "
        "AS rn FROM classed) WHERE rn <= CASE cls WHEN 'ranked' THEN ? WHEN 'zero' THEN ? ELSE 1 END ORDER BY rn"
    )
    args = [*pair_params, *params, *([years[0], years[1]] if years else [])]
    args += [*side_params, len(metrics), len(metrics), *first]
    rows = db.execute(sql, args).fetchall()
    counts = {cls: 0 for cls in CHANGE_CLASSES}
    counts.update({row[0]: row[9] for row in rows})
    return [row[:9] for row in rows if row[0] in ("ranked", "zero")], counts


RATES = "temp.rates"  # per chosen report with any of a rate's cells: its class and rate (`ranked_rates`)


def ranked_rates(
    db: Db, where: str, params: list[Any], parts: list[int], whole: list[int], ascending: bool, n: int
) -> tuple[list[tuple[int, float]], dict[str, int]]:
    """Each chosen report's rate: the printed cells of `parts` added, × 100, over the printed cells
    of `whole` added (as `bot.plan.many.ratio_light`: a rate when some part and some of the whole
    are printed and the whole is not 0), the reports chosen by `where` (SQL restricting
    `c.report_key`, as `aggregates.Choice.where`; its `params`). Read from the metrics' covering index into a
    temporary table. Returns the first `n` (report key, rate) by rate, then issuer and year (as
    `bot.plan.many.ordered`: only the rows tied with the n-th are joined to their reports), and how
    many chosen reports with any of the cells are 'reported' (a rate), 'zero' (a whole printed as
    0), or else in the worst status of the cells not printed ('unreadable', 'blank', 'absent'; a
    report with none of the cells is not counted)."""
    printed = f"CASE WHEN {PRINTED} THEN c.value END"
    worst = (
        f"min(CASE WHEN {PRINTED} THEN NULL WHEN {STATUS_SQL} = 'unreadable' THEN 0 "
        f"WHEN {STATUS_SQL} = 'blank' THEN 1 ELSE 2 END)"
    )
    sides = (
        f"SELECT c.report_key AS k, total(CASE WHEN c.metric_id IN ({_marks(parts)}) THEN {printed} END) AS p, "
        f"sum(c.metric_id IN ({_marks(parts)}) AND {PRINTED}) AS np, "
        f"total(CASE WHEN c.metric_id IN ({_marks(whole)}) THEN {printed} END) AS w, "
        f"sum(c.metric_id IN ({_marks(whole)}) AND {PRINTED}) AS nw, {worst} AS worst "
        f"FROM figure_cells c WHERE c.metric_id IN ({_marks(parts + whole)}){where} GROUP BY c.report_key"
    )
    db.execute(f"DROP TABLE IF EXISTS {RATES}")
    db.execute(
        "CREATE TEMP TABLE rates AS SELECT k, CASE WHEN np > 0 AND nw > 0 AND w != 0 THEN 'reported' "
        "WHEN np > 0 AND nw > 0 THEN 'zero' WHEN worst = 0 THEN 'unreadable' WHEN worst = 1 THEN 'blank' "
        f"ELSE 'absent' END AS cls, 100.0 * p / NULLIF(w, 0) AS rate FROM ({sides})",
        [*parts, *parts, *whole, *whole, *parts, *whole, *params],
    )
    counts = dict(db.execute(f"SELECT cls, count(*) FROM {RATES} GROUP BY cls").fetchall())
    order = "ASC" if ascending else "DESC"
    base = f"FROM {RATES} t WHERE t.cls = 'reported'"
    edge = db.execute(f"SELECT t.rate {base} ORDER BY t.rate {order} LIMIT 1 OFFSET ?", [n - 1]).fetchone()
    within = f" AND t.rate {'<=' if ascending else '>='} ?" if edge else ""
    sql = (
        "SELECT t.k, t.rate FROM rates t JOIN report_keys rk ON rk.key = t.k JOIN reports r ON r.id = rk.report_id "
        f"WHERE t.cls = 'reported'{within} ORDER BY t.rate {order}, COALESCE(r.issuer, ''), COALESCE(r.year, 0) "
        "LIMIT ?"
    )
    return db.execute(sql, [*([edge[0]] if edge else []), n]).fetchall(), counts
