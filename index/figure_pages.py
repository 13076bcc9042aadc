"""One page of stored cells, filtered and sorted by SQLite, with the count of all that match:
what the figures browser shows (`/api/figures`), however many cells are stored.

    total, rows = page(db, CellQuery(year=2020, statuses=("blank",), sort="-value"), limit=100)

Filtering, sorting and counting every matching cell in Python built all of them first: with
no filter, or a year alone, at 100,000 reports (17.7 million cells) that is gigabytes in
one server process (issue 21: a server's memory under 1 GB whatever the clients ask). The
order is by the sort field (blank values last either way), then issuer, year and each
report's cells in the order it prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .compact import COLUMN_SQL, FIGURE_COLUMNS
from .db import Db

# Sortable fields as SQL over FIGURE_TABLES and the report `r`.
SORT_SQL = {
    "issuer": "r.issuer",
    "year": "r.year",
    "metric": COLUMN_SQL["metric"],
    "label": COLUMN_SQL["label"],
    "value": COLUMN_SQL["value"],
    "status": COLUMN_SQL["status"],
}


# Words of a cell's label (its own, else its metric's) or of its metric's key, as metric ids and
# the few cells with a label of their own (m018's partial index): SQLite reads the cells of
# those metrics by their index. `instr` over the label of every cell read all 17.7 million at
# 100,000 reports (4 s a page).
WORDS_SQL = (
    "(c.metric_id IN (SELECT id FROM metric_keys WHERE instr(key, ?) > 0)"
    " OR (c.label IS NULL AND c.metric_id IN (SELECT id FROM metric_keys WHERE instr(COALESCE(label, ''), ?) > 0))"
    " OR (c.report_key, c.metric_id) IN (SELECT report_key, metric_id FROM figure_cells INDEXED BY"
    " figure_cells_own_label WHERE label IS NOT NULL AND instr(NULLIF(label, ''), ?) > 0))"
)


@dataclass(frozen=True)
class CellQuery:
    """Which cells, every part optional: an issuer as stored, a year or a range of years (a
    report of unknown year is in no range), a metric key or its prefix, words of the label or
    key, statuses, and a field of SORT_SQL to sort by ("-" before it: descending)."""

    issuer: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    metric_prefix: str | None = None
    words: str = ""
    statuses: tuple[str, ...] = ()
    sort: str | None = None

    def reports_where(self) -> tuple[list[str], list[Any]]:
        """Conditions on the cells' report `r`, and their parameters."""
        sql, params = ([], []) if self.issuer is None else (["r.issuer = ?"], [self.issuer])
        years, more = _years(self, "r.year")
        return sql + years, params + more

    def cells_where(self) -> tuple[list[str], list[Any]]:
        """Conditions on the cells `c` and their metric `m`, and their parameters."""
        sql, params = _metric_and_status(self, "c.metric_id", COLUMN_SQL["status"])
        if self.words:
            sql.append(WORDS_SQL)
            params += [self.words] * 3
        return sql, params

    def where(self) -> tuple[str, list[Any]]:
        """The condition on cells `c` (and `m`) alone, their reports chosen in a subquery: SQLite
        then reads the cells of those reports by the primary key, of a metric by its index."""
        reports, params = self.reports_where()
        sql = ["1=1"]
        if reports:
            sql.append(
                "c.report_key IN (SELECT rk.key FROM reports r JOIN report_keys rk ON rk.report_id = r.id "
                f"WHERE {' AND '.join(reports)})"
            )
        cells, more = self.cells_where()
        return " AND ".join(sql + cells), params + more

    def order(self) -> str:
        """ORDER BY: the sort field, blank values last, then issuer, year and each report's cells
        in the order it prints them."""
        then = "r.issuer, r.year, r.rowid, c.metric_id"
        if not self.sort:
            return then
        field = SORT_SQL[self.sort.lstrip("-")]
        return f"({field}) IS NULL, {field} {'DESC' if self.sort.startswith('-') else 'ASC'}, {then}"


