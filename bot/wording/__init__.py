"""How answers are worded, kept apart from the decisions: one module per language (zh.py, en.py),
what both share in common.py. Each function here takes today's `english` flag and hands the rest to
the language's module, which words it.

Issuers and years are written as people write them (合阳县人民政府 2020年报); a file name
never appears in a sentence (it stays in the JSON); amounts are shown in the unit the
report printed (51.57亿元), with the stored figure beside them when it differs.
"""

from __future__ import annotations

from typing import Any

from index.store import DISAGREE

from . import en, zh
from .common import EXAMPLES_EN, EXAMPLES_ZH, STATUS_EN, STATUS_ZH, number, percent, sides

__all__ = [
    "EXAMPLES_EN",
    "EXAMPLES_ZH",
    "STATUS_EN",
    "STATUS_ZH",
    "number",
    "percent",
    "report_name",
    "help_text",
    "amount",
    "cite",
    "source",
    "listing",
    "off_topic_text",
    "term",
    "measures_sum",
    "measures_line",
    "measures_total",
    "measure_over_many",
    "measures_over_many",
    "measures_year",
    "incomplete",
    "many_sentence",
    "quoted_line",
    "status_line",
    "value_line",
    "more_reports",
    "not_printed",
    "blank_not_searched",
    "rank_lead",
    "gap_shown",
    "larger_by",
    "equal",
    "one_side_only",
    "neither_side",
    "growth_verdict",
    "zero_base",
    "catalogue_text",
    "growth_unknown",
    "sum_found",
    "from_text_mark",
    "sum_incomplete_reports",
    "others_fail",
    "notes",
    "per_year_line",
    "no_year_before",
    "difference_unknown",
    "difference_verdict",
    "difference_sentence",
    "sources_sentence",
    "figure_sentence",
    "section_source",
    "subtotal_sentence",
    "rate_name",
    "share_name",
    "rate_unknown",
    "rate_sentence",
    "unknown_rate",
    "zero_whole",
    "change_ranking",
    "change_value",
    "change_line_of",
    "change_lead",
    "change_apart",
    "no_change_ranked",
    "change_label",
    "change_of_rate",
    "no_reports",
    "not_counted",
    "change_line",
    "changes_sentence",
    "no_changes",
    "template_note",
    "review_needs_reports",
    "review_needs_issuer",
    "card_line",
    "card_sentence",
    "more_problems",
    "cross_year_note",
    "failed_check",
    "missing_cell",
    "no_year_on_file",
    "latest_note",
    "and_more",
    "not_on_file",
    "fits_several",
    "did_you_mean",
    "nothing_on_file",
    "none_under",
    "none_printed",
    "at",
    "not_in_text",
    "other_quantity",
    "text_says",
    "as_asked_note",
    "no_number_stated",
    "number_stated",
    "string_stated",
    "reports_on_file",
    "no_level_on_file",
    "measures_listing",
    "no_passage",
    "passages_text",
    "condition_said",
    "average_sentence",
    "average_formula",
    "no_average",
    "average_excludes",
    "threshold_sentence",
    "not_meeting",
    "unprinted_named",
    "each_on_its_own",
    "per_sentence",
    "per_not_computed",
    "per_yearly_note",
    "no_whole",
    "share_of_another",
    "read_as_note",
    "growth_too",
    "several_channels",
    "change_over_years",
    "no_such_column_note",
]


def report_name(report: dict[str, Any], english: bool = False) -> str:
    return (en if english else zh).report_name(report)


def help_text(english: bool, on_file: str = "") -> str:
    return (en if english else zh).help_text(on_file)


def amount(fig: dict[str, Any], english: bool = False) -> str:
    return (en if english else zh).amount(fig)


def cite(fig_or_passage: dict[str, Any], english: bool = False) -> str:
    return (en if english else zh).cite(fig_or_passage)


