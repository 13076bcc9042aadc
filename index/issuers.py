"""The issuers on file, one row each, and the names a question may call them by (issue 21).

A process answering one question about 合阳 used to read every report's row and build a name
matcher over every issuer: 1.1 s and 500 MB at 100,000 reports. The store keeps instead:

- `issuers`: one row per issuer — its region, division code, kind, level (county, city,
  province, township; from the division table, else the name's ending), the years of its
  reports and their number. Triggers on `reports` keep the row, its years and count, in the
  transaction that adds, removes or renames a report; a new issuer's row is marked `keyed = 0`
  until `key_pending` (run by the store's writes in the same transaction) gives it its level
  and names.
- `issuer_keys`: (key, issuer, how): every string a question may contain that names the
  issuer, its region or a place above it — the full name, the region and its short name (合阳),
  a township below the county (马厂镇, 马厂), a department's organ (发展和改革局), the region's
  names with one character blanked (a typing slip: 合阳线), its pinyin, and the words of its
  name (the place words a passage search leaves out). A question's substrings are looked up
  in one indexed query; the matcher is then built over the few issuers found.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ingest.organs import DEPARTMENT, GOVERNMENT, place_in_name
from ingest.organs import kind_of as organ_kind
from ingest.regions import LOCAL_ENDS, divisions, divisions_by_name, region_prefix, short_name
from ingest.textmatch import lazy

NAME, REGION, SHORT, LOCAL, ABOVE, ORGAN, SLIP, PINYIN, WORD = (
    "name",
    "region",
    "short",
    "local",
    "above",
    "organ",
    "slip",
    "pinyin",
    "word",
)
MAX_KEY = 40  # longer substrings of a question are not looked up (no stored name is longer)

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS issuers (issuer TEXT PRIMARY KEY, region TEXT, code TEXT, kind TEXT, "
    "level TEXT, years TEXT, n_reports INTEGER NOT NULL DEFAULT 0, keyed INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX IF NOT EXISTS issuers_region ON issuers (region)",
    "CREATE INDEX IF NOT EXISTS issuers_level ON issuers (level)",
    "CREATE INDEX IF NOT EXISTS issuers_pending ON issuers (keyed) WHERE keyed = 0",
    "CREATE TABLE IF NOT EXISTS issuer_keys (key TEXT NOT NULL, issuer TEXT NOT NULL, how TEXT NOT NULL, "
    "PRIMARY KEY (key, issuer, how)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS issuer_keys_issuer ON issuer_keys (issuer)",
)

# The row's count and years, from the reports (the (issuer, year) index makes it a short range).
_RECOUNT = (
    "UPDATE issuers SET n_reports = (SELECT count(*) FROM reports WHERE issuer = {x}.issuer), "
    "years = (SELECT group_concat(year) FROM (SELECT DISTINCT year FROM reports "
    "WHERE issuer = {x}.issuer AND year IS NOT NULL ORDER BY year)) WHERE issuer = {x}.issuer;"
)
_ADD = (
    "INSERT INTO issuers (issuer, region, code, kind, keyed) VALUES (NEW.issuer, NEW.region, NEW.code, "
    "NEW.kind, 0) ON CONFLICT (issuer) DO NOTHING;"
)
_DROP = (
    "DELETE FROM issuer_keys WHERE issuer = OLD.issuer AND NOT EXISTS (SELECT 1 FROM reports WHERE issuer = OLD.issuer);"
    "DELETE FROM issuers WHERE issuer = OLD.issuer AND n_reports = 0;"
)
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS issuers_report_added AFTER INSERT ON reports WHEN NEW.issuer IS NOT NULL BEGIN "
    + _ADD
    + _RECOUNT.format(x="NEW")
    + " END",
    "CREATE TRIGGER IF NOT EXISTS issuers_report_removed AFTER DELETE ON reports WHEN OLD.issuer IS NOT NULL BEGIN "
    + _RECOUNT.format(x="OLD")
    + _DROP
    + " END",
    "CREATE TRIGGER IF NOT EXISTS issuers_report_changed AFTER UPDATE OF issuer, year, region, kind, code ON reports "
    "BEGIN "
    + _RECOUNT.format(x="OLD")
    + _DROP
    + _ADD
    # the same issuer with another region or kind: its level and names are made again
    + "UPDATE issuers SET region = NEW.region, code = NEW.code, kind = NEW.kind, keyed = 0 "
    "WHERE issuer = NEW.issuer AND NEW.issuer IS NOT NULL AND (region IS NOT NEW.region OR kind IS NOT NEW.kind);"
    + _RECOUNT.format(x="NEW")
    + " END",
)


def create(db: Any) -> None:
    """The tables and triggers (idempotent), filled from the reports on file; every row keyed."""
    for sql in (*SCHEMA, *TRIGGERS):
        db.execute(sql)
    db.execute(
        "INSERT OR IGNORE INTO issuers (issuer, region, code, kind, keyed) "
        "SELECT issuer, region, code, kind, 0 FROM reports WHERE issuer IS NOT NULL GROUP BY issuer"
    )
    db.execute(_RECOUNT.format(x="issuers").replace("WHERE issuer = issuers.issuer;", ";"))
    key_pending(db)


def key_pending(db: Any) -> int:
    """Give every issuer marked `keyed = 0` its level and names, and every report marked
    `levelled = 0` its level (in the caller's transaction); how many issuers."""
    level_pending(db)
    rows = db.execute("SELECT issuer, region, kind FROM issuers WHERE keyed = 0").fetchall()
    if not rows:
        return 0
    issuers = [r[0] for r in rows]
    for chunk in _chunks(issuers, 500):
        db.execute(f"DELETE FROM issuer_keys WHERE issuer IN ({', '.join('?' * len(chunk))})", chunk)
    keys: list[tuple[str, str, str]] = []
    levels: list[tuple[str | None, str]] = []
    for issuer, region, kind in rows:
        place = region or region_prefix(issuer) or place_in_name(issuer)
        levels.append((level_of(issuer, place), issuer))
        keys += [(k, issuer, how) for k, how in name_keys(issuer, place, kind)]
    db.conn.executemany("INSERT OR IGNORE INTO issuer_keys (key, issuer, how) VALUES (?, ?, ?)", keys)
    db.conn.executemany("UPDATE issuers SET level = ?, keyed = 1 WHERE issuer = ?", levels)
    return len(rows)


def _chunks(items: Sequence[str], n: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def level_of(issuer: str, region: str | None) -> str | None:
    """The level of the place an issuer is an organ of: the division table's, else from the place's
    ending (样例12县 is a county though the table has never heard of it), township for 镇/乡/街道."""
    place = region or place_in_name(issuer)
    if not place:
        return None
    d = divisions().get(place)
    if d is not None:
        return d.level
    if place.endswith(("省", "自治区")):
        return "province"
    if place.endswith(("县", "区", "旗")):
        return "county"
    if place.endswith(("市", "州", "盟")):
        return "city"
    return "township" if place.endswith(LOCAL_ENDS) else None


# The government's own general office: it speaks for a place that has no government report on file.
_GOVERNMENT_OFFICE = lazy(r"政府办(?:公[室厅])?$")


def kind_of(issuer_name: str, row_kind: str | None = None) -> str:
    """government | department: the stored kind when there is one, else from the name.

    …人民政府 (a township's too), …街道办事处 and a zone's 管委会 are governments; every other
    body (a 局, a 委员会, the government's 办公室) is a department."""
    if row_kind in (GOVERNMENT, DEPARTMENT):
        return row_kind
    return organ_kind(issuer_name) or DEPARTMENT  # the rule ingest stores reports by


def is_government_office(issuer_name: str) -> bool:
    """The government's general office (岚皋县人民政府办公室), whose report stands in for the
    government's where the place has none on file."""
    return bool(_GOVERNMENT_OFFICE.search(issuer_name))


def speaks_for_place(issuer_name: str, row_kind: str | None = None) -> bool:
    """Whether a report answers for its place (哪个县…): a government's, or its general office's."""
    return kind_of(issuer_name, row_kind) == GOVERNMENT or is_government_office(issuer_name)


def region_level(region: str | None) -> str | None:
    """county | city | province of a region name, from the division table (suffix as a fallback)."""
    if not region:
        return None
    try:
        d = divisions().get(region)
        if d is not None:
            return d.level
    except (FileNotFoundError, ImportError):
        pass
    if region.endswith(("省", "自治区")):
        return "province"
    if region.endswith(("县", "区", "旗")):
        return "county"
    return "city" if region.endswith(("市", "州", "盟")) else None


def report_level(issuer: str | None, region: str | None, kind: str | None) -> tuple[str | None, int]:
    """A report's `place_level` and `department` (migration m016): the level of the place it
    answers for (哪个县: a government's or its general office's report; None for a bureau's), and
    whether it is a department's (哪个部门). `bot.plan.common.at_level` decides by these."""
    name = issuer or ""
    answers = region_level(region or place_in_name(name)) if speaks_for_place(name, kind) else None
    return answers, int(kind_of(name, kind) == DEPARTMENT)


# A report whose issuer, region or kind changes is levelled again by the next `key_pending`.
LEVEL_SCHEMA = (
    "ALTER TABLE reports ADD COLUMN place_level TEXT",
    "ALTER TABLE reports ADD COLUMN department INTEGER",
    "ALTER TABLE reports ADD COLUMN levelled INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX reports_unlevelled ON reports (levelled) WHERE levelled = 0",
    # A level's reports counted, by year, from the index alone (what `bot.report_set` counts by)
    "CREATE INDEX reports_level ON reports (place_level, year, issuer)",
    "CREATE INDEX reports_department ON reports (year, issuer) WHERE department = 1",
    "CREATE TRIGGER reports_relevel AFTER UPDATE OF issuer, region, kind ON reports WHEN NEW.levelled = 1 "
    "BEGIN UPDATE reports SET levelled = 0 WHERE id = NEW.id; END",
)


def level_pending(db: Any) -> int:
    """Give every report marked `levelled = 0` (added, or its issuer, region or kind changed) its
    `report_level` (in the caller's transaction); how many. A store before m016 has none to give."""
    try:
        rows = db.execute("SELECT id, issuer, region, kind FROM reports WHERE levelled = 0").fetchall()
    except sqlite3.OperationalError as e:  # (a store being migrated, before m016: no such column yet)
        if "levelled" not in str(e):
            raise
        return 0
    db.conn.executemany(
        "UPDATE reports SET place_level = ?, department = ?, levelled = 1 WHERE id = ?",
        [(*report_level(i, r, k), rid) for rid, i, r, k in rows],
    )
    return len(rows)


def local_names(issuer: str, region: str | None) -> list[str]:
    """The place below the county in an issuer's name, and its short form: 沭阳县马厂镇人民政府
    → 马厂镇, 马厂. None for a place the register knows (it is matched as a division)."""
    rest = issuer[issuer.find(region) + len(region) :] if region and region in issuer else issuer
    place = place_in_name(rest)
    if not place or place in divisions_by_name() or not place.endswith(LOCAL_ENDS):
        return []
    stem = next(place[: -len(x)] for x in LOCAL_ENDS if place.endswith(x))
    return [place, stem] if len(stem) >= 2 else [place]


def organ_of(issuer: str, region: str | None, kind: str | None) -> str:
    """A department's organ: its name less its place (沭阳县发展和改革局 → 发展和改革局); "" otherwise."""
    if not region or (kind or organ_kind(issuer) or DEPARTMENT) != DEPARTMENT:
        return ""
    at = issuer.find(region)
    return issuer[at + len(region) :] if at >= 0 else ""


def slips(name: str) -> list[str]:
    """The name with each character in turn blanked (?): one typing slip is then a look-up (of
    Chinese names only: a slip is a character typed for another)."""
    if len(name) < 3 or not all_cjk(name):
        return []
    return [name[:j] + "?" + name[j + 1 :] for j in range(len(name))]


def all_cjk(text: str) -> bool:
    """Whether every character is a Chinese one."""
    return all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in text)


def name_keys(issuer: str, region: str | None, kind: str | None) -> list[tuple[str, str]]:
    """Every (key, how) a question may name this issuer by (see the module's docstring)."""
    keys = [(issuer, NAME)]
    if region:
        short = short_name(region)
        keys += [(region, REGION), (short, SHORT)]
        keys += [(s, SLIP) for name in {region, short} for s in slips(name)]
        keys += [(p, PINYIN) for p in pinyin_of(region)]
        keys += [(a, ABOVE) for a in ancestors(region)]
    keys += [(n, LOCAL) for n in local_names(issuer, region)]
    organ = organ_of(issuer, region, kind)
    if organ:
        keys += [(organ, ORGAN), (organ.replace("和", ""), ORGAN)]
    keys += [(w, WORD) for w in place_words(issuer, region)]
    return list(dict.fromkeys(keys))


def ancestors(region: str) -> list[str]:
    """The cities and province above a region in the division table (渭南市, 陕西省 above 合阳县)."""
    out, d = [], divisions().get(region)
    while d is not None and d.parent:
        out.append(d.parent)
        d = divisions().get(d.parent)
    return out


@lru_cache(maxsize=65536)
def pinyin_of(region: str) -> tuple[str, ...]:
    """The region's pinyin, full and short, ü written both v and u: heyangxian, heyang."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(region, style=Style.NORMAL)
    variants = [syllables]
    short = short_name(region)
    if short != region and len(syllables) == len(region):
        variants.append(syllables[: len(short)])
    out = []
    for v in variants:
        joined = "".join(v).lower()
        out += [joined, joined.replace("v", "u")]
    return tuple(dict.fromkeys(k for k in out if re.fullmatch(r"[a-z]+", k)))


def place_words(issuer: str, region: str | None) -> set[str]:
    """The words naming the issuer's place, as a passage search tokenises them (not what a question counts)."""
    from .lexical import tokenize

    words: set[str] = set()
    for name in (issuer, region):
        if name:
            words |= set(tokenize(name)) | {short_name(name) if region == name else name}
    return words


# ------------------------------------------------------------------ reading
def candidates(db: Any, keys: Iterable[str], hows: Sequence[str] | None = None) -> list[tuple[str, str, str | None]]:
    """(issuer, region, kind) of every issuer some key names (of those kinds of key, when given)."""
    sql = (
        "SELECT DISTINCT i.issuer, i.region, i.kind FROM issuer_keys k JOIN issuers i ON i.issuer = k.issuer "
        "WHERE k.key IN (SELECT value FROM json_each(?))"
    )
    params: list[Any] = [json.dumps(sorted(set(keys)), ensure_ascii=False)]
    if hows is not None:
        sql += f" AND k.how IN ({', '.join('?' * len(hows))})"
        params += list(hows)
        if WORD not in hows:  # (lets SQLite read the index without the words: migration m015)
            sql += f" AND k.how != '{WORD}'"
    return [(r[0], r[1], r[2]) for r in db.execute(sql + " ORDER BY i.issuer", params).fetchall()]


def naming_keys(db: Any) -> frozenset[str]:
    """Every distinct key that names an issuer (all kinds but the words): 59,666 at 100,000
    reports, read in ~55 ms into ~7 MB (its covering index, m015)."""
    return frozenset(r[0] for r in db.execute(f"SELECT DISTINCT key FROM issuer_keys WHERE how != '{WORD}'"))


def found_keys(db: Any, keys: Iterable[str], how: str) -> set[str]:
    """Which of these keys are stored as that kind of key (the place words among a question's)."""
    rows = db.execute(
        "SELECT DISTINCT key FROM issuer_keys WHERE key IN (SELECT value FROM json_each(?)) AND how = ?",
        [json.dumps(sorted(set(keys)), ensure_ascii=False), how],
    ).fetchall()
    return {r[0] for r in rows}


def pinyin_keys(db: Any) -> list[tuple[str, str]]:
    """(pinyin, issuer) of every stored pinyin key (where a misspelt romanisation is looked for):
    one per region on file, 6,668 at 100,000 reports."""
    return [(r[0], r[1]) for r in db.execute("SELECT key, issuer FROM issuer_keys WHERE how = ?", [PINYIN])]


def years(db: Any, issuers: Sequence[str]) -> dict[str, list[int]]:
    """issuer → the years of its reports."""
    rows = db.execute(
        "SELECT issuer, years FROM issuers WHERE issuer IN (SELECT value FROM json_each(?))",
        [json.dumps(list(issuers), ensure_ascii=False)],
    ).fetchall()
    return {r[0]: [int(y) for y in (r[1] or "").split(",") if y] for r in rows}


def all_years(db: Any) -> list[int]:
    """Every year some report is of. Each found as the least above the last, by the years' index
    (a loose index scan): DISTINCT read the whole index, 3 ms of a trend's 8 at 100,000 reports."""
    rows = db.execute(
        "WITH RECURSIVE y(v) AS (SELECT min(year) FROM reports WHERE year IS NOT NULL "
        "UNION ALL SELECT (SELECT min(year) FROM reports WHERE year > v) FROM y WHERE v IS NOT NULL) "
        "SELECT v FROM y WHERE v IS NOT NULL"
    )
    return [r[0] for r in rows]


def of_level(db: Any, level: str) -> list[tuple[str, str | None, str | None]]:
    """(issuer, region, kind) of the issuers of that level."""
    rows = db.execute("SELECT issuer, region, kind FROM issuers WHERE level = ? ORDER BY issuer", [level])
    return [(r[0], r[1], r[2]) for r in rows]


def of_level_sql(level: str) -> tuple[str, list[Any]]:
    """SQL over `reports r` keeping the reports of issuers of that level, their bureaus included
    (有哪些县的报告: a county's and its bureaus'), or the departments' reports for "department";
    and its parameters. A ranking over a level keeps the governments only (`place_level`)."""
    if level == DEPARTMENT:
        return "r.department = 1", []
    return "r.issuer IN (SELECT issuer FROM issuers WHERE level = ?)", [level]


def is_issuer(db: Any, name: str) -> bool:
    """Whether `name` is a stored issuer's name, exactly (one primary-key look-up)."""
    return db.execute("SELECT 1 FROM issuers WHERE issuer = ? AND issuer != ''", [name]).fetchone() is not None


def containing(db: Any, part: str) -> list[str]:
    """The stored issuers whose name contains `part` as written (case and all: `part in name`),
    sorted: a place outside the register of divisions, found by the words of the names. instr,
    not LIKE, so that % and _ in `part` are plain characters; one pass over the issuers' rows
    (18,336 at 100,000 reports), never over the reports."""
    rows = db.execute(
        "SELECT issuer FROM issuers WHERE issuer != '' AND instr(issuer, ?) > 0 ORDER BY issuer", [part]
    ).fetchall()
    return [r[0] for r in rows]
