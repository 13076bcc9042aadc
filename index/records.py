"""What the answering service keeps in SQLite beside the reports: every answer given (with
who asked, the route, the answer's JSON, latency and any feedback) and each conversation's
context. Answers and contexts arrive here as JSON text: nothing here knows what a
question is."""

from __future__ import annotations

import os
import zlib
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only annotations: the command line's start-up stays light
    from .db import Db

# Short ids people can read aloud and type: no 0/o, 1/l/i.
_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ID_LENGTH = 8  # 31**8 ≈ 8.5e11: collisions are retried, and rare
# An answer's JSON longer than this is kept zlib-compressed (a BLOB): a ranking over 10,000
# reports carries every report in its table, about 3 MB of JSON, a tenth of that compressed.
COMPRESS_OVER = 16_384


def now() -> str:
    """The current time as stored: UTC, ISO 8601, to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    """A random id from the operating system's randomness, as `secrets` draws it, without importing
    `secrets` (hmac and OpenSSL's hashlib with it: a cost at every start)."""
    letters: list[str] = []
    while len(letters) < ID_LENGTH:
        # Bytes below 248 = 8 × 31 only: each letter equally likely.
        letters += [_ID_ALPHABET[b % len(_ID_ALPHABET)] for b in os.urandom(2 * ID_LENGTH) if b < 248]
    return "".join(letters[:ID_LENGTH])


def record_answer(
    db: Db,
    *,
    answer_id: str,
    channel: str,
    user: str,
    question: str,
    route: str,
    answer_json: str,
    latency_ms: float | None,
    asked_at: str | None = None,
    context_json: str | None = None,
) -> None:
    """Store one answer under `answer_id` (from `new_id`); sqlite3.IntegrityError when the id is taken.
    `context_json`: also the conversation's context, this answer its last, in the same transaction
    (one commit an answer, not two: the server writes one for every question it answers)."""
    stored: str | bytes = answer_json
    if len(answer_json) > COMPRESS_OVER:
        stored = zlib.compress(answer_json.encode("utf-8"), 6)
    with db.conn:
        db.conn.execute(
            "INSERT INTO answers (id, channel, user, question, route, answer, latency_ms, asked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [answer_id, channel, user, question, route, stored, latency_ms, asked_at or now()],
        )
        if context_json is not None:
            _save_context(db, channel, user, context_json, answer_id)


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    """A stored answer row with its JSON as text, whether it was kept compressed or not."""
    if isinstance(row.get("answer"), bytes):
        row["answer"] = zlib.decompress(row["answer"]).decode("utf-8")
    return row


def answer(db: Db, answer_id: str) -> dict[str, Any] | None:
    """The stored row of one answer, or None."""
    rows = list(db.query("SELECT * FROM answers WHERE id = ?", [answer_id]))
    return _readable(rows[0]) if rows else None


def asker(db: Db, answer_id: str) -> tuple[str, str] | None:
    """(channel, user) of the one who asked answer `answer_id`, or None when there is no such answer."""
    row = db.execute("SELECT channel, user FROM answers WHERE id = ?", [answer_id]).fetchone()
    return (row[0], row[1]) if row else None


def answers(
    db: Db, since: str | None = None, channel: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Stored answer rows, oldest first, asked at or after `since` (an ISO date or time, UTC)."""
    sql, params = "SELECT * FROM answers WHERE 1=1", []
    if since:
        sql += " AND asked_at >= ?"
        params.append(since)
    if channel:
        sql += " AND channel = ?"
        params.append(channel)
    if not limit:
        return [_readable(r) for r in db.query(sql + " ORDER BY asked_at, rowid", params)]
    latest = list(db.query(sql + " ORDER BY asked_at DESC, rowid DESC LIMIT ?", [*params, limit]))
    return [_readable(r) for r in latest[::-1]]


def conversations(db: Db, channel: str, prefix: str, limit: int = 50) -> list[dict[str, Any]]:
    """The conversations whose user key starts with `prefix` (web: "NAME/"), latest first: the key,
    how many answers, when it started and was last asked, and its first question."""
    rows = db.query(
        "SELECT user, COUNT(*) AS answers, MIN(asked_at) AS started, MAX(asked_at) AS last "
        "FROM answers WHERE channel = ? AND substr(user, 1, ?) = ? GROUP BY user ORDER BY last DESC LIMIT ?",
        [channel, len(prefix), prefix, limit],
    )
    out = [dict(r) for r in rows]
    for r in out:
        first = db.execute(
            "SELECT question FROM answers WHERE channel = ? AND user = ? ORDER BY asked_at, rowid LIMIT 1",
            [channel, r["user"]],
        ).fetchone()
        r["first_question"] = first[0] if first else ""
    return out


def conversation_answers(db: Db, channel: str, user: str, limit: int = 200) -> list[dict[str, Any]]:
    """One conversation's stored answer rows, oldest first (its latest `limit`)."""
    rows = list(
        db.query(
            "SELECT * FROM answers WHERE channel = ? AND user = ? ORDER BY asked_at DESC, rowid DESC LIMIT ?",
            [channel, user, limit],
        )
    )
    return [_readable(r) for r in rows[::-1]]


def set_feedback(db: Db, answer_id: str, verdict: str, reason: str | None, note: str | None = None) -> bool:
    """Add a verdict to an answer's feedback history (the answer's row shows the latest);
    False when there is no such answer."""
    at = now()
    with db.conn:
        cur = db.conn.execute(
            "UPDATE answers SET verdict = ?, reason = ?, note = ?, feedback_at = ? WHERE id = ?",
            [verdict, reason, note, at, answer_id],
        )
        if cur.rowcount:
            db.conn.execute(
                "INSERT INTO feedback (answer_id, verdict, reason, note, at) VALUES (?, ?, ?, ?, ?)",
                [answer_id, verdict, reason, note, at],
            )
    return cur.rowcount > 0


def feedback_history(db: Db, answer_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every verdict given on these answers, oldest first: answer id → [{verdict, reason, note, at}]."""
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(answer_ids), 500):  # within SQLite's bound parameters
        part = answer_ids[start : start + 500]
        for row in db.query(
            f"SELECT * FROM feedback WHERE answer_id IN ({', '.join('?' * len(part))}) ORDER BY at, rowid", part
        ):
            out.setdefault(row["answer_id"], []).append({k: row[k] for k in ("verdict", "reason", "note", "at")})
    return out


def context(db: Db, channel: str, user: str, max_age: timedelta | None = None) -> dict[str, Any] | None:
    """A conversation's stored row (context JSON, last answer id, time), unless older than `max_age`."""
    rows = list(db.query("SELECT * FROM conversations WHERE channel = ? AND user = ?", [channel, user]))
    if not rows:
        return None
    row = rows[0]
    if max_age is not None and datetime.fromisoformat(row["updated_at"]) < datetime.now(UTC) - max_age:
        return None
    return row


def save_context(db: Db, channel: str, user: str, context_json: str | None, answer_id: str | None) -> None:
    """Keep a conversation's context and last answer (replacing what it had)."""
    with db.conn:
        _save_context(db, channel, user, context_json, answer_id)


def _save_context(db: Db, channel: str, user: str, context_json: str | None, answer_id: str | None) -> None:
    db.conn.execute(
        "INSERT INTO conversations (channel, user, context, answer_id, updated_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (channel, user) DO UPDATE SET context = excluded.context, "
        "answer_id = excluded.answer_id, updated_at = excluded.updated_at",
        [channel, user, context_json, answer_id, now()],
    )


def clear_context(db: Db, channel: str, user: str) -> None:
    with db.conn:
        db.conn.execute("DELETE FROM conversations WHERE channel = ? AND user = ?", [channel, user])
