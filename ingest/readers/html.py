"""Web pages (lxml): the report's own content as headings, paragraphs and table grids.

A saved government page wraps the report in the site's chrome (header, menus, search box,
related links, footer, scripts). The report is found as the smallest element holding
its section headings and template tables; only that element is read into blocks. The
rest of the page still gives the hints (title, publisher, date). Some pages ship the
article as a JavaScript or JSON string (`var content = "<p>…"`): such a string is
unescaped and read as HTML when it carries more of the report than the page itself.
"""

from __future__ import annotations

import codecs
import html as html_lib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml import etree

from ..decode import Decoded, decoded
from ..document import Block, Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ..model import IngestError
from ..organs import site_named
from ..template import SECTIONS
from .markup import clean, fold, heading_level, join

# ---------------------------------------------------------------- decoding

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Declared names whose bytes are really a superset: GB2312/GBK pages use GBK characters freely.
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "utf8": "utf-8",
}


def _decode(data: bytes) -> Decoded:
    """A page's text: by its BOM, then its declared charset, then detection (ingest.decode)."""
    if not data.strip():
        raise IngestError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    m = _XML_DECL.match(data) or _DECLARED.search(data[:65536])
    if m:
        declared = m.group(1).decode("ascii").lower()
        encoding = _SUPERSET.get(declared, declared)
        try:
            return Decoded(data.decode(encoding), encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration (common on saved copies): detect instead
    # Tried here before ingest.decode, which refuses text without Chinese characters: a
    # page that ships its article \u-escaped in JSON has none until it is unescaped.
    for encoding in ("utf-8", "gb18030"):
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return decoded(data)  # a few stray bytes are replaced there, with a warning


# ---------------------------------------------------------------- what is not the report

# Never content: their text is code, styling, forms or the site's navigation.
_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "select",
    "option",
    "button",
    "input",
    "textarea",
    "nav",
    "head",
    "title",
    "meta",
    "link",
    "map",
    "audio",
    "video",
}
# Site chrome by a word of its class or id (`main-nav`, `secondMenu`, `top_bar`), by its tag or
# its ARIA role; never applied to an element holding a recognised part of the report.
_CHROME_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "subnav",
        "menu",
        "menus",
        "submenu",
        "dropdown",
        "header",
        "footer",
        "foot",
        "topbar",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "position",
        "location",
        "share",
        "sidebar",
        "side",
        "aside",
        "copyright",
        "search",
        "login",
        "friendlink",
        "links",
        "related",
        "xggj",
        "toolbar",
        "print",
        "skip",
        "wza",
        "guide",
    }
)
_CHROME_TAGS = {"header", "footer", "aside", "menu"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "menu", "menubar", "search", "complementary"}
# Inside a camelCase name only the words that never name an article's own part count:
# `secondMenu` is a menu, but `printContent` may well be the article.
_CAMEL_CHROME = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "subnav",
        "menu",
        "menus",
        "submenu",
        "dropdown",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "footer",
        "topbar",
        "sidebar",
        "copyright",
        "friendlink",
        "toolbar",
    }
)
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "main",
    "pre",
    "address",
    "center",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "caption",
    "hr",
    "br",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "body",
    "html",
}
_HEADING_TAGS = {"h1": 1, "h2": 1, "h3": 2, "h4": 2, "h5": 3, "h6": 3}


def _tag(el) -> str:
    """Lower-case tag name ('o:p' stays 'o:p': Word's inline paragraph mark); '' for comments."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _hidden(el) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN.search(el.get("style") or ""))


def _strip(root) -> None:
    """Remove what is never report text: code, styles, forms, navigation, hidden elements."""
    for el in list(root.iter()):
        if el.getparent() is not None and (not isinstance(el.tag, str) or _tag(el) in _DROP_TAGS or _hidden(el)):
            el.drop_tree()


def _chrome(el) -> bool:
    """The site's chrome by tag, ARIA role or a word of its class or id (camelCase split: secondMenu)."""
    if _tag(el) in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
        return True
    for name in f"{el.get('class') or ''} {el.get('id') or ''}".lower().split():
        parts = [p for p in re.split(r"[-_]", name) if p]
        if re.sub(r"[-_]", "", name) in _CHROME_WORDS or any(p in _CHROME_WORDS for p in parts):  # top-bar, nav_1
            return True
    original = f"{el.get('class') or ''} {el.get('id') or ''}"
    return any(w.lower() in _CAMEL_CHROME for w in _NAME_WORD.findall(original))


