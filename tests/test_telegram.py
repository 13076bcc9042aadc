"""The Telegram bot, driven through the real Application with a fake Telegram server.

`FakeTelegram` stands where Telegram's servers stand: it is the `BaseRequest` every Bot API
call goes through (getMe, sendMessage, answerCallbackQuery…); it records each call and answers
as Telegram would. Updates go in through `Application.process_update`, as polling would feed them.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot import charts
from bot.answer import Answer
from bot.telegram import MissingToken, build_application
from bot.telegram_html import LIMIT, answer_reply, split_html, table_html
from tests.conftest import IngestedCorpus, corpus_files

BOT_USER = {"id": 999000, "is_bot": True, "first_name": "nianbao", "username": "nianbao_bot"}
USER = {"id": 4242, "is_bot": False, "first_name": "Li"}
ALLOWED, GROUP, STRANGER = 111, -100222, 555
HEYANG_Q = "how many applications did 合阳 receive in 2020"
HEYANG_CITE = "三、收到和处理政府信息公开申请情况 › 一、本年新收政府信息公开申请数量 › 总计"
TELEGRAM_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "a",
    "blockquote",
    "tg-spoiler",
    "span",
}


# ------------------------------------------------------------------ the fake Telegram server
@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def buttons(self) -> list[tuple[str, str]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


class FakeTelegram(BaseRequest):
    """Telegram's Bot API as seen by the library: records calls, answers them, can fail on cue."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.fail: dict[str, list[tuple[int, dict[str, Any]]]] = {}  # method → queued error responses
        self._ids = count(5000)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data is not None and request_data.contains_files:
            files = {
                k: v[1] if isinstance(v[1], bytes) else v[1].read() for k, v in request_data.multipart_data.items()
            }
        self.calls.append(Call(name, params, files))
        if self.fail.get(name):
            code, body = self.fail[name].pop(0)
            return code, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "sendPhoto", "sendDocument", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", ALLOWED))
            message = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "from": BOT_USER,
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            }
            if "text" in params:
                message["text"] = params["text"]
            if params.get("reply_markup"):
                markup = params["reply_markup"]
                message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
            return message
        return True

    # what the bot did
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def clear(self) -> None:
        self.calls.clear()


# ------------------------------------------------------------------ updates as Telegram sends them
_update_ids = count(1)


def _chat(chat_id: int) -> dict[str, Any]:
    return (
        {"id": chat_id, "type": "private", "first_name": "Li"}
        if chat_id > 0
        else {"id": chat_id, "type": "supergroup", "title": "年报 group"}
    )


