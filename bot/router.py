"""The answering core: a question in, a grounded answer with citations out.

Figure questions are answered from stored cells (never from another report, never
a blank read as zero); a blank cell sends the question on to the prose, where a number
is used only when its measure words agree with the figure asked; sub-totals, sums,
differences and shares are computed from cited cells with the formula shown (route
"derived"); rank, compare and trend use every report on file; descriptive questions go
to retrieval; off-topic input gets help. Every interface (command line, chat, Telegram,
web) goes through the service, which calls `Answerer.ask` (or its two halves, `understand`
and `answer`, to hold a broad question: bot/web_lanes.py) and nothing below it.

The `Answerer` keeps the state (the reports read so far, in the shared `Catalog`; the issuers a
question names are looked up in the store, bot/issuer_lookup.py) and dispatches; each operation is planned by its own module of `bot/plan/`,
a function given the Answerer and the question that returns an `Answer`. A planner's module
is imported when a question first needs it: a one-figure `nianbao ask` loads only its own
(bench/startup.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from index.store import Store
from ingest.textmatch import cjk_count
from ingest.traditional import to_simplified

from . import followup
from .answer import CHART_ROUTES, Answer
from .catalog import Catalog
from .clauses import clauses, together
from .figures import FigureLookup
from .frame import Frame, understand
from .frame import build as build_frame
from .issuer_lookup import StoredIssuers
from .issuers import division_pinyin
from .lexicon import ROWS, english_label, foreign_column, read_as, states_a_number
from .plan.catalogue import catalogue_answer
from .plan.common import PLACE_WORDS_OF, TOP, at_level, place_words_of
from .plan.select import no_report, select
from .plan.value import figure_answer
from .question import Question
from .report_set import ReportSet
from .review.cross_year import METRICS as CARRY_METRICS
from .wording import (
    help_text,
    no_reports,
    no_such_column_note,
    off_topic_text,
    read_as_note,
    report_name,
    reports_on_file,
)


class Answerer:
    """Answers questions over one store."""

    def __init__(
        self,
        store: Store,
        use_vectors: bool = True,
        phrase: Callable[[Answer], Answer] | None = None,
        today: date | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self.store = store
        self.use_vectors = use_vectors
        self.phrase = phrase  # optional LLM rewording of passage answers
        self.today = today  # None: the real date (relative years such as 去年)
        self.figs = FigureLookup(store)
        self.full_table = False  # set by `ask(full_table=True)`: a ranking's table holds every report
        # Shared by the service's workers (one per process); an Answerer of its own keeps its own.
        self.catalog = catalog if catalog is not None else Catalog()
        self._frozen: tuple[int, ...] = ()

    # ------------------------------------------------------------ state
    def reports(self) -> list[dict[str, Any]]:
        """Every stored report (kept in the catalog), ordered by issuer and year."""
        return self.catalog.reports(self.store)

    def of_issuers(self, issuers: list[str]) -> list[dict[str, Any]]:
        """The reports of these issuers, in `reports()` order."""
        return list(self.catalog.of_issuers(self.store, issuers))

    def by_id(self, report_id: str) -> dict[str, Any]:
        return self.catalog.by_id(self.store, report_id)

    def matcher(self) -> StoredIssuers:
        """The issuer matcher (per question, over the issuers its words may name)."""
        return self.catalog.matcher(self.store)

    def refresh(self, version: int | None = None) -> None:
        """Forget the reports kept (after an ingest; with `version`, unless already rebuilt since)."""
        self.catalog.refresh(version)
        self.figs.forget()

    def on_file(self, english: bool = False) -> str:
        names = [report_name(r, english) for r in self.catalog.first(self.store, TOP)]
        return reports_on_file(names, self.catalog.count(self.store) - len(names), english)

    # ------------------------------------------------------------ entry point
    def ask(self, text: str, previous: Question | None = None, full_table: bool = False) -> tuple[Answer, Question]:
        """Answer one question; `previous` (the Question returned last time) carries the conversation.
        `full_table`: a ranking, comparison or trend carries every report in its table (for CSV),
        not only the rows it shows (`TABLE_INLINE`)."""
        self.full_table = full_table
        try:
            q, frame = self.understand(text, previous)
            return self.answer(text, q, frame, previous)
        finally:
            self.full_table = False

    def understand(self, text: str, previous: Question | None = None) -> tuple[Question, Frame]:
        """What a question asks, in the conversation `previous` carries: the first half of `ask`."""
        # Traditional characters made simplified first, as the stored text is (開平市 → 开平市).
        first, more = clauses(to_simplified(text).text)
        q, frame = understand(first, self.matcher(), previous, self._years_on_file, self.today)
        q.more = more  # answered after this one, each a follow-up of the one before
        return q, frame

    def answer(self, text: str, q: Question, frame: Frame, previous: Question | None = None) -> tuple[Answer, Question]:
        """The answer to a question `understand` has read: the second half of `ask`."""
        answer = self._route(q, frame)
        if any(f.get("metric") in CARRY_METRICS for f in answer.figures):  # else there is nothing to check
            from .review.answers import cross_year_notes

            named = [str(f["issuer"]) for f in answer.figures if f.get("issuer")]
            answer.warnings += cross_year_notes(self.store, self.of_issuers(named), answer.figures, q.english)
        answer.question = text
        answer.frame = frame.to_json()
        if answer.chart is None and answer.route in CHART_ROUTES:  # many.py gives the rows its sentence shows
            from .chart_spec import answer_chart  # here: a figure answer has no chart, nor needs the module

            answer.chart = answer_chart(answer, q.english)
        if q.year_note:  # say how 去年 / last year was read
            answer.answer = f"{q.year_note}{answer.answer}" if not q.english else f"{q.year_note} {answer.answer}"
        answer.understood = {
            "issuers": q.issuers,
            "years": q.years,
            "intent": q.intent,
            "metric": {"row": q.metric.row, "column": q.metric.column} if q.metric else None,
            "ratio": q.ratio,
            "level": q.level,
            "follow_up": q.chat,
            "places": [{"mention": p.mention, "how": p.how, "issuer": p.issuer, "region": p.region} for p in q.places],
            "inherited": q.inherited,
            "language": "en" if q.english else "zh",
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
        return self._and_the_rest(answer, q) if q.more else (answer, q)

    def _and_the_rest(self, answer: Answer, q: Question) -> tuple[Answer, Question]:
        """The questions asked after the first in the same text (办结了多少), each answered as a
        follow-up of the one before, given with the first's answer; the last one's context kept."""
        last, more, q.more = q, q.more, []
        for clause in more:
            q_next, frame = self.understand(clause, last)
            answered, last = self.answer(clause, q_next, frame, last)
            answer = together(answer, answered)
        return answer, last

    def _freeze_caches(self) -> None:
        """Caches built while answering (the divisions' pinyin) live as long as the process:
        move them out of the cyclic collector's way (the catalog freezes its own)."""
        caches = (division_pinyin.cache_info().currsize,)
        if caches != self._frozen:
            gc.freeze()
            self._frozen = caches

    def _years_on_file(self) -> Mapping[str | None, list[int]]:
        """issuer → the years of its reports, for a frame's year range (历年, 2019–2025)."""
        return self.catalog.years(self.store)

    def _route(self, q: Question, frame: Frame | None = None) -> Answer:
        frame = frame or build_frame(q, {})
        warnings: list[str] = []
        early = self._without_reports(q, frame, warnings)
        if early is not None:
            return early
        special = self._change_or_rate(q, frame)
        if special is not None:
            special.warnings = warnings + special.warnings
            return special
        if q.intent == "difference" and q.metric is not None:
            from .plan.derived import difference_answer

            answer = difference_answer(self, q)
            if answer is not None:
                answer.warnings = warnings + answer.warnings
                return answer
            q.intent = "compare"
        reports, note, refusal = select(self, q)
        if refusal:
            return Answer(q.text, "none", refusal, warnings=warnings)
        if frame.scope.kind == "within" and frame.scope.level:  # 江苏省各县: the counties among them
            reports = [r for r in reports if at_level(r, frame.scope.level, governments_only=False)] or reports
        answer = self._plan(q, frame, reports)
        if note:
            answer.answer = f"{note} {answer.answer}" if q.english else f"{note}{answer.answer}"
        answer.warnings = warnings + answer.warnings
        return answer

    def _change_or_rate(self, q: Question, frame: Frame) -> Answer | None:
        """A ranking by each issuer's change between two years (增长最快), or a 率 no table defines
        (said, with the rates known, rather than a count given in its place); None: neither."""
        if q.change and q.intent == "rank" and q.metric is not None:
            from .plan.change import change_answer

            return change_answer(self, q, frame)
        if q.ratio == "share" and q.metric is not None:
            from .plan.derived import unknown_rate_answer

            return unknown_rate_answer(q)
        return None

    def _without_reports(self, q: Question, frame: Frame, warnings: list[str]) -> Answer | None:
        """What is answered before any report is chosen: no reports, help, a question about the last
        answer, places with no report, off-topic input, a review of whole reports. None: go on
        (with a warning added for a place named that has no report, when another has)."""
        en = q.english
        if not self.catalog.any(self.store):
            return Answer(q.text, "none", no_reports(en))
        if q.chat == "help":
            return Answer(q.text, "none", help_text(en, self.on_file(en)))
        about_the_last = {"why": followup.explain, "source": followup.sources, "which": followup.which}.get(
            q.chat or ""
        )
        if about_the_last is not None:
            return about_the_last(q)
        if q.chat == "share" and q.metric is not None:
            q.ratio = "share"
        if q.missing_places:
            names = "、".join(dict.fromkeys(p.wanted or p.region or p.mention for p in q.missing_places))
            if not q.issuers:
                return Answer(q.text, "none", no_report(self, q.missing_places, en))
            warnings.append(f"no report on file for {names}")
        if frame.operation == "catalogue":
            return catalogue_answer(self, q)
        if frame.operation == "none":
            return Answer(q.text, "none", off_topic_text(en))
        if frame.operation in ("changes", "check"):  # a review of whole reports (bot/review)
            from .review.answers import review_answer

            # A review is of one issuer (else it asks which): its reports only, never every report's row.
            mine = self.of_issuers(list(frame.issuers)) if len(frame.issuers) == 1 else []
            return review_answer(self.store, mine, q, frame, warnings)
        return None

    def _plan(self, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
        """The planner of the question's operation: a figure, a string, a number from the text, or passages."""
        numeric = q.metric is not None and (
            q.quantity
            or q.intent != "single"
            or bool(q.inherited)
            or bool(q.ratio)
            or (not q.descriptive and (cjk_count(q.text) <= 16 or _names_a_column(q)))
        )
        if numeric:
            return self._numeric(q, frame, reports)
        if q.wants:
            from .plan.passage import string_answer

            return string_answer(self, q, reports)
        if q.quantity and not q.descriptive:
            from .plan.in_text import in_text_answer

            return in_text_answer(self, q, reports)
        from .plan.passage import passage_answer

        return passage_answer(self, q, reports)

    def _numeric(self, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
        """A figure question: several measures, a ranking, a trend, a comparison, a share, or one
        figure; asked per month or per person (平均每月, 人均), what the yearly figures give of it."""
        answer = self._figures(q, frame, reports)
        if answer.route == "none":
            return answer
        said = read_as(q.text, q.metric.column, q.english) if q.metric is not None else None
        if said:  # 败诉: the tables' 结果纠正, said so
            answer.answer = read_as_note(*said, q.english) + answer.answer
        elif (word := foreign_column(q.text, q.metric)) and q.metric is not None:  # 行政复议中自然人: no such column
            row = english_label(q.metric.row) if q.english else ROWS[q.metric.row][0]
            answer.answer = no_such_column_note(word, row, q.english) + answer.answer
        if q.per is None:
            return answer
        from .plan.per import divided, yearly_note

        return divided(q, answer, reports[0]) if len(reports) == 1 and not answer.table else yearly_note(q, answer)

    def _figures(self, q: Question, frame: Frame, reports: list[dict[str, Any]]) -> Answer:
        """A figure question: several measures, a ranking, a trend, a comparison, a share, or one figure."""
        op = frame.operation
        if len(frame.measures) > 1 and op in ("sum", "list", "trend", "compare", "rank"):
            from .plan.measures import measures_answer

            return measures_answer(self, q, frame, reports)
        if op in ("average", "threshold"):  # over the reports chosen, however few; each measure named
            from .plan.average import average_answer
            from .plan.chosen_values import each_measure
            from .plan.threshold import threshold_answer

            return each_measure(self, q, reports, average_answer if op == "average" else threshold_answer)
        if op not in ("rank", "trend", "compare", "sum", "difference") and len(reports) <= 1:
            if q.ratio:
                from .plan.derived import rate_answer

                return rate_answer(self, q, reports[0])
            return figure_answer(self, q, reports[0])
        if q.ratio == "share" and len(reports) == 2:  # 洪泽区占淮安市的比例: one report's figure of another's
            from .plan.share import of_another_report

            answer = of_another_report(self, q, reports)
            if answer is not None:
                return answer
        from .plan.many import many_answer

        if op == "rank" or (not q.issuers and len(reports) > 1 and op != "trend"):
            return many_answer(self, q, reports, "rank" if op == "rank" else "compare")
        return many_answer(self, q, reports, "trend" if op == "trend" else "compare")

    # ------------------------------------------------------------ what the planners share
    def place_words(self, reports: list[dict[str, Any]], words: set[str] | None = None) -> set[str]:
        """Words naming these reports' places and years; for many reports, those of `words` (the
        question's) that name some report's place or year, looked up in the store."""
        if len(reports) > PLACE_WORDS_OF and words is not None:
            return self.catalog.place_words_in(self.store, words)
        return place_words_of(reports)

    def ids(self, reports: list[dict[str, Any]]) -> list[str] | None:
        """Report ids to restrict a search to; None for every report (no restriction to pass around)."""
        if len(reports) == self.catalog.count(self.store):
            return None
        return reports.ids() if isinstance(reports, ReportSet) else [r["id"] for r in reports]


def _names_a_column(q: Question) -> bool:
    """A long question naming a row's column (其他对外管理服务事项本年增减) asks its cell; a sentence
    stating counts (收到申请25件，其中自然人19件) asks nothing of one."""
    return q.metric is not None and q.metric.column is not None and not states_a_number(q.text)
