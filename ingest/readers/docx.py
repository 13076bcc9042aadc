"""Word .docx files (python-docx): paragraphs and tables in body order, merged cells resolved.

The body's XML children are walked in order so paragraphs and tables interleave as
printed. Table cells are read with their merge markers: a cell spanning columns
(`w:gridSpan`) or rows (`w:vMerge`) is read once and its text copied, marked `spanned`,
into every grid cell it covers. Word's automatic numbering (一、 / （一） generated from
the numbering part rather than typed) is rendered in front of the paragraph's text,
since section headings are recognised by it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from .. import limits
from ..document import Block, Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ..model import IngestError
from .markup import clean, heading_level, join

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_VAL = qn("w:val")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TXBX, _MOVE_FROM = qn("w:txbxContent"), qn("w:moveFrom")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


# A .docx is a few dozen parts; thousands are a zip made to exhaust the reader, not a report.
_MAX_PARTS = 2000


def _measure(data: bytes) -> None:
    """Inflate every part of the package once, in steps, counting against max_decompressed_mb:
    python-docx would read word/document.xml whole however large (a 200 MB part parses at
    ~2 s a MB), and a zip's declared sizes can lie. Damage is left for `_open` to name."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            if len(parts) > _MAX_PARTS:
                raise IngestError(f"not a Word document: {len(parts)} parts in the package")
            for part in parts:
                with package.open(part) as f:
                    while chunk := f.read(1024 * 1024):
                        limits.take(len(chunk), "parts")
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ):
        return


