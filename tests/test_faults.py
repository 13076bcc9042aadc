"""Faults injected, in the spirit of SQLite's own crash tests: a real `nianbao ingest`
or `nianbao repair --full` process is killed with SIGKILL at a random point, then
`nianbao repair` runs and SQLite and the vector index must agree — every stored report
has exactly its n_chunks vectors, no vectors belong to an unknown report — and running
the command again completes. Then the store's environment fails under a write: SQLite
full (as on a full disk), ENOSPC under the vector index, a read-only or locked database:
one line naming the problem, exit 2, nothing half-stored, and the next run goes on.

Kept under a minute on a quiet 2-core machine: about twenty short processes."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import corpus_files, run_cli, write_config

NIANBAO = [sys.executable, "-c", "from bot.cli import main; main()"]


def probe(data_dir: Path, damage: bool = False) -> dict:
    """What SQLite and the vector index hold. With `damage`, first delete every vector and
    mark the counts unknown (n_vectors NULL, as after an upgrade): work for `repair --full`.

    The index is closed again afterwards: chromadb keeps one client per directory in a
    process, and a cached one would not see what a later command writes."""
    from index.store import Store

    store = Store(data_dir, embedder="fake")
    try:
        if damage:
            for r in store.reports():
                store.vectors.delete(r["id"])
            with store.db.conn:
                store.db.execute("UPDATE reports SET n_vectors = NULL")
        return {
            "integrity": store.db.execute("PRAGMA integrity_check").fetchone()[0],
            "reports": {r["id"]: [r["source_file"], r["n_chunks"], r["n_vectors"]] for r in store.reports()},
            "vectors": store.vectors.counts(),
            "journal": [r[0] for r in store.db.execute("SELECT report_id FROM vector_journal")],
        }
    finally:
        store.vectors.close()
        store.close()


def nianbao(config: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NIANBAO, *map(str, args), "--config", str(config)], capture_output=True, text=True, timeout=120
    )


def assert_agree(data_dir: Path) -> dict:
    """SQLite and the vector index tell the same story; returns the probe."""
    state = probe(data_dir)
    assert state["integrity"] == "ok"
    for rid, (name, n_chunks, n_vectors) in state["reports"].items():
        assert state["vectors"].get(rid, 0) == n_chunks == n_vectors, (name, state["vectors"].get(rid, 0), n_chunks)
    assert set(state["vectors"]) <= set(state["reports"]), "vectors of reports SQLite does not know"
    assert state["journal"] == []
    return state


def killed(config: Path, delay: float, *args: str | Path) -> None:
    """Start `nianbao ARGS…` and SIGKILL it after `delay` seconds (if it is still running)."""
    proc = subprocess.Popen(
        [*NIANBAO, *map(str, args), "--config", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


@dataclass
class Baseline:
    full: Path  # a data dir with the whole corpus stored
    ingest_seconds: float  # how long an uninterrupted ingest took here (a full repair takes less)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    files = corpus_files()
    root = tmp_path_factory.mktemp("faults-baseline")
    config = write_config(root / "c.toml", root / "data")
    start = time.monotonic()
    done = nianbao(config, "ingest", *files)
    ingest_seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    assert len(assert_agree(root / "data")["reports"]) == len(files)

    return Baseline(root / "data", ingest_seconds)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_ingest_killed_at_a_random_point_is_repaired(seed, baseline, tmp_path):
    files = corpus_files()
    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    delay = random.Random(seed).uniform(0.1, baseline.ingest_seconds)
    killed(config, delay, "ingest", *files)

    if (tmp_path / "data" / "nianbao.db").exists():  # killed before it created the store: nothing to repair
        repaired = nianbao(config, "repair")
        assert repaired.returncode == 0, repaired.stderr
        assert_agree(tmp_path / "data")

    again = nianbao(config, "ingest", *files, "--json")
    assert again.returncode == 0, again.stderr
    lines = [json.loads(x) for x in again.stdout.splitlines()]
    assert sorted(x["source_file"] for x in lines) == [f.name for f in files]
    assert all(x["action"] in ("added", "unchanged") for x in lines), lines
    assert len(assert_agree(tmp_path / "data")["reports"]) == len(files)


@pytest.mark.parametrize("seed", [11, 12])
def test_full_repair_killed_at_a_random_point_is_repaired(seed, baseline, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(baseline.full, data)
    probe(data, damage=True)
    config = write_config(tmp_path / "c.toml", data)
    delay = random.Random(seed).uniform(0.1, baseline.ingest_seconds)
    killed(config, delay, "repair", "--full")

    repaired = nianbao(config, "repair")
    assert repaired.returncode == 0, repaired.stderr
    assert len(assert_agree(data)["reports"]) == len(corpus_files())

    again = nianbao(config, "repair", "--full")  # and the full repair, run again, completes
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Nothing to repair."
    assert_agree(data)


# `nianbao` with SQLite limited to a few pages more than the store has now: the next
# growing write fails with "database or disk is full", as on a full disk.
FULL_DISK = """
import os, index.store
from index.db import connect
limit = int(os.environ["NIANBAO_TEST_MAX_PAGES"])
def small_connect(path, *args, **kwargs):
    db = connect(path, *args, **kwargs)
    db.execute(f"PRAGMA max_page_count = {limit}")
    return db
