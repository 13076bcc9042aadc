"""Fuzzing the readers: whatever bytes arrive — random, a real report mutated, huge runs
of digits or Chinese, deeply nested HTML, truncated PDF and ZIP files — reading them
either gives a report or raises IngestError naming the problem, never another exception,
and never hangs (hypothesis's deadline is the bound: generous, a hang detector, not a
benchmark). Derandomized and without an example database, so CI runs the same examples."""

from __future__ import annotations

import functools
from datetime import timedelta

from conftest import CORPUS, corpus_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import readers
from ingest.model import IngestError
from ingest.pipeline import parse_bytes

FUZZ = settings(
    deadline=timedelta(seconds=20),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAMES = st.sampled_from(["r.txt", "r.html", "r.pdf", "r.docx", "r.doc", "r", "报告.TXT"])
HEADER = "某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n".encode()


def read_any(data: bytes, name: str) -> None:
    """The property: a report or IngestError, nothing else escapes."""
    try:
        readers.read(data, name)
    except IngestError:
        pass
    try:
        parse_bytes(data, name)
    except IngestError:
        pass


@functools.cache
def corpus_bytes() -> list[bytes]:
    return [p.read_bytes() for p in corpus_files()]


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Apply (kind, where, bytes) edits: 0 overwrite, 1 insert, 2 delete, 3 truncate."""
    out = bytearray(data)
    for kind, where, chunk in edits:
        at = where % (len(out) + 1)
        if kind == 0:
            out[at : at + len(chunk)] = chunk
        elif kind == 1:
            out[at:at] = chunk
        elif kind == 2:
            del out[at : at + max(1, len(chunk))]
        else:
            del out[at:]
    return bytes(out)


EDITS = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=16)), min_size=1, max_size=8
)


@settings(FUZZ, max_examples=60)
@given(data=st.binary(max_size=8192), name=NAMES)
def test_random_bytes(data, name):
    read_any(data, name)


@settings(FUZZ, max_examples=25)
@given(which=st.integers(0, 1 << 16), edits=EDITS, name=NAMES)
def test_real_reports_mutated(which, edits, name):
    reports = corpus_bytes()
    read_any(mutate(reports[which % len(reports)], edits), name)


@settings(FUZZ, max_examples=8)
@given(
    run=st.sampled_from(["1", "9", "中", "国", "，", "1,", "一", "(", "<p>", " "]),
    n=st.integers(1000, 400_000),
    name=st.sampled_from(["r.txt", "r.html"]),
)
def test_huge_runs_of_one_thing(run, n, name):
    read_any(HEADER + (run * n).encode("utf-8"), name)


@settings(FUZZ, max_examples=10)
@given(
    tag=st.sampled_from(["div", "table", "span", "p", "td", "b"]),
    depth=st.integers(10, 20000),
    closed=st.booleans(),
    inner=st.sampled_from(["三、收到和处理政府信息公开申请情况", "12", ""]),
)
def test_nested_html(tag, depth, closed, inner):
    html = f"<html><body>{('<' + tag + '>') * depth}{inner}"
    if closed:
        html += f"</{tag}>" * depth
    read_any(HEADER + html.encode("utf-8"), "r.html")


@functools.cache
def _docx() -> bytes:
    from test_docx import made_up_docx

    return made_up_docx()


@functools.cache
def _pdf() -> bytes:
    """A real report's PDF when the corpus is beside the repository, else a made-up one."""
    real = sorted((CORPUS / "pdf").glob("*.pdf"))
    if real:
        return real[0].read_bytes()
    from pdfmake import Page, pdf

    page = Page().text(60, 60, "本年新收政府信息公开申请数量").grid([60, 300, 400, 500], [100, 130, 160])
    return pdf([page.text(65, 120, "自然人").text(305, 120, "5").text(405, 120, "7").text(65, 150, "总计")])


@settings(FUZZ, max_examples=25)
@given(kind=st.sampled_from(["pdf", "docx", "pdf-head", "zip-head"]), cut=st.floats(0, 1), edits=EDITS)
def test_truncated_and_damaged_pdf_and_zip(kind, cut, edits):
    if kind == "pdf":
        whole = _pdf()
        data, name = whole[: int(len(whole) * cut * 0.9)], "r.pdf"  # never whole: a full parse takes seconds
    elif kind == "docx":
        data, name = mutate(_docx(), edits), "r.docx"
    elif kind == "pdf-head":
        data, name = mutate(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", edits), "r.pdf"
    else:
        data, name = mutate(b"PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml", edits), "r.docx"
    read_any(data, name)
