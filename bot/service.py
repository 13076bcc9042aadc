"""The answering service: the one seam every interface (command line, chat, Telegram,
web) goes through. Interfaces call these methods and render the `Answer`s they get;
none of them reaches the store, the router or the index.

    service = Service.open(config)              # or Service.open(data_dir=...)
    conv = service.conversation("telegram", "12345")
    answer = conv.ask("how many applications did 合阳 receive in 2020")
    answer.id, answer.route, answer.answer, answer.figures, answer.passages
    service.answer(answer.id)                   # the same answer, later (a Sources button)
    service.feedback(answer.id, "bad", "wrong number")
    conv.reset()

Safe to share between threads and an event loop's executor. Each question borrows a
worker from a small pool — its own SQLite connection and the `Answerer` over it — so
no connection is used by two threads at once. The database runs in WAL mode: reading
never waits for an ingest, in this process or another. Before each question the worker
asks SQLite whether anyone committed since it last looked (`PRAGMA data_version`) and,
only if a report was added, replaced or deleted (the `reports_version` counter), drops
its cached report list and issuer matcher: a report ingested by another process is
answered from the next question on, without a restart and without a timer.

Every answer is recorded (short id, channel, user, question, route, the answer's JSON,
latency, time); conversations — the previous question and the id of the previous
answer — are kept in SQLite by (channel, user), so both survive a restart (and reach
whichever of the server's processes gets the next question). An answer and its
conversation's context are one transaction, recorded one process at a time (record.lock).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from index import records

from . import context
from .answer import Answer, figure_json
from .config import Config, load_config

if TYPE_CHECKING:
    from index.figure_pages import CellQuery
    from index.store import Store

    from .frame import Frame
    from .question import Question


def _log() -> Any:
    """This module's logger; `logging` is imported when something is to be said (a one-shot
    question says nothing, and the import is a few ms of its start-up)."""
    import logging

    return logging.getLogger(__name__)


VERDICTS = ("good", "bad")
REASONS = ("wrong number", "wrong report", "not found", "other")
RECORD_LOCK = "record.lock"  # in the data directory: answers are recorded one process at a time
MAX_IDLE_WORKERS = 8  # connections kept open between questions; more are opened while needed
MAX_KEPT_CARDS = 20_000  # report cards' counts kept between requests (a few MB)


def default_user() -> str:
    """Who is asking at a terminal."""
    try:
        import getpass

        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class Conversation:
    """One (channel, user)'s thread of questions: follow-ups inherit its context.

    A handle only: the context lives in SQLite, so any number of handles (and a restarted
    service) see the same conversation.
    """

    def __init__(self, service: Service, channel: str, user: str) -> None:
        self.service, self.channel, self.user = service, channel, user

    def ask(self, text: str) -> Answer:
        """Answer `text` in this conversation's context; the answer is recorded and carries its `id`."""
        return self.service._ask(self.channel, self.user, text, remember=True)

    def begin(self, text: str) -> Answer | Held:
        """`ask`, unless the question reads across many reports (a ranking, trend or sum over every
        report): then it is understood and `Held`, and its `answer()` answers it when the caller
        chooses (a server answers quicker questions first: bot/web_lanes.py)."""
        return self.service._ask(self.channel, self.user, text, remember=True, hold_broad=True)

    def reset(self) -> None:
        """Forget the context (`/reset`)."""
        self.service._reset(self.channel, self.user)

    def last_answer(self) -> Answer | None:
        """The previous answer of this conversation (for 为什么 / 出处 / sources), unless expired or reset."""
        answer_id = self.service._context(self.channel, self.user)[1]
        return self.service.answer(answer_id) if answer_id else None


class Held:
    """A question understood to read across many reports, not yet answered (`Conversation.begin`)."""

    def __init__(self, answer: Callable[[], Answer]) -> None:
        self._answer = answer

    def answer(self) -> Answer:
        """Answer it now (recorded, with the conversation's context, as `ask` does)."""
        return self._answer()


