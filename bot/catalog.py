"""What answering looks up about the reports on file, shared by every thread answering (the
service's workers) of one data directory, until a report changes.

A question about one issuer reads that issuer's rows (`of_issuer`, one indexed query), its
names through the store's issuers table (bot/issuer_lookup.py), its years from that table:
start-up and memory do not grow with the store (issue 21: a whole `nianbao ask` at 100,000
reports read every report's row and built a matcher over 18,336 issuers, 1.1 s and 500 MB).
A question about a level (哪个县) or about every report gets them as a `ReportSet` (`of_level`,
`every`): chosen and counted in SQL, a ranking over them reads the rows it shows; the counts are
kept (`counted`) until a report changes. Only what truly needs every report (the list of reports,
a review of all, a planner going through every row) reads them all, once, through `reports`; a
catalog that has them answers the other look-ups from them too.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping
from typing import Any

from index import issuers as stored
from index.store import Store

from .issuer_lookup import StoredIssuers
from .plan.common import DEPARTMENT_LEVEL
from .report_set import ReportSet

_KEPT_ISSUERS = 4096  # issuers whose rows are kept between questions (a few MB at most)
# Questions looked up in SQL before the naming keys are read into memory: reading them (55 ms at
# 100,000 reports) would double a one-shot `nianbao ask`, and saves ~1.3 ms a question after.
_LOOKUPS_BEFORE_KEYS = 40
_KEPT_COUNTS = 512  # sets of reports whose counts are kept between questions


class Catalog:
    """The reports on file and what is looked up in them, for one data directory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports: list[dict[str, Any]] | None = None
        self._by_issuer: dict[str | None, list[dict[str, Any]]] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        self._by_key: dict[int, dict[str, Any]] = {}
        self._count: int | None = None
        # What SQL counted of the reports chosen for a question (each year's count, the few left
        # out of a level): a few numbers a level or year, kept until a report changes
        self.counted: dict[Any, Any] = {}
        self._pinyin: list[tuple[str, str]] | None = None
        self._naming: frozenset[str] | None = None
        self._lookups = 0
        self.version = -1  # the store's reports_version the catalog was built at (-1: unknown)

    def reports(self, store: Store) -> list[dict[str, Any]]:
        """Every stored report, ordered by issuer and year (read through `store` when not built)."""
        reports = self._reports
        if reports is not None:
            return reports
        with self._lock:
            if self._reports is None:
                rows = store.reports(lean=True)
                by_issuer: dict[str | None, list[dict[str, Any]]] = {}
                for r in rows:
                    by_issuer.setdefault(r["issuer"], []).append(r)
                self._by_issuer = by_issuer
                self._by_id = {r["id"]: r for r in rows}
                self._by_key = {r["report_key"]: r for r in rows}
                self._reports = rows
                self._count = len(rows)
                # Kept until the next ingest: out of the cyclic collector's full passes (a ranking at
                # 10,000 reports went from ~80 to ~135 ms with them in).
                gc.freeze()
            return self._reports

    def count(self, store: Store) -> int:
        """How many reports are on file."""
        if self._count is None:
            self._count = store.report_count()
        return self._count

    def any(self, store: Store) -> bool:
        """Whether any report is on file."""
        return bool(self._reports) if self._reports is not None else store.has_reports()

    def first(self, store: Store, n: int) -> list[dict[str, Any]]:
        """The first n reports in `reports` order."""
        return self._reports[:n] if self._reports is not None else store.first_reports(n)

    def of_issuer(self, store: Store, issuer: str) -> list[dict[str, Any]]:
        """The issuer's reports, by year."""
        return self.of_issuers(store, [issuer])

    def of_issuers(self, store: Store, issuers: list[str]) -> list[dict[str, Any]]:
        """These issuers' reports, in `reports` order (one query for those not read before)."""
        wanted = sorted(set(issuers), key=str)
        if self._reports is None:
            missing = [i for i in wanted if i not in self._by_issuer]
            if missing:
                found: dict[str | None, list[dict[str, Any]]] = {i: [] for i in missing}
                for r in store.reports_of(issuers=missing):
                    found[r["issuer"]].append(r)
                with self._lock:
                    if self._reports is None:
                        if len(self._by_issuer) > _KEPT_ISSUERS:
                            self._by_issuer = {}
                        self._by_issuer.update(found)
                return [r for i in wanted for r in (self._by_issuer.get(i) or found.get(i, []))]
        return [r for i in wanted for r in self._by_issuer.get(i, [])]

    def by_id(self, store: Store, report_id: str) -> dict[str, Any]:
        """A report's row by its id (KeyError when not on file)."""
        if self._reports is not None:
            return self._by_id[report_id]
        row = store.report_by_id(report_id)
        if row is None:
            raise KeyError(report_id)
        return row

    def by_key(self, store: Store, key: int) -> dict[str, Any]:
        """A report by its `report_key` (what SQL aggregates return)."""
        if self._reports is not None:
            return self._by_key[key]
        rows = store.reports_of(keys=[key])
        if not rows:
            raise KeyError(key)
        return rows[0]

    def by_keys(self, store: Store, keys: list[int]) -> dict[int, dict[str, Any]]:
        """Reports by their `report_key`, in one query."""
        if self._reports is not None:
            return {k: self._by_key[k] for k in keys if k in self._by_key}
        return {r["report_key"]: r for r in store.reports_of(keys=keys)}

    def keys(self, store: Store) -> list[int]:
        """Every report's `report_key`."""
        if self._reports is not None:
            return list(self._by_key)
        return list(store.key_years())

    def key_years(self, store: Store) -> dict[int, int | None]:
        """report_key → the report's year (a trend's per-year sums)."""
        if self._reports is not None:
            return {k: r["year"] for k, r in self._by_key.items()}
        return store.key_years()

    def every(self, store: Store) -> ReportSet:
        """Every stored report as a ReportSet: counted in SQL; its rows are `reports` when a planner
        goes through them."""
        return ReportSet(store, read=lambda: self.reports(store), n=self.count(store), memo=self._memo())

    def of_level(self, store: Store, level: str) -> ReportSet:
        """The reports of governments of this level (county, city, province): 哪个县 asks about
        counties' governments, and a county's bureau is not a county (`at_level`, kept by the store
        as each report's `place_level` and `department`), of issuers the issuers table puts at
        that level (the division table's, else the name's ending: 样例12县 is a county).
        Chosen in SQL: nothing is read until a planner goes through the rows."""
        if level == DEPARTMENT_LEVEL:  # a kind not stored is judged from the name (`department`)
            issuers, mine, params = "SELECT issuer FROM issuers WHERE kind IS NOT 'government'", "r.department = 1", []
        else:
            issuers, mine, params = "SELECT issuer FROM issuers WHERE level = ?", "r.place_level = ?", [level, level]
        return ReportSet(
            store,
            f"r.issuer IN ({issuers}) AND +{mine}",  # rows in order: by the issuers' index
            params,
            counted=f"+r.issuer IN ({issuers}) AND {mine}",  # counted: by the levels' (m016)
            memo=self._memo(),
        )

    def _memo(self) -> dict[Any, Any]:
        if len(self.counted) > _KEPT_COUNTS:  # (questions of many years each: start again)
            self.counted = {}
        return self.counted

    def years(self, store: Store) -> Mapping[str | None, list[int]]:
        """issuer → the years of its reports (looked up per issuer)."""
        return YearsOnFile(store)

    def matcher(self, store: Store) -> StoredIssuers:
        """The issuer matcher: per question, over the issuers its words may name."""
        return StoredIssuers(store, lambda: self.pinyin_keys(store), lambda: self.naming_keys(store))

    def pinyin_keys(self, store: Store) -> list[tuple[str, str]]:
        """Every stored (pinyin, issuer) key, read once until a report changes (one per region)."""
        keys = self._pinyin
        if keys is None:
            with self._lock:  # read under the lock: a refresh meanwhile cannot be undone by a stale list
                if self._pinyin is None:
                    self._pinyin = stored.pinyin_keys(store.db)
                keys = self._pinyin
        return keys

    def naming_keys(self, store: Store) -> frozenset[str] | None:
        """Every stored key naming an issuer, read once a process has asked enough questions to
        gain from it (until a report changes); None before."""
        keys = self._naming
        if keys is None:
            with self._lock:
                self._lookups += 1
                if self._naming is None and self._lookups > _LOOKUPS_BEFORE_KEYS:
                    self._naming = stored.naming_keys(store.db)
                keys = self._naming
        return keys

    def place_words_in(self, store: Store, words: set[str]) -> set[str]:
        """Which of these words name some report's place or year (a passage search leaves them out)."""
        found = stored.found_keys(store.db, words, stored.WORD)
        years = {str(y) for y in stored.all_years(store.db)}
        return found | (words & years)

    def refresh(self, version: int | None = None) -> None:
        """Forget everything (after an ingest); with `version`, only when built before it."""
        with self._lock:
            if version is not None and version <= self.version:
                return
            self._reports, self._count, self._pinyin, self._naming = None, None, None, None
            self._by_issuer, self._by_id, self._by_key, self.counted = {}, {}, {}, {}
            if version is not None:
                self.version = version


class YearsOnFile(Mapping[str | None, list[int]]):
    """issuer → the years of its reports, read from the issuers table when asked; its values
    together are every year on file (a range asked of no issuer in particular)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getitem__(self, issuer: str | None) -> list[int]:
        found = stored.years(self.store.db, [issuer]) if issuer else {}
        if issuer not in found:
            raise KeyError(issuer)
        return found[issuer]

    def __iter__(self) -> Iterator[str | None]:
        return iter(r[0] for r in self.store.db.execute("SELECT issuer FROM issuers ORDER BY issuer"))

    def __len__(self) -> int:
        return int(self.store.db.execute("SELECT count(*) FROM issuers").fetchone()[0])

    def all_years(self) -> list[int]:
        """Every year some report is of."""
        return stored.all_years(self.store.db)
