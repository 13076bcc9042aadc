"""Issuers at scale (issue 21): the store keeps one row per issuer and the names a question may
call it by (index/issuers.py, migration m013); a question about one place reads that place's
issuers and reports only, so a figure question costs the same however many reports are stored.

The store: the corpus's real reports, and synthetic counties the division register has never
heard of (bench/synthetic.py: 样例N县人民政府, copies of the real reports' cells)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import IngestedCorpus

from bench.synthetic import add_synthetic
from bot.catalog import _LOOKUPS_BEFORE_KEYS, Catalog
from bot.issuer_lookup import StoredIssuers
from bot.router import Answerer
from index import issuers, migrations
from index.store import Store

SYNTHETIC = 300  # 样例0县 … 样例49县, six years each


@pytest.fixture(scope="module")
def store(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Store:
    s = Store(ingested.copy(tmp_path_factory, "at-scale"), embedder="fake")
    add_synthetic(s, SYNTHETIC)
    return s


def _rows(store: Store) -> dict[str, tuple[object, ...]]:
    return {
        r[0]: tuple(r[1:])
        for r in store.db.execute("SELECT issuer, region, code, kind, level, years, n_reports, keyed FROM issuers")
    }


def test_every_issuer_has_one_row_with_its_level_years_and_count(store: Store) -> None:
    rows = _rows(store)
    on_file = {r[0] for r in store.db.execute("SELECT DISTINCT issuer FROM reports WHERE issuer IS NOT NULL")}
    assert set(rows) == on_file
    assert rows["合阳县人民政府"][3:6] == ("county", "2020", 1)
    assert rows["样例12县人民政府"] == ("样例12县", None, "government", "county", "2019,2020,2021,2022,2023,2024", 6, 1)
    assert all(keyed == 1 for *_, keyed in rows.values())


def test_the_migration_fills_the_table_as_the_triggers_keep_it(store: Store, tmp_path: Path) -> None:
    """A store of schema 12 (no issuers table) gets the same rows from m013 as ingest keeps."""
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(store.data_dir, copy)
    old = Store(copy, embedder="fake")
    old.db.execute("DROP TABLE issuer_keys")
    old.db.execute("DROP TABLE issuers")
    for (name,) in old.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'issuers_%'"):
        old.db.execute(f"DROP TRIGGER {name}")
    old.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_issuers'")
    old.db.conn.commit()
    assert migrations.migrate(old.db) == ["m013_issuers"]
    assert _rows(old) == _rows(store)
    keys = "SELECT key, issuer, how FROM issuer_keys ORDER BY 1, 2, 3"
    assert old.db.execute(keys).fetchall() == store.db.execute(keys).fetchall()


def test_removing_and_renaming_keep_the_table_in_the_same_transaction(store: Store, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "w"
    shutil.copytree(store.data_dir, copy)
    s = Store(copy, embedder="fake")
    ids = [r[0] for r in s.db.execute("SELECT id FROM reports WHERE issuer = '样例3县人民政府' ORDER BY year")]
    s.delete(ids[0])
    assert _rows(s)["样例3县人民政府"][4:6] == ("2020,2021,2022,2023,2024", 5)
    s.rename_issuer("样例3县人民政府", "样例3县政府办公室")
    rows = _rows(s)
    assert "样例3县人民政府" not in rows and rows["样例3县政府办公室"][5:] == (5, 1)
    names = {k for (k,) in s.db.execute("SELECT key FROM issuer_keys WHERE issuer = '样例3县人民政府'")}
    assert not names
    for rid in ids[1:]:
        s.delete(rid)
    assert "样例3县政府办公室" not in _rows(s)
    assert not s.db.execute("SELECT 1 FROM issuer_keys WHERE issuer = '样例3县政府办公室'").fetchall()


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("合阳县2020年收到多少政府信息公开申请", {"合阳县人民政府"}),
        ("合阳2020年收到多少申请", {"合阳县人民政府"}),
        ("样例12县2020年收到多少申请", {"样例12县人民政府"}),
        ("样例12 2020年收到多少申请", {"样例12县人民政府"}),
        ("How many applications did Langgao receive in 2019?", {"岚皋县人民政府办公室"}),
        ("合阳线2020年收到多少申请", {"合阳县人民政府"}),
        ("渭南市2020年收到多少申请", {"合阳县人民政府"}),
    ],
)
@pytest.mark.parametrize("keys_in_memory", [False, True])
def test_a_question_reads_only_the_issuers_its_words_may_name(
    store: Store, question: str, wanted: set[str], keys_in_memory: bool
) -> None:
    naming = issuers.naming_keys(store.db) if keys_in_memory else None
    lookup = StoredIssuers(store, naming=lambda: naming)
    assert {m.issuer for m in lookup.match(question) if m.issuer} == wanted
    considered = lookup.matcher_for(question)._issuer_region
    total = store.db.execute("SELECT count(*) FROM issuers").fetchone()[0]
    assert len(considered) <= 3 and total > 50  # never a matcher over every issuer


def test_a_figure_question_never_reads_every_report(store: Store) -> None:
    catalog = Catalog()
    answerer = Answerer(store, use_vectors=False, catalog=catalog)
    answer, _ = answerer.ask("样例12县2020年收到多少申请")
    assert answer.route == "figure" and {f["issuer"] for f in answer.figures} == {"样例12县人民政府"}
    answer, _ = answerer.ask("合阳县2020年收到多少政府信息公开申请")
    assert answer.route == "figure" and answer.figures[0]["value"] == 5
    assert catalog._reports is None  # the list of every report was never built


def test_a_county_not_on_file_is_named_so_not_compared_with_every_report(ingested: IngestedCorpus) -> None:
    answer, q = Answerer(ingested.store, use_vectors=False).ask("样例12县2020年收到多少申请")
    assert answer.route == "none" and "样例12县" in answer.answer and not answer.table
    assert [p.region for p in q.missing_places] == ["样例12县"]


@pytest.mark.parametrize("question", ["何阳2020年收到多少申请", "何阳收到多少申请"])
def test_a_sound_alike_short_name_is_asked_about_from_the_store(store: Store, question: str) -> None:
    """The store keeps no slips of two characters: the sounds of the two a question opens with
    find the short names read alike (何阳 → heyang → 合阳), and the answer asks, never answers."""
    answer, _ = Answerer(store, use_vectors=False).ask(question)
    assert answer.route == "none" and not answer.figures and not answer.table
    assert "何阳" in answer.answer and "合阳县人民政府" in answer.answer and "是否指" in answer.answer


def test_which_county_ranks_counties_whose_level_only_the_name_says(store: Store, tmp_path: Path) -> None:
    """Reports whose region is unknown (a made-up county the register lacks): 哪个县 still ranks
    them, their level read from the name's ending."""
    import shutil

    copy = tmp_path / "noregion"
    shutil.copytree(store.data_dir, copy)
    s = Store(copy, embedder="fake")
    s.db.execute("UPDATE reports SET region = NULL WHERE issuer LIKE '样例%'")
    issuers.key_pending(s.db)
    s.db.conn.commit()
    assert _rows(s)["样例7县人民政府"][3] == "county"
    answer, _ = Answerer(s, use_vectors=False).ask("2020年哪个县收到的申请最多", full_table=True)
    assert answer.route == "rank"
    ranked = {r["issuer"] for r in answer.table}
    assert "样例7县人民政府" in ranked and "合阳县人民政府" in ranked