def _strip_chrome(root, anchors: list) -> None:
    """Remove the site's chrome inside `root` (menus, share and print bars, related links) by
    class/id or by being mostly links, sparing whatever holds a recognised part of the report."""
    # lxml hands out one proxy per element while a reference to it lives: the lists below keep
    # them alive, so membership by identity is sound.
    kept = list(anchors) + [x for a in anchors for x in a.iterancestors()]
    leaves = _leaf_blocks(root)
    keep, leaf = {id(x) for x in kept}, {id(x) for x in leaves}
    for el in list(root.iterdescendants()):
        if id(el) in keep or el.getparent() is None or not isinstance(el.tag, str):
            continue
        if _chrome(el):
            el.drop_tree()
        elif id(el) in leaf and not any(_tag(x) in ("td", "th") for x in (el, *el.iterancestors())):
            # (never a table cell: dropping one would shift the row's columns)
            text = clean(el.text_content())
            if text and _linky(el, text):
                el.drop_tree()


# ---------------------------------------------------------------- finding the report

_SECTION_WORDS = tuple(k for s in SECTIONS for k in s.keywords)
_TABLE_WORDS = (
    "第二十条",
    "信息内容",
    "本年新收",
    "予以公开",
    "行政复议",
    "自然人",
    "不予公开",
    "结转",
    "尚未审结",
    "复议后起诉",
)


_CONTAINERS = _BLOCK_TAGS - {"br", "hr"}


def _leaf_blocks(root) -> list:
    """Elements whose own text is a paragraph: block elements with no block element inside."""
    blocks = [el for el in root.iter() if _tag(el) in _CONTAINERS]
    holding: set = set()  # elements with a block inside; their ancestors are in it too
    for el in blocks:
        for ancestor in el.iterancestors():
            if ancestor in holding:
                break
            holding.add(ancestor)
    return [el for el in blocks if el not in holding]


def _nested(table) -> bool:
    """A table holding tables is page layout, not a data table."""
    return any(True for _ in table.iterdescendants("table"))


def _linky(el, text: str) -> bool:
    """Mostly link text: a menu entry or a list of related pages, not the report.
    (Only <a href>: Word wraps headings in <a name="_Toc…"> bookmarks.)"""
    linked = sum(len(clean(a.text_content())) for a in el.iter("a") if a.get("href") is not None)
    return linked > 0.5 * len(text)


def _anchors(root) -> list:
    """The elements that are surely the report: its section headings and template tables."""
    found = []
    for el in root.iter("table"):
        text = fold(clean(el.text_content()))
        if not _nested(el) and sum(w in text for w in _TABLE_WORDS) >= 2:
            found.append(el)
    for el in _leaf_blocks(root):
        text = fold(clean(el.text_content()))
        if len(text) <= 400 and any(w in text for w in _SECTION_WORDS) and not _linky(el, text):
            found.append(el)
    return found