def page(db: Db, query: CellQuery, limit: int, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """How many cells match, and the rows of those from `offset` on (at most `limit`), as
    `Store.figures` gives them."""
    where, params = query.where()
    total = _tallied(db, query)
    if total is None:
        total = db.execute(f"SELECT count(*) FROM figure_cells c WHERE {where}", params).fetchone()[0]
    if total == 0 or offset >= total:
        return total, []
    select = f"SELECT r.source_file, r.issuer, r.region, r.year, {FIGURE_COLUMNS} FROM "
    if query.sort:  # every matching cell sorted by SQLite, found by their indexes
        sql = (
            f"{select}figure_cells c JOIN report_keys k ON k.key = c.report_key JOIN metric_keys m "
            f"ON m.id = c.metric_id JOIN reports r ON r.id = k.report_id WHERE {where} ORDER BY {query.order()}"
        )
    else:
        # The browser's own order, walked: reports by idx_reports_issuer_year (issuer, year,
        # rowid), each one's cells by the primary key, until the page is full. SQLite's own plan
        # sorted every matching cell first: 17.7 million at 100,000 reports, 77 s a page.
        reports, params = query.reports_where()
        cells, more = query.cells_where()
        params += more
        sql = (
            f"{select}reports r INDEXED BY idx_reports_issuer_year CROSS JOIN report_keys k ON k.report_id = r.id "
            "CROSS JOIN figure_cells c ON c.report_key = k.key CROSS JOIN metric_keys m ON m.id = c.metric_id "
            f"WHERE {' AND '.join(['1=1', *reports, *cells])} ORDER BY {query.order()}"
        )
    return total, list(db.query(sql + " LIMIT ? OFFSET ?", [*params, limit, offset]))


def _tallied(db: Db, query: CellQuery) -> int | None:
    """The count from `metric_tally` (cells per metric, year and status, kept at ingest: m014)
    when the query asks only by year, metric, status and words that choose metrics (no cell has a
    label of its own); else None. Counting 17.7 million
    cells takes SQLite tens of seconds; their tally, a few hundred rows."""
    if query.issuer is not None or (query.words and _own_labels(db)):
        return None
    years, params = _years(query, "t.year")
    sql, more = _metric_and_status(query, "t.metric_id", "t.status")
    if query.words:  # no cell has a label of its own: the words choose metrics
        sql.append(
            "t.metric_id IN (SELECT id FROM metric_keys WHERE instr(key, ?) > 0 OR instr(COALESCE(label, ''), ?) > 0)"
        )
        more += [query.words, query.words]
    where = " AND ".join(["t.metric_id > 0", *years, *sql])  # (below 0: sums of several cells, not cells)
    found = db.execute(f"SELECT COALESCE(sum(t.n), 0) FROM metric_tally t WHERE {where}", params + more)
    return int(found.fetchone()[0])


def _own_labels(db: Db) -> bool:
    """Whether any cell has a label of its own (m018's partial index: one look)."""
    sql = "SELECT 1 FROM figure_cells INDEXED BY figure_cells_own_label WHERE label IS NOT NULL LIMIT 1"
    return db.execute(sql).fetchone() is not None


def _years(query: CellQuery, year: str) -> tuple[list[str], list[Any]]:
    """Conditions on the year column `year` (NULL or 0: unknown, in no range)."""
    sql: list[str] = []
    params: list[Any] = []
    if query.year is not None:
        sql.append(f"{year} = ?")
        params.append(query.year)
    if query.year_from is not None or query.year_to is not None:
        sql.append(f"COALESCE({year}, 0) != 0")
    if query.year_from is not None:
        sql.append(f"{year} >= ?")
        params.append(query.year_from)
    if query.year_to is not None:
        sql.append(f"{year} <= ?")
        params.append(query.year_to)
    return sql, params


def _metric_and_status(query: CellQuery, metric_id: str, status: str) -> tuple[list[str], list[Any]]:
    """Conditions on the metric (a key or its prefix) and the status, as columns `metric_id` and `status`."""
    sql: list[str] = []
    params: list[Any] = []
    if query.metric_prefix:
        sql.append(f"{metric_id} IN (SELECT id FROM metric_keys WHERE key = ? OR key LIKE ? ESCAPE '\\')")
        params += [query.metric_prefix, _escaped(query.metric_prefix) + ".%"]
    if query.statuses:
        sql.append(f"{status} IN ({', '.join('?' * len(query.statuses))})")
        params += list(query.statuses)
    return sql, params


def _escaped(prefix: str) -> str:
    """A metric key for LIKE … ESCAPE '\\': its wildcards taken as written."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
