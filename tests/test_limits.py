"""Hostile files: every file is read in a worker process under the [ingest] limits, and one
that goes over a limit is refused by name with the limit it hit, while it is being read,
the others stored. The attacks are made small here: bombs of a few hundred kilobytes that
inflate to tens of megabytes, with limits lowered to match."""

from __future__ import annotations

import io
import os
import time
import zipfile
import zlib
from pathlib import Path

import httpx
import pytest
from conftest import HEYANG, corpus_files, run_cli
from pdfmake import _assemble

from bot.config import Config, Embedding, IngestSettings, WebSettings, WebUser
from bot.service import Service
from bot.web import create_app
from ingest.limits import LimitExceeded, Limits, configure, inflate, metering


def corpus_file(name: str) -> Path:
    return next(f for f in corpus_files() if f.name == name)


def flate_pdf(content: bytes, pages: int = 1) -> bytes:
    """A PDF whose pages all show one Flate-compressed content stream."""
    packed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _assemble(objects, b"")


def spaces_bomb(mb: int) -> bytes:
    """A PDF whose one stream inflates to `mb` MB of spaces (a few dozen KB on disk)."""
    return flate_pdf(b"BT /F1 12 Tf 10 10 Td (x) Tj ET\n" + b" " * (mb * 1024 * 1024))


def slow_pdf() -> bytes:
    """A small PDF whose page is a few hundred thousand drawing operations: the parser works
    on it for minutes (the shape of a file that loops), then wants gigabytes for the objects."""
    return flate_pdf(b"0.5 w\n" + b"10 10 m 20 20 l S\n" * 400_000)


def docx_bomb(mb: int) -> bytes:
    """A .docx whose word/document.xml inflates to `mb` MB."""
    out = io.BytesIO()
    body = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    xml = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + body * (mb * 1024) + b"</w:body></w:document>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", xml)
    return out.getvalue()


def ingest(tmp_path: Path, limits: str, *files: Path) -> tuple[int, list[dict], float]:
    """`nianbao ingest FILES --json` with `[ingest]` LIMITS; (exit code, lines, seconds)."""
    config = tmp_path / "c.toml"
    config.write_text(
        f'data_dir = "{(tmp_path / "data").as_posix()}"\n[embedding]\nmodel = "fake"\n[ingest]\n{limits}\n',
        encoding="utf-8",
    )
    began = time.monotonic()
    result = run_cli("ingest", *files, "--json", "--defer-embedding", "--config", config)
    return result.exit_code, result.json, time.monotonic() - began


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / name).write_bytes(data)
    return tmp_path / name


def refused(line: dict, key: str) -> bool:
    return line["error"] is not None and "over a limit" in line["error"] and f"[ingest] {key}" in line["error"]


# ------------------------------------------------------------------ the meters themselves
def test_inflate_stops_at_the_budget_not_after() -> None:
    configure(Limits(max_decompressed_mb=2))
    try:
        with metering(), pytest.raises(LimitExceeded, match="max_decompressed_mb"):
            inflate(zlib.compress(b" " * (50 * 1024 * 1024)), "streams")
        with metering():
            assert inflate(zlib.compress(b"ok" * 1000), "streams") == b"ok" * 1000
    finally:
        configure(Limits())


