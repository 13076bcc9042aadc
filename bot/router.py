"""The answering core: a question in, a grounded answer with citations out.

Figure questions are answered from stored cells (never from another report, never
a blank read as zero); a blank cell sends the question on to the prose; figures
outside the template and descriptive questions go to retrieval. Every interface
(command line, chat, Telegram, web) calls `Answerer.ask` and nothing below it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from index.lexical import tokenize
from index.store import Store
from ingest.regions import short_name
from ingest.template import METRICS

from .answer import Answer, passage_json, printed_note, shown, text_figure_json, where
from .figures import FigureLookup
from .in_text import find_number
from .issuers import IssuerMatcher, IssuerRecord
from .lexicon import ROWS, SUM_ROWS, MetricAsk, chinese, column_phrases
from .question import Question, follow_up, parse
from .retrieval import retrieve

_CJK = re.compile(r"[\u4e00-\u9fff]")


class Answerer:
    """Answers questions over one store."""

    def __init__(self, store: Store, use_vectors: bool = True,
                 phrase: Callable[[Answer], Answer] | None = None) -> None:
        self.store = store
        self.use_vectors = use_vectors
        self.phrase = phrase  # optional LLM rewording of passage answers
        self.figs = FigureLookup(store)
        self._reports: list[dict[str, Any]] | None = None
        self._matcher: IssuerMatcher | None = None

    # ------------------------------------------------------------ state
    def reports(self) -> list[dict[str, Any]]:
        if self._reports is None:
            self._reports = self.store.reports()
        return self._reports

    def matcher(self) -> IssuerMatcher:
        if self._matcher is None:
            records = {IssuerRecord(r["issuer"], r["region"]) for r in self.reports() if r["issuer"]}
            self._matcher = IssuerMatcher(sorted(records, key=lambda r: r.issuer))
        return self._matcher

    def refresh(self) -> None:
        """Forget cached reports (after an ingest)."""
        self._reports = None
        self._matcher = None

    def on_file(self, english: bool = False) -> str:
        items = [f"{r['issuer']} {r['year']}" for r in self.reports()]
        return ("Reports on file: " if english else "已存档的报告：") + ("; ".join(items) if items else "none")

    # ------------------------------------------------------------ entry point
    def ask(self, text: str, previous: Question | None = None) -> tuple[Answer, Question]:
        """Answer one question; `previous` lets a follow-up inherit issuer, year and figure."""
        q = follow_up(parse(text, self.matcher()), previous)
        answer = self._route(q)
        answer.understood = {
            "issuers": q.issuers, "years": q.years, "intent": q.intent,
            "metric": {"row": q.metric.row, "column": q.metric.column} if q.metric else None,
            "places": [{"mention": p.mention, "how": p.how, "issuer": p.issuer, "region": p.region}
                       for p in q.places],
            "inherited": q.inherited, "language": "en" if q.english else "zh",
        }
        if self.phrase and answer.route in ("passage", "figure_in_text"):
            answer = self.phrase(answer)
        return answer, q

    def _route(self, q: Question) -> Answer:
        en = q.english
        if not self.reports():
            return Answer(q.text, "none", "No reports are stored yet: run `nianbao ingest PATH`." if en
                          else "尚未导入任何报告：请先运行 `nianbao ingest 路径`。")
        warnings = []
        if q.missing_places:
            names = "、".join(dict.fromkeys(p.region or p.mention for p in q.missing_places))
            if not q.issuers:
                text = (f"There is no report on file for {names}. " if en else f"没有{names}的报告。")
                return Answer(q.text, "none", text + self.on_file(en))
            warnings.append(f"no report on file for {names}")

        reports, note, refusal = self._select(q)
        if refusal:
            return Answer(q.text, "none", refusal, warnings=warnings)
        numeric = q.metric is not None and (q.quantity or q.intent != "single" or bool(q.inherited)
                                            or (not q.descriptive and len(_CJK.findall(q.text)) <= 16))
        if numeric:
            if q.intent == "rank" or (not q.issuers and len(reports) > 1 and q.intent != "trend"):
                answer = self._many(q, reports, "rank" if q.intent == "rank" else "compare")
            elif q.intent == "trend":
                answer = self._many(q, reports, "trend")
            elif q.intent in ("compare", "sum") or len(reports) > 1:
                answer = self._many(q, reports, "compare")
            else:
                answer = self._figure(q, reports[0])
        elif q.quantity:
            answer = self._in_text(q, reports)
        else:
            answer = self._passages(q, reports)
        if note:
            answer.answer = f"{note} {answer.answer}" if en else f"{note}{answer.answer}"
        answer.warnings = warnings + answer.warnings
        return answer

    # ------------------------------------------------------------ choosing reports
    def _select(self, q: Question) -> tuple[list[dict[str, Any]], str, str | None]:
        """The reports a question is about, a note on how they were chosen, or a refusal."""
        en = q.english
        reports = self.reports()
        if q.issuers:
            reports = [r for r in reports if r["issuer"] in q.issuers]
        dropped: list[int] = []
        if q.years:
            in_years = [r for r in reports if r["year"] in q.years]
            if not in_years and "year" in q.inherited:
                dropped, q.years = q.years, []  # an inherited year this issuer lacks: use its latest
            elif not in_years:
                have = "、".join(f"{r['issuer']} {r['year']}" for r in reports) or "—"
                years = "、".join(map(str, q.years))
                who = "、".join(q.issuers) if q.issuers else ("any issuer" if en else "任何单位")
                text = (f"There is no {years} report on file for {who}. On file: {have}." if en
                        else f"没有{who} {years} 年的报告。已有：{have}。")
                return [], "", text
            else:
                return in_years, "", None
        if q.intent in ("trend", "rank"):
            return reports, "", None
        # No year named: each issuer's latest report, and say so.
        latest: dict[str, dict[str, Any]] = {}
        for r in reports:
            if r["issuer"] not in latest or (r["year"] or 0) > (latest[r["issuer"]]["year"] or 0):
                latest[r["issuer"]] = r
        chosen = list(latest.values())
        if len(chosen) == 1:
            r = chosen[0]
            only = sum(1 for x in self.reports() if x["issuer"] == r["issuer"]) == 1
            which_en, which_zh = ("only", "唯一的") if only else ("latest", "最新的")
            if dropped:
                years = "、".join(map(str, dropped))
                note = (f"(No {years} report on file for {r['issuer']}: using its {which_en} report, {r['year']}.)"
                        if en else f"（没有{r['issuer']} {years} 年的报告，使用其{which_zh}报告：{r['year']} 年。）")
            else:
                note = (f"(No year given: using the {which_en} report on file for {r['issuer']}, {r['year']}.)"
                        if en else f"（未指明年份，使用{r['issuer']}{which_zh}报告：{r['year']} 年。）")
            return chosen, note, None
        return chosen, "", None

    # ------------------------------------------------------------ figures
    def _figure(self, q: Question, report: dict[str, Any]) -> Answer:
        en, ask = q.english, q.metric
        assert ask is not None
        cells = self.figs.cells(ask, report)
        value, unit, status = self.figs.value(ask, cells)
        who = f"{report['issuer']} {report['year']}"
        label = self.figs.label(ask, cells[0], en)
        warnings = self.figs.failed_checks(cells, en)
        if status == "reported":
            if ask.row in SUM_ROWS:
                parts = "；".join(f"{c['label']} {shown(c['value'], c['unit'])}" for c in cells
                                 if c["status"] == "reported" and c["value"])
                text = (f"{who}: {label} = {shown(value, unit, True)} (sum of the printed rows{': ' if parts else ''}"
                        f"{parts}). Source: {report['source_file']}, {cells[0]['cite'].rsplit(' › ', 2)[0]}"
                        if en else
                        f"{who} 年{label}合计 {shown(value, unit)}（由各项相加{'：' if parts else ''}{parts}）。"
                        f"出处：{report['source_file']}，{cells[0]['cite'].rsplit(' › ', 2)[0]}")
            else:
                fig = cells[0]
                extra = self.figs.breakdown(fig)
                cells += extra
                parts = ("，".join(f"{c['label'].split(' · ')[-1]} {shown(c['value'], c['unit'])}" for c in extra)
                         if not en else ", ".join(f"{METRICS[c['metric']].english.split(', ')[-1]} "
                                                   f"{shown(c['value'], c['unit'], True)}" for c in extra))
                text = (f"{who}: {label} = {shown(value, unit, True)}{printed_note(fig, True)}"
                        f"{f' ({parts})' if parts else ''}. {where(fig, True)}." if en else
                        f"{who} 年{label}：{shown(value, unit)}{printed_note(fig)}"
                        f"{f'（{parts}）' if parts else ''}。{where(fig)}。")
            if warnings:
                text += (" Note: " if en else " 注意：") + "；".join(warnings)
            return Answer(q.text, "figure", text, cells, warnings=warnings)
        # Blank, unreadable or absent: say so, then look in the prose.
        fig = cells[0]
        if status == "blank":
            text = (f"The {who} report leaves “{label}” blank in its table (not reported — a blank is not zero). "
                    f"{where(fig, True)}." if en else
                    f"{who} 年报告的表格中“{label}”一栏为空（未填报，不能视为零）。{where(fig)}。")
        elif status == "unreadable":
            text = (f"The {who} report's cell for “{label}” cannot be read with confidence ({fig.get('note')}). "
                    f"{where(fig, True)}." if en else
                    f"{who} 年报告中“{label}”一栏无法可靠读取（{fig.get('note')}）。{where(fig)}。")
        else:
            text = (f"The {who} report does not print “{label}”." if en
                    else f"{who} 年报告中没有“{label}”这一项。")
        found = self._number_in_prose(q, [report], ask)
        if found:
            p = found.passage
            text += (f" The report's text says: “{found.clause}” — {shown(found.value, found.unit, True)} "
                     f"({report['source_file']}, {p.chunk.cite})." if en else
                     f"但报告正文写道：“{found.clause}”，即 {shown(found.value, found.unit)}"
                     f"（{report['source_file']}，{p.chunk.cite}）。")
            quoted = text_figure_json(found, report, fig["metric"], fig["label"])
            return Answer(q.text, "figure_in_text", text, [quoted, *cells], [passage_json(p, report)],
                          warnings=[f"table cell {status}; figure taken from the text"] + warnings)
        return Answer(q.text, "figure", text, cells, warnings=[f"table cell {status}"] + warnings)

    def _number_in_prose(self, q: Question, reports: list[dict[str, Any]], ask: MetricAsk | None):
        passages = retrieve(self.store, q.text, [r["id"] for r in reports], limit=5, use_vectors=self.use_vectors)
        required: tuple[tuple[str, ...], ...] = ()
        units = None
        if ask is not None:
            required = tuple(g for g in (chinese(ROWS.get(ask.row, ())), chinese(column_phrases(ask))) if g)
            units = (METRICS[self.figs.keys(ask, reports[0])[0]].unit,)
        return find_number(q.text, passages, self._place_words(reports), required, units)

    def _place_words(self, reports: list[dict[str, Any]]) -> set[str]:
        words: set[str] = set()
        for r in reports:
            for name in (r["issuer"], r["region"]):
                if name:
                    words |= set(tokenize(name)) | {short_name(name) if r["region"] == name else name}
            words.add(str(r["year"]))
        return words

    # ------------------------------------------------------------ across reports
    def _many(self, q: Question, reports: list[dict[str, Any]], route: str) -> Answer:
        en, ask = q.english, q.metric
        assert ask is not None
        rows = []
        for r in reports:
            cells = self.figs.cells(ask, r)
            value, unit, status = self.figs.value(ask, cells)
            rows.append((r, cells, value, unit, status))
        label = self.figs.label(ask, rows[0][1][0], en) if rows else ask.row
        reported = [x for x in rows if x[4] == "reported"]
        others = [x for x in rows if x[4] != "reported"]
        if route == "rank":
            reported.sort(key=lambda x: (x[2] if q.ascending else -x[2], x[0]["issuer"]))
        elif route == "trend":
            reported.sort(key=lambda x: x[0]["year"] or 0)
        status_zh = {"blank": "未填报（空白）", "unreadable": "无法可靠读取", "absent": "未印出此项"}
        status_en = {"blank": "blank (not reported)", "unreadable": "unreadable", "absent": "not printed"}
        lines = []
        for r, cells, value, unit, status in reported + others:
            shown_value = (shown(value, unit, en) if status == "reported"
                           else (status_en if en else status_zh)[status])
            lines.append(f"{r['issuer']} {r['year']}: {shown_value}" if en
                         else f"{r['issuer']} {r['year']} 年：{shown_value}")
        head = {"rank": ("Ranked by", "按“{}”排序"), "compare": ("Compared:", "“{}”对比"),
                "trend": ("Over the years:", "“{}”历年情况")}[route]
        if en:
            text = f"{head[0]} {label}: " + "; ".join(lines) + "."
        else:
            text = head[1].format(label) + "：" + "；".join(lines) + "。"
        if route == "rank" and reported:
            top = reported[0]
            text = ((f"{'Fewest' if q.ascending else 'Most'}: {top[0]['issuer']} ({top[0]['year']}), "
                     f"{shown(top[2], top[3], True)}. ") if en else
                    f"{'最少' if q.ascending else '最多'}的是{top[0]['issuer']}（{top[0]['year']} 年），"
                    f"{shown(top[2], top[3])}。") + text
        if q.intent == "sum" and reported:
            total = sum(x[2] for x in reported)
            text += (f" Sum of the reported figures: {shown(total, reported[0][3], True)}." if en
                     else f"已填报数字合计 {shown(total, reported[0][3])}。")
        if len(reported) < len(rows) and not en:
            text += "空白栏不计为零。"
        elif len(reported) < len(rows):
            text += " Blank cells are not counted as zero."
        figures = [c for _, cells, *_ in rows for c in cells]
        warnings = self.figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
        text += (" Sources: " if en else " 出处：") + "；".join(
            dict.fromkeys(f"{c['source_file']} › {c['cite']}" for c in figures[:1])) + (
            " (same table row in each report)." if en else "（各报告同一表格行）。")
        if warnings:
            text += (" Note: " if en else " 注意：") + "；".join(warnings)
        return Answer(q.text, route, text, figures, warnings=warnings)

    # ------------------------------------------------------------ prose
    def _in_text(self, q: Question, reports: list[dict[str, Any]]) -> Answer:
        found = self._number_in_prose(q, reports, None)
        if not found:
            return self._passages(q, reports)
        en = q.english
        p = found.passage
        report = next(r for r in reports if r["id"] == p.report_id)
        text = (f"{report['issuer']} {report['year']}: {shown(found.value, found.unit, True)} — the report says "
                f"“{found.clause}” ({report['source_file']}, {p.chunk.cite})." if en else
                f"{report['issuer']} {report['year']} 年报告写道：“{found.clause}”，即 {found.text.replace(' ', '')}。"
                f"出处：{report['source_file']}，{p.chunk.cite}。")
        return Answer(q.text, "figure_in_text", text, [text_figure_json(found, report)], [passage_json(p, report)])

    def _passages(self, q: Question, reports: list[dict[str, Any]]) -> Answer:
        en = q.english
        passages = retrieve(self.store, q.text, [r["id"] for r in reports], limit=3, use_vectors=self.use_vectors)
        by_id = {r["id"]: r for r in self.reports()}
        if not passages:
            return Answer(q.text, "passage", "No passage in the reports answers this." if en
                          else "报告中没有找到相关段落。")
        items = [passage_json(p, by_id[p.report_id]) for p in passages]
        lines = [f"[{i}] {it['issuer']} {it['year']} › {it['section']}：{it['text']}" for i, it in enumerate(items, 1)]
        head = "These passages of the reports bear on it (quoted in Chinese):" if en else "报告中的相关段落："
        if all(p.lexical is None for p in passages):
            head = ("No passage shares the question's words; these are the closest in meaning (quoted in Chinese):"
                    if en else "没有段落包含问题中的词语；以下是意思最接近的段落：")
        return Answer(q.text, "passage", head + "\n" + "\n".join(lines), [], items)