def source(fig: dict[str, Any], english: bool = False) -> str:
    return (en if english else zh).source(fig)


def listing(items: list[str], english: bool) -> str:
    return (en if english else zh).listing(items)


def off_topic_text(english: bool) -> str:
    return (en if english else zh).off_topic_text()


def term(label: str, value: str, parts: str, english: bool) -> str:
    return (en if english else zh).term(label, value, parts)


def measures_sum(who: str, terms: list[str], formula: str, unit: str, english: bool) -> str:
    return (en if english else zh).measures_sum(who, terms, formula, unit)


def measures_line(who: str, terms: list[str], english: bool) -> str:
    return (en if english else zh).measures_line(who, terms)


def measure_over_many(label: str, total: str, unit: str, have: int, gap: int, english: bool) -> str:
    return (en if english else zh).measure_over_many(label, total, unit, have, gap)


def measures_over_many(parts: list[str], formula: str | None, unit: str, english: bool) -> str:
    return (en if english else zh).measures_over_many(parts, formula, unit)


def measures_year(year: int | None, parts: list[str], english: bool) -> str:
    return (en if english else zh).measures_year(year, parts)


def measures_total(formula: str, unit: str, count: int, english: bool) -> str:
    return (en if english else zh).measures_total(formula, unit, count)


def incomplete(english: bool) -> str:
    return (en if english else zh).incomplete()


def many_sentence(route: str, label: str, lines: list[str], english: bool) -> str:
    return (en if english else zh).many_sentence(route, label, lines)


def quoted_line(name: str, value: float, unit: str, clause: str, status: str, english: bool) -> str:
    return (en if english else zh).quoted_line(name, value, unit, clause, status)


def status_line(name: str, status: str, english: bool) -> str:
    return (en if english else zh).status_line(name, status)


def value_line(name: str, value: str, complete: bool, english: bool) -> str:
    return (en if english else zh).value_line(name, value, complete)


def more_reports(rest: int, english: bool) -> str:
    return (en if english else zh).more_reports(rest)


def not_printed(counts: dict[str, int], english: bool) -> str:
    return (en if english else zh).not_printed(counts)


def blank_not_searched(count: int, english: bool) -> str:
    return (en if english else zh).blank_not_searched(count)


def rank_lead(
    ascending: bool, issuer: str | None, year: int | None, value: str, english: bool, rate: bool = False
) -> str:
    return (en if english else zh).rank_lead(ascending, issuer, year, value, rate)


def gap_shown(gap: float, unit: str, share: bool, english: bool) -> str:
    return (en if english else zh).gap_shown(gap, unit, share)


def larger_by(name: str, gap: str, formula: str, english: bool) -> str:
    return (en if english else zh).larger_by(name, gap, formula)


def equal(english: bool) -> str:
    return (en if english else zh).equal()


def neither_side(english: bool) -> str:
    return (en if english else zh).neither_side()


def one_side_only(english: bool) -> str:
    return (en if english else zh).one_side_only()


def sum_found(terms: list[str], total: float, unit: str, limit: int, english: bool) -> str:
    return (en if english else zh).sum_found(terms, total, unit, limit)


def from_text_mark(english: bool) -> str:
    return (en if english else zh).from_text_mark()


def sum_incomplete_reports(english: bool) -> str:
    return (en if english else zh).sum_incomplete_reports()


def others_fail(count: int, english: bool) -> str:
    return (en if english else zh).others_fail(count)


def notes(warnings: list[str], english: bool, limit: int = 3) -> str:
    return (en if english else zh).notes(warnings, limit)


def per_year_line(year: int | None, total: str, unit: str, have: int, gap: int, english: bool, quoted: int = 0) -> str:
    return (en if english else zh).per_year_line(year, total, unit, have, gap, quoted)


def no_year_before(issuer: str, year: int, english: bool) -> str:
    return (en if english else zh).no_year_before(issuer, year)