def _report_root(anchors: list[Any]) -> Any:
    """The deepest element holding nearly all the anchors (one stray mention elsewhere is ignored)."""
    need = max(1, -(-len(anchors) * 4 // 5))
    counts: dict[Any, int] = {}
    depth: dict[Any, int] = {}
    for a in anchors:
        for d, el in enumerate(reversed([a] + list(a.iterancestors()))):
            counts[el] = counts.get(el, 0) + 1
            depth[el] = d
    return max((el for el, n in counts.items() if n >= need), key=lambda el: depth[el])


def _score(root) -> int:
    """How much of a report an element holds: section headings found, template tables, text."""
    text = fold(clean(root.text_content()))
    sections = sum(any(k in text for k in s.keywords) for s in SECTIONS)
    return sections * 1000 + sum(w in text for w in _TABLE_WORDS) * 100 + min(len(text), 99)


# ---------------------------------------------------------------- blocks


@dataclass
class _Walk:
    """State carried while walking an HTML tree."""

    blocks: list[Block] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0
    pieces: list[str] = field(default_factory=list)  # inline text of the paragraph being read
    heading: int | None = None  # level of the enclosing <hN>
    notes: list[str] = field(default_factory=list)  # what reading its pictures noticed
    folder: Path | None = None  # where the page was read from: its pictures beside it
    pictures: int = 0  # pictures read by OCR so far
    remote: list[str] = field(default_factory=list)  # pictures on the web, never fetched

    def flush(self) -> None:
        text = clean("".join(self.pieces))
        self.pieces = []
        if not text:
            return
        self.paragraphs += 1
        location = Location(element=f"paragraph {self.paragraphs}")
        level = self.heading or heading_level(text)
        self.blocks.append(Heading(text, location, level) if level else Paragraph(text, location))


_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //host/
MAX_PICTURE_BYTES = 30 * 1024 * 1024
MAX_REMOTE_NAMED = 10  # remote pictures named one by one in the warnings; the rest counted


def _local_picture(src: str, folder: Path | None) -> bytes | str:
    """The bytes of a picture a page links by a relative path, or why it is not read: only a
    file inside the page's own folder (a saved page's `name_files/`), never elsewhere."""
    if folder is None:
        return "the page was not read from a folder, so a picture beside it cannot be found"
    relative = unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if src.lower().startswith("file:") or relative.startswith("/") or re.match(r"^[A-Za-z]:", relative):
        return "an absolute path: only pictures beside the page are read"
    base = folder.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base):
        return "outside the page's folder: not read"
    try:
        if not target.is_file():
            return "no such file beside the page"
        if target.stat().st_size > MAX_PICTURE_BYTES:
            return f"larger than {MAX_PICTURE_BYTES // 2**20} MB: not read"
        return target.read_bytes()
    except OSError as e:
        return f"cannot read it ({e.strerror or e})"


def _picture(el, w: _Walk) -> None:
    """An <img>: a data: URI or a file beside the page read by OCR where it sits (a table
    pasted as a scan); a picture on the web is named in a warning, never fetched (offline)."""
    # A lazy-loading page keeps the picture in data-src (data-original) and a placeholder in src.
    src = str(el.get("data-src") or el.get("data-original") or el.get("src") or "").strip()
    where = f"picture after paragraph {w.paragraphs}"
    if not src:
        return
    if _REMOTE.match(src):
        w.remote.append(src)
        return
    from .ocr import MAX_PICTURES, data_uri_picture, pictures

    if w.pictures >= MAX_PICTURES:
        return
    w.flush()
    if src.startswith("data:"):
        if not src.startswith("data:image/"):
            return
        got, notes = data_uri_picture(src, where)
    else:
        data = _local_picture(src, w.folder)
        if isinstance(data, str):
            w.notes.append(f"{where} ({src[:200]}): {data}")
            return
        got, notes = pictures([(data, f"{where} ({src[:200]})")])
    w.pictures += 1
    w.blocks += got
    w.notes += notes


def _walk(el, w: _Walk) -> None:
    tag = _tag(el)
    if tag == "img":
        _picture(el, w)
        _tail(el, w)
        return
    if tag == "table" and not _nested(el):
        w.flush()
        for caption in (c for c in el if _tag(c) == "caption"):  # a table's title, printed above it
            w.pieces.append(_cell_text(caption))
            w.flush()
        w.tables += 1
        table = _grid(el, w.tables)
        if table.rows:
            w.blocks.append(table)
        for picture in el.iter("img"):  # a table pasted as a picture into a layout table's cell: after it
            _picture(picture, w)
        _tail(el, w)
        return
    block = tag in _BLOCK_TAGS
    if block:
        w.flush()
    outer = w.heading
    if tag in _HEADING_TAGS:
        w.heading = _HEADING_TAGS[tag]
    if el.text:
        w.pieces.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, w)
        elif child.tail:  # a comment's tail is text
            w.pieces.append(child.tail)
    if block:
        w.flush()
    w.heading = outer
    _tail(el, w)


def _tail(el, w: _Walk) -> None:
    if el.tail:
        w.pieces.append(el.tail)


