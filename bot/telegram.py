"""`nianbao telegram`: the answering service in a Telegram chat (python-telegram-bot 22).

A thin adapter: every question goes to `Service.conversation("telegram", chat_id).ask`,
every button looks its answer up again with `Service.answer(id)` (the id travels in the
button's callback data, so buttons keep working after a restart), feedback goes to
`Service.feedback`. Nothing here touches the store.

    app = build_application("config.toml")                # the real thing
    app = build_application(path, request=FakeTelegram())  # offline: every Bot API call goes there
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import secrets
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from .answer import Answer
from .charts import CHART_ROUTES, chart_points, points_rows, render_chart
from .config import Config, TelegramSettings, load_config
from .question import is_chatter
from .ratelimit import RateLimiter
from .service import REASONS, Service
from .telegram_html import answer_reply, english, esc, sources_reply, split_html, table_html

log = logging.getLogger(__name__)

TOKEN_ENV = "NIANBAO_TELEGRAM_TOKEN"
CHANNEL = "telegram"
RATE_WINDOW = 60.0  # seconds `questions_per_minute` counts in
TYPING_EVERY = 4.0  # Telegram shows "typing…" for about 5 s: sent again until the answer is out
SERVICE_THREADS = 4  # answers computed at once (different chats); one chat's answers stay in order

HELP = """<b>nianbao 年报</b> answers questions about government information-disclosure annual reports (政府信息公开工作年度报告), with the report and table cell or passage behind every figure.

<b>例如 / Examples</b>
• 合阳县2020年收到多少政府信息公开申请？
• 海东市2019年政务公开存在哪些主要问题
• 比较合阳县和海东市的申请数量
• how many applications did 合阳 receive in 2020
• which counties had the most lawsuits?
Follow-ups keep the context: 那2019年呢？ / and Haidong?

<b>Commands</b>
/reports — 已收录的报告 / reports on file
/ask QUESTION — ask (in groups: or mention me, or reply to me)
/reset — 清除上下文 / forget the context
/help — this text

