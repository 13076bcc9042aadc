"""A review of one issuer over a large store as whole processes: `nianbao check ISSUER YEAR`,
`nianbao diff ISSUER YEAR` and `nianbao figures --issuer ISSUER` (issue 21: they read every
report's row, ~1 s and ~370 MB at 100,000 reports, before they read the issuer's own).

Runs each command with two code trees in turn (A B A B …: the tree before a change and this
one), and prints each run's wall seconds and peak RSS with the load average beside it, then
each tree's medians and the median of the pair-by-pair ratios: the machine is shared, so a
ratio measured pair by pair says more than a speed.

    .venv/bin/python bench/review_scale.py --config STORE.toml --before OTHER_TREE [--pairs 3]
        [--issuer 建安区] [--year 2019] [--diff-year 2020]

The store is only read (no migration: both trees must be of the store's schema). Use a copy of
a kept store, never the kept one (bench/scale.py --keep).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(tree: Path, args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of `nianbao ARGS` run with `tree`'s code."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tree,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, status


def main() -> None:
    """Parse the options, warm each tree up once, and run the pairs."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="the store's config file (a copy of a kept store)")
    p.add_argument("--before", required=True, type=Path, help="the other code tree (a git worktree)")
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--issuer", default="建安区")
    p.add_argument("--year", default="2019")
    p.add_argument("--diff-year", default="2020", help="diffed against the year before")
    a = p.parse_args()
    commands = {
        "check": ["check", a.issuer, a.year, "--config", a.config, "--json"],
        "diff": ["diff", a.issuer, a.diff_year, "--config", a.config, "--json"],
        "figures --issuer": ["figures", "--issuer", a.issuer, "--year", a.year, "--config", a.config, "--json"],
    }
    trees = {"before": a.before.resolve(), "after": ROOT}
    for name, args in commands.items():
        for tree in trees.values():
            run(tree, args)  # warm-up: the bytecode cache and the store's pages, for both alike
        walls: dict[str, list[float]] = {t: [] for t in trees}
        rss: dict[str, list[float]] = {t: [] for t in trees}
        for i in range(a.pairs):
            for label, tree in trees.items():
                wall, mb, status = run(tree, args)
                walls[label].append(wall)
                rss[label].append(mb)
                print(
                    f"{name:17} pair {i + 1} {label:6} {wall:6.2f} s {mb:7.1f} MB exit {status >> 8}  load {loadavg()}"
                )
        ratios = [x / y for x, y in zip(walls["after"], walls["before"])]
        print(
            f"{name:17} median before {statistics.median(walls['before']):.2f} s {max(rss['before']):.0f} MB, "
            f"after {statistics.median(walls['after']):.2f} s {max(rss['after']):.0f} MB; "
            f"after/before wall {statistics.median(ratios):.2f}  load {loadavg()}\n"
        )


if __name__ == "__main__":
    main()
