"""`nianbao serve` as several processes, each with its own listening socket on the one port
(SO_REUSEPORT): the kernel spreads new connections over them evenly.

    serve(config, host, port, workers)   # until interrupted; what bot.web.run does for workers > 1

uvicorn's own `workers` share one socket, and the process that wakes first takes every
connection waiting: 32 clients connecting at once were split 28 and 4 (issue 21), and a
client keeps its connection, so one process answered seven in eight questions while the
other idled. Each process is started anew (spawn: nothing of this one inherited), reads the
config as the command line did and opens the store itself. One that dies is started again,
unless it dies as it starts (a store it cannot open): then the server stops.
"""

from __future__ import annotations

import logging
import multiprocessing
import socket
import sys
import time
from typing import Any

from .config import Config

STARTING = 20.0  # seconds: a worker that ends sooner could not start, and would not the next time
log = logging.getLogger("nianbao.web")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) that other processes of this user may bind too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def worker(source: str, data_dir: str, workers: int, options: dict[str, Any], index: int, counts: Any) -> None:
    """One server process: its own socket on the port, its own service over the store; its
    open connections counted in slot `index` of `counts`, shared by every process, and kept
    to its share of them (bot/web_balance.py)."""
    import uvicorn

    from .config import load_config
    from .service import Service
    from .web import create_app
    from .web_balance import ConnectionShare, Rebalance, counting_protocol

    config = load_config(source or None, data_dir)
    sock = listening_socket(options["host"], options["port"])
    share = ConnectionShare(counts, index)
    app = Rebalance(create_app(Service(config, config.web.mmap_mb), workers=workers), share)
    uvicorn.Server(uvicorn.Config(app, http=counting_protocol(share), **options)).run(sockets=[sock])


def serve(config: Config, options: dict[str, Any], workers: int) -> None:
    """Run `workers` server processes until interrupted (Ctrl-C or SIGTERM reach them all)."""
    import signal

    # Bound, never listening: a port in use is refused now, in this process, and no
    # other program can take it while the workers start (a bound socket gets no connections).
    held = listening_socket(options["host"], options["port"])
    source = str(config.source.resolve()) if config.source else ""
    args = (source, str(config.data_dir.resolve()), workers, options)
    spawn = multiprocessing.get_context("spawn")
    counts = spawn.Array("i", workers, lock=False)  # each process's open connections
    running: list[tuple[Any, float]] = []
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    # Both signals end the loop below, which stops the workers: SIGINT too, as it is ignored
    # in a process started in the background, and Ctrl-C reaches the workers themselves anyway.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for i in range(workers):
            running.append(_start(spawn, (*args, i, counts)))
        print(
            f"INFO:     nianbao serve: {workers} processes on http://{options['host']}:{options['port']} "
            "(Press CTRL+C to quit)",
            file=sys.stderr,
            flush=True,
        )
        while not stopping:
            time.sleep(0.5)
            for i, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                if time.monotonic() - started < STARTING:
                    raise SystemExit(f"a server process ended as it started (exit code {process.exitcode})")
                log.warning("server process %s ended (exit code %s): starting another", process.pid, process.exitcode)
                counts[i] = 0  # its connections ended with it
                running[i] = _start(spawn, (*args, i, counts))
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        for process, _ in running:
            process.join(timeout=30)
        held.close()


def _start(spawn: Any, args: tuple[Any, ...]) -> tuple[Any, float]:
    process = spawn.Process(target=worker, args=args, daemon=False)
    process.start()
    return process, time.monotonic()
