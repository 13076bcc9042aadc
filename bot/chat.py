"""`nianbao chat`: an interactive session with line editing, history and follow-ups."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .question import Question

HELP = """Ask about the reports in Chinese or English, e.g.
  合阳县2020年收到多少政府信息公开申请？
  how many lawsuits did Haidong have in 2019
  那2019年呢？ / and Haidong?   (follow-ups keep the last issuer, year and figure)
Commands: /help  /reports  /quit"""


def respond(answerer: Any, line: str, previous: Question | None) -> tuple[str, Question | None]:
    """One turn: a command or a question. Returns the text to show and the new context."""
    line = line.strip()
    if not line:
        return "", previous
    if line in ("/help", "/?"):
        return HELP, previous
    if line == "/reports":
        return answerer.on_file(english=True), previous
    if line.startswith("/"):
        return f"Unknown command {line}. {HELP}", previous
    try:
        answer, q = answerer.ask(line, previous)
    except Exception as e:  # a bad question must not end the session
        return f"Sorry, that failed: {type(e).__name__}: {e}", previous
    return answer.answer, q


def run_chat(answerer: Any) -> None:
    """Read questions until /quit or end of input."""
    previous: Question | None = None
    if sys.stdin.isatty():
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory

        history = Path(answerer.store.data_dir) / "chat_history"
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
        text, previous = respond(answerer, line, previous)
        if text:
            click.echo(text)
