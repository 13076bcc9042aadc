"""Reading the template's tables (sections 二, 三, 四) into figures.

Rows are recognised by the template's structure — its row labels, their numbering
and their fixed order — and cells by the fixed column order, never by rules per
file. Labels may be garbled by OCR or split over lines; a cell that cannot be
placed with confidence is stored as `unreadable`, never guessed.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from . import glued, unsure
from .cells import normalise, parse_cell
from .layout import Row, fit
from .model import BLANK, UNREADABLE, Figure
from .template import (
    ACTIVE_COLUMNS,
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    CASE_GROUPS,
    HEADER_WORDS,
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


def _figure(
    metric: str, raw: str, line: int, amount: bool = False, note: str | None = None, status: str | None = None
) -> Figure:
    m = METRICS[metric]
    cell = parse_cell(raw, amount=amount)
    unit = (cell.unit or m.unit) if amount else m.unit
    return Figure(
        metric=metric,
        label=m.label,
        cite=" › ".join(m.cite),
        value=cell.value,
        unit=unit,
        raw=raw.strip(" \u00a0\u3000"),
        status=status or cell.status,
        note="; ".join(filter(None, [cell.note, note])) or None,
        line=line,
    )


def _uncertain(metric: str, line: int, note: str) -> Figure:
    m = METRICS[metric]
    return Figure(
        metric=metric,
        label=m.label,
        cite=" › ".join(m.cite),
        value=None,
        unit=m.unit,
        raw="",
        status=UNREADABLE,
        note=note,
        line=line,
    )


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


_ITEM_HEADING = re.compile(r"^第二十条第?[(（][一二三四五六七八九十]+[)）]项?")


def _ends_with_row(label: str) -> tuple[ActiveRow | None, str]:
    """A row label printed after its header text (`信息内容本年制发件数…规章`): the row and
    the header text before it."""
    forms = sorted(((normalise(f), r) for r in ACTIVE_ROWS for f in (r.label, *r.synonyms)), key=lambda x: -len(x[0]))
    for form, row in forms:
        if label.endswith(form) and len(label) > len(form):
            return row, label[: -len(form)]
    return None, label


def _header_columns(header: str, row: ActiveRow) -> list[str]:
    """The columns named in a header text, in printed order (longest forms win)."""
    allowed = set(row.columns_2019 + row.columns_2021)
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    forms = sorted(
        ((normalise(f), c.key) for c in ACTIVE_COLUMNS.values() for f in (c.label, *c.synonyms)),
        key=lambda x: -len(x[0]),
    )
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
            label = _ITEM_HEADING.sub("", label)  # a body run together: the header may follow
            if not label:
                continue
        row = _active_row(label) if r.values else None
        if row is None and r.values:
            row, label = _ends_with_row(label)
            if row is not None:
                header += label
        if row is None:
            header += label if not label.startswith("信息内容") else label[4:]
            continue
        columns = _header_columns(header, row)
        if not columns:
            columns = list(row.columns_2021 if template == "2021" else row.columns_2019)
        tokens = [v.strip(" \u00a0\u3000") for v in r.values if v.strip(" \u00a0\u3000")]
        if (not r.separated or _one_run(tokens, len(columns))) and len(tokens) != len(columns):
            # Cells run together: no sums to check here, so only a run with one reading is read.
            keys = [f"active.{row.key}.{c}" for c in columns]
            # Only the change column may be negative (`2648-18538`: the minus starts a change).
            signed = [c == "change" for c in columns]
            cands = [
                v
                for v in glued.splits(tokens, len(columns)) or []
                if all(ok or not cell.startswith(("-", "增", "减", "加")) for ok, cell in zip(signed, v))
            ]
            reading = _Reading(keys, row.label, r.line, tokens, cands, False, True)
            figs, warns = _emit(reading, frozenset(k for k in keys if k.endswith("amount_wan_yuan")))
            figures += figs
            warnings += warns
            continue
        cells = fit(r.values, len(columns))
        if cells is None or len(cells) < len(columns):
            printed = [v.strip() for v in r.values if v.strip()]
            if printed:
                warnings.append(f"line {r.line}: {row.label} has cells {printed} for columns {columns}: not placed")
            cells = (cells or []) + [""] * (len(columns) - len(cells or []))
            if printed:
                figures += [
                    _uncertain(f"active.{row.key}.{c}", r.line, "cells could not be placed in columns") for c in columns
                ]
                continue
        for col, raw in zip(columns, cells):
            figures.append(_figure(f"active.{row.key}.{col}", raw, r.line, amount=col == "amount_wan_yuan"))
    return figures, warnings


# ------------------------------------------------------------------ section 三
@dataclass
class _Numbers:
    """The numbers of one table row, as read."""

    top: int | None
    group: int | None
    item: int | None
    text: str


def _numbers(label: str) -> _Numbers:
    top = _TOP.match(label)
    groups = _GROUP.findall(label)
    items = _ITEM.findall(label)
    return _Numbers(
        _CN[top.group(1)] if top else None,
        _CN[groups[-1]] if groups else None,
        int(items[-1]) if items else None,
        _NUMBERS.sub("", label),
    )


def _text_score(text: str, row: ApplicationRow) -> float:
    if len(text) < 2:
        return 0.0
    forms = [normalise(f) for f in (row.label, *row.synonyms)]
    if len(text) < 4 and text not in forms:
        return 0.0  # a short fragment (`予处理`) names a row only when it is its whole label
    best = 0.0
    for form in forms:
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


def _match_application(labels: list[str], cursor: int, strict: bool = False) -> int | None:
    """The template row a row's label cells name, at or after the cursor (rows never go back).

    A label spread over cells (三、本年度办理结果 | （一）予以公开) names the row of its
    last cell; the numbering may stand in any of them. `strict` (a label read by OCR, whose
    numbering may be misread: 6 as 5): the numbering counts only when the words agree too.
    """
    n = _numbers(normalise("".join(labels)))
    own = _numbers(normalise(labels[-1]))
    last = own.text
    best: tuple[float, int] | None = None
    for j in range(cursor, len(APPLICATION_ROWS)):
        row = APPLICATION_ROWS[j]
        agrees = _numbering_agrees(n, row)
        if agrees and strict and max(_text_score(last, row), _text_score(n.text, row) - 5) < _MIN_TEXT_SCORE:
            continue
        if agrees is False and strict and len(labels) > 1 and j - cursor < _WINDOW and _numbering_agrees(own, row):
            # An OCR'd group cell (a merged label cut by a page break and misread, （三） as
            # （二）) does not overrule the row's own cell when its numbering and words agree.
            agrees = _text_score(last, row) >= 90
        if agrees:
            return j  # numbering is the strongest evidence; the order fixes which row
        if agrees is None and j - cursor < _WINDOW:
            score = max(_text_score(last, row), _text_score(n.text, row) - 5)
            if score >= (90 if row.item is not None else _MIN_TEXT_SCORE) and (best is None or score > best[0]):
                best = (score, j)
    return best[1] if best else None


def _has_figures(values: list[str]) -> bool:
    return any(v.strip(" \u00a0\u3000") for v in values)


def _is_header(labels: list[str]) -> bool:
    """A row of column headers (repeated where a table is broken into small tables)."""
    words = {normalise(w) for w in HEADER_WORDS}
    if len(labels) == 1:  # `其他` and `总计` alone may be rows printed without numbering
        words -= {normalise(f) for r in APPLICATION_ROWS for f in (r.label, *r.synonyms)}
    return all(normalise(lbl) in words for lbl in labels)


def _continues(labels: list[str], row: ApplicationRow, cursor: int) -> bool:
    """A label fragment without numbering that continues the label of the row before it
    (`正、行政机关不再处理其政府信` after `1、申请人无正当理由逾期不补`)."""
    text = normalise("".join(labels))
    n = _numbers(text)
    if n.top or n.group or n.item or len(n.text) < 2:
        return False
    forms = [normalise(f) for f in (row.label, *row.synonyms)]
    if not any(len(n.text) <= len(f) and fuzz.partial_ratio(n.text, f) >= 90 for f in forms):
        return False
    later = [normalise(f) for r in APPLICATION_ROWS[cursor:] for f in (r.label, *r.synonyms)]
    return n.text not in later


def _match_rows(rows: list[Row]) -> list[tuple[ApplicationRow, Row]]:
    """Template rows in order, each with the cells printed for it (label fragments and
    lines of figures that follow a label are gathered into its row)."""
    matched: list[tuple[ApplicationRow, Row]] = []
    cursor = 0
    for r in rows:
        if r.labels and not _has_figures(r.values) and _is_header(r.labels):
            continue
        current = matched[-1][1] if matched else None
        if (
            r.labels
            and current is not None
            and not (_has_figures(current.values) and _has_figures(r.values))
            and _continues(r.labels, matched[-1][0], cursor)
        ):
            if _has_figures(r.values):
                current.values[:] = r.values
                current.separated = r.separated
                current.unconfirmed = r.unconfirmed
                current.ink_checked = r.ink_checked
            continue
        j = _match_application(r.labels, cursor, r.unconfirmed) if r.labels else None
        if j is not None:
            cursor = j + 1
            matched.append(
                (APPLICATION_ROWS[j], Row(r.labels, list(r.values), r.line, r.separated, r.unconfirmed, r.ink_checked))
            )
        elif current is not None and _has_figures(r.values):
            if not _has_figures(current.values):
                # The label was split over lines and the cells came on a later line.
                current.values[:] = r.values
                current.separated = r.separated
                current.unconfirmed = r.unconfirmed
                current.ink_checked = r.ink_checked
            elif not r.labels:
                # More figures for the same row (one cell a line; a row wrapped by the extraction).
                current.values += r.values
                current.separated = current.separated and r.separated
                current.unconfirmed = current.unconfirmed or r.unconfirmed
                current.ink_checked = current.ink_checked and r.ink_checked
    return matched


# Readings of one row: the printed cells put into the columns in every way the layout
# allows; `fixed` when the layout itself places them (one printed cell per column).
@dataclass
class _Reading:
    """One way of reading a row's cells, with how well it fits the template's sums."""

    keys: list[str]
    row_label: str
    line: int
    printed: list[str]
    candidates: list[tuple[str, ...]]
    fixed: bool
    glued: bool
    why: str | None = None  # set when no reading stands (an OCR'd row its sums do not confirm)
    described: str | None = None  # how the row was read, when not printed cells (OCR)
    unconfirmed: bool = False  # read by OCR: the column sums must hold too
    doubted: dict[int, str] = field(default_factory=dict)  # column → why its figure is not stored


def _row_readings(keys: list[str], label: str, r: Row, holds) -> _Reading:  # type: ignore[no-untyped-def]
    """Every reading of a printed row that the template's row identity allows."""
    width = len(keys)
    printed = [v.strip(" \u00a0\u3000") for v in r.values]
    if r.unconfirmed:
        return _unconfirmed_reading(keys, label, r, printed, holds)
    if r.separated and not _one_run(printed, width):
        cells = fit(r.values, width)
        filled = [p for p in printed if p]
        if cells is not None and len(cells) == width:
            fixed = _Reading(keys, label, r.line, printed, [tuple(cells)], True, False)
            as_printed = tuple(c.strip(" \u00a0\u3000") for c in cells)
            # Every column printed: a blank total checks nothing, so it moves no figure.
            blank_total = any(not as_printed[i] for i, k in enumerate(keys) if k.endswith(".total"))
            if len(filled) == width or holds(as_printed) or blank_total:
                return fixed
            # Blank cells placed the figures, and the sums disagree: if the figures fit the
            # sums in other columns, a cell was lost or added (OCR, a page that drops empty
            # cells) and the places are not sure. Otherwise the report is inconsistent as
            # printed: keep it as printed (a failed check says so).
            others = (
                glued.consistent(glued.placements(filled, width), holds)
                if all(glued.number(c) is not None for c in filled)
                else []
            )
            if not others:
                return fixed
            return _Reading(keys, label, r.line, printed, others, False, False)
        if not filled:
            return _Reading(keys, label, r.line, printed, [tuple([""] * width)], True, False)
        trimmed = list(printed)
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        while trimmed and not trimmed[0]:
            trimmed.pop(0)
        if len(trimmed) > width or any(glued.number(c) is None for c in trimmed):
            return _Reading(keys, label, r.line, printed, [], False, False)
        # Fewer cells than columns: where they sit is known only if the sums say so (blank
        # cells at the ends may be the label's own columns, so they place nothing).
        cands = glued.placements(trimmed, width)
        return _Reading(keys, label, r.line, printed, glued.consistent(cands, holds), False, False)
    tokens = [p for p in printed if p]
    if len(tokens) == width:
        return _Reading(keys, label, r.line, printed, [tuple(tokens)], True, False)
    cands = glued.consistent(glued.splits(tokens, width) or [], holds)
    if not cands and len(tokens) < width and all(glued.number(t) is not None for t in tokens):
        # No way to cut the run fits the sums: perhaps nothing was glued and the empty cells
        # were dropped instead (`pdftotext -raw` prints no trace of an empty cell).
        placed = glued.consistent(glued.placements(tokens, width), holds)
        if placed:
            return _Reading(keys, label, r.line, printed, placed, False, False)
    return _Reading(keys, label, r.line, printed, cands, False, True)


