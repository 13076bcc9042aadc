"""The `nianbao` command line: a thin layer over ingest, index and the answering core.

Exit codes: 0 success; 1 some input could not be used (each file named on its own
line; the rest was stored); 2 bad usage or configuration.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from .config import Config, ConfigError, load_config
from .service import REASONS, VERDICTS

LONG_FILE_PASSAGES = 100  # a file with this many passages to embed gets a progress bar of its own
EXIT_PARTIAL = 1
EXIT_USAGE = 2


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def common_options(fn: Callable[..., Any], check: bool = False) -> Callable[..., Any]:
    """--config and --data-dir on every command, resolved into a Config (`check`: validated even
    when this file was validated before, see bot/config.py)."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="TOML settings (default: ./config.toml when present).",
    )
    @click.option("--data-dir", type=click.Path(file_okay=False), help="Data directory (overrides the config's).")
    @functools.wraps(fn)
    def wrapper(config_path: str | None, data_dir: str | None, **kwargs: Any) -> Any:
        try:
            config = load_config(config_path, data_dir, check=check)
        except ConfigError as e:  # one line, exit 2: not a usage mistake, so no usage text
            raise EnvironmentProblem(str(e)) from None
        for warning in config.warnings:
            click.echo(f"warning: {warning}", err=True)
        return fn(config=config, **kwargs)

    return wrapper


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")(fn)


class EnvironmentProblem(click.ClickException):
    """Something about the machine, not the input: one line and exit code 2, never a traceback."""

    exit_code = EXIT_USAGE


def check_data_dir(config: Config, write: bool) -> None:
    """Refuse, in one line, a data_dir that cannot be used. Only writing commands create one."""
    from index.store import DB_NAME

    where = config.data_dir
    if where.exists() and not where.is_dir():
        raise EnvironmentProblem(f"data_dir {where} is not a directory")
    if not write and not (where / DB_NAME).is_file():
        raise EnvironmentProblem(f"no store in {where}: run `nianbao ingest PATH` first (or check --data-dir)")
    if write:
        try:
            where.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise EnvironmentProblem(f"cannot create data_dir {where}: {e.strerror or e}") from None
        if not os.access(where, os.W_OK):
            raise EnvironmentProblem(f"data_dir {where} is not writable")


def open_service(config: Config, write: bool = False, mmap_mb: float | None = None) -> Any:
    """The answering service every command works through (`mmap_mb`: as `Service`'s)."""
    import sqlite3

    from .service import Service

    check_data_dir(config, write)
    try:
        return Service(config, mmap_mb)
    except sqlite3.OperationalError as e:
        raise EnvironmentProblem(f"cannot open the store in {config.data_dir}: {e}") from None


@click.group()
@click.version_option(package_name="nianbao")
def cli() -> None:
    """nianbao: ask questions of government information-disclosure annual reports (政府信息公开工作年度报告)."""


def no_wait_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--no-wait",
        is_flag=True,
        help="Exit (code 2) instead of waiting when another ingest, repair or embed is writing.",
    )(fn)


@contextlib.contextmanager
def writing(service: Any, no_wait: bool) -> Iterator[None]:
    """Hold the data directory's write lock for a whole command: one writer at a time."""
    from index.lock import WriterBusy

    def waiting() -> None:
        click.echo("another ingest, repair or embed is writing to this data directory: waiting…", err=True)

    try:
        with service.writing(wait=not no_wait, on_wait=waiting):
            yield
    except WriterBusy as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_USAGE)


@cli.command()
@common_options
def telegram(config: Config) -> None:
    """Run the Telegram bot: long polling, or a webhook when [telegram] webhook_url is set.

    The token comes from [telegram] token or NIANBAO_TELEGRAM_TOKEN; only the chats in
    [telegram] allowed_chats get answers."""
    from telegram.error import InvalidToken, NetworkError

    from .telegram import MissingToken, run

    try:
        run(config)
    except MissingToken as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_USAGE)
    except InvalidToken as e:
        click.echo(f"error: Telegram refused the bot token ({e}): check [telegram] token", err=True)
        sys.exit(EXIT_USAGE)
    except NetworkError as e:  # at start-up: once running, the library retries by itself
        click.echo(
            f"error: cannot reach Telegram's Bot API ({e}): this machine needs a route to "
            "api.telegram.org (or an HTTPS proxy in HTTPS_PROXY)",
            err=True,
        )
        sys.exit(EXIT_USAGE)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--issuer", help="Issuer of these reports, when the files do not say.")
