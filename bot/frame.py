"""The question frame: what a question asks, typed and printable.

Built from the parsed `Question` (and so from a follow-up with the conversation's context)
and the reports on file: the issuers named (resolved by the IssuerMatcher), the years
(a range or 历年 / 近三年 expanded against the years on file), the measures (template rows
with their column; a sum such as 行政诉讼 or 法人或其他组织 names the cells it adds), the
operation, and the scope (the issuers named, every report, the reports within a province
or city, or one level). The router takes its decisions from it; `ask --explain` prints it
and `ask --json` carries it as `frame`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ingest.template import METRICS

from .issuers import PARENT, NameMatcher
from .lexicon import (
    ACTIVE_DEFAULT,
    DERIVED_COLUMN_LABELS,
    DERIVED_COLUMNS,
    DOMAIN,
    GLOSSARY,
    OFF_DOMAIN,
    RATES,
    ROWS,
    SUM_ROWS,
    Condition,
    MetricAsk,
    column_table,
    english_label,
)
from .question import Question, follow_up, parse

OPERATIONS = (
    "value",
    "sum",
    "share",
    "difference",
    "rank",
    "trend",
    "compare",
    "list",
    "passage",
    "string",
    "in_text",
    "help",
    "why",
    "source",
    "which",
    "changes",
    "check",
    "catalogue",
    "average",
    "threshold",
    "none",
)
_BY_INTENT = {
    "single": "value",
    "sum": "sum",
    "difference": "difference",
    "rank": "rank",
    "trend": "trend",
    "compare": "compare",
    "list": "list",
    "average": "average",  # the mean over the reports chosen (bot/plan/average.py)
    "threshold": "threshold",  # the reports meeting a condition (bot/plan/threshold.py)
}


@dataclass(frozen=True)
class Measure:
    """One figure of the template: a row and its column; `sums` the printed cells it adds up, if several."""

    row: str
    column: str | None  # None: the row's default column (active items: per template)
    label: str
    sums: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.row}.{self.column or ACTIVE_DEFAULT.get(self.row.split('.')[-1], ('?',))[0]}"


@dataclass(frozen=True)
class Scope:
    """Which reports a question is over: the issuers named, every report, a division's, or one level's."""

    kind: str  # issuers | all | within | level
    division: str | None = None  # within: the province or city named
    level: str | None = None  # county | city | province


@dataclass
class Frame:
    """What a question asks: issuers, years, measures, the operation over them, and the reports' scope."""

    question: str
    language: str  # zh | en
    operation: str  # one of OPERATIONS
    issuers: list[str] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)  # each mention: the issuer it resolved to, and how
    years: list[int] = field(default_factory=list)  # [] with a figure: each issuer's latest report
    year_range: tuple[int, int] | None = None  # as asked ("2019–2025", "since 2020" to the last on file)
    measures: list[Measure] = field(default_factory=list)
    whole: Measure | None = None  # a share's denominator
    rate: str | None = None  # a rate of the template (lexicon.RATES: disclosure_rate = 公开率) instead of a share
    scope: Scope = field(default_factory=lambda: Scope("all"))
    change: str | None = None  # a ranking by each issuer's change between two years: absolute | relative
    each: bool = False  # one line per issuer (分别, 各单位)
    ascending: bool = False  # a ranking from the fewest
    top: int | None = None  # 前三, top 5
    condition: Condition | None = None  # threshold: the comparison and its number (超过100件: > 100)
    per: str | None = None  # 平均每月, 人均: each year's figure per month | quarter | week | day | person
    inherited: list[str] = field(default_factory=list)  # what a follow-up took from the conversation
    not_on_file: list[str] = field(default_factory=list)  # places named that have no report

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: lists, strings, numbers."""
        out = asdict(self)
        out["year_range"] = list(self.year_range) if self.year_range else None
        out["measures"] = [{**asdict(m), "key": m.key, "sums": list(m.sums)} for m in self.measures]
        if self.whole:
            out["whole"] = {**asdict(self.whole), "key": self.whole.key, "sums": list(self.whole.sums)}
        return out

    def explain(self) -> str:
        """The frame as a few aligned lines, for `ask --explain`."""
        return explain(self.to_json())


def explain(frame: Mapping[str, Any]) -> str:
    """A frame's JSON (`Frame.to_json`, as an answer carries it) as a few aligned lines."""
    years = "、".join(map(str, frame.get("years") or [])) or "latest on file"
    if frame.get("year_range"):
        years += "  (range {}–{})".format(*frame["year_range"])
    scope = frame.get("scope") or {}
    where = " ".join(str(v) for v in (scope.get("kind"), scope.get("division"), scope.get("level")) if v)
    flags = [w for w, on in (("each issuer", frame.get("each")), ("ascending", frame.get("ascending"))) if on]
    if frame.get("top"):
        flags.append(f"top {frame['top']}")
    lines = [
        ("operation", " ".join([frame.get("operation", "?"), *(f"({f})" for f in flags)])),
        ("issuers", "、".join(frame.get("issuers") or []) or "—"),
    ]
    lines += [
        ("  named", f"{p['mention']} → {p['issuer'] or p['region'] or '?'} ({p['how']})")
        for p in frame.get("places") or []
    ]
    lines += [("years", years), ("scope", where)]
    lines += [(f"measure {i}", _measure_line(m)) for i, m in enumerate(frame.get("measures") or [], 1)]
    lines += _optional_lines(frame)
    return "\n".join(f"{k:<12} {v}" for k, v in lines)