def test_misspellings_are_looked_for_only_when_nothing_is_named_as_written(store: Store) -> None:
    """A place named as written never reads every region's pinyin (0.2 s a question at 100,000
    reports); a misspelt romanisation (Langgao) still finds its place when nothing else is named."""
    read: list[int] = []

    def pinyin() -> list[tuple[str, str]]:
        read.append(1)
        return issuers.pinyin_keys(store.db)

    lookup = StoredIssuers(store, pinyin)
    assert [m.issuer for m in lookup.match("how many applications did 合阳 receive in 2020")] == ["合阳县人民政府"]
    assert read == []
    assert [m.issuer for m in lookup.match("Langgao applications in 2019")] == ["岚皋县人民政府办公室"]
    assert read == [1]


def test_a_busy_process_reads_the_naming_keys_once_and_again_after_an_ingest(store: Store, tmp_path: Path) -> None:
    """A one-shot `nianbao ask` looks names up in SQL; a server, after enough questions, holds
    the naming keys and drops a question's other substrings before SQL, and reads them again
    when the reports change (a county ingested since is found)."""
    import shutil

    copy = tmp_path / "busy"
    shutil.copytree(store.data_dir, copy)
    s = Store(copy, embedder="fake")
    catalog = Catalog()
    answerer = Answerer(s, use_vectors=False, catalog=catalog)
    for _ in range(_LOOKUPS_BEFORE_KEYS):
        assert answerer.ask("合阳2020年收到多少申请")[0].figures[0]["value"] == 5
    assert catalog._naming is None
    answer, _ = answerer.ask("合阳2020年收到多少申请")
    assert answer.figures[0]["value"] == 5 and catalog._naming is not None
    assert "样例50县" not in catalog._naming

    add_synthetic(s, 1)  # the 301st: 样例50县, 2019
    answerer.refresh(s.reports_version())
    answer, _ = answerer.ask("样例50县2019年收到多少申请")
    assert {f["issuer"] for f in answer.figures} == {"样例50县人民政府"}
    assert catalog._naming is not None and "样例50县" in catalog._naming
