"""What answering keeps about the reports on file between questions — every report's row,
its issuer and id indexes, the issuer matcher, the place words — built once per process
and shared by every thread answering (the service's workers), until a report changes.

Kept per worker before, each of 32 concurrent web workers built its own copy (hundreds of
MB each at 100,000 reports). Built under a lock, so two threads never build it twice; read
without one, since a built catalog is never changed, only replaced.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from index.store import Store

from .issuers import IssuerMatcher, IssuerRecord
from .plan.common import at_level, place_words_of


class Catalog:
    """The reports on file and what is looked up in them, for one data directory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports: list[dict[str, Any]] | None = None
        self._by_issuer: dict[str | None, list[dict[str, Any]]] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        self._by_key: dict[int, dict[str, Any]] = {}
        self._key_years: dict[int, int | None] | None = None
        self._levels: dict[str, list[dict[str, Any]]] = {}
        self._years: dict[str | None, list[int]] = {}
        self._matcher: IssuerMatcher | None = None
        self._place_words: set[str] | None = None
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
                self._years = {issuer: [r["year"] for r in rs if r["year"]] for issuer, rs in by_issuer.items()}
                self._reports = rows
                # Kept until the next ingest: out of the cyclic collector's full passes (a ranking at
                # 10,000 reports went from ~80 to ~135 ms with them in).
                gc.freeze()
            return self._reports

    def of_issuer(self, store: Store, issuer: str) -> list[dict[str, Any]]:
        self.reports(store)
        return self._by_issuer.get(issuer, [])

    def issuers(self, store: Store) -> set[str | None]:
        self.reports(store)
        return set(self._by_issuer)

    def by_id(self, store: Store, report_id: str) -> dict[str, Any]:
        self.reports(store)
        return self._by_id[report_id]

    def by_key(self, store: Store, key: int) -> dict[str, Any]:
        """A report by its `report_key` (what SQL aggregates return)."""
        self.reports(store)
        return self._by_key[key]

    def keys(self, store: Store) -> list[int]:
        """Every report's `report_key`."""
        self.reports(store)
        return list(self._by_key)

    def key_years(self, store: Store) -> dict[int, int | None]:
        """report_key → the report's year (a trend's per-year sums)."""
        self.reports(store)
        if self._key_years is None:
            self._key_years = {k: r["year"] for k, r in self._by_key.items()}
        return self._key_years

    def of_level(self, store: Store, level: str) -> list[dict[str, Any]]:
        """The reports of governments of this level (county, city, province): 哪个县 asks about
        counties' governments, and a county's bureau is not a county. Kept per level: the test
        of every report's name took 80 ms a question at 10,000 reports."""
        found = self._levels.get(level)
        if found is not None:
            return found
        found = [r for r in self.reports(store) if at_level(r, level)]
        with self._lock:
            if self._reports is not None:  # not refreshed meanwhile
                self._levels[level] = found
        return found

    def years(self, store: Store) -> dict[str | None, list[int]]:
        """issuer → the years of its reports."""
        self.reports(store)
        return self._years

    def matcher(self, store: Store) -> IssuerMatcher:
        matcher = self._matcher
        if matcher is not None:
            return matcher
        reports = self.reports(store)
        with self._lock:
            if self._matcher is None:
                records = {IssuerRecord(r["issuer"], r["region"], r.get("kind")) for r in reports if r["issuer"]}
                self._matcher = IssuerMatcher(sorted(records, key=lambda r: r.issuer))
            return self._matcher

    def place_words(self, store: Store) -> set[str]:
        """Words naming every report's place and year."""
        words = self._place_words
        if words is not None:
            return words
        reports = self.reports(store)
        with self._lock:
            if self._place_words is None:
                self._place_words = place_words_of(reports)
            return self._place_words

    def refresh(self, version: int | None = None) -> None:
        """Forget everything (after an ingest); with `version`, only when built before it."""
        with self._lock:
            if version is not None and version <= self.version:
                return
            self._reports, self._matcher, self._place_words, self._key_years = None, None, None, None
            self._by_issuer, self._by_id, self._by_key, self._years, self._levels = {}, {}, {}, {}, {}
            if version is not None:
                self.version = version