def difference_unknown(label: str, sides: tuple[str, str, str, str], missing: str, english: bool) -> str:
    return (en if english else zh).difference_unknown(label, sides, missing)


def difference_verdict(bigger: str, smaller: str, by: str | None, english: bool) -> str:
    return (en if english else zh).difference_verdict(bigger, smaller, by)


def growth_verdict(new: str, base: str, value: float, shown: str, over_time: bool, english: bool) -> str:
    return (en if english else zh).growth_verdict(new, base, value, shown, over_time)


def catalogue_text(count: int, groups: list[tuple[str, list[int]]], more: int, english: bool) -> str:
    return (en if english else zh).catalogue_text(count, groups, more)


def change_over_years(
    years: tuple[int, int], change: float, amount: str, formula: str, rate: str | None, rate_formula: str, english: bool
) -> str:
    return (en if english else zh).change_over_years(years, change, amount, formula, rate, rate_formula)


def several_channels(others: list[str], english: bool) -> str:
    return (en if english else zh).several_channels(others)


def growth_too(verdict: str, formula: str, english: bool) -> str:
    return (en if english else zh).growth_too(verdict, formula)


def zero_base(english: bool) -> str:
    return (en if english else zh).zero_base()


def growth_unknown(label: str, sides: tuple[str, str, str, str], why: str, english: bool) -> str:
    return (en if english else zh).growth_unknown(label, sides, why)


def difference_sentence(
    label: str, sides: tuple[str, str, str, str], verdict: str, formula: str, missing: str, english: bool
) -> str:
    return (en if english else zh).difference_sentence(label, sides, verdict, formula, missing)


def sources_sentence(cites: list[str], english: bool) -> str:
    return (en if english else zh).sources_sentence(cites)


def figure_sentence(who: str, label: str, value: str, parts: str, source_said: str, english: bool) -> str:
    return (en if english else zh).figure_sentence(who, label, value, parts, source_said)


def section_source(who: str, section: str, english: bool) -> str:
    return (en if english else zh).section_source(who, section)


def subtotal_sentence(
    who: str, label: str, formula: str, unit: str | None, operands: str, several: bool, missing: str, english: bool
) -> str:
    return (en if english else zh).subtotal_sentence(who, label, formula, unit, operands, several, missing)


def rate_name(english: bool, rate: str = "disclosure_rate") -> str:
    return (en if english else zh).rate_name(rate)


def share_name(part: str, whole: str, english: bool) -> str:
    return (en if english else zh).share_name(part, whole)


def rate_unknown(who: str, name: str, why: str, english: bool) -> str:
    return (en if english else zh).rate_unknown(who, name, why)


def rate_sentence(who: str, name: str, formula: str, missing: str, english: bool) -> str:
    return (en if english else zh).rate_sentence(who, name, formula, missing)


def unknown_rate(asked: str, known: list[str], english: bool) -> str:
    return (en if english else zh).unknown_rate(asked, known)


def zero_whole(parts: str, whole: str, english: bool) -> str:
    return (en if english else zh).zero_whole(parts, whole)


def change_ranking(relative: bool, label: str, lines: list[str], english: bool) -> str:
    return (en if english else zh).change_ranking(relative, label, lines)


def change_value(value: float, unit: str, relative: bool, english: bool) -> str:
    return (en if english else zh).change_value(value, unit, relative)


def change_line_of(
    name: str, years: tuple[int, int], sides: tuple[str, str], formula: str, shown: str, english: bool
) -> str:
    return (en if english else zh).ranked_change_line(name, years, sides, formula, shown)


def change_lead(
    relative: bool, falling: bool | None, name: str, years: tuple[int, int], shown: str, english: bool
) -> str:
    return (en if english else zh).change_lead(relative, falling, name, years, shown)


def change_apart(
    more: int, one_year: int, blank: int, zero: list[str], zero_count: int, years: tuple[int, int] | None, english: bool
) -> str:
    return (en if english else zh).change_apart(more, one_year, blank, zero, zero_count, years)