@click.option("--year", type=click.IntRange(1990, 2100), help="Year the reports cover, when the files do not say.")
@click.option(
    "--defer-embedding",
    is_flag=True,
    help="Store figures and passages at parsing speed; `nianbao embed` adds the vectors later.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes that parse the files under the [ingest] limits (default: the cores).",
)
@no_wait_option
@common_options
@json_option
def ingest(
    config: Config,
    paths: tuple[str, ...],
    issuer: str | None,
    year: int | None,
    defer_embedding: bool,
    workers: int | None,
    no_wait: bool,
    as_json: bool,
) -> None:
    """Read report files (or folders of them) into the store."""
    service = open_service(config, write=True)
    with writing(service, no_wait):
        _ingest(service, paths, issuer, year, not defer_embedding, as_json, workers)


def _ingest(
    service: Any,
    paths: tuple[str, ...],
    issuer: str | None,
    year: int | None,
    embed: bool,
    as_json: bool,
    workers: int | None = None,
) -> None:
    from tqdm import tqdm

    from ingest.decode import printable

    for note in service.repair():
        click.echo(f"repaired: {note}", err=True)
    files, skipped = service.expand(list(paths))
    if skipped:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(skipped.items()))
        click.echo(f"note: skipped files of types that are not reports ({kinds})", err=True)
    if not files:
        raise click.UsageError("no report files found in " + ", ".join(paths))
    failed = 0
    bar = tqdm(total=len(files), unit="file", file=sys.stderr, disable=None, leave=False)
    within: list[Any] = []  # the bar of the file being embedded, when it is long

    def file_progress(path: Path, passages: int) -> Callable[[int], None] | None:
        for old in within:
            old.close()
        within.clear()
        if passages < LONG_FILE_PASSAGES:
            return None
        within.append(
            tqdm(total=passages, unit="passage", desc=printable(path.name), file=sys.stderr, disable=None, leave=False)
        )
        return within[0].update

    pages = _OcrPages()
    for outcome in service.ingest(
        files,
        issuer=issuer,
        year=year,
        repair=False,
        embed=embed,
        progress=file_progress,
        workers=workers,
        on_page=pages.read,
    ):
        pages.done(outcome.path)
        bar.update(1)
        failed += bool(outcome.error)
        _echo_outcome(outcome, as_json)
    for b in within:
        b.close()
    pages.close()
    bar.close()
    service.close()
    if failed:
        sys.exit(EXIT_PARTIAL)


class _OcrPages:
    """A bar per file being read by OCR (a scan reads at seconds a page): its pages read so far."""

    def __init__(self) -> None:
        self.bars: dict[Path, Any] = {}

    def read(self, path: Path) -> None:
        """One more page of `path` read by OCR."""
        if path not in self.bars:
            from tqdm import tqdm

            from ingest.decode import printable

            desc = f"{printable(path.name)} (OCR)"
            self.bars[path] = tqdm(unit="page", desc=desc, file=sys.stderr, disable=None, leave=False)
        self.bars[path].update(1)

    def done(self, path: Path) -> None:
        """The file is read: its bar goes."""
        bar = self.bars.pop(path, None)
        if bar is not None:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()


def _echo_outcome(outcome: Any, as_json: bool) -> None:
    """One file's line of `nianbao ingest`: JSON, or ✓/✗/– with its warnings and failed checks."""
    line = outcome.to_json()
    if as_json:
        _echo_json(line)
    elif outcome.error:
        click.echo(f"✗ {line['source_file']}: {outcome.error}", err=True)
    elif outcome.action == "skipped":
        click.echo(f"– {line['source_file']}: skipped: {'; '.join(line['warnings'])}", err=True)
    else:
        checks = ", ".join(c["description"] for c in line["failed_checks"])
        click.echo(
            f"✓ {line['source_file']}: {line['issuer']} {line['year']} (template {line['template']}): "
            f"{line['figures']} figures, {line['chunks']} passages, {outcome.action}"
        )
        for w in line["warnings"]:
            click.echo(f"    warning: {w}")
        if checks:
            click.echo(f"    failed checks: {checks}")


