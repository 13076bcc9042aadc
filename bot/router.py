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
from .in_text import FoundNumber, find_number
from .issuers import AMBIGUOUS, DEPARTMENTS_ONLY, IssuerMatch, IssuerMatcher, IssuerRecord, speaks_for_place
from .lexicon import (
    GLOSSARY,
    MEASURES,
    RATES,
    ROWS,
    MetricAsk,
    chinese,
    column_phrases,
    expand_query,
)
from .measure import asked_measure, why_not
from .question import Question, follow_up, parse
from .retrieval import Passage, retrieve
from .strings import find_string
from .wording import (
    STATUS_EN,
    STATUS_ZH,
    amount,
    cite,
    help_text,
    number,
    report_name,
    source,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUESTION_WORDS = frozenset({"怎么样", "什么", "哪些", "情况", "如何", "多少", "是否", "有没有", "怎么", "为什么", "报告"})
_CELL_ZH = {"blank": "空白", "unreadable": "无法读取"}
TOP = 10  # rows a rank or compare answer lists in its sentence; the full rows are in Answer.table
# Blank reports whose texts one multi-report answer searches for the figure: within this
# many, the lexical index is restricted inside its query (index.lexical.MAX_IN_MATCH) and
# the search stays a few tens of ms whatever the store's size.
PROSE_REPORTS = 200
PLACE_WORDS_OF = 50  # beyond this many reports, the place words of every report (computed once) stand in
SUM_TERMS = 20  # a sum of more figures shows its first terms and the count; every term is in the table
# Words that make a question about the reports at all; without one (and no place, year or
# figure) it is off-topic and gets help, not passages chosen because nothing matched.
_DOMAIN = re.compile(r"公开|申请|信息|政务|报告|年报|网站|复议|诉讼|许可|处罚|强制|收费|采购|平台|培训|问题|政府|领导|制度|"
                     r"解读|热线|新媒体|公众号|考核|监督|改进|措施|工作|文件|规章|办理|答复|依申请|会议|发布|"
                     r"report|government|disclos|request|lawsuit|review|licen|fee|penalt|procure",
                     re.IGNORECASE)


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
        q = follow_up(parse(text, self.matcher(), self.today), previous)
        answer = self._route(q)
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

    def _route(self, q: Question) -> Answer:
        en = q.english
        if not self.reports():
            return Answer(q.text, "none", "No reports are stored yet: run `nianbao ingest PATH`." if en
                          else "尚未导入任何报告：请先运行 `nianbao ingest 路径`。")
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
        if self._off_topic(q):
            return Answer(q.text, "none", ("That is not something the reports answer. " if en
                                           else "这个问题不在年度报告的范围内。") + help_text(en))

        if q.intent == "difference" and q.metric is not None:
            answer = self._difference(q)
            if answer is not None:
                answer.warnings = warnings + answer.warnings
                return answer
            q.intent = "compare"
        reports, note, refusal = self._select(q)
        if refusal:
            return Answer(q.text, "none", refusal, warnings=warnings)
        numeric = q.metric is not None and (q.quantity or q.intent != "single" or bool(q.inherited) or bool(q.ratio)
                                            or (not q.descriptive and len(_CJK.findall(q.text)) <= 16))
        if numeric:
            if q.intent == "rank" or (not q.issuers and len(reports) > 1 and q.intent != "trend"):
                answer = self._many(q, reports, "rank" if q.intent == "rank" else "compare")
            elif q.intent == "trend":
                answer = self._many(q, reports, "trend")
            elif q.intent in ("compare", "sum") or len(reports) > 1:
                answer = self._many(q, reports, "compare")
            elif q.ratio:
                answer = self._rate(q, reports[0])
            else:
                answer = self._figure(q, reports[0])
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

    def _off_topic(self, q: Question) -> bool:
        if q.metric is not None or q.places or q.years or q.wants:
            return False
        if _DOMAIN.search(q.text):
            return False
        lower = q.text.lower()
        return not any(re.search(r"(?<![a-z])" + re.escape(w), lower) for w in GLOSSARY)

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
            parts = ("，".join(f"{c['label'].split(' · ')[-1]} {amount(c)}" for c in extra)
                     if not en else ", ".join(f"{METRICS[c['metric']].english.split(', ')[-1]} "
                                               f"{amount(c, True)}" for c in extra))
            text = (f"{who}: {label} = {amount(fig, True)}{f' ({parts})' if parts else ''}. {source(fig, True)}."
                    if en else
                    f"{who}：{label} {amount(fig)}{f'（{parts}）' if parts else ''}。{source(fig)}。")
            if warnings:
                text += (" Note: " if en else " 注意：") + "；".join(warnings)
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
        if en:
            text = (f"{who}: {label} = {d.formula} {'' if d.unit in ('件', None) else d.unit} "
                    f"(sum of {operands}){missing}.").replace("  ", " ")
        else:
            added = f"（{operands}相加）" if len(d.operands) - len(d.missing) > 1 else f"（{operands}）"
            text = f"{who}：{label}合计 {d.formula} {d.unit or ''}{added}{missing}。".replace(" （", "（")
        text += (f" Source: {who}, {cells[0]['cite'].rsplit(' › ', 1)[0]}." if en
                 else f"出处：{who}，{cells[0]['cite'].rsplit(' › ', 1)[0]}。")
        if warnings:
            text += (" Note: " if en else " 注意：") + "；".join(warnings)
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
        if en:
            said = "; ".join(f"{', '.join(ns)} {STATUS_EN[s]}" for s, ns in groups.items())
            return f"; not counted, so the result is incomplete: {said}"
        said = "；".join(f"{'、'.join(ns)}{STATUS_ZH[s]}" for s, ns in groups.items())
        return f"；未计入（结果因此不完整）：{said}"

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
            name = ("disclosure rate [公开率] = (granted + partially granted) / results total" if en
                    else "公开率 =（予以公开 + 部分公开）/ 办理结果总计")
        else:
            label = self.figs.label(ask, part_cells[0], en)
            whole_label = self.figs.label(whole_ask, self.figs.cells(whole_ask, report)[0], en)
            name = f"share: {label} / {whole_label}" if en else f"占比：{label} / {whole_label}"
        whole_cells = self.figs.cells(whole_ask, report)
        d = derived.ratio(derived.total(part_cells), derived.total(whole_cells))
        who = report_name(report, en)
        cells = part_cells + whole_cells
        warnings = self.figs.failed_checks(cells, en)
        if d.value is None:
            text = (f"{who}: the {name} cannot be computed: " if en else f"{who}：无法计算{name.split('=')[0].strip()}：")
            text += self._missing_operands(d, en).lstrip("；; ") or ("the denominator is 0" if en else "分母为 0")
            return Answer(q.text, "derived", text + ("." if en else "。"), cells, warnings=warnings)
        missing = self._missing_operands(d, en)
        text = (f"{who}: {name}: {d.formula}{missing}. Source: {who}, "
                f"{cells[0]['cite'].split(' › ')[0]}." if en else
                f"{who}：{name}，{d.formula}{missing}。出处：{who}，{cells[0]['cite'].split(' › ')[0]}。")
        if warnings:
            text += (" Note: " if en else " 注意：") + "；".join(warnings)
        return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula)

    @staticmethod
    def _ratio_asks(q: Question, ask: MetricAsk) -> tuple[list[MetricAsk], MetricAsk] | None:
        """The numerator and denominator of 公开率 or of the share asked; None: a plain figure."""
        column = ask.column or "total"
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
        reports = self.reports()
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
                    text = (f"There is no {q.years[0] - 1} report on file for {q.issuers[0]} to compare with."
                            if en else f"没有{q.issuers[0]} {q.years[0] - 1} 年的报告，无法同比。")
                    return Answer(q.text, "none", text + " " + self.on_file(en))
            elif len(mine) >= 2:
                pair = [mine[-1], mine[-2]]
        if len(pair) != 2:
            return None
        a, b = pair
        if q.ratio:
            da = self._ratio_value(q, a)
            db = self._ratio_value(q, b)
        else:
            da, db = self._value(q, ask, a), self._value(q, ask, b)
        d = derived.difference(da, db)
        label = self.figs.label(ask, (da.operands or db.operands)[0], en) if not q.ratio else (
            "disclosure rate" if en else "公开率")
        na, nb = report_name(a, en), report_name(b, en)
        cells = da.operands + db.operands
        warnings = self.figs.failed_checks(cells, en)
        if d.value is None:
            missing = self._missing_operands(d, en).lstrip("；; ")
            text = (f"“{label}”: {na} {derived.shown_value(da, en)}, {nb} {derived.shown_value(db, en)}; "
                    f"the difference cannot be computed: {missing}." if en else
                    f"“{label}”：{na} {derived.shown_value(da)}，{nb} {derived.shown_value(db)}；无法计算差额：{missing}。")
            return Answer(q.text, "derived", text, cells, warnings=warnings)
        bigger, smaller = (na, nb) if d.value >= 0 else (nb, na)
        if d.value < 0:
            d = derived.difference(db, da)  # the formula reads larger − smaller
        gap = derived.Derived(abs(d.value), d.unit, "", percent=d.percent)
        if d.value == 0:
            verdict = "the two are equal" if en else "两者相同"
        else:
            by = ((f"{gap.value:.1f} percentage points" if en else f"{gap.value:.1f} 个百分点") if d.percent
                  else derived.shown_value(gap, en))
            verdict = f"{bigger} is higher by {by}" if en else f"{bigger}比{smaller}多 {by}"
        text = (f"“{label}”: {na} {derived.shown_value(da, True)}, {nb} {derived.shown_value(db, True)}; "
                f"{verdict} ({d.formula}){self._missing_operands(d, en)}." if en else
                f"“{label}”：{na} {derived.shown_value(da)}，{nb} {derived.shown_value(db)}；{verdict}"
                f"（{d.formula}）{self._missing_operands(d, en)}。")
        text += (" Sources: " if en else " 出处：") + ("; " if en else "；").join(
            dict.fromkeys(cite(c, en) for c in cells if c["status"] == "reported")) + ("." if en else "。")
        if warnings:
            text += (" Note: " if en else " 注意：") + "；".join(warnings)
        table = [self._row(r, dd, en) for r, dd in ((a, da), (b, db))]
        return Answer(q.text, "derived", text, cells, warnings=warnings, formula=d.formula, table=table)

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
        rows = []
        for r in reports:
            lt, found = light[r["id"]], quoted.get(r["id"])
            rows.append((r, lt, found, lt.value if lt.value is not None else (found.value if found else None)))
        with_value = [x for x in rows if x[3] is not None]
        without = sorted((x for x in rows if x[3] is None), key=lambda x: (x[0]["year"] or 0, x[0]["issuer"] or ""))
        if route == "trend":
            with_value.sort(key=lambda x: (x[0]["year"] or 0, x[0]["issuer"] or ""))
        else:
            # A report whose issuer was not found (None) still ranks: ties put it first.
            with_value.sort(key=lambda x: (x[3] if q.ascending else -x[3], x[0]["issuer"] or "", x[0]["year"] or 0))
        per_year = route == "trend" and not q.issuers and len(rows) > TOP
        # A trend lists every year; a comparison of named issuers shows every side, printed or not.
        every_side = (route == "trend" and not per_year) or (route == "compare" and bool(q.issuers) and len(rows) <= TOP)
        listed = [] if per_year else (with_value if route == "trend" else with_value[:TOP])
        shown = listed + (without if every_side else [])
        full = self._full([x[0] for x in shown + [x for x in rows if x[2] is not None and x[1].value is None]], q, ask, ratio)
        label = self._many_label(q, ask, full, reports, en)

        def show(x: tuple[Any, ...]) -> str:
            r, lt, found, value = x
            d = full[r["id"]]
            name = report_name(r, en)
            if found is not None and lt.value is None:
                unit = "" if found.unit == "件" else f" {found.unit}"
                return (f"{name}: {number(found.value)}{unit} (from the text: “{found.clause}”; table cell "
                        f"{STATUS_EN.get(self._status(d), 'blank')})" if en else
                        f"{name}：{number(found.value)} {found.unit}（表格此栏{_CELL_ZH.get(self._status(d), '未印出')}，"
                        f"引自正文：“{found.clause}”）")
            if value is None:
                status = (STATUS_EN if en else STATUS_ZH).get(self._status(d), "—")
                return f"{name}: {status}" if en else f"{name}：{status}"
            shown_value = (derived.shown_value(d, en) if not (len(d.operands) == 1 and not d.percent)
                           else amount(d.operands[0], en))
            extra = "" if d.complete else (" (incomplete: some cells blank)" if en else "（部分栏目空白，合计不完整）")
            return f"{name}: {shown_value}{extra}" if en else f"{name}：{shown_value}{extra}"

        head = {"rank": ("Ranked by", "按“{}”排序"), "compare": ("Compared:", "“{}”对比"),
                "trend": ("Over the years:", "“{}”历年情况")}[route]
        sep = "; " if en else "；"
        lines = self._per_year(with_value, without, en) if per_year else [show(x) for x in shown]
        text = (f"{head[0]} {label}: " if en else head[1].format(label) + "：") + sep.join(lines) + ("." if en else "。")
        rest = 0 if per_year else len(with_value) - len(listed)
        if rest > 0:
            text += (f" {rest} more reports have a figure (all rows in the table)." if en
                     else f"另有 {rest} 份报告有此数字（完整列表见表格）。")
        if without and not every_side and not per_year:
            counts: dict[str, int] = {}
            for _, lt, _, _ in without:
                counts[lt.status] = counts.get(lt.status, 0) + 1
            said = (", ".join(f"{n} {STATUS_EN[s]}" for s, n in counts.items()) if en
                    else "，".join(f"{n} 份{STATUS_ZH[s]}" for s, n in counts.items()))
            text += (f" {len(without)} report{'s do' if len(without) > 1 else ' does'} not print this ({said}); "
                     "a blank is not counted as zero." if en else
                     f"另有 {len(without)} 份报告未印出此数字（{said}），空白不计为零。")
        if blank and not searched and not ratio:
            text += (f" With {len(blank)} reports blank, their texts were not searched for the figure: ask about "
                     "one of them by name to see what its text says." if en else
                     f"此栏空白的报告有 {len(blank)} 份，未逐份查找正文中的数字；可按单位名称单独提问。")
        if route == "rank" and with_value:
            top = with_value[0]
            text = ((f"{'Fewest' if q.ascending else 'Most'}: {top[0]['issuer']} ({top[0]['year']}), "
                     f"{show(top).split(': ', 1)[1]}. ") if en else
                    f"{'最少' if q.ascending else '最多'}的是{top[0]['issuer']}（{top[0]['year']}年），"
                    f"{show(top).split('：', 1)[1]}。") + text
        formula = None
        if route == "compare" and len(with_value) >= 2 and q.intent != "sum":
            (ra, la, fa, va), vb = with_value[0], with_value[1][3]
            gap = va - vb
            unit = "%" if ratio else (la.unit or (fa.unit if fa else ""))
            shown_gap = (f"{gap:.1f} percentage points" if en else f"{gap:.1f} 个百分点") if ratio else (
                f"{number(gap)} {'' if en and unit == '件' else unit}".strip())
            mark = [("" if x[1].value is not None else (" (text)" if en else "（正文）")) for x in with_value[:2]]
            formula = (f"{va:.1f}% − {vb:.1f}% = {gap:.1f}" if ratio
                       else f"{number(va)}{mark[0]} − {number(vb)}{mark[1]} = {number(gap)}")
            text += (f" {report_name(ra, True)} is larger by {shown_gap} ({formula})." if en
                     else f"{report_name(ra)}较多，多 {shown_gap}（{formula}）。") if gap else (
                " The two are equal." if en else "两者相同。")
        if route == "compare" and every_side and len(with_value) < 2 and q.intent != "sum":
            text += (" Only one side prints this figure, so the two cannot be compared." if en
                     else "只有一方印出此数字，无法比较。")
        if q.intent == "sum" and with_value:
            total = sum(x[3] for x in with_value)
            terms = [number(x[3]) + ("" if x[1].value is not None else (" (text)" if en else "（正文）"))
                     for x in with_value]
            formula = " + ".join(terms) + f" = {number(total)}" if len(terms) > 1 else number(total)
            said = formula if len(terms) <= SUM_TERMS else (
                f"{' + '.join(terms[:3])} + … ({len(terms)} figures, every one in the table) = {number(total)}" if en
                else f"{' + '.join(terms[:3])} + …（共 {len(terms)} 项，逐项见表格）= {number(total)}")
            unit = next((x[1].unit for x in with_value if x[1].unit), "") or (with_value[0][2].unit if with_value[0][2]
                                                                            else "")
            text += (f" Sum of the figures found: {said} {unit or ''}." if en else f"合计 {said} {unit or ''}。")
            if without or any(not x[1].complete for x in with_value if x[1].value is not None):
                text += (" Incomplete: reports that do not print it are not counted." if en
                         else "合计不完整：未印出此数字的报告未计入。")
        figures = [c for r in (x[0] for x in shown) for c in full[r["id"]].operands]
        text_figs = [text_figure_json(found, r, full[r["id"]].operands[0]["metric"] if len(full[r["id"]].operands) == 1
                                      else None,
                                      full[r["id"]].operands[0]["label"] if len(full[r["id"]].operands) == 1 else None)
                     for r, lt, found, _ in rows if found and lt.value is None]
        warnings = self.figs.failed_checks([c for c in figures if c["status"] == "reported"], en)
        others = self.figs.failed_elsewhere(ask, {x[0]["id"] for x in with_value if x[1].value is not None}
                                            - {x[0]["id"] for x in shown}) if not ratio else 0
        if others:
            warnings.append(f"{others} more reports in the table fail a template check on this figure" if en
                            else f"表格中另有 {others} 份报告的此项未通过模板校验")
        if warnings:
            text += (" Note: " if en else " 注意：") + "；".join(warnings[:3]) + (
                f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else "")
        metric = ("+".join(a.row for a in self._ratio_asks(q, ask)[0]) + " / " + self._ratio_asks(q, ask)[1].row
                  if ratio else " + ".join(self.figs.keys_of_all(ask, reports)))
        table = self._table(with_value + without, metric, label)
        if route == "trend":
            table.sort(key=lambda t: t["year"] or 0)
        answer_route = "derived" if q.intent == "sum" else route
        return Answer(q.text, answer_route, text, text_figs + figures, warnings=warnings, formula=formula,
                      table=table)

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
            gap = len(xs) - len(have)
            quoted = sum(1 for x in have if x[1].value is None)  # values taken from the text, marked
            if en:
                lines.append(f"{year or 'undated'}: {total}{'' if unit in ('件', '') else ' ' + unit} summed over "
                             f"{len(have)} report{'s' if len(have) != 1 else ''}"
                             + (f" ({quoted} from the text)" if quoted else "")
                             + (f" ({gap} not printing it)" if gap else ""))
            else:
                lines.append(f"{year or '未注明年份'}年 {len(have)} 份报告合计 {total} {unit}".rstrip()
                             + (f"（其中 {quoted} 份引自正文）" if quoted else "")
                             + (f"（另 {gap} 份未印出）" if gap else ""))
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
        passages = retrieve(self.store, q.search or q.text, self._ids(reports), limit=8,
                            use_vectors=self.use_vectors)
        # A passage under a heading that says what was asked (存在的主要问题 for "存在什么问题") goes first.
        words = {w for w in tokenize(expand_query(q.search or q.text)) if len(w) > 1 and _CJK.search(w)}
        words -= self._place_words(reports)
        passages = sorted(passages, key=lambda p: -sum(1 for w in words if w in p.chunk.cite))[:3]
        if passages and all(p.lexical is None for p in passages) and not (q.places or q.metric):
            passages = []  # nothing shares the question's words: do not offer passages picked by chance
        content = words - _QUESTION_WORDS
        if passages and content and not any(w in p.chunk.text for p in passages for w in content):
            passages = []  # only the place name matched ("海东天气怎么样")
        if not passages:
            return Answer(q.text, "none", ("No passage in the reports answers this. " if en
                                           else "报告中没有找到相关段落。") + help_text(en))
        items = [passage_json(p, self.by_id(p.report_id)) for p in passages]
        lead = followup.lead_sentence(expand_query(q.search or q.text), items[0]["text"],
                                      self._place_words([self.by_id(passages[0].report_id)]))
        first = items[0]
        who = report_name(first, en)
        head = (f"{who} ({first['section']}): “{lead}”" if en else f"{who}（{first['section']}）写道：“{lead}”")
        lines = [f"[{i}] {report_name(it, en)} › {it['section']}：{it['text']}" for i, it in enumerate(items, 1)]
        more = "Passages (quoted in Chinese):" if en else "相关段落："
        return Answer(q.text, "passage", head + "\n" + more + "\n" + "\n".join(lines), [], items)
