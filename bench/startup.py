"""Start-up of one `nianbao ask` (a figure question) as a whole process, against
`python -c "import sqlite3"` on the same machine: the ratio issue 18 asks to be within 5×.

Runs the two in turn (A B A B …) after a warm-up, and prints each one's median wall and CPU
time (the children's own rusage) and the median of the pair-by-pair ratios, with the load
average before and after: a ratio measured on a loaded machine is a ratio, not a speed.

    .venv/bin/python bench/startup.py [--runs 9]

The children run with Python's bytecode cache on (PYTHONDONTWRITEBYTECODE unset), as on a
user's machine: without it every run compiles nianbao's modules again (about 0.1-0.2 s), which
is not start-up but a missing cache; the warm-up run writes it.

The shared corpus's 合阳 report (or samples/) is ingested into a temporary store first (with the fake embedder: the question needs no vectors).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NIANBAO = [sys.executable, "-m", "bot.cli"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def store(data_dir: Path) -> tuple[Path, str]:
    """A store holding one report, and a figure question about it."""
    corpus = ROOT.parent / "shared" / "corpus" / "004_c70ef5546fcf38db.txt"
    config = data_dir / "bench.toml"
    config.write_text(f'data_dir = "{data_dir / "data"}"\n[embedding]\nmodel = "fake"\n', encoding="utf-8")
    if corpus.exists():
        source, question = corpus, "合阳县2020年收到多少政府信息公开申请"
    else:
        source, question = ROOT / "samples", "示例县2022年收到多少政府信息公开申请？"
    subprocess.run(
        [*NIANBAO, "ingest", str(source), "--config", str(config)],
        check=True,
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return config, question


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config, question = store(Path(tmp))
        ask = [str(ROOT / ".venv" / "bin" / "nianbao"), "ask", question, "--config", str(config)]
        if not Path(ask[0]).exists():
            ask = [*NIANBAO, *ask[1:]]
        bare = [sys.executable, "-c", "import sqlite3"]
        timed(ask), timed(bare)  # warm-up: files in the page cache
        load_before = os.getloadavg()
        pairs = [(timed(ask), timed(bare)) for _ in range(args.runs)]
        load_after = os.getloadavg()
    for name, i in (("wall", 0), ("cpu", 1)):
        a = statistics.median(p[0][i] for p in pairs)
        b = statistics.median(p[1][i] for p in pairs)
        ratio = statistics.median(p[0][i] / p[1][i] for p in pairs)
        print(
            f"{name:5} nianbao ask {a * 1000:7.1f} ms   python -c 'import sqlite3' {b * 1000:6.1f} ms   "
            f"ratio (median of pairs) {ratio:5.1f}×"
        )
    print(f"runs {args.runs}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (2 cores)")


if __name__ == "__main__":
    main()
