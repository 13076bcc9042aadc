"""The answering core: a question in, a grounded answer with citations out.

Figure questions are answered from stored cells (never from another report, never
a blank read as zero); a blank cell sends the question on to the prose, where a number
is used only when its measure words agree with the figure asked; sub-totals, sums,
differences and shares are computed from cited cells with the formula shown (route
"derived"); rank, compare and trend use every report on file; descriptive questions go
to retrieval; off-topic input gets help. Every interface (command line, chat, Telegram,
web) calls `Answerer.ask` and nothing below it.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from index.lexical import tokenize
from index.store import Store
from ingest.regions import short_name
from ingest.template import METRICS

from . import derived, followup
from .answer import Answer, as_number, passage_json, text_figure_json
from .figures import FigureLookup, Light
from .frame import Frame, understand
from .frame import build as build_frame
from .in_text import FoundNumber, find_number
from .intents import find_intent
from .issuers import AMBIGUOUS, DEPARTMENTS_ONLY, IssuerMatch, IssuerMatcher, IssuerRecord, speaks_for_place
from .leads import sentences
from .lexicon import (
    MEASURES,
    RATES,
    ROWS,
    MetricAsk,
    chinese,
    column_phrases,
    expand_query,
)
from .measure import asked_measure, why_not
from .question import Question
from .retrieval import Passage, retrieve, simplified
from .review.answers import cross_year_notes, review_answer
from .strings import find_string
from .wording import (
    STATUS_EN,
    STATUS_ZH,
    amount,
    blank_not_searched,
    cite,
    difference_sentence,
    difference_unknown,
    difference_verdict,
    equal,
    figure_sentence,
    from_text_mark,
    gap_shown,
    help_text,
    incomplete,
    larger_by,
    many_sentence,
    measures_line,
    measures_sum,
    measures_total,
    more_reports,
    no_reports,
    no_year_before,
    not_counted,
    not_printed,
    notes,
    number,
    off_topic_text,
    one_side_only,
    others_fail,
    per_year_line,
    quoted_line,
    rank_lead,
    rate_name,
    rate_sentence,
    rate_unknown,
    report_name,
    section_source,
    share_name,
    source,
    sources_sentence,
    status_line,
    subtotal_sentence,
    sum_found,
    sum_incomplete_reports,
    term,
    value_line,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUESTION_WORDS = frozenset({"怎么样", "什么", "哪些", "情况", "如何", "多少", "是否", "有没有", "怎么", "为什么", "报告"})
TOP = 10  # rows a rank or compare answer lists in its sentence; the full rows are in Answer.table
# Blank reports whose texts one multi-report answer searches for the figure: within this
# many, the lexical index is restricted inside its query (index.lexical.MAX_IN_MATCH) and
# the search stays a few tens of ms whatever the store's size.
PROSE_REPORTS = 200
PLACE_WORDS_OF = 50  # beyond this many reports, the place words of every report (computed once) stand in
SUM_TERMS = 20  # a sum of more figures shows its first terms and the count; every term is in the table


@lru_cache(maxsize=4096)
def region_level(region: str | None) -> str | None:
    """county | city | province of a region name, from the division table (suffix as a fallback)."""
    if not region:
        return None
    try:
        from ingest.regions import divisions

        d = divisions().get(region)
        if d is not None:
            return d.level
    except (FileNotFoundError, ImportError):
        pass
    if region.endswith(("省", "自治区")):
        return "province"
    if region.endswith(("县", "区", "旗")):
        return "county"
    return "city" if region.endswith(("市", "州", "盟")) else None


@lru_cache(maxsize=65536)
def _report_words(issuer: str | None, region: str | None, year: int | None) -> frozenset[str]:
    """Words that name a report's place and year: not what a question counts."""
    words: set[str] = {str(year)}
    for name in (issuer, region):
        if name:
            words |= set(tokenize(name)) | {short_name(name) if region == name else name}
    return frozenset(words)


