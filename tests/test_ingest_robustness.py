"""Bad input, other encodings, re-ingestion and a crash in the middle of a save."""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import corpus_files

HEYANG = "004_c70ef5546fcf38db.txt"
TONGREN = "000_6defafc39a58492d.txt"
HAIDONG = "001_925aec2065b71465.txt"

RECIPE = """番茄炒蛋

材料：番茄两个，鸡蛋三个，盐少许，白糖一小勺，葱花适量。

做法：
一、鸡蛋打散，加少许盐搅匀；番茄洗净切块。
二、热锅倒油，倒入蛋液炒至凝固后盛出。
三、锅中再加少许油，放入番茄翻炒出汁，加白糖调味。
四、倒回鸡蛋翻炒均匀，撒上葱花即可出锅。
"""


def corpus_file(name: str) -> Path:
    return next(f for f in corpus_files() if f.name == name)


def figures_by_file(nianbao) -> dict[str, dict[str, tuple]]:
    result = nianbao("figures", "--json")
    assert result.exit_code == 0, result.stderr
    out: dict[str, dict[str, tuple]] = defaultdict(dict)
    for f in result.json:
        out[f["source_file"]][f["metric"]] = (f["value"], f["unit"], f["raw"], f["status"])
    return out


def open_store(data_dir: Path):
    from index.store import Store

    return Store(data_dir, embedder="fake")


def row_counts(store) -> dict[str, int]:
    counts = {
        t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("reports", "figures", "checks", "chunks", "chunk_fts")
    }
    counts["vectors"] = sum(store.vectors.count(r["id"]) for r in store.reports())
    return counts


