"""Rankings by each issuer's change between two years (增长最快, 增加最多) and by a named rate
(复议纠错率, 公开率) over a level or every report, through one `bot.service.Service` (as `nianbao
serve` answers them): each question's time, whether the process read every report's row (the
catalog's list), and the process's private memory (RssAnon), with the load average beside every
figure. Before, a change was answered as a ranking of the plain value and a rate's ranking over
thousands of reports read every report's row (0.44 s and +30 MB at 100,000).

    python bench/change_rank.py CONFIG.toml [--rounds 5]

Run from a tree's root to measure that tree's code; point it at a copy of a kept store (never
the kept store itself: a sum of cells asked for the first time is kept in the store).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.level_rank import anon_mb, loadavg  # noqa: E402

QUESTIONS = [
    "哪个县的申请增长最快",
    "哪个县的申请增加最多",
    "2020年到2023年哪个县的行政复议减少最多",
    "which county's lawsuits grew the most?",
    "各地2022年申请的增幅排名",
    "哪个县的复议纠错率最高",
    "哪个县2021年的复议纠错率最高",
    "各报告的诉讼纠错率排名",
    "which county had the highest disclosure rate?",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("config", help="a store's config file (a copy of a kept store)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    from bot.config import load_config  # noqa: PLC0415
    from bot.service import Service  # noqa: PLC0415

    service = Service(load_config(args.config))
    print(f"code: {Path(sys.modules['bot'].__file__ or '').parent}")
    print(f"RssAnon before any question: {anon_mb():.0f} MB (load {loadavg()})")
    times: dict[str, list[float]] = {q: [] for q in QUESTIONS}
    for n in range(args.rounds):
        for q in QUESTIONS:
            t = time.perf_counter()
            answer = service.ask(q)
            times[q].append((time.perf_counter() - t) * 1000)
            read = service._catalog is not None and service._catalog._reports is not None
            print(
                f"  round {n + 1} {times[q][-1]:7.0f} ms  {q}  route {answer.route}, every row read: "
                f"{'yes' if read else 'no'}  (load {loadavg()})",
                flush=True,
            )
        print(f"RssAnon after round {n + 1}: {anon_mb():.0f} MB (load {loadavg()})", flush=True)
    print("ms: median of the rounds after the first (first), load now", loadavg())
    for q in QUESTIONS:
        print(f"  {statistics.median(times[q][1:] or times[q]):7.0f} (first {times[q][0]:5.0f})  {q}")


if __name__ == "__main__":
    main()