def change_of_rate(name: str, english: bool) -> str:
    return (en if english else zh).change_of_rate(name)


def change_label(label: str, relative: bool, english: bool) -> str:
    return (en if english else zh).change_label(label, relative)


def no_change_ranked(label: str, english: bool) -> str:
    return (en if english else zh).no_change_ranked(label)


def no_reports(english: bool) -> str:
    return (en if english else zh).no_reports()


def not_counted(groups: dict[str, list[str]], english: bool) -> str:
    return (en if english else zh).not_counted(groups)


def change_line(row: dict[str, Any], english: bool) -> str:
    return (en if english else zh).change_line(row)


def changes_sentence(
    issuer: str, old_year: int, new_year: int, counts: tuple[int, int, int], lines: list[str], rest: int, english: bool
) -> str:
    return (en if english else zh).changes_sentence(issuer, old_year, new_year, counts, lines, rest)


def no_changes(issuer: str, old_year: int, new_year: int, compared: int, english: bool) -> str:
    return (en if english else zh).no_changes(issuer, old_year, new_year, compared)


def template_note(only_old: int, only_new: int, english: bool) -> str:
    return (en if english else zh).template_note(only_old, only_new)


def review_needs_reports(issuer: str, years: list[int], on_file: list[int], english: bool) -> str:
    return (en if english else zh).review_needs_reports(issuer, years, on_file)


def review_needs_issuer(english: bool) -> str:
    return (en if english else zh).review_needs_issuer()


def card_line(item: dict[str, Any], english: bool, files: bool = True, every_place: bool = False) -> str:
    return (en if english else zh).card_line(item, files, every_place)


def card_sentence(who: str, counts: dict[str, int], lines: list[str], english: bool) -> str:
    return (en if english else zh).card_sentence(who, counts, lines)


def more_problems(rest: int, english: bool) -> str:
    return (en if english else zh).more_problems(rest)


def failed_check(src: str, check: dict[str, Any], english: bool) -> str:
    disagree = str(check["name"]).startswith(DISAGREE)
    pair = sides(check["left"], check["right"], english)
    return (en if english else zh).failed_check(src, check["description"], pair, disagree)


def cross_year_note(description: str, english: bool) -> str:
    return (en if english else zh).cross_year_note(description)


def missing_cell(fig: dict[str, Any], status: str, who: str, label: str, english: bool) -> str:
    return (en if english else zh).missing_cell(fig, status, who, label)


def no_year_on_file(
    years: list[int], issuers: list[str], on_file: list[str], english: bool, level: str | None = None
) -> str:
    return (en if english else zh).no_year_on_file(years, issuers, on_file, level)


def latest_note(issuer: str, year: int | None, only: bool, dropped: list[int], english: bool) -> str:
    return (en if english else zh).latest_note(issuer, year, only, dropped)


def and_more(count: int, english: bool) -> str:
    return (en if english else zh).and_more(count)


def not_on_file(wanted: str, region: str | None, listed: str, departments_only: str | None, english: bool) -> str:
    return (en if english else zh).not_on_file(wanted, region, listed, departments_only)


def did_you_mean(name: str, listed: str, english: bool) -> str:
    return (en if english else zh).did_you_mean(name, listed)


def fits_several(mention: str, listed: str, english: bool) -> str:
    return (en if english else zh).fits_several(mention, listed)


def none_under(place: str, on_file: str, english: bool) -> str:
    return (en if english else zh).none_under(place, on_file)


def nothing_on_file(names: str, on_file: str, english: bool) -> str:
    return (en if english else zh).nothing_on_file(names, on_file)


def none_printed(who: str, label: str, count: int, said: str, fig: dict[str, Any], english: bool) -> str:
    return (en if english else zh).none_printed(who, label, count, said, fig)


