"""Rankings, trends and sums over a level of government or over every report, through one
`bot.service.Service` (as `nianbao serve` answers them): each question's time, the answer's
text, and the process's private memory (RssAnon) before the first question and after each
round, with the load average beside every figure (issue 21: a level's ranking read every
report of that level, or every report on file, into the process and kept them).

    python bench/level_rank.py CONFIG.toml [--rounds 3] [--answers answers.json]

Run from a tree's root to measure that tree's code; `--answers` writes each answer's text, so
two trees' answers over the same store can be compared (`cmp`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import RANK, TREND  # noqa: E402

LEVEL = [
    "哪个县2020年收到的申请最多",
    "各县2021年行政诉讼数量排名",
    "which county received the most applications in 2020?",
    "哪个县收到的申请最少",
    "各县2020年收到的申请合计多少",
]


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def anon_mb() -> float:
    """This process's private resident memory, MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(questions: list[str] | None = None) -> None:
    """Ask `questions` (else the level's, rank and trend ones) through one Service, in rounds: each
    answer's time, the process's private memory after each round, the median of the rounds after
    the first, and whether every report's row was read into the process."""
    questions = questions or LEVEL + RANK + TREND
    ap = argparse.ArgumentParser(description=(sys.modules["__main__"].__doc__ or __doc__).split("\n\n")[0])
    ap.add_argument("config", help="the store's config file (as bench/scale.py --keep writes it)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--answers", help="write each question's answer text here (JSON)")
    args = ap.parse_args()
    from bot.config import load_config  # noqa: PLC0415
    from bot.service import Service  # noqa: PLC0415

    service = Service(load_config(args.config))
    print(f"code: {Path(sys.modules['bot'].__file__ or '').parent}")
    print(f"RssAnon before any question: {anon_mb():.0f} MB (load {loadavg()})")
    times: dict[str, list[float]] = {q: [] for q in questions}
    texts: dict[str, str] = {}
    for n in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            answer = service.ask(q)
            times[q].append((time.perf_counter() - t) * 1000)
            texts[q] = answer.answer
            print(f"  round {n + 1} {times[q][-1]:8.1f} ms  {q}  (load {loadavg()})", flush=True)
        print(f"RssAnon after round {n + 1}: {anon_mb():.0f} MB (load {loadavg()})", flush=True)
    every = getattr(getattr(service, "_catalog", None), "_reports", None)
    print(f"every report's row read into the process: {'yes' if every is not None else 'no'}")
    print("median ms over the rounds after the first (the first in brackets):")
    for q in questions:
        later = times[q][1:] or times[q]
        print(f"  {statistics.median(later):8.1f} ms (first {times[q][0]:.0f})  {q}")
    if args.answers:
        Path(args.answers).write_text(json.dumps(texts, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