@pytest.fixture
def bad_and_good(tmp_path: Path) -> dict[str, Path]:
    """Four files that are not reports and one real report in three encodings."""
    folder = tmp_path / "in"
    folder.mkdir()
    rng = random.Random(20)
    text = corpus_file(HEYANG).read_text(encoding="utf-8")
    files = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02" + rng.randbytes(4000) + b"\x00" * 64,
        "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + rng.randbytes(2000),
        "recipe.txt": RECIPE.encode("utf-8"),
        "heyang-utf8.txt": text.encode("utf-8"),
        "heyang-gb18030.txt": text.encode("gb18030"),
        "heyang-utf16.txt": text.encode("utf-16"),  # with BOM
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    assert (folder / "heyang-utf16.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    return {name: folder / name for name in files}


BAD = ("empty.txt", "binary.txt", "picture.txt", "recipe.txt")
GOOD = ("heyang-utf8.txt", "heyang-gb18030.txt", "heyang-utf16.txt")


def test_each_bad_file_is_named_and_the_good_ones_stored(nianbao, bad_and_good):
    result = nianbao("ingest", *bad_and_good.values(), "--json")
    assert result.exit_code == 1
    lines = {line["source_file"]: line for line in result.json}
    assert sorted(lines) == sorted(bad_and_good)
    for name in BAD:
        assert lines[name]["error"], lines[name]
        assert "\n" not in lines[name]["error"]
    assert "empty" in lines["empty.txt"]["error"]
    assert "binary" in lines["binary.txt"]["error"]
    assert "damaged or unsupported image" in lines["picture.txt"]["error"]  # a PNG by its bytes: read as one
    assert "not a government information-disclosure annual report" in lines["recipe.txt"]["error"]
    # The good files are one report in three encodings: one report, three sources.
    for name in GOOD:
        assert lines[name]["error"] is None and lines[name]["action"] in ("added", "source added"), lines[name]
    [stored] = nianbao("reports", "--json").json
    assert sorted(stored["sources"]) == sorted(GOOD) and stored["issuer"] == "合阳县人民政府"


def test_without_json_each_bad_file_gets_one_error_line(nianbao, bad_and_good):
    result = nianbao("ingest", *(bad_and_good[n] for n in BAD))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == len(BAD)
    for name, line in zip(BAD, errors):
        assert name in line


@pytest.mark.slow
def test_other_encodings_give_the_same_figures(nianbao, bad_and_good):
    result = nianbao("ingest", *(bad_and_good[n] for n in GOOD), "--json")
    assert result.exit_code == 0, result.stdout
    assert all(line["figures"] > 100 for line in result.json)
    # One report from three files: another file that read any cell otherwise would flag it.
    [report] = nianbao("reports", "--json").json
    assert len(report["sources"]) == 3
    assert not [c for c in report["failed_checks"] if c["name"].startswith("sources disagree")]
    figures = figures_by_file(nianbao)
    assert figures[report["source_file"]]["applications.received.total"][0] == 5


@pytest.mark.slow
def test_encoding_is_recorded(data_dir, bad_and_good):
    from index.load import ingest_files

    encodings = {}
    for name in GOOD:  # each in a store of its own: in one store they are one report
        store = open_store(data_dir / name)
        [outcome] = ingest_files(store, [bad_and_good[name]])
        assert outcome.error is None
        encodings[name] = store.reports()[0]["encoding"].lower().replace("_", "-")
    assert encodings["heyang-utf8.txt"].startswith("utf-8")
    assert encodings["heyang-gb18030.txt"] == "gb18030"
    assert encodings["heyang-utf16.txt"].startswith("utf-16")


@pytest.mark.slow
def test_ingesting_the_corpus_twice_changes_nothing(nianbao, corpus, data_dir):
    texts = sorted(corpus.glob("*.txt"))
    first = nianbao("ingest", *texts, "--json")
    assert first.exit_code == 0, first.stdout
    assert {line["action"] for line in first.json} == {"added"}
    before = row_counts(open_store(data_dir))

    second = nianbao("ingest", *texts, "--json")
    assert second.exit_code == 0
    assert [line["action"] for line in second.json] == ["unchanged"] * len(first.json)
    after = row_counts(open_store(data_dir))
    assert after == before
    assert before["reports"] == len(first.json) and before["vectors"] == before["chunks"] > 0


def test_a_changed_file_replaces_its_old_version(nianbao, tmp_path, data_dir):
    path = tmp_path / "heyang.txt"
    shutil.copy(corpus_file(HEYANG), path)
    first = nianbao("ingest", path, "--json").json[0]

    printed = "行政许可 | 266 | 增77 | 1038 |"
    text = path.read_text(encoding="utf-8")
    assert printed in text
    path.write_text(text.replace(printed, "行政许可 | 266 | 增77 | 1040 |"), encoding="utf-8")
    second = nianbao("ingest", path, "--json")
    assert second.exit_code == 0
    line = second.json[0]
    assert line["action"] == "replaced" and line["report_id"] != first["report_id"]

    reports = nianbao("reports", "--json").json
    assert [r["report_id"] for r in reports] == [line["report_id"]]
    decisions = nianbao("figures", "--json", "--metric", "active.licensing.decisions").json
    assert [(f["value"], f["raw"]) for f in decisions] == [(1040, "1040")]
    assert open_store(data_dir).vectors.report_ids() == {line["report_id"]}


@pytest.mark.slow
def test_a_crash_while_writing_sqlite_leaves_the_store_as_it_was(nianbao, monkeypatch, data_dir):
    from index.load import ingest_files

    store = open_store(data_dir)
    assert [o.action for o in ingest_files(store, [corpus_file(TONGREN)])] == ["added"]
    before = row_counts(store)

    def crash(*args, **kwargs):
        raise RuntimeError("disk pulled out mid-save")

    with monkeypatch.context() as m:
        m.setattr("index.lexical.insert_rows", crash)
        with pytest.raises(RuntimeError, match="mid-save"):
            list(ingest_files(store, [corpus_file(HEYANG)]))

    from ingest.pipeline import parse_file

    rid = parse_file(corpus_file(HEYANG)).report_id
    assert store.report(rid) is None, "the half-written report was committed: Store.save is not one transaction"
    assert store.figures([rid]) == [] and store.chunks(rid) == [] and store.checks([rid]) == []
    assert store.db.execute("SELECT count(*) FROM chunk_fts WHERE report_id = ?", [rid]).fetchone()[0] == 0
    assert row_counts(store) == before
    assert rid in store.vectors.report_ids()  # the orphan the crash left behind

    # The next normal run repairs the vector index first, then ingests.
    result = nianbao("ingest", corpus_file(HAIDONG), "--json")
    assert result.exit_code == 0
    assert f"removed vectors of unknown report {rid}" in result.stderr
    store = open_store(data_dir)
    assert store.vectors.report_ids() == {r["id"] for r in store.reports()}

    again = nianbao("ingest", corpus_file(HEYANG), "--json")
    assert again.exit_code == 0 and again.json[0]["action"] == "added"
    store = open_store(data_dir)
    assert store.vectors.report_ids() == {r["id"] for r in store.reports()}
    assert store.vectors.count(rid) == len(store.chunks(rid)) > 0


@pytest.mark.slow
def test_a_crash_while_replacing_a_file_keeps_the_old_version(nianbao, monkeypatch, tmp_path, data_dir):
    from index.load import ingest_files

    path = tmp_path / "heyang.txt"
    shutil.copy(corpus_file(HEYANG), path)
    store = open_store(data_dir)
    [old] = [o.report.report_id for o in ingest_files(store, [path])]
    before = row_counts(store)
    path.write_text(path.read_text(encoding="utf-8") + "\n（修订版）\n", encoding="utf-8")

    with monkeypatch.context() as m:
        m.setattr("index.lexical.insert_rows", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            list(ingest_files(store, [path]))
    assert [r["id"] for r in store.reports()] == [old]
    assert row_counts(store) == before

    line = nianbao("ingest", path, "--json").json[0]
    assert line["action"] == "replaced"
    store = open_store(data_dir)
    assert store.vectors.report_ids() == {r["id"] for r in store.reports()} == {line["report_id"]}


def test_issuer_and_year_overrides(nianbao):
    line = nianbao("ingest", corpus_file(TONGREN), "--issuer", "同仁市人民政府", "--year", "2020", "--json").json[0]
    assert (line["issuer"], line["year"]) == ("同仁市人民政府", 2020)
    assert line["found"]["issuer"] == line["found"]["year"] == "override"
    stored = nianbao("reports", "--json").json
    assert [(r["issuer"], r["year"], r["found"]["issuer"], r["found"]["year"]) for r in stored] == [
        ("同仁市人民政府", 2020, "override", "override")
    ]
    figures = nianbao("figures", "--json", "--metric", "review.total").json
    assert [(f["issuer"], f["year"], f["value"]) for f in figures] == [("同仁市人民政府", 2020, 4)]


@pytest.mark.slow
def test_a_folder_is_read_for_its_report_files_and_broken_ones_are_named(nianbao, tmp_path):
    folder = tmp_path / "downloads"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(corpus_file(TONGREN), folder / "tongren.txt")
    shutil.copy(corpus_file(HEYANG), folder / "sub" / "heyang.TXT")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "README").write_text("政府信息公开", encoding="utf-8")
    result = nianbao("ingest", folder, "--json")
    assert result.exit_code == 1, result.stdout
    lines = {line["source_file"]: line for line in result.json}
    assert sorted(lines) == ["heyang.TXT", "notes.docx", "photo.png", "report.pdf", "tongren.txt"]
    assert lines["notes.docx"]["error"] and lines["report.pdf"]["error"]
    assert "damaged or unsupported image" in lines["photo.png"]["error"]  # images are read (OCR) since issue 20
    assert not lines["heyang.TXT"]["error"] and not lines["tongren.txt"]["error"]


def test_a_broken_file_named_directly_is_a_named_error(nianbao, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = nianbao("ingest", pdf, "--json")
    assert result.exit_code == 1
    assert result.json[0]["source_file"] == "report.pdf" and "damaged PDF" in result.json[0]["error"]


def test_missing_file_and_empty_folder(nianbao, tmp_path):
    result = nianbao("ingest", tmp_path / "nope.txt", "--json")
    assert result.exit_code == 1 and result.json[0]["error"] == "no such file"
    (tmp_path / "empty").mkdir()
    assert nianbao("ingest", tmp_path / "empty", "--json").exit_code == 2