Under each answer: <b>出处 / Sources</b> shows the table cells and passages; 👍 / 👎 tell us whether it was right."""

REFUSAL = (
    "本机器人只回答已授权的聊天。This bot only answers chats it has been configured for "
    "(this chat's id: <code>{chat_id}</code>)."
)
REASON_LABELS = {
    "wrong number": "数字不对 / wrong number",
    "wrong report": "报告不对 / wrong report",
    "not found": "没找到 / not found",
    "other": "其他 / other",
}
CALLBACK_LIMIT = 64  # bytes of callback data Telegram accepts


class MissingToken(Exception):
    """No bot token in the config nor in the environment."""


@dataclass
class _ChatState:
    """What the bot keeps about one Telegram chat between messages."""

    warned: bool = False  # told, once, that questions are waiting their turn
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)  # one answer at a time, in the order asked


class TelegramBot:
    """The handlers, over one `Service`. Per-chat state here is only throttling and de-duplication."""

    def __init__(self, service: Service, settings: TelegramSettings) -> None:
        self.service, self.settings = service, settings
        self._refused: OrderedDict[int, None] = OrderedDict()  # chats told they are not allowed
        self._chats: dict[int, _ChatState] = {}  # allowed chats only
        self._limit = RateLimiter(settings.questions_per_minute, window=RATE_WINDOW)  # per chat
        self._clicked: OrderedDict[tuple[str, str], None] = OrderedDict()  # (answer id, "sources"/"feedback") done
        # The service answers in one worker thread of its own: the event loop never waits on SQLite
        # or the vector index, and a service whose connections belong to a thread always gets the same one.
        # Several threads, so one chat's slow passage question does not hold up the others (the
        # service pools its connections: each question borrows one).
        self._worker = ThreadPoolExecutor(max_workers=SERVICE_THREADS, thread_name_prefix="nianbao-service")

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run a service call in the service's worker thread."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, functools.partial(fn, *args))

    def close(self) -> None:
        self._worker.shutdown(wait=True)
        close = getattr(self.service, "close", None)
        if callable(close):
            close()

    # ------------------------------------------------------------ access
    async def guard(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Runs before every handler: updates from chats not on the list stop here."""
        chat = update.effective_chat
        if chat is not None and chat.id in self.settings.allowed_chats:
            return
        if chat is not None and chat.id not in self._refused:
            _remember(self._refused, chat.id)
            log.info(
                "refused chat %s (%s %s): not in [telegram] allowed_chats",
                chat.id,
                chat.type,
                chat.title or chat.username or "",
            )
            if update.callback_query:
                await update.callback_query.answer("Not authorised / 未授权", show_alert=True)
            else:
                await context.bot.send_message(chat.id, REFUSAL.format(chat_id=chat.id), parse_mode=ParseMode.HTML)
        elif update.callback_query:
            await update.callback_query.answer()
        raise ApplicationHandlerStop

    # ------------------------------------------------------------ commands
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update, context, split_html(HELP))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update, context, split_html(HELP))

    async def reports(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        rows = await self.call(self.service.reports)
        if not rows:
            await self._send(update, context, ["还没有收录报告 / No reports on file yet (nianbao ingest PATH)."])
            return
        years: dict[str, set[int]] = {}
        for r in rows:
            years.setdefault(r["issuer"] or "?", set()).add(r["year"])
        lines = [f"<b>已收录的报告 / Reports on file</b> ({len(rows)})"]
        lines += [
            f"• {esc(issuer)}: {', '.join(str(y) for y in sorted(y for y in ys if y))}"
            for issuer, ys in sorted(years.items())
        ]
        await self._send(update, context, split_html("\n".join(lines)))

    async def ask(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        question = " ".join(context.args or []).strip()
        if not question:
            await self._send(
                update, context, ["用法 / Usage: <code>/ask 合阳县2020年收到多少政府信息公开申请？</code>"]
            )
            return
        await self.answer_question(update, context, question)

    async def reset(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.call(self._conversation(update).reset)
        await self._send(update, context, ["已清除上下文 / Context cleared: the next question starts afresh."])

    # ------------------------------------------------------------ questions
    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        await self.answer_question(update, context, (message.text if message else None) or "")

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group only a message that mentions the bot or replies to it is a question."""
        message = update.effective_message
        question = _addressed(message, context.bot.id, context.bot.username)
        if question is not None:
            await self.answer_question(update, context, question)

    async def edited_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited question is answered again, as a reply to the edit."""
        message = update.edited_message
        if message is None or not message.text:
            return
        question: str | None = message.text
        if message.chat.type != ChatType.PRIVATE:
            question = _addressed(message, context.bot.id, context.bot.username)
        if question is not None:
            await self.answer_question(update, context, question, reply_to=message)

    async def answer_question(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, reply_to: Message | None = None
    ) -> None:
        """Answer one question. Over the chat's limit it waits its turn (one notice), never dropped;
        a chat's answers go out in the order asked, other chats' meanwhile."""
        question = question.strip()
        if not question:
            return
        chat_id = _chat(update).id
        state = self._chats.setdefault(chat_id, _ChatState())
        counted = not is_chatter(question)  # 为什么 / 出处 act on the last answer: they cost nothing
        async with state.turn:
            if counted:
                await self._wait_turn(update, context, state)
            async with _typing(context, chat_id):
                answer = await self.call(self._conversation(update).ask, question)
            reply = answer_reply(answer)
            await self._send(update, context, reply.messages, self._keyboard(answer), reply_to=reply_to)
            if reply.document:
                name, data = reply.document
                await context.bot.send_document(chat_id, InputFile(data, filename=name), caption=name)
            if answer.route in CHART_ROUTES:
                await self._send_chart(update, context, answer, tabled=reply.tabled)

    async def _wait_turn(self, update: Update, context: ContextTypes.DEFAULT_TYPE, state: _ChatState) -> None:
        """Wait until the chat is within `questions_per_minute` again (the question is then counted);
        say so once while it waits."""
        chat_id = _chat(update).id
        while wait := self._limit.wait(chat_id):
            if not state.warned:
                state.warned = True
                shown = max(1, round(wait))
                await self._send(
                    update,
                    context,
                    [
                        f"问题较多，将依次回答，约 {shown} 秒后继续。"
                        f"Many questions: each will be answered in turn, in about {shown} s."
                    ],
                )
            await asyncio.sleep(max(wait, 0.01))
        if self._limit.counted(chat_id) == 1:
            state.warned = False  # the queue had drained: a later burst is told again

    async def _send_chart(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, answer: Answer, tabled: bool
    ) -> None:
        points = chart_points(answer)
        if not points:
            return
        chart = await asyncio.to_thread(render_chart, answer)
        if chart.png:
            await context.bot.send_chat_action(_chat(update).id, ChatAction.UPLOAD_PHOTO)
            await context.bot.send_photo(
                _chat(update).id,
                InputFile(chart.png, filename="chart.png"),
                caption=esc("\n".join([answer.question, *chart.notes])[:900]),  # the blank reports named
                parse_mode=ParseMode.HTML,
            )
            return
        log.warning("chart for answer %s sent as a text table: %s", answer.id, chart.reason)
        if not tabled:  # the values as text instead (unless the CSV already carries them), with the chart's notes
            messages = table_html(points_rows(points), english(answer))
            if chart.notes:
                messages[-1] += "\n" + esc("\n".join(chart.notes))
            await self._send(update, context, messages)

    # ------------------------------------------------------------ buttons
    def _keyboard(self, answer: Answer, sources: bool = True, feedback: str = "ask") -> InlineKeyboardMarkup | None:
        """出处 / Sources and 👍 / 👎, or 👎's reasons; callback data carries only the answer id."""
        if not answer.id or len(f"r:0:{answer.id}".encode()) > CALLBACK_LIMIT:
            log.warning("answer id %r does not fit in callback data: no buttons", answer.id)
            return None
        return _markup(answer.id, sources and bool(answer.figures or answer.passages), feedback)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:  # registered for button presses only
            return
        kind, _, rest = (query.data or "").partition(":")
        reason = None
        if kind == "r":
            n, _, rest = rest.partition(":")
            reason = REASONS[int(n)] if n.isdigit() and int(n) < len(REASONS) else "other"
        answer_id = rest
        answer = await self.call(self.service.answer, answer_id)
        if answer is None:
            await query.answer("这条回答已不在记录中 / This answer is no longer on record.", show_alert=True)
            return
        has_sources = _has_sources_button(query.message)
        if kind == "s":
            if (answer_id, "sources") in self._clicked:
                await query.answer("出处已在上方 / Sources are shown above.")
                return
            _remember(self._clicked, (answer_id, "sources"))
            await query.answer()
            await self._send(
                update,
                context,
                sources_reply(answer),
                reply_to=query.message if isinstance(query.message, Message) else None,
            )
        elif kind in ("g", "b", "r"):
            if (answer_id, "feedback") in self._clicked:
                await query.answer("已记录 / Already recorded, thank you.")
                return
            if kind == "b":  # ask why before recording
                await query.answer("哪里不对？/ What was wrong?")
                await query.edit_message_reply_markup(_markup(answer_id, has_sources, "reasons"))
                return
            verdict = "good" if kind == "g" else "bad"
            await self.call(self.service.feedback, answer_id, verdict, reason)
            _remember(self._clicked, (answer_id, "feedback"))
            await query.answer("谢谢！/ Thank you, recorded.")
            await query.edit_message_reply_markup(_markup(answer_id, has_sources, "done"))
        else:
            await query.answer()

    # ------------------------------------------------------------ errors
    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure with its update; apologise in the chat; the next update is handled as usual."""
        shown = update.to_dict() if isinstance(update, Update) else repr(update)
        log.error("handling update %s failed", shown, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat and _chat(update).id in self.settings.allowed_chats:
            try:
                await context.bot.send_message(
                    _chat(update).id, "抱歉，出错了，请稍后再试。Sorry, something went wrong; please try again."
                )
            except Exception:  # the apology itself failing must not hide the first error
                log.exception("could not send the apology to chat %s", _chat(update).id)

    # ------------------------------------------------------------ helpers
    def _conversation(self, update: Update) -> Any:
        return self.service.conversation(CHANNEL, str(_chat(update).id))

    async def _send(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        messages: list[str],
        markup: InlineKeyboardMarkup | None = None,
        reply_to: Message | None = None,
    ) -> None:
        """Send `messages` in order; the keyboard goes under the last one. In groups the first
        message replies to the question so the thread is clear."""
        chat = _chat(update)
        quote = reply_to or (update.effective_message if chat.type != ChatType.PRIVATE else None)
        for k, text in enumerate(messages):
            last = k == len(messages) - 1
            await context.bot.send_message(
                chat.id,
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup if last else None,
                reply_parameters=(
                    ReplyParameters(quote.message_id, allow_sending_without_reply=True)
                    if quote is not None and k == 0
                    else None
                ),
            )


class _typing:
    """Keeps the chat's "typing…" shown while an answer is computed (Telegram drops it after ~5 s)."""

    def __init__(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        self.context, self.chat_id = context, chat_id
        self.task: asyncio.Task[None] | None = None

    async def _keep(self) -> None:
        while True:
            try:
                await self.context.bot.send_chat_action(self.chat_id, ChatAction.TYPING)
            except NetworkError:  # a lost indicator is no reason to lose the answer
                pass
            await asyncio.sleep(TYPING_EVERY)

    async def __aenter__(self) -> None:
        self.task = asyncio.create_task(self._keep())

    async def __aexit__(self, *exc: object) -> None:
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass


def _chat(update: Update) -> Chat:
    """The chat of a message or a button press (the only updates these handlers are given)."""
    if update.effective_chat is None:
        raise RuntimeError("an update without a chat reached a chat handler")
    return update.effective_chat


def _remember(seen: OrderedDict[Any, None], key: Any, keep: int = 10_000) -> None:
    """Add `key`, forgetting the oldest beyond `keep` (a long-running bot must not grow without end)."""
    seen[key] = None
    while len(seen) > keep:
        seen.popitem(last=False)


def _markup(answer_id: str, sources: bool, feedback: str) -> InlineKeyboardMarkup | None:
    rows = []
    if sources:
        rows.append([InlineKeyboardButton("出处 / Sources", callback_data=f"s:{answer_id}")])
    if feedback == "ask":
        rows.append(
            [
                InlineKeyboardButton("👍", callback_data=f"g:{answer_id}"),
                InlineKeyboardButton("👎", callback_data=f"b:{answer_id}"),
            ]
        )
    elif feedback == "reasons":
        labels = [(i, REASON_LABELS[r]) for i, r in enumerate(REASONS) if r in REASON_LABELS]
        rows += [[InlineKeyboardButton(label, callback_data=f"r:{i}:{answer_id}")] for i, label in labels]
    return InlineKeyboardMarkup(rows) if rows else None


def _has_sources_button(message: Any) -> bool:
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return False
    return any((b.callback_data or "").startswith("s:") for row in markup.inline_keyboard for b in row)


def _addressed(message: Message | None, bot_id: int, username: str | None) -> str | None:
    """The question in a group message addressed to the bot (mention or reply), else None."""
    if message is None or not message.text:
        return None
    text = message.text
    mentioned = False
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if (entity.type == MessageEntity.MENTION and username and value.lstrip("@").lower() == username.lower()) or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id
        ):
            mentioned = True
            text = text.replace(value, " ")
    reply = message.reply_to_message
    if mentioned or (reply is not None and reply.from_user is not None and reply.from_user.id == bot_id):
        return text.strip()
    return None


# ------------------------------------------------------------------ building and running
def build_application(
    config_path: str | Path | Config | None = None,
    request: BaseRequest | None = None,
    *,
    data_dir: str | Path | None = None,
) -> Application:
    """The configured Application for the config at `config_path` (or a Config).

    `request`, when given, carries every Bot API call, get_updates included: tests pass a
    fake Telegram there. Raises MissingToken when neither the config nor NIANBAO_TELEGRAM_TOKEN
    has a token."""
    config = config_path if isinstance(config_path, Config) else load_config(config_path, data_dir)
    settings = replace(config.telegram, token=config.telegram.token or os.environ.get(TOKEN_ENV) or None)
    if not settings.token:
        raise MissingToken(
            "no Telegram bot token: set [telegram] token in the config"
            + (f" ({config.source})" if config.source else "")
            + f" or the environment variable {TOKEN_ENV} (create a bot with @BotFather to get one)"
        )
    service = Service.open(config)
    bot = TelegramBot(service, settings)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        # Honour Telegram's flood limits: wait out RetryAfter and try again.
        .rate_limiter(AIORateLimiter(max_retries=3))
        # Updates handled side by side: a slow answer in one chat does not hold up another
        # (answers within one chat keep their order: TelegramBot takes a chat's turn lock).
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    app = builder.build()
    app.bot_data["nianbao"] = bot
    app.add_handler(TypeHandler(Update, bot.guard), group=-1)
    app.add_handler(CommandHandler("start", bot.start))
    app.add_handler(CommandHandler("help", bot.help))
    app.add_handler(CommandHandler("reports", bot.reports))
    app.add_handler(CommandHandler("ask", bot.ask))
    app.add_handler(CommandHandler("reset", bot.reset))
    app.add_handler(CallbackQueryHandler(bot.button, pattern=r"^[sgbr]:"))
    text = filters.TEXT & ~filters.COMMAND
    edited = filters.UpdateType.EDITED_MESSAGE
    app.add_handler(MessageHandler(text & edited, bot.edited_text))
    app.add_handler(MessageHandler(text & ~edited & filters.ChatType.PRIVATE, bot.private_text))
    app.add_handler(MessageHandler(text & ~edited & filters.ChatType.GROUPS, bot.group_text))
    app.add_error_handler(bot.error)
    return app


async def _post_init(app: Application) -> None:
    bot: TelegramBot = app.bot_data["nianbao"]
    if not bot.settings.allowed_chats:
        log.warning(
            "[telegram] allowed_chats is empty: every chat is refused until you add chat ids "
            "(a refused chat's id is logged and shown to it)"
        )
    try:  # the command menu in Telegram clients; not worth failing start-up over
        await app.bot.set_my_commands(
            [
                BotCommand("help", "examples / 例子"),
                BotCommand("ask", "ask a question / 提问"),
                BotCommand("reports", "reports on file / 已收录报告"),
                BotCommand("reset", "forget the context / 清除上下文"),
            ]
        )
    except Exception as e:
        log.warning("could not set the command menu: %s", e)


async def _post_shutdown(app: Application) -> None:
    app.bot_data["nianbao"].close()


def _network_errors_in_one_line(record: logging.LogRecord) -> bool:
    """The library logs an unreachable Telegram with three chained tracebacks: keep the message."""
    if record.exc_info and isinstance(record.exc_info[1], NetworkError):
        record.msg = f"{record.getMessage()} ({record.exc_info[1]})"
        record.args, record.exc_info, record.exc_text = (), None, None
    return True


def run(config_path: str | Path | Config | None = None) -> None:
    """Run the bot until interrupted: long polling, or a webhook when [telegram] webhook_url is set."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per poll otherwise
    logging.getLogger("telegram.ext").addFilter(_network_errors_in_one_line)
    app = build_application(config_path)
    settings: TelegramSettings = app.bot_data["nianbao"].settings
    updates = [Update.MESSAGE, Update.CALLBACK_QUERY]
    if settings.webhook_url:
        secret = settings.webhook_secret or secrets.token_urlsafe(32)  # Telegram echoes it in a header
        log.info(
            "webhook %s (listening on %s:%s)", settings.webhook_url, settings.webhook_listen, settings.webhook_port
        )
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=updates,
        )
    else:
        log.info("long polling; allowed chats: %s", sorted(settings.allowed_chats) or "none yet")
        app.run_polling(allowed_updates=updates)