# ------------------------------------------------------------------ files over a limit, by the command line
def test_a_pdf_compression_bomb_is_refused_and_the_good_file_stored(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.pdf", spaces_bomb(40))
    assert bomb.stat().st_size < 200_000
    code, lines, _ = ingest(tmp_path, "max_decompressed_mb = 8", bomb, corpus_file(HEYANG))
    assert code == 1
    assert refused(lines[0], "max_decompressed_mb") and "more than 8 MB decompressed" in lines[0]["error"]
    assert lines[1]["error"] is None and lines[1]["action"] == "added"
    reports = run_cli("reports", "--json", "--config", tmp_path / "c.toml").json
    assert [r["source_file"] for r in reports] == [HEYANG]  # nothing of the bomb stored


def test_a_docx_bomb_is_refused_before_python_docx_parses_it(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.docx", docx_bomb(30))
    assert bomb.stat().st_size < 1_000_000
    code, lines, seconds = ingest(tmp_path, "max_decompressed_mb = 5", bomb)
    assert code == 1 and refused(lines[0], "max_decompressed_mb"), lines
    assert seconds < 30  # parsing 30 MB of XML would take a minute


def test_a_pdf_of_too_many_pages_is_refused(tmp_path: Path) -> None:
    many = write(tmp_path, "many.pdf", flate_pdf(b"BT /F1 12 Tf 10 10 Td (x) Tj ET", pages=40))
    code, lines, _ = ingest(tmp_path, "max_pages = 25", many)
    assert code == 1 and refused(lines[0], "max_pages") and "more than 25 pages" in lines[0]["error"]


def test_passages_are_counted_as_they_are_made(tmp_path: Path, corpus: Path) -> None:
    # 合阳's report makes 17 passages: with room for 5 it is refused by name at the sixth.
    code, lines, _ = ingest(tmp_path, "max_passages = 5", corpus / "004_c70ef5546fcf38db.txt")
    assert code == 1 and refused(lines[0], "max_passages") and "more than 5 passages" in lines[0]["error"]


@pytest.mark.slow
def test_a_parser_that_does_not_end_is_stopped_by_cpu_time(tmp_path: Path) -> None:
    slow = write(tmp_path, "slow.pdf", slow_pdf())
    code, lines, seconds = ingest(tmp_path, "max_cpu_seconds = 2\nmax_seconds = 100", slow, corpus_file(HEYANG))
    assert code == 1 and refused(lines[0], "max_cpu_seconds"), lines
    assert lines[1]["action"] == "added"  # the worker was replaced, the next file read
    assert seconds < 60


@pytest.mark.slow
def test_a_parser_that_does_not_end_is_stopped_by_wall_time(tmp_path: Path) -> None:
    slow = write(tmp_path, "slow.pdf", slow_pdf())
    code, lines, seconds = ingest(tmp_path, "max_seconds = 2\nmax_cpu_seconds = 100", slow, corpus_file(HEYANG))
    assert code == 1 and refused(lines[0], "max_seconds"), lines
    assert lines[1]["action"] == "added"
    assert seconds < 60


@pytest.mark.slow
def test_a_file_that_needs_too_much_memory_is_refused(tmp_path: Path) -> None:
    bomb = write(tmp_path, "bomb.pdf", spaces_bomb(300))
    code, lines, _ = ingest(tmp_path, "max_decompressed_mb = 4000\nmax_memory_mb = 100", bomb)
    assert code == 1 and refused(lines[0], "max_memory_mb"), lines


def test_the_command_itself_never_reads_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even one small file is parsed in a worker: a parser replaced in this process is never called."""
    from ingest import pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed in the command's own process")

    monkeypatch.setattr(pipeline, "parse_file", boom)
    monkeypatch.setattr("index.prepare.parse_file", boom)
    code, lines, _ = ingest(tmp_path, "", corpus_file(HEYANG))
    assert code == 0 and lines[0]["action"] == "added"


def test_limits_must_be_positive(tmp_path: Path) -> None:
    code, _, _ = ingest(tmp_path, "max_seconds = 0", corpus_file(HEYANG))
    assert code == 2


# ------------------------------------------------------------------ under `serve`: the upload lock is released
ADMIN = WebUser("管理员", "admin-token-0123456789", admin=True)


@pytest.mark.slow
async def test_an_upload_over_a_limit_releases_the_lock_and_leaves_nothing(tmp_path: Path) -> None:
    config = Config(
        data_dir=tmp_path / "data",
        embedding=Embedding("fake"),
        web=WebSettings(users=[ADMIN]),
        ingest=IngestSettings(max_cpu_seconds=2, max_seconds=30),
    )
    app = create_app(Service.open(config))
    headers = {"Authorization": f"Bearer {ADMIN.token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t", timeout=120) as c:
        slow = await c.post("/api/ingest", headers=headers, files={"file": ("slow.pdf", slow_pdf())})
        assert slow.status_code == 422 and "max_cpu_seconds" in slow.json()["detail"]
        good = await c.post("/api/ingest", headers=headers, files={"file": (HEYANG, corpus_file(HEYANG).read_bytes())})
        assert good.status_code == 200, good.text
    kept = [p for p in (tmp_path / "data" / "uploads").rglob("*")]
    assert not any(p.name == "slow.pdf" for p in kept)
    assert len([p for p in kept if p.is_dir()]) == 1  # the good file's folder only
    assert os.path.exists(tmp_path / "data" / "uploads")


def test_a_stream_whose_length_refers_to_itself_ends(tmp_path: Path) -> None:
    """`/Length 4 0 R` inside object 4: pdfminer recursed or looped on it; now one line, soon."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 10 10 Td (hi) Tj ET\nendstream",
    ]
    looping = write(tmp_path, "length.pdf", _assemble(objects, b""))
    assert looping.stat().st_size < 1000
    code, lines, seconds = ingest(tmp_path, "max_seconds = 20\nmax_cpu_seconds = 10", looping, corpus_file(HEYANG))
    assert code == 1 and lines[0]["error"] and lines[1]["action"] == "added"
    assert seconds < 60