def _unconfirmed_reading(keys: list[str], label: str, r: Row, printed: list[str], holds) -> _Reading:  # type: ignore[no-untyped-def]
    """A row read by OCR: its figures stand only where the row's own sums confirm them (a
    confident misreading, 9 read as 6, happens). A cell OCR was unsure of offers what it
    saw (`ingest.unsure`); the readings of the row that satisfy its sums are its candidates."""
    reading = _ocr_reading(keys, label, r, printed, holds)
    reading.unconfirmed = True
    return reading


def _ocr_reading(keys: list[str], label: str, r: Row, printed: list[str], holds) -> _Reading:  # type: ignore[no-untyped-def]
    cells = fit(r.values, len(keys))
    shown = " ".join(p or "·" for p in printed)
    if not cells or len(cells) != len(keys):
        return _Reading(
            keys,
            label,
            r.line,
            printed,
            [],
            False,
            False,
            f"read by OCR as '{shown}': its cells could not be placed in the columns",
        )
    options = [[a for a in unsure.alternatives(c) if glued.number(a) is not None] for c in cells]
    if not all(options):
        return _Reading(
            keys,
            label,
            r.line,
            printed,
            [],
            False,
            False,
            f"read by OCR as '{shown}': a cell could not be read, so the row's sums confirm none",
        )
    if math.prod(len(o) for o in options) > 256:
        return _Reading(
            keys,
            label,
            r.line,
            printed,
            [],
            False,
            False,
            f"read by OCR as '{shown}': too many cells unsure to confirm",
        )
    cands = glued.consistent([tuple(v) for v in itertools.product(*options)], holds)
    if not cands and r.ink_checked and all(len(o) == 1 for o in options) and _printed_sums_fail(cells, holds):
        why = (
            f"read by OCR as '{shown}', each figure's glyphs seen in its ink: the report's own sums do not "
            "add up (no figures of these digits and zeros could), so they are kept as read"
        )
        return _Reading(keys, label, r.line, printed, [tuple(o[0] for o in options)], True, False, described=why)
    if not cands:
        return _Reading(
            keys,
            label,
            r.line,
            printed,
            [],
            False,
            False,
            f"read by OCR as '{shown}': no reading of it satisfies the row's sums (a misreading, or the "
            "report's own figures do not add up), so none is stored",
        )
    if len(cands) == 1 and all(len(o) == 1 for o in options):
        return _Reading(keys, label, r.line, printed, cands, True, False)
    return _Reading(keys, label, r.line, printed, cands, False, False, described=f"read by OCR as '{shown}'")


