"""`nianbao serve` as several processes on one port (issue 21): each answers, a conversation
goes on whichever process gets its next question, and the processes are sized from the cores."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import IngestedCorpus

from bot.config import Config, WebSettings
from bot.web import answer_threads, server_processes

TOKEN = "workers-token-0123456789"
ROOT = Path(__file__).resolve().parents[1]


def test_processes_and_threads_come_from_the_cores() -> None:
    assert server_processes(Config(), cores=2) == 2
    assert server_processes(Config(), cores=1) == 1
    assert server_processes(Config(web=WebSettings(workers=3)), cores=2) == 3
    assert answer_threads(cores=2) == 4  # one process: two threads a core
    assert answer_threads(cores=2, workers=2) == 2  # two: the same threads shared between them
    assert answer_threads(cores=1, workers=4) == 2  # never fewer than two (one answers while one reads)


def _post(port: int, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode("utf-8"),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return dict(json.loads(response.read()))


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@contextmanager
def two_processes(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Any]:
    """`nianbao serve` with two server processes over a copy of the corpus's store: (port, server, data)."""
    data = ingested.copy(tmp_path_factory, name)
    config = data.parent / "serve.toml"
    config.write_text(
        f'data_dir = "{data.as_posix()}"\n[embedding]\nmodel = "fake"\n[web]\nworkers = 2\nrequests_per_minute = 0\n'
        f'[[web.users]]\nname = "staff"\ntoken = "{TOKEN}"\n',
        encoding="utf-8",
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--config", str(config), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                time.sleep(0.25)
        yield port, server, data
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)


@pytest.mark.slow
def test_two_server_processes_answer_and_share_conversations(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with two_processes(ingested, tmp_path_factory, "workers") as (port, server, data):
        assert len(_children(server.pid)) >= 2  # the two workers (uvicorn's supervisor is their parent)
        # Each question on a new connection: the workers take them as they come, and the
        # conversation's context (in SQLite) reaches whichever gets the follow-up.
        first = _post(port, "/api/ask", {"question": "海东市2019年行政复议总数是多少"})
        assert first["id"] and first["figures"][0]["value"] == 38
        for _ in range(4):
            follow = _post(port, "/api/ask", {"question": "刚察县呢？", "conversation": first["conversation"]})
            assert follow["figures"][0]["metric"] == "review.total" and "刚察县" in follow["figures"][0]["issuer"]
        done = _post(port, f"/api/answers/{first['id']}/feedback", {"verdict": "good"})
        assert done["recorded"]
    assert not (data / "record.lock").read_bytes()  # a lock file only: nothing written in it


def _sockets(pid: int) -> set[str]:
    """The inodes of the sockets process `pid` holds open."""
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            link = os.readlink(fd)
        except FileNotFoundError:  # closed meanwhile
            continue
        if link.startswith("socket:["):
            found.add(link[8:-1])
    return found


def _connections(pid: int, port: int) -> int:
    """Established TCP connections to `port` that process `pid` holds (/proc/net/tcp's inodes)."""
    mine, n = _sockets(pid), 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "01" and fields[9] in mine:
            n += 1
    return n


@pytest.mark.slow
def test_kept_connections_end_up_split_evenly_between_the_processes(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The kernel places connections by a hash (16 may split 11 and 5); a process holding more
    than its share answers `Connection: close`, and a client that connects again is placed afresh."""
    import http.client

    with two_processes(ingested, tmp_path_factory, "balance") as (port, server, _):
        for _ in range(200):  # both processes listening (not multiprocessing's tracker, which has no socket)
            workers = [pid for pid in _children(server.pid) if _sockets(pid)]
            if len(workers) == 2:
                break
            time.sleep(0.1)
        clients = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(16)]
        closed = []
        for _ in range(30):
            closed = []
            for c in clients:  # http.client connects again by itself after a `Connection: close`
                c.request("GET", "/health")
                response = c.getresponse()
                response.read()
                if response.getheader("connection") == "close":
                    closed.append(c)
            if not closed:
                break
        assert not closed  # settled: every process within its share
        for _ in range(40):  # a connection the server closed leaves its process a moment later
            held = [_connections(pid, port) for pid in workers]
            if sum(held) == 16:
                break
            time.sleep(0.05)
        assert len(workers) == 2 and sum(held) == 16 and max(held) - min(held) <= 1, held
        for c in clients:
            c.close()