@cli.command()
@common_options
@json_option
def reports(config: Config, as_json: bool) -> None:
    """List the stored reports, with any failed template checks."""
    any_report = False
    for r in open_service(config).iter_reports():
        any_report = True
        if as_json:
            _echo_json(r)
            continue
        click.echo(
            f"{r['issuer']}\t{r['year']}\t{r['template']}\t{r['figures']} figures\t"
            f"{r['chunks']} passages\t{', '.join(r.get('sources') or [r['source_file']])}"
        )
        for c in r["failed_checks"]:
            if c["name"].startswith("sources disagree"):  # two files of the report, both readings named
                click.echo(f"    sources disagree: {c['description']}")
            else:
                from .wording.common import sides

                click.echo(f"    failed check: {c['description']}: {sides(c['left'], c['right'], True)}")
    if not any_report and not as_json:
        click.echo("No reports stored yet: run `nianbao ingest PATH`.")


@cli.command()
@click.option("--metric", help="Only this metric or metric prefix, e.g. applications.received")
@click.option("--issuer", help="Only this issuer, e.g. 合阳县人民政府")
@click.option("--year", type=int, help="Only reports of this year.")
@click.option("--report", "report_id", help="Only this report id.")
@common_options
@json_option
def figures(
    config: Config, metric: str | None, issuer: str | None, year: int | None, report_id: str | None, as_json: bool
) -> None:
    """List every stored cell with its provenance."""
    from ingest.template import METRICS

    if metric and not any(k == metric or k.startswith(metric + ".") for k in METRICS):
        raise click.BadParameter(
            f"no metric is called {metric!r} or starts with it (e.g. applications.received, review.total)",
            param_hint="--metric",
        )
    for f in open_service(config).iter_figures(issuer=issuer, year=year, metric=metric, report_id=report_id):
        if as_json:
            _echo_json(f)
        else:
            shown = f["raw"] if f["status"] == "reported" else f"({f['status']})"
            click.echo(f"{f['issuer']}\t{f['year']}\t{f['metric']}\t{shown}")


@cli.command()
@common_options
@json_option
def issuers(config: Config, as_json: bool) -> None:
    """List the issuers on file: name, region, division code, kind, years and files."""
    rows = open_service(config).issuers()
    for r in rows:
        if as_json:
            _echo_json(r)
        else:
            years = ", ".join(map(str, r["years"])) or "—"
            click.echo(
                f"{r['issuer']}\t{r['region'] or '—'}\t{r['code'] or '—'}\t{r['kind'] or '—'}\t{years}\t"
                f"{len(r['sources'])} file(s)"
            )


@cli.command("rename-issuer")
@click.argument("old")
@click.argument("new")
@no_wait_option
@common_options
def rename_issuer(config: Config, old: str, new: str, no_wait: bool) -> None:
    """Store every report of issuer OLD under NEW (a misprint corrected, or two names of one
    issuer merged): the reports, the search indexes and the vectors change together."""
    service = open_service(config, write=True)
    with writing(service, no_wait):
        done = service.rename_issuer(old, new)
    if not done:
        raise click.UsageError(f"no report on file is issued by {old!r} (see `nianbao issuers`)")
    click.echo("\n".join(done))


@cli.command()
@click.argument("issuer")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.argument("other", required=False, type=click.IntRange(1990, 2100))
@common_options
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="The changes as CSV on standard output (UTF-8 with BOM).")
def diff(config: Config, issuer: str, year: int, other: int | None, as_json: bool, as_csv: bool) -> None:
    """Every figure that changed between ISSUER's reports of YEAR and OTHER (YEAR alone: against the
    year before): old, new, difference and % change, largest first; blanks that became figures and
    figures that became blank. Only metrics both reports' templates have are compared."""
    from .answer import table_csv
    from .review.plan import ReviewError

    try:
        out = open_service(config).diff(issuer, year, other)
    except ReviewError as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        _echo_json(out)
    elif as_csv:
        sys.stdout.buffer.write(table_csv(out["changes"]))
        sys.stdout.flush()
    else:
        _echo_diff(out)


def _echo_diff(out: dict[str, Any]) -> None:
    """The diff as lines: a head, then one tab-separated line per change."""
    counts = out["counts"]
    click.echo(
        f"{out['issuer']}\t{out['old']['year']} → {out['new']['year']}\t{counts['changed']} changed, "
        f"{counts['appeared']} blank → figure, {counts['vanished']} figure → blank, "
        f"{out['compared']} compared"
    )
    for c in out["changes"]:
        old = "(blank)" if c["old"] is None else c["old"]
        new = "(blank)" if c["new"] is None else c["new"]
        change = "" if c["difference"] is None else f"{c['difference']:+g}"
        pct = "" if c["percent"] is None else f"{c['percent']:+.1f}%"
        click.echo(f"{c['metric']}\t{old}\t{new}\t{change}\t{pct}\t{c['label']}")


