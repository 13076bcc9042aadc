"""Reading the template's tables (sections 二, 三, 四) into figures.

Rows are recognised by the template's structure — its row labels, their numbering
and their fixed order — and cells by the fixed column order, never by rules per
file. Labels may be garbled by OCR or split over lines; a cell that cannot be
placed with confidence is stored as `unreadable`, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .cells import normalise, parse_cell
from .layout import Row, fit
from .model import BLANK, UNREADABLE, Figure
from .template import (
    ACTIVE_COLUMNS,
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    CASE_GROUPS,
    METRICS,
    OUTCOME_COLUMNS,
    ActiveRow,
    ApplicationRow,
)

_CN = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
_TOP = re.compile(r"^([一二三四])[、.．,，]")
_GROUP = re.compile(r"[(（]([一二三四五六七])[)）]")
_ITEM = re.compile(r"(?<!\d)([1-8])[.．、,，](?!\d)")
_NUMBERS = re.compile(r"^[一二三四五六七八九十]+[、.．,，]|[(（][一二三四五六七八九十]+[)）]|(?<!\d)\d[.．、,，](?!\d)")
_WINDOW = 3  # rows of the template a label without numbering may skip
_MIN_TEXT_SCORE = 70


def _figure(metric: str, raw: str, line: int, amount: bool = False, note: str | None = None,
            status: str | None = None) -> Figure:
    m = METRICS[metric]
    cell = parse_cell(raw, amount=amount)
    unit = (cell.unit or m.unit) if amount else m.unit
    return Figure(metric=metric, label=m.label, cite=" › ".join(m.cite), value=cell.value, unit=unit,
                  raw=raw.strip(" \u00a0\u3000"), status=status or cell.status,
                  note="; ".join(filter(None, [cell.note, note])) or None, line=line)


def _uncertain(metric: str, line: int, note: str) -> Figure:
    m = METRICS[metric]
    return Figure(metric=metric, label=m.label, cite=" › ".join(m.cite), value=None, unit=m.unit, raw="",
                  status=UNREADABLE, note=note, line=line)


# ------------------------------------------------------------------ section 二
def _active_row(label: str) -> ActiveRow | None:
    for row in ACTIVE_ROWS:
        for form in (row.label, *row.synonyms):
            if label == form:
                return row
    best = max(ACTIVE_ROWS, key=lambda r: max(fuzz.ratio(label, f) for f in (r.label, *r.synonyms)))
    if max(fuzz.ratio(label, f) for f in (best.label, *best.synonyms)) >= 80:
        return best
    return None


def _header_columns(header: str, row: ActiveRow) -> list[str]:
    """The columns named in a header text, in printed order (longest forms win)."""
    allowed = set(row.columns_2019 + row.columns_2021)
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    forms = sorted(((normalise(f), c.key) for c in ACTIVE_COLUMNS.values() for f in (c.label, *c.synonyms)),
                   key=lambda x: -len(x[0]))
    for form, key in forms:
        for m in re.finditer(re.escape(form), header):
            span = (m.start(), m.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append((m.start(), m.end(), key))
    return [key for _, _, key in sorted(found) if key in allowed]


def read_active(rows: list[Row], template: str) -> tuple[list[Figure], list[str]]:
    """Section 二: one small table per article-20 item."""
    figures: list[Figure] = []
    warnings: list[str] = []
    header = ""
    for r in rows:
        label = r.label
        if label.startswith("第二十条"):
            header = ""
            continue
        row = _active_row(label) if r.values else None
        if row is None:
            header += label if not label.startswith("信息内容") else label[4:]
            continue
        columns = _header_columns(header, row)
        if not columns:
            columns = list(row.columns_2021 if template == "2021" else row.columns_2019)
        cells = fit(r.values, len(columns))
        if cells is None or len(cells) < len(columns):
            printed = [v.strip() for v in r.values if v.strip()]
            if printed:
                warnings.append(f"line {r.line}: {row.label} has cells {printed} for columns {columns}: not placed")
            cells = (cells or []) + [""] * (len(columns) - len(cells or []))
            if printed:
                figures += [_uncertain(f"active.{row.key}.{c}", r.line, "cells could not be placed in columns")
                            for c in columns]
                continue
        for col, raw in zip(columns, cells):
            figures.append(_figure(f"active.{row.key}.{col}", raw, r.line, amount=col == "amount_wan_yuan"))
    return figures, warnings


# ------------------------------------------------------------------ section 三
@dataclass
class _Numbers:
    top: int | None
    group: int | None
    item: int | None
    text: str


def _numbers(label: str) -> _Numbers:
    top = _TOP.match(label)
    groups = _GROUP.findall(label)
    items = _ITEM.findall(label)
    return _Numbers(_CN[top.group(1)] if top else None, _CN[groups[-1]] if groups else None,
                    int(items[-1]) if items else None, _NUMBERS.sub("", label))


def _text_score(text: str, row: ApplicationRow) -> float:
    if len(text) < 2:
        return 0.0
    best = 0.0
    for form in (row.label, *row.synonyms):
        form = normalise(form)
        short, long_ = sorted((text, form), key=len)
        # A fragment must cover a fair part of the label to count.
        if len(short) < 0.4 * len(long_) and len(short) < 4:
            continue
        best = max(best, fuzz.partial_ratio(short, long_) if len(short) >= 3 else fuzz.ratio(text, form))
    return best


def _numbering_agrees(n: _Numbers, row: ApplicationRow) -> bool | None:
    """True/False when the label's numbering decides; None when it has none."""
    if n.item is not None:
        return row.item == n.item and (n.group is None or row.group == n.group)
    if n.group is not None:
        return row.group == n.group and row.item is None
    if n.top is not None:
        return row.top == n.top
    return None