def _open(data: bytes):
    """The python-docx document, or an IngestError that names what is wrong with the file."""
    _measure(data)
    try:
        return open_docx(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise IngestError("corrupt .docx: not a readable zip package (damaged, truncated or not a Word file)") from None
    except KeyError as e:
        raise IngestError(f"corrupt .docx: a part is missing from the package ({e.args[0] if e.args else e})") from None
    except etree.XMLSyntaxError as e:
        raise IngestError(f"corrupt .docx: its XML is damaged ({e})") from None
    except ValueError as e:  # e.g. "file '…' is not a Word file, content type is …"
        raise IngestError(f"not a Word document: {e}") from None
    except MemoryError:
        raise
    except Exception as e:  # any other failure inside the package reader is still a bad file, not a crash
        raise IngestError(f"corrupt .docx: {type(e).__name__}: {e}") from None


def _flat(parent):
    """Children, looking through content controls and custom XML wrappers (which hold body content)."""
    for child in parent:
        if child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _flat(inner)
        else:
            yield child


def _val(el, path: str) -> str | None:
    found = el.find(path, {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    if found is None:
        return None
    return found.get(_VAL, "")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


# ---------------------------------------------------------------- automatic numbering

_CN_DIGITS = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else "") + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "chineseLegalSimplified",
        "ideographDigital",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "japaneseCounting",
    ):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x245F + n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal, decimalZero, decimalFullWidth and anything unusual


class _Numbering:
    """Renders Word's automatic list labels (`%1、` with the level's counter) in body order."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId → ilvl → (start, fmt, text)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is auto-numbered
            return
        abstract = {}
        for a in root.findall(qn("w:abstractNum")):
            lvls = {}
            for lvl in a.findall(qn("w:lvl")):
                lvls[_int(lvl.get(qn("w:ilvl")), 0)] = (
                    _int(_val(lvl, "w:start"), 1),
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                )
            abstract[a.get(qn("w:abstractNumId"))] = lvls
        for num in root.findall(qn("w:num")):
            lvls = dict(abstract.get(_val(num, "w:abstractNumId"), {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override, "w:startOverride")
                if ilvl in lvls and start is not None:
                    lvls[ilvl] = (_int(start, 1),) + lvls[ilvl][1:]
            self.levels[num.get(qn("w:numId"))] = lvls
        for style in document.styles.element.findall(qn("w:style")):
            num_id = _val(style, "w:pPr/w:numPr/w:numId")
            if num_id:
                self.style_num[style.get(qn("w:styleId"))] = (num_id, _int(_val(style, "w:pPr/w:numPr/w:ilvl"), 0))

    def label(self, p, style_id: str | None) -> str:
        num_id = _val(p, "w:pPr/w:numPr/w:numId")
        ilvl = _int(_val(p, "w:pPr/w:numPr/w:ilvl"), 0)
        if num_id is None and style_id in self.style_num:
            num_id, ilvl = self.style_num[style_id]
        if not num_id or num_id == "0" or num_id not in self.levels or ilvl not in self.levels[num_id]:
            return ""
        counters = self.counters.setdefault(num_id, {})
        levels = self.levels[num_id]
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        _, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return ""

        def counter(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            start, f, _ = levels.get(k, (1, "decimal", ""))
            return _format(counters.get(k, start), f)

        return re.sub(r"%(\d)", counter, text)


# ---------------------------------------------------------------- text


def _lines(p) -> list[str]:
    """A paragraph's text as printed, split at its line breaks; deleted text and fallbacks skipped."""
    lines, current = [], []
    skip = set()
    for el in p.iter():
        if el.tag in (_FALLBACK, _TXBX, _MOVE_FROM):  # duplicates, text boxes, and text moved elsewhere
            skip.update(el.iter())
        if el in skip:
            continue
        if el.tag == _T and el.text:
            current.append(el.text)
        elif el.tag == _TAB:
            current.append(" ")
        elif el.tag in (_BR, _CR):
            lines.append("".join(current))
            current = []
    lines.append("".join(current))
    return lines


def _cell_text(tc) -> str:
    """A cell's paragraphs (and any table nested in it) joined; "" when it holds nothing."""
    parts: list[str] = []
    for child in _flat(tc):
        if child.tag == _P:
            parts += _lines(child)
        elif child.tag == _TBL:
            for tr in (r for r in _flat(child) if r.tag == _TR):
                parts.append(" ".join(_cell_text(c) for c in _flat(tr) if c.tag == _TC))
    return join(parts)


# ---------------------------------------------------------------- tables


def _source(row: list[Cell], r: int, c: int) -> tuple[str, tuple[int, int]]:
    """The text of grid cell (r, c) and where it was printed: its own place, or its origin."""
    cell = row[c]
    return cell.text, cell.origin or (r, c)


def _grid(tbl, number: int) -> Table:
    """The table as a grid, merged cells copied into every grid cell they cover (marked spanned)."""
    rows: list[list[Cell]] = []
    for tr in (r for r in _flat(tbl) if r.tag == _TR):
        row: list[Cell] = [Cell("") for _ in range(_int(_val(tr, "w:trPr/w:gridBefore"), 0))]
        for tc in (c for c in _flat(tr) if c.tag == _TC):
            span = max(1, _int(_val(tc, "w:tcPr/w:gridSpan"), 1))
            vmerge = _val(tc, "w:tcPr/w:vMerge")
            hmerge = _val(tc, "w:tcPr/w:hMerge")
            col = len(row)
            if vmerge is not None and vmerge != "restart" and rows and col < len(rows[-1]):
                # A continuation of the cell above: its text, not this (empty) cell's.
                above = [
                    _source(rows[-1], len(rows) - 1, col + i if col + i < len(rows[-1]) else col) for i in range(span)
                ]
                cells = [Cell(text, True, origin) for text, origin in above]
            elif hmerge is not None and hmerge != "restart" and row:
                text, origin = _source(row, len(rows), len(row) - 1)
                cells = [Cell(text, True, origin) for _ in range(span)]
            else:
                text = _cell_text(tc)
                cells = [Cell(text, spanned=i > 0, origin=(len(rows), col) if i else None) for i in range(span)]
            row += cells
        row += [Cell("") for _ in range(_int(_val(tr, "w:trPr/w:gridAfter"), 0))]
        rows.append(row)
    grid_cols = tbl.find(qn("w:tblGrid"))
    width = max([len(r) for r in rows] + [len(grid_cols) if grid_cols is not None and rows else 0])
    out = tuple(
        TableRow(tuple(r + [Cell("")] * (width - len(r))), Location(element=f"table {number}, row {i}"))
        for i, r in enumerate(rows, 1)
    )
    return Table(out, Location(element=f"table {number}"))


# ---------------------------------------------------------------- the reader


def _style_level(name: str | None, p) -> int | None:
    """Heading level by the paragraph's style ("Heading 2", "标题 1", "Title") or outline level."""
    if name:
        m = _HEADING_STYLE.match(name.strip())
        if m:
            return max(1, int(m.group(1)))
        if name.strip().lower() in ("title", "标题"):
            return 1
    outline = _val(p, "w:pPr/w:outlineLvl")
    if outline is not None and _int(outline, 9) < 9:
        return _int(outline, 0) + 1
    return None


def read(data: bytes, name: str) -> Document:
    """Read a .docx file into a Document."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise IngestError("legacy Word .doc file: not supported; save it as .docx or PDF and ingest that")
    with limits.metering():
        document = _open(data)
    styles = {s.style_id: s.name for s in document.styles}
    numbering = _Numbering(document)
    blocks: list[Block] = []
    warnings: list[str] = []
    paragraphs = tables = 0
    try:
        body = document.element.body
    except AttributeError:
        raise IngestError("corrupt .docx: the document has no body") from None
    for child in _flat(body):
        if child.tag == _P:
            if pictures := _pictures(document, child, paragraphs + 1):
                got, notes = pictures  # a picture (a table pasted as a scan): read by OCR
                blocks += got
                warnings += notes
            style_id = _val(child, "w:pPr/w:pStyle")
            label = numbering.label(child, style_id)
            text = clean(label + join(_lines(child)))
            if not text:
                continue
            paragraphs += 1
            location = Location(element=f"paragraph {paragraphs}")
            level = _style_level(styles.get(style_id), child) or heading_level(text)
            blocks.append(Heading(text, location, level) if level else Paragraph(text, location))
        elif child.tag == _TBL:
            tables += 1
            table = _grid(child, tables)
            if table.rows:
                blocks.append(table)
    if not blocks:
        raise IngestError("the Word document holds no text")
    hints = {}
    title = clean(document.core_properties.title or "")
    if "报告" in title or "年报" in title:
        hints["title"] = title
    else:
        first = next(
            (b.text for b in blocks[:5] if not isinstance(b, Table) and "报告" in b.text and len(b.text) <= 80), None
        )
        if first:
            hints["title"] = first
    return Document(blocks, "docx", hints=hints, warnings=warnings)


def _pictures(document, p, number: int) -> tuple[list[Block], list[str]] | None:
    """The pictures of a paragraph read by OCR (`ocr.pictures`); None when it has none."""
    blobs = []
    for blip in p.iter(qn("a:blip")):
        part = document.part.related_parts.get(blip.get(qn("r:embed")))
        if part is not None:
            blobs.append((part.blob, f"paragraph {number}"))
    if not blobs:
        return None
    from .ocr import pictures

    return pictures(blobs)
