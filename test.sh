#!/usr/bin/env bash
# Set up if needed, lint, then run the whole test suite (--quick: the quick tier, see tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# Lint first (pyproject.toml's [tool.ruff]): a finding fails the run like a failing test.
.venv/bin/ruff check bot ingest index tests bench scripts
exec .venv/bin/python -m pytest -q "$@"
