"""Plain text (UTF-8, GB18030/GBK, UTF-16): one paragraph per line, exactly as decoded.

Text carries no table structure of its own; `ingest.layout` finds the grids in the
lines of the table sections by the template (tabs, pipes, padded columns, one cell
per line, cells run together). Crawler headers at the top (`标题:`, `发布机构:`,
`发布时间:`) become the document's hints; their lines stay in the text.
"""

from __future__ import annotations

from ..decode import decoded
from ..document import Block, Document, Location, Paragraph
from ..headers import crawler_headers


def read(data: bytes, name: str) -> Document:
    found = decoded(data)
    lines = found.text.split("\n")
    blocks: list[Block] = [Paragraph(line, Location(line=i)) for i, line in enumerate(lines, 1)]
    return Document(
        blocks, "text", encoding=found.encoding, hints=crawler_headers(lines), warnings=list(found.warnings)
    )
