"""BM25 for a search within a few reports, scored in Python exactly as FTS5's bm25() would.

FTS5's bm25() counts, for every phrase of the query, the rows of the whole index that
contain it, by walking that phrase's list of rows: a search within one report costs as
much as the corpus is large (measured at 10,000 reports: ~1 ms to find the report's
matching rows, 15–30 ms to count the nine terms of a question across 170,000 rows).
So the index keeps those counts itself (`lexical_df`, and the row and token totals in
`lexical_totals`), updated in the same transaction as the rows, and a restricted search
asks FTS5 only for the matching rows and scores them here with the same formula and
the same numbers (tests/test_lexical_bm25.py compares the two).
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .db import Db

DF_TABLE = "lexical_df"
TOTALS_TABLE = "lexical_totals"
K1, B = 1.2, 0.75  # FTS5's constants (fts5_aux.c)
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {DF_TABLE} (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
    f"CREATE TABLE IF NOT EXISTS {TOTALS_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "rows INTEGER NOT NULL, tokens INTEGER NOT NULL)",
    f"INSERT OR IGNORE INTO {TOTALS_TABLE} (id, rows, tokens) VALUES (1, 0, 0)",
)


def ensure_schema(db: Db) -> None:
    """Create the count tables (empty) if they do not exist."""
    for sql in SCHEMA:
        db.execute(sql)


@lru_cache(maxsize=1 << 16)
def _is_token_char(ch: str) -> bool:
    # unicode61's token characters: letters, numbers and private-use; anything else separates.
    cat = unicodedata.category(ch)
    return cat[0] in "LN" or cat == "Co"


@lru_cache(maxsize=1 << 18)
def fts_tokens(text: str) -> tuple[str, ...]:
    """The tokens FTS5's default unicode61 tokenizer makes of `text` (case folded, diacritics removed)."""
    out: list[str] = []
    current: list[str] = []
    for ch in text:
        if _is_token_char(ch):
            current.append(ch)
        elif current:
            out.append(_fold("".join(current)))
            current = []
    if current:
        out.append(_fold("".join(current)))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _fold(token: str) -> str:
    low = token.lower()
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) if decomposed != low else low


# A row whose tokens hold none of these splits on spaces alone (jieba's words, already
# lowercased and trimmed): unicode61 separators inside a word, or Latin letters with diacritics.
_NOT_PLAIN = re.compile(r"[^\w ]|_|[\u00c0-\u024f\u1e00-\u1eff]")


def row_terms(tokens: str) -> tuple[tuple[str, ...], set[str]]:
    """A row's `tokens` column as FTS5 reads it: its token sequence and the set of distinct tokens."""
    if not _NOT_PLAIN.search(tokens):
        seq = tuple(tokens.split())
        return seq, set(seq)
    out: list[str] = []
    for word in tokens.split(" "):
        out.extend(fts_tokens(word))
    return tuple(out), set(out)


def _rows_counts(token_columns: Iterable[str]) -> tuple[Counter[str], int, int]:
    """(rows containing each token, number of rows, number of tokens) of some rows' `tokens` columns.
    Each row's `rid` column is one more token (FTS5 counts every column's tokens)."""
    df: Counter[str] = Counter()
    n_rows = n_tokens = 0
    for tokens in token_columns:
        seq, distinct = row_terms(tokens)
        df.update(distinct)
        n_rows += 1
        n_tokens += len(seq) + 1
    return df, n_rows, n_tokens


def add(db: Db, token_columns: Iterable[str], sign: int = 1) -> None:
    """Count rows being added (sign 1) or removed (sign -1); the caller owns the transaction."""
    df, n_rows, n_tokens = _rows_counts(token_columns)
    if not n_rows:
        return
    db.conn.executemany(
        f"INSERT INTO {DF_TABLE} (term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n",
        [(term, sign * n) for term, n in df.items()],
    )
    if sign < 0:
        db.execute(f"DELETE FROM {DF_TABLE} WHERE n <= 0 AND term IN ({', '.join('?' * len(df))})", list(df))
    db.execute(
        f"UPDATE {TOTALS_TABLE} SET rows = rows + ?, tokens = tokens + ? WHERE id = 1", [sign * n_rows, sign * n_tokens]
    )


