"""Schema of the SQLite store, as numbered migrations recorded in the database,
so that a store written by an older version upgrades itself when opened.

sqlite-utils' `Migrations` keeps the list and the record (table `_sqlite_migrations`, set
"nianbao") and applies them, each in a savepoint with its record. `migrate` wraps that in
one write transaction taken with BEGIN IMMEDIATE, which sqlite-utils' own `apply` does not:
it starts a deferred transaction after reading what is pending, so two processes opening an
old store at once would both run a migration, or one fail at once with "database is locked".
Under the write lock the pending list is read afresh, and a crash or an error leaves the
store as it was before the upgrade began (later migrations are never applied over a failed
one). A store that is up to date is only read.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from . import lexical
from .aggregates import group_parts, group_row, tally_parts
from .db import write_transaction

MIGRATIONS = Migrations("nianbao")
migration = MIGRATIONS()  # registers a function as the next migration, under its name
OLD_TABLE = "_migrations"  # where versions before sqlite-utils' Migrations recorded them


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("reports").create(
        {
            "id": str,
            "source_file": str,
            "path": str,
            "content_hash": str,
            "encoding": str,
            "issuer": str,
            "issuer_how": str,
            "region": str,
            "region_how": str,
            "year": int,
            "year_how": str,
            "template": str,
            "template_how": str,
            "title": str,
            "text": str,
            "n_figures": int,
            "n_chunks": int,
            "warnings": str,
            "ingested_at": str,
        },
        pk="id",
    )
    db.table("reports").create_index(["content_hash"])
    db.table("reports").create_index(["path"])
    db.table("figures").create(
        {
            "report_id": str,
            "metric": str,
            "label": str,
            "cite": str,
            "value": float,
            "unit": str,
            "raw": str,
            "status": str,
            "note": str,
            "line": int,
        },
        pk=("report_id", "metric"),
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("figures").create_index(["metric"])
    db.table("checks").create(
        {
            "report_id": str,
            "name": str,
            "description": str,
            "ok": int,
            "left": float,
            "right": float,
            "metrics": str,
        },
        pk=("report_id", "name"),
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("chunks").create(
        {
            "report_id": str,
            "chunk_index": int,
            "section": str,
            "subsection": str,
            "cite": str,
            "text": str,
            "start": int,
            "end": int,
        },
        pk=("report_id", "chunk_index"),
        foreign_keys=[("report_id", "reports", "id")],
    )
    lexical.ensure_schema(db)  # today's schema: m005 and m008 see it and have nothing to do


@migration
def m002_service(db: sqlite_utils.Database) -> None:
    """What the answering service keeps: conversations, answer records, and a counter of report changes.

    `reports_version` goes up with every insert, update or delete of a report (triggers, so an
    ingest by any process or version counts): a long-running service compares it, not the
    whole report list, to know when its cached reports are stale.
    """
    db.table("answers").create(
        {
            "id": str,
            "channel": str,
            "user": str,
            "question": str,
            "route": str,
            "answer": str,
            "latency_ms": float,
            "asked_at": str,
            "verdict": str,
            "reason": str,
            "note": str,
            "feedback_at": str,
        },
        pk="id",
    )
    db.table("answers").create_index(["asked_at"])
    db.table("conversations").create(
        {
            "channel": str,
            "user": str,
            "context": str,
            "answer_id": str,
            "updated_at": str,
        },
        pk=("channel", "user"),
    )
    db.execute("CREATE TABLE reports_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)")
    db.execute("INSERT INTO reports_version (id, n) VALUES (1, 0)")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER reports_version_{event.lower()} AFTER {event} ON reports "
            "BEGIN UPDATE reports_version SET n = n + 1 WHERE id = 1; END"
        )


@migration
def m003_locations(db: sqlite_utils.Database) -> None:
    """Where a cell or passage was printed: the page of a PDF (NULL for other formats) and,
    for a passage, the line of the stored text it starts on. Rows stored before stay NULL."""
    db.table("figures").add_column("page", int)
    db.table("chunks").add_column("page", int)
    db.table("chunks").add_column("line", int)


@migration
def m004_vector_counts(db: sqlite_utils.Database) -> None:
    """How many vectors each report has in the vector index, and a journal of vector
    writes in flight, so that `repair` looks only at what changed instead of asking the
    vector index about every report. NULL n_vectors: not known yet (a store from before)."""
    db.table("reports").add_column("n_vectors", int)
    db.table("vector_journal").create({"report_id": str, "action": str, "at": str}, pk="report_id")
    db.table("reports").create_index(["issuer", "year"], if_not_exists=True)
    db.table("reports").create_index(["year"], if_not_exists=True)


@migration
def m005_lexical_report_token(db: sqlite_utils.Database) -> None:
    """Give every lexical index row its report's token (column ``rid``), so that a search
    within a few reports says so inside the FTS5 query instead of filtering every match
    in the corpus. FTS5 tables cannot gain a column: the index is rebuilt from its own
    stored tokens (no text is tokenised again) and takes the old one's place."""
    if lexical.has_rid_column(db):  # a store created since: m001 made the new schema
        return
    new = f"{lexical.TABLE}_m005"
    db.execute(f"DROP TABLE IF EXISTS {new}")
    db.execute(f"CREATE VIRTUAL TABLE {new} USING {lexical.CONTENT_SCHEMA}")
    cursor = db.execute(f"SELECT tokens, report_id, chunk_index FROM {lexical.TABLE} ORDER BY rowid")
    while batch := cursor.fetchmany(2000):
        db.conn.executemany(
            f"INSERT INTO {new}(tokens, rid, report_id, chunk_index) VALUES (?, ?, ?, ?)",
            [(tokens, lexical.rid_token(rid), rid, idx) for tokens, rid, idx in batch],
        )
    db.execute(f"DROP TABLE {lexical.TABLE}")
    db.execute(f"ALTER TABLE {new} RENAME TO {lexical.TABLE}")