class Answerer:
    """Answers questions over one store."""

    def __init__(self, store: Store, use_vectors: bool = True,
                 phrase: Callable[[Answer], Answer] | None = None, today: date | None = None) -> None:
        self.store = store
        self.use_vectors = use_vectors
        self.phrase = phrase  # optional LLM rewording of passage answers
        self.today = today  # None: the real date (relative years such as 去年)
        self.figs = FigureLookup(store)
        self._reports: list[dict[str, Any]] | None = None
        self._by_issuer: dict[str | None, list[dict[str, Any]]] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        self._matcher: IssuerMatcher | None = None
        self._all_place_words: set[str] | None = None
        self._frozen: tuple[int, ...] = ()

    # ------------------------------------------------------------ state
    def reports(self) -> list[dict[str, Any]]:
        """Every stored report (cached), ordered by issuer and year."""
        if self._reports is None:
            self._reports = self.store.reports()
            # Looked up by issuer and id on every question: a scan of a province's reports is not.
            self._by_issuer = {}
            for r in self._reports:
                self._by_issuer.setdefault(r["issuer"], []).append(r)
            self._by_id = {r["id"]: r for r in self._reports}
        return self._reports

    def of_issuers(self, issuers: list[str]) -> list[dict[str, Any]]:
        """The reports of these issuers, in `reports()` order."""
        self.reports()
        if len(issuers) == 1:
            return list(self._by_issuer.get(issuers[0], []))
        wanted = set(issuers)
        return [r for issuer in sorted(wanted & self._by_issuer.keys(), key=str)
                for r in self._by_issuer[issuer]]

    def by_id(self, report_id: str) -> dict[str, Any]:
        self.reports()
        return self._by_id[report_id]

    def matcher(self) -> IssuerMatcher:
        if self._matcher is None:
            records = {IssuerRecord(r["issuer"], r["region"], r.get("kind")) for r in self.reports() if r["issuer"]}
            self._matcher = IssuerMatcher(sorted(records, key=lambda r: r.issuer))
        return self._matcher

    def refresh(self) -> None:
        """Forget cached reports (after an ingest)."""
        self._reports = None
        self._matcher = None
        self._all_place_words = None
        self.figs.forget()

    def on_file(self, english: bool = False) -> str:
        reports = self.reports()
        items = [report_name(r, english) for r in reports[:TOP]]
        more = len(reports) - len(items)
        if more > 0:
            items.append(f"and {more} more" if english else f"另有 {more} 份")
        return ("Reports on file: " if english else "已存档的报告：") + ("; ".join(items) if items else "none")

    # ------------------------------------------------------------ entry point
    def ask(self, text: str, previous: Question | None = None) -> tuple[Answer, Question]:
        """Answer one question; `previous` (the Question returned last time) carries the conversation."""
        # Traditional characters made simplified first, as the stored text is (開平市 → 开平市).
        q, frame = understand(simplified(text), self.matcher(), previous, self._years_on_file, self.today)
        answer = self._route(q, frame)
        answer.warnings += cross_year_notes(self.store, self.reports(), answer.figures, q.english)
        answer.question = text
        answer.frame = frame.to_json()
        if q.year_note:  # say how 去年 / last year was read
            answer.answer = f"{q.year_note}{answer.answer}" if not q.english else f"{q.year_note} {answer.answer}"
        answer.understood = {
            "issuers": q.issuers, "years": q.years, "intent": q.intent,
            "metric": {"row": q.metric.row, "column": q.metric.column} if q.metric else None,
            "ratio": q.ratio, "level": q.level, "follow_up": q.chat,
            "places": [{"mention": p.mention, "how": p.how, "issuer": p.issuer, "region": p.region}
                       for p in q.places],
            "inherited": q.inherited, "language": "en" if q.english else "zh",
        }
        # A passage quoted for a missing cell (受理… for 本年新收) keeps its extractive wording: a
        # rewording could state the sentence's wider number as the cell's.
        quoting_for_a_cell = answer.route == "passage" and any(f.get("status") != "reported" for f in answer.figures)
        if self.phrase and answer.route in ("passage", "figure_in_text") and not quoting_for_a_cell:
            answer = self.phrase(answer)
        if previous is not None and q.chat in ("help", "why", "source", "which"):
            return answer, previous  # chatter and questions about the last answer leave the context as it was
        q.last = followup.remember(answer, q, previous.last if previous else {})
        self._freeze_caches()
        return answer, q

    def _freeze_caches(self) -> None:
        """Caches built while answering (every report row, the issuer matcher and its pinyin,
        failed checks) live until the next ingest: move them out of the cyclic collector's way. Its full passes
        over them took a ranking at 10,000 reports from ~80 to ~135 ms (p50)."""
        caches = (id(self._reports), id(self._matcher), id(getattr(self._matcher, "_pinyin_table", None)),
                  id(self.figs._failing), id(self._all_place_words))
        if caches != self._frozen:
            gc.freeze()
            self._frozen = caches

    def _years_on_file(self) -> dict[str | None, list[int]]:
        """issuer → the years of its reports, for a frame's year range (历年, 2019–2025)."""
        self.reports()
        return {issuer: [r["year"] for r in rs if r["year"]] for issuer, rs in self._by_issuer.items()}

    def _route(self, q: Question, frame: Frame | None = None) -> Answer:
        frame = frame or build_frame(q, {})
        en = q.english
        if not self.reports():
            return Answer(q.text, "none", no_reports(en))
        if q.chat == "help":
            return Answer(q.text, "none", help_text(en, self.on_file(en)))
        if q.chat == "why":
            return followup.explain(q)
        if q.chat == "source":
            return followup.sources(q)
        if q.chat == "which":
            return followup.which(q)
        if q.chat == "share" and q.metric is not None:
            q.ratio = "share"
        warnings = []
        if q.missing_places:
            names = "、".join(dict.fromkeys(p.wanted or p.region or p.mention for p in q.missing_places))
            if not q.issuers:
                return Answer(q.text, "none", self._no_report(q.missing_places, en))
            warnings.append(f"no report on file for {names}")
        if frame.operation == "none":
            return Answer(q.text, "none", off_topic_text(en))
        if frame.operation in ("changes", "check"):  # a review of whole reports (bot/review)
            return review_answer(self.store, self.reports(), q, frame, warnings)

        if q.intent == "difference" and q.metric is not None:
            answer = self._difference(q)
            if answer is not None:
                answer.warnings = warnings + answer.warnings
                return answer
            q.intent = "compare"
        reports, note, refusal = self._select(q)
        if refusal:
            return Answer(q.text, "none", refusal, warnings=warnings)
        if frame.scope.kind == "within" and frame.scope.level:  # 江苏省各县: the counties among them
            reports = [r for r in reports if region_level(r["region"]) == frame.scope.level] or reports
        numeric = q.metric is not None and (q.quantity or q.intent != "single" or bool(q.inherited) or bool(q.ratio)
                                            or (not q.descriptive and len(_CJK.findall(q.text)) <= 16))
        if numeric:
            answer = self._numeric(q, frame, reports)
        elif q.wants:
            answer = self._string(q, reports)
        elif q.quantity and not q.descriptive:
            answer = self._in_text(q, reports)
        else:
            answer = self._passages(q, reports)
        if note:
            answer.answer = f"{note} {answer.answer}" if en else f"{note}{answer.answer}"
        answer.warnings = warnings + answer.warnings
        return answer

    def _numeric(self, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
        """A figure question: several measures, a ranking, a trend, a comparison, a share, or one figure."""
        op = frame.operation
        if len(frame.measures) > 1 and op in ("sum", "list", "trend", "compare", "rank"):
            return self._measures(q, frame, reports)
        if op == "rank" or (not q.issuers and len(reports) > 1 and op != "trend"):
            return self._many(q, reports, "rank" if op == "rank" else "compare")
        if op == "trend":
            return self._many(q, reports, "trend")
        if op in ("compare", "sum", "difference") or len(reports) > 1:
            return self._many(q, reports, "compare")
        return self._rate(q, reports[0]) if q.ratio else self._figure(q, reports[0])

    # ------------------------------------------------------------ choosing reports
    def _select(self, q: Question) -> tuple[list[dict[str, Any]], str, str | None]:
        """The reports a question is about, a note on how they were chosen, or a refusal."""
        en = q.english
        reports = self.reports()
        if q.issuers:
            reports = self.of_issuers(q.issuers)
        elif q.level:
            # 哪个县 asks about counties' governments: a county's bureau is not a county
            reports = [r for r in reports if region_level(r["region"]) == q.level
                       and speaks_for_place(r["issuer"] or "", r.get("kind"))]
            if not reports:
                return [], "", ("No report on file is from that level of government." if en
                                else "没有该级别政府的报告。") + " " + self.on_file(en)
        dropped: list[int] = []
        if q.years:
            in_years = [r for r in reports if r["year"] in q.years]
            if not in_years and "year" in q.inherited:
                dropped, q.years = q.years, []  # an inherited year this issuer lacks: use its latest
            elif not in_years:
                have = "、".join(report_name(r, en) for r in reports[:TOP]) or "—"
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
            only = len(self.of_issuers([r["issuer"]])) == 1
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

    def _no_report(self, places: list[IssuerMatch], en: bool) -> str:
        """Nothing on file for what the question names: say so, and name what is on file instead
        (a place's department reports, never used for its government; the departments words fit)."""
        out, plain = [], []
        for p in dict.fromkeys(places):
            reports = self.of_issuers(list(p.alternatives))
            more = len(reports) - TOP
            listed = "、".join([report_name(r, en) for r in reports[:TOP]]
                              + ([f"and {more} more" if en else f"另有 {more} 份"] if more > 0 else []))
            wanted = p.wanted or p.region or p.mention
            if p.how == DEPARTMENTS_ONLY:
                level = region_level(p.region) or "local"
                out.append(f"There is no report on file for {wanted} (the {level} government). "
                           f"On file for {p.region}: {listed}." if en
                           else f"没有{wanted}的报告；{p.region}有这些部门的报告：{listed}。")
            elif p.how == AMBIGUOUS:
                out.append(f"“{p.mention}” fits several issuers on file: {listed}. Which one do you mean?" if en
                           else f"“{p.mention}”可指多个单位：{listed}。请说明是哪一个。")
            elif listed:
                out.append(f"There is no report on file for {wanted}. On file for {p.region}: {listed}." if en
                           else f"没有{wanted}的报告；{p.region}有：{listed}。")
            else:
                plain.append(wanted)
        if plain:
            names = "、".join(dict.fromkeys(plain))
            out.append((f"There is no report on file for {names}. " if en else f"没有{names}的报告。")
                       + self.on_file(en))
        return (" " if en else "").join(out)

    # ------------------------------------------------------------ one figure
    def _figure(self, q: Question, report: dict[str, Any]) -> Answer:
        en, ask = q.english, q.metric
        assert ask is not None
        cells = self.figs.cells(ask, report)
        _, _, status = self.figs.value(ask, cells)
        who = report_name(report, en)
        label = self.figs.label(ask, cells[0], en)
        warnings = self.figs.failed_checks(cells, en)
        if self.figs.is_sum(ask) and any(c["status"] == "reported" for c in cells):
            return self._sum_answer(q, report, ask, cells, label, warnings)
        if status == "reported":
            fig = cells[0]
            extra = self.figs.breakdown(fig)
            cells += extra
            columns = ("，".join(f"{c['label'].split(' · ')[-1]} {amount(c)}" for c in extra)
                       if not en else ", ".join(f"{METRICS[c['metric']].english.split(', ')[-1]} "
                                                 f"{amount(c, True)}" for c in extra))
            text = figure_sentence(who, label, amount(fig, en), columns, source(fig, en), en)
            if warnings:
                text += notes(warnings, en, limit=len(warnings))
            return Answer(q.text, "figure", text, cells, warnings=warnings)
        # Blank, unreadable or absent: say so, then look in the prose.
        fig = cells[0]
        text = self._missing_sentence(fig, status, who, label, en)
        if self.figs.is_sum(ask) and len(cells) > 1:  # a sub-total none of whose rows or columns is printed
            parts = derived.Derived(None, None, "", cells, cells, False)
            said = self._missing_operands(parts, en).split(": ", 1)[-1].split("：", 1)[-1]
            text = (f"The {who} prints none of the {len(cells)} cells that make up “{label}”: {said}." if en
                    else f"{who}中构成“{label}”的 {len(cells)} 个栏目均未印出数字：{said}。")
            text += f" {source(fig, True)}." if en else f"{source(fig)}。"
        found = self._number_in_prose(q, [report], ask)
        return self._quoted(q, report, found, fig, text, cells, status, warnings)

    def _missing_sentence(self, fig: dict[str, Any], status: str, who: str, label: str, en: bool) -> str:
        if status == "blank":
            return (f"The {who} leaves “{label}” blank in its table (not reported — a blank is not zero). "
                    f"{source(fig, True)}." if en else
                    f"{who}的表格中“{label}”一栏为空（未填报，不能视为零）。{source(fig)}。")
        if status == "unreadable":
            return (f"The {who}'s cell for “{label}” cannot be read with confidence ({fig.get('note')}). "
                    f"{source(fig, True)}." if en else
                    f"{who}中“{label}”一栏无法可靠读取（{fig.get('note')}）。{source(fig)}。")
        return f"The {who} does not print “{label}”." if en else f"{who}中没有“{label}”这一项。"

    def _quoted(self, q: Question, report: dict[str, Any], found: FoundNumber | None, fig: dict[str, Any],
                text: str, cells: list[dict[str, Any]], status: str, warnings: list[str]) -> Answer:
        """A blank, unreadable or absent cell, with what the report's text says of it: the number
        when its sentence states exactly this figure; else the sentence quoted without its number
        taken as the cell's; else that the text does not state it."""
        en = q.english
        if found is None:
            text += (" Not found in the text either: no sentence of the report states this figure." if en
                     else "报告正文中未找到写明此数字的句子。")
            return Answer(q.text, "figure", text, cells, warnings=[f"table cell {status}"] + warnings)
        p = found.passage
        where = f"{report_name(report, en)}, {p.chunk.cite}" if en else f"{report_name(report)}，{p.chunk.cite}"
        if found.fit.kind == "related":
            text += (f" Not found in the text: no sentence states this figure. It says “{found.quote}” ({where}), but "
                     f"{why_not(found.fit, True)}, so that number is not this cell's." if en else
                     f"报告正文中未找到写明此数字的句子：正文写道“{found.quote}”（{where}），但{why_not(found.fit)}，"
                     "不能作为此栏的数字。")
            return Answer(q.text, "passage", text, cells, [passage_json(p, report)],
                          warnings=[f"table cell {status}; the text states a different quantity"] + warnings)
        unit_en = found.unit if found.unit != "件" else ""
        word = found.fit.word or ""
        text += (f" The report's text says: “{found.quote}” — {number(found.value)}{unit_en} "
                 f"({where})." if en else
                 f"但报告正文写道：“{found.quote}”，即{word} {number(found.value)} {found.unit}（{where}）。")
        if found.fit.kind == "as_asked":  # the question's own word (受理): its answer, not the cell
            text += (f" That is the count {word} (accepted; it may include applications carried over), not the "
                     f"table's “{fig['label']}”." if en else
                     f"这是“{word}”的数量（可能包含上年结转），并非表中“{fig['label']}”一栏。")
        metric, label = (fig["metric"], fig["label"]) if found.fit.kind == "same" else (None, None)
        quoted = text_figure_json(found, report, metric, label)
        return Answer(q.text, "figure_in_text", text, [quoted, *cells], [passage_json(p, report)],
                      warnings=[f"table cell {status}; figure taken from the text"] + warnings)

    def _sum_answer(self, q: Question, report: dict[str, Any], ask: MetricAsk, cells: list[dict[str, Any]],
                    label: str, warnings: list[str]) -> Answer:
        """A sub-total the template implies (法人或其他组织, 不予公开…): the formula with every operand."""
        en = q.english
        d = derived.total(cells)
        who = report_name(report, en)
        operands = self._operands(d, en)
        missing = self._missing_operands(d, en)
        text = subtotal_sentence(who, label, d.formula, d.unit, operands, len(d.operands) - len(d.missing) > 1,
                                 missing, en)
        text += section_source(who, cells[0]["cite"].rsplit(" › ", 1)[0], en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        if not d.complete:
            warnings = warnings + ["some operands are not printed: the sum covers the printed ones only"]
        return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula)

    @staticmethod
    def _operand_name(c: dict[str, Any], en: bool) -> str:
        """The part of a cell's label that tells it from the other operands: its column, or for a total its row."""
        parts = METRICS[c["metric"]].english.split(", ") if en and c["metric"] in METRICS else c["label"].split(" · ")
        last = parts[-1]
        return parts[0] if len(parts) == 1 or last in ("总计", "total") else last

    def _operands(self, d: derived.Derived, en: bool) -> str:
        reported = [c for c in d.operands if c["status"] == "reported"]
        return (", " if en else "、").join(f"{self._operand_name(c, en)} {number(c['value'])}" for c in reported)

    def _missing_operands(self, d: derived.Derived, en: bool) -> str:
        if not d.missing:
            return ""
        groups: dict[str, list[str]] = {}
        for c in d.missing:
            groups.setdefault(c["status"], []).append(self._operand_name(c, en))
        return not_counted(groups, en)

    # ------------------------------------------------------------ derived: rates, differences
    def _value(self, q: Question, ask: MetricAsk, report: dict[str, Any]) -> derived.Derived:
        """The ask's figure in one report as a Derived (a cell, or the sum of a group)."""
        return derived.total(self.figs.cells(ask, report))

    def _rate(self, q: Question, report: dict[str, Any]) -> Answer:
        """公开率 or a share the user names: numerator rows over a denominator, formula shown."""
        en, ask = q.english, q.metric
        assert ask is not None
        asks = self._ratio_asks(q, ask)
        if asks is None:
            return self._figure(q, report)
        part_asks, whole_ask = asks
        part_cells = [c for a in part_asks for c in self.figs.cells(a, report)]
        if q.ratio in RATES:
            name = rate_name(en)
        else:  # 予以公开 + 部分公开 / 本年新收…: each part by its own label
            label = " + ".join(self.figs.label(a, self.figs.cells(a, report)[0], en) for a in part_asks)
            name = share_name(label, self.figs.label(whole_ask, self.figs.cells(whole_ask, report)[0], en), en)
        whole_cells = self.figs.cells(whole_ask, report)
        d = derived.ratio(derived.total(part_cells), derived.total(whole_cells))
        who = report_name(report, en)
        cells = part_cells + whole_cells
        warnings = self.figs.failed_checks(cells, en)
        if d.value is None:
            text = rate_unknown(who, name, self._missing_operands(d, en).lstrip("；; "), en)
            return Answer(q.text, "derived", text, cells, warnings=warnings)
        text = rate_sentence(who, name, d.formula, self._missing_operands(d, en), en)
        text += section_source(who, cells[0]["cite"].split(" › ")[0], en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula)

    @staticmethod
    def _ratio_asks(q: Question, ask: MetricAsk) -> tuple[list[MetricAsk], MetricAsk] | None:
        """The numerator and denominator of 公开率 or of the share asked; None: a plain figure."""
        column = ask.column or "total"
        if q.share_of is not None:  # the whole named in the question ("占新收申请的比例")
            return list(q.measures or [ask]), q.share_of
        if q.ratio in RATES:
            _, rows, whole_row = RATES[q.ratio]
            return [MetricAsk(r, column, "") for r in rows], MetricAsk(whole_row, column, "")
        if ask.column not in (None, "total") and ask.row.startswith("applications."):
            return [ask], MetricAsk(ask.row, "total", "")  # 自然人占比: of the row's total
        if ask.row.startswith("applications.") and ask.row not in ("applications.received",
                                                                    "applications.carried_over_in"):
            return [ask], MetricAsk("applications.results_total", column, "")
        if ask.row.startswith("applications."):
            return [ask], MetricAsk("applications.received", "total", "")
        if (ask.row.startswith("litigation") or ask.row == "review") and ask.column not in (None, "total"):
            return [ask], MetricAsk(ask.row if ask.row != "litigation" else "litigation", "total", "")
        return None

    def _difference(self, q: Question) -> Answer | None:
        """Two issuers, or one issuer's two years (同比: the year before): a − b with both shown."""
        en, ask = q.english, q.metric
        assert ask is not None
        pair = self._pair(q)
        if pair is None or isinstance(pair, Answer):
            return pair
        a, b = pair
        if q.ratio:
            da, db = self._ratio_value(q, a), self._ratio_value(q, b)
        else:
            da, db = self._value(q, ask, a), self._value(q, ask, b)
        d = derived.difference(da, db)
        label = self.figs.label(ask, (da.operands or db.operands)[0], en) if not q.ratio else (
            "disclosure rate" if en else "公开率")
        na, nb = report_name(a, en), report_name(b, en)
        sides = (na, derived.shown_value(da, en), nb, derived.shown_value(db, en))
        cells = da.operands + db.operands
        warnings = self.figs.failed_checks(cells, en)
        if d.value is None:
            text = difference_unknown(label, sides, self._missing_operands(d, en).lstrip("；; "), en)
            return Answer(q.text, "derived", text, cells, warnings=warnings)
        bigger, smaller = (na, nb) if d.value >= 0 else (nb, na)
        if d.value < 0:
            d = derived.difference(db, da)  # the formula reads larger − smaller
        by = None
        if d.value is not None and d.value != 0:
            by = (gap_shown(d.value, "", True, en) if d.percent
                  else derived.shown_value(derived.Derived(abs(d.value), d.unit, ""), en))
        text = difference_sentence(label, sides, difference_verdict(bigger, smaller, by, en), d.formula,
                                   self._missing_operands(d, en), en)
        text += sources_sentence([cite(c, en) for c in cells if c["status"] == "reported"], en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        table = [self._row(r, dd, en) for r, dd in ((a, da), (b, db))]
        return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula, table=table)

    def _pair(self, q: Question) -> tuple[dict[str, Any], dict[str, Any]] | Answer | None:
        """The two reports a difference is between: two issuers' (in the year asked, else their latest),
        one issuer's two years, or a year and the year before (an Answer when that one is not on file)."""
        pair: list[dict[str, Any]] = []
        if len(q.issuers) >= 2:
            for issuer in q.issuers[:2]:
                mine = self.of_issuers([issuer])
                pick = [r for r in mine if r["year"] in q.years] or mine
                if pick:
                    pair.append(max(pick, key=lambda r: r["year"] or 0))
        elif len(q.issuers) == 1:
            mine = sorted(self.of_issuers(q.issuers[:1]), key=lambda r: r["year"] or 0)
            if len(q.years) >= 2:
                pair = [r for y in q.years[:2] for r in mine if r["year"] == y]
            elif q.years:
                this = [r for r in mine if r["year"] == q.years[0]]
                before = [r for r in mine if r["year"] == q.years[0] - 1]
                pair = this + before
                if this and not before:
                    return Answer(q.text, "none", no_year_before(q.issuers[0], q.years[0] - 1, q.english) + " "
                                  + self.on_file(q.english))
            elif len(mine) >= 2:
                pair = [mine[-1], mine[-2]]
        return (pair[0], pair[1]) if len(pair) == 2 else None

    def _ratio_value(self, q: Question, report: dict[str, Any]) -> derived.Derived:
        answer = self._rate(q, report)
        part = [c for c in answer.figures]
        if not answer.formula:
            return derived.Derived(None, "%", "", part, [c for c in part if c["status"] != "reported"], False, True)
        value = float(answer.formula.rsplit("= ", 1)[1].rstrip("%"))
        return derived.Derived(value, "%", answer.formula, part, [], True, True)

    def _row(self, report: dict[str, Any], d: derived.Derived, en: bool, from_text: FoundNumber | None = None,
             status: str | None = None) -> dict[str, Any]:
        return {"issuer": report["issuer"], "region": report["region"], "year": report["year"],
                "value": as_number(d.value if not from_text else from_text.value),
                "unit": d.unit if not from_text else from_text.unit,
                "status": status or ("reported" if d.value is not None else
                                     (d.missing[0]["status"] if d.missing else "absent")),
                "from_text": bool(from_text), "complete": d.complete, "formula": d.formula or None,
                "source_file": report["source_file"], "report_id": report["id"],
                "cite": from_text.passage.chunk.cite if from_text else (d.operands[0]["cite"] if d.operands else None)}

    # ------------------------------------------------------------ several measures
    def _measures(self, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
        """Several measures named together, in every report chosen: their sum (行政复议加行政诉讼: every
        printed cell an operand of the formula), each one (分别), or a ranking by their sum; one line
        per report, every report in the table."""
        en, op = q.english, frame.operation
        adding = op in ("sum", "rank")  # a ranking over several measures ranks their sum
        rows = self._measure_rows(q, frame, reports)
        if op == "rank":
            rows.sort(key=lambda x: (x[2].value is None, (x[2].value or 0) * (1 if q.ascending else -1)))
        limit = q.top or TOP
        lines = [measures_sum(report_name(r, en), terms, total.formula or "—", total.unit or "", en) if adding
                 else measures_line(report_name(r, en), terms, en) + ("." if en else "。")
                 for r, terms, total, _, _ in rows[:limit]]
        text = " ".join(lines) if en else "".join(lines)
        if len(rows) > limit:
            text += (f" {len(rows) - limit} more reports in the table." if en
                     else f"另有 {len(rows) - limit} 份报告见表格。")
        subtotals = [x[2] for x in rows]
        printed = [d for d in subtotals if d.value is not None]
        if op == "rank" and printed:
            r, total = rows[0][0], rows[0][2]
            text = rank_lead(q.ascending, r["issuer"], r["year"], derived.shown_value(total, en), en) + text
        formula = subtotals[0].formula if len(subtotals) == 1 and op == "sum" else None  # a listing adds nothing up
        if op == "sum" and len(printed) > 1:
            formula = derived.sum_formula([d.value for d in printed])
            text += (" " if en else "") + measures_total(formula, printed[0].unit or "", len(printed), en)
        if adding and any(not d.complete for d in subtotals):
            text += incomplete(en)
        figures = [c for x in rows for c in x[4]]
        reported = [c for c in figures if c["status"] == "reported"]
        if len(reports) == 1 and reported:
            text += sources_sentence([cite(c, en) for c in reported], en)
        warnings = self.figs.failed_checks(reported, en)
        if warnings:
            text += notes(warnings, en, limit=len(warnings))
        route = {"sum": "derived", "rank": "rank", "trend": "trend"}.get(op) or (
            "compare" if len(reports) > 1 else "derived" if any(len(d.operands) > 1 for d in subtotals) else "figure")
        return Answer(q.text, route, text, figures, warnings=warnings, formula=formula,
                      table=[t for x in rows for t in x[3]])

    def _measure_rows(self, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Per report: (report, each measure worded, their sum, table rows, cells); one lookup per measure."""
        en = q.english
        bulk = [self.figs.bulk(a, reports) for a in q.measures]
        out = []
        for r in reports:
            mine = [b.get(r["id"], []) for b in bulk]
            terms, table = [], []
            for ask, m, cells in zip(q.measures, frame.measures, mine):
                d = derived.total(cells)
                label = self.figs.label(ask, cells[0], en) if cells else m.label
                terms.append(term(label, self._shown(d, en), self._parts(d), en))
                table.append({**self._row(r, d, en), "metric": m.key, "label": label})
            every = [c for cells in mine for c in cells]
            out.append((r, terms, derived.total(every), table, every))
        return out

    @staticmethod
    def _shown(d: derived.Derived, en: bool) -> str:
        """A measure's value: the printed cell as printed, a sum as its result, or why there is none."""
        if d.value is None:
            return (STATUS_EN if en else STATUS_ZH).get(Answerer._status(d), "—")
        if len(d.operands) == 1:
            return amount(d.operands[0], en)
        return derived.shown_value(d, en)

    @staticmethod
    def _parts(d: derived.Derived) -> str:
        """The printed cells a sum adds ("26 + 20"), when it adds more than one."""
        values = [c["value"] for c in d.operands if c["status"] == "reported" and c["value"] is not None]
        return " + ".join(number(v) for v in values) if len(values) > 1 else ""

    # ------------------------------------------------------------ across reports
    def _many(self, q: Question, reports: list[dict[str, Any]], route: str) -> Answer:
        """Rank, compare or trend over every report chosen.

        Every report's value comes from one query of plain tuples (`FigureLookup.light`);
        cells, checks and wording are built only for the rows the answer shows (the top ten,
        every side of a named comparison, every year of a few issuers' trend; a trend over
        many issuers is summed per year), and every row is in `Answer.table`. Where a cell is
        blank the text is used and marked, in one lexical search, when few enough reports are
        blank for that search to stay bounded (PROSE_REPORTS); otherwise the answer says so."""
        en, ask = q.english, q.metric
        assert ask is not None
        ratio = bool(q.ratio) and self._ratio_asks(q, ask) is not None  # a share of a total is the figure itself
        light = self._ratio_light(q, ask, reports) if ratio else self.figs.light(ask, reports)
        blank = [r for r in reports if light[r["id"]].value is None]
        searched = len(blank) <= PROSE_REPORTS
        quoted = self._numbers_in_prose(q, blank, ask) if blank and searched and not ratio else {}
        rows = [(r, light[r["id"]], quoted.get(r["id"]),
                 light[r["id"]].value if light[r["id"]].value is not None else
                 (quoted[r["id"]].value if r["id"] in quoted else None)) for r in reports]
        with_value, without = self._ordered(q, rows, route)
        per_year = route == "trend" and not q.issuers and len(rows) > TOP
        # A trend lists every year; a comparison of named issuers shows every side, printed or not.
        every_side = (route == "trend" and not per_year) or (route == "compare" and bool(q.issuers) and len(rows) <= TOP)
        listed = [] if per_year else (with_value if route == "trend" else with_value[:q.top or TOP])  # 前三: three
        shown = listed + (without if every_side else [])
        full = self._full([x[0] for x in shown + [x for x in rows if x[2] is not None and x[1].value is None]], q, ask, ratio)
        label = self._many_label(q, ask, full, reports, en)
        lines = self._per_year(with_value, without, en) if per_year else [self._line(x, full, en) for x in shown]
        text = many_sentence("sum" if q.intent == "sum" and route == "compare" else route, label, lines, en)
        rest = 0 if per_year else len(with_value) - len(listed)
        text += more_reports(rest, en) if rest > 0 else ""
        if without and not every_side and not per_year:
            counts: dict[str, int] = {}
            for _, lt, _, _ in without:
                counts[lt.status] = counts.get(lt.status, 0) + 1
            text += not_printed(counts, en)
        text += blank_not_searched(len(blank), en) if blank and not searched and not ratio else ""
        if route == "rank" and with_value:
            top = with_value[0]
            value = self._line(top, full, en).split(": " if en else "：", 1)[1]
            text = rank_lead(q.ascending, top[0]["issuer"], top[0]["year"], value, en) + text
        formula, said = self._many_formula(q, route, with_value, without, every_side, ratio)
        text += said
        figures = [c for r in (x[0] for x in shown) for c in full[r["id"]].operands]
        text_figs = [self._quoted_json(r, found, full[r["id"]]) for r, lt, found, _ in rows if found and lt.value is None]
        warnings = self.figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
        others = self.figs.failed_elsewhere(ask, {x[0]["id"] for x in with_value if x[1].value is not None}
                                            - {x[0]["id"] for x in shown}) if not ratio else 0
        warnings += [others_fail(others, en)] if others else []
        text += notes(warnings, en) if warnings else ""
        asks = self._ratio_asks(q, ask) if ratio else None  # None also when the rate has no known operands
        metric = ("+".join(a.row for a in asks[0]) + " / " + asks[1].row
                  if asks else " + ".join(self.figs.keys_of_all(ask, reports)))
        table = self._table(with_value + without, metric, label)
        if route == "trend":
            table.sort(key=lambda t: t["year"] or 0)
        answer_route = "derived" if q.intent == "sum" else route
        return Answer(q.text, answer_route, text, text_figs + figures, warnings=warnings, formula=formula,
                      table=table)

    @staticmethod
    def _ordered(q: Question, rows: list[tuple[Any, ...]], route: str
                 ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Rows with a value (by year for a trend, else by value) and rows without one (by year, issuer)."""
        with_value = [x for x in rows if x[3] is not None]
        without = sorted((x for x in rows if x[3] is None), key=lambda x: (x[0]["year"] or 0, x[0]["issuer"] or ""))
        if route == "trend":
            with_value.sort(key=lambda x: (x[0]["year"] or 0, x[0]["issuer"] or ""))
        else:
            # A report whose issuer was not found (None) still ranks: ties put it first.
            with_value.sort(key=lambda x: (x[3] if q.ascending else -x[3], x[0]["issuer"] or "", x[0]["year"] or 0))
        return with_value, without

    def _line(self, x: tuple[Any, ...], full: dict[str, derived.Derived], en: bool) -> str:
        """One report's part of a rank, compare or trend sentence."""
        r, lt, found, value = x
        d = full[r["id"]]
        name = report_name(r, en)
        if found is not None and lt.value is None:
            return quoted_line(name, found.value, found.unit, found.clause, self._status(d), en)
        if value is None:
            return status_line(name, self._status(d), en)
        shown_value = (derived.shown_value(d, en) if not (len(d.operands) == 1 and not d.percent)
                       else amount(d.operands[0], en))
        return value_line(name, shown_value, d.complete, en)

    @staticmethod
    def _quoted_json(report: dict[str, Any], found: FoundNumber, d: derived.Derived) -> dict[str, Any]:
        """A figure a blank report's text gives, cited to its passage (and named for the cell, when one)."""
        one = d.operands[0] if len(d.operands) == 1 else None
        return text_figure_json(found, report, one["metric"] if one else None, one["label"] if one else None)

    @staticmethod
    def _many_formula(q: Question, route: str, with_value: list[tuple[Any, ...]], without: list[tuple[Any, ...]],
                      every_side: bool, ratio: bool) -> tuple[str | None, str]:
        """A comparison's difference of the first two, or a sum's terms: the formula and its sentence."""
        en = q.english
        if route == "compare" and len(with_value) >= 2 and q.intent != "sum" and not q.each:  # 分别: no verdict
            (ra, la, fa, va), vb = with_value[0], with_value[1][3]
            gap = va - vb
            unit = "%" if ratio else (la.unit or (fa.unit if fa else ""))
            mark = [("" if x[1].value is not None else from_text_mark(en)) for x in with_value[:2]]
            formula = (f"{va:.1f}% − {vb:.1f}% = {gap:.1f}" if ratio
                       else f"{number(va)}{mark[0]} − {number(vb)}{mark[1]} = {number(gap)}")
            said = larger_by(report_name(ra, en), gap_shown(gap, unit, ratio, en), formula, en) if gap else equal(en)
            return formula, said
        if route == "compare" and every_side and len(with_value) < 2 and q.intent != "sum":
            return None, one_side_only(en)
        if q.intent != "sum" or not with_value:
            return None, ""
        total = sum(x[3] for x in with_value)
        terms = [number(x[3]) + ("" if x[1].value is not None else from_text_mark(en)) for x in with_value]
        formula = " + ".join(terms) + f" = {number(total)}" if len(terms) > 1 else number(total)
        unit = next((x[1].unit for x in with_value if x[1].unit), "") or (with_value[0][2].unit if with_value[0][2]
                                                                        else "")
        said = sum_found(terms, total, unit, SUM_TERMS, en)
        if without or any(not x[1].complete for x in with_value if x[1].value is not None):
            said += sum_incomplete_reports(en)
        return formula, said

    def _full(self, reports: list[dict[str, Any]], q: Question, ask: MetricAsk,
              ratio: bool) -> dict[str, derived.Derived]:
        """The ask's figure, with its cells, in the few reports an answer shows."""
        if ratio:
            return {r["id"]: self._ratio_value(q, r) for r in reports}
        cells = self.figs.bulk(ask, reports)
        return {r["id"]: derived.total(cells.get(r["id"], [])) for r in reports}

    def _many_label(self, q: Question, ask: MetricAsk, full: dict[str, derived.Derived],
                    reports: list[dict[str, Any]], en: bool) -> str:
        if q.ratio == "disclosure_rate":
            return "disclosure rate [公开率]" if en else "公开率"
        sample = next((d.operands[0] for d in full.values() if d.operands), None)
        if sample is None and reports:
            sample = self.figs.cells(ask, reports[0])[0]
        return self.figs.label(ask, sample, en) if sample else ask.row

    def _per_year(self, with_value: list[tuple[Any, ...]], without: list[tuple[Any, ...]], en: bool) -> list[str]:
        """A trend over many issuers: each year's sum of the printed figures, and how many reports print it."""
        years: dict[int | None, list[tuple[Any, ...]]] = {}
        for x in with_value + without:
            years.setdefault(x[0]["year"], []).append(x)
        lines = []
        for year in sorted(years, key=lambda y: y or 0):
            xs = years[year]
            have = [x for x in xs if x[3] is not None]
            unit = next((x[1].unit for x in have if x[1].unit), None) or next((x[2].unit for x in have if x[2]), "")
            total = number(sum(x[3] for x in have)) if have else "—"
            quoted = sum(1 for x in have if x[1].value is None)  # values taken from the text, marked
            lines.append(per_year_line(year, total, unit, len(have), len(xs) - len(have), en, quoted))
        return lines

    def _ratio_light(self, q: Question, ask: MetricAsk, reports: list[dict[str, Any]]) -> dict[str, Light]:
        """A rate or share in every report, from the lighter lookups of its numerator and denominator
        (the same value and formula as `derived.ratio`; thousands of reports, so kept lean)."""
        asks = self._ratio_asks(q, ask)
        assert asks is not None
        parts = [self.figs.light(a, reports) for a in asks[0]]
        whole = self.figs.light(asks[1], reports)
        out = {}
        order = {"unreadable": 0, "blank": 1, "absent": 2}
        for r in reports:
            rid = r["id"]
            ps, w = [p[rid] for p in parts], whole[rid]
            terms = ps[0].terms if len(ps) == 1 else tuple(t for p in ps for t in p.terms)
            if terms and w.value:  # neither missing nor 0
                value = 100.0 * sum(terms) / w.value
                formula = derived.ratio_formula(terms, w.terms, value)
                complete = w.complete and all(p.complete for p in ps)
                first = next((p.first_missing for p in ps if p.first_missing), w.first_missing)
                out[rid] = Light(value, "%", "reported", first, complete, (), ps[0].cite, formula)
                continue
            missing = [p.first_missing for p in ps if p.first_missing] + ([w.first_missing] if w.first_missing else [])
            statuses = [p.status for p in ps if p.status != "reported"] + ([w.status] if w.status != "reported" else [])
            worst = min(statuses, key=lambda st: order.get(st, 2)) if statuses else "absent"
            out[rid] = Light(None, "%", worst, missing[0] if missing else None, False, (), ps[0].cite, None)
        return out

    @staticmethod
    def _table(rows: list[tuple[Any, ...]], metric: str, label: str) -> list[dict[str, Any]]:
        """The table of a rank, compare or trend answer: one row per report (thousands, so kept lean)."""
        out = []
        for report, lt, found, _ in rows:
            quote = None
            if found is not None and lt.value is None:
                value, unit, formula, quote = as_number(found.value), found.unit, None, found.quote
                status, cite = lt.first_missing or "absent", found.passage.chunk.cite
            else:
                value, unit, cite, status = lt.value, lt.unit, lt.cite, lt.status
                if value is None:
                    formula = None
                elif lt.formula is None and len(lt.terms) == 1 and isinstance(value, float) and value.is_integer():
                    value = int(value)
                    formula = str(value)
                else:
                    value = as_number(value)
                    formula = lt.shown_formula()
            out.append({"issuer": report["issuer"], "region": report["region"], "year": report["year"],
                        "metric": metric, "label": label, "value": value, "unit": unit, "status": status,
                        "from_text": found is not None and lt.value is None, "complete": lt.complete,
                        "formula": formula, "source_file": report["source_file"], "report_id": report["id"],
                        "cite": cite})
            if quote:  # a value from the text carries its sentence (DESIGN.md)
                out[-1]["quote"] = quote
        return out

    @staticmethod
    def _status(d: derived.Derived) -> str:
        statuses = {c["status"] for c in d.missing} or {"absent"}
        for s in ("unreadable", "blank", "absent"):
            if s in statuses:
                return s
        return "absent"

    # ------------------------------------------------------------ numbers and strings in the prose
    def _measure(self, ask: MetricAsk | None, ratio: str | None = None
                 ) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        if ratio in MEASURES:
            return MEASURES[ratio]
        if ask is None:
            return None
        return MEASURES.get(ask.row)

    def _number_in_prose(self, q: Question, reports: list[dict[str, Any]], ask: MetricAsk | None):
        passages = retrieve(self.store, q.text, self._ids(reports), limit=5, use_vectors=self.use_vectors)
        return self._pick(q, reports[0], passages, ask)

    def _pick(self, q: Question, report: dict[str, Any], passages: list[Passage], ask: MetricAsk | None,
              top: int = 3, strict: bool = False) -> FoundNumber | None:
        """The number of the passages for the figure asked (`strict`: only one whose sentence
        states exactly that figure, never a wider or combined quantity to quote)."""
        required: tuple[tuple[str, ...], ...] = ()
        units = None
        asked = None
        if ask is not None:
            required = tuple(g for g in (chinese(ROWS.get(ask.row, ())), chinese(column_phrases(ask))) if g)
            units = (METRICS[self.figs.keys(ask, report)[0]].unit,)
            asked = asked_measure(ask, q.text)
        if q.ratio:
            units = ("%",)
            required = ()
            asked = None
        return find_number(q.text, passages, self._place_words([report]), required, units,
                           self._measure(ask, q.ratio), top, asked, strict)

    def _numbers_in_prose(self, q: Question, reports: list[dict[str, Any]], ask: MetricAsk
                          ) -> dict[str, FoundNumber]:
        """For reports whose cell is blank: a number from each one's text, with one lexical search."""
        if not reports:
            return {}
        ids = [r["id"] for r in reports]
        passages = retrieve(self.store, " ".join([q.text, *chinese(ROWS.get(ask.row, ()))[:2]]), ids,
                            limit=min(200, 4 * len(ids)), use_vectors=False)
        by_report: dict[str, list[Passage]] = {}
        for p in passages:
            by_report.setdefault(p.report_id, []).append(p)
        out = {}
        for r in reports:
            if r["id"] not in by_report:
                continue
            found = self._pick(q, r, by_report[r["id"]], ask, strict=True)  # a ranking shows no quote-only number
            if found is not None:
                out[r["id"]] = found
        return out

    def _place_words(self, reports: list[dict[str, Any]]) -> set[str]:
        """Words naming these reports' places and years (for many reports: those of every report, kept)."""
        if len(reports) > PLACE_WORDS_OF:
            if self._all_place_words is None:
                self._all_place_words = self._place_words_of(self.reports())
            return self._all_place_words
        return self._place_words_of(reports)

    @staticmethod
    def _place_words_of(reports: list[dict[str, Any]]) -> set[str]:
        words: set[str] = set()
        for r in reports:
            words |= _report_words(r["issuer"], r["region"], r["year"])
        return words

    def _ids(self, reports: list[dict[str, Any]]) -> list[str] | None:
        """Report ids to restrict a search to; None for every report (no restriction to pass around)."""
        return None if len(reports) == len(self.reports()) else [r["id"] for r in reports]

    def _in_text(self, q: Question, reports: list[dict[str, Any]]) -> Answer:
        """A number the tables do not hold (信息处理费, 考核分值): from the sentence stating it, or
        the passages with a word that no sentence states it."""
        en = q.english
        found = self._number_in_prose(q, reports, None)
        if not found:
            answer = self._passages(q, reports)
            if answer.route == "passage":
                answer.answer = ("Not found in the text: no sentence states such a number; the nearest passages: " if en
                                 else "报告正文中未找到写明所问数字的句子；相关段落如下。") + answer.answer
            return answer
        p = found.passage
        report = next(r for r in reports if r["id"] == p.report_id)
        who = report_name(report, en)
        text = (f"{who}: {number(found.value)} {found.unit} — the report says “{found.quote}” ({who}, {p.chunk.cite})."
                if en else
                f"{who}写道：“{found.quote}”，即 {found.text.replace(' ', '')}。出处：{who}，{p.chunk.cite}。")
        return Answer(q.text, "figure_in_text", text, [text_figure_json(found, report)], [passage_json(p, report)])

    def _string(self, q: Question, reports: list[dict[str, Any]]) -> Answer:
        """A phone number, an e-mail, an address or a person, taken from the passage that states it."""
        en = q.english
        passages = retrieve(self.store, q.search or q.text, self._ids(reports), limit=5,
                            use_vectors=self.use_vectors)
        assert q.wants is not None
        for p in passages:
            hit = find_string(q.wants, p.chunk.text, q.text)
            if hit:
                report = self.by_id(p.report_id)
                who = report_name(report, en)
                text = (f"{who}: {hit.value} — the report says “{hit.sentence}” ({who}, {p.chunk.cite})." if en
                        else f"{who}：{hit.value}。报告写道：“{hit.sentence}”（{who}，{p.chunk.cite}）。")
                return Answer(q.text, "passage", text, [], [passage_json(p, report)])
        return self._passages(q, reports)

    def _passages(self, q: Question, reports: list[dict[str, Any]]) -> Answer:
        en = q.english
        asked = q.search or q.text
        places = self._place_words(reports)
        passages = retrieve(self.store, asked, self._ids(reports), limit=8, use_vectors=self.use_vectors,
                            exclude=places)
        words = {w for w in tokenize(expand_query(asked)) if len(w) > 1 and _CJK.search(w)} - places
        intent = find_intent(asked)
        if intent is None:
            # A passage under a heading that says what was asked goes first (an intent's
            # headings are already counted by retrieval, with its section and cue words).
            passages = sorted(passages, key=lambda p: -sum(1 for w in words if w in p.chunk.cite))
        passages = passages[:3]
        if passages and all(p.lexical is None for p in passages) and not (q.places or q.metric):
            passages = []  # nothing shares the question's words: do not offer passages picked by chance
        content = words - _QUESTION_WORDS
        if passages and content and not any(w in p.chunk.text for p in passages for w in content):
            passages = []  # only the place name matched ("海东天气怎么样")
        if not passages:
            return Answer(q.text, "none", ("No passage in the reports answers this. " if en
                                           else "报告中没有找到相关段落。") + help_text(en))
        items = [passage_json(p, self.by_id(p.report_id)) for p in passages]
        first = items[0]
        who = report_name(first, en)
        lead = passages[0].lead
        head = (f"{who} ({first['section']}): “{lead}”" if en else f"{who}（{first['section']}）写道：“{lead}”")
        if intent is not None and not any(intent.cue(s) for p in passages for s in sentences(p.chunk.text)):
            # No sentence says what was asked (who leads, a fee…): say so rather than quote the nearest as the answer.
            head = ("No sentence of the report says this directly; the nearest passage: " if en
                    else "报告中没有直接写明这一点的句子，最接近的段落：") + head
        lines = [f"[{i}] {report_name(it, en)} › {it['section']}：{it['text']}" for i, it in enumerate(items, 1)]
        more = "Passages (quoted in Chinese):" if en else "相关段落："
        return Answer(q.text, "passage", head + "\n" + more + "\n" + "\n".join(lines), [], items)
