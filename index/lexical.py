"""Lexical (BM25) index of narrative chunks: an FTS5 table over jieba tokens.

The FTS5 table keeps no copy of the rows it indexes (an external-content table): a row's
report and chunk are read from `chunk_fts_rows`, and the tokens it was indexed with, which
FTS5 needs again to take a row out, are kept once per report, compressed, in
`chunk_fts_tokens` (a quarter of the room FTS5's own copy took).
"""

from __future__ import annotations

import functools
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import bm25
from .compact import pack_text, read_parts, unpack_text, write_parts
from .db import Db

if TYPE_CHECKING:
    from ingest.model import Chunk


@functools.lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    """jieba, imported on first use: figure questions never tokenise, and it takes a while to load."""
    import logging  # here, not at the top: not imported by a figure question's process

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


TABLE = "chunk_fts"
ROWS = "chunk_fts_rows"  # id (the index's rowid), report_id, chunk_index of every indexed chunk
TOKENS = "chunk_fts_tokens"  # per report: its rows' ids, chunk indexes and tokens, compressed JSON, in parts
SOURCE = "chunk_fts_source"  # the view FTS5 reads a row's columns from (tokens and rid: not kept)

# Up to this many reports, a restricted search names them inside the MATCH expression
# (FTS5 then reads only those reports' rows); beyond, the expression would cost more
# than it saves, and the search filters the matches on report_id instead.
MAX_IN_MATCH = 200
# Up to this many reports, the matches are scored in Python with the index's own term
# counts (index/bm25.py) rather than by FTS5's bm25(), which counts each term across the
# whole corpus on every query; beyond, there are enough rows that FTS5's C is faster.
MAX_SCORED_HERE = 20
# Up to this many reports, not even FTS5 is asked which rows match: every row a report keeps
# is scored (a row matches when it scores above 0). The MATCH reads each term's postings
# across the whole index (0.9 ms a question at 100,000 reports, for the one report of a blank
# cell's sentence), and a question's common words match most of a report's rows anyway.
MAX_READ_HERE = 3

# Function words that carry no meaning for retrieval, plus question words,
# since questions are tokenized with the same rules as the reports.
STOP_ZH = frozenset(
    "的 地 得 了 着 过 和 与 及 以及 或 或者 等 等等 是 在 对 为 中 年 月 日 "
    "之 其 其中 该 此 这 那 各 也 都 并 而 且 就 把 被 由 从 向 于 以 将 所 "
    "个 有 上 下 我 我们 吗 呢 吧 啊 什么 多少 哪些 哪个 哪 怎么 怎样 如何 是否 请问".split()
)
STOP_EN = frozenset(
    "a an the of to in on at by for from with and or not no is are was were be been "
    "being it its this that these those as which who whom whose what when where why "
    "how many much do does did has have had i you he she we they me my our your their "
    "there here than then so if but about into over under can could will would should".split()
)
STOPWORDS = STOP_ZH | STOP_EN


@dataclass(frozen=True)
class LexicalHit:
    """A chunk found by the lexical index, with its BM25 score."""

    report_id: str
    chunk_index: int
    score: float  # higher is better (negated bm25)


def _is_noise(ch: str) -> bool:
    # Punctuation, symbols, separators and control characters.
    return unicodedata.category(ch)[0] in "PSZC"


@functools.lru_cache(maxsize=1 << 16)  # the same words recur in every report: strip each once
def _clean(token: str) -> str:
    start, end = 0, len(token)
    while start < end and _is_noise(token[start]):
        start += 1
    while end > start and _is_noise(token[end - 1]):
        end -= 1
    return token[start:end]


def tokenize(text: str) -> list[str]:
    """Search tokens of ``text``: NFKC, lowercased jieba search-mode words, minus stop words."""
    normal = unicodedata.normalize("NFKC", text).lower()
    tokens = []
    for raw in _jieba().cut_for_search(normal):
        token = _clean(raw)  # "80.7%" -> "80.7"
        if token and token not in STOPWORDS:
            tokens.append(token)
    return tokens


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


