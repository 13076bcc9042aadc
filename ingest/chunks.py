"""Narrative to chunks: a few sentences each, cited as report › section › sub-section."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from . import limits
from .layout import Line, SectionSpan
from .model import Chunk
from .template import SECTIONS

CHUNK_CHARS = 220
_MIN_CHARS = 12
_SUBSECTION = re.compile(r"^[-\s]*([（(][一二三四五六七八九十]{1,3}[)）])\s*")
_TITLE_END = re.compile(r"[。；;：:！？]")
_LONG_TITLE = 16
_TITLE_WORD = re.compile(r"方面|情况")
_FIRST_POINT = re.compile(r"[一1]是")
_PROSE_LINE = 60  # a line this long with a full stop, inside a table section, is prose
_PROSE_SECTIONS = {0} | {s.number for s in SECTIONS if s.prose}
_BODY_LINE = 600  # a prose line this long is a body saved as one line
_MID_SUBSECTION = re.compile(r"(?<=[。；;！？!?])\s*(?=[（(][一二三四五六七八九十]{1,3}[)）])")
# A blank line in mid-sentence: a page break of the extraction (`…专题信息公开等信` / `息公开类信息 561 条`).
# After a prose-long line ending in a character, before a character that starts no numbered heading.
_MID_SENTENCE_BREAK = re.compile(
    r"(?<=[^\n]{59}[\u4e00-\u9fffA-Za-z0-9])\n[ \t\u3000]*\n(?=[\u4e00-\u9fff])(?![一二三四五六七八九十]{1,3}[、.．])"
)


if TYPE_CHECKING:
    from langchain_text_splitters import RecursiveCharacterTextSplitter


@lru_cache(maxsize=1)
def _splitter() -> RecursiveCharacterTextSplitter:
    # Imported here: langchain's splitter costs ~0.4 s to import, needed only once text is chunked.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_CHARS,
        chunk_overlap=0,
        add_start_index=True,
        keep_separator="end",
        separators=["\n\n", "\n", "。", "！", "？", "；", "，", ""],
        strip_whitespace=False,
    )


def subsection_title(line: str) -> str | None:
    """`（一）加强组织领导。按照…` → `（一）加强组织领导`."""
    m = _SUBSECTION.match(line)
    if not m:
        return None
    rest = line[m.end() :]
    end = _TITLE_END.search(rest)
    title = rest[: end.start()] if end else rest
    if len(title) > _LONG_TITLE:  # run into its paragraph (a body saved as one line)
        if short := _TITLE_WORD.search(title[:_LONG_TITLE]):
            title = title[: short.end()]
        elif first := _FIRST_POINT.search(title[:_LONG_TITLE]):
            title = title[: first.start()]
    return (m.group(1) + title.strip())[:32]


def display_text(raw: str) -> str:
    """Chunk text for reading: lines broken by extraction joined, spaces collapsed."""
    text = re.sub(r"\s*[\r\n]\s*", "", raw.strip())
    text = re.sub(r"^[-\s]+", "", text)
    return re.sub(r"[ \t\u00a0\u3000]+", " ", text)


def _spans(section: SectionSpan) -> list[tuple[str | None, list[Line]]]:
    """Consecutive prose lines grouped by sub-section."""
    prose = section.number in _PROSE_SECTIONS
    groups: list[tuple[str | None, list[Line]]] = [(None, [])]
    for line in section.lines:
        if getattr(line, "rows", None) is not None:
            continue  # a row of a table block: figures, not prose
        text = line.text
        if not prose and ("\t" in text or "|" in text or len(text.strip()) < _PROSE_LINE or "。" not in text):
            continue
        for piece in _pieces(line):
            title = subsection_title(piece.text)
            if title:
                groups.append((title, []))
            groups[-1][1].append(piece)
    return [(t, ls) for t, ls in groups if ls]


def _pieces(line: Line) -> list[Line]:
    """A line as long as a whole body (saved as one line) split where its sub-sections start."""
    if len(line.text) < _BODY_LINE:
        return [line]
    cuts = [0, *(m.start() for m in _MID_SUBSECTION.finditer(line.text)), len(line.text)]
    return [replace(line, start=line.start + a, text=line.text[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


def _unbroken(segment: str) -> str:
    """The segment with its mid-sentence page breaks made into carriage returns of the same length: no
    separator of the splitter, so a passage never starts in mid-word; `display_text` joins them."""
    return _MID_SENTENCE_BREAK.sub(lambda m: "\r" * len(m.group(0)), segment)


def chunk_sections(text: str, sections: Sequence[SectionSpan]) -> list[Chunk]:
    """Split the prose of every section into chunks with offsets into `text`."""
    chunks: list[Chunk] = []
    for section in sections:
        for subsection, lines in _spans(section):
            start = lines[0].start
            end = lines[-1].start + len(lines[-1].text)
            for doc in _splitter().create_documents([_unbroken(text[start:end])]):
                shown = display_text(doc.page_content)
                if len(shown) < _MIN_CHARS:
                    continue
                lead = len(doc.page_content) - len(doc.page_content.lstrip())
                s = start + doc.metadata["start_index"] + lead
                e = s + len(doc.page_content.strip())
                chunks.append(Chunk(len(chunks), section.title, subsection, shown, s, e))
                limits.check_passages(len(chunks))  # as they are made: a huge file stops here, not after
    return chunks