def _printed_sums_fail(cells: list[str], holds) -> bool:  # type: ignore[no-untyped-def]
    """True when no row of figures with the glyphs printed (as many digits each, zeros where
    zeros are, any digit 1–9 elsewhere) satisfies the sums: the report's own figures do not
    add up, whatever digit OCR may have confused (10 + 1 = 0 fails for any 1–9 in them)."""
    domains = []
    for c in cells:
        c = c.strip()
        if not c.isdigit() or len(c) > 3:
            return False
        domains.append(["".join(d) for d in itertools.product(*("0" if ch == "0" else "123456789" for ch in c))])
    if math.prod(len(d) for d in domains) > 20000:
        return False
    return not any(holds(v) for v in itertools.product(*domains))


def _one_run(printed: list[str], width: int) -> bool:
    """A single run of digits where a row of cells belongs: cells run together (a line of
    one cell cannot hold a whole row of figures)."""
    return (
        width > 1 and len(printed) == 1 and len(printed[0]) > 1 and glued.is_token(printed[0]) and "." not in printed[0]
    )


def _application_holds(v: tuple[str, ...]) -> bool:
    return glued.sums_to_total(v[:-1], v[-1])


def _prune(readings: dict[str, _Reading], identities: list[tuple[list[str], list[str]]], width: int) -> None:
    """Drop the readings of uncertain rows that no choice of the other rows' readings lets
    satisfy the template's column identities. An identity that no choice satisfies is the
    report's own inconsistency (a failed check later), not evidence: it is skipped."""

    def values(key: str, col: int) -> set[float]:
        out = set()
        for c in readings[key].candidates:
            v = glued.number(c[col])
            if v is not None:
                out.add(round(v, 6))
        return out

    def sums(keys: list[str], col: int, sign: int, start: set[float]) -> set[float]:
        acc = set(start)
        for k in keys:
            acc = {round(a + sign * v, 6) for a in acc for v in values(k, col)}
            if len(acc) > 5000:
                return set()
        return acc

    for _ in range(4):
        changed = False
        for left, right in identities:
            keys = left + right
            if any(k not in readings or not readings[k].candidates for k in keys):
                continue
            if all(len(readings[k].candidates) == 1 for k in keys):
                continue
            for col in range(width):
                if 0.0 not in sums(right, col, -1, sums(left, col, 1, {0.0})):
                    continue  # unsatisfiable as printed: not evidence
                for k in keys:
                    reading = readings[k]
                    if len(reading.candidates) < 2:
                        continue
                    sign = 1 if k in left else -1
                    others_l = [x for x in left if x != k]
                    others_r = [x for x in right if x != k]
                    rest = sums(others_r, col, -1, sums(others_l, col, 1, {0.0}))
                    keep = [
                        c
                        for c in reading.candidates
                        if (n := glued.number(c[col])) is not None and round(-sign * n, 6) in rest
                    ]
                    if keep and len(keep) < len(reading.candidates):
                        reading.candidates = keep
                        changed = True
        if not changed:
            return