def message_update(
    chat_id: int, text: str, reply_to: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    n = next(_update_ids)
    if entities is None and text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    message: dict[str, Any] = {
        "message_id": n,
        "date": int(time.time()),
        "chat": _chat(chat_id),
        "from": USER,
        "text": text,
    }
    if entities:
        message["entities"] = entities
    if reply_to:
        message["reply_to_message"] = reply_to
    return {"update_id": n, "message": message}


def click_update(chat_id: int, data: str, message: dict[str, Any]) -> dict[str, Any]:
    n = next(_update_ids)
    return {
        "update_id": n,
        "callback_query": {"id": f"cq{n}", "from": USER, "chat_instance": "ci", "data": data, "message": message},
    }


@dataclass
class Harness:
    app: Any
    fake: FakeTelegram

    async def stop(self) -> None:
        """What the end of `run_polling` does: shut the Application down, then post_shutdown."""
        await self.app.shutdown()
        await self.app.post_shutdown(self.app)

    async def send(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def say(self, chat_id: int, text: str, **kw: Any) -> list[Call]:
        """Send a message; the sendMessage calls it caused."""
        before = len(self.fake.calls)
        await self.send(message_update(chat_id, text, **kw))
        return [c for c in self.fake.calls[before:] if c.method == "sendMessage"]

    async def click(self, chat_id: int, data: str, under: Call) -> list[Call]:
        """Press a button under the message sent by `under`; the calls it caused."""
        message = {
            "message_id": 77,
            "date": int(time.time()),
            "chat": _chat(chat_id),
            "from": BOT_USER,
            "text": under.text,
            "reply_markup": {"inline_keyboard": [[{"text": t, "callback_data": d}] for t, d in under.buttons()]},
        }
        before = len(self.fake.calls)
        await self.send(click_update(chat_id, data, message))
        return self.fake.calls[before:]


# ------------------------------------------------------------------ stores and configs
def _ingest(data_dir: Path, files: list[Path], **override: Any) -> None:
    from index.load import ingest_files
    from index.store import Store

    store = Store(data_dir, embedder="fake")
    for path in files:
        errors = [o.error for o in ingest_files(store, [path], **override) if o.error]
        assert not errors, errors


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, ingested: IngestedCorpus) -> Path:
    """The real corpus in a store of this module's own (the bot's service writes its records there):
    a copy of the session's, not a second ingest."""
    return ingested.copy(tmp_path_factory, "telegram-store")


LONG_ISSUER = "《样例》<{i}>&" + "某某省某某市某某区某某街道" * 20 + "人民政府"  # ~270 characters


N_LONG = 20


@pytest.fixture(scope="module")
def long_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made-up reports (a copy of 合阳's text) whose issuers are long and carry 《》 < > &,
    so a ranking over all of them is longer than one Telegram message."""
    heyang = next(p for p in corpus_files() if p.name.startswith("004_")).read_text(encoding="utf-8")
    root = tmp_path_factory.mktemp("telegram-long")
    files = []
    for i in range(N_LONG):
        path = root / f"sample{i:02d}.txt"
        path.write_text(heyang.replace("政务公开专栏", f"政务公开专栏（样例第{i}号）", 1), encoding="utf-8")
        files.append(path)
    for i, path in enumerate(files):
        _ingest(root / "data", [path], issuer=LONG_ISSUER.format(i=i), year=2020)
    return root / "data"


def write_bot_config(
    path: Path,
    data_dir: Path,
    token: str | None = "123:TEST",
    allowed: tuple[int, ...] = (ALLOWED, GROUP),
    extra: str = "",
) -> Path:
    token_line = f'token = "{token}"\n' if token else ""
    path.write_text(
        f'data_dir = "{data_dir.as_posix()}"\n\n[embedding]\nmodel = "fake"\n\n[telegram]\n{token_line}'
        f"allowed_chats = {list(allowed)}\n{extra}",
        encoding="utf-8",
    )
    return path


async def start(config: Path) -> Harness:
    fake = FakeTelegram()
    app = build_application(config, request=fake)
    await app.initialize()
    assert [c.method for c in fake.calls] == ["getMe"]
    fake.clear()
    return Harness(app, fake)


@pytest.fixture
async def tg(tmp_path: Path, corpus_store: Path):  # type: ignore[no-untyped-def]
    harness = await start(write_bot_config(tmp_path / "bot.toml", corpus_store))
    yield harness
    await harness.stop()


# ------------------------------------------------------------------ HTML validity
class _TelegramHTML(HTMLParser):
    """Checks a message is Telegram HTML: known tags, balanced, no bare < > & in the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        assert tag in TELEGRAM_TAGS, tag
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        assert "<" not in data and ">" not in data, data
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        assert name in ("lt", "gt", "amp", "quot"), name
        self.text.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(html.unescape(f"&#{name};"))


def visible_text(message: str) -> str:
    """The text a reader sees; fails unless `message` is valid Telegram HTML under the limit."""
    assert len(message.encode("utf-16-le")) // 2 <= LIMIT
    assert "&" not in message.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "").replace("&quot;", "")
    parser = _TelegramHTML()
    parser.feed(message)
    parser.close()
    assert not parser.stack, parser.stack
    return "".join(parser.text)


# ------------------------------------------------------------------ the issue's cases
async def test_heyang_question_answers_5_with_its_citation(tg: Harness) -> None:
    replies = await tg.say(ALLOWED, HEYANG_Q)
    assert tg.fake.calls[0].method == "sendChatAction" and tg.fake.calls[0].params["action"] == "typing"
    assert len(replies) == 1
    text = visible_text(replies[0].text)
    assert "= 5" in text and "合阳县人民政府" in text and HEYANG_CITE in text
    buttons = dict(replies[0].buttons())
    assert set(buttons) == {"出处 / Sources", "👍", "👎"}
    assert all(len(d.encode()) <= 64 for d in buttons.values())

    calls = await tg.click(ALLOWED, buttons["出处 / Sources"], replies[0])
    assert [c.method for c in calls].count("answerCallbackQuery") == 1
    sources = [visible_text(c.text) for c in calls if c.method == "sendMessage"]
    assert len(sources) == 1
    assert "004_c70ef5546fcf38db.txt" in sources[0] and HEYANG_CITE in sources[0] and ": 5" in sources[0]

    again = await tg.click(ALLOWED, buttons["出处 / Sources"], replies[0])  # a second press: answered, not repeated
    assert [c.method for c in again] == ["answerCallbackQuery"]


async def test_a_chat_not_on_the_list_is_refused_once_and_gets_no_figure(tg: Harness) -> None:
    replies = await tg.say(STRANGER, HEYANG_Q)
    assert len(replies) == 1
    text = visible_text(replies[0].text)
    assert "only answers chats it has been configured for" in text and str(STRANGER) in text
    assert "5" not in text.replace(str(STRANGER), "") and "合阳" not in text and not replies[0].buttons()
    assert await tg.say(STRANGER, "合阳县2020年收到多少政府信息公开申请？") == []  # one refusal, then silence
    assert await tg.say(STRANGER, "/reports") == []
    assert not [c for c in tg.fake.calls if c.method in ("sendPhoto", "sendDocument", "sendChatAction")]

    # A button (say, from a message forwarded out of an allowed chat) shows nothing there either.
    answer = (await tg.say(ALLOWED, HEYANG_Q))[0]
    calls = await tg.click(STRANGER, dict(answer.buttons())["出处 / Sources"], answer)
    assert [c.method for c in calls] == ["answerCallbackQuery"] and "5" not in calls[0].params.get("text", "")


async def test_nobody_is_answered_until_allowed_chats_is_configured(tmp_path: Path, corpus_store: Path) -> None:
    h = await start(write_bot_config(tmp_path / "bot.toml", corpus_store, allowed=()))
    try:
        replies = await h.say(ALLOWED, HEYANG_Q)
        assert len(replies) == 1 and "configured" in replies[0].text and "= 5" not in replies[0].text
    finally:
        await h.stop()


@pytest.mark.slow
async def test_a_long_answer_is_split_into_valid_escaped_html(tmp_path: Path, long_store: Path) -> None:
    h = await start(write_bot_config(tmp_path / "bot.toml", long_store))
    try:
        replies = await h.say(ALLOWED, "which counties had the most lawsuits?")
        assert len(replies) >= 2, [len(r.text) for r in replies]
        texts = [visible_text(r.text) for r in replies]  # each part: valid HTML, under 4,096
        seen = "".join(texts)
        for i in range(N_LONG):  # every ranked report reaches the reader, 《》<>& intact
            assert LONG_ISSUER.format(i=i) in seen
        assert "&lt;0&gt;&amp;" in replies[0].text and "《样例》" in replies[0].text
        assert replies[-1].buttons() and not any(r.buttons() for r in replies[:-1])  # keyboard under the last part

        sources = [
            c
            for c in await h.click(ALLOWED, dict(replies[-1].buttons())["出处 / Sources"], replies[-1])
            if c.method == "sendMessage"
        ]
        assert len(sources) >= 2
        assert all(visible_text(c.text) for c in sources)
    finally:
        await h.stop()


async def test_the_sources_button_works_after_a_restart(tmp_path: Path, corpus_store: Path) -> None:
    config = write_bot_config(tmp_path / "bot.toml", corpus_store)
    first = await start(config)
    reply = (await first.say(ALLOWED, HEYANG_Q))[0]
    await first.stop()

    second = await start(config)  # a new process: new Application, new service, same data directory
    try:
        calls = await second.click(ALLOWED, dict(reply.buttons())["出处 / Sources"], reply)
        sources = [visible_text(c.text) for c in calls if c.method == "sendMessage"]
        assert sources and HEYANG_CITE in sources[0] and ": 5" in sources[0]
    finally:
        await second.stop()


async def test_a_trend_question_sends_a_chart(tg: Harness) -> None:
    replies = await tg.say(ALLOWED, "合阳县申请数量的变化趋势")
    assert replies and "5 件" in visible_text(replies[0].text)
    photos = tg.fake.sent("sendPhoto", ALLOWED)
    assert len(photos) == 1 and photos[0].files["photo"].startswith(b"\x89PNG\r\n\x1a\n")


async def test_a_ranking_chart_names_the_blank_reports(tg: Harness) -> None:
    """The PNG is the answer's chart spec, the one the web page draws: its notes are the caption."""
    await tg.say(ALLOWED, "哪个县收到的申请最多")
    [photo] = tg.fake.sent("sendPhoto", ALLOWED)
    assert "未填报（空白）：同仁县 2019、岚皋县 2019" in photo.params["caption"]


async def test_a_comparison_sends_a_chart(tg: Harness) -> None:
    await tg.say(ALLOWED, "比较合阳县和海东市的申请数量")
    assert len(tg.fake.sent("sendPhoto", ALLOWED)) == 1


async def test_without_a_cjk_font_the_chart_is_a_text_table(
    tg: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(charts, "_bundled_fonts", lambda: [])
    monkeypatch.setattr(charts, "_system_fonts", lambda: [])
    charts.cjk_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            replies = await tg.say(ALLOWED, "比较合阳县和海东市的申请数量")
    finally:
        charts.cjk_font.cache_clear()
    assert not tg.fake.sent("sendPhoto")
    table = visible_text(replies[-1].text)
    assert "合阳县人民政府 2020：5 件" in table and "海东市人民政府 2019：235 件" in table
    assert "no CJK font" in caplog.text


async def test_a_failing_handler_is_logged_apologised_for_and_the_next_update_is_handled(
    tg: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    # Telegram rejects the first answer: the handler raises.
    tg.fake.fail["sendMessage"] = [
        (400, {"ok": False, "error_code": 400, "description": "Bad Request: can't parse entities"})
    ]
    with caplog.at_level(logging.ERROR):
        replies = await tg.say(ALLOWED, HEYANG_Q)
    assert "handling update" in caplog.text and "can't parse entities" in caplog.text.lower()
    assert "Sorry, something went wrong" in replies[-1].text
    replies = await tg.say(ALLOWED, HEYANG_Q)
    assert len(replies) == 1 and "= 5" in replies[0].text


@pytest.mark.slow
async def test_retry_after_is_honoured(tg: Harness) -> None:
    tg.fake.fail["sendMessage"] = [
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            },
        )
    ]
    replies = await tg.say(ALLOWED, HEYANG_Q)
    assert len(replies) == 2 and replies[0].params == replies[1].params  # the same message, sent again
    assert "= 5" in replies[1].text


async def test_in_a_group_only_messages_addressed_to_the_bot_are_answered(tg: Harness) -> None:
    assert await tg.say(GROUP, HEYANG_Q) == []
    assert not tg.fake.sent("sendChatAction")

    mention = f"@{BOT_USER['username']} {HEYANG_Q}"
    replies = await tg.say(GROUP, mention, entities=[{"type": "mention", "offset": 0, "length": 12}])
    assert len(replies) == 1 and "= 5" in replies[0].text
    assert replies[0].params["reply_parameters"]["message_id"]  # the answer quotes the question

    bot_message = {"message_id": 9, "date": 0, "chat": _chat(GROUP), "from": BOT_USER, "text": "…"}
    assert len(await tg.say(GROUP, "合阳县2020年收到多少政府信息公开申请？", reply_to=bot_message)) == 1
    assert len(await tg.say(GROUP, f"/ask {HEYANG_Q}")) == 1
    other = {"message_id": 10, "date": 0, "chat": _chat(GROUP), "from": USER, "text": "hi"}
    assert await tg.say(GROUP, HEYANG_Q, reply_to=other) == []


# ------------------------------------------------------------------ conversation and buttons
async def test_commands(tg: Harness) -> None:
    help_text = visible_text((await tg.say(ALLOWED, "/help"))[0].text)
    assert "合阳县2020年收到多少政府信息公开申请？" in help_text and "which counties" in help_text
    assert "/reports" in visible_text((await tg.say(ALLOWED, "/start"))[0].text)
    reports = visible_text((await tg.say(ALLOWED, "/reports"))[0].text)
    assert "合阳县人民政府: 2020" in reports and "海东市人民政府: 2019" in reports
    assert "Usage" in (await tg.say(ALLOWED, "/ask"))[0].text
    assert "= 5" in (await tg.say(ALLOWED, f"/ask {HEYANG_Q}"))[0].text


async def test_follow_ups_keep_the_context_until_reset(tg: Harness) -> None:
    chat = ALLOWED
    first = visible_text((await tg.say(chat, "海东市2019年行政复议总数是多少"))[0].text)
    assert "38" in first
    follow = visible_text((await tg.say(chat, "那同仁县呢？"))[0].text)
    assert "同仁县" in follow and "行政复议" in follow
    assert "Context cleared" in (await tg.say(chat, "/reset"))[0].text


async def test_thumbs_down_asks_why_and_records_once(tg: Harness) -> None:
    reply = (await tg.say(ALLOWED, HEYANG_Q))[0]
    buttons = dict(reply.buttons())
    calls = await tg.click(ALLOWED, buttons["👎"], reply)
    edit = next(c for c in calls if c.method == "editMessageReplyMarkup")
    reasons = dict(edit.buttons())
    assert {"数字不对 / wrong number", "报告不对 / wrong report", "没找到 / not found"} <= set(reasons)
    assert "出处 / Sources" in reasons  # the Sources button stays

    edit_call = Call(
        "sendMessage",
        {
            "text": reply.text,
            "reply_markup": {"inline_keyboard": [[{"text": t, "callback_data": d}] for t, d in edit.buttons()]},
        },
        {},
    )
    calls = await tg.click(ALLOWED, reasons["数字不对 / wrong number"], edit_call)
    answered = next(c for c in calls if c.method == "answerCallbackQuery")
    assert "recorded" in answered.params["text"]
    done = next(c for c in calls if c.method == "editMessageReplyMarkup")
    assert [t for t, _ in done.buttons()] == ["出处 / Sources"]

    again = await tg.click(ALLOWED, buttons["👍"], reply)  # a stale button: answered once, nothing changes
    assert [c.method for c in again] == ["answerCallbackQuery"] and "Already recorded" in again[0].params["text"]


QUESTIONS = [
    "合阳县2020年收到多少申请",
    "海东市2019年行政复议总数是多少",
    "刚察县2021年行政处罚的处理决定数量",
    "海东市2019年收到多少申请",
    "刚察县2021年行政事业性收费金额是多少",
]
VALUES = ["5 件", "38 件", "13236 件", "235 件", "18.085682 万元"]


@pytest.mark.slow
async def test_questions_over_the_limit_wait_their_turn_and_are_all_answered_in_order(
    tmp_path: Path, corpus_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.telegram

    monkeypatch.setattr(bot.telegram, "RATE_WINDOW", 1.0)  # 2 a second instead of a minute, so the test is short
    h = await start(write_bot_config(tmp_path / "bot.toml", corpus_store, extra="questions_per_minute = 2\n"))
    try:
        await asyncio.gather(*(h.send(message_update(ALLOWED, q)) for q in QUESTIONS))
        sent = [c.text for c in h.fake.sent(chat_id=ALLOWED)]
        notices = [t for t in sent if "each will be answered in turn" in t]
        answers = [t for t in sent if t not in notices]
        assert len(notices) == 1  # told once, never dropped
        assert len(answers) == len(QUESTIONS)
        assert all(v in a for v, a in zip(VALUES, answers)), answers  # in the order asked
    finally:
        await h.stop()


async def test_follow_ups_do_not_count_against_the_limit(tmp_path: Path, corpus_store: Path) -> None:
    h = await start(write_bot_config(tmp_path / "bot.toml", corpus_store, extra="questions_per_minute = 1\n"))
    try:
        assert "5 件" in (await h.say(ALLOWED, QUESTIONS[0]))[0].text
        for _ in range(3):  # 出处 / 为什么 act on the last answer: no waiting, no notice
            replies = await h.say(ALLOWED, "出处")
            assert replies and not any("in turn" in r.text for r in replies)
    finally:
        await h.stop()


@pytest.mark.slow
async def test_a_chat_waiting_its_turn_does_not_hold_up_another(
    tmp_path: Path, corpus_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.telegram

    monkeypatch.setattr(bot.telegram, "RATE_WINDOW", 2.0)
    h = await start(write_bot_config(tmp_path / "bot.toml", corpus_store, extra="questions_per_minute = 1\n"))
    try:
        await h.say(ALLOWED, QUESTIONS[0])
        waiting = asyncio.create_task(h.send(message_update(ALLOWED, QUESTIONS[1])))  # waits ~2 s for its turn
        await asyncio.sleep(0.2)
        other = await h.say(GROUP, f"/ask {QUESTIONS[2]}")
        assert "13236 件" in other[0].text and not waiting.done()  # the group was answered meanwhile
        await waiting
        assert "38 件" in h.fake.sent(chat_id=ALLOWED)[-1].text
    finally:
        await h.stop()


async def test_an_edited_question_is_answered_again_as_a_reply_to_the_edit(tg: Harness) -> None:
    update = message_update(ALLOWED, QUESTIONS[0])
    await tg.send(update)
    edited = dict(update["message"], text=QUESTIONS[1], edit_date=int(time.time()))
    before = len(tg.fake.calls)
    await tg.send({"update_id": update["update_id"] + 10_000, "edited_message": edited})
    [reply] = [c for c in tg.fake.calls[before:] if c.method == "sendMessage"]
    assert "38 件" in reply.text
    assert reply.params["reply_parameters"]["message_id"] == edited["message_id"]


# ------------------------------------------------------------------ start-up
def test_without_a_token_the_command_says_what_is_missing(
    tmp_path: Path, corpus_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_cli

    monkeypatch.delenv("NIANBAO_TELEGRAM_TOKEN", raising=False)
    config = write_bot_config(tmp_path / "bot.toml", corpus_store, token=None)
    result = run_cli("telegram", "--config", config)
    assert result.exit_code == 2
    assert "no Telegram bot token" in result.stderr and "NIANBAO_TELEGRAM_TOKEN" in result.stderr
    with pytest.raises(MissingToken):
        build_application(config)


def test_the_token_may_come_from_the_environment(
    tmp_path: Path, corpus_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NIANBAO_TELEGRAM_TOKEN", "456:ENV")
    app = build_application(write_bot_config(tmp_path / "bot.toml", corpus_store, token=None))  # no network yet
    assert app.bot.token == "456:ENV"


def test_a_webhook_is_used_when_configured(tmp_path: Path, corpus_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from telegram.ext import Application

    from bot import telegram as tg_module

    seen: dict[str, Any] = {}
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: seen.update(webhook=kw))
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: seen.update(polling=kw))
    tg_module.run(write_bot_config(tmp_path / "a.toml", corpus_store))
    assert "polling" in seen
    tg_module.run(
        write_bot_config(
            tmp_path / "b.toml",
            corpus_store,
            extra='webhook_url = "https://bot.example.org/nianbao/hook"\nwebhook_port = 8444\n',
        )
    )
    hook = seen["webhook"]
    assert hook["webhook_url"] == "https://bot.example.org/nianbao/hook" and hook["url_path"] == "nianbao/hook"
    assert hook["port"] == 8444 and hook["secret_token"]


# ------------------------------------------------------------------ rendering and charts
def test_split_html_never_cuts_a_tag_or_an_entity() -> None:
    text = "\n\n".join(["<b>标题</b> " + html.escape("《条例》<x> & y。" * 40, quote=False) for _ in range(12)])
    text += "\n\n<pre>" + "\n".join(html.escape(f"row {i}\t<a&b>", quote=False) for i in range(500)) + "</pre>"
    text += "\n\n<blockquote>" + html.escape("长" * 9000 + "<&>", quote=False) + "</blockquote>"
    parts = split_html(text)
    assert len(parts) > 5
    assert "".join(visible_text(p) for p in parts).replace("\n", "") == html.unescape(
        text.replace("<b>", "")
        .replace("</b>", "")
        .replace("<pre>", "")
        .replace("</pre>", "")
        .replace("<blockquote>", "")
        .replace("</blockquote>", "")
    ).replace("\n", "")
    rows = [p for p in parts if p.startswith("<pre>")]
    assert rows and all(p.endswith("</pre>") and "\trow" not in p for p in rows)  # cut between rows


def test_a_long_table_goes_as_a_csv_document() -> None:
    rows = [{"issuer": f"某县{i}人民政府", "year": 2020, "value": i, "unit": "件"} for i in range(900)]
    reply = answer_reply(Answer("q", "rank", "最多的是某县899人民政府。", table=rows, id="abc"))
    assert reply.document is not None and reply.document[0].endswith(".csv")
    assert reply.document[1].decode("utf-8-sig").splitlines()[1] == "某县0人民政府,2020,0,件"
    assert len(reply.messages) == 1 and "CSV" in reply.messages[0]
    short = answer_reply(Answer("q", "rank", "最多的是某县2人民政府（2020 年）。", table=rows[:3], id="abc"))
    assert short.document is None and len(short.messages) == 1 and short.tabled  # the rest of a ranking: inline
    assert "某县0人民政府 2020：0 件" in short.messages[0]
    named = answer_reply(
        Answer("q", "compare", "某县0人民政府 2020 年：0 件；某县1人民政府 2020 年：1 件。", table=rows[:2], id="abc")
    )
    assert named.messages == ["某县0人民政府 2020 年：0 件；某县1人民政府 2020 年：1 件。"] and not named.tabled
    assert table_html(rows[:3]) == [
        "<pre>某县0人民政府 2020：0 件\n某县1人民政府 2020：1 件\n某县2人民政府 2020：2 件</pre>"
    ]


def test_the_installed_cjk_font_draws_chinese() -> None:
    font = charts.cjk_font()
    assert font == charts.SHIPPED_FONT, "bot/fonts/ ships Noto Sans CJK SC"
    assert charts.missing_glyphs(font, "合阳县人民政府本年新收政府信息公开申请数量·总计件万元2020") == ""
    assert (
        charts.missing_glyphs(Path(__import__("matplotlib").get_data_path()) / "fonts/ttf/DejaVuSans.ttf", "合阳")
        == "合阳"
    )  # the check does tell a font without Chinese apart


@pytest.fixture(scope="module")
def two_years_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """合阳 2020, and a copy of it stored as 2021 with its applications received changed (5 → 7)."""
    heyang = next(p for p in corpus_files() if p.name.startswith("004_"))
    root = tmp_path_factory.mktemp("telegram-two-years")
    later = root / "heyang-2021.txt"
    text = heyang.read_text(encoding="utf-8")
    later.write_text(
        text.replace(
            "一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 1 | 0 | 5 |",
            "一、本年新收政府信息公开申请数量 | 6 | 0 | 0 | 0 | 1 | 0 | 7 |",
        ),
        encoding="utf-8",
    )
    _ingest(root / "data", [heyang])
    _ingest(root / "data", [later], year=2021)
    return root / "data"


async def test_what_changed_between_two_years_comes_with_every_change_as_csv(
    tmp_path: Path, two_years_store: Path
) -> None:
    h = await start(write_bot_config(tmp_path / "bot.toml", two_years_store))
    try:
        replies = await h.say(ALLOWED, "合阳县2021年报和2020年报相比有什么变化")
        assert "5 件 → 7 件" in replies[0].text
        [document] = h.fake.sent("sendDocument", chat_id=ALLOWED)
        assert document.files  # the CSV of every change
    finally:
        await h.stop()
