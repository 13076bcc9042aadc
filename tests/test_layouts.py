"""The same report in the layouts real extraction produces gives the same figures:
the parser follows the template's structure, not one file's layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.cells import looks_like_value
from ingest.pipeline import parse_bytes

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample_report.txt"


def as_pipes(text: str) -> str:
    """Tab cells as ` | ` cells (web pages copied as Markdown-ish text)."""
    return "\n".join(" | ".join(line.split("\t")) + " |" if "\t" in line else line for line in text.splitlines())


def split_tab_row(line: str) -> tuple[list[str], list[str]]:
    """A tab row of the sample: its label cells (the non-empty ones up to the last that is not
    a figure) and its figure cells (empty ones included)."""
    cells = line.split("\t")
    last_label = max((i for i, c in enumerate(cells) if c.strip() and not looks_like_value(c)), default=-1)
    return [c for c in cells[: last_label + 1] if c.strip()], cells[last_label + 1 :]


def one_cell_per_line(text: str) -> str:
    """Every cell on its own line, an empty figure cell as a line holding a no-break space."""
    out = []
    for line in text.splitlines():
        if "\t" not in line:
            out.append(line)
            continue
        labels, figures = split_tab_row(line)
        out += labels
        out += [c if c.strip() else "\u00a0" for c in figures]
    return "\n".join(out)


def spaced_columns(text: str) -> str:
    """Cells in columns padded with spaces, as `pdftotext -layout` prints them."""
    return "\n".join(
        "   ".join(c for c in line.split("\t") if c.strip()) if "\t" in line else line for line in text.splitlines()
    )


def full_width(text: str) -> str:
    """Half-width brackets and stops as full-width ones, and back: the template prints both."""
    return text.translate(str.maketrans({"(": "（", ")": "）", "（": "(", "）": ")", ".": "．"}))


def without_numbering(text: str) -> str:
    """Row labels printed without 一、 （一） 1. (some web pages drop them)."""
    numbering = re.compile(r"^\s*(?:[一二三四五六七]、|[（(][一二三四五六七][)）]|\d[.．])\s*")
    return "\n".join(
        "\t".join(numbering.sub("", c) for c in line.split("\t")) if "\t" in line else line
        for line in text.splitlines()
    )


def figures(text: str) -> dict[str, tuple[float | None, str]]:
    report = parse_bytes(text.encode("utf-8"), "sample.txt")
    return {f.metric: (f.value, f.status) for f in report.figures}


@pytest.fixture(scope="module")
def original() -> dict[str, tuple[float | None, str]]:
    figs = figures(SAMPLE.read_text(encoding="utf-8"))
    assert len(figs) > 150 and all(status == "reported" for _, status in figs.values())
    return figs


@pytest.mark.parametrize(
    "layout", [as_pipes, one_cell_per_line, spaced_columns, full_width, without_numbering], ids=lambda f: f.__name__
)
def test_every_layout_gives_the_same_figures(layout, original) -> None:  # type: ignore[no-untyped-def]
    assert figures(layout(SAMPLE.read_text(encoding="utf-8"))) == original


def test_gbk_bytes_give_the_same_figures(original) -> None:  # type: ignore[no-untyped-def]
    data = SAMPLE.read_text(encoding="utf-8").encode("gb18030")
    report = parse_bytes(data, "sample.txt")
    assert report.encoding == "gb18030"
    assert {f.metric: (f.value, f.status) for f in report.figures} == original
