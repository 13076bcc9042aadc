"""Plain data passed from ingest to index: one parsed report and its parts."""

from __future__ import annotations

from dataclasses import dataclass, field

# Status of a stored cell (part of the JSON contract).
REPORTED = "reported"
BLANK = "blank"
UNREADABLE = "unreadable"
ABSENT = "absent"


@dataclass(frozen=True)
class CellValue:
    """One table cell as printed and as understood."""

    raw: str
    value: float | None
    unit: str | None
    status: str
    note: str | None = None


@dataclass(frozen=True)
class Figure:
    """One stored cell of the template, with where it came from."""

    metric: str  # dotted key from DESIGN.md, e.g. applications.received.total
    label: str  # Chinese label, e.g. 本年新收政府信息公开申请数量 · 总计
    cite: str  # table path, e.g. 三、收到和处理政府信息公开申请情况 › 一、本年新收… › 总计
    value: float | None
    unit: str | None
    raw: str
    status: str
    note: str | None = None
    line: int | None = None  # 1-based line of the cleaned text the cell was read from
    page: int | None = None  # 1-based page of a PDF the cell was printed on


@dataclass(frozen=True)
class Check:
    """One of the template's own consistency checks (勾稽关系)."""

    name: str
    description: str
    ok: bool
    left: float
    right: float
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class Chunk:
    """A few sentences of narrative with the path that cites them."""

    index: int
    section: str  # e.g. 一、总体情况
    subsection: str | None  # e.g. （二）依申请公开方面
    text: str  # whitespace-collapsed text for display and embedding
    start: int  # character offsets into ParsedReport.text
    end: int
    line: int | None = None  # 1-based line of ParsedReport.text where the chunk starts
    page: int | None = None  # 1-based page of a PDF where the chunk starts

    @property
    def cite(self) -> str:
        return " › ".join(p for p in (self.section, self.subsection) if p)


@dataclass(frozen=True)
class Found:
    """A metadata value and how it was found: title, body, file name or override."""

    value: object
    how: str


@dataclass
class ReportMeta:
    """Who issued a report, for which year and template, and how each was found."""

    issuer: Found
    region: Found
    year: Found
    template: Found
    title: str | None = None
    code: str | None = None  # the division code of the issuer's region (adcode), when known
    kind: str | None = None  # "government" or "department"
    notes: list[str] = field(default_factory=list)  # how the evidence was read (corrections), as warnings


@dataclass
class ParsedReport:
    """Everything ingest read from one file, ready to store."""

    report_id: str  # content hash (plus any metadata override) — the same input is the same report
    source_file: str  # file name as given (basename)
    path: str  # absolute path
    content_hash: str  # sha256 of the raw bytes
    encoding: str
    text: str  # decoded text with spam removed; chunk offsets point into it
    meta: ReportMeta
    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


class IngestError(Exception):
    """A file that cannot be used: empty, binary, undecodable, or not a report."""


class NotAReport(IngestError):
    """A readable file that is not an annual report (a folder's README.md, a news page)."""
