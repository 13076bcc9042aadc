"""What reading the config costs a one-shot command, as whole processes: `load_config` of a
config file read back from the cache of validated files (what every command but `config
check` does once a file has been validated), the same file validated with pydantic (`config
check`, or a file new or changed), and `python -c "import sqlite3"` for scale.

Runs them in turn (A B C A B C …) after a warm-up that validates the file once, and prints
each one's median wall and CPU time and its extra over the bare interpreter, with the load average
before and after: a figure measured on a loaded machine is a figure of that load.

    .venv/bin/python bench/config_load.py [--runs 15] [--root DIR]

--root: the tree whose code is timed (default this one); a tree from before the cache
(no `check`) is timed reading its file the only way it had.
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

CONFIG = """data_dir = "data"
[embedding]
model = "fake"
[ingest]
max_seconds = 60
[web]
port = 8001
[[web.users]]
name = "admin"
token = "a-long-random-token-0123456789"
admin = true
"""


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one whole process: CPU time (the child's own rusage) moves less with load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "c.toml"
        config.write_text(CONFIG, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(root), NIANBAO_CACHE_DIR=str(Path(tmp) / "cache"))
        load = "import sys; from bot.config import load_config as f; f(sys.argv[1]"
        has_check = "check: bool" in (root / "bot" / "config.py").read_text(encoding="utf-8")
        cases = {"python -c 'import sqlite3'": [sys.executable, "-c", "import sqlite3"]}
        cases["load_config (kept)" if has_check else "load_config"] = [sys.executable, "-c", load + ")", str(config)]
        if has_check:
            cases["load_config (validated)"] = [sys.executable, "-c", load + ", check=True)", str(config)]
        for cmd in cases.values():  # warm-up: the page cache, and the file validated once
            timed(cmd, env, root)
        before = os.getloadavg()
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                times[name].append(timed(cmd, env, root))
        after = os.getloadavg()
    print(f"code: {root}   runs: {args.runs}   medians, and the extra over the bare interpreter's")
    bare = next(iter(times.values()))
    for name, values in times.items():
        line = f"{name:30}"
        for what, i in (("wall", 0), ("cpu", 1)):
            median, base = statistics.median(v[i] for v in values), statistics.median(v[i] for v in bare)
            line += f"   {what} {median * 1000:6.1f} ms (+{(median - base) * 1000:5.1f})"
        print(line)
    print(f"load average before {before[0]:.2f} {before[1]:.2f}, after {after[0]:.2f} {after[1]:.2f}")


if __name__ == "__main__":
    main()