index.store.connect = small_connect
from bot.cli import main
main()
"""


def test_a_full_disk_ends_in_one_line_exit_2_and_nothing_half_stored(tmp_path):
    import os
    import sqlite3

    files = corpus_files()
    data = tmp_path / "data"
    config = write_config(tmp_path / "c.toml", data)
    assert nianbao(config, "ingest", files[0]).returncode == 0
    before = probe(data)
    with sqlite3.connect(data / "nianbao.db") as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]

    full = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "ingest", *map(str, files[1:]), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NIANBAO_TEST_MAX_PAGES": str(pages + 2)},
    )
    assert full.returncode == 2, full.stderr
    assert "Traceback" not in full.stderr
    errors = full.stderr.strip().splitlines()
    assert len(errors) == 1 and "database or disk is full" in errors[0], full.stderr

    after = probe(data)  # SQLite holds exactly what it held: no report half-stored
    assert after["integrity"] == "ok" and after["reports"] == before["reports"]
    repaired = nianbao(config, "repair")  # vectors written before SQLite refused are taken away again
    assert repaired.returncode == 0, repaired.stderr
    assert_agree(data)

    again = nianbao(config, "ingest", *files, "--json")  # with space again, everything goes in
    assert again.returncode == 0, again.stderr
    assert len(assert_agree(data)["reports"]) == len(files)


def test_a_full_disk_under_the_vector_index_ends_in_one_line_exit_2(tmp_path):
    """ENOSPC from the lowest vector write we own: the same one line, and a later ingest works."""

    files = corpus_files()
    data = tmp_path / "data"
    config = write_config(tmp_path / "c.toml", data)
    enospc = (
        "import errno, os, index.vectors\n"
        "def add(*a, **k): raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), 'chroma')\n"
        "index.vectors.VectorIndex.add = add\n"
        "from bot.cli import main; main()\n"
    )
    full = subprocess.run(
        [sys.executable, "-c", enospc, "ingest", *map(str, files), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert full.returncode == 2, full.stderr
    errors = full.stderr.strip().splitlines()
    assert len(errors) == 1 and "No space left on device" in errors[0], full.stderr
    assert probe(data)["reports"] == {}

    again = nianbao(config, "ingest", *files)
    assert again.returncode == 0, again.stderr
    assert len(assert_agree(data)["reports"]) == len(files)


# `nianbao` whose SQLite connections refuse to write, as on a read-only store (a root
# test process cannot make a file read-only), or wait only half a second for a lock.
READ_ONLY = """
import index.store, index.db
from index.db import connect
def read_only(path, *args, **kwargs):
    db = connect(path, *args, **kwargs)
    db.execute("PRAGMA query_only = ON")
    return db
