#!/usr/bin/env bash
# On a fresh machine: set up, ingest the sample reports into ./data (SQLite + a local
# vector index, no servers), and answer one question.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
if [ -d ../shared/corpus ]; then
  .venv/bin/nianbao ingest ../shared/corpus
  .venv/bin/nianbao ask "how many applications did 合阳 receive in 2020"
else
  .venv/bin/nianbao ingest samples
  .venv/bin/nianbao ask "示例县2022年收到多少政府信息公开申请？"
fi