@migration
def m006_compact_storage(db: sqlite_utils.Database) -> None:
    """Store each report in about twice the room of its text and figures (issue 11).

    Cells become `figure_cells` (integer keys, WITHOUT ROWID, what the template says left
    out: see index/compact.py; the view `figures` reads as the old table did); only failed
    checks are kept (nothing reads the passed ones); a passage's text is NULL when it is its
    span of the report's text as displayed, and its cite (section › subsection) is not stored.
    The view is written with today's FIGURE_COLUMNS: a later change to them needs a migration.
    """
    from ingest.template import METRICS

    from .compact import FIGURE_COLUMNS, FIGURE_TABLES, chunk_text_to_store, template_wording

    db.execute(
        "CREATE TABLE report_keys (key INTEGER PRIMARY KEY, report_id TEXT NOT NULL UNIQUE REFERENCES reports(id))"
    )
    db.execute("INSERT INTO report_keys (report_id) SELECT id FROM reports ORDER BY rowid")
    db.execute(
        "CREATE TABLE metric_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, label TEXT, cite TEXT, unit TEXT)"
    )
    # In the template's order, so that ordering cells by metric id is the order a report prints them.
    db.conn.executemany(
        "INSERT INTO metric_keys (key, label, cite, unit) VALUES (?, ?, ?, ?)",
        [(key, *template_wording(key)) for key in METRICS],
    )
    db.execute("INSERT OR IGNORE INTO metric_keys (key) SELECT DISTINCT metric FROM figures ORDER BY rowid")
    db.execute("""CREATE TABLE figure_cells (
        report_key INTEGER NOT NULL REFERENCES report_keys(key),
        metric_id INTEGER NOT NULL REFERENCES metric_keys(id),
        value REAL, raw TEXT, status TEXT, line INTEGER, page INTEGER, note TEXT,
        unit TEXT, label TEXT, cite TEXT,
        PRIMARY KEY (report_key, metric_id)) WITHOUT ROWID""")
    # One metric across every report (rank, trend, sums) reads this index alone: it holds what
    # those questions need (value, status, and the unit and cite a cell overrides, NULL as a rule)
    # beside report_key (the PK, appended): ~7 ms for 10,000 reports against ~16-80 ms through the table.
    db.execute("CREATE INDEX figure_cells_metric ON figure_cells (metric_id, value, status, unit, cite)")
    derived_raw = "CASE WHEN f.value IS NULL THEN '' ELSE CAST(CAST(f.value AS INTEGER) AS TEXT) END"
    derived_status = "CASE WHEN f.value IS NULL THEN 'blank' ELSE 'reported' END"

    def own(col: str) -> str:  # NULL: the metric's; '': none
        return f"CASE WHEN f.{col} IS m.{col} THEN NULL ELSE COALESCE(f.{col}, '') END"

    db.execute(f"""INSERT INTO figure_cells
        (report_key, metric_id, value, raw, status, line, page, note, unit, label, cite)
        SELECT k.key, m.id, f.value,
               CASE WHEN f.raw IS {derived_raw} THEN NULL ELSE f.raw END,
               CASE WHEN f.status IS {derived_status} THEN NULL ELSE f.status END,
               f.line, f.page, f.note, {own("unit")}, {own("label")}, {own("cite")}
        FROM figures f JOIN report_keys k ON k.report_id = f.report_id JOIN metric_keys m ON m.key = f.metric
        ORDER BY k.key, m.id""")
    db.execute("DROP TABLE figures")
    db.execute(f"CREATE VIEW figures AS SELECT {FIGURE_COLUMNS} FROM {FIGURE_TABLES}")

    db.execute("DELETE FROM checks WHERE ok != 0")

    db.execute("""CREATE TABLE chunks_m006 (
        report_id TEXT NOT NULL REFERENCES reports(id), chunk_index INTEGER NOT NULL,
        section TEXT, subsection TEXT, text TEXT, start INTEGER, [end] INTEGER, line INTEGER, page INTEGER,
        PRIMARY KEY (report_id, chunk_index)) WITHOUT ROWID""")
    cursor = db.execute(
        "SELECT c.report_id, c.chunk_index, c.section, c.subsection, c.text, c.start, c.[end], "
        "c.line, c.page, r.text FROM chunks c JOIN reports r ON r.id = c.report_id "
        "ORDER BY c.report_id, c.chunk_index"
    )
    while batch := cursor.fetchmany(2000):
        db.conn.executemany(
            "INSERT INTO chunks_m006 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (rid, idx, sec, sub, chunk_text_to_store(text, whole, start, end), start, end, line, page)
                for rid, idx, sec, sub, text, start, end, line, page, whole in batch
            ],
        )
    db.execute("DROP TABLE chunks")
    db.execute("ALTER TABLE chunks_m006 RENAME TO chunks")


