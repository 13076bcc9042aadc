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

SKELETON: the signatures are the contract; the storage behind them (conversations and
answer records in SQLite, a connection per thread, fresh reports after an ingest) is
being filled in (issue 8).
"""
from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .answer import Answer
from .config import Config, load_config

VERDICTS = ("good", "bad")
REASONS = ("wrong number", "wrong report", "not found", "other")


class Conversation:
    """One (channel, user)'s thread of questions: follow-ups inherit its context."""

    def __init__(self, service: Service, channel: str, user: str) -> None:
        self.service, self.channel, self.user = service, channel, user

    def ask(self, text: str) -> Answer:
        """Answer `text` in this conversation's context; the answer is recorded and carries its `id`."""
        return self.service._ask(self.channel, self.user, text)

    def reset(self) -> None:
        """Forget the context (`/reset`)."""
        self.service._contexts.pop((self.channel, self.user), None)


class Service:
    """Answers questions over one data directory, for any number of interfaces."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = threading.Lock()
        # One answerer (with its own SQLite connection) per thread: sqlite3 objects may not cross threads,
        # and a web server answers on a pool of them. An ingest bumps the generation; each thread's
        # answerer refreshes when it next answers.
        self._local = threading.local()
        self._generation = 0
        self._contexts: dict[tuple[str, str], Any] = {}
        self._records: dict[str, Answer] = {}
        self._feedback: dict[str, tuple[str, str | None]] = {}
        self._asked: dict[str, tuple[str, str, float]] = {}  # answer id → (channel, user, unix time)

    @classmethod
    def open(cls, config: Config | str | Path | None = None, data_dir: str | Path | None = None) -> Service:
        """Open from a Config, a config file path, or defaults (./config.toml when present)."""
        if not isinstance(config, Config):
            config = load_config(config, data_dir)
        elif data_dir is not None:
            config.data_dir = Path(data_dir)
        return cls(config)

    # ------------------------------------------------------------ store
    def _store(self) -> Any:
        from index.store import Store

        return Store(self.config.data_dir, embedder=self.config.embedder)

    def _get_answerer(self) -> Any:
        local = self._local
        if getattr(local, "answerer", None) is None:
            from .llm import phraser
            from .router import Answerer

            local.answerer = Answerer(self._store(), phrase=phraser(self.config.llm))
            local.generation = self._generation
        elif local.generation != self._generation:
            local.answerer.refresh()
            local.generation = self._generation
        return local.answerer

    def ingest(self, paths: list[str | Path], issuer: str | None = None, year: int | None = None) -> Iterator[Any]:
        """Read report files or folders into the store; one `index.load.Outcome` per file."""
        from index.load import expand, ingest_files

        store = self._store()
        store.repair()
        yield from ingest_files(store, expand(list(paths)), issuer=issuer, year=year)
        self._generation += 1

    def reports(self) -> list[dict[str, Any]]:
        """One dict per stored report: the JSON line of `nianbao reports --json`."""
        import json

        store = self._store()
        out = []
        for row in store.reports():
            failed = store.checks([row["id"]], failed_only=True)
            out.append({
                "report_id": row["id"], "source_file": row["source_file"], "issuer": row["issuer"],
                "region": row["region"], "year": row["year"], "template": row["template"],
                "found": {k: row[f"{k}_how"] for k in ("issuer", "region", "year", "template")},
                "figures": row["n_figures"], "chunks": row["n_chunks"],
                "failed_checks": [{"name": c["name"], "description": c["description"], "left": c["left"],
                                   "right": c["right"]} for c in failed],
                "warnings": json.loads(row["warnings"] or "[]"), "path": row["path"],
                "ingested_at": row["ingested_at"],
            })
        return out

    def figures(self, issuer: str | None = None, year: int | None = None, metric: str | None = None,
                report_id: str | None = None) -> list[dict[str, Any]]:
        """Stored cells: the JSON lines of `nianbao figures --json`, optionally filtered."""
        from ingest.cells import as_number

        out = []
        for f in self._store().figures([report_id] if report_id else None, metric):
            if issuer and f["issuer"] != issuer or year and f["year"] != year:
                continue
            line = {k: f[k] for k in ("source_file", "issuer", "region", "year", "metric", "label")}
            line |= {"value": as_number(f["value"]), "unit": f["unit"], "raw": f["raw"], "status": f["status"],
                     "cite": f["cite"], "note": f["note"], "report_id": f["report_id"]}
            out.append(line)
        return out

    def coverage(self) -> dict[str, Any]:
        """Which issuers have a report on file for which years, and which years in the span are missing.

        `years` runs from the earliest to the latest year of any stored report; each issuer lists its
        reports (year, file, template, number of failed checks) and the years of that span it lacks.
        Computed from `reports()` alone.
        """
        reports = self.reports()
        known = sorted({r["year"] for r in reports if r["year"]})
        years = list(range(known[0], known[-1] + 1)) if known else []
        by_issuer: dict[str, dict[str, Any]] = {}
        for r in sorted(reports, key=lambda r: (r["issuer"] or "", r["year"] or 0)):
            entry = by_issuer.setdefault(r["issuer"] or "", {"issuer": r["issuer"], "region": r["region"],
                                                            "reports": []})
            entry["reports"].append({"year": r["year"], "source_file": r["source_file"], "report_id": r["report_id"],
                                     "template": r["template"], "failed_checks": len(r["failed_checks"])})
        for entry in by_issuer.values():
            have = {x["year"] for x in entry["reports"]}
            entry["missing"] = [y for y in years if y not in have]
        return {"years": years, "issuers": list(by_issuer.values())}

    # ------------------------------------------------------------ answering
    def conversation(self, channel: str, user: str) -> Conversation:
        """The conversation of `user` on `channel` (e.g. "cli", "telegram", "web")."""
        return Conversation(self, str(channel), str(user))

    def ask(self, text: str, channel: str = "api", user: str = "") -> Answer:
        """A one-off question with no conversation context."""
        return self._ask(channel, user, text, remember=False)

    def _ask(self, channel: str, user: str, text: str, remember: bool = True) -> Answer:
        started = time.perf_counter()
        with self._lock:
            previous = self._contexts.get((channel, user)) if remember else None
            answer, q = self._get_answerer().ask(text, previous)
            if remember:
                self._contexts[(channel, user)] = q
            answer.id = secrets.token_urlsafe(6)
            answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
            self._records[answer.id] = answer
            self._asked[answer.id] = (channel, user, time.time())
        return answer

    def answer(self, answer_id: str) -> Answer | None:
        """A recorded answer by its id, or None."""
        return self._records.get(answer_id)

    def answers(self) -> list[dict[str, Any]]:
        """Every recorded answer, oldest first: who asked (channel, user), when, what, the reply and any feedback."""
        out = []
        for answer_id, (channel, user, at) in sorted(self._asked.items(), key=lambda kv: kv[1][2]):
            a = self._records[answer_id]
            verdict, reason = self._feedback.get(answer_id, (None, None))
            out.append({"id": answer_id, "channel": channel, "user": user,
                        "asked_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at)), "question": a.question,
                        "route": a.route, "answer": a.answer, "verdict": verdict, "reason": reason})
        return out

    def feedback(self, answer_id: str, verdict: str, reason: str | None = None) -> bool:
        """Attach good/bad (and for bad, a reason from REASONS) to a recorded answer; False if unknown."""
        if verdict not in VERDICTS or answer_id not in self._records:
            return False
        self._feedback[answer_id] = (verdict, reason)
        return True