index.store.connect = read_only
from bot.cli import main
main()
"""
IMPATIENT = "import index.db\nindex.db.BUSY_TIMEOUT = 0.5\nfrom bot.cli import main\nmain()\n"


def test_a_read_only_or_locked_store_ends_in_one_line_exit_2(tmp_path):
    import sqlite3

    files = corpus_files()
    data = tmp_path / "data"
    config = write_config(tmp_path / "c.toml", data)
    assert nianbao(config, "ingest", files[0]).returncode == 0
    before = probe(data)["reports"]

    for code in (READ_ONLY, IMPATIENT):
        holder = sqlite3.connect(data / "nianbao.db")
        if code is IMPATIENT:  # another program (not nianbao) holds SQLite's write lock
            holder.execute("BEGIN IMMEDIATE")
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, "ingest", *map(str, files[1:]), "--config", str(config)],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            holder.rollback()
            holder.close()
        assert done.returncode == 2, done.stderr
        errors = done.stderr.strip().splitlines()
        assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
        assert ("readonly" if code is READ_ONLY else "locked") in errors[0], errors
        assert probe(data)["reports"] == before

    again = nianbao(config, "ingest", *files)
    assert again.returncode == 0, again.stderr
    assert len(assert_agree(data)["reports"]) == len(files)


def test_repair_full_says_what_a_damaged_store_can_get_back(tmp_path: Path, corpus: Path) -> None:
    # Bytes flipped on disk: SQLite's own check finds the damaged page; repair --full says what is lost.
    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    assert run_cli("ingest", corpus / "004_c70ef5546fcf38db.txt", "--config", config).exit_code == 0
    db = tmp_path / "data" / "nianbao.db"
    data = bytearray(db.read_bytes())
    page = 4096
    last = len(data) // page - 1  # a data page at the end, not the schema on page 1
    data[last * page : last * page + 64] = b"\\xff" * 64
    db.write_bytes(bytes(data))
    result = run_cli("repair", "--full", "--config", config)
    assert result.exit_code == 2
    [line] = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert "damaged" in line and "1 of 1 source files are still on disk" in line


def test_a_sound_store_that_summed_a_group_is_sound_to_repair_full(tmp_path: Path, corpus: Path) -> None:
    """A lawsuits' total (direct + after review) keeps its cells' group in `sum_groups`, a WITHOUT
    ROWID table that SQLite 3.40's quick_check calls "NULL value in sum_groups.group_id" where
    there is none: repair --full must not call the store damaged for it."""
    from index import aggregates
    from index.db import write_transaction
    from index.store import Store

    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    assert run_cli("ingest", corpus / "004_c70ef5546fcf38db.txt", "--config", config).exit_code == 0
    store = Store(tmp_path / "data", embedder="fake")
    metrics = [r[0] for r in store.db.execute("SELECT id FROM metric_keys ORDER BY id LIMIT 2")]
    with write_transaction(store.db):  # as a sum over thousands of reports keeps its group
        aggregates.add_sum_group(store.db, metrics)
    assert store.db.execute("SELECT count(*) FROM sum_groups").fetchone()[0] == 2
    assert store.damage() == []
    store.close()
    result = run_cli("repair", "--full", "--config", config)
    assert result.exit_code == 0 and "damaged" not in result.stderr, result.stderr


def test_a_store_left_by_a_killed_writer_is_checked_when_next_opened(tmp_path: Path, corpus: Path) -> None:
    from index.lock import UNFINISHED

    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    assert run_cli("ingest", corpus / "004_c70ef5546fcf38db.txt", "--config", config).exit_code == 0
    marker = tmp_path / "data" / UNFINISHED
    assert not marker.exists()  # a writer that finished leaves none
    marker.touch()  # what a writer killed mid-write leaves behind
    sound = run_cli("ask", "合阳县2020年收到多少申请", "--config", config)
    assert sound.exit_code == 0 and "5 件" in sound.stdout and not marker.exists()  # checked, sound, cleared

    db = tmp_path / "data" / "nianbao.db"
    data = bytearray(db.read_bytes())
    last = len(data) // 4096 - 1
    data[last * 4096 : last * 4096 + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    marker.touch()
    # The whole command, as a user runs it (its main() turns the machine's problems into one line).
    damaged = subprocess.run(
        [
            sys.executable,
            "-c",
            "from bot.cli import main; main()",
            "ask",
            "合阳县2020年收到多少申请",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert damaged.returncode == 2 and "damaged" in damaged.stderr and "Traceback" not in damaged.stderr
    assert marker.exists()  # still checked at the next opening
