"""Files and folders into the store, one file at a time: a file that cannot be
used is reported by name and skipped, and the run goes on. Files may be parsed in
worker processes (index.prepare); they are stored here, in their order, by one writer."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.model import Found, ParsedReport
from ingest.pipeline import SUPPORTED_SUFFIXES, printable
from ingest.readers import SUFFIXES
from ingest.regions import fullest, issuer_key

from .prepare import Limits, Prepared, prepared
from .store import Store

__all__ = ["IssuerSpellings", "Limits", "Outcome", "expand", "ingest_files", "unsupported_in"]


@dataclass
class Outcome:
    """What happened to one file."""

    path: Path
    report: ParsedReport | None = None
    action: str | None = None  # added | replaced | unchanged | repaired
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ingest line of the JSON contract (plus a few extra keys)."""
        r = self.report
        m = r.meta if r else None
        return {
            "source_file": printable(self.path.name),
            "issuer": m.issuer.value if m else None,
            "region": m.region.value if m else None,
            "year": m.year.value if m else None,
            "template": m.template.value if m else None,
            "figures": len(r.figures) if r else 0,
            "chunks": len(r.chunks) if r else 0,
            "failed_checks": [
                {"name": c.name, "description": c.description, "left": c.left, "right": c.right}
                for c in r.failed_checks
            ]
            if r
            else [],
            "warnings": (r.warnings if r else []) + self.warnings,
            "error": self.error,
            "action": self.action,
            "report_id": r.report_id if r else None,
            "found": {k: getattr(m, k).how for k in ("issuer", "region", "year", "template")} if m else None,
            "code": m.code if m else None,
            "kind": m.kind if m else None,
            "path": printable(str(self.path)),
        }


def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False  # reported per file by ingest_files
        if is_dir:
            out += sorted(
                f
                for f in p.rglob("*")
                if _regular(f) and f.suffix.lower() in SUPPORTED_SUFFIXES and not _page_picture(f, p)
            )
        else:
            out.append(p)
    return out


_PAGE_FOLDER = re.compile(r"^(.+)[_.]files$", re.IGNORECASE)  # a saved page's folder: `name_files/`
_PICTURES = frozenset(s for s, fmt in SUFFIXES.items() if fmt == "image")


def _page_picture(path: Path, top: Path) -> bool:
    """A picture inside a saved web page's `name_files/` folder beside `name.html`: the page
    reads it where it sits, so it is not a report of its own."""
    if path.suffix.lower() not in _PICTURES:
        return False
    for folder in path.parents:
        if folder == top or top not in folder.parents:
            return False
        m = _PAGE_FOLDER.match(folder.name)
        if m and any((folder.parent / (m.group(1) + ext)).is_file() for ext in (".html", ".htm", ".shtml")):
            return True
    return False


def _regular(path: Path) -> bool:
    """A regular file (symlinks followed); pipes and devices inside a folder are passed over."""
    try:
        return path.is_file()
    except OSError:
        return False


def unsupported_in(paths: list[str | Path]) -> Counter[str]:
    """Files inside the given folders that `expand` passes over, counted by suffix."""
    skipped: Counter[str] = Counter()
    for p in map(Path, paths):
        if p.is_dir():
            skipped.update(
                f.suffix.lower() or "(none)"
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() not in SUPPORTED_SUFFIXES
            )
    return skipped


