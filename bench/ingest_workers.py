"""One parsing worker or two for a run of N files? `nianbao ingest --defer-embedding` of N
synthetic reports (bench/scale.py's) into a fresh store, --workers 1 against --workers 2 (every
file is parsed in a limited worker process since issue 19: index/sandbox.py), run in turn so a
drift of the machine's speed hits both alike.

    .venv/bin/python bench/ingest_workers.py [--sizes 5 10 20 40] [--rounds 3]

Prints per N the median wall seconds of each and their ratio (pool / one process; below
1 the pool wins). Whole commands, start-up included. A shared machine is noisy: quote ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PYTHON = str(ROOT / ".venv" / "bin" / "python")
# The command line.
FORCED = "from bot.cli import main; main()"


def once(folder: Path, data: Path, workers: int) -> float:
    shutil.rmtree(data, ignore_errors=True)
    config = data.parent / f"{data.name}.toml"
    config.write_text(f'data_dir = "{data}"\n[embedding]\nmodel = "fake"\n', encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run(
        [
            PYTHON,
            "-c",
            FORCED,
            "ingest",
            "--defer-embedding",
            "--workers",
            str(workers),
            str(folder),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"ingest failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    from scale import write_reports  # noqa: PLC0415

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 10, 20, 40])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="nianbao-workers-") as tmp:
        work = Path(tmp)
        for n in args.sizes:
            folder = work / f"in-{n}"
            write_reports(folder, 0, n)
            one, pool = [], []
            for _ in range(args.rounds):
                one.append(once(folder, work / "one", 1))
                pool.append(once(folder, work / "pool", 2))
            ratios = [p / o for p, o in zip(pool, one)]
            print(
                f"{n:>5} files: one process {statistics.median(one):.2f} s, pool of two "
                f"{statistics.median(pool):.2f} s, ratio {statistics.median(ratios):.2f} "
                f"(min {min(ratios):.2f}, max {max(ratios):.2f})",
                flush=True,
            )
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
