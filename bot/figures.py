"""Looking figures up for a question: which cells answer it in a report, their value
(one cell, or the sum of a group the template has no row for), and the failed
template checks that touch them."""
from __future__ import annotations

from typing import Any

from index.store import Store
from ingest.template import ACTIVE_ROWS, APPLICANT_COLUMNS, METRICS, OUTCOME_COLUMNS

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

_ACTIVE = {r.key: r for r in ACTIVE_ROWS}


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
            stored = {f["metric"] for f in self.store.figures([report["id"]], ask.row)
                      if f["status"] == "reported"}
            for col in ACTIVE_DEFAULT[row.key]:
                if f"{ask.row}.{col}" in stored:
                    return [f"{ask.row}.{col}"]
            return [f"{ask.row}.{ACTIVE_DEFAULT[row.key][0]}"]
        if ask.column in DERIVED_COLUMNS and ask.row.startswith("applications."):
            return [f"{ask.row}.{c}" for c in DERIVED_COLUMNS[ask.column]]
        columns = APPLICANT_COLUMNS if ask.row.startswith("applications.") else OUTCOME_COLUMNS
        column = ask.column if ask.column in {c.key for c in columns} else "total"
        return [f"{ask.row}.{column}"]

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
        keys_sql = ", ".join("?" * len(candidates))
        sql = ("SELECT r.source_file, r.issuer, r.region, r.year, f.* FROM figures f JOIN reports r "
               f"ON r.id = f.report_id WHERE f.metric IN ({keys_sql})")
        params: list[Any] = sorted(candidates)
        if len(by_id) < len(self._all_ids()):
            sql += f" AND f.report_id IN ({', '.join('?' * len(by_id))})"
            params += list(by_id)
        stored: dict[tuple[str, str], dict[str, Any]] = {}
        for row in self.store.db.query(sql, params):
            stored[(row["report_id"], row["metric"])] = row
        out: dict[str, list[dict[str, Any]]] = {}
        for rid, keys in wanted.items():
            report = by_id[rid]
            if ask.row.startswith("active.") and len(keys) > 1:  # the first default column the report prints
                keys = next(([k] for k in keys if (rid, k) in stored and stored[(rid, k)]["status"] == "reported"),
                            keys[:1])
            cells = []
            for key in keys:
                row = stored.get((rid, key))
                if row is not None:
                    cells.append(figure_json(row))
                else:
                    m = METRICS[key]
                    cells.append(absent_json(report, key, m.label, " › ".join(m.cite)))
            out[rid] = cells
        return out

    def _all_ids(self) -> list[str]:
        return [r[0] for r in self.store.db.execute("SELECT id FROM reports").fetchall()]

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
                notes.append(
                    f"{src}: template check failed: {c['description']} ({c['left']:g} ≠ {c['right']:g}); "
                    "the printed figure is given as printed" if en else
                    f"{src}：该表未通过模板校验“{c['description']}”"
                    f"（{c['left']:g} ≠ {c['right']:g}），以上为原表数字")
        return notes

    def label(self, ask: MetricAsk, fig: dict[str, Any], en: bool) -> str:
        if ask.column in DERIVED_COLUMNS and ask.row.startswith("applications."):
            row_zh = fig["label"].split(" · ")[0]
            zh, eng = DERIVED_COLUMN_LABELS[ask.column]
            if not en:
                return f"{row_zh} · {zh}"
            return f"{METRICS[fig['metric']].english.split(',')[0]}, {eng} [{row_zh} · {zh}]"
        if ask.row in SUM_ROWS:
            zh = ROWS[ask.row][0]
            return f"{english_label(ask.row)} [{zh}]" if en else zh
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
            return None, None, "blank" if "blank" in statuses else ("unreadable" if "unreadable" in statuses
                                                                    else "absent")
        if any(c["status"] == "unreadable" for c in cells):
            return None, None, "unreadable"
        return sum(c["value"] for c in reported), reported[0]["unit"], "reported"

    def breakdown(self, fig: dict[str, Any]) -> list[dict[str, Any]]:
        """For an application total: the applicant columns that are not zero."""
        if not (fig["metric"].startswith("applications.") and fig["metric"].endswith(".total")):
            return []
        row = fig["metric"].rsplit(".", 1)[0]
        return [figure_json(r) for r in self.store.figures([fig["report_id"]], row)
                if r["metric"] != fig["metric"] and r["metric"].rsplit(".", 1)[0] == row
                and r["status"] == "reported" and r["value"]]