def _cell_text(td) -> str:
    """A cell's text: its paragraphs and lines joined (no space between CJK), blank when empty."""
    lines: list[str] = []
    current: list[str] = []

    def visit(el) -> None:
        block = _tag(el) in _BLOCK_TAGS and el is not td
        if block:
            lines.append("".join(current))
            current.clear()
        if el.text:
            current.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                visit(child)
            elif child.tail:
                current.append(child.tail)
        if block:
            lines.append("".join(current))
            current.clear()
        if el is not td and el.tail:
            current.append(el.tail)

    visit(td)
    lines.append("".join(current))
    return join(lines)


def _span(value: str | None, limit: int) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return max(1, min(n, limit))


def _rows_of(table) -> list:
    """The table's own <tr>s in order (through thead/tbody/tfoot, not into nested tables)."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows += [r for r in child if _tag(r) == "tr"]
    return rows


def _grid(table, number: int) -> Table:
    """The table as a grid: each row/col span's text copied into every cell it covers."""
    trs = _rows_of(table)
    grid: dict[tuple[int, int], Cell] = {}
    for r, tr in enumerate(trs):
        c = 0
        for td in (x for x in tr if _tag(x) in ("td", "th")):
            while (r, c) in grid:
                c += 1
            text = _cell_text(td)
            rowspan = _span(td.get("rowspan"), len(trs) - r) if td.get("rowspan") != "0" else len(trs) - r
            colspan = _span(td.get("colspan"), 1000)
            for dr in range(rowspan):
                for dc in range(colspan):
                    copy = bool(dr or dc)
                    grid.setdefault((r + dr, c + dc), Cell(text, spanned=copy, origin=(r, c) if copy else None))
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    kept: list[tuple[int, tuple[Cell, ...]]] = []
    for r in range(len(trs)):
        cells = tuple(grid.get((r, c), Cell("")) for c in range(width))
        # No text at all: an empty <tr>, or the row of zero-height cells Word's HTML export
        # adds to fix column widths. It holds nothing to read.
        if any(c.text for c in cells):
            kept.append((r, cells))
    # A copy's origin as a row of the grid, not of the <tr>s (empty ones are left out).
    index = {r: i for i, (r, _) in enumerate(kept)}
    rows = []
    for r, cells in kept:
        cells = tuple(
            replace(c, origin=(index[c.origin[0]], c.origin[1]))
            if c.origin and c.origin[0] in index
            else replace(c, origin=None)
            if c.origin
            else c
            for c in cells
        )
        # Numbered by <tr>, so a citation points at the printed row.
        rows.append(TableRow(cells, Location(element=f"table {number}, row {r + 1}")))
    return Table(tuple(rows), Location(element=f"table {number}"))


def _blocks(root, folder: Path | None = None) -> tuple[list[Block], list[str]]:
    w = _Walk(folder=folder)
    _walk(root, w)
    w.flush()
    remote = list(dict.fromkeys(w.remote))
    notes = [f"picture {u[:300]} is on the web: not fetched (offline), not read" for u in remote[:MAX_REMOTE_NAMED]]
    if len(remote) > MAX_REMOTE_NAMED:
        notes.append(f"{len(remote) - MAX_REMOTE_NAMED} more pictures on the web: not fetched, not read")
    return w.blocks, w.notes + notes


# ---------------------------------------------------------------- articles inside script strings

_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.){80,})"|\'((?:[^\'\\\n]|\\.){80,})\'|`((?:[^`\\]|\\.){80,})`', re.DOTALL)
_MARKUP = re.compile(r"<\s*/?\s*(?:p|div|table|tr|td|span|br|h[1-6])\b", re.IGNORECASE)
_ESCAPED_MARKUP = re.compile(r"\\u003c|\\x3c|&lt;\s*/?\s*(?:p|div|table|tr|td|span|br)\b", re.IGNORECASE)
_JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}


def _unescape_js(body: str) -> str:
    """A JavaScript string literal's value (JSON strings are a subset)."""

    def one(m: re.Match) -> str:
        e = m.group(1)
        if e.startswith("u{"):
            return chr(int(e[2:-1], 16))
        if e[0] in "ux" and len(e) > 1:
            return chr(int(e[1:], 16))
        return _SIMPLE.get(e, e)  # \" \' \\ \/ and unknown escapes stand for the character itself

    text = _JS_ESCAPE.sub(one, body)
    # JSON-escaped surrogate pairs (\ud83d\ude00) come out as two halves: join them.
    return text.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")