def _doubt_columns(readings: dict[str, _Reading], identities: list[tuple[list[str], list[str]]], width: int) -> None:
    """In a column whose identity fails among rows with one reading each, the figures of the
    rows read by OCR are in doubt: a misreading can keep its row's sum (a 1 and its total both
    lost) and show only here. Printed text keeps its figures (the report's own failed check)."""
    for left, right in identities:
        keys = left + right
        if any(k not in readings or len(readings[k].candidates) != 1 for k in keys):
            continue
        ocr = [k for k in keys if readings[k].unconfirmed]
        for col in range(width):
            values = [glued.number(readings[k].candidates[0][col]) for k in keys]
            if not ocr or any(v is None for v in values):
                continue
            if abs(sum(values[: len(left)]) - sum(values[len(left) :])) > 1e-6:  # type: ignore[arg-type]
                why = (
                    f"read by OCR, and this column's sum {' + '.join(left)} = {' + '.join(right)} fails: "
                    "a reading in it is wrong"
                )
                for k in ocr:
                    readings[k].doubted[col] = why


def _emit(reading: _Reading, amount_keys: frozenset[str] = frozenset()) -> tuple[list[Figure], list[str]]:
    """Figures of one row from its remaining readings."""
    printed = " ".join(p or "·" for p in reading.printed)
    width = len(reading.keys)
    if reading.why:
        return [_uncertain(k, reading.line, reading.why) for k in reading.keys], [
            f"line {reading.line}: {reading.row_label}: {reading.why}; not stored"
        ]
    if reading.fixed:
        [cells] = reading.candidates
        return [
            _uncertain(k, reading.line, reading.doubted[i])
            if i in reading.doubted
            else _figure(k, raw, reading.line, amount=k in amount_keys, note=reading.described)
            for i, (k, raw) in enumerate(zip(reading.keys, cells))
        ], [f"line {reading.line}: {reading.row_label}: {reading.described}"] if reading.described else []
    cands = reading.candidates
    if reading.glued:
        if len(cands) == 1:
            note = f"printed without separators as '{printed}'; its only reading that agrees with the template"
            return [
                _figure(k, raw, reading.line, amount=k in amount_keys, note=note)
                for k, raw in zip(reading.keys, cands[0])
            ], [
                f"line {reading.line}: {reading.row_label}: '{printed}' read as {' | '.join(cands[0])}, "
                "its only reading that agrees with the template"
            ]
        why = "no reading" if not cands else f"{len(cands)} readings"
        note = f"printed without separators as '{printed}': {why} of it agree with the template"
        return [_uncertain(k, reading.line, note) for k in reading.keys], [
            f"line {reading.line}: {reading.row_label}: {note}; not placed"
        ]
    # A row printed with fewer cells than columns, or read by OCR with cells unsure.
    note = reading.described or f"row printed with {len(reading.printed)} of {width} cells ({printed})"
    if not cands:
        return [
            _uncertain(k, reading.line, note + "; no placement agrees with the template's sums") for k in reading.keys
        ], [f"line {reading.line}: {reading.row_label}: {note}: not placed"]
    figures = []
    unsure = []
    for i, k in enumerate(reading.keys):
        column = {c[i] for c in cands}
        if i in reading.doubted:
            figures.append(_uncertain(k, reading.line, reading.doubted[i]))
            unsure.append(k.rsplit(".", 1)[-1])
        elif len(column) == 1:
            figures.append(
                _figure(
                    k,
                    next(iter(column)),
                    reading.line,
                    amount=k in amount_keys,
                    note=note + "; placed by the template's sums",
                )
            )
        else:
            figures.append(_uncertain(k, reading.line, note + "; its column is not certain"))
            unsure.append(k.rsplit(".", 1)[-1])
    if len(unsure) == width:
        warns = [
            f"line {reading.line}: {reading.row_label}: {note}: several placements agree with the "
            "template's sums, none is stored"
        ]
    else:
        warns = [
            f"line {reading.line}: {reading.row_label}: {note}; placed by the template's sums"
            + (f", not placed: {', '.join(unsure)}" if unsure else "")
        ]
    return figures, warns


