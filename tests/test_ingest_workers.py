"""Parsing in worker processes: a folder ingested with two workers gives the store one
process gives, line for line and row for row, bad files and issuer spellings included;
again it changes nothing; the issuers read once for a run stay right when a run replaces
the last report of a spelling."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from conftest import corpus_files, run_cli, write_config
from test_document_seam import hongze

# Every file is parsed in a worker process (index.sandbox), however few there are.
POOL_MIN_FILES = 8  # files enough to keep two workers busy for a while
# This checkout's code, whatever directory the test runs in (not another installed copy).
NIANBAO = [
    sys.executable,
    "-c",
    (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); from bot.cli import main; main()"),
]

RECIPE = "番茄炒蛋\n\n材料：番茄两个，鸡蛋三个。\n做法：鸡蛋打散，番茄切块，同炒。\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus text reports, copies of them made different by a line, three reports of
    one issuer in two spellings (the short one last: its tokens are made again in the main
    process under the full one), and files that are not reports; more than a pool's worth."""
    out = tmp_path_factory.mktemp("many")
    for f in corpus_files():
        shutil.copy(f, out / f.name)
        for i in range(2):
            (out / f"{f.stem}-copy{i}.txt").write_text(
                f.read_text(encoding="utf-8") + f"\n（副本{i}）\n", encoding="utf-8"
            )
    (out / "hongze-2022.txt").write_text(hongze(2022, "洪泽区人民政府", "洪泽区人民政府"), encoding="utf-8")
    (out / "hongze-2023.txt").write_text(hongze(2023, "淮安市洪泽区人民政府", "淮安市洪泽区人民政府"), encoding="utf-8")
    (out / "hongze-2024.txt").write_text(hongze(2024, "洪泽区人民政府", "洪泽区人民政府"), encoding="utf-8")
    (out / "empty.txt").write_bytes(b"")
    (out / "recipe.txt").write_text(RECIPE, encoding="utf-8")
    assert len(list(out.iterdir())) >= POOL_MIN_FILES + 2
    return out


def ingest(tmp_path: Path, name: str, *args: str | Path) -> list[dict]:
    """`nianbao ingest ARGS --json` into the store `name` under tmp_path; its JSON lines."""
    config = write_config(tmp_path / f"{name}.toml", tmp_path / name)
    result = run_cli("ingest", *args, "--json", "--defer-embedding", "--config", config)
    assert result.exit_code == 1, result.stderr  # 1: the files that are not reports
    return result.json


def stored(data_dir: Path) -> dict[str, list[tuple]]:
    """Every row of the tables ingest writes, but for the time each report was stored."""
    db = sqlite3.connect(data_dir / "nianbao.db")
    try:
        out = {}
        for table, columns in (
            ("reports", "*"),
            ("figures", "*"),
            ("checks", "*"),
            ("chunks", "*"),
            ("chunk_fts", "tokens, rid, report_id, chunk_index"),
            ("report_sources", "path, report_id, source_file, content_hash, cells"),
        ):
            cursor = db.execute(f"SELECT {columns} FROM {table}")
            keep = [
                i
                for i, d in enumerate(cursor.description)
                if d[0] not in ("ingested_at", "id", "rowid") or table == "reports" and d[0] == "id"
            ]
            out[table] = sorted((tuple(row[i] for i in keep) for row in cursor), key=repr)
        return out
    finally:
        db.close()


def test_two_workers_store_what_one_process_stores(tmp_path, folder):
    missing = folder / "no-such-file.txt"
    one = ingest(tmp_path, "one", folder, missing, "--workers", "1")
    two = ingest(tmp_path, "two", folder, missing, "--workers", "2")
    assert two == one  # the same lines, in the same (input) order
    assert [x["source_file"] for x in one] == sorted(f.name for f in folder.iterdir()) + [missing.name]
    errors = {x["source_file"]: x["error"] for x in one if x["error"]}
    assert set(errors) == {"empty.txt", "recipe.txt", "no-such-file.txt"}
    assert errors["no-such-file.txt"] == "no such file"
    # 2022 is stored under the short spelling, then moved to the full one 2023 prints; 2024 takes it.
    assert [x["issuer"] for x in one if x["source_file"].startswith("hongze")] == [
        "洪泽区人民政府",
        "淮安市洪泽区人民政府",
        "淮安市洪泽区人民政府",
    ]

    one_rows, two_rows = stored(tmp_path / "one"), stored(tmp_path / "two")
    # A copy of a file is a second source of its report, not a report (one per issuer and year).
    assert (
        len(one_rows["reports"])
        == len({(x["issuer"], x["year"]) for x in one if not x["error"]})
        < len(one) - len(errors)
    )
    assert len(one_rows["report_sources"]) == len(one) - len(errors)
    assert {r[0] for r in one_rows["chunk_fts"]}, "no tokens stored"
    db = sqlite3.connect(tmp_path / "two" / "nianbao.db")
    assert db.execute("SELECT DISTINCT issuer FROM reports WHERE source_file LIKE 'hongze%'").fetchall() == [
        ("淮安市洪泽区人民政府",)
    ]
    db.close()
    for table in one_rows:
        assert two_rows[table] == one_rows[table], table


