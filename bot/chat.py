"""`nianbao chat`: an interactive session with line editing, history and follow-ups,
over the answering service (channel "cli", the user's login name)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

HELP = """Ask about the reports in Chinese or English, e.g.
  合阳县2020年收到多少政府信息公开申请？
  how many lawsuits did Haidong have in 2019
  那2019年呢？ / and Haidong?   (follow-ups keep the last issuer, year and figure)
Commands: /help  /reports  /reset  /quit"""


SHOWN = 50  # reports named by /reports; `nianbao reports` lists them all


def on_file(service: Any) -> str:
    """The reports on file, one line: the first SHOWN, and how many there are (one page read:
    100,000 reports' lines were 2.2 GB)."""
    total, lines = service.reports_page(SHOWN)
    items = [f"{r['issuer']} {r['year']}" for r in lines]
    more = f"; … {total - len(items)} more (nianbao reports lists them all)" if total > len(items) else ""
    return "Reports on file: " + ("; ".join(items) + more if items else "none")


def respond(conversation: Any, line: str) -> str:
    """One turn: a command or a question. Returns the text to show."""
    line = line.strip()
    if not line:
        return ""
    if line in ("/help", "/?"):
        return HELP
    if line == "/reports":
        return on_file(conversation.service)
    if line == "/reset":
        conversation.reset()
        return "Context cleared: the next question starts afresh."
    if line.startswith("/"):
        return f"Unknown command {line}. {HELP}"
    try:
        return conversation.ask(line).answer
    except Exception as e:  # a bad question must not end the session
        return f"Sorry, that failed: {type(e).__name__}: {e}"


def run_chat(service: Any) -> None:
    """Read questions until /quit or end of input. Each session starts a fresh conversation."""
    from .service import default_user

    conversation = service.conversation("cli", default_user())
    conversation.reset()
    if sys.stdin.isatty():
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory

        history = Path(service.config.data_dir) / "chat_history"
        session: Any = PromptSession(history=FileHistory(str(history)))
        read = lambda: session.prompt("nianbao> ")  # noqa: E731
        click.echo(HELP)
    else:
        read = lambda: input()  # noqa: E731
    while True:
        try:
            line = read()
        except (EOFError, KeyboardInterrupt):
            break
        if line.strip() in ("/quit", "/exit", "exit", "quit"):
            break
        text = respond(conversation, line)
        if text:
            click.echo(text)
