#!/usr/bin/env bash
# Set up if needed, lint, then run the whole test suite (--quick: the quick tier, see tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
# Lint and types first (pyproject.toml's [tool.ruff] and [tool.mypy]): a finding fails the run
# like a failing test.
.venv/bin/ruff check bot ingest index tests bench scripts
.venv/bin/ruff format --check --quiet bot ingest index tests bench scripts
.venv/bin/mypy --no-error-summary
exec .venv/bin/python -m pytest -q "$@"
