"""Follow-ups that act on the previous answer: 为什么, 出处, 哪个多 — and what an answer
leaves behind for them (`remember`), as plain data inside the conversation's Question."""

from __future__ import annotations

from typing import Any

from .answer import FIGURE_FIELDS, Answer
from .wording import STATUS_EN, STATUS_ZH, help_text, number, report_name

_KEEP = (*FIGURE_FIELDS, "from_text", "report_id")  # the cells a follow-up may explain
_HISTORY = 6


def remember(answer: Answer, q: Any, before: dict[str, Any]) -> dict[str, Any]:
    """What the next turn may need of this answer: route, formula, cells, passages, warnings."""
    if answer.route == "none" and before and q.chat in ("help", "why", "source", "which"):
        return before  # a help or follow-up turn leaves the conversation where it was
    figures = [{k: f.get(k) for k in _KEEP} for f in answer.figures[:40]]
    history = list(before.get("history", [])) if before else []
    metric = q.metric.row if q.metric else None
    if answer.route in ("figure", "figure_in_text", "derived") and figures and not answer.table:
        first = figures[0]
        value = first["value"] if answer.route != "derived" or not answer.formula else _result(answer.formula)
        if history and history[-1].get("metric_row") != metric:
            history = []
        history.append(
            {
                "name": report_name(first),
                "name_en": report_name(first, True),
                "value": value,
                "unit": "%" if answer.formula and answer.formula.endswith("%") else first["unit"],
                "metric_row": metric,
                "label": first["label"],
            }
        )
        history = history[-_HISTORY:]
    return {
        "route": answer.route,
        "question": answer.question,
        "formula": answer.formula,
        "warnings": list(answer.warnings),
        "figures": figures,
        "history": history,
        "passages": [
            {k: p.get(k) for k in ("issuer", "year", "source_file", "section", "text")} for p in answer.passages[:3]
        ],
        "table": answer.table[:20],
    }


def _result(formula: str) -> float | None:
    try:
        return float(formula.rsplit("=", 1)[1].strip().rstrip("%"))
    except (ValueError, IndexError):
        return None


def explain(q: Any) -> Answer:
    """为什么: how the last answer was obtained — formula, blank cells, failed checks, the quoted text."""
    en, last = q.english, q.last
    if not last or not last.get("route"):
        return Answer(q.text, "none", help_text(en))
    figs = last.get("figures", [])
    lines = _computed(last, figs, en) + _not_printed(figs, en) + _checked(last, figs, en)
    if not lines and last.get("passages"):
        p = last["passages"][0]
        lines.append(
            f"The passages were chosen because they share the question's words; the first is "
            f"{report_name(p, True)}, {p['section']}."
            if en
            else f"这些段落与问题的用词最接近；第一段出自{report_name(p)}，{p['section']}。"
        )
    if not lines:
        lines.append(
            "The last answer found nothing on file to explain." if en else "上一个回答没有可解释的数字或段落。"
        )
    route = "derived" if last.get("formula") else last.get("route") or "none"
    return Answer(
        q.text,
        route,
        " ".join(lines),
        [dict(f) for f in figs],
        warnings=list(last.get("warnings", [])),
        formula=last.get("formula"),
    )


def _computed(last: dict[str, Any], figs: list[dict[str, Any]], en: bool) -> list[str]:
    """The formula, and the figures quoted from the text (the first two)."""
    lines: list[str] = []
    if last.get("formula"):
        lines.append(f"It was computed: {last['formula']}." if en else f"计算方式：{last['formula']}。")
    quoted = [f for f in figs if f.get("from_text")]
    for f in quoted[:2]:
        lines.append(
            f"The figure {number(f['value'])} was quoted from the text ({f['note']}), at "
            f"{report_name(f, True)}, {f['cite']}."
            if en
            else f"数字 {number(f['value'])} 引自报告正文（{f['note']}），位置：{report_name(f)}，{f['cite']}。"
        )
    return lines


def _not_printed(figs: list[dict[str, Any]], en: bool) -> list[str]:
    """The cells blank, unreadable or absent (the first five, and how many more)."""
    lines: list[str] = []
    missing = [f for f in figs if f.get("status") in ("blank", "unreadable", "absent")]
    for f in missing[:5]:
        lines.append(
            f"{report_name(f, True)}: “{f['label']}” is {STATUS_EN[f['status']]}"
            f"{' — ' + f['note'] if f.get('note') and f['status'] != 'blank' else ''} ({f['cite']})."
            if en
            else f"{report_name(f)}：“{f['label']}”{STATUS_ZH[f['status']]}"
            f"{'，' + f['note'] if f.get('note') and f['status'] != 'blank' else ''}（{f['cite']}）。"
        )
    if len(missing) > 5:
        lines.append(
            f"… and {len(missing) - 5} more cells not printed." if en else f"……另有 {len(missing) - 5} 个栏目未印出。"
        )
    return lines