def _embedded(page: str, scripts: list[str]) -> str | None:
    """HTML carried inside script or JSON string literals, unescaped; None when there is none."""
    found: list[str] = []
    sources = list(scripts)
    if _is_json(page):
        sources.append(page)
    for source in sources:
        for m in _LITERAL.finditer(source):
            body = next(g for g in m.groups() if g is not None)
            if not (_MARKUP.search(body) or _ESCAPED_MARKUP.search(body)):
                continue
            text = _unescape_js(body)
            if not _MARKUP.search(text) and "&lt;" in text:
                text = html_lib.unescape(text)  # markup that was entity-escaped as well
            if _MARKUP.search(text):
                found.append(text)
    return "\n".join(found) or None


def _is_json(page: str) -> bool:
    return page.lstrip().startswith(("{", "["))


def _json_title(page: str) -> str | None:
    """The `title` of a JSON document, when the page is one."""
    try:
        data = json.loads(page)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in ("title", "Title", "articleTitle", "ArticleTitle", "name"):
                if isinstance(item.get(key), str) and item[key].strip():
                    return clean(item[key])
            stack += list(item.values())
        elif isinstance(item, list):
            stack += item
    return None


# ---------------------------------------------------------------- hints

_FIELDS = {
    "publisher": ("发布机构", "发文机关", "发布单位", "来源", "信息来源", "文章来源"),
    "date": ("发布时间", "发布日期", "公开日期", "成文日期", "发文日期", "日期"),
}
_FIELD_TEXT = re.compile(
    r"(发布机构|发文机关|发布单位|信息来源|文章来源|来源|发布时间|发布日期|公开日期|成文日期|发文日期)"
    r"\s*[:：]\s*([^\s:：|｜]{2,40}?)"
    r"(?=[\s|｜]|$|发布|来源|信息来源|浏览|访问|点击|字号|作者|阅读|打印|分享)"
)
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|｜—–]+|——)\s*")
_META = {"title": ("ArticleTitle", "title"), "publisher": ("ContentSource", "source"), "date": ("PubDate", "pubdate")}


def _field_value(kind: str, value: str) -> str | None:
    value = clean(value)
    if kind == "date":
        m = _DATE.search(value)
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    if not value or "://" in value or value.startswith("www.") or not re.search(r"[\u4e00-\u9fff]", value):
        return None  # 来源 is often the page's URL: not a publisher
    return value


def _hints(doc, json_title: str | None) -> dict[str, str]:
    """title / publisher / date from the page around the report (fields, meta tags, <title>)."""
    found: dict[str, tuple[float, str]] = {}  # kind → (rank, value); lower rank wins

    def offer(kind: str, value: str | None, rank: float) -> None:
        if value and (kind not in found or rank < found[kind][0]):
            found[kind] = (rank, value)

    for kind, names in _META.items():
        for name in names:
            for meta in doc.iter("meta"):
                if (meta.get("name") or "").lower() == name.lower() and meta.get("content"):
                    value = meta.get("content")
                    offer(kind, _field_value(kind, value) if kind != "title" else clean(value), 2)
    # 发布机构 / 发布时间 fields: label and value in neighbouring table cells, or "label：value" text.
    for tr in doc.iter("tr"):
        cells = [clean(c.text_content()) for c in tr if _tag(c) in ("td", "th")]
        for label, value in zip(cells, cells[1:]):
            label = fold(label).rstrip(":：")
            for kind, labels in _FIELDS.items():
                if label in labels:
                    offer(kind, _field_value(kind, value), 1 + labels.index(label) * 0.01)
    for el in _leaf_blocks(doc):
        # Spaces kept here (not joined between CJK): they end a field's value.
        printed = re.sub(r"[\s\u00a0\u3000]+", " ", el.text_content()).strip()
        for m in _FIELD_TEXT.finditer(fold(printed)):
            kind = next(k for k, names in _FIELDS.items() if m.group(1) in names)
            value = printed[m.start(2) : m.end(2)]  # as printed, not folded
            offer(kind, _field_value(kind, value), 1.5 + _FIELDS[kind].index(m.group(1)) * 0.01)

    # The article's own title: an <h1> (or title-classed element) naming a report, before <title>.
    for el in doc.iter():
        if _tag(el) in ("h1", "h2") or "title" in (el.get("class") or "").lower():
            text = clean(el.text_content())
            if 6 <= len(text) <= 80 and ("报告" in fold(text) or "年报" in fold(text)):
                offer("title", text, 0 if _tag(el) == "h1" else 1)
    if json_title:
        offer("title", _title_part(json_title), 1)
    for el in _leaf_blocks(doc):  # a crawler's header: 标题：…-站点名
        field = _TITLE_FIELD.match(clean(el.text_content()))
        if field:
            offer("title", _title_part(field.group(1)), 1.2)
    for t in doc.iter("title"):
        offer("title", _title_part(clean(t.text_content())), 3)
        # `…年度报告_泗洪县人民政府`: the site that published the page, the weakest publisher evidence.
        offer("publisher", _site_part(clean(t.text_content())), 4)
    return {kind: value for kind, (_, value) in found.items()}