# A question's search is tokenized twice: by retrieval, and by the search it makes. Kept for a
# few questions (those being answered now), not as a cache of every question asked.
@functools.lru_cache(maxsize=8)
def question_tokens(text: str) -> tuple[str, ...]:
    """`tokenize` of a question's search."""
    return tuple(tokenize(text))


def query_terms(text: str) -> list[str]:
    """The distinct search tokens of a question, in order."""
    return list(dict.fromkeys(question_tokens(text)))


def tokenize_query(text: str) -> str:
    """An FTS5 MATCH expression for ``text``: distinct tokens, each quoted, OR-joined.

    Quoting makes every token a plain string, so user text cannot inject FTS5
    syntax. Returns "" when nothing searchable is left.
    """
    return _match(query_terms(text))


def _match(terms: list[str]) -> str:
    return " OR ".join(_quote(t) for t in terms)


def rid_token(report_id: str) -> str:
    """The token that stands for ``report_id`` in the ``rid`` column.

    A digest, so that it is one FTS5 token whatever characters the id holds.
    """
    import hashlib  # here: OpenSSL's hashlib is a cost every command paid at start-up, and few search

    return "r" + hashlib.sha1(report_id.encode("utf-8")).hexdigest()[:16]


# tokens: the chunk's search tokens; rid: its report's `rid_token`, so that a search
# restricted to some reports can say so inside the MATCH expression.
SCHEMA = f"fts5(tokens, rid, report_id UNINDEXED, chunk_index UNINDEXED, content='{SOURCE}', content_rowid='id')"
# The index as stores before migration m008 had it: FTS5 kept its own copy of every row.
CONTENT_SCHEMA = "fts5(tokens, rid, report_id UNINDEXED, chunk_index UNINDEXED)"

Row = tuple[str, str, str, int]  # tokens, rid, report_id, chunk_index


def has_rid_column(db: Db) -> bool:
    """Whether the index has the ``rid`` column (stores from before migration m005 lack it)."""
    return "rid" in {row[1] for row in db.execute(f"PRAGMA table_info({TABLE})").fetchall()}


def ensure_schema(db: Db, schema: str = SCHEMA) -> None:
    """Create the index's tables if they do not exist (`schema`: the FTS5 table's)."""
    try:
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING {schema}")
        bm25.ensure_schema(db)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):
            raise RuntimeError(f"this SQLite ({sqlite3.sqlite_version}) lacks FTS5") from exc
        raise
    if schema == SCHEMA:
        ensure_row_tables(db)


def ensure_row_tables(db: Db) -> None:
    """The tables an external-content index reads its rows from and takes them out with."""
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {ROWS} (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL, "
        "chunk_index INTEGER NOT NULL)"
    )
    # Rowid order: parts are appended, so pages fill (index/compact.py, PART_BYTES).
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {TOKENS} (id INTEGER PRIMARY KEY, report_id TEXT NOT NULL, "
        "part INTEGER NOT NULL, data BLOB NOT NULL)"
    )
    db.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {TOKENS}_report ON {TOKENS} (report_id, part)")
    db.execute(
        f"CREATE VIEW IF NOT EXISTS {SOURCE} AS "
        f"SELECT id, NULL AS tokens, NULL AS rid, report_id, chunk_index FROM {ROWS}"
    )


def _chunk_text(chunk: Chunk, prefix: str) -> str:
    return "\n".join(p for p in (prefix, chunk.section, chunk.subsection, chunk.text) if p)


def rows(report_id: str, chunks: list[Chunk], prefix: str = "") -> list[Row]:
    """The index rows of ``chunks`` of one report; ``prefix`` (e.g. issuer and year) is indexed with each.

    Tokenising is the slow part: done apart from `insert_rows`, outside any write transaction.
    """
    rid = rid_token(report_id)
    return [(" ".join(tokenize(_chunk_text(c, prefix))), rid, report_id, c.index) for c in chunks]


