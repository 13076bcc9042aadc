"""Asking the shared corpus through `nianbao ask - --json`, for the tests/test_answers_*.py files."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import run_cli


def ask(config: Path, *questions: str) -> list[dict[str, Any]]:
    """Questions through one `nianbao ask - --json` process, one JSON object each."""
    result = run_cli("ask", "-", "--json", "--config", config, input="\n".join(questions) + "\n")
    assert result.exit_code == 0, result.stderr
    answers = result.json
    assert len(answers) == len(questions)
    return answers


def ask_one(config: Path, question: str) -> dict[str, Any]:
    return ask(config, question)[0]