@cli.command()
@click.argument("issuer")
@click.argument("year", type=click.IntRange(1990, 2100))
@common_options
@json_option
def check(config: Config, issuer: str, year: int, as_json: bool) -> None:
    """The report card of ISSUER's YEAR report: failed template checks, cross-year mismatches
    (上年结转 against last year's 结转下年度), numbers in the text that disagree with the table,
    sources that disagree, blank rows and missing sections — each with where it is."""
    from .review.plan import ReviewError
    from .wording import card_line

    try:
        out = open_service(config).check(issuer, year)
    except ReviewError as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        _echo_json(out)
        return
    found = ", ".join(f"{k} {n}" for k, n in out["counts"].items() if n)
    click.echo(f"{out['issuer']}\t{out['year']}\t{out['source_file']}\t{found or 'no problem found'}")
    for item in out["items"]:
        click.echo(f"  {item['kind']}: {card_line(item, False, every_place=True)}")


@cli.command()
@click.option("--full", is_flag=True, help="Read the whole vector index once and re-embed anything missing.")
@no_wait_option
@common_options
def repair(config: Config, full: bool, no_wait: bool) -> None:
    """Make the vector index agree with the SQLite store (what was in flight; all with --full)."""
    from index.store import StoreDamaged

    service = open_service(config, write=True)
    try:
        with writing(service, no_wait):
            done = service.repair(full=full)
    except StoreDamaged as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    click.echo("\n".join(done) if done else "Nothing to repair.")


@cli.command()
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Embedding processes, one model thread each (default: the cores).",
)
@click.option("--shard", default="0/1", help="I/N: embed only every N-th report, starting at I (several processes).")
@no_wait_option
@common_options
def embed(config: Config, workers: int | None, shard: str, no_wait: bool) -> None:
    """Embed the passages that have no vectors yet (after `ingest --defer-embedding`); resumable."""
    from tqdm import tqdm

    try:
        i, n = (int(x) for x in shard.split("/"))
        if not 0 <= i < n:
            raise ValueError
    except ValueError:
        raise click.BadParameter("expected I/N with 0 <= I < N, e.g. 0/2", param_hint="--shard") from None
    service = open_service(config, write=True)
    with writing(service, no_wait):
        bar = tqdm(total=service.missing_passages((i, n)), unit="passage", file=sys.stderr, disable=None)
        reports, passages = service.embed(workers, (i, n), progress=bar.update)
        bar.close()
    click.echo(f"embedded {passages} passages of {reports} reports" if passages else "Nothing to embed.")


def _service_for_questions(config: Config, one: bool = False) -> Any:
    # One question reads a few pages: through SQLite's own 2 MB cache, not a memory map, whose
    # pages count in the process's memory, more of them the larger the store (a ranking over
    # 100,000 reports peaked at 56 MB with the map, 33 MB without, in the same time).
    service = open_service(config, mmap_mb=0 if one else None)
    warning = service.llm_warning()
    if warning:
        click.echo(f"warning: {warning}", err=True)
    return service


@cli.command()
@click.argument("question")
@common_options
@json_option
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Also write the answer's table (every report of a ranking, comparison or trend) as CSV "
    "to this file ('-': standard output). One question only.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Print how the question was understood (its frame: issuers, years, measures, operation, "
    "scope) before the answer; with --json, on standard error (the JSON carries it as `frame`).",
)
def ask(config: Config, question: str, as_json: bool, csv_path: str | None, explain: bool) -> None:
    """Answer QUESTION (or, with "-", one question per line from standard input).

    Each question stands alone (no follow-ups: use `chat`); each answer is recorded and,
    with --json, carries its id. A ranking's sentence names the top ten; its table, with
    every report, is in --json and --csv.
    """
    from .service import default_user

    if csv_path and question == "-":
        raise click.UsageError("--csv takes one question, not '-'")
    service = _service_for_questions(config, one=question != "-")
    # Bytes that are not UTF-8 in one question are replaced, not the end of the batch.
    questions = (
        (line.decode("utf-8", "replace").strip() for line in sys.stdin.buffer)
        if question == "-"
        # As ingest.decode.printable makes file names: bytes of the argument that are not UTF-8
        # become �. Written out here: that module's import was a fiftieth of a figure answer.
        else iter([question.encode("utf-8", "surrogateescape").decode("utf-8", "replace")])
    )
    for text in questions:
        if not text:
            continue
        answer = service.ask(text, channel="cli", user=default_user())
        if explain and answer.frame:
            from .frame import explain as explain_frame

            click.echo(explain_frame(answer.frame), err=as_json or csv_path == "-")
        if as_json:
            _echo_json(answer.to_json())
        else:
            click.echo(answer.answer, err=csv_path == "-")  # standard output is the CSV's alone
            for w in answer.warnings:
                click.echo(f"  warning: {w}", err=True)
        if csv_path:
            _write_table(service, answer, csv_path)