@migration
def m007_lexical_counts(db: sqlite_utils.Database) -> None:
    """Keep the lexical index's term counts (index/bm25.py), so that a search within a few
    reports does not make FTS5 count every query term across the whole corpus. Counted
    once here from the index's stored tokens (no text is tokenised again)."""
    lexical.recount(db)


@migration
def m008_lexical_external_content(db: sqlite_utils.Database) -> None:
    """The lexical index keeps no copy of the rows it indexes (issue 11): FTS5 reads a row's
    report and chunk from `chunk_fts_rows`, and each report's tokens are kept once, compressed,
    for taking its rows out (see index/lexical.py). Converted from the index's own stored rows:
    nothing is tokenised again, and every row keeps its rowid, so ranking stays the same."""
    if lexical.TOKENS in db.table_names():  # a store created since: m001 made the new schema
        return
    old = f"{lexical.TABLE}_m008"
    db.execute(f"DROP TABLE IF EXISTS {old}")
    db.execute(f"ALTER TABLE {lexical.TABLE} RENAME TO {old}")
    lexical.ensure_schema(db)
    cursor = db.execute(f"SELECT rowid, tokens, rid, report_id, chunk_index FROM {old} ORDER BY rowid")
    while batch := cursor.fetchmany(5000):
        # The term counts (m007) already count these rows.
        lexical.insert_rows(db, [tuple(r[1:]) for r in batch], ids=[r[0] for r in batch], count=False)
    db.execute(f"DROP TABLE {old}")


@migration
def m009_compressed_text(db: sqlite_utils.Database) -> None:
    """A report's text, kept once (its passages are read from it since m006), is stored
    zlib-compressed in `report_texts`, in parts that sit inside a b-tree page (see
    index/compact.py): about 40 % of its UTF-8 size. `reports` keeps its metadata only."""
    from .compact import pack_text, write_parts

    if "report_texts" in db.table_names():  # made under this migration's earlier name (a development store)
        return
    db.execute(
        "CREATE TABLE report_texts (report_key INTEGER NOT NULL REFERENCES report_keys(key), "
        "part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (report_key, part)) WITHOUT ROWID"
    )
    cursor = db.execute(
        "SELECT k.key, r.text FROM reports r JOIN report_keys k ON k.report_id = r.id "
        "WHERE r.text IS NOT NULL ORDER BY k.key"
    )
    while batch := cursor.fetchmany(500):
        for key, text in batch:
            write_parts(db, "report_texts", "report_key", key, pack_text(text))
    db.execute("ALTER TABLE reports DROP COLUMN text")