def _application_identities(present: set[str]) -> list[tuple[list[str], list[str]]]:
    """The template's column identities over application rows, as (left, right) row keys."""
    results = [
        r.key
        for r in APPLICATION_ROWS
        if r.key and (r.group or r.item) and r.key != "results_total" and not r.key.startswith("other_handling")
    ]
    subs = [r.key for r in APPLICATION_ROWS if r.key and r.key.startswith("other_handling.")]
    results += subs if any(k in present for k in subs) else ["other_handling"]
    return [(["received", "carried_over_in"], ["results_total", "carried_over_out"]), (["results_total"], results)]


def read_applications(rows: list[Row]) -> tuple[list[Figure], list[str]]:
    """Section 三: rows in the template's order, seven applicant columns."""
    matched = _match_rows(rows)
    width = len(APPLICANT_COLUMNS)
    readings: dict[str, _Reading] = {}
    order: list[str] = []
    for row, r in matched:
        if row.key is None or not r.values or row.key in readings:
            continue
        keys = [f"applications.{row.key}.{c.key}" for c in APPLICANT_COLUMNS]
        readings[row.key] = _row_readings(keys, row.label, r, _application_holds)
        order.append(row.key)
    identities = _application_identities(set(readings))
    _prune(readings, identities, width)
    _doubt_columns(readings, identities, width)
    figures: list[Figure] = []
    warnings: list[str] = []
    for key in order:
        figs, warns = _emit(readings[key])
        figures += figs
        warnings += warns
    return figures, warnings