_TITLE_FIELD = re.compile(r"^(?:标题|標題|文章标题|名称)\s*[:：]\s*(.{6,120})$")


def _site_part(title: str) -> str | None:
    """The site named beside the report's title in a page title (`…年度报告_泗洪县人民政府`)."""
    return site_named([fold(p) for p in _TITLE_SPLIT.split(title) if p])


def _title_part(title: str) -> str | None:
    """The report's own title out of a page title such as `…年度报告-沭阳县发改局` or `站点_栏目_标题`."""
    parts = [p for p in _TITLE_SPLIT.split(title) if p]
    return next((p for p in parts if "报告" in fold(p) or "年报" in fold(p)), max(parts, key=len, default=None))


# ---------------------------------------------------------------- the reader


def _parse(text: str):
    # huge_tree: no depth or text-size cap (a page with a large inline image must not lose its text).
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise IngestError(f"could not parse the HTML: {e}") from None


def _content(doc) -> tuple[object, list]:
    """The element holding the report, and the anchors it was found by ([]: not found, the body)."""
    body = doc.find("body") if doc.find("body") is not None else doc
    anchors = _anchors(body)
    if anchors:
        root = _report_root(anchors)
        if root in anchors and _tag(root) != "table" and root.getparent() is not None:
            root = root.getparent()  # one heading recognised: read the element that holds it
        # Only a table was recognised (its prose was not): read what surrounds the table too.
        table = next((el for el in [root, *root.iterancestors()] if _tag(el) == "table" and not _nested(el)), None)
        if table is not None and table.getparent() is not None:
            root = table.getparent()
    else:
        root = body
    _strip_chrome(root, anchors)
    return root, anchors


def read(data: bytes, name: str, folder: Path | None = None) -> Document:
    """Read a web page (or a JSON/JS file carrying one) into a Document; `folder`: where it
    was read from, for the pictures it links by a relative path."""
    found = _decode(data)
    text, encoding = found.text, found.encoding
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # lxml refuses str input that declares its own encoding in an XML prolog.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    doc = _parse(text)
    embedded = _embedded(text, [s.text or "" for s in doc.iter("script")])
    hints = _hints(doc, _json_title(text) if _is_json(text) else None)
    warnings: list[str] = list(found.warnings)

    _strip(doc)
    root, anchored = _content(doc)
    if embedded is not None:
        inner = _parse(f"<html><body>{embedded}</body></html>")
        _strip(inner)
        inner_root, inner_anchored = _content(inner)
        # The script's copy is read only when it is recognisably the report and the page's own
        # content is not (or is less of it): scripts also write menus and banners.
        if inner_anchored and (not anchored or _score(inner_root) > _score(root)):
            root = inner_root
            warnings.append("the article was read from HTML inside a script/JSON string on the page")
    blocks, notes = _blocks(root, folder)
    warnings += notes
    if not blocks:
        raise IngestError("no text found in the HTML page")
    return Document(blocks, "html", encoding=encoding, hints=hints, warnings=warnings)
