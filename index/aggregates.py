"""One metric's cells over many reports, aggregated by SQLite: the first N by value, how many
reports print it (and, for those that do not, in which status), and each year's sum.

What a ranking or a trend over every report on file needs, without a row per report in
Python: `top` walks the metric's covering index (`figure_cells_metric`: metric, value,
status…) from its end, so the first ten of 100,000 reports are read as ten index entries;
the counts and sums read the same index once. Reports are chosen by their keys (the
`report_key` of `Store.reports()` rows) in a temporary table of this connection, or all.
"""

from __future__ import annotations

import sqlite_utils

from .compact import COLUMN_SQL

STATUS_SQL = COLUMN_SQL["status"]
# A cell with a printed value: its status is NULL (implied 'reported') or said so.
PRINTED = "c.value IS NOT NULL AND (c.status IS NULL OR c.status = 'reported')"


def metric_ids(db: sqlite_utils.Database, metrics: list[str]) -> list[int] | None:
    """The stored keys of these metrics, in their order; None when one is not stored at all."""
    found = dict(db.execute(f"SELECT key, id FROM metric_keys WHERE key IN ({', '.join('?' * len(metrics))})", metrics))
    return [found[m] for m in metrics] if all(m in found for m in metrics) else None


def choose(db: sqlite_utils.Database, report_keys: list[int] | None, every: list[int] | None = None) -> str:
    """SQL restricting `c.report_key` to these reports (None: every report), kept in a
    temporary table of this connection (its own file: nothing is written to the store). Given
    `every` report's key, the fewer of the chosen and the others are written (哪个县: all but a
    few; 2019年: a sixth)."""
    if report_keys is None:
        return ""
    keys, test = report_keys, "IN"
    if every is not None and len(report_keys) > len(every) // 2:
        chosen = set(report_keys)
        keys, test = [k for k in every if k not in chosen], "NOT IN"
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (key INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.chosen")
    db.conn.executemany("INSERT OR IGNORE INTO temp.chosen (key) VALUES (?)", ((k,) for k in keys))
    db.conn.commit()  # end the implicit transaction, so later reads see other connections' commits
    return f" AND c.report_key {test} (SELECT key FROM temp.chosen)"


def _in(metrics: list[int]) -> str:
    return f"c.metric_id IN ({', '.join('?' * len(metrics))})"


def _per_report(metrics: list[int], where: str) -> str:
    """Per chosen report with any of the cells: the sum of the printed ones (s), how many are
    printed (np), and the worst status of the others (w: 0 unreadable, 1 blank, 2 absent) — what
    `bot.figures.Light` says of a sum of cells."""
    return (
        f"SELECT c.report_key AS k, total(CASE WHEN {PRINTED} THEN c.value END) AS s, sum({PRINTED}) AS np, "
        f"count(*) AS n, min(CASE {STATUS_SQL} WHEN 'unreadable' THEN 0 WHEN 'blank' THEN 1 ELSE 2 END) AS w "
        f"FROM figure_cells c WHERE {_in(metrics)}{where} GROUP BY c.report_key"
    )


def top(db: sqlite_utils.Database, metrics: list[int], where: str, n: int, ascending: bool) -> list[tuple[int, float]]:
    """(report key, value) of the n printed values first in order, and every value tied with the
    n-th (the caller breaks ties by issuer and year, as a ranking does). A value is one cell's, or
    the sum of the printed ones among several (ranked by a window function over their sums)."""
    order = "ASC" if ascending else "DESC"
    if len(metrics) > 1:
        sql = (
            f"SELECT k, s FROM (SELECT k, s, rank() OVER (ORDER BY s {order}) AS place "
            f"FROM ({_per_report(metrics, where)}) WHERE np > 0) WHERE place <= ?"
        )
        return [(k, v) for k, v in db.execute(sql, [*metrics, n])]
    base = f"FROM figure_cells c WHERE c.metric_id = ? AND {PRINTED}{where}"
    edge = db.execute(f"SELECT c.value {base} ORDER BY c.value {order} LIMIT 1 OFFSET ?", [*metrics, n - 1]).fetchone()
    if edge is None:  # fewer than n: all of them
        return [(k, v) for k, v in db.execute(f"SELECT c.report_key, c.value {base}", metrics).fetchall()]
    compare = "<=" if ascending else ">="
    return [
        (k, v)
        for k, v in db.execute(f"SELECT c.report_key, c.value {base} AND c.value {compare} ?", [*metrics, edge[0]])
    ]


def statuses(db: sqlite_utils.Database, metrics: list[int], where: str) -> dict[str, int]:
    """How many chosen reports print the figure ('reported'), and of the others in which status;
    'incomplete': of those that print it, how many leave one of its cells blank. Reports with
    none of the cells are not counted (they are 'absent')."""
    sql = (
        "SELECT CASE WHEN np > 0 THEN 'reported' WHEN w = 0 THEN 'unreadable' WHEN w = 1 THEN 'blank' "
        f"ELSE 'absent' END AS st, count(*), sum(np > 0 AND np < ?) FROM ({_per_report(metrics, where)}) GROUP BY st"
    )
    if len(metrics) == 1:  # one cell a report: its status, from the index alone
        sql = (
            f"SELECT CASE WHEN {PRINTED} THEN 'reported' ELSE {STATUS_SQL} END AS st, count(*), 0 "
            f"FROM figure_cells c WHERE c.metric_id = ?{where} GROUP BY st"
        )
        rows = db.execute(sql, metrics).fetchall()
    else:
        rows = db.execute(sql, [len(metrics), *metrics]).fetchall()
    out = {st: n for st, n, _ in rows}
    out["incomplete"] = sum(part or 0 for _, _, part in rows)
    return out


def printed_values(db: sqlite_utils.Database, metrics: list[int], where: str) -> list[tuple[int, float]]:
    """(report key, value) of every chosen report printing the figure (plain tuples: what a
    per-year sum adds up)."""
    if len(metrics) > 1:
        return db.execute(f"SELECT k, s FROM ({_per_report(metrics, where)}) WHERE np > 0", metrics).fetchall()
    sql = f"SELECT c.report_key, c.value FROM figure_cells c WHERE c.metric_id = ? AND {PRINTED}{where}"
    return db.execute(sql, metrics).fetchall()


def total(db: sqlite_utils.Database, metrics: list[int], where: str) -> float:
    """The sum of the printed values."""
    sql = f"SELECT total(c.value) FROM figure_cells c WHERE {_in(metrics)} AND {PRINTED}{where}"
    return float(db.execute(sql, metrics).fetchone()[0])


def unit(db: sqlite_utils.Database, metrics: list[int]) -> str | None:
    """The unit of the first printed value found (its own, else its metric's)."""
    row = db.execute(
        f"SELECT {COLUMN_SQL['unit']} FROM figure_cells c JOIN metric_keys m ON m.id = c.metric_id "
        f"WHERE {_in(metrics)} AND {PRINTED} AND {COLUMN_SQL['unit']} IS NOT NULL LIMIT 1",
        metrics,
    ).fetchone()
    return row[0] if row else None


def failing_printed(db: sqlite_utils.Database, metrics: list[int], where: str, besides: list[int]) -> int:
    """How many chosen reports that print the figure fail a template check involving one of its
    cells (`failed_cells`), not counting the reports `besides` (keys of those an answer shows,
    whose checks it words)."""
    skip = f" AND f.report_key NOT IN ({', '.join('?' * len(besides))})" if besides else ""
    sql = (
        f"SELECT count(DISTINCT f.report_key) FROM failed_cells f CROSS JOIN figure_cells c "
        f"ON c.report_key = f.report_key AND {_in(metrics)} "
        f"WHERE f.metric_id IN ({', '.join('?' * len(metrics))}){skip} AND {PRINTED}{where}"
    )
    return int(db.execute(sql, [*metrics, *metrics, *besides]).fetchone()[0])
