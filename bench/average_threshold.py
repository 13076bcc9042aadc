"""Averages and thresholds over a level of government or over every report (平均每个县,
超过100件的县, 没有收到申请, 全国…多少), through one `bot.service.Service` as `nianbao serve`
answers them: each question's time, the process's private memory (RssAnon) before the first
question and after each round, whether the list of every report was ever read into the process,
with the load average beside every figure.

    python bench/average_threshold.py CONFIG.toml [--rounds 3] [--answers answers.json]

Run from a tree's root to measure that tree's code (bench/level_rank.py measures rankings the same way).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.level_rank import main  # noqa: E402

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


if __name__ == "__main__":
    main(QUESTIONS)