def _checked(last: dict[str, Any], figs: list[dict[str, Any]], en: bool) -> list[str]:
    """The template checks the table fails (the first three), and the printed cell a plain figure is."""
    lines: list[str] = []
    checks = [w for w in last.get("warnings", []) if "模板校验" in w or "template check" in w]
    for w in checks[:3]:
        lines.append(("The table does not add up: " if en else "该表不符合模板的勾稽关系：") + w)
    reported = [f for f in figs if f.get("status") == "reported" and not f.get("from_text")]
    if reported and not last.get("formula"):
        f = reported[0]
        lines.append(
            f"The figure is the printed cell “{f['raw']}” at {report_name(f, True)}, {f['cite']}."
            if en
            else f"该数字是表格中印出的“{f['raw']}”，位置：{report_name(f)}，{f['cite']}。"
        )
    return lines


def sources(q: Any) -> Answer:
    """出处: where every figure and passage of the last answer stands."""
    en, last = q.english, q.last
    if not last or not last.get("route"):
        return Answer(q.text, "none", help_text(en))
    places = [f"{report_name(f, en)} › {f['cite']}" for f in last.get("figures", []) if f.get("cite")]
    places += [f"{report_name(p, en)} › {p['section']}" for p in last.get("passages", [])]
    places = list(dict.fromkeys(places))
    if not places:
        return Answer(q.text, "none", "The last answer cited nothing." if en else "上一个回答没有引用任何出处。")
    files = list(
        dict.fromkeys(
            f["source_file"] for f in last.get("figures", []) + last.get("passages", []) if f.get("source_file")
        )
    )
    text = (
        ("Sources: " if en else "出处：")
        + ("; " if en else "；").join(places[:12])
        + (f" (+{len(places) - 12} more)" if len(places) > 12 else "")
    )
    route = last["route"] if last["route"] != "none" else "passage"
    return Answer(
        q.text,
        route,
        text,
        [dict(f) for f in last.get("figures", [])],
        [dict(p) for p in last.get("passages", [])],
        warnings=[f"files: {', '.join(files)}"] if files else [],
        formula=last.get("formula"),
    )


def which(q: Any) -> Answer:
    """哪个多: the last two figures of the same kind in this conversation, or the last comparison."""
    en, last = q.english, q.last
    pair = _last_two(last or {}, en)
    if len(pair) != 2:
        return Answer(
            q.text,
            "none",
            "Ask about two reports first (e.g. one figure, then “and Haidong?”), then “which is more?”."
            if en
            else "请先问两个报告的同一数字（例如先问一个，再问“那海东呢？”），再问“哪个多”。",
        )
    (na, va, ua), (nb, vb, _) = sorted(pair, key=lambda x: -x[1])
    gap = va - vb
    unit = "" if ua in ("件", "") and en else ua
    pct = unit == "%"
    fmt = (lambda v: f"{v:.1f}%") if pct else number
    formula = f"{fmt(va)} − {fmt(vb)} = {fmt(gap)}"
    if gap == 0:
        text = f"They are equal: {fmt(va)}." if en else f"两者相同：{fmt(va)}。"
    else:
        by = (f"{gap:.1f} percentage points" if en else f"{gap:.1f} 个百分点") if pct else f"{number(gap)} {unit}"
        text = (
            f"{na} is larger: {fmt(va)} against {nb}'s {fmt(vb)}, by {by} ({formula})."
            if en
            else f"{na}更多：{fmt(va)}，{nb} {fmt(vb)}，多 {by}（{formula}）。"
        )
    return Answer(
        q.text, "compare", text.replace("  ", " "), [dict(f) for f in (last or {}).get("figures", [])], formula=formula
    )


def _last_two(last: dict[str, Any], en: bool) -> list[tuple[str, float, str]]:
    """(name, value, unit) of the last answer's first two table rows with a value, else of the conversation's
    last two figures; fewer than two when there are not two to weigh."""
    table = [t for t in last.get("table", []) if t.get("value") is not None]
    history = last.get("history", [])
    if len(table) >= 2:
        return [(report_name(t, en), t["value"], t.get("unit") or "") for t in table[:2]]
    if len(history) >= 2:
        a, b = history[-2], history[-1]
        if a["value"] is not None and b["value"] is not None:
            return [
                (a["name_en" if en else "name"], a["value"], a["unit"] or ""),
                (b["name_en" if en else "name"], b["value"], b["unit"] or ""),
            ]
    return []