@migration
def m010_issuer_identity(db: sqlite_utils.Database) -> None:
    """An issuer is an organ of a division: each report keeps its division's `code` and its
    `kind` (government or department). A report is one issuer and year, whatever number of
    files gave it: `report_sources` lists every file (the first one is the report's own;
    another keeps the cells it read, to show where it disagrees). Reports stored twice by
    older versions (same issuer and year, two files) become one report with two sources."""
    from ingest.organs import kind_of
    from ingest.regions import division_code

    db.execute("ALTER TABLE reports ADD COLUMN code TEXT")
    db.execute("ALTER TABLE reports ADD COLUMN kind TEXT")
    db.execute(
        "CREATE TABLE report_sources (path TEXT PRIMARY KEY, report_id TEXT NOT NULL, "
        "source_file TEXT, content_hash TEXT, cells TEXT, added_at TEXT)"
    )
    db.execute("CREATE INDEX report_sources_report ON report_sources (report_id)")
    rows = db.execute("SELECT id, issuer, path, source_file, content_hash, ingested_at FROM reports").fetchall()
    db.conn.executemany(
        "UPDATE reports SET code = ?, kind = ? WHERE id = ?",
        [(division_code(r[1]) if r[1] else None, kind_of(r[1]), r[0]) for r in rows],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO report_sources (path, report_id, source_file, content_hash, added_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(r[2] or r[0], r[0], r[3], r[4], r[5]) for r in rows],
    )


@migration
def m011_feedback_history(db: sqlite_utils.Database) -> None:
    """Every verdict given on an answer, in order: a later 👍 is added to an earlier 👎 and its
    reason, never put in its place (`answers` keeps the latest, for exports that want one)."""
    db.execute(
        "CREATE TABLE feedback (answer_id TEXT NOT NULL, verdict TEXT NOT NULL, reason TEXT, note TEXT, "
        "at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX feedback_answer ON feedback (answer_id, at)")
    db.execute(
        "INSERT INTO feedback (answer_id, verdict, reason, note, at) SELECT id, verdict, reason, note, "
        "COALESCE(feedback_at, asked_at) FROM answers WHERE verdict IS NOT NULL"
    )


@migration
def m012_failed_cells(db: sqlite_utils.Database) -> None:
    """Which cells of which reports a failed template check involves, as integer keys
    (`failed_cells`, kept by triggers on `checks` and `report_keys`): how many of 100,000
    reports printing a figure fail a check on it is a join on these keys, not a scan of every
    check's JSON (index/aggregates.py)."""
    failed = (
        "SELECT m.id, k.key FROM checks ch JOIN report_keys k ON k.report_id = ch.report_id, "
        "json_each(ch.metrics) j JOIN metric_keys m ON m.key = j.value WHERE ch.ok = 0"
    )
    db.execute(
        "CREATE TABLE failed_cells (metric_id INTEGER NOT NULL, report_key INTEGER NOT NULL, "
        "PRIMARY KEY (metric_id, report_key)) WITHOUT ROWID"
    )
    db.execute(f"INSERT OR IGNORE INTO failed_cells {failed}")
    db.execute(
        "CREATE TRIGGER failed_cells_insert AFTER INSERT ON checks WHEN NEW.ok = 0 BEGIN "
        "INSERT OR IGNORE INTO failed_cells SELECT m.id, k.key FROM report_keys k, json_each(NEW.metrics) j "
        "JOIN metric_keys m ON m.key = j.value WHERE k.report_id = NEW.report_id; END"
    )
    # A check removed while its report stays: that report's pairs again, from the checks left.
    db.execute(
        "CREATE TRIGGER failed_cells_delete AFTER DELETE ON checks BEGIN "
        "DELETE FROM failed_cells WHERE report_key IN (SELECT key FROM report_keys WHERE report_id = OLD.report_id); "
        f"INSERT OR IGNORE INTO failed_cells {failed} AND ch.report_id = OLD.report_id; END"
    )
    db.execute(
        "CREATE TRIGGER failed_cells_report AFTER DELETE ON report_keys BEGIN "
        "DELETE FROM failed_cells WHERE report_key = OLD.key; END"
    )


