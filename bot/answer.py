"""The answer object of the JSON contract, and how figures and passages are worded."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, fields
from typing import Any

from .csvsafe import safe_row

ROUTES = ("figure", "figure_in_text", "derived", "compare", "rank", "trend", "passage", "changes", "check", "none")
CHART_ROUTES = ("trend", "compare", "rank", "changes")  # the routes with a chart (bot/chart_spec.py)

# A table of up to this many rows is carried whole by its answer; a larger one (a ranking over
# every report on file) carries the rows its sentence shows and is made again on request
# (--csv, /api/export.csv): 100,000 rows were 40 MB of JSON in every answer and its record.
TABLE_INLINE = 50

_EN_UNITS = {"件": "", "项": " items", "个": "", "万元": " × 10,000 yuan (万元)", "分": " points (分)"}


@dataclass
class Answer:
    """One answer as every interface renders it; its JSON is the contract evaluation reads (to_json)."""

    question: str
    route: str
    answer: str
    figures: list[dict[str, Any]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    understood: dict[str, Any] = field(default_factory=dict)  # what the question was taken to mean
    # Typed parts beyond the contract's keys, for interfaces to render without parsing prose:
    formula: str | None = None  # a derived figure's arithmetic, every operand shown ("36 + 57 = 93")
    table: list[dict[str, Any]] = field(default_factory=list)  # compare/rank/trend rows: issuer, year, value…
    # Over many reports the table holds only the rows shown (TABLE_INLINE): `table_rows` says how
    # many the whole table has, and `table_query` how to make it again (`Service.table_rows`).
    table_rows: int | None = None  # None: `table` is the whole table
    table_query: dict[str, Any] | None = None  # {"question": text, "context": the conversation's JSON}
    frame: dict[str, Any] | None = None  # the question frame (bot.frame.Frame.to_json): what was understood
    chart: dict[str, Any] | None = None  # what to draw (bot.chart_spec): the page and Telegram draw this same spec
    id: str | None = None  # set when the answering service records it
    latency_ms: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's answer object (DESIGN.md), with the typed parts as extra keys.

        Its lists are new, their items the answer's own (plain data, not copied): `asdict`
        copied every row of a table, 0.3 s for a ranking over 10,000 reports."""
        out = {
            f.name: (list(v) if isinstance(v := getattr(self, f.name), list) else dict(v) if isinstance(v, dict) else v)
            for f in fields(self)
        }
        for key in ("id", "table_rows", "table_query"):  # unset: not in the contract's object
            if out[key] is None:
                del out[key]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answer:
        """The Answer whose `to_json()` this is (keys this version does not know are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def table_csv(rows: list[dict[str, Any]]) -> bytes:
    """An answer's table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese)."""
    import csv  # loaded for a table only, not at every start

    cols = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_row(r) for r in rows)  # no cell a spreadsheet would run as a formula
    return out.getvalue().encode("utf-8-sig")


def as_number(value: float | None) -> int | float | None:
    """A stored float as it should be shown: 5.0 → 5, 18.085682 stays."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


# The contract's keys of a figure (DESIGN.md), as CSV exports and conversation records keep them.
FIGURE_FIELDS = (
    "issuer",
    "region",
    "year",
    "metric",
    "label",
    "value",
    "unit",
    "raw",
    "status",
    "source_file",
    "cite",
    "note",
)


def figure_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored cell as the contract's figure object."""
    return {
        "issuer": row["issuer"],
        "region": row["region"],
        "year": row["year"],
        "metric": row["metric"],
        "label": row["label"],
        "value": as_number(row["value"]),
        "unit": row["unit"],
        "raw": row["raw"],
        "status": row["status"],
        "source_file": row["source_file"],
        "cite": row["cite"],
        "note": row.get("note"),
        "report_id": row["report_id"],
        **_page(row.get("page")),
    }


def _page(page: int | None) -> dict[str, int]:
    """`page` for a figure or passage printed on a PDF page (the contract's key), else nothing."""
    return {"page": page} if page is not None else {}


def absent_json(report: dict[str, Any], metric: str, label: str, cite: str) -> dict[str, Any]:
    """A figure the report does not print at all."""
    return {
        "issuer": report["issuer"],
        "region": report["region"],
        "year": report["year"],
        "metric": metric,
        "label": label,
        "value": None,
        "unit": None,
        "raw": "",
        "status": "absent",
        "source_file": report["source_file"],
        "cite": cite,
        "note": "the report does not print this row",
        "report_id": report["id"],
    }


def text_figure_json(
    found: Any, report: dict[str, Any], metric: str | None = None, label: str | None = None
) -> dict[str, Any]:
    """A figure quoted from a passage (not from a table cell): where it stands is the passage."""
    return {
        "issuer": report["issuer"],
        "region": report["region"],
        "year": report["year"],
        "metric": metric,
        "label": label or found.clause,
        "value": as_number(found.value),
        "unit": found.unit,
        "raw": found.text,
        "status": "reported",
        "source_file": report["source_file"],
        "cite": found.passage.chunk.cite,
        "note": f"quoted from the text: “{found.quote or found.clause}”",
        "quote": found.quote or found.clause,  # the sentence stating it (DESIGN.md: from_text and its sentence)
        "report_id": report["id"],
        "from_text": True,
        **_page(getattr(found.passage.chunk, "page", None)),
    }


def passage_json(p: Any, report: dict[str, Any]) -> dict[str, Any]:
    return {
        "source_file": report["source_file"],
        "issuer": report["issuer"],
        "year": report["year"],
        "section": p.chunk.cite,
        "text": p.chunk.text,
        "score": p.score,
        "report_id": p.report_id,
        "start": p.chunk.start,
        "end": p.chunk.end,
        **_page(p.chunk.page),
    }


def shown(value: Any, unit: str | None, english: bool = False) -> str:
    """A value with its unit, as an answer prints it."""
    v = as_number(value)
    text = f"{v:,}" if english and isinstance(v, int) and abs(v) >= 10000 else str(v)
    if not unit:
        return text
    if english:
        return text + _EN_UNITS.get(unit, f" {unit}")
    return f"{text} {unit}"


def printed_note(fig: dict[str, Any], shown: str, english: bool = False) -> str:
    """When the printed text differs from the number `shown` (增172, 2（撤诉）), say what was printed."""
    raw, value = fig.get("raw") or "", fig.get("value")
    if fig.get("status") != "reported" or raw == str(value) or raw.replace(" ", "") == f"{value}{fig.get('unit')}":
        return ""
    if raw.replace(" ", "") in shown.replace(" ", ""):  # 51.57亿元（即 515700 万元）: already shown as printed
        return ""
    return f" (printed as “{raw}”)" if english else f"（原表印作“{raw}”）"


def where(fig: dict[str, Any], english: bool = False) -> str:
    return f"Source: {fig['source_file']}, {fig['cite']}" if english else f"出处：{fig['source_file']}，{fig['cite']}"
