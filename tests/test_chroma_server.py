"""The vector index on a Chroma server (`[vectors] url`), as a province-sized install runs it.

`.ci/run` starts a server and passes its address in NIANBAO_TEST_CHROMA_URL; without
it the test starts its own `chroma run` (shipped with the chromadb package)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import corpus_files, write_config

NIANBAO = [sys.executable, "-c", "from bot.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):  # type: ignore[no-untyped-def]
    if os.environ.get("NIANBAO_TEST_CHROMA_URL"):
        yield os.environ["NIANBAO_TEST_CHROMA_URL"]
        return
    chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(chroma).exists():
        pytest.skip("no `chroma` command (it ships with the chromadb package) and no NIANBAO_TEST_CHROMA_URL")
    port = _free_port()
    proc = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path_factory.mktemp("chroma-server")),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run(config: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*NIANBAO, *map(str, args), "--config", str(config)], capture_output=True, text=True, timeout=300
    )


def server_config(tmp_path: Path, url: str) -> Path:
    config = write_config(tmp_path / "c.toml", tmp_path / "data")
    # A collection per test: the server may be shared with other tests.
    config.write_text(config.read_text(encoding="utf-8") + f'\n[vectors]\nurl = "{url}"\n', encoding="utf-8")
    return config


def test_ingest_embed_repair_and_ask_against_a_server(tmp_path, chroma_url):
    config = server_config(tmp_path, chroma_url)
    files = corpus_files()
    assert run(config, "ingest", *files[:2], "--json").returncode == 0
    assert run(config, "ingest", *files[2:], "--defer-embedding").returncode == 0
    # Two shards fill the same server, as processes on several machines would.
    for shard in ("0/2", "1/2"):
        done = run(config, "embed", "--shard", shard, "--workers", "1")
        assert done.returncode == 0, done.stderr
    assert run(config, "embed").stdout.strip() == "Nothing to embed."
    assert run(config, "repair", "--full").stdout.strip() == "Nothing to repair."
    answer = json.loads(run(config, "ask", "同仁县政务公开领导小组的组长是谁", "--json").stdout)
    assert any("胡伟东" in p["text"] for p in answer["passages"])
    assert not (tmp_path / "data" / "chroma").exists(), "the embedded index was used instead of the server"


def test_an_unreachable_server_is_one_line_and_exit_2(tmp_path):
    config = server_config(tmp_path, f"http://127.0.0.1:{_free_port()}")
    result = run(config, "ingest", corpus_files()[0])
    assert result.returncode == 2
    assert "cannot reach the Chroma server" in result.stderr and "Traceback" not in result.stderr