@migration
def m013_issuers(db: sqlite_utils.Database) -> None:
    """One row per issuer (its region, code, kind, level, years and number of reports), kept by
    triggers on `reports`, and the names a question may call it by (index/issuers.py): a question
    about one place reads that place's rows, not every report's (issue 21)."""
    from . import issuers

    issuers.create(db)


_TALLY_UPSERT = (
    "INSERT INTO metric_tally (metric_id, year, status, n, np, total, failed) {select} "
    "ON CONFLICT (metric_id, year, status) DO UPDATE SET n = n + excluded.n, np = np + excluded.np, "
    "total = total + excluded.total, failed = failed + excluded.failed"
)
_YEAR_OF = "COALESCE((SELECT r.year FROM report_keys k JOIN reports r ON r.id = k.report_id WHERE k.key = {key}), 0)"


def _tally_cell(c: str, sign: str, group: bool = False) -> str:
    """The upsert adding (sign '+') or taking away ('-') one cell (NEW or OLD) in a trigger; or
    one `group_cells` row, under metric_id -group_id."""
    st, printed, failed = group_parts(c) if group else tally_parts(c)
    select = (
        f"SELECT {'-' + c + '.group_id' if group else c + '.metric_id'}, {_YEAR_OF.format(key=c + '.report_key')}, "
        f"{st}, {sign}1, {sign}{printed}, CASE WHEN {printed} THEN {sign}{c}.value ELSE 0 END, {sign}{failed} WHERE true"
    )
    return _TALLY_UPSERT.format(select=select)


def _tally_report(year: str, sign: str, report_id: str, group: bool = False) -> str:
    """The upsert adding or taking away every cell (or `group_cells` row) of one report under
    `year` (its year changed)."""
    st, printed, failed = group_parts("c") if group else tally_parts("c")
    select = (
        f"SELECT {'-c.group_id' if group else 'c.metric_id'} AS m, COALESCE({year}, 0), {st} AS st, "
        f"{sign}count(*), {sign}sum({printed}), {sign}total(CASE WHEN {printed} THEN c.value END), "
        f"{sign}sum({failed}) FROM report_keys k JOIN {'group_cells' if group else 'figure_cells'} c "
        f"ON c.report_key = k.key WHERE k.report_id = {report_id} GROUP BY m, st"
    )
    return _TALLY_UPSERT.format(select=select)


def _tally_failed(c: str, sign: str) -> str:
    """A failed_cells row added or removed: its cell's tally counts one more or one fewer failing."""
    _, printed, _ = tally_parts("c")
    return (
        f"UPDATE metric_tally SET failed = failed {sign} 1 WHERE metric_id = {c}.metric_id AND status = 'reported' "
        f"AND year = {_YEAR_OF.format(key=c + '.report_key')} AND EXISTS (SELECT 1 FROM figure_cells c "
        f"WHERE c.report_key = {c}.report_key AND c.metric_id = {c}.metric_id AND {printed})"
    )


def _group_again(c: str) -> str:
    """The upsert making again the `group_cells` rows of cell `c`'s report for the groups it is in."""
    groups = f"SELECT group_id FROM sum_groups WHERE metric_id = {c}.metric_id"
    return (
        f"INSERT INTO group_cells (group_id, report_key, value, status, failed) "
        f"{group_row(c + '.report_key', groups)} "
        "ON CONFLICT (report_key, group_id) DO UPDATE SET value = excluded.value, status = excluded.status, "
        "failed = excluded.failed"
    )


