"""A document as read, cleaned once for every format: pinyin inserted by converters
removed, traditional characters made simplified, injected spam taken out, lines of page
script, style and navigation emptied (ingest.boilerplate).

The cleaning runs over the whole document's text at once (spam is recognised by
being repeated across the page), then each block gets its own cleaned text back:
none of the steps removes or adds a line break, so the text splits back exactly.
"""

from __future__ import annotations

from dataclasses import replace

from .boilerplate import strip_boilerplate
from .document import Block, Document, Heading, Paragraph, Table
from .spam import remove_spam
from .traditional import to_simplified


def _pieces(block: Block) -> list[str]:
    if isinstance(block, Table):
        return [c.text for row in block.rows for c in row.cells]
    return [block.text]


def _rebuild(block: Block, texts: list[str]) -> Block:
    if isinstance(block, Table):
        it = iter(texts)
        rows = tuple(replace(row, cells=tuple(replace(c, text=next(it)) for c in row.cells)) for row in block.rows)
        return Table(rows, block.location)
    assert isinstance(block, (Heading, Paragraph))
    return replace(block, text=texts[0])


def _clean_text(text: str, warnings: list[str]) -> str:
    simple = to_simplified(text)
    if simple.pinyin_removed:
        warnings.append(f"removed {simple.pinyin_removed} pinyin syllable(s) inserted after characters")
    if simple.converted:
        warnings.append(f"converted {simple.converted} traditional character(s) to simplified")
    spam = remove_spam(simple.text)
    if spam.removed:
        warnings.append(f"removed {len(spam.removed)} injected spam fragment(s) ({', '.join(spam.families)})")
    if spam.orders:  # named, so whoever reads the warnings sees what the file tried
        warnings.append(
            "removed text giving orders to the reader (never a source of answers): "
            + "; ".join(f"“{o[:40]}”" for o in spam.orders[:5])
        )
    return spam.text


def clean_document(document: Document) -> Document:
    """The document with every block's text cleaned; what was done is added to its warnings."""
    pieces = [_pieces(b) for b in document.blocks]
    flat = [p for ps in pieces for p in ps]
    warnings: list[str] = []
    cleaned = _clean_text("\n".join(flat), warnings).split("\n")
    # Regroup the lines into the pieces they came from.
    out: list[str] = []
    pos = 0
    for p in flat:
        n = p.count("\n") + 1
        out.append("\n".join(cleaned[pos : pos + n]))
        pos += n
    if pos != len(cleaned):  # a step changed the line breaks after all: clean piece by piece
        out = [_clean_text(p, []) for p in flat]
    blocks, i, code = [], 0, 0
    for block, ps in zip(document.blocks, pieces):
        texts = out[i : i + len(ps)]
        if not isinstance(block, Table):  # a table cell is never judged as code: `A(1)` may be a label
            texts[0], removed = strip_boilerplate(texts[0])
            code += removed
        blocks.append(_rebuild(block, texts))
        i += len(ps)
    if code:
        warnings.append(f"removed {code} line(s) of page script, style or navigation")
    hints = {k: to_simplified(v).text for k, v in document.hints.items()}
    return replace(document, blocks=blocks, hints=hints, warnings=[*document.warnings, *warnings])