# ------------------------------------------------------------------ section 四
def _numeric_cells(values: list[str]) -> int:
    return sum(1 for v in values if parse_cell(v).status != UNREADABLE and parse_cell(v).status != BLANK)


def _cases_hold(v: tuple[str, ...]) -> bool:
    step = len(OUTCOME_COLUMNS)
    return all(glued.sums_to_total(v[i : i + step - 1], v[i + step - 1]) for i in range(0, len(v), step))


def read_cases(rows: list[Row]) -> tuple[list[Figure], list[str]]:
    """Section 四: one row of fifteen cells (review, then two kinds of lawsuit)."""
    width = len(CASE_GROUPS) * len(OUTCOME_COLUMNS)

    def run_together(r: Row) -> bool:
        printed = [v.strip() for v in r.values if v.strip()]
        return (not r.separated or _one_run(printed, width)) and sum(len(v) for v in printed) >= width

    candidates = [r for r in rows if len(r.values) >= 10 or run_together(r)]
    if not candidates:
        return [], ["section 四: the row of figures was not found"]
    best = max(candidates, key=lambda r: (_numeric_cells(r.values), r.line))
    keys = [f"{g.key}.{c.key}" for g in CASE_GROUPS for c in OUTCOME_COLUMNS]
    cells = fit(best.values, width) if best.unconfirmed else None
    if cells is None or len(cells) != width:
        return _emit(_row_readings(keys, "行政复议、行政诉讼", best, _cases_hold))
    # Read by OCR into its fifteen columns: each group's sum confirms its own five cells (a
    # misreading in one group casts no doubt on another's).
    step = len(OUTCOME_COLUMNS)
    figures: list[Figure] = []
    warnings: list[str] = []
    for i, g in enumerate(CASE_GROUPS):
        part = Row(best.labels, cells[i * step : (i + 1) * step], best.line, best.separated, True, best.ink_checked)
        figs, warns = _emit(_row_readings(keys[i * step : (i + 1) * step], g.label, part, _cases_hold))
        figures += figs
        warnings += warns
    return figures, warnings