@migration
def m014_metric_tally(db: sqlite_utils.Database) -> None:
    """Each metric's cells counted by the reports' year and the cell's status, with the sum of
    the printed values and how many of them fail a check (`metric_tally`, kept by triggers on
    `figure_cells`, `failed_cells` and the reports' year): a ranking's or a trend's counts and
    sums over 100,000 reports read a few rows, not the metric's 100,000 index entries. Sums of
    several cells (行政诉讼) likewise, in `group_cells` and their tally (`_sum_groups`)."""
    db.execute(
        "CREATE TABLE metric_tally (metric_id INTEGER NOT NULL, year INTEGER NOT NULL, status TEXT NOT NULL, "
        "n INTEGER NOT NULL, np INTEGER NOT NULL, total REAL NOT NULL, failed INTEGER NOT NULL, "
        "PRIMARY KEY (metric_id, year, status)) WITHOUT ROWID"
    )
    st, printed, failed = tally_parts("c")
    db.execute(
        f"INSERT INTO metric_tally SELECT c.metric_id, COALESCE(r.year, 0), {st} AS st, count(*), sum({printed}), "
        f"total(CASE WHEN {printed} THEN c.value END), sum({failed}) FROM figure_cells c "
        "LEFT JOIN report_keys k ON k.key = c.report_key LEFT JOIN reports r ON r.id = k.report_id "
        "GROUP BY c.metric_id, 2, st"
    )
    db.execute(f"CREATE TRIGGER metric_tally_insert AFTER INSERT ON figure_cells BEGIN {_tally_cell('NEW', '+')}; END")
    db.execute(f"CREATE TRIGGER metric_tally_delete AFTER DELETE ON figure_cells BEGIN {_tally_cell('OLD', '-')}; END")
    db.execute(
        "CREATE TRIGGER metric_tally_update AFTER UPDATE ON figure_cells BEGIN "
        f"{_tally_cell('OLD', '-')}; {_tally_cell('NEW', '+')}; END"
    )
    db.execute(
        "CREATE TRIGGER metric_tally_year AFTER UPDATE OF year ON reports "
        "WHEN COALESCE(OLD.year, 0) != COALESCE(NEW.year, 0) BEGIN "
        f"{_tally_report('OLD.year', '-', 'NEW.id')}; {_tally_report('NEW.year', '+', 'NEW.id')}; "
        f"{_tally_report('OLD.year', '-', 'NEW.id', True)}; {_tally_report('NEW.year', '+', 'NEW.id', True)}; END"
    )
    _sum_groups(db)
    db.execute(
        "CREATE TRIGGER metric_tally_failed AFTER INSERT ON failed_cells BEGIN "
        f"{_tally_failed('NEW', '+')}; {_group_again('NEW')}; END"
    )
    db.execute(
        "CREATE TRIGGER metric_tally_passed AFTER DELETE ON failed_cells BEGIN "
        f"{_tally_failed('OLD', '-')}; {_group_again('OLD')}; END"
    )


def _sum_groups(db: sqlite_utils.Database) -> None:
    """Sums of several cells a report (index.aggregates.group_row): a row a report and group in
    `group_cells`, kept by triggers from the groups' cells, tallied under metric_id -group_id; a
    group is added when first asked (`index.aggregates.add_sum_group`)."""
    db.execute("CREATE TABLE sum_group_names (id INTEGER PRIMARY KEY, metrics TEXT NOT NULL UNIQUE)")
    db.execute(
        "CREATE TABLE sum_groups (group_id INTEGER NOT NULL, metric_id INTEGER NOT NULL, "
        "PRIMARY KEY (metric_id, group_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE group_cells (group_id INTEGER NOT NULL, report_key INTEGER NOT NULL, value REAL, status TEXT, "
        "failed INTEGER NOT NULL, PRIMARY KEY (report_key, group_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX group_cells_value ON group_cells (group_id, value, status)")
    # A report's last cell of a group gone: its row goes; else it is made again from the cells left.
    gone = (
        "DELETE FROM group_cells WHERE report_key = OLD.report_key AND group_id IN "
        "(SELECT group_id FROM sum_groups WHERE metric_id = OLD.metric_id) AND NOT EXISTS (SELECT 1 FROM sum_groups n "
        "JOIN figure_cells c ON c.report_key = OLD.report_key AND c.metric_id = n.metric_id "
        "WHERE n.group_id = group_cells.group_id)"
    )
    # (Only for a cell of a kept group: the others, most, cost one look-up.)
    grouped = "WHEN EXISTS (SELECT 1 FROM sum_groups WHERE metric_id = {c}.metric_id)"
    db.execute(
        f"CREATE TRIGGER group_cells_insert AFTER INSERT ON figure_cells {grouped.format(c='NEW')} "
        f"BEGIN {_group_again('NEW')}; END"
    )
    db.execute(
        f"CREATE TRIGGER group_cells_delete AFTER DELETE ON figure_cells {grouped.format(c='OLD')} "
        f"BEGIN {gone}; {_group_again('OLD')}; END"
    )
    db.execute(
        "CREATE TRIGGER group_cells_update AFTER UPDATE ON figure_cells BEGIN "
        f"{gone}; {_group_again('OLD')}; {_group_again('NEW')}; END"
    )
    for event, sign in (("INSERT", "+"), ("DELETE", "-")):
        c = "NEW" if sign == "+" else "OLD"
        db.execute(
            f"CREATE TRIGGER group_tally_{event.lower()} AFTER {event} ON group_cells BEGIN "
            f"{_tally_cell(c, sign, True)}; END"
        )
    db.execute(
        "CREATE TRIGGER group_tally_update AFTER UPDATE ON group_cells BEGIN "
        f"{_tally_cell('OLD', '-', True)}; {_tally_cell('NEW', '+', True)}; END"
    )


