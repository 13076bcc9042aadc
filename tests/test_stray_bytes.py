"""A few bytes that fit no encoding (a stray 0xFF from a bad copy) do not cost a report:
they are replaced by U+FFFD with a warning, and the report's figures stay right. A file
that is mostly undecodable is still refused."""

from __future__ import annotations

import random

import pytest
from conftest import CORPUS, TONGREN, corpus_files, seed_facts

from ingest.decode import decoded
from ingest.model import IngestError
from ingest.pipeline import parse_bytes


def facts(name: str) -> dict:
    found = [f for f in seed_facts() if f["file"] == name]
    if not found:
        pytest.skip(f"no seed facts for {name}")
    return found[0]["cells"]


def with_stray_bytes(data: bytes, n: int, seed: int = 1, anywhere: bool = False) -> bytes:
    """`data` with `n` 0xFF bytes put after sentence ends (。 in UTF-8 or GB18030), spread
    out; `anywhere`: after any ASCII byte, which splits no character either."""
    if anywhere:
        ends = [i + 1 for i, b in enumerate(data) if b < 0x80]
    else:
        ends = [
            i + 1
            for i in range(len(data))
            if data.startswith("。".encode(), i - 2) or data.startswith("。".encode("gb18030"), i - 1)
        ]
    places = sorted(random.Random(seed).sample(ends, n), reverse=True)
    for at in places:
        data = data[:at] + b"\xff" + data[at:]
    return data


def assert_seed_figures(report, cells: dict) -> None:
    stored = {f.metric: f for f in report.figures}
    for metric, expected in cells.items():
        figure = stored[metric]
        if expected is None:
            assert figure.status == "blank", (metric, figure)
        else:
            assert (figure.status, figure.value) == ("reported", pytest.approx(expected)), (metric, figure)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_one_stray_byte_is_replaced_with_a_warning_and_the_figures_stay_right(encoding):
    corpus_files()
    text = (CORPUS / TONGREN).read_text(encoding="utf-8")
    data = with_stray_bytes(text.encode(encoding), 1)
    report = parse_bytes(data, TONGREN)
    assert report.encoding == encoding
    assert "1 byte could not be decoded and was replaced" in " ".join(report.warnings)
    assert report.text.count("\ufffd") == 1
    assert_seed_figures(report, facts(TONGREN))


def test_a_few_stray_bytes_in_each_corpus_report_are_replaced():
    for path in corpus_files():
        data = with_stray_bytes(path.read_bytes(), 5, seed=len(path.name))
        report = parse_bytes(data, path.name)
        assert "5 bytes could not be decoded and were replaced" in " ".join(report.warnings), path.name
        cells = [f["cells"] for f in seed_facts() if f["file"] == path.name]
        if cells:
            assert_seed_figures(report, cells[0])


def test_a_mostly_undecodable_file_is_still_refused():
    corpus_files()
    data = (CORPUS / TONGREN).read_bytes()
    rng = random.Random(3)
    noisy = bytearray(data)
    for i in rng.sample(range(len(noisy)), len(noisy) // 3):  # a third of the bytes damaged
        noisy[i] = rng.choice(b"\x80\xff\xfe\xc0")
    with pytest.raises(IngestError):
        decoded(bytes(noisy))
    with pytest.raises(IngestError):
        parse_bytes(bytes(noisy), TONGREN)


def test_just_over_the_few_bytes_allowed_is_refused():
    corpus_files()
    data = (CORPUS / TONGREN).read_bytes()
    allowed = max(16, len(data) // 200)
    assert decoded(with_stray_bytes(data, allowed, anywhere=True)).warnings
    with pytest.raises(IngestError):
        decoded(with_stray_bytes(data, allowed + 1, anywhere=True))