def ingest_files(
    store: Store,
    files: list[Path],
    issuer: str | None = None,
    year: int | None = None,
    embed: bool = True,
    limits: Limits | None = None,
    progress: Callable[[Path, int], Callable[[int], None] | None] | None = None,
    workers: int | None = 1,
    on_page: Callable[[Path], None] | None = None,
) -> Iterator[Outcome]:
    """Parse and store each file; yields one Outcome per file, errors included, in the order of `files`.

    Whatever one file does (missing, unreadable, a pipe, too big, not a report), the
    others are still read. `progress(path, passages)` may return a callback that is told,
    batch by batch, how many of a file's passages have been embedded (a long file shows
    progress, not silence). `workers`: processes that parse and tokenise (None: the cores;
    see index.prepare); this process alone writes, file by file, holding the write lock.
    `on_page(path)`: each page of a file read by OCR, as the workers read them."""
    limits = limits or Limits()
    issuers = IssuerSpellings(store)
    # Closed however this run ends (an error, a caller that stops early): the pool goes with it.
    with closing(prepared(files, issuer, year, limits, workers, on_page)) as ready_files:
        yield from _store_each(store, ready_files, issuers, embed, progress)


def _store_each(
    store: Store,
    ready_files: Iterator[Prepared],
    issuers: IssuerSpellings,
    embed: bool,
    progress: Callable[[Path, int], Callable[[int], None] | None] | None,
) -> Iterator[Outcome]:
    for ready in ready_files:
        report = ready.report
        if ready.skipped:
            yield Outcome(ready.path, action="skipped", warnings=[ready.skipped])
            continue
        if report is None:
            yield Outcome(ready.path, error=ready.error)
            continue
        tick = progress(ready.path, len(report.chunks)) if progress and embed else None
        with store.writing():  # the issuers read and the report written with no other writer between
            as_parsed = report.meta.issuer.value
            issuers.unify(report)
            # Rows tokenised by a worker carry the issuer as parsed: made again if it changed.
            rows = ready.lexical_rows if report.meta.issuer.value == as_parsed else None
            result = store.save(report, embed=embed, progress=tick, fts_rows=rows)
            issuers.stored(report)
        extra = [f"replaced the earlier version of this file ({result.replaced})"] if result.replaced else []
        yield Outcome(ready.path, report, result.action, warnings=extra)


class IssuerSpellings:
    """One issuer is one issuer however written: a report whose issuer has the same
    division and name as a stored one (洪泽区人民政府, 淮安市洪泽区人民政府) is stored
    under the fullest spelling, and so are the stored reports of that issuer.

    The stored spellings are read and keyed (`issuer_key`) once for a run, not once per
    file, and read again only when another process has changed the reports since
    (`Store.reports_version`): the work per file does not grow with the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_key: dict[tuple[str, str], set[str]] = {}
        self._version: int | None = None

    def _fresh(self) -> None:
        version = self.store.reports_version()
        if version == self._version:
            return
        self._by_key = {}
        for (name,) in self.store.db.execute("SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL"):
            if (key := issuer_key(name)) is not None:
                self._by_key.setdefault(key, set()).add(name)
        self._version = version

    def _still_stored(self, name: str) -> bool:
        """Whether some report still has this spelling (the last one may have been replaced)."""
        return self.store.db.execute("SELECT 1 FROM reports WHERE issuer = ? LIMIT 1", [name]).fetchone() is not None

    def unify(self, report: ParsedReport) -> None:
        """Give `report` the fullest stored spelling of its issuer, and the stored reports
        of that issuer the report's, when it is fuller. Call holding the write lock."""
        self._fresh()
        name = report.meta.issuer.value
        key = issuer_key(str(name)) if name else None
        if key is None:
            return
        spellings = [n for n in self._by_key.get(key, ()) if n != name and self._still_stored(n)]
        if not spellings:
            return
        best = fullest([str(name), *spellings])
        if best != name:
            report.meta.issuer = Found(best, report.meta.issuer.how)
        for old in spellings:
            if old != best:
                self.store.rename_issuer(old, best)  # rows, lexical words and vectors at once
        self._by_key[key] = {best}

    def stored(self, report: ParsedReport) -> None:
        """Count the report just saved (still holding the write lock, so no other writer came between)."""
        name = report.meta.issuer.value
        key = issuer_key(str(name)) if name else None
        if key is not None:
            self._by_key.setdefault(key, set()).add(str(name))
        self._version = self.store.reports_version()
