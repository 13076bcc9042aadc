"""The `nianbao` command line: a thin layer over ingest, index and the answering core.

Exit codes: 0 success; 1 some input could not be used (each file named on its own
line; the rest was stored); 2 bad usage or configuration.
"""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click

from .config import Config, ConfigError, load_config

EXIT_PARTIAL = 1
EXIT_USAGE = 2


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --data-dir on every command, resolved into a Config."""
    @click.option("--config", "config_path", type=click.Path(dir_okay=False),
                  help="TOML settings (default: ./config.toml when present).")
    @click.option("--data-dir", type=click.Path(file_okay=False), help="Data directory (overrides the config's).")
    @functools.wraps(fn)
    def wrapper(config_path: str | None, data_dir: str | None, **kwargs: Any) -> Any:
        try:
            config = load_config(config_path, data_dir)
        except ConfigError as e:
            raise click.UsageError(str(e)) from None
        return fn(config=config, **kwargs)
    return wrapper


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")(fn)


def open_store(config: Config) -> Any:
    from index.store import Store

    return Store(config.data_dir, embedder=config.embedder)


@click.group()
@click.version_option(package_name="nianbao")
def cli() -> None:
    """nianbao: ask questions of government information-disclosure annual reports (政府信息公开工作年度报告)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--issuer", help="Issuer of these reports, when the files do not say.")
@click.option("--year", type=int, help="Year the reports cover, when the files do not say.")
@common_options
@json_option
def ingest(config: Config, paths: tuple[str, ...], issuer: str | None, year: int | None, as_json: bool) -> None:
    """Read report files (or folders of them) into the store."""
    from tqdm import tqdm

    from index.load import expand, ingest_files, unsupported_in

    store = open_store(config)
    for note in store.repair():
        click.echo(f"repaired: {note}", err=True)
    files = expand(list(paths))
    skipped = unsupported_in(list(paths))
    if skipped:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(skipped.items()))
        click.echo(f"note: skipped files of types that are not reports ({kinds})", err=True)
    if not files:
        raise click.UsageError("no report files found in " + ", ".join(paths))
    failed = 0
    bar = tqdm(total=len(files), unit="file", file=sys.stderr, disable=None, leave=False)
    for outcome in ingest_files(store, files, issuer=issuer, year=year):
        bar.update(1)
        line = outcome.to_json()
        failed += bool(outcome.error)
        if as_json:
            _echo_json(line)
        elif outcome.error:
            click.echo(f"✗ {line['source_file']}: {outcome.error}", err=True)
        else:
            checks = ", ".join(c["description"] for c in line["failed_checks"])
            click.echo(f"✓ {line['source_file']}: {line['issuer']} {line['year']} (template {line['template']}): "
                       f"{line['figures']} figures, {line['chunks']} passages, {outcome.action}")
            for w in line["warnings"]:
                click.echo(f"    warning: {w}")
            if checks:
                click.echo(f"    failed checks: {checks}")
    bar.close()
    if failed:
        sys.exit(EXIT_PARTIAL)


def _report_line(store: Any, row: dict[str, Any]) -> dict[str, Any]:
    failed = store.checks([row["id"]], failed_only=True)
    return {
        "report_id": row["id"], "source_file": row["source_file"], "issuer": row["issuer"],
        "region": row["region"], "year": row["year"], "template": row["template"],
        "found": {k: row[f"{k}_how"] for k in ("issuer", "region", "year", "template")},
        "figures": row["n_figures"], "chunks": row["n_chunks"],
        "failed_checks": [{"name": c["name"], "description": c["description"], "left": c["left"],
                           "right": c["right"]} for c in failed],
        "warnings": json.loads(row["warnings"] or "[]"), "path": row["path"], "ingested_at": row["ingested_at"],
    }


@cli.command()
@common_options
@json_option
def reports(config: Config, as_json: bool) -> None:
    """List the stored reports, with any failed template checks."""
    store = open_store(config)
    rows = [_report_line(store, r) for r in store.reports()]
    if as_json:
        for r in rows:
            _echo_json(r)
        return
    if not rows:
        click.echo("No reports stored yet: run `nianbao ingest PATH`.")
    for r in rows:
        click.echo(f"{r['issuer']}\t{r['year']}\t{r['template']}\t{r['figures']} figures\t"
                   f"{r['chunks']} passages\t{r['source_file']}")
        for c in r["failed_checks"]:
            click.echo(f"    failed check: {c['description']}: {c['left']:g} ≠ {c['right']:g}")


@cli.command()
@click.option("--metric", help="Only this metric or metric prefix, e.g. applications.received")
@click.option("--report", "report_id", help="Only this report id.")
@common_options
@json_option
def figures(config: Config, metric: str | None, report_id: str | None, as_json: bool) -> None:
    """List every stored cell with its provenance."""
    from ingest.cells import as_number

    store = open_store(config)
    for f in store.figures([report_id] if report_id else None, metric):
        line = {k: f[k] for k in ("source_file", "issuer", "region", "year", "metric", "label")}
        line |= {"value": as_number(f["value"]), "unit": f["unit"], "raw": f["raw"], "status": f["status"],
                 "cite": f["cite"], "note": f["note"], "report_id": f["report_id"]}
        if as_json:
            _echo_json(line)
        else:
            shown = f["raw"] if f["status"] == "reported" else f"({f['status']})"
            click.echo(f"{f['issuer']}\t{f['year']}\t{f['metric']}\t{shown}")


@cli.command()
@common_options
def repair(config: Config) -> None:
    """Make the vector index agree with the SQLite store."""
    done = open_store(config).repair()
    click.echo("\n".join(done) if done else "Nothing to repair.")


def make_answerer(config: Config) -> Any:
    from .llm import phraser
    from .router import Answerer

    phrase = phraser(config.llm)
    if config.llm and phrase is None:
        click.echo("warning: [llm] is configured but incomplete or langchain-openai is not installed "
                   "(pip install 'nianbao[llm]'); answering without it", err=True)
    return Answerer(open_store(config), phrase=phrase)


@cli.command()
@click.argument("question")
@common_options
@json_option
def ask(config: Config, question: str, as_json: bool) -> None:
    """Answer QUESTION (or, with "-", one question per line from standard input)."""
    answerer = make_answerer(config)
    questions = (line.strip() for line in sys.stdin) if question == "-" else iter([question])
    for text in questions:
        if not text:
            continue
        answer, _ = answerer.ask(text)
        if as_json:
            _echo_json(answer.to_json())
        else:
            click.echo(answer.answer)
            for w in answer.warnings:
                click.echo(f"  warning: {w}", err=True)


@cli.command()
@common_options
def chat(config: Config) -> None:
    """Interactive questions with history; follow-ups inherit the issuer and year."""
    from .chat import run_chat

    run_chat(make_answerer(config))


@cli.command()
@click.option("--host", help="Address to listen on (default: [web] host, else 127.0.0.1 — this machine only).")
@click.option("--port", type=int, help="Port (default: [web] port, else 8000).")
@common_options
def serve(config: Config, host: str | None, port: int | None) -> None:
    """Serve the staff web page and HTTP API (tokens from [[web.users]] in the config)."""
    from .web import run

    if not config.web_users:
        click.echo("warning: no [[web.users]] in the config: every request but the page itself gets 401. "
                   "Add a staff token (see README).", err=True)
    where = host or config.web.host
    if where not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"note: listening on {where}: other machines can reach this server (tokens still apply)", err=True)
    run(config, host=host, port=port)


def main() -> None:
    cli()