def at(who: str, place: str, english: bool) -> str:
    return (en if english else zh).at(who, place)


def not_in_text(english: bool) -> str:
    return (en if english else zh).not_in_text()


def other_quantity(quote: str, where: str, why: str, english: bool) -> str:
    return (en if english else zh).other_quantity(quote, where, why)


def text_says(quote: str, value: float, unit: str, word: str, where: str, english: bool) -> str:
    return (en if english else zh).text_says(quote, value, unit, word, where)


def as_asked_note(word: str, label: str, english: bool) -> str:
    return (en if english else zh).as_asked_note(word, label)


def no_number_stated(english: bool) -> str:
    return (en if english else zh).no_number_stated()


def number_stated(who: str, value: float, unit: str, quote: str, text: str, place: str, english: bool) -> str:
    return (en if english else zh).number_stated(who, value, unit, quote, text, place)


def string_stated(who: str, value: str, quoted: str, place: str, english: bool) -> str:
    return (en if english else zh).string_stated(who, value, quoted, place)


def reports_on_file(names: list[str], more: int, english: bool) -> str:
    return (en if english else zh).reports_on_file(names, more)


def no_level_on_file(on_file: str, english: bool) -> str:
    return (en if english else zh).no_level_on_file(on_file)


def measures_listing(lines: list[str], more: int, english: bool) -> str:
    return (en if english else zh).measures_listing(lines, more)


def no_passage(english: bool) -> str:
    return (en if english else zh).no_passage()


def passages_text(items: list[dict[str, Any]], lead: str, direct: bool, english: bool) -> str:
    return (en if english else zh).passages_text(items, lead, direct)


def condition_said(op: str, value: float, unit: str, english: bool) -> str:
    return (en if english else zh).condition_said(op, value, unit)


def average_sentence(label: str, mean: str, unit: str, arithmetic: str, printed: int, english: bool) -> str:
    return (en if english else zh).average_sentence(label, mean, unit, arithmetic, printed)


def average_formula(terms: list[str], total: str, printed: int, mean: str, limit: int, english: bool) -> str:
    return (en if english else zh).average_formula(terms, total, printed, mean, limit)


def no_average(label: str, english: bool) -> str:
    return (en if english else zh).no_average(label)


def average_excludes(english: bool) -> str:
    return (en if english else zh).average_excludes()


def threshold_sentence(label: str, condition: str, count: int, lines: list[str], english: bool) -> str:
    return (en if english else zh).threshold_sentence(label, condition, count, lines)


def not_meeting(count: int, english: bool) -> str:
    return (en if english else zh).not_meeting(count)


def unprinted_named(names: list[str], more: int, english: bool) -> str:
    return (en if english else zh).unprinted_named(names, more)


def each_on_its_own(average: bool, english: bool) -> str:
    return (en if english else zh).each_on_its_own(average)


def per_sentence(per: str, year: int, days: int, shown: str, unit: str, formula: str, english: bool) -> str:
    return (en if english else zh).per_sentence(per, year, days, shown, unit, formula)


def per_not_computed(per: str, why: str, english: bool) -> str:
    return (en if english else zh).per_not_computed(per, why)


def per_yearly_note(per: str, english: bool) -> str:
    return (en if english else zh).per_yearly_note(per)


def no_whole(area: bool, english: bool) -> str:
    return (en if english else zh).no_whole(area)


def share_of_another(
    label: str, shown: tuple[str, str, str, str], bodies: tuple[str, str], formula: str, english: bool
) -> str:
    """`shown`: (part's report, its figure, whole's report, its figure); `bodies`: (part's issuer, whole's)."""
    return (en if english else zh).share_of_another(label, shown, bodies, formula)


def read_as_note(word: str, column: str, english: bool) -> str:
    return (en if english else zh).read_as_note(word, column)


def no_such_column_note(word: str, row: str, english: bool) -> str:
    return (en if english else zh).no_such_column_note(word, row)
