"""Looking figures up for a question: which cells answer it in a report, their value
(one cell, or the sum of a group the template has no row for), and the failed
template checks that touch them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from index.store import Store
from ingest.template import ACTIVE_ROWS, APPLICANT_COLUMNS, METRICS, OUTCOME_COLUMNS

from . import derived
from .answer import absent_json, figure_json
from .lexicon import (
    ACTIVE_DEFAULT,
    DERIVED_COLUMN_LABELS,
    DERIVED_COLUMNS,
    ROWS,
    SUM_ROWS,
    MetricAsk,
    english_label,
)
from .wording import failed_check

_ACTIVE = {r.key: r for r in ACTIVE_ROWS}
# Rows a report may print as one line or only as its sub-rows (2021's 其他处理: 逾期不补正, 逾期未缴费, 其他).
GROUP_PARTS: dict[str, tuple[str, ...]] = {
    "applications.other_handling": tuple(
        f"applications.other_handling.{k}" for k in ("no_correction", "unpaid_fee", "other")
    ),
}
# Beyond this many reports a restriction is applied in Python rather than as `IN (...)` in SQL.
_IN_SQL = 900
_CELL_COLUMNS = ("report_id", "metric", "label", "cite", "value", "unit", "raw", "status", "note", "line", "page")


class Light(NamedTuple):
    """An ask's figure in one report, read without building its cells: enough to rank,
    sum and tabulate every report on file (the cells are built only for the rows shown).
    A tuple, not a dataclass: ten thousand are made per question."""

    value: float | None  # the printed value, or the sum of the printed operands
    unit: str | None
    status: str  # reported, or the worst status among the missing operands (unreadable > blank > absent)
    first_missing: str | None  # status of the first operand without a value (what a table row shows)
    complete: bool  # every operand printed
    terms: tuple[float, ...]  # printed operands, in order (the formula)
    cite: str | None  # where the first operand stands
    formula: str | None = None  # set when not a plain sum of the terms (a rate)

    def shown_formula(self) -> str:
        """The arithmetic as `derived.total` writes it ("36 + 57 = 93", or the one value)."""
        return self.formula if self.formula is not None else derived.sum_formula(self.terms)


_WORST = {"unreadable": 0, "blank": 1, "absent": 2}


class FigureLookup:
    """Stored cells for metric asks, over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def keys(self, ask: MetricAsk, report: dict[str, Any]) -> list[str]:
        """The metric keys that answer the ask in this report (several for a summed group)."""
        if ask.row in SUM_ROWS:
            subs = SUM_ROWS[ask.row]
            return [k for s in subs for k in self.keys(MetricAsk(s, ask.column, ask.phrase), report)]
        if ask.row.startswith("active."):
            row = _ACTIVE[ask.row.split(".", 1)[1]]
            allowed = row.columns_2019 + row.columns_2021
            if ask.column in allowed:
                return [f"{ask.row}.{ask.column}"]
            stored = {f["metric"] for f in self.store.figures([report["id"]], ask.row) if f["status"] == "reported"}
            for col in ACTIVE_DEFAULT[row.key]:
                if f"{ask.row}.{col}" in stored:
                    return [f"{ask.row}.{col}"]
            return [f"{ask.row}.{ACTIVE_DEFAULT[row.key][0]}"]
        if ask.column in DERIVED_COLUMNS and ask.row.startswith("applications."):
            return [f"{ask.row}.{c}" for c in DERIVED_COLUMNS[ask.column]]
        columns = APPLICANT_COLUMNS if ask.row.startswith("applications.") else OUTCOME_COLUMNS
        column = ask.column if ask.column in {c.key for c in columns} else "total"
        return [f"{ask.row}.{column}"]

    def parts_cells(self, ask: MetricAsk, report: dict[str, Any]) -> list[dict[str, Any]]:
        """The cells of a group row's sub-rows, for a report that prints no line of the group's own
        ([] when the row has none, or none of them is printed)."""
        parts = [self.cells(MetricAsk(p, ask.column, ask.phrase), report) for p in GROUP_PARTS.get(ask.row, ())]
        cells = [c for group in parts for c in group]
        return cells if any(c["status"] != "absent" for c in cells) else []

    def is_sum(self, ask: MetricAsk) -> bool:
        """Whether the ask's figure is a sum the template implies rather than one printed cell."""
        return ask.row in SUM_ROWS or ask.column in DERIVED_COLUMNS

    def bulk(self, ask: MetricAsk, reports: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """The ask's cells in many reports with one SQL query: report id → cells (absent ones filled in)."""
        by_id = {r["id"]: r for r in reports}
        wanted: dict[str, list[str]] = {}
        candidates: set[str] = set()
        for r in reports:
            keys = self._keys_any(ask, r)
            wanted[r["id"]] = keys
            candidates.update(keys)
        if not candidates:
            return {}
        few = len(by_id) <= _IN_SQL
        rows = self.store.metric_cells(sorted(candidates), list(by_id) if few else None, columns=_CELL_COLUMNS)
        stored: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            if row[0] in by_id:
                r = by_id[row[0]]
                cell = dict(zip(_CELL_COLUMNS, row))
                cell.update(source_file=r["source_file"], issuer=r["issuer"], region=r["region"], year=r["year"])
                stored[(row[0], row[1])] = cell
        out: dict[str, list[dict[str, Any]]] = {}
        for rid, keys in wanted.items():
            report = by_id[rid]
            if ask.row.startswith("active.") and len(keys) > 1:  # the first default column the report prints
                keys = next(
                    ([k] for k in keys if (rid, k) in stored and stored[(rid, k)]["status"] == "reported"), keys[:1]
                )
            cells = []
            for key in keys:
                kept = stored.get((rid, key))
                if kept is not None:
                    cells.append(figure_json(kept))
                else:
                    m = METRICS[key]
                    cells.append(absent_json(report, key, m.label, " › ".join(m.cite)))
            out[rid] = cells
        return out

    def light(self, ask: MetricAsk, reports: list[dict[str, Any]]) -> dict[str, Light]:
        """The ask's figure in every report given, from one query of plain tuples.

        The same values as `derived.total(bulk(...)[id])`, at a few microseconds a report:
        what rank, trend and sums over a province's reports need before choosing the few
        rows they show (whose cells `bulk` then builds in full)."""
        if not reports:
            return {}
        keys = self._keys_any(ask, reports[0])  # the same for every report (see _keys_any)
        ids = {r["id"] for r in reports}
        if len(ids) <= _IN_SQL:
            rows = self.store.metric_cells(keys, list(ids))
            to_id = {rid: rid for rid in ids}.get
        else:  # every report's cells, by report key: no lookup of each report's id in SQL
            rows = self.store.metric_cells(
                keys, None, columns=("report_key", "metric", "value", "unit", "status", "cite")
            )
            to_id = {r.get("report_key"): r["id"] for r in reports}.get
        cites = {k: " › ".join(METRICS[k].cite) for k in keys}
        if len(keys) == 1:  # one cell a report: most questions
            return _light_one(rows, to_id, ids, cites[keys[0]])
        stored: dict[str, dict[str, tuple[Any, ...]]] = {}
        for row in rows:
            rid = to_id(row[0])
            if rid is not None:
                have = stored.get(rid)
                if have is None:
                    stored[rid] = have = {}
                have[row[1]] = row
        default_column = ask.row.startswith("active.")
        empty: dict[str, tuple[Any, ...]] = {}
        out: dict[str, Light] = {}
        for rid in ids:
            have = stored.get(rid, empty)
            mine = keys
            if default_column:  # the first default column the report prints
                mine = next(([k] for k in keys if k in have and have[k][4] == "reported"), keys[:1])
            out[rid] = _light_sum(have, mine, cites)
        return out

    def keys_of_all(self, ask: MetricAsk, reports: list[dict[str, Any]]) -> list[str]:
        """The metric keys `light` reads for the ask (an active row: its default columns, in order)."""
        return self._keys_any(ask, reports[0] if reports else {"id": ""})

    def failed_elsewhere(self, ask: MetricAsk, report_ids: set[str]) -> int:
        """How many of these reports fail a template check that involves the ask's cells
        (the store's `failed_cells`, read for these reports only: every failed check of a
        country's reports is 130,000 rows, once kept in every worker)."""
        if not report_ids:
            return 0
        return self.store.failing_reports(self._keys_any(ask, {"id": ""}), sorted(report_ids))

    def forget(self) -> None:
        """Drop what is kept between questions (after an ingest): nothing now; kept for callers."""

    def _keys_any(self, ask: MetricAsk, report: dict[str, Any]) -> list[str]:
        """Like `keys`, without a query: an active row with no column named gives all its default columns."""
        if ask.row.startswith("active.") and ask.row not in SUM_ROWS:
            row = _ACTIVE[ask.row.split(".", 1)[1]]
            if ask.column in row.columns_2019 + row.columns_2021:
                return [f"{ask.row}.{ask.column}"]
            return [f"{ask.row}.{c}" for c in ACTIVE_DEFAULT[row.key]]
        return self.keys(ask, report)

    def cells(self, ask: MetricAsk, report: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for key in self.keys(ask, report):
            rows = self.store.figures([report["id"]], key)
            rows = [r for r in rows if r["metric"] == key]
            if rows:
                out.append(figure_json(rows[0]))
            else:
                m = METRICS[key]
                out.append(absent_json(report, key, m.label, " › ".join(m.cite)))
        return out

    def failed_checks(self, figs: list[dict[str, Any]], en: bool) -> list[str]:
        """Failed template checks that involve these figures (one query for all their reports)."""
        notes = []
        used: dict[str, set[str]] = {}
        first: dict[str, dict[str, Any]] = {}
        for f in figs:
            if f.get("report_id") and f.get("metric"):
                used.setdefault(f["report_id"], set()).add(f["metric"])
                first.setdefault(f["report_id"], f)
        if not used:
            return []
        for c in self.store.checks(list(used), failed_only=True):
            if used[c["report_id"]] & set(c["metrics"]):
                f0 = first[c["report_id"]]
                src = f"{f0['issuer']} {f0['year']} report" if en else f"{f0['issuer']} {f0['year']}年报"
                notes.append(failed_check(src, c, en))
        return notes

    def label(self, ask: MetricAsk, fig: dict[str, Any], en: bool) -> str:
        if ask.column in DERIVED_COLUMNS and ask.row.startswith("applications."):
            row_zh = fig["label"].split(" · ")[0]
            zh, eng = DERIVED_COLUMN_LABELS[ask.column]
            if not en:
                return f"{row_zh} · {zh}"
            return f"{METRICS[fig['metric']].english.split(',')[0]}, {eng} [{row_zh} · {zh}]"
        if ask.row in SUM_ROWS or fig["metric"].rsplit(".", 1)[0] != ask.row:  # a sum of rows: the group's name
            zh, eng = ROWS[ask.row][0], english_label(ask.row)
            if ask.column not in (None, "total") and " · " in fig["label"]:  # 行政诉讼 · 结果纠正: the column summed
                zh += " · " + fig["label"].split(" · ")[-1]
                eng += ", " + METRICS[fig["metric"]].english.split(", ")[-1]
            return f"{eng} [{zh}]" if en else zh
        label = fig["label"]
        if label.startswith("总计 · "):  # （七）总计 of the results: say which total it is
            label = "本年度办理结果" + label
        return f"{METRICS[fig['metric']].english} [{label}]" if en else label

    def value(self, ask: MetricAsk, cells: list[dict[str, Any]]) -> tuple[float | None, str | None, str]:
        """(value, unit, status) of an ask in one report: one cell, or the sum of a group's cells."""
        if len(cells) == 1 and not self.is_sum(ask):
            c = cells[0]
            return c["value"], c["unit"], c["status"]
        reported = [c for c in cells if c["status"] == "reported"]
        if not reported:
            statuses = {c["status"] for c in cells}
            return (
                None,
                None,
                "blank" if "blank" in statuses else ("unreadable" if "unreadable" in statuses else "absent"),
            )
        if any(c["status"] == "unreadable" for c in cells):
            return None, None, "unreadable"
        return sum(c["value"] for c in reported), reported[0]["unit"], "reported"

    def breakdown(self, fig: dict[str, Any]) -> list[dict[str, Any]]:
        """For an application total, its applicant columns; for a review's or lawsuits' total, its results
        (维持, 纠正, 其他, 尚未审结): the printed ones that are not zero."""
        if not (
            fig["metric"].startswith(("applications.", "review.", "litigation_")) and fig["metric"].endswith(".total")
        ):
            return []
        row = fig["metric"].rsplit(".", 1)[0]
        return [
            figure_json(r)
            for r in self.store.figures([fig["report_id"]], row)
            if r["metric"] != fig["metric"]
            and r["metric"].rsplit(".", 1)[0] == row
            and r["status"] == "reported"
            and r["value"]
        ]


def _light_one(
    rows: Iterable[tuple[Any, ...]], to_id: Callable[[Any], str | None], ids: set[str], default_cite: str
) -> dict[str, Light]:
    """`FigureLookup.light` of a single cell a report: its value, or its status."""
    out: dict[str, Light] = {}
    for key, _, value, unit, status, cite in rows:
        rid = to_id(key)
        if rid is not None:
            if status == "reported" and value is not None:
                out[rid] = Light(value, unit, status, None, True, (value,), cite or default_cite)
            else:
                out[rid] = Light(None, None, status, status, False, (), cite or default_cite)
    absent = Light(None, None, "absent", "absent", False, (), default_cite)
    return {rid: out.get(rid, absent) for rid in ids}


def _light_sum(have: dict[str, tuple[Any, ...]], mine: list[str], cites: dict[str, str]) -> Light:
    """One report's sum of the cells `mine` from its stored rows `have` (metric → row)."""
    terms: list[float] = []
    unit = None
    missing: list[str] = []
    for k in mine:
        row = have.get(k)
        if row is not None and row[4] == "reported" and row[2] is not None:
            terms.append(row[2])
            unit = unit or row[3]
        else:
            missing.append(row[4] if row is not None else "absent")
    first = have.get(mine[0])
    cite = first[5] if first is not None and first[5] else cites[mine[0]]
    if not missing:
        return Light(sum(terms), unit, "reported", None, True, tuple(terms), cite)
    worst = min(missing, key=lambda st: _WORST.get(st, 2))
    return Light(
        sum(terms) if terms else None, unit, "reported" if terms else worst, missing[0], False, tuple(terms), cite
    )
