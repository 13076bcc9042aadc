"""One writer at a time, across processes: two ingests, or an ingest beside a repair,
both finish and every report keeps its vectors; deferred embedding fills in later."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import corpus_files, write_config

NIANBAO = [sys.executable, "-c", "from bot.cli import main; main()"]


def start(config: Path, *args: str | Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*NIANBAO, *map(str, args), "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run(config: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NIANBAO, *map(str, args), "--config", str(config)], capture_output=True, text=True, timeout=120
    )


def vectors_agree(data_dir: Path) -> None:
    from index.store import Store

    store = Store(data_dir, embedder="fake")
    counts = store.vectors.counts()
    reports = store.reports()
    assert reports
    for r in reports:
        assert counts.get(r["id"], 0) == r["n_chunks"] == r["n_vectors"], r["source_file"]
    assert set(counts) == {r["id"] for r in reports}


def test_two_ingests_and_a_repair_side_by_side_all_finish(tmp_path):
    files = corpus_files()
    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    procs = [
        start(config, "ingest", *files[:3], "--json"),
        start(config, "ingest", *files[3:], "--json"),
        start(config, "repair"),
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    lines = [json.loads(x) for out, _ in outs[:2] for x in out.splitlines()]
    assert sorted(line["source_file"] for line in lines) == sorted(f.name for f in files)
    vectors_agree(tmp_path / "data")


def test_a_second_writer_told_not_to_wait_exits_2_with_one_line(tmp_path):
    from index.lock import write_lock

    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    from index.store import Store

    Store(tmp_path / "data", embedder="fake")  # an existing store: nothing to migrate
    with write_lock(tmp_path / "data").hold():
        result = run(config, "ingest", corpus_files()[0], "--no-wait")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "writing" in result.stderr
    assert "Traceback" not in result.stderr


def test_deferred_embedding_stores_at_once_and_embed_fills_in(tmp_path):
    files = corpus_files()
    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    result = run(config, "ingest", *files, "--defer-embedding", "--json")
    assert result.returncode == 0, result.stderr

    from index.store import Store

    store = Store(tmp_path / "data", embedder="fake")
    assert store.vectors.counts() == {}
    assert len(store.missing_vectors()) == len(files)
    # Passage questions work on the lexical index meanwhile.
    answer = json.loads(run(config, "ask", "同仁县政务公开领导小组的组长是谁", "--json").stdout)
    assert any("胡伟东" in p["text"] for p in answer["passages"])
    # A later ingest's start-up repair does not embed what was deferred.
    assert "re-embedded" not in run(config, "ingest", files[0]).stderr

    done = run(config, "embed", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "embedded" in done.stdout
    vectors_agree(tmp_path / "data")
    assert run(config, "embed").stdout.strip() == "Nothing to embed."
    assert run(config, "repair").stdout.strip() == "Nothing to repair."
    assert run(config, "repair", "--full").stdout.strip() == "Nothing to repair."


def test_full_repair_re_embeds_vectors_lost_behind_sqlites_back(tmp_path):
    from index.store import Store

    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    line = json.loads(run(config, "ingest", corpus_files()[0], "--json").stdout)
    store = Store(tmp_path / "data", embedder="fake")
    store.vectors.delete(line["report_id"])  # lost without SQLite knowing
    assert run(config, "repair").stdout.strip() == "Nothing to repair."  # the fast repair trusts the record
    assert "re-embedded" in run(config, "repair", "--full").stdout
    vectors_agree(tmp_path / "data")


def test_a_long_file_reports_progress_as_its_passages_are_embedded(tmp_path):
    from index.load import ingest_files
    from index.store import Store

    source = corpus_files()[0].read_text(encoding="utf-8")
    prose = "\n".join(
        f"（{i}）第{i}项工作：全面加强政务公开标准化规范化建设，不断提升公开质量和实效，"
        f"切实保障人民群众知情权、参与权、表达权和监督权，累计培训人员{i}人次。"
        for i in range(300)
    )
    path = tmp_path / "long.txt"
    path.write_text(source.replace("一、", "一、总体情况\n" + prose + "\n", 1), encoding="utf-8")
    seen: dict[str, list[int]] = {}

    def progress(p: Path, passages: int):  # type: ignore[no-untyped-def]
        ticks = seen.setdefault(p.name, [passages])
        return ticks.append

    [outcome] = ingest_files(Store(tmp_path / "data", embedder="fake"), [path], progress=progress)
    assert not outcome.error
    total, *ticks = seen["long.txt"]
    assert total == len(outcome.report.chunks) > 100
    assert len(ticks) > 1 and sum(ticks) == total  # batch by batch, not once at the end
