"""What the machine and the user throw at the command line: odd files, odd names, bad
settings, a broken data directory. One line naming the problem, the right exit code,
never a traceback, and the other files still read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HEYANG, TONGREN, corpus_files, write_config

NIANBAO = [sys.executable, "-c", "from bot.cli import main; main()"]


def corpus_file(name: str) -> Path:
    return next(f for f in corpus_files() if f.name == name)


def run(
    *args: str | Path | bytes, stdin: bytes | None = None, config: Path | None = None
) -> subprocess.CompletedProcess:
    argv = [*NIANBAO, *(os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args)]
    if config is not None:
        argv += ["--config", str(config)]
    return subprocess.run(argv, input=stdin, capture_output=True, timeout=180)


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    return write_config(tmp_path / "c.toml", tmp_path / "data")


@pytest.mark.slow
def test_odd_files_are_each_named_and_the_rest_are_read(tmp_path, cfg):
    folder = tmp_path / "in"
    folder.mkdir()
    weird = os.fsencode(folder) + b"/\xff\xfe-report.txt"  # a name that is not UTF-8
    shutil.copy(corpus_file(TONGREN), os.fsdecode(weird))
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2_000_000)
    small = write_config(tmp_path / "small.toml", tmp_path / "data")
    small.write_text(small.read_text(encoding="utf-8") + "\n[ingest]\nmax_file_mb = 1\n", encoding="utf-8")
    result = run("ingest", weird, fifo, big, "/dev/zero", corpus_file(HEYANG), "--json", config=small)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    lines = [__import__("json").loads(x) for x in result.stdout.decode().splitlines()]
    assert len(lines) == 5
    by_name = {line["source_file"]: line for line in lines}
    assert not by_name["\ufffd\ufffd-report.txt"]["error"]  # read, its name printed with �
    assert "not a regular file" in by_name["pipe.txt"]["error"]
    assert "too large" in by_name["big.txt"]["error"]
    assert "not a regular file" in by_name["zero"]["error"]
    assert not by_name[HEYANG]["error"]


@pytest.mark.slow
def test_a_folder_with_a_pipe_in_it_does_not_hang(tmp_path, cfg):
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    shutil.copy(corpus_file(TONGREN), folder / "t.txt")
    result = run("ingest", folder, "--json", config=cfg)
    assert result.returncode == 0, result.stderr
    names = [__import__("json").loads(x)["source_file"] for x in result.stdout.decode().splitlines()]
    assert names == ["t.txt"]


def test_a_question_with_bad_bytes_is_answered_and_the_batch_goes_on(tmp_path, cfg):
    assert run("ingest", corpus_file(HEYANG), config=cfg).returncode == 0
    stdin = (
        "合阳县2020年收到多少政府信息公开申请".encode() + b"\xff\xfe\n" + "合阳县2020年行政复议总数是多少\n".encode()
    )
    result = run("ask", "-", "--json", stdin=stdin, config=cfg)
    assert result.returncode == 0, result.stderr
    answers = [__import__("json").loads(x) for x in result.stdout.decode().splitlines()]
    assert len(answers) == 2 and answers[0]["figures"][0]["value"] == 5


@pytest.mark.parametrize(
    "body, words",
    [
        ("data_dir = 5\n", "data_dir must be a string"),
        ('[telegram]\nallowed_chats = ["abc"]\n', "telegram.allowed_chats[0] must be an integer"),
        ('[embedding]\nmodel = "gpt"\n', "embedding.model must be one of"),
        ("data_dir = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_is_one_line_and_exit_2(tmp_path, body, words):
    config = tmp_path / "bad.toml"
    config.write_text(body, encoding="utf-8")
    result = run("reports", config=config)
    assert result.returncode == 2
    assert words in result.stderr.decode() and b"Traceback" not in result.stderr


def test_unknown_config_keys_are_warned_about(tmp_path, cfg):
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\ncolour = 'blue'\n", encoding="utf-8")
    result = run("ingest", corpus_file(HEYANG), config=cfg)
    assert result.returncode == 0
    assert "unknown config key embedding.colour" in result.stderr.decode()  # appended inside [embedding]


def test_a_data_dir_that_is_a_file_or_missing(tmp_path):
    afile = tmp_path / "data"
    afile.write_text("not a folder", encoding="utf-8")
    config = write_config(tmp_path / "c.toml", afile)
    for command in (["ingest", corpus_file(HEYANG)], ["reports"], ["ask", "hi"]):
        result = run(*command, config=config)
        assert result.returncode == 2 and "not a directory" in result.stderr.decode(), command
        assert b"Traceback" not in result.stderr
    typo = tmp_path / "typo"
    for command in (["reports"], ["figures"], ["ask", "合阳县2020年收到多少申请"]):
        result = run(*command, "--data-dir", typo)
        assert result.returncode == 2 and "no store in" in result.stderr.decode()
        assert not typo.exists(), "a command that only reads created a store"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_dir(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    result = run("ingest", corpus_file(HEYANG), "--data-dir", ro)
    assert result.returncode == 2 and "not writable" in result.stderr.decode()


def test_year_and_metric_are_checked(tmp_path, cfg):
    assert run("ingest", corpus_file(HEYANG), "--year", "20201", config=cfg).returncode == 2
    run("ingest", corpus_file(HEYANG), config=cfg)
    result = run("figures", "--metric", "applications.recieved", config=cfg)
    assert result.returncode == 2 and "no metric" in result.stderr.decode()
    assert run("figures", "--metric", "applications.received", config=cfg).returncode == 0