# ------------------------------------------------------------------ a table printed empty
_CASE_WORDS = ("行政复议", "结果维持", "尚未审结")


def blank_table(number: int, template: str, rows: list[Row]) -> list[Figure]:
    """Section 三 or 四 printed with its labels and not one figure: every cell of the
    template, blank ("not reported"), so that an empty table is not taken for a missing
    one. [] when the section prints any figure, or not the table's labels."""
    if not rows or any(_has_figures(r.values) for r in rows):
        return []
    line = rows[0].line
    if number == 3:
        matched = {row.key for row, _ in _match_rows(rows) if row.key}
        if len(matched) < len([r for r in APPLICATION_ROWS if r.key]) // 2:
            return []
        # 其他处理 is one row in the 2019 table, three sub-rows in the 2021 one.
        keys = [
            r.key
            for r in APPLICATION_ROWS
            if r.key and (r.key != "other_handling" if template == "2021" else not r.key.startswith("other_handling."))
        ]
        return [_figure(f"applications.{k}.{c.key}", "", line) for k in keys for c in APPLICANT_COLUMNS]
    if number == 4:
        words = "".join("".join(r.labels) for r in rows)
        if not all(w in words for w in _CASE_WORDS):
            return []
        return [_figure(f"{g.key}.{c.key}", "", line) for g in CASE_GROUPS for c in OUTCOME_COLUMNS]
    return []
