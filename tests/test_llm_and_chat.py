"""The optional LLM (faked: it is a true edge) and the interactive chat."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli, write_config

from bot.llm import phrase_with
from bot.router import Answerer


@pytest.fixture(scope="module")
def store(ingested):  # type: ignore[no-untyped-def]
    return ingested.store


QUESTION = "同仁县政务公开领导小组的组长是谁"


def fake_llm(reply: str):  # type: ignore[no-untyped-def]
    """langchain's fake chat model saying `reply` (imported here: ~0.5 s that collecting need not pay)."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    return FakeListChatModel(responses=[reply])


def test_an_llm_answer_grounded_in_the_passages_is_used(store) -> None:  # type: ignore[no-untyped-def]
    model = fake_llm("组长是县政府副县长胡伟东 [1]。")
    answer, _ = Answerer(store, phrase=phrase_with(model)).ask(QUESTION)
    assert answer.answer.startswith("组长是县政府副县长胡伟东 [1]。")
    assert any("胡伟东" in p["text"] for p in answer.passages)  # the citation stays


def test_an_llm_answer_with_an_invented_number_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    model = fake_llm("领导小组共有 17 名成员 [1]。")
    answer, _ = Answerer(store, phrase=phrase_with(model)).ask(QUESTION)
    assert "17" not in answer.answer
    assert any("not in the sources" in w for w in answer.warnings)


def test_an_llm_outage_keeps_the_extractive_answer(store) -> None:  # type: ignore[no-untyped-def]
    class Down:
        def invoke(self, _messages):  # type: ignore[no-untyped-def]
            raise ConnectionError("no route to host")

    answer, _ = Answerer(store, phrase=phrase_with(Down())).ask(QUESTION)
    assert "胡伟东" in answer.answer and any("LLM unavailable" in w for w in answer.warnings)


def test_no_llm_configured_means_none_is_used(tmp_path: Path) -> None:
    from bot.config import LlmSettings
    from bot.llm import phraser

    assert phraser(LlmSettings()) is None
    assert phraser(LlmSettings(api_key="sk-only-a-key")) is None


def test_chat_session_with_follow_ups(ingested, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = write_config(tmp_path / "c.toml", ingested.data_dir)
    lines = "/help\n海东市2019年行政复议总数是多少\n那行政诉讼呢\n/reports\n/nonsense\n/quit\n"
    result = run_cli("chat", "--config", config, input=lines)
    assert result.exit_code == 0
    out = result.stdout
    assert "/reports" in out  # the help
    assert "38" in out  # reconsiderations
    assert "76" in out  # lawsuits: 54 direct + 22 after reconsideration, inherited issuer and year
    assert "Unknown command /nonsense" in out
