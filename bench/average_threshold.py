"""Averages and thresholds over a level of government or over every report (平均每个县,
超过100件的县, 没有收到申请, 全国…多少), through one `bot.service.Service` as `nianbao serve`
answers them: each question's time, the process's private memory (RssAnon) before the first
question and after each round, whether the list of every report was ever read into the process,
with the load average beside every figure.

    python bench/average_threshold.py CONFIG.toml [--rounds 3] [--answers answers.json]

Run from a tree's root to measure that tree's code (bench/level_rank.py measures rankings the same way).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.level_rank import anon_mb, loadavg  # noqa: E402

QUESTIONS = [
    "2020年平均每个县收到多少申请",
    "2020年收到申请超过100件的县有哪些",
    "全国2020年收到申请多少",
    "2019年平均每个县收到多少申请",
    "哪些县2019年没有收到申请",
    "what was the average number of applications received by counties in 2019",
    "which counties received more than 100 applications in 2019",
    "各单位平均行政诉讼多少件",
    "哪些单位2021年行政复议不少于5件",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("config", help="the store's config file (as bench/scale.py --keep writes it)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--answers", help="write each question's answer text here (JSON)")
    args = ap.parse_args()
    from bot.config import load_config  # noqa: PLC0415
    from bot.service import Service  # noqa: PLC0415

    service = Service(load_config(args.config))
    print(f"code: {Path(sys.modules['bot'].__file__ or '').parent}")
    print(f"RssAnon before any question: {anon_mb():.0f} MB (load {loadavg()})")
    times: dict[str, list[float]] = {q: [] for q in QUESTIONS}
    texts: dict[str, str] = {}
    for n in range(args.rounds):
        for q in QUESTIONS:
            t = time.perf_counter()
            answer = service.ask(q)
            times[q].append((time.perf_counter() - t) * 1000)
            texts[q] = answer.answer
            print(f"  round {n + 1} {times[q][-1]:8.1f} ms  {q}  (load {loadavg()})", flush=True)
        print(f"RssAnon after round {n + 1}: {anon_mb():.0f} MB (load {loadavg()})", flush=True)
    every = getattr(getattr(service, "_catalog", None), "_reports", None)
    print(f"every report's row read into the process: {'yes' if every is not None else 'no'}")
    print("median ms over the rounds (first in brackets):")
    for q in QUESTIONS:
        later = times[q][1:] or times[q]
        print(f"  {statistics.median(later):8.1f} ms (first {times[q][0]:.0f})  {q}")
    if args.answers:
        Path(args.answers).write_text(json.dumps(texts, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
