"""Reports chosen by SQL — every report, a level's (哪个县: the counties' governments), those
of some years, each issuer's latest — counted, and their years counted, by SQLite; their rows
read only when a planner goes through them (issue 21).

A ranking, trend or sum over thousands of reports is aggregated in SQL (bot/plan/many_sql.py):
it needs how many reports are chosen, of which years, the first row (its template names the
cells) and the chosen keys as SQL — not a row per report in Python. Planners that do need every
row (a passage search, several measures, a rate) get them on first use, as a list: a
`ReportSet` is a list that fills itself when anything but its length or first rows is asked
(what C reads of a list without calling its methods — `json.dumps`, `str.join` — would see it
empty before: pass `list(reports)` there).
Kept between questions, in the catalog's memo until a report changes: the counts, and the first
rows a ranking reads (`head`); and every report's row when a planner needs them all
(`Catalog.reports`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, SupportsIndex

from index.store import LEAN_COLUMNS, REPORT_ORDER, Store

_FROM = "FROM reports r LEFT JOIN report_keys k ON k.report_id = r.id"
_ORDER = f"ORDER BY {REPORT_ORDER}"  # as `Store.reports`


class ReportSet(list[dict[str, Any]]):
    """The reports whose rows (`reports r`) meet `where` (SQL over `r` alone), in `Store.reports`
    order; `read` gives every row when a planner goes through them (None: read by SQL).

    `where` is written for reading rows in order (through the (issuer, year) index), `counted`
    (the same condition) for counting them (through `reports_level`, migration m016): a unary
    + keeps SQLite off an index for a term."""

    def __init__(
        self,
        store: Store,
        where: str = "1",
        params: list[Any] | None = None,
        read: Callable[[], list[dict[str, Any]]] | None = None,
        order: str = _ORDER,
        n: int | None = None,
        counted: str | None = None,
        memo: dict[Any, Any] | None = None,
    ) -> None:
        super().__init__()
        self.memo = memo if memo is not None else {}  # the catalog's: counts kept until a report changes
        self.store, self.where, self.params = store, where, list(params or [])
        self.counted = counted or where
        self._read, self._order = read, order
        self._filled = False
        self._n = n  # (every report's count is the catalog's: counting `reports` reads every row)
        self._years: Counter[int | None] | None = None

    # ------------------------------------------------------------ in SQL
    def size(self) -> int:
        """How many reports are chosen (counted in SQL, once)."""
        if self._filled:
            return super().__len__()
        if self._n is None:
            self._n = sum(self.year_counts().values())
        return self._n

    def head(self, n: int) -> list[dict[str, Any]]:
        """The first n rows (kept with the counts: a ranking over a level's reports read its first
        row twice, 5 ms each at 100,000 reports, SQLite listing the level's 18,000 issuers each time)."""
        if self._filled:
            return list(super().__getitem__(slice(0, n)))
        key = ("head", int(n), self.where, self._order, *self.params)
        if key not in self.memo:
            self.memo[key] = self._rows(f" LIMIT {int(n)}")
        return [dict(r) for r in self.memo[key]]  # (a planner may write to a row)

    def year_counts(self) -> Counter[int | None]:
        """year → how many chosen reports are of it (counted once)."""
        if self._years is None:
            key = ("years", self.counted, *self.params)
            if key not in self.memo:
                sql = f"SELECT r.year, count(*) FROM reports r WHERE {self.counted} GROUP BY r.year"
                self.memo[key] = Counter(dict(self.store.db.execute(sql, self.params).fetchall()))
            self._years = self.memo[key]
        return self._years

    def keys_sql(self) -> tuple[str, list[Any]]:
        """SQL selecting (report_key, year) of the chosen reports, and its parameters."""
        sql = f"SELECT k.key, r.year FROM reports r JOIN report_keys k ON k.report_id = r.id WHERE {self.counted}"
        return sql, list(self.params)

    def ids(self) -> list[str]:
        """The chosen reports' ids (what a passage search is restricted to), without their rows."""
        if self._filled:
            return [r["id"] for r in super().__iter__()]
        return [r[0] for r in self.store.db.execute(f"SELECT r.id FROM reports r WHERE {self.counted}", self.params)]

    def in_years(self, years: list[int]) -> ReportSet:
        """Those of these years (as a list comprehension over the rows would keep them)."""
        marks = ", ".join("?" * len(years))
        where = f"({self.where}) AND +r.year IN ({marks})"
        counted = f"({self.counted}) AND r.year IN ({marks})"
        return ReportSet(self.store, where, [*self.params, *years], counted=counted, memo=self.memo)

    def latest(self) -> ReportSet:
        """Each issuer's latest report (a year not known counting as 0; of one year, the first in
        order), ordered by issuer: what `select._latest` keeps going through the rows in order."""
        ranked = (
            "SELECT r.id, row_number() OVER (PARTITION BY r.issuer ORDER BY COALESCE(r.year, 0) DESC, "
            f"r.year, r.source_file) AS n FROM reports r WHERE {self.counted}"
        )
        where = f"r.id IN (SELECT id FROM ({ranked}) WHERE n = 1)"
        return ReportSet(self.store, where, self.params, order="ORDER BY r.issuer", memo=self.memo)

    def _rows(self, limit: str = "") -> list[dict[str, Any]]:
        sql = f"SELECT {LEAN_COLUMNS}, k.key AS report_key {_FROM} WHERE {self.where} {self._order}{limit}"
        return list(self.store.db.query(sql, self.params))

    # ------------------------------------------------------------ as a list
    def rows_read(self) -> bool:
        """Whether the rows were read (a planner went through them)."""
        return self._filled

    def fill(self) -> None:
        """Read every chosen row (a planner goes through them)."""
        if not self._filled:
            rows = self._read() if self._read is not None else self._rows()
            super().extend(rows)
            self._filled = True

    def __len__(self) -> int:
        return self.size()

    def __bool__(self) -> bool:
        return self.size() > 0

    def __getitem__(self, i: Any) -> Any:
        if not self._filled:
            if isinstance(i, SupportsIndex) and not isinstance(i, slice) and int(i) >= 0:
                first = self.head(int(i) + 1)
                return first[int(i)]  # (IndexError past the end, as a list)
            if isinstance(i, slice) and (i.start or 0) == 0 and i.step is None and i.stop is not None and i.stop >= 0:
                return self.head(i.stop)
            self.fill()
        return super().__getitem__(i)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.fill()
        return super().__iter__()

    def __reversed__(self) -> Iterator[dict[str, Any]]:
        self.fill()
        return super().__reversed__()

    def __contains__(self, x: object) -> bool:
        self.fill()
        return super().__contains__(x)

    def __eq__(self, other: object) -> bool:
        self.fill()
        if isinstance(other, ReportSet):
            other.fill()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Any) -> Any:
        self.fill()
        return list(super().__iter__()) + list(other)

    def __radd__(self, other: Any) -> Any:  # (a list + this: else C would read the rows not read yet)
        self.fill()
        return list(other) + list(super().__iter__())

    def __repr__(self) -> str:
        return f"ReportSet({self.where!r}, {self.params!r}, {self.size()} reports)"


def _filling(name: str) -> Callable[..., Any]:
    method = getattr(list, name)

    def wrapped(self: ReportSet, *args: Any, **kwargs: Any) -> Any:
        self.fill()
        return method(self, *args, **kwargs)

    wrapped.__name__ = name
    return wrapped


# Every other list method reads or changes the rows: they are read first.
for _name in (
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__mul__",
    "__rmul__",
    "__imul__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "sort",
    "reverse",
    "clear",
    "index",
    "count",
    "copy",
):
    setattr(ReportSet, _name, _filling(_name))
