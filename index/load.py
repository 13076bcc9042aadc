"""Files and folders into the store, one file at a time: a file that cannot be
used is reported by name and skipped, and the run goes on."""
from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.model import Found, IngestError, ParsedReport
from ingest.pipeline import SUPPORTED_SUFFIXES, parse_file, printable
from ingest.regions import fullest, issuer_key

from .store import Store


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
            "failed_checks": [{"name": c.name, "description": c.description, "left": c.left, "right": c.right}
                              for c in r.failed_checks] if r else [],
            "warnings": (r.warnings if r else []) + self.warnings,
            "error": self.error,
            "action": self.action,
            "report_id": r.report_id if r else None,
            "found": {k: getattr(m, k).how for k in ("issuer", "region", "year", "template")} if m else None,
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
            out += sorted(f for f in p.rglob("*") if _regular(f) and f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(p)
    return out


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
            skipped.update(f.suffix.lower() or "(none)" for f in p.rglob("*")
                           if f.is_file() and f.suffix.lower() not in SUPPORTED_SUFFIXES)
    return skipped


@dataclass(frozen=True)
class Limits:
    """Work one file may cost; defaults from config.example.toml's [ingest]."""

    max_file_mb: float = 50.0
    max_passages: int = 2000


def _unusable(path: Path, limits: Limits) -> str | None:
    """Why a path cannot be read as a report file, before reading a byte of it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISDIR(st.st_mode):
        return "a folder with no report files"
    if not stat.S_ISREG(st.st_mode):
        kind = "named pipe" if stat.S_ISFIFO(st.st_mode) else "device or socket"
        return f"not a regular file ({kind}): skipped"
    if st.st_size > limits.max_file_mb * 1024 * 1024:
        return (f"file too large ({st.st_size / 1024 / 1024:.1f} MB; the limit is {limits.max_file_mb:g} MB, "
                "[ingest] max_file_mb in the config)")
    if not os.access(path, os.R_OK):
        return "cannot read: permission denied"
    return None


def ingest_files(store: Store, files: list[Path], issuer: str | None = None,
                 year: int | None = None, embed: bool = True, limits: Limits = Limits(),
                 progress: Callable[[Path, int], Callable[[int], None] | None] | None = None) -> Iterator[Outcome]:
    """Parse and store each file; yields one Outcome per file, errors included.

    Whatever one file does (missing, unreadable, a pipe, too big, not a report), the
    others are still read. `progress(path, passages)` may return a callback that is told,
    batch by batch, how many of a file's passages have been embedded (a long file shows
    progress, not silence)."""
    for path in files:
        problem = _unusable(path, limits)
        if problem:
            yield Outcome(path, error=problem)
            continue
        try:
            report = parse_file(path, issuer=issuer, year=year)
        except IngestError as e:
            yield Outcome(path, error=str(e))
            continue
        if len(report.chunks) > limits.max_passages:
            yield Outcome(path, error=(f"{len(report.chunks)} passages, more than the {limits.max_passages} a report "
                                       "may have ([ingest] max_passages): is it many reports in one file?"))
            continue
        same_issuer(store, report)
        tick = progress(path, len(report.chunks)) if progress and embed else None
        result = store.save(report, embed=embed, progress=tick)
        extra = [f"replaced the earlier version of this file ({result.replaced})"] if result.replaced else []
        yield Outcome(path, report, result.action, warnings=extra)


def same_issuer(store: Store, report: ParsedReport) -> None:
    """One issuer is one issuer however written: a report whose issuer has the same
    division and name as a stored one (洪泽区人民政府, 淮安市洪泽区人民政府) is stored
    under the fullest spelling, and so are the stored reports of that issuer."""
    name = report.meta.issuer.value
    key = issuer_key(str(name)) if name else None
    if key is None:
        return
    stored = [r[0] for r in store.db.execute("SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL")]
    spellings = [n for n in stored if n != name and issuer_key(n) == key]
    if not spellings:
        return
    best = fullest([str(name), *spellings])
    if best != name:
        report.meta.issuer = Found(best, report.meta.issuer.how)
    with store.db.atomic():
        for old in spellings:
            if old != best:
                store.db.execute("UPDATE reports SET issuer = ? WHERE issuer = ?", [best, old])
