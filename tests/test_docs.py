"""The README cannot drift from the code: every command and option it shows exists, every
command is in it, and its module map names every module."""

from __future__ import annotations

import re
from pathlib import Path

import click

from bot.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# `nianbao CMD …` as a command shown in code: in a ``` block or inline `…`.
_SHOWN = re.compile(r"(?:\.venv/bin/)?nianbao ([a-z][a-z-]*)((?:[^`\n#])*)")


def _code(text: str) -> list[str]:
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return [line for block in blocks for line in block.splitlines()] + inline


def shown_commands() -> list[tuple[str, list[str]]]:
    """(command, options) for every `nianbao CMD …` the README shows in code; a group's
    command is "GROUP SUB" (`nianbao config check`)."""
    out = []
    for line in _code(README):
        for m in _SHOWN.finditer(line):
            name, rest = m.group(1), m.group(2)
            group = cli.commands.get(name)
            sub = re.match(r"\s+([a-z][a-z-]*)", rest)
            if isinstance(group, click.Group) and sub:
                name, rest = f"{name} {sub.group(1)}", rest[sub.end() :]
            out.append((name, re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest)))
    return out


def commands() -> dict[str, click.Command]:
    """Every command by the name it is typed with: a group's as "GROUP SUB"."""
    out: dict[str, click.Command] = {}
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            out |= {f"{name} {sub}": c for sub, c in command.commands.items()}
        else:
            out[name] = command
    return out


def options_of(command: click.Command) -> set[str]:
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")} | {"--help"}


def test_every_command_the_readme_shows_exists_with_its_options() -> None:
    shown = shown_commands()
    assert len(shown) > 20
    every = commands()
    for name, options in shown:
        assert name in every, f"README shows `nianbao {name}`, which is no command"
        unknown = set(options) - options_of(every[name])
        assert not unknown, f"README shows `nianbao {name}` with {sorted(unknown)}, which it does not take"


def test_every_command_is_in_the_readme() -> None:
    shown = {name for name, _ in shown_commands()}
    assert set(commands()) - shown == set()


def test_the_module_map_names_every_module() -> None:
    modules = [
        p for package in ("bot", "ingest", "index") for p in (ROOT / package).rglob("*.py") if p.name != "__init__.py"
    ]
    missing = sorted(
        str(p.relative_to(ROOT))
        for p in modules
        if p.stem + ".py" not in README and f"{p.stem}/" not in README and f"`{p.stem}`" not in README
    )
    assert not missing, f"README's module map does not name {missing}"