def _match_application(labels: list[str], cursor: int) -> int | None:
    """The template row a row's label cells name, at or after the cursor (rows never go back).

    A label spread over cells (三、本年度办理结果 | （一）予以公开) names the row of its
    last cell; the numbering may stand in any of them.
    """
    n = _numbers(normalise("".join(labels)))
    last = _numbers(normalise(labels[-1])).text
    best: tuple[float, int] | None = None
    for j in range(cursor, len(APPLICATION_ROWS)):
        row = APPLICATION_ROWS[j]
        agrees = _numbering_agrees(n, row)
        if agrees:
            return j  # numbering is the strongest evidence; the order fixes which row
        if agrees is None and j - cursor < _WINDOW:
            score = max(_text_score(last, row), _text_score(n.text, row) - 5)
            if score >= (90 if row.item is not None else _MIN_TEXT_SCORE) and (best is None or score > best[0]):
                best = (score, j)
    return best[1] if best else None


def _has_figures(values: list[str]) -> bool:
    return any(v.strip(" \u00a0\u3000") for v in values)


def read_applications(rows: list[Row]) -> tuple[list[Figure], list[str]]:
    """Section 三: rows in the template's order, seven applicant columns."""
    matched: list[tuple[ApplicationRow, Row]] = []
    cursor = 0
    for r in rows:
        j = _match_application(r.labels, cursor) if r.labels else None
        if j is not None:
            cursor = j + 1
            matched.append((APPLICATION_ROWS[j], Row(r.labels, list(r.values), r.line)))
        elif matched and _has_figures(r.values) and not _has_figures(matched[-1][1].values):
            # The label was split over lines and the cells came on its second line.
            matched[-1][1].values[:] = r.values
    figures: list[Figure] = []
    warnings: list[str] = []
    width = len(APPLICANT_COLUMNS)
    for row, r in matched:
        if row.key is None or not r.values:
            continue
        keys = [f"applications.{row.key}.{c.key}" for c in APPLICANT_COLUMNS]
        cells = fit(r.values, width)
        if cells is not None and len(cells) == width:
            figures += [_figure(k, raw, r.line) for k, raw in zip(keys, cells)]
            continue
        printed = [v.strip(" \u00a0\u3000") for v in r.values]
        if not any(printed):
            figures += [_figure(k, "", r.line, note=f"row printed with {len(printed)} of {width} cells")
                        for k in keys]
            continue
        # Fewer cells than columns: only the first (自然人) and last (总计) are sure.
        trimmed = list(r.values)
        while len(trimmed) > 2 and not trimmed[-1].strip(" \u00a0\u3000"):
            trimmed.pop()
        note = f"row printed with {len(trimmed)} of {width} cells ({' | '.join(p or '·' for p in printed)})"
        warnings.append(f"line {r.line}: {row.label}: {note}; only the first and last cells are placed")
        figures.append(_figure(keys[0], trimmed[0], r.line, note=note))
        figures += [_uncertain(k, r.line, note) for k in keys[1:-1]]
        figures.append(_figure(keys[-1], trimmed[-1], r.line, note=note))
    return figures, warnings


# ------------------------------------------------------------------ section 四
def _numeric_cells(values: list[str]) -> int:
    return sum(1 for v in values if parse_cell(v).status != UNREADABLE and parse_cell(v).status != BLANK)


def read_cases(rows: list[Row]) -> tuple[list[Figure], list[str]]:
    """Section 四: one row of fifteen cells (review, then two kinds of lawsuit)."""
    width = len(CASE_GROUPS) * len(OUTCOME_COLUMNS)
    candidates = [r for r in rows if len(r.values) >= 10]
    if not candidates:
        return [], ["section 四: the row of figures was not found"]
    best = max(candidates, key=lambda r: (_numeric_cells(r.values), r.line))
    cells = fit(best.values, width)
    keys = [f"{g.key}.{c.key}" for g in CASE_GROUPS for c in OUTCOME_COLUMNS]
    if cells is None or len(cells) != width:
        note = f"row printed with {len(best.values)} of {width} cells"
        return [_uncertain(k, best.line, note) for k in keys], [f"line {best.line}: section 四: {note}: not placed"]
    return [_figure(k, raw, best.line) for k, raw in zip(keys, cells)], []
