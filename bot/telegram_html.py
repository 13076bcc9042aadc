"""An `Answer` as Telegram HTML messages: every text escaped, split under Telegram's limit.

Telegram's HTML mode knows a few tags (b, i, code, pre, blockquote, a) and the entities
&lt; &gt; &amp; &quot;. Report titles carry 《》 and passages carry < > &, so every piece of
text goes through `esc`. Messages hold at most 4,096 characters: `split_html` cuts at
paragraph, then row, then sentence boundaries, never inside a tag or an entity, and closes
the tags open at a cut and opens them again in the next part.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from .answer import Answer, shown, table_csv

LIMIT = 4096  # Telegram's maximum message length
TABLE_MESSAGES = 3  # a table needing more messages than this goes as a CSV document instead
_TOKENS = re.compile(r"<[^>]*>|&#?\w+;|\n\n|[^<&]", re.S)
_TAG = re.compile(r"</?([a-zA-Z-]+)")
_STATUS = {
    "blank": ("未填报（空白，不是 0）", "not reported (blank, not zero)"),
    "unreadable": ("无法可靠识别", "unreadable"),
    "absent": ("报告未列此项", "not in the report"),
}


def esc(text: Any) -> str:
    """Text as Telegram HTML: < > & escaped; 《》 and quotes stay as they are."""
    return html.escape(str(text), quote=False)


@dataclass
class Reply:
    """What one answer becomes: HTML messages, and a CSV document when its table is long."""

    messages: list[str]
    document: tuple[str, bytes] | None = None
    tabled: bool = False  # the table is in the messages or the document already


def english(answer: Answer) -> bool:
    """Whether the question was asked in English (replies then use English labels)."""
    return (answer.understood or {}).get("language") == "en"


def table_text(rows: list[dict[str, Any]], english: bool = False) -> list[str]:
    """One plain line per table row: who, which year, the value (or why there is none)."""
    lines = []
    for r in rows:
        status = r.get("status") or "reported"
        if r.get("value") is not None and status == "reported":
            value = shown(r["value"], r.get("unit"), english)
            if r.get("from_text"):
                value += " (quoted from the text)" if english else "（引自正文）"
            if r.get("complete") is False:
                value += " (incomplete: some cells blank)" if english else "（部分栏目空白，合计不完整）"
        else:
            value = _STATUS.get(status, (status, status))[1 if english else 0]
        lines.append(f"{r.get('issuer') or ''} {r.get('year') or ''}{': ' if english else '：'}{value}")
    return lines


def table_html(rows: list[dict[str, Any]], english: bool = False) -> list[str]:
    """The table as preformatted text, one row a line, split between rows."""
    return split_html("<pre>" + "\n".join(esc(line) for line in table_text(rows, english)) + "</pre>")


def _source_line(answer: Answer, en: bool) -> str | None:
    """Where the first figure stands, when the sentence does not already say it."""
    cited = [f for f in answer.figures if f.get("cite")]
    if not cited or cited[0]["cite"] in answer.answer:
        return None
    f = cited[0]
    more = len({x["cite"] for x in cited}) - 1
    line = f"{'Source' if en else '出处'}: {esc(f.get('issuer') or '')} {esc(f.get('year') or '')} › {esc(f['cite'])}"
    if more:
        line += f" (+{more} {'more under Sources' if en else '处，见“出处”'})"
    return f"<i>{line}</i>"


def _names_every_row(answer: Answer) -> bool:
    """Whether the sentence already names every row of the table (issuer and year)."""
    return all(
        str(r.get("issuer") or "") in answer.answer and str(r.get("year") or "") in answer.answer for r in answer.table
    )


def answer_reply(answer: Answer) -> Reply:
    """The answer's sentence, formula, source and warnings as messages.

    The table follows when the sentence does not name all of its rows (a ranking lists the
    top few and leaves the rest to the table); past a few messages it goes as a CSV document."""
    en = english(answer)
    blocks = [esc(answer.answer.strip())]
    if answer.formula and answer.formula not in answer.answer:
        blocks.append(f"<b>{'Formula' if en else '算式'}</b>: <code>{esc(answer.formula)}</code>")
    source = _source_line(answer, en)
    if source:
        blocks.append(source)
    reply = Reply([])
    if answer.table and answer.route == "changes":  # rows of changes (old, new, difference): always as CSV
        reply.document = (f"nianbao-{answer.id or 'changes'}.csv", table_csv(answer.table))
        blocks.append(
            f"<i>{'Every change is attached as CSV' if en else '全部变化见所附 CSV 文件'}"
            f" ({len(answer.table)} {'rows' if en else '行'}).</i>"
        )
        reply.tabled = True
    elif answer.table and not _names_every_row(answer):
        table = table_html(answer.table, en)
        if len(table) > TABLE_MESSAGES:
            reply.document = (f"nianbao-{answer.id or 'table'}.csv", table_csv(answer.table))
            blocks.append(
                f"<i>{'The full table is attached as CSV' if en else '完整表格见所附 CSV 文件'}"
                f" ({len(answer.table)} {'rows' if en else '行'}).</i>"
            )
        else:
            blocks += table
        reply.tabled = True
    # Warnings already worded into the sentence are not repeated.
    blocks += [f"⚠️ {esc(w)}" for w in answer.warnings if w and w not in answer.answer]
    reply.messages = split_html("\n\n".join(blocks))
    return reply


def _figure_line(f: dict[str, Any], en: bool) -> str:
    status = f.get("status")
    if status == "reported":
        value = esc(shown(f.get("value"), f.get("unit"), en))
        if f.get("raw") and str(f.get("raw")) != str(f.get("value")):
            value += f" ({'printed' if en else '原表'} “{esc(f['raw'])}”)"
    else:
        value = f"<i>{esc(_STATUS.get(status or '', (status, status))[1 if en else 0])}</i>"
    where = esc(f.get("source_file") or "")
    if f.get("page"):
        where += f" p.{esc(f['page'])}"
    lines = [
        f"• <b>{esc(f.get('issuer') or '')} {esc(f.get('year') or '')}</b> {esc(f.get('label') or '')}: {value}",
        f"  {where} › {esc(f.get('cite') or '')}",
    ]
    if f.get("note"):
        lines.append(f"  <i>{esc(f['note'])}</i>")
    return "\n".join(lines)


def _passage_block(i: int, p: dict[str, Any]) -> str:
    where = esc(p.get("source_file") or "")
    if p.get("page"):
        where += f" p.{esc(p['page'])}"
    head = f"[{i}] <b>{esc(p.get('issuer') or '')} {esc(p.get('year') or '')}</b> · {where} › {esc(p.get('section') or '')}"
    return f"{head}\n<blockquote>{esc((p.get('text') or '').strip())}</blockquote>"


def sources_reply(answer: Answer) -> list[str]:
    """出处 / Sources: each figure with its table path, each cited passage in full, the formula."""
    en = english(answer)
    blocks = [f"<b>{'Sources' if en else '出处'}</b> · {esc(answer.question)}"]
    if answer.figures:
        blocks.append(f"<b>{'Table cells' if en else '表格单元格'}</b>")
        blocks += [_figure_line(f, en) for f in answer.figures]
    if answer.formula:
        blocks.append(f"<b>{'Formula' if en else '算式'}</b>: <code>{esc(answer.formula)}</code>")
    if answer.passages:
        blocks.append(f"<b>{'Passages' if en else '引用段落'}</b>")
        blocks += [_passage_block(i, p) for i, p in enumerate(answer.passages, 1)]
    if not answer.figures and not answer.passages:
        blocks.append("No figure or passage is cited in this answer." if en else "这条回答没有引用表格或段落。")
    return split_html("\n\n".join(blocks))


# ------------------------------------------------------------------ splitting
def _size(text: str) -> int:
    """Telegram counts UTF-16 code units; counting the markup too keeps us on the safe side."""
    return len(text.encode("utf-16-le")) // 2


def _opened(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    m = _TAG.match(token)
    if not m:
        return stack
    name = m.group(1).lower()
    if token.startswith("</"):
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == name:
                return stack[:k] + stack[k + 1 :]
        return stack
    return stack + [(name, token)]


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _priority(token: str) -> int:
    if token == "\n\n":
        return 3
    if token == "\n" or token.startswith("</pre") or token.startswith("</blockquote"):
        return 2
    if token in ("。", "；", ";", ".", "！", "？", " ", "，", ","):
        return 1
    return 0


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    """`text` (balanced Telegram HTML) as parts of at most `limit` characters, each balanced.

    A part ends at the latest paragraph break that leaves it at least half full, else the
    latest line break, else the latest sentence or word end, else anywhere between two
    characters; tags and entities are never cut."""
    tokens = _TOKENS.findall(text)
    parts: list[str] = []
    i, stack = 0, list[tuple[str, str]]()
    while i < len(tokens):
        while i < len(tokens) and tokens[i] in ("\n", "\n\n") and parts:
            i += 1  # a part does not start with blank lines
        prefix = "".join(tag for _, tag in stack)
        size, cur, j = _size(prefix), stack, i
        best: dict[int, tuple[int, int, list[tuple[str, str]]]] = {}  # priority → (end, size, stack)
        while j < len(tokens):
            after = _opened(cur, tokens[j])
            if size + _size(tokens[j]) + _size(_closing(after)) > limit and j > i:
                break
            size += _size(tokens[j])
            cur, j = after, j + 1
            best[_priority(tokens[j - 1])] = (j, size, cur)
        if j >= len(tokens):
            end, end_stack = j, cur
        else:
            fitting = [best[p] for p in sorted(best, reverse=True) if best[p][1] >= limit // 2]
            end, _, end_stack = fitting[0] if fitting else max(best.values(), key=lambda b: b[0])
        part = (prefix + "".join(tokens[i:end])).rstrip("\n") + _closing(end_stack)
        if _visible(part):
            parts.append(part)
        i, stack = end, end_stack
    return parts


def _visible(part: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", part).strip())
