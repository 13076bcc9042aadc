"""Asking the shared corpus through `nianbao ask - --json`, for the tests/test_answers_*.py files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import run_cli, write_config


def ask(config: Path, *questions: str) -> list[dict[str, Any]]:
    """Questions through one `nianbao ask - --json` process, one JSON object each."""
    result = run_cli("ask", "-", "--json", "--config", config, input="\n".join(questions) + "\n")
    assert result.exit_code == 0, result.stderr
    answers = result.json
    assert len(answers) == len(questions)
    return answers


def ask_one(config: Path, question: str) -> dict[str, Any]:
    return ask(config, question)[0]


def heyang_over_two_years(tmp_path: Path, corpus: Path) -> Path:
    """A store of 合阳 2020 and the same report ingested again as 2021 (a `--year` override): the
    config of a second year for trends and year-on-year questions."""
    import shutil

    copy = tmp_path / "heyang-2021.txt"
    shutil.copy(corpus / "004_c70ef5546fcf38db.txt", copy)
    config = write_config(tmp_path / "c.toml", tmp_path / "d")
    assert run_cli("ingest", corpus / "004_c70ef5546fcf38db.txt", "--config", config).exit_code == 0
    assert run_cli("ingest", copy, "--year", "2021", "--config", config).exit_code == 0
    return config
