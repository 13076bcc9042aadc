"""Under load the server answers a quick question (a figure of the issuers named) before a broad
one (a ranking over every report) that came shortly before it, never putting a broad one off for
longer than HEAD_START; a broad question is understood first, held, and answered the same."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import IngestedCorpus, write_config

from bot.service import Held, Service
from bot.web_lanes import HEAD_START, Lanes

RANKING = "2020年哪个县收到的政府信息公开申请最多"
FIGURE = "合阳县2020年收到多少政府信息公开申请"


async def answered(lanes: Lanes, deadline: float, name: str, done: list[str]) -> None:
    async with lanes.place(deadline):
        done.append(name)
        await asyncio.sleep(0)


async def queued(lanes: Lanes, n: int) -> None:
    while lanes.waiting() < n:
        await asyncio.sleep(0)


async def test_a_figure_question_goes_before_a_ranking_that_came_just_before_it() -> None:
    lanes, done = Lanes(places=1), []
    now = asyncio.get_running_loop().time()
    async with lanes.place(now):  # the one place is taken: both wait
        ranking = asyncio.create_task(answered(lanes, now + HEAD_START, "ranking", done))
        await queued(lanes, 1)
        figure = asyncio.create_task(answered(lanes, now + 0.01, "figure", done))
        await queued(lanes, 2)
    await asyncio.gather(ranking, figure)
    assert done == ["figure", "ranking"]


async def test_a_ranking_goes_first_once_its_head_start_is_spent() -> None:
    lanes, done = Lanes(places=1), []
    now = asyncio.get_running_loop().time()
    async with lanes.place(now):
        ranking = asyncio.create_task(answered(lanes, now + HEAD_START, "ranking", done))
        figure = asyncio.create_task(answered(lanes, now + HEAD_START + 0.01, "figure", done))
        await queued(lanes, 2)
    await asyncio.gather(ranking, figure)
    assert done == ["ranking", "figure"]


async def test_a_question_given_up_while_waiting_passes_its_turn_on() -> None:
    lanes, done = Lanes(places=1), []
    now = asyncio.get_running_loop().time()
    async with lanes.place(now):
        gone = asyncio.create_task(answered(lanes, now, "gone", done))
        later = asyncio.create_task(answered(lanes, now + 1, "later", done))
        await queued(lanes, 2)
        gone.cancel()  # the client went away
        with pytest.raises(asyncio.CancelledError):
            await gone
    await later
    assert done == ["later"] and lanes.free == 1


def test_a_ranking_is_held_understood_and_answered_as_asked(ingested: IngestedCorpus, tmp_path: Path) -> None:
    config = write_config(tmp_path / "nianbao.toml", ingested.data_dir)
    with Service.open(config) as service:
        asked = service.conversation("web", "staff/asked")
        first = asked.ask(RANKING)
        begun = service.conversation("web", "staff/begun")
        held = begun.begin(RANKING)
        assert isinstance(held, Held)
        answer = held.answer()
        assert (answer.route, answer.answer, answer.figures) == (first.route, first.answer, first.figures)
        assert answer.id and service.answer(answer.id) is not None  # recorded as asked
        # Its conversation goes on from it: the follow-up ranks the counties by 行政复议.
        follow_up = begun.begin("那行政复议呢")
        assert isinstance(follow_up, Held)
        assert follow_up.answer().answer == asked.ask("那行政复议呢").answer
        # A figure of the issuer named is answered at once.
        figure = begun.begin(FIGURE)
        assert not isinstance(figure, Held) and figure.route == "figure"