class _Worker:
    """One SQLite connection and the Answerer over it; used by one thread at a time."""

    def __init__(self, store: Any, answerer: Any, on_reports: Callable[[int], None]) -> None:
        self.store, self.answerer = store, answerer
        self._on_reports = on_reports  # told the reports_version each time it is read
        self._data_version: int | None = None
        self._reports_version: int | None = None

    def refresh_if_changed(self) -> None:
        """Drop cached reports when a report changed since this worker last looked.

        `PRAGMA data_version` is one look-up and moves on any commit by another connection
        (answer records included); the counter read next moves only when reports changed.
        Read in this order, a commit between the two is caught on the next question.
        """
        data_version = self.store.data_version()
        if data_version == self._data_version:
            return
        self._data_version = data_version
        reports_version = self.store.reports_version()
        if reports_version != self._reports_version:
            if self._reports_version is not None:
                self.answerer.refresh(reports_version)
            self._reports_version = reports_version
            self._on_reports(reports_version)


class Service:
    """Answers questions over one data directory, for any number of interfaces and threads."""

    def __init__(self, config: Config, mmap_mb: float | None = None) -> None:
        """`mmap_mb`: how much of the SQLite file each connection reads through a memory map
        (default: index.db's; the server's comes from `[web] mmap_mb`)."""
        self.config = config
        self._mmap_bytes = None if mmap_mb is None else int(mmap_mb * 1024 * 1024)
        self._lock = threading.Lock()
        self._ingest_lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._catalog: Any = None  # the reports kept for answering, one for every worker (bot.catalog)
        # Answers are recorded one at a time in this process, and across processes (the server's
        # workers) by a lock file: concurrent writers otherwise wait in SQLite's busy handler,
        # which sleeps in steps of up to 100 ms whoever finishes first.
        self._record_lock = threading.Lock()
        self._record_fd: int | None = None
        self._closed = False
        self._vectors: Any = None
        self._reports_seen = -1  # the highest reports_version any worker has read
        self._phrase: Callable[[Answer], Answer] | None = None
        self._phrase_loaded = False
        self._cards: tuple[int, dict[str, dict[str, int]]] = (-1, {})  # (reports_version, report cards' counts)
        with self._worker():  # create, upgrade and check the store now, not on the first question
            pass

    @classmethod
    def open(cls, config: Config | str | Path | None = None, data_dir: str | Path | None = None) -> Service:
        """Open from a Config, a config file path, or defaults (./config.toml when present)."""
        if not isinstance(config, Config):
            config = load_config(config, data_dir)
        elif data_dir is not None:
            config = replace(config, data_dir=Path(data_dir))
        return cls(config)

    def close(self) -> None:
        """Close the pooled connections (those in use close when their question ends)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            vectors, self._vectors = self._vectors, None
        with self._record_lock:
            if self._record_fd is not None:
                os.close(self._record_fd)
                self._record_fd = None
        for w in idle:
            w.store.close()
        if vectors is not None:
            vectors.close()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ connections
    def _shared_vectors(self) -> Any:
        """One vector index per process, shared by every worker (opened on first use)."""
        with self._lock:
            if self._vectors is None:
                from index.store import open_vectors

                self._vectors = open_vectors(
                    self.config.data_dir, self.config.embedding.model, self.config.vectors.url or None
                )
            return self._vectors

    def _reports_changed(self, reports_version: int) -> None:
        """Reports changed (here or in another process): reopen the vector index on next use.

        A chromadb client keeps its index in memory and does not see vectors another process
        added (a query naming such a report fails); a new client reads them. Closing the old
        client does not disturb a query still running on it.
        """
        with self._lock:
            if reports_version <= self._reports_seen:
                return
            self._reports_seen = reports_version
            if self._ingest_lock.locked():
                return  # this process is writing through the client: it sees its own vectors
            old, self._vectors = self._vectors, None
        if old is not None:
            old.close()

    def _open_store(self) -> Any:
        from index.store import Store

        return Store(
            self.config.data_dir,
            embedder=self.config.embedding.model,
            vectors=self._shared_vectors,
            mmap_bytes=self._mmap_bytes,
        )

    def _phraser(self) -> Callable[[Answer], Answer] | None:
        with self._lock:
            if not self._phrase_loaded:
                from .llm import phraser

                self._phrase, self._phrase_loaded = phraser(self.config.llm), True
            return self._phrase

    def llm_warning(self) -> str | None:
        """Why a configured LLM is not used, or None."""
        if self.config.llm.given() and self._phraser() is None:
            return (
                "[llm] is configured but incomplete or langchain-openai is not installed "
                "(pip install 'nianbao[llm]'); answering without it"
            )
        return None

    @contextmanager
    def _worker(self) -> Iterator[_Worker]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the service is closed")
            worker = self._idle.pop() if self._idle else None
        if worker is None:
            from .catalog import Catalog
            from .router import Answerer

            store = self._open_store()
            with self._lock:
                self._catalog = self._catalog or Catalog()
            answerer = Answerer(store, phrase=self._phraser(), catalog=self._catalog)
            worker = _Worker(store, answerer, self._reports_changed)
        try:
            yield worker
        finally:
            with self._lock:
                keep = not self._closed and len(self._idle) < MAX_IDLE_WORKERS
                if keep:
                    self._idle.append(worker)
            if not keep:
                worker.store.close()

    # ------------------------------------------------------------ the store
    def expand(self, paths: list[str | Path]) -> tuple[list[Path], Counter[str]]:
        """The report files named by `paths` (folders searched), and the other files passed over, by suffix."""
        from index.load import expand, unsupported_in

        return expand(list(paths)), unsupported_in(list(paths))

    def writing(self, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Any:
        """Hold the data directory's write lock (one writer across processes, see index.lock)
        for several writes; raises index.lock.WriterBusy when told not to wait."""
        from index.lock import write_lock

        return write_lock(self.config.data_dir).hold(wait=wait, on_wait=on_wait)

    def repair(self, full: bool = False) -> list[str]:
        """Make the vector index agree with SQLite (what was in flight; everything with `full`)."""
        with self._ingest_lock, self._worker() as w:
            return w.store.repair(full=full)

    def issuers(self) -> list[dict[str, Any]]:
        """One line per issuer on file: its name, region, division code and kind, the years
        of its reports and every file they came from (`nianbao issuers --json`)."""
        out: dict[str, dict[str, Any]] = {}
        for r in self.iter_reports():
            entry = out.setdefault(
                r["issuer"] or "",
                {
                    "issuer": r["issuer"],
                    "region": r["region"],
                    "code": r.get("code"),
                    "kind": r.get("kind"),
                    "years": [],
                    "reports": 0,
                    "sources": [],
                },
            )
            entry["years"] = sorted({*entry["years"], *([r["year"]] if r["year"] else [])})
            entry["reports"] += 1
            entry["sources"] += r.get("sources") or [r["source_file"]]
        return sorted(out.values(), key=lambda e: (e["code"] or "", e["issuer"] or ""))

    def rename_issuer(self, old: str, new: str) -> list[str]:
        """Every report of issuer `old` under `new` — a misprint corrected, or two names of one
        issuer merged — in SQLite, the lexical index and the vectors at once; reports of one
        year that then coincide become one report, the later file a source of the earlier."""
        with self._ingest_lock, self._worker() as w:
            ids = w.store.rename_issuer(old, new)
            if not ids:
                return []
            done = [f"{len(ids)} report(s) of {old} now under {new}"]
            return done + w.store.repair()

    def missing_passages(self, shard: tuple[int, int] = (0, 1)) -> int:
        """Passages stored without vectors yet (after `ingest --defer-embedding`), in a shard."""
        from index.embed import in_shard

        with self._worker() as w:
            return sum(r["n_chunks"] for r in w.store.missing_vectors() if in_shard(r["id"], shard))

    def embed(
        self, workers: int | None = None, shard: tuple[int, int] = (0, 1), progress: Callable[[int], None] | None = None
    ) -> tuple[int, int]:
        """Embed what has no vectors yet; (reports, passages) done. See index.embed."""
        from index.cores import default_workers
        from index.embed import embed_missing

        with self._ingest_lock, self._worker() as w:
            return embed_missing(w.store, workers or default_workers(), shard, progress)

    def ingest(
        self,
        paths: list[str | Path],
        issuer: str | None = None,
        year: int | None = None,
        repair: bool = True,
        embed: bool = True,
        progress: Callable[[Path, int], Callable[[int], None] | None] | None = None,
        workers: int | None = None,
        on_page: Callable[[Path], None] | None = None,
    ) -> Iterator[Any]:
        """Read report files or folders into the store; one `index.load.Outcome` per file, as each is done.

        `repair`: first make the vector index agree with SQLite (`repair()`), as every ingest should.
        Questions asked meanwhile are answered from what is committed; each stored report is
        seen by the next question. `embed=False`: vectors later, by `embed()`. The file size and
        passage limits come from the config's [ingest]. `progress`: see index.load.ingest_files.
        `workers`: processes that parse the files (default: [ingest] workers, else the cores).
        """
        from index.load import Limits, expand, ingest_files

        with self._ingest_lock:
            # Its own connection: its commits move every worker's data_version, so all of them refresh.
            store = self._open_store()
            try:
                if repair:
                    for note in store.repair():
                        _log().info("repaired: %s", note)
                limits = Limits.from_config(self.config)
                yield from ingest_files(
                    store,
                    expand(list(paths)),
                    issuer=issuer,
                    year=year,
                    embed=embed,
                    limits=limits,
                    progress=progress,
                    workers=workers or self.config.ingest.workers,
                    on_page=on_page,
                )
            finally:
                store.close()

    def reports(self) -> list[dict[str, Any]]:
        """One dict per stored report: the JSON line of `nianbao reports --json`. Its failed checks
        are the stored ones and the cross-year ones (上年结转 ≠ last year's 结转下年度), computed now."""
        with self._worker() as w:
            rows = w.store.reports()
            return _report_lines(w.store, rows, rows, every=True)

    def iter_reports(self, page: int = 1000) -> Iterator[dict[str, Any]]:
        """`reports()`, a page of `page` reports at a time (`reports_page`): `nianbao reports`
        and `nianbao issuers` list 100,000 reports without holding every line (2.2 GB as a list).
        A report stored meanwhile may shift the pages (a listing, not a snapshot)."""
        offset = 0
        while True:
            _, lines = self.reports_page(page, offset)
            yield from lines
            if len(lines) < page:
                return
            offset += page

    def reports_page(self, limit: int, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """How many reports are stored, and the lines of `reports()` from `offset` on (at most
        `limit`), each exactly as `reports()` gives it. Only the page's rows are read, with their
        failed checks, their files and their issuers' other years (the cross-year checks): the
        web's list of reports costs a page, not the store (issue 21)."""
        with self._worker() as w:
            rows = w.store.report_page(limit, offset)
            around = w.store.reports_of(issuers=sorted({r["issuer"] for r in rows if r["issuer"]}))
            return w.store.report_count(), _report_lines(w.store, rows, around)

    def diff(self, issuer: str, year: int, other: int | None = None) -> dict[str, Any]:
        """Every figure that changed between two reports of an issuer (`nianbao diff`); one year
        alone is that year against the year before. Raises review.plan.ReviewError when a report
        is not on file."""
        from .review import plan

        with self._worker() as w:
            w.refresh_if_changed()
            who = plan.resolve_issuer(issuer, w.store, w.answerer.matcher())
            mine = w.answerer.of_issuers([who])  # that issuer's rows only (issue 21: not every report's)
            return plan.diff_json(*plan.diff_of(w.store, mine, who, year, other))

    def check(self, issuer: str, year: int, english: bool = False) -> dict[str, Any]:
        """A report's card (`nianbao check`): failed template checks, cross-year mismatches,
        text/table disagreements, sources that disagree, blank rows, missing sections. A
        ReviewError when there is no such report (`english`: said in English, as the API says all)."""
        from .review import plan

        with self._worker() as w:
            w.refresh_if_changed()
            who = plan.resolve_issuer(issuer, w.store, w.answerer.matcher())
            # A card reads its issuer's other years (the carry-over), nothing of other issuers.
            return plan.check_json(w.store, w.answerer.of_issuers([who]), who, year, english)

    def problems(self, report_ids: list[str]) -> dict[str, dict[str, int]]:
        """The card counts of these reports: report id → findings of each kind, as `nianbao check`;
        ids not on file are left out. For the coverage grid, which marks a report with a problem of
        any kind: it asks for the reports it shows (never every report's card at once: minutes and
        gigabytes at 100,000). A card reads only its report and its issuer's years around it; the
        last cards made are kept until a report changes (at most MAX_KEPT_CARDS of them)."""
        from .review.gather import report_card

        with self._worker() as w:
            w.refresh_if_changed()
            version = w.store.reports_version()  # a card reads only reports: kept until one changes
            kept = self._cards[1] if self._cards[0] == version else {}
            rows = [r for r in map(w.store.report_by_id, dict.fromkeys(report_ids)) if r is not None]
            wanted = [r for r in rows if r["id"] not in kept]
            by_issuer: dict[str | None, list[dict[str, Any]]] = {}
            issuers = sorted({r["issuer"] for r in wanted if r["issuer"]})
            for r in w.store.reports_of(issuers=issuers):
                by_issuer.setdefault(r["issuer"], []).append(r)
            made = {
                r["id"]: report_card(w.store, r, by_issuer.get(r["issuer"], [r])).to_json()["counts"] for r in wanted
            }
        if len(kept) + len(made) > MAX_KEPT_CARDS:
            kept = {}
        self._cards = (version, kept | dict(list(made.items())[:MAX_KEPT_CARDS]))
        return {r["id"]: made[r["id"]] if r["id"] in made else kept[r["id"]] for r in rows}

    def figures(
        self,
        issuer: str | None = None,
        year: int | None = None,
        metric: str | None = None,
        report_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stored cells: the JSON lines of `nianbao figures --json`, optionally filtered
        (`metric` may be a prefix: "applications.received")."""
        return list(self.iter_figures(issuer, year, metric, report_id))

    def iter_figures(
        self,
        issuer: str | None = None,
        year: int | None = None,
        metric: str | None = None,
        report_id: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """`figures`, one cell at a time as SQLite reads them: `nianbao figures` prints every
        cell of a year without holding them (16,666 reports' at 100,000 were 5.7 GB as a list)."""
        with self._worker() as w:
            if issuer is not None:
                issuer = self._issuer_named(w, issuer)
            ids = [report_id] if report_id else None
            if ids is None and issuer is not None:  # the issuer's reports' cells only, not every cell
                ids = [r["id"] for r in w.answerer.of_issuers([issuer]) if year is None or r["year"] == year]
            elif ids is None and year is not None:
                ids = w.store.report_ids(year)
                ids = ids if len(ids) <= 20_000 else None  # past SQLite's bound parameters: filtered below
            for f in w.store.iter_figures(ids, metric):
                if (issuer is None or f["issuer"] == issuer) and (year is None or f["year"] == year):
                    yield figure_json(f)

    def figure_page(self, query: CellQuery, limit: int, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """How many stored cells match, and one page of them as figure objects: the figures
        browser's, filtered, sorted and counted by SQLite (`query.issuer` in any spelling a
        question may use)."""
        with self._worker() as w:
            if query.issuer is not None:
                query = replace(query, issuer=self._issuer_named(w, query.issuer))
            total, rows = w.store.figure_page(query, limit, offset)
        return total, [figure_json(f) for f in rows]

    @staticmethod
    def _issuer_named(w: _Worker, name: str) -> str:
        """The stored issuer a name means, spelt as a question may spell it (合阳, Heyang);
        the name itself when it names none or several (then nothing or only itself matches)."""
        from .review.plan import ReviewError, resolve_issuer

        w.refresh_if_changed()
        try:
            return resolve_issuer(name, w.store, w.answerer.matcher())
        except ReviewError:
            return name

    def coverage(self) -> dict[str, Any]:
        """Which issuers have reports for which years, and which years are missing: every issuer
        (`coverage_page` without a limit; the web asks for a page)."""
        return self.coverage_page(None)[1]

    def coverage_page(self, limit: int | None, offset: int = 0) -> tuple[int, dict[str, Any]]:
        """How many issuers have a report of a known year, and the coverage of those from `offset`
        on (at most `limit`; all when None), in name order.

        `years`: every year from the earliest to the latest report on file (of any issuer); per
        issuer, `reports` (year, report id, file, template, number of failed checks, as
        `reports()` counts them) and `missing` (years of that span without a report); `on_file`
        is the same list as `reports`. Reports whose year is unknown are listed under `undated`
        (the first `limit` of them), `undated_total` says how many there are. Only the page's
        issuers' reports are read.
        """
        with self._worker() as w:
            store = w.store
            total, issuers = store.dated_issuers(limit, offset)
            span = store.year_span()
            rows = store.reports_of(issuers=issuers) if issuers else []
            failed = _failed_checks(store, rows, rows, [r["id"] for r in rows])
            n_undated, undated = store.undated(limit)
        years = list(range(span[0], span[1] + 1)) if span else []
        return total, {
            "years": years,
            "issuers": _coverage_entries(rows, failed, years),
            "undated": [
                {"issuer": r["issuer"], "report_id": r["id"], "source_file": r["source_file"]} for r in undated
            ],
            "undated_total": n_undated,
        }

    # ------------------------------------------------------------ answering
    def conversation(self, channel: str, user: str) -> Conversation:
        """The conversation of `user` on `channel` (e.g. "cli", "telegram", "web")."""
        return Conversation(self, str(channel), str(user))

    def ask(self, text: str, channel: str = "api", user: str = "") -> Answer:
        """A one-off question with no conversation context (recorded all the same)."""
        return self._ask(str(channel), str(user), text, remember=False)

    def _max_age(self) -> timedelta:
        return timedelta(minutes=self.config.conversations.expire_minutes)

    def _context(self, channel: str, user: str) -> tuple[Any, str | None]:
        """(previous Question, previous answer id) of a live conversation, or (None, None)."""
        with self._worker() as w:
            row = records.context(w.store.db, channel, user, self._max_age())
        return (context.loads(row["context"]), row["answer_id"]) if row else (None, None)

    def _reset(self, channel: str, user: str) -> None:
        with self._worker() as w:
            records.clear_context(w.store.db, channel, user)

    @overload
    def _ask(
        self, channel: str, user: str, text: str, remember: bool, hold_broad: Literal[False] = False
    ) -> Answer: ...

    @overload
    def _ask(self, channel: str, user: str, text: str, remember: bool, hold_broad: Literal[True]) -> Answer | Held: ...

    def _ask(self, channel: str, user: str, text: str, remember: bool, hold_broad: bool = False) -> Answer | Held:
        from .frame import spans_many  # (loaded with the router; not at the service's import)

        asked_at = records.now()
        started = time.perf_counter()

        def answered(w: _Worker, q: Question, frame: Frame, previous: Question | None) -> Answer:
            answer, question = w.answerer.answer(text, q, frame, previous)
            answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
            if answer.table_rows is not None:  # the rows shown only: how to make the whole table again
                answer.table_query = {"question": text, "context": context.dumps(previous) if previous else None}
            saved = None
            if remember:
                try:
                    saved = context.dumps(question)
                except (ValueError, TypeError) as e:  # the answer stands; only the follow-up context is lost
                    _log().warning("could not keep the context of %s/%s: %s", channel, user, e)
            self._record(w, channel, user, answer, asked_at, saved)
            return answer

        with self._worker() as w:
            previous = None
            if remember:
                row = records.context(w.store.db, channel, user, self._max_age())
                previous = context.loads(row["context"]) if row else None
            w.refresh_if_changed()
            q, frame = w.answerer.understand(text, previous)
            if not (hold_broad and spans_many(frame)):
                return answered(w, q, frame, previous)

        def later() -> Answer:
            with self._worker() as w:
                w.refresh_if_changed()
                return answered(w, q, frame, previous)

        return Held(later)

    def _record(
        self, w: _Worker, channel: str, user: str, answer: Answer, asked_at: str, saved: str | None = None
    ) -> None:
        """Store the answer under a new short id (set on the answer), and the conversation's
        context `saved` with it; on failure the answer goes out unrecorded (and the context unkept)."""
        for _ in range(5):
            answer.id = records.new_id()
            answer_json = json.dumps(answer.to_json(), ensure_ascii=False, default=str)
            try:
                with self._recording():
                    records.record_answer(
                        w.store.db,
                        answer_id=answer.id,
                        channel=channel,
                        user=user,
                        question=answer.question,
                        route=answer.route,
                        answer_json=answer_json,
                        latency_ms=answer.latency_ms,
                        asked_at=asked_at,
                        context_json=saved,
                    )
                return
            except sqlite3.IntegrityError:  # the id was taken: draw another
                continue
            except sqlite3.Error as e:  # e.g. a read-only data directory: answering matters more
                _log().warning("answer not recorded: %s", e)
                break
        answer.id = None

    @contextmanager
    def _recording(self) -> Iterator[None]:
        """This process's one recording thread, and the data directory's one recording process.
        An flock's waiter is woken when it is let go, not polled as SQLite's busy handler does."""
        with self._record_lock:
            if self._record_fd is None:
                try:
                    self._record_fd = os.open(Path(self.config.data_dir) / RECORD_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
                except OSError:  # a read-only data directory: the write itself will say so
                    yield
                    return
            fcntl.flock(self._record_fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._record_fd, fcntl.LOCK_UN)

    def answer(self, answer_id: str) -> Answer | None:
        """A recorded answer by its id, or None (read from SQLite: works after a restart)."""
        with self._worker() as w:
            row = records.answer(w.store.db, answer_id)
        if row is None:
            return None
        answer = Answer.from_json(json.loads(row["answer"]))
        answer.id = row["id"]
        return answer

    def table(self, answer: Answer) -> list[dict[str, Any]]:
        """Every row of an answer's table: its own when it carries them all, else made again from
        its `table_query` (the question in the context it was asked in; not recorded). The store
        may have changed since: the rows are those of the reports on file now."""
        if answer.table_rows is None or not answer.table_query:
            return answer.table
        query = answer.table_query
        with self._worker() as w:
            w.refresh_if_changed()
            again, _ = w.answerer.ask(query["question"], context.loads(query.get("context")), full_table=True)
        return again.table

    def asker(self, answer_id: str) -> tuple[str, str] | None:
        """(channel, user) that asked a recorded answer, or None: whose record it is."""
        with self._worker() as w:
            return records.asker(w.store.db, answer_id)

    def answers(
        self, since: str | date | None = None, channel: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Recorded answers, oldest first: the JSON lines of `nianbao answers --json`.

        Each is the answer's JSON (question, route, answer, figures, passages, warnings…, id)
        plus `channel`, `user`, `asked_at` and the feedback (`verdict`, `reason`, `note`,
        `feedback_at`). `since`: a date or time (ISO 8601; without a zone, UTC);
        `limit`: only the latest so many. ValueError for a `since` that is not a date.
        """
        with self._worker() as w:
            rows = records.answers(w.store.db, _utc(since), channel, limit)
            history = records.feedback_history(w.store.db, [r["id"] for r in rows if r["verdict"]])
        out = []
        for row in rows:
            line = json.loads(row["answer"])
            line |= {
                "id": row["id"],
                "channel": row["channel"],
                "user": row["user"],
                "asked_at": row["asked_at"],
                "latency_ms": row["latency_ms"],
                "verdict": row["verdict"],
                "reason": row["reason"],
                "note": row["note"],
                "feedback_at": row["feedback_at"],
                "feedback_history": history.get(row["id"], []),
            }
            out.append(line)
        return out

    def conversations(self, channel: str, prefix: str, limit: int = 50) -> list[dict[str, Any]]:
        """The conversations of one person (user keys starting with `prefix`), latest first:
        `user`, `answers` (how many), `started`, `last`, `first_question`."""
        with self._worker() as w:
            return records.conversations(w.store.db, channel, prefix, limit)

    def conversation_answers(self, channel: str, user: str, limit: int = 200) -> list[Answer]:
        """One conversation's recorded answers, oldest first (works after a restart)."""
        with self._worker() as w:
            rows = records.conversation_answers(w.store.db, channel, user, limit)
        out = []
        for row in rows:
            answer = Answer.from_json(json.loads(row["answer"]))
            answer.id = row["id"]
            out.append(answer)
        return out

    def feedback(self, answer_id: str, verdict: str, reason: str | None = None, note: str | None = None) -> bool:
        """Attach good/bad (for bad, a reason from REASONS) and an optional free-text note to a
        recorded answer; the latest shows on the answer, and every one is kept in order
        (`feedback_history`). False for an unknown id, verdict or reason."""
        if verdict not in VERDICTS or (reason is not None and reason not in REASONS):
            return False
        with self._worker() as w:
            return records.set_feedback(w.store.db, answer_id, verdict, reason, note)


def _utc(when: str | date | None) -> str | None:
    """A date or time as the stored times are written (UTC ISO 8601), for comparing with them."""
    if when is None or when == "":
        return None
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if not isinstance(when, datetime):  # a date: from its start
        when = datetime(when.year, when.month, when.day)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


def _report_lines(
    store: Store, rows: list[dict[str, Any]], around: list[dict[str, Any]], every: bool = False
) -> list[dict[str, Any]]:
    """The `reports --json` lines of these rows (`Store.reports()` rows): their failed checks
    (the stored ones, and the cross-year ones over `around`, at least the rows' issuers' reports)
    and their files. `every`: the rows are every report, whose checks and files are read whole."""
    ids = None if every else [r["id"] for r in rows]
    failed = _failed_checks(store, rows, around, ids)
    sources = store.sources(ids)
    return [_report_line(row, failed[row["id"]], sources.get(row["id"], [row["source_file"]])) for row in rows]


def _failed_checks(
    store: Store, rows: list[dict[str, Any]], around: list[dict[str, Any]], ids: list[str] | None
) -> dict[str, list[dict[str, Any]]]:
    """Report id → its failed checks: the stored ones (of `ids`, every report's when None) and the
    cross-year ones (上年结转 ≠ last year's 结转下年度) over `around`, computed now."""
    from .review.gather import MAX_IDS, cross_year

    stored: dict[str, list[dict[str, Any]]] = {}
    # One query, not one per report (past SQLite's bound parameters: every failed check, few)
    for c in store.checks(ids if ids is None or len(ids) <= MAX_IDS else None, failed_only=True):
        stored.setdefault(c["report_id"], []).append(c)
    crossed = cross_year(store, around)
    return {r["id"]: stored.get(r["id"], []) + crossed.get((r["issuer"], r["year"]), []) for r in rows}


def _coverage_entries(
    rows: list[dict[str, Any]], failed: dict[str, list[dict[str, Any]]], span: list[int]
) -> list[dict[str, Any]]:
    """Each issuer's entry of the coverage grid, from its reports' rows in `reports()` order: its
    dated reports, and the years of `span` without one."""
    issuers: dict[str | None, dict[str, Any]] = {}
    for r in rows:
        if not r["year"]:
            continue
        entry = issuers.setdefault(r["issuer"], {"issuer": r["issuer"], "region": r["region"], "reports": []})
        entry["reports"].append(
            {
                "year": r["year"],
                "report_id": r["id"],
                "source_file": r["source_file"],
                "template": r["template"],
                "failed_checks": len(failed[r["id"]]),
            }
        )
    for entry in issuers.values():
        entry["on_file"] = entry["reports"]
        have = {x["year"] for x in entry["reports"]}
        entry["missing"] = [y for y in span if y not in have]
    return list(issuers.values())


def _report_line(row: dict[str, Any], failed: list[dict[str, Any]], sources: list[str]) -> dict[str, Any]:
    """A stored report, its failed checks and every file that gave it, as the `reports --json` line."""
    return {
        "report_id": row["id"],
        "source_file": row["source_file"],
        "issuer": row["issuer"],
        "region": row["region"],
        "year": row["year"],
        "template": row["template"],
        "code": row.get("code"),
        "kind": row.get("kind"),
        "sources": sources,
        "found": {k: row[f"{k}_how"] for k in ("issuer", "region", "year", "template")},
        "figures": row["n_figures"],
        "chunks": row["n_chunks"],
        "failed_checks": [
            {"name": c["name"], "description": c["description"], "left": c["left"], "right": c["right"]} for c in failed
        ],
        "warnings": json.loads(row["warnings"] or "[]"),
        "path": row["path"],
        "ingested_at": row["ingested_at"],
    }