def test_again_with_two_workers_changes_nothing(tmp_path, folder):
    first = ingest(tmp_path, "data", folder, "--workers", "2")
    before = stored(tmp_path / "data")
    again = ingest(tmp_path, "data", folder, "--workers", "2")
    assert [x["action"] for x in again if not x["error"]] == ["unchanged"] * sum(not x["error"] for x in first)
    assert stored(tmp_path / "data") == before


def test_a_spelling_whose_last_report_a_run_replaces_is_not_given_to_others(tmp_path):
    """The issuers are read once for a run: one that a replaced file took away is gone for the
    rest of it, as it is from the store (the short spelling stays the short spelling)."""
    full, short = tmp_path / "full.txt", tmp_path / "short.txt"
    full.write_text(hongze(2023, "淮安市洪泽区人民政府", "淮安市洪泽区人民政府"), encoding="utf-8")

    def ingest_ok(*paths):
        return run_cli(
            "ingest", *paths, "--json", "--config", write_config(tmp_path / "c.toml", tmp_path / "data")
        ).json

    assert ingest_ok(full)[0]["issuer"] == "淮安市洪泽区人民政府"
    full.write_text(hongze(2023, "沭阳县人民政府", "沭阳县人民政府"), encoding="utf-8")
    short.write_text(hongze(2024, "洪泽区人民政府", "洪泽区人民政府"), encoding="utf-8")
    lines = ingest_ok(full, short)
    assert [(x["action"], x["issuer"]) for x in lines] == [("replaced", "沭阳县人民政府"), ("added", "洪泽区人民政府")]


def test_workers_in_the_config_must_be_at_least_one(tmp_path):
    from bot.config import ConfigError, load_config

    path = tmp_path / "c.toml"
    path.write_text("[ingest]\nworkers = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="workers"):
        load_config(path)
    path.write_text("[ingest]\nworkers = 3\n", encoding="utf-8")
    assert load_config(path).ingest.workers == 3


def marked(mark: str) -> dict[int, str]:
    """pid → command line of the live processes whose environment holds `mark`."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark.encode() in (proc / "environ").read_bytes():
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("seed", [1, 2])
def test_a_killed_ingest_leaves_no_worker_running_and_is_repaired(tmp_path, folder, seed):
    import os
    import random
    import signal
    import subprocess
    import time
    import uuid

    from test_faults import assert_agree

    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    mark = f"NIANBAO_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    proc = subprocess.Popen(
        [*NIANBAO, "ingest", str(folder), "--workers", "2", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        # Wait for the pool (the forkserver and two workers beside the command itself).
        while len(marked(mark)) < 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest ended before its workers were seen"
        time.sleep(random.Random(seed).uniform(0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while marked(mark) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert marked(mark) == {}, "processes outlived the killed ingest"
    finally:
        for pid in marked(mark):  # only this test's own processes carry its mark
            os.kill(pid, signal.SIGKILL)

    repaired = run_cli("repair", "--config", config)
    assert repaired.exit_code == 0, repaired.stderr
    assert_agree(tmp_path / "data")
    again = run_cli("ingest", folder, "--json", "--workers", "2", "--config", config)
    assert {x["action"] for x in again.json if not x["error"]} <= {"added", "unchanged", "source added"}
    good = [x for x in again.json if not x["error"]]  # copies of a file are sources of one report
    assert len(assert_agree(tmp_path / "data")["reports"]) == len({(x["issuer"], x["year"]) for x in good})


def parent_of(pid: int) -> int:
    return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux's /proc")
def test_a_worker_killed_mid_run_loses_nothing(tmp_path, folder):
    """A parsing worker that dies (killed, out of memory) is not the run's end: the files it
    and the others had not handed back are read in the main process, and the store is the
    store one process makes."""
    import os
    import signal
    import subprocess
    import time
    import uuid

    one = ingest(tmp_path, "one", folder, "--workers", "1")
    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    mark = f"NIANBAO_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    proc = subprocess.Popen(
        [*NIANBAO, "ingest", str(folder), "--workers", "2", "--json", "--defer-embedding", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            found = marked(mark)
            servers = [pid for pid, cmd in found.items() if "forkserver" in cmd and parent_of(pid) == proc.pid]
            workers = [pid for pid in found if servers and pid not in servers and parent_of(pid) == servers[0]]
            time.sleep(0.02)
        assert workers, "the ingest ended before a worker was seen"
        os.kill(workers[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "a parsing worker process died" in err
    assert [json.loads(line) for line in out.splitlines()] == one
    assert stored(tmp_path / "data") == stored(tmp_path / "one")