def insert_rows(db: Db, index_rows: list[Row], ids: list[int] | None = None, count: bool = True) -> None:
    """Add rows made by `rows` (does not commit: the caller owns the transaction).

    `ids`: the index rowid of each (a migration keeping the order rows had); by default new ones.
    `count`: add them to the term counts (index/bm25.py); not when they are counted already."""
    by_report: dict[str, list[tuple[int, Row]]] = {}
    for n, row in enumerate(index_rows):
        if ids is not None:
            db.execute(f"INSERT INTO {ROWS} (id, report_id, chunk_index) VALUES (?, ?, ?)", [ids[n], row[2], row[3]])
            rowid = ids[n]
        else:
            rowid = int(
                db.execute(f"INSERT INTO {ROWS} (report_id, chunk_index) VALUES (?, ?)", [row[2], row[3]]).lastrowid
                or 0
            )
        by_report.setdefault(row[2], []).append((rowid, row))
    db.conn.executemany(
        f"INSERT INTO {TABLE}(rowid, tokens, rid, report_id, chunk_index) VALUES (?, ?, ?, ?, ?)",
        [(rowid, *row) for group in by_report.values() for rowid, row in group],
    )
    for report_id, group in by_report.items():
        kept = _kept(db, report_id)
        kept += [(rowid, row) for rowid, row in group]
        listed = json.dumps([[rowid, *row] for rowid, row in kept], ensure_ascii=False)
        write_parts(db, TOKENS, "report_id", report_id, pack_text(listed))
    if count:
        bm25.add(db, (row[0] for row in index_rows))


def _kept(db: Db, report_id: str) -> list[tuple[int, Row]]:
    """A report's index rows as inserted: (rowid, (tokens, rid, report_id, chunk_index))."""
    packed = read_parts(db, TOKENS, "report_id", report_id)
    if packed is None:
        return []
    return [(r[0], (r[1], r[2], r[3], r[4])) for r in json.loads(unpack_text(packed))]


def recount(db: Db) -> None:
    """Make the term counts (index/bm25.py) again from every row's tokens."""
    if TOKENS not in db.table_names():  # an index keeping its own copy of its rows (before m008)
        bm25.rebuild(db, TABLE)
        return
    ids = [r[0] for r in db.execute(f"SELECT DISTINCT report_id FROM {TOKENS}")]
    bm25.rebuild(db, TABLE, (row[0] for rid in ids for _, row in _kept(db, rid)))


def stored_rows(db: Db, report_id: str | None = None) -> list[Row]:
    """The index rows of one report (all when None) as they were inserted, in rowid order."""
    ids = (
        [report_id] if report_id is not None else [r[0] for r in db.execute(f"SELECT DISTINCT report_id FROM {TOKENS}")]
    )
    kept = [k for rid in ids for k in _kept(db, rid)]
    return [row for _, row in sorted(kept)]


def add_chunks(db: Db, report_id: str, chunks: list[Chunk], prefix: str = "") -> None:
    """Index ``chunks`` of one report (does not commit: the caller owns the transaction)."""
    insert_rows(db, rows(report_id, chunks, prefix))


def delete_report(db: Db, report_id: str) -> None:
    """Remove every chunk of ``report_id`` (does not commit).

    FTS5 takes a row out of an external-content index only when told the values it was
    indexed with: the ones kept for the report."""
    kept = _kept(db, report_id)
    bm25.add(db, (row[0] for _, row in kept), sign=-1)
    db.conn.executemany(
        f"INSERT INTO {TABLE}({TABLE}, rowid, tokens, rid, report_id, chunk_index) VALUES ('delete', ?, ?, ?, ?, ?)",
        [(rowid, *row) for rowid, row in kept],
    )
    db.conn.executemany(f"DELETE FROM {ROWS} WHERE id = ?", [(rowid,) for rowid, _ in kept])
    db.execute(f"DELETE FROM {TOKENS} WHERE report_id = ?", [report_id])