def counted(db: Db) -> bool:
    """Whether the counts are kept in this store (every store since migration m007 keeps them)."""
    try:
        row = db.execute(f"SELECT rows FROM {TOTALS_TABLE} WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return False
    return bool(row and row[0] > 0)


def rebuild(db: Db, table: str, token_columns: Iterable[str] | None = None) -> None:
    """Count every row of the FTS5 table `table` again (a store from before the counts, or a repair).

    `token_columns`: the rows' `tokens` columns, for an index that keeps no copy of them
    (index/lexical.py since migration m008); by default read from the table."""
    ensure_schema(db)
    db.execute(f"DELETE FROM {DF_TABLE}")
    db.execute(f"UPDATE {TOTALS_TABLE} SET rows = 0, tokens = 0 WHERE id = 1")
    if token_columns is not None:
        batch: list[str] = []
        for tokens in token_columns:
            batch.append(tokens)
            if len(batch) >= 5000:
                add(db, batch)
                batch = []
        add(db, batch)
        return
    cursor = db.execute(f"SELECT tokens FROM {table}")
    while rows := cursor.fetchmany(5000):
        add(db, (t for (t,) in rows))


def phrases(terms: Sequence[str]) -> list[tuple[str, ...]]:
    """The query's phrases as FTS5 reads them: each quoted term, split by unicode61 ("80.7" is "80 7")."""
    return [p for p in (fts_tokens(t) for t in terms) if p]


def _count(seq: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    if len(phrase) == 1:
        return seq.count(phrase[0])
    n = len(phrase)
    return sum(1 for i in range(len(seq) - n + 1) if seq[i : i + n] == phrase)


class Scorer:
    """BM25 of rows against one query's phrases, with the index's own counts."""

    def __init__(self, db: Db, table: str, terms: Sequence[str]) -> None:
        self.phrases = phrases(terms)
        totals = db.execute(f"SELECT rows, tokens FROM {TOTALS_TABLE} WHERE id = 1").fetchone()
        self.n_rows, n_tokens = (int(totals[0]), int(totals[1])) if totals else (0, 0)
        self.avgdl = n_tokens / self.n_rows if self.n_rows else 1.0
        singles = sorted({p[0] for p in self.phrases if len(p) == 1})
        df = (
            dict(
                db.execute(
                    f"SELECT term, n FROM {DF_TABLE} WHERE term IN ({', '.join('?' * len(singles))})", singles
                ).fetchall()
            )
            if singles
            else {}
        )
        self.idf = []
        for p in self.phrases:
            hits = df.get(p[0], 0) if len(p) == 1 else _phrase_rows(db, table, p)
            # The totals and the counts are read in separate statements: a report stored between
            # them can leave a term counted in more rows than the total (a log of a negative).
            hits = min(hits, self.n_rows)
            idf = math.log((self.n_rows - hits + 0.5) / (hits + 0.5)) if self.n_rows else 0.0
            self.idf.append(idf if idf > 0.0 else 1e-6)

    def score(self, tokens: str) -> float:
        """FTS5's bm25(table, 1.0, 0.0) of a row, negated (higher is better)."""
        seq, distinct = row_terms(tokens)
        d = len(seq) + 1  # and the rid column's token
        norm = K1 * (1 - B + B * d / self.avgdl)
        total = 0.0
        for phrase, idf in zip(self.phrases, self.idf):
            if phrase[0] not in distinct:
                continue
            f = _count(seq, phrase)
            total += idf * (f * (K1 + 1.0)) / (f + norm)
        return total


def _phrase_rows(db: Db, table: str, phrase: tuple[str, ...]) -> int:
    """Rows containing a phrase of several tokens (rare in questions: "80.7"): FTS5 counts them."""
    quoted = '"' + " ".join(phrase).replace('"', '""') + '"'
    try:
        return int(
            db.execute(f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH ?", [f"tokens : {quoted}"]).fetchone()[0]
        )
    except sqlite3.OperationalError:
        return 0