@migration
def m015_issuer_naming_keys(db: sqlite_utils.Database) -> None:
    """The keys that name an issuer, indexed apart from the words of names (人民, 政府: one key
    for every government): a question's look-up of its ~700 substrings walked 33,000 entries for
    政府 alone at 100,000 reports (3.7 ms a question; 0.5 ms with this index)."""
    db.execute("CREATE INDEX issuer_keys_naming ON issuer_keys (key, how, issuer) WHERE how != 'word'")


@migration
def m016_report_levels(db: sqlite_utils.Database) -> None:
    """Every report's `place_level` (the level of the place it answers for: a government's or its
    general office's report; NULL for a bureau's) and `department` (a department's report), as
    `bot.plan.common.at_level` decides them, kept by `issuers.key_pending` in the writes that add
    or change a report: a ranking over 哪个县 chooses its reports in SQL, not by reading every
    county report into the process (issue 21)."""
    from . import issuers

    for sql in issuers.LEVEL_SCHEMA:
        db.execute(sql)
    issuers.level_pending(db)


@migration
def m017_report_order(db: sqlite_utils.Database) -> None:
    """The reports' own order (`store.REPORT_ORDER`: issuer, year, file, id) as an index: with the
    id added to the order, SQLite sorted every report for the first of them (a ranking over every
    report at 100,000 reports read the first report in 60 ms, 2 ms before)."""
    db.execute("CREATE INDEX IF NOT EXISTS reports_order ON reports (issuer, year, source_file, id)")


@migration
def m018_own_labels(db: sqlite_utils.Database) -> None:
    """The cells with a label of their own (most have their metric's: NULL) as a partial index:
    the figures browser's label words find them without reading every cell (index.figure_pages)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS figure_cells_own_label ON figure_cells (report_key, metric_id) WHERE label IS NOT NULL"
    )


def pending(db: sqlite_utils.Database) -> list[str]:
    """Names of the migrations this database has not seen (without writing anything)."""
    done = set(_old_records(db))
    return [m.name for m in MIGRATIONS.pending(db) if m.name not in done]


def migrate(db: sqlite_utils.Database, stop_before: str | None = None) -> list[str]:
    """Apply the migrations this database has not seen (those before `stop_before` only, when
    given: tests make old stores so); return their names."""
    if not pending(db):
        return []
    with write_transaction(db):
        _adopt_old_records(db)
        names = [m.name for m in MIGRATIONS.pending(db)]  # afresh: another process may have applied some
        if stop_before in names:
            names = names[: names.index(stop_before)]
        MIGRATIONS.apply(db, stop_before=stop_before)
    return names


def _old_records(db: sqlite_utils.Database) -> list[str]:
    return [row["name"] for row in db[OLD_TABLE].rows] if db[OLD_TABLE].exists() else []


def _adopt_old_records(db: sqlite_utils.Database) -> None:
    """Move the records of a store upgraded by an older version into sqlite-utils' table (in the
    caller's transaction): what it applied is not applied again."""
    if not db[OLD_TABLE].exists():
        return
    MIGRATIONS.ensure_migrations_table(db)
    applied = {m.name for m in MIGRATIONS.applied(db)}
    db.table(MIGRATIONS.migrations_table).insert_all(
        {"migration_set": MIGRATIONS.name, "name": row["name"], "applied_at": row["applied_at"]}
        for row in db[OLD_TABLE].rows
        if row["name"] not in applied
    )
    db.table(OLD_TABLE).drop()