def search(
    db: Db,
    query: str,
    limit: int = 20,
    report_ids: list[str] | None = None,
) -> list[LexicalHit]:
    """BM25 search for ``query``, best first, optionally only within ``report_ids``.

    A few reports are named inside the MATCH expression, so FTS5 reads only their rows;
    a long list filters the corpus-wide matches instead (the same hits either way).
    """
    terms = query_terms(query)
    match = _match(terms)
    if not match or report_ids == [] or limit <= 0:
        return []
    # The rid column weighs 0, so naming reports never changes a hit's score.
    score = f"bm25({TABLE}, 1.0, 0.0)"
    match = f"tokens : ({match})"
    params: list[object] = []
    where = ""
    if report_ids is not None:
        if len(report_ids) <= MAX_IN_MATCH:
            rids = dict.fromkeys(rid_token(r) for r in report_ids)
            match += " AND rid : (" + " OR ".join(rids) + ")"
        # Kept even when the reports are in the expression: a digest could collide.
        where = f" AND report_id IN ({', '.join(['?'] * len(report_ids))})"
        params.extend(report_ids)
    params = [match, *params]
    # (min: a search told to leave scoring to FTS5, MAX_SCORED_HERE < 0, reads no rows here either)
    if report_ids is not None and len(report_ids) <= min(MAX_READ_HERE, MAX_SCORED_HERE) and bm25.counted(db):
        return _read_here(db, terms, report_ids, limit)
    if report_ids is not None and len(report_ids) <= MAX_SCORED_HERE and bm25.counted(db):
        return _scored_here(db, terms, params, where, limit)
    sql = f"SELECT report_id, chunk_index, {score} FROM {TABLE} WHERE {TABLE} MATCH ?{where} ORDER BY {score} LIMIT ?"
    params.append(limit)
    rows = db.execute(sql, params).fetchall()
    # FTS5's bm25() is lower-is-better; negate so higher means more relevant.
    return [LexicalHit(rid, int(idx), -float(rank)) for rid, idx, rank in rows]


def _read_here(db: Db, terms: list[str], report_ids: list[str], limit: int) -> list[LexicalHit]:
    """A few reports' rows that match, found and scored in Python from their kept tokens (the
    same rows, scores and order as `_scored_here`)."""
    scorer = bm25.Scorer(db, TABLE, terms)
    scored = []
    for rid in dict.fromkeys(report_ids):
        for rowid, (tokens, _, report_id, index) in _kept(db, rid):
            if (score := scorer.score(tokens)) > 0.0:
                scored.append((score, rowid, report_id, index))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [LexicalHit(rid, int(idx), score) for score, _, rid, idx in scored[:limit]]


def _scored_here(db: Db, terms: list[str], params: list[object], where: str, limit: int) -> list[LexicalHit]:
    """The matching rows of a few reports, from FTS5, scored by index/bm25.py (the same scores)."""
    found = db.execute(
        f"SELECT rowid, report_id, chunk_index FROM {TABLE} WHERE {TABLE} MATCH ?{where}", params
    ).fetchall()
    # The index keeps no copy of its rows' tokens: they are read from each report's kept ones.
    tokens = {rowid: row[0] for rid in {f[1] for f in found} for rowid, row in _kept(db, rid)}
    scorer = bm25.Scorer(db, TABLE, terms)
    scored = sorted(
        ((scorer.score(tokens[rowid]), rowid, rid, idx) for rowid, rid, idx in found), key=lambda x: (-x[0], x[1])
    )
    return [LexicalHit(rid, int(idx), score) for score, _, rid, idx in scored[:limit]]