def _optional_lines(frame: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The lines only some frames have: a share's whole, a rate, places not on file, what was inherited."""
    lines: list[tuple[str, str]] = []
    if frame.get("whole"):
        lines.append(("of (whole)", _measure_line(frame["whole"])))
    if frame.get("rate"):
        lines.append(("rate", frame["rate"]))
    if frame.get("condition"):
        c = frame["condition"]
        lines.append(("condition", f"{c['op']} {c['value']:g}  ({c['words']})"))
    if frame.get("per"):
        lines.append(("per", f"{frame['per']} (the year's figure divided)" if frame["per"] != "person" else "person"))
    if frame.get("change"):
        lines.append(("ranked by", f"{frame['change']} change between two years"))
    if frame.get("not_on_file"):
        lines.append(("not on file", "、".join(frame["not_on_file"])))
    if frame.get("inherited"):
        lines.append(("inherited", ", ".join(frame["inherited"])))
    return lines


def _measure_line(m: Mapping[str, Any]) -> str:
    return f"{m['key']}  {m['label']}" + (f"  = {' + '.join(m['sums'])}" if m.get("sums") else "")


def measure(ask: MetricAsk) -> Measure:
    """A lexicon ask as a frame measure: its column defaulted, its label, the cells a sum adds."""
    column = ask.column
    if column is None and not ask.row.startswith("active."):
        column = "total"
    rows = SUM_ROWS.get(ask.row, (ask.row,))
    columns = DERIVED_COLUMNS.get(column or "", (column,))
    sums = tuple(f"{r}.{c}" for r in rows for c in columns) if len(rows) * len(columns) > 1 else ()
    return Measure(ask.row, column, _label(ask.row, column), sums)


def _label(row: str, column: str | None) -> str:
    """行政复议 · 总计: the template's own words for the row and the column."""
    row_label = next((p for p in ROWS.get(row, ()) if re.search(r"[\u4e00-\u9fff]", p)), english_label(row))
    row_label = re.sub(r"（[^）]*）", "", row_label)  # 部分公开（区分处理的，只计这一情形…）: the note is not the name
    if column is None:
        return row_label
    if column in DERIVED_COLUMN_LABELS:
        return f"{row_label} · {DERIVED_COLUMN_LABELS[column][0]}"
    metric = METRICS.get(f"{row}.{column}")
    column_label = metric.label.split(" · ")[-1] if metric else column_table(row).get(column, (column,))[0]
    return f"{row_label} · {column_label}"


def about_reports(q: Question) -> bool:
    """Whether a question is about the reports at all (a figure, a string, or a word of their subject)."""
    if q.chat or q.metric is not None or q.wants or q.inherited:
        return True
    text = q.text
    for p in q.places:  # 淮安市人民政府 says 政府, but a place named is not a subject
        text = text.replace(p.mention, " ")
    if OFF_DOMAIN.search(text):
        return False
    from .intents import find_intent  # its table of patterns: only for a question naming no figure

    if DOMAIN.search(text) or find_intent(text) is not None:  # 存在哪些不足, 谁分管: the reports' own subjects
        return True
    lower = text.lower()
    return any(re.search(r"(?<![a-z])" + re.escape(w), lower) for w in GLOSSARY)


def operation_of(q: Question) -> str:
    """The operation a question asks for (see OPERATIONS)."""
    if q.chat in ("help", "why", "source", "which"):
        return q.chat
    if q.review:
        return q.review  # bot/review: the diff of two years' reports, or one report's card
    if q.catalogue:
        return "catalogue"  # 有哪些报告: the list of reports on file
    if not about_reports(q):
        return "none"
    if q.metric is None:
        if q.wants:
            return "string"
        return "in_text" if q.quantity and not q.descriptive else "passage"
    op = _BY_INTENT.get(q.intent, "value")
    if q.ratio and op in ("value", "sum"):
        return "share"
    if op == "value" and (q.each or q.all_issuers) and not q.issuers:
        return "list"
    if op == "value" and (len(q.issuers) > 1 or len(q.years) > 1):
        return "compare"  # 洪泽区2023年和2024年收到的申请: side by side
    return op


def years_of(q: Question, on_file: Sequence[int]) -> tuple[list[int], tuple[int, int] | None]:
    """The years a question is over: a range, 历年 or 近三年 expanded against the years on file."""
    on_file = sorted(set(on_file))
    if q.year_range:
        first, last = q.year_range[0], q.year_range[1] or (max(on_file) if on_file else q.year_range[0])
        inside = [y for y in on_file if first <= y <= last]
        return inside or list(range(first, last + 1)), (first, last)
    if q.recent:
        return on_file[-q.recent :], None
    if q.all_years:
        return list(on_file), None
    return list(q.years), None


def scope_of(q: Question) -> Scope:
    """The issuers named, a division above them (江苏省: every report within it), a level, or every report."""
    parents = {p.division for p in q.places if p.how == PARENT and p.division}
    if q.places and len(parents) == 1 and all(p.how == PARENT for p in q.places if p.issuer):
        return Scope("within", parents.pop(), q.level)
    if q.issuers:
        return Scope("issuers")
    if q.level:
        return Scope("level", None, q.level)
    return Scope("all")


def build(q: Question, years_on_file: Mapping[str | None, Sequence[int]]) -> Frame:
    """The frame of a parsed (and followed-up) question; `years_on_file` maps issuer → its report years."""
    issuers = q.issuers
    named_elsewhere = bool(q.places) and not issuers  # 平潭 with no report: its range stays whole
    on_file = [] if named_elsewhere else _years_of_issuers(issuers, years_on_file)
    years, year_range = years_of(q, on_file)
    asks = q.measures or ([q.metric] if q.metric is not None else [])
    return Frame(
        question=q.text,
        language="en" if q.english else "zh",
        operation=operation_of(q),
        issuers=issuers,
        places=[{"mention": p.mention, "issuer": p.issuer, "region": p.region, "how": p.how} for p in q.places],
        years=years,
        year_range=year_range,
        measures=[measure(a) for a in asks],
        whole=measure(q.share_of) if q.share_of else None,
        rate=q.ratio if q.ratio in RATES else None,
        scope=scope_of(q),
        change=q.change,
        each=q.each or q.intent == "list",
        ascending=q.ascending,
        top=q.top,
        condition=q.condition,
        per=q.per,
        inherited=list(q.inherited),
        not_on_file=list(dict.fromkeys(p.region or p.mention for p in q.missing_places)),
    )


def _years_of_issuers(issuers: list[str], years_on_file: Mapping[str | None, Sequence[int]]) -> list[int]:
    """The years of these issuers' reports, or of every report (a catalog's mapping says them at once)."""
    if issuers:
        return [y for i in issuers for y in years_on_file.get(i) or ()]
    every = getattr(years_on_file, "all_years", None)
    return list(every()) if every is not None else [y for ys in years_on_file.values() for y in ys]


# Operations answered without reading the reports (help, about the last answer, off-topic).
_ABOUT_NO_REPORTS = ("help", "why", "source", "which", "none")


def spans_many(frame: Frame) -> bool:
    """Whether answering reads across many reports: the question names no issuer, so its
    operation runs over every report, a division's or a level's (a ranking, trend, sum, the
    reports on file, a search of every report's text). The server answers these after quick ones
    (bot/web_lanes.py)."""
    return frame.scope.kind != "issuers" and frame.operation not in _ABOUT_NO_REPORTS


def understand(
    text: str,
    matcher: NameMatcher,
    previous: Question | None,
    years_on_file: Callable[[], Mapping[str | None, Sequence[int]]],
    today: date | None = None,
) -> tuple[Question, Frame]:
    """A question (a follow-up of `previous`) parsed and framed; the Question's years are the frame's
    (a range, 历年 or 近三年 written out against the years on file, asked for only then)."""
    q = follow_up(parse(text, matcher, today), previous)
    frame = build(q, years_on_file() if q.year_range or q.all_years or q.recent else {})
    q.years = frame.years
    return q, frame