def _write_table(service: Any, answer: Any, path: str) -> None:
    """The answer's table as CSV, or a line saying it has none."""
    from .answer import table_csv

    if not answer.table:
        click.echo(
            f"no table to write: a {answer.route} answer has none (rankings, comparisons and trends do)", err=True
        )
        return
    rows = service.table(answer)  # every report: the answer carries only the rows it shows when many
    data = table_csv(rows)
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as e:
        raise click.ClickException(f"cannot write {path}: {e.strerror or e}") from e
    click.echo(f"table: {len(rows)} rows written to {path}", err=True)


@cli.command()
@common_options
def chat(config: Config) -> None:
    """Interactive questions with history; follow-ups inherit the issuer and year."""
    from .chat import run_chat

    run_chat(_service_for_questions(config))


@cli.command()
@click.option(
    "--since",
    help="Only answers given on or after this date or time (ISO 8601; UTC unless a zone is "
    "given), e.g. 2026-11-01 or 2026-11-01T09:30+08:00.",
)
@click.option("--channel", help="Only answers given on this channel (cli, telegram, web…).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the latest N answers.")
@common_options
@json_option
def answers(config: Config, since: str | None, channel: str | None, limit: int | None, as_json: bool) -> None:
    """List the answers given (who asked what, the route, the figures and passages, feedback)."""
    try:
        lines = open_service(config).answers(since=since, channel=channel, limit=limit)
    except ValueError:
        raise click.BadParameter(f"not an ISO date or time: {since}", param_hint="--since") from None
    for line in lines:
        if as_json:
            _echo_json(line)
        else:
            verdict = ""
            if line["verdict"]:
                verdict = f"\t{line['verdict']}" + (f" ({line['reason']})" if line["reason"] else "")
            click.echo(
                f"{line['asked_at']}\t{line['id']}\t{line['channel']}:{line['user']}\t{line['route']}\t"
                f"{line['question']}{verdict}"
            )


@cli.command()
@click.argument("answer_id")
@click.argument("verdict", type=click.Choice(VERDICTS))
@click.option("--reason", type=click.Choice(REASONS), help="Why an answer is bad.")
@click.option("--note", help="Free text to keep with the verdict.")
@common_options
def feedback(config: Config, answer_id: str, verdict: str, reason: str | None, note: str | None) -> None:
    """Mark the recorded answer ANSWER_ID good or bad."""
    if not open_service(config).feedback(answer_id, verdict, reason, note):
        raise click.UsageError(f"no recorded answer has the id {answer_id}")
    click.echo(f"{answer_id}: {verdict}{f' ({reason})' if reason else ''}")


@cli.command()
@click.option("--host", help="Address to listen on (default: [web] host, else 127.0.0.1 — this machine only).")
@click.option("--port", type=int, help="Port (default: [web] port, else 8000).")
@common_options
def serve(config: Config, host: str | None, port: int | None) -> None:
    """Serve the staff web page and HTTP API (tokens from [[web.users]] in the config)."""
    from .web import run

    if not config.web.users:
        click.echo(
            "warning: no [[web.users]] in the config: every request but the page itself gets 401. "
            "Add a staff token (see README).",
            err=True,
        )
    where = host or config.web.host
    if where not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"note: listening on {where}: other machines can reach this server (tokens still apply)", err=True)
    run(config, host=host, port=port)


@cli.group("config")
def config_group() -> None:
    """The settings file (format of config.example.toml)."""


@config_group.command("check")
@functools.partial(common_options, check=True)
def config_check(config: Config) -> None:
    """Validate the config and print the settings in effect: every key, defaults included,
    data_dir resolved, secrets masked. A bad config is one line naming the file and key, exit 2."""
    from .config import effective

    click.echo(effective(config))


def main() -> None:
    """The `nianbao` entry point: problems of the machine end in one line and exit code 2."""
    from .environment import environment_problem

    try:
        cli()
    except Exception as e:
        if (problem := environment_problem(e)) is None:
            raise
        _fail(problem)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
