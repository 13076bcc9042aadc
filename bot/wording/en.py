"""Every sentence the bot says, in English (bot/wording/zh.py says the same in Chinese).

Issuers and years are written as people write them (合阳县人民政府 2020 report); a file name
never appears in a sentence (it stays in the JSON); amounts are shown in the unit the
report printed (51.57亿元), with the stored figure beside them when it differs.
"""

from __future__ import annotations

from typing import Any

from ..answer import shown
from ..lexicon import CHANNEL_NAMES
from .common import EXAMPLES_EN, STATUS_EN, number, printed_amount, sides


def report_name(report: dict[str, Any]) -> str:
    """合阳县人民政府 2020 report."""
    issuer = report.get("issuer") or "an unnamed issuer"
    year = report.get("year")
    if year is None:
        return issuer
    return f"{issuer} {year} report"


def help_text(on_file: str = "") -> str:
    """What the bot answers, with a few example questions."""
    text = (
        "I answer questions about government information-disclosure annual reports on file: figures from "
        "their tables (applications, results, reviews, lawsuits, licences, fees…), sums, shares and "
        "differences, rankings and trends, and what the reports say. For example:\n"
        + "\n".join(f"  · {e}" for e in EXAMPLES_EN)
    )
    return text + (f"\n{on_file}" if on_file else "")


def amount(fig: dict[str, Any]) -> str:
    """A cell's value in the unit the report printed: 51.57亿元 (= 515,700 10k yuan)."""
    if fig.get("status") != "reported":
        return STATUS_EN.get(fig.get("status") or "absent", "—")
    printed = printed_amount(fig)
    if printed is not None:
        return f"{printed} (= {shown(fig['value'], fig['unit'], True)})"
    return shown(fig["value"], fig.get("unit"), True)


def cite(fig_or_passage: dict[str, Any]) -> str:
    """Where a figure or passage stands: report, then table path or section."""
    place = fig_or_passage.get("cite") or fig_or_passage.get("section") or ""
    return f"{report_name(fig_or_passage)}, {place}"


def source(fig: dict[str, Any]) -> str:
    return f"Source: {cite(fig)}"


def listing(items: list[str]) -> str:
    return "; ".join(items)


def off_topic_text() -> str:
    """A question the reports do not answer (GDP, the weather, who made the bot): what can be asked."""
    return "That is not something the reports answer. " + help_text()


def term(label: str, value: str, parts: str) -> str:
    """One measure in a sum or a listing: 行政诉讼 46 件 (26 + 20)."""
    return f"{label} {value}" + (f" ({parts})" if parts else "")


def measures_sum(who: str, terms: list[str], formula: str, unit: str) -> str:
    """淮安市人民政府 2024 report: 行政复议 351 件 + 行政诉讼 46 件; together 351 + 26 + 20 = 397."""
    unit_en = "" if unit in ("件", "") else f" {unit}"
    return f"{who}: {' + '.join(terms)}; together {formula}{unit_en}."


def measures_line(who: str, terms: list[str]) -> str:
    """One report's line of a listing: 海东市人民政府 2019 report: 行政复议 38 件, 行政诉讼 7 件."""
    return f"{who}: {', '.join(terms)}"


def measures_total(formula: str, unit: str, count: int) -> str:
    """The sum over several reports of several measures."""
    unit_en = "" if unit in ("件", "") else f" {unit}"
    return f"Sum over the {count} reports: {formula}{unit_en}."


def measure_over_many(label: str, total: str, unit: str, have: int, gap: int) -> str:
    """One measure summed over many reports: 行政复议 · 总计: 1244 summed over 9997 reports (3 not printing it)."""
    unit_en = "" if unit in ("件", "") else f" {unit}"
    return f"{label}: {total}{unit_en} summed over {have} report{'s' if have != 1 else ''}" + (
        f" ({gap} not printing it)" if gap else ""
    )


def measures_over_many(parts: list[str], formula: str | None, unit: str) -> str:
    """Several measures summed over many reports, each; and all of them (`formula`), when asked."""
    unit_en = "" if unit in ("件", "") else f" {unit}"
    return "; ".join(parts) + "." + (f" All together: {formula}{unit_en}." if formula else "")


def measures_year(year: int | None, parts: list[str]) -> str:
    """A year of a trend of several measures over many reports."""
    return f"{year or 'undated'}: " + ", ".join(parts)


def incomplete() -> str:
    return " Incomplete: cells that are not printed are not counted (a blank is not zero)."


# ------------------------------------------------------------------ rank, compare, trend (Answerer._many)
_MANY_HEAD = {
    "rank": "Ranked by",
    "compare": "Compared:",
    "trend": "Over the years:",
    "sum": "Summed over the reports:",
}


def many_sentence(route: str, label: str, lines: list[str]) -> str:
    """Ranked by …: A; B."""
    if not lines:  # not one report prints it: say so, never an empty list
        return f"None of these reports prints {label}."
    return f"{_MANY_HEAD[route]} {label}: " + listing(lines) + "."


def quoted_line(name: str, value: float, unit: str, clause: str, status: str) -> str:
    """A report whose cell is blank, with the number its text gives."""
    shown_unit = "" if unit == "件" else f" {unit}"
    return (
        f"{name}: {number(value)}{shown_unit} (from the text: “{clause}”; table cell {STATUS_EN.get(status, 'blank')})"
    )


def status_line(name: str, status: str) -> str:
    """A report that does not print the figure."""
    return f"{name}: {STATUS_EN.get(status, '—')}"


def value_line(name: str, value: str, complete: bool) -> str:
    """A report's figure; a sub-total some of whose cells are blank says so."""
    extra = "" if complete else " (incomplete: some cells blank)"
    return f"{name}: {value}{extra}"


def more_reports(rest: int) -> str:
    return f" {rest} more reports have a figure (all rows in the table)."


def not_printed(counts: dict[str, int]) -> str:
    """How many reports do not print the figure, by why."""
    n = sum(counts.values())
    said = ", ".join(f"{k} {STATUS_EN[s]}" for s, k in counts.items())
    return f" {n} report{'s do' if n > 1 else ' does'} not print this ({said}); a blank is not counted as zero."


def blank_not_searched(count: int) -> str:
    return (
        f" With {count} reports blank, their texts were not searched for the figure: ask about "
        "one of them by name to see what its text says."
    )


def rank_lead(ascending: bool, issuer: str | None, year: int | None, value: str, rate: bool = False) -> str:
    """Most: … (2024), 103. (A rate's: Highest: ….)"""
    word = ("Lowest" if ascending else "Highest") if rate else ("Fewest" if ascending else "Most")
    return f"{word}: {issuer} ({year}), {value}. "


def gap_shown(gap: float, unit: str, share: bool) -> str:
    """A difference with its unit, or in percentage points for shares."""
    if share:
        return f"{gap:.1f} percentage points"
    return f"{number(gap)} {'' if unit == '件' else unit}".strip()


def larger_by(name: str, gap: str, formula: str) -> str:
    return f" {name} is larger by {gap} ({formula})."


def equal() -> str:
    return " The two are equal."


def neither_side() -> str:
    return " Neither side prints this figure, so the two cannot be compared."


def one_side_only() -> str:
    return " Only one side prints this figure, so the two cannot be compared."


def sum_found(terms: list[str], total: float, unit: str, limit: int) -> str:
    """Sum of the figures found: 5 + 5 = 10. — past `limit` terms, the first three and the count (every
    term is in the table)."""
    said = " + ".join(terms) + f" = {number(total)}" if len(terms) > 1 else number(total)
    if len(terms) > limit:
        said = f"{' + '.join(terms[:3])} + … ({len(terms)} figures, every one in the table) = {number(total)}"
    return f" Sum of the figures found: {said}{'' if unit in ('件', '', None) else ' ' + unit}."


def from_text_mark() -> str:
    """A term of a sum taken from a report's text."""
    return " (text)"


def sum_incomplete_reports() -> str:
    return " Incomplete: reports that do not print it are not counted."


def others_fail(count: int) -> str:
    return f"{count} more reports in the table fail a template check on this figure"


def notes(warnings: list[str], limit: int = 3) -> str:
    """Note: …: the first few warnings and how many more."""
    more = f" (+{len(warnings) - limit} more)" if len(warnings) > limit else ""
    return " Note: " + "；".join(warnings[:limit]) + more


def per_year_line(year: int | None, total: str, unit: str, have: int, gap: int, quoted: int = 0) -> str:
    """A trend over many issuers: a year's sum of the figures, how many reports give it (`quoted` of
    them from their text, marked) and how many do not print it."""
    return (
        f"{year or 'undated'}: {total}{'' if unit in ('件', '') else ' ' + unit} summed over "
        f"{have} report{'s' if have != 1 else ''}"
        + (f" ({quoted} from the text)" if quoted else "")
        + (f" ({gap} not printing it)" if gap else "")
    )


# ------------------------------------------------------------------ differences (Answerer._difference)
def no_year_before(issuer: str, year: int) -> str:
    """同比 asked of a year whose year before is not on file."""
    return f"There is no {year} report on file for {issuer} to compare with."


def difference_unknown(label: str, sides: tuple[str, str, str, str], missing: str) -> str:
    """Both sides (name, value, name, value) and why their difference cannot be computed."""
    na, va, nb, vb = sides
    return f"“{label}”: {na} {va}, {nb} {vb}; the difference cannot be computed: {missing}."


def difference_verdict(bigger: str, smaller: str, by: str | None) -> str:
    """Which side is higher and by how much; `by` None: the two are equal."""
    if by is None:
        return "the two are equal"
    return f"{bigger} is higher by {by}"


def growth_verdict(new: str, base: str, value: float, shown: str, over_time: bool) -> str:
    """The new side's change relative to the base: up or down on an earlier year, higher or lower than another."""
    if value == 0:
        return "the two are equal"
    if over_time:
        return f"{new} is {'up' if value > 0 else 'down'} {shown} on {base}"
    return f"{new} is {shown} {'higher' if value > 0 else 'lower'} than {base}"


def change_over_years(
    years: tuple[int, int], change: float, amount: str, formula: str, rate: str | None, rate_formula: str
) -> str:
    """From 2023 to 2024: up 74 (95 − 21 = 74), +352.4% (…): a trend asked how much it grew."""
    if change == 0:
        return f" From {years[0]} to {years[1]}: no change ({formula})."
    up = change > 0
    said = f" From {years[0]} to {years[1]}: {'up' if up else 'down'} {amount} ({formula})"
    if rate is None:
        return said + f"; no rate of change from {years[0]}'s 0."
    return said + f", {'up' if up else 'down'} {rate} ({rate_formula})."


def several_channels(others: list[str]) -> str:
    """A count the text gives for the channel asked together with others."""
    names = ", ".join(CHANNEL_NAMES[k][1] for k in others)
    return f" Note: this number is not the channel's asked alone: it covers {names} too."


def growth_too(verdict: str, formula: str) -> str:
    """How much it grew over two years: the change as a rate too, after the difference."""
    return f" As a rate: {verdict} ({formula})."


def zero_base() -> str:
    return "the base is 0"


def growth_unknown(label: str, sides: tuple[str, str, str, str], why: str) -> str:
    """Both sides and why their rate of change cannot be computed."""
    na, va, nb, vb = sides
    return f"“{label}”: {na} {va}, {nb} {vb}; no rate of change can be computed: {why}."


def difference_sentence(label: str, sides: tuple[str, str, str, str], verdict: str, formula: str, missing: str) -> str:
    """“label”: A 5, B 3; A is higher by 2 (5 − 3 = 2)."""
    na, va, nb, vb = sides
    return f"“{label}”: {na} {va}, {nb} {vb}; {verdict} ({formula}){missing}."


def sources_sentence(cites: list[str]) -> str:
    """Sources: A; B. — every cell a derived figure used, once each."""
    return " Sources: " + listing(list(dict.fromkeys(cites))) + "."


# ------------------------------------------------------------------ one report's figure, sub-total, share
def figure_sentence(who: str, label: str, value: str, parts: str, source_said: str) -> str:
    """合阳县人民政府 2020 report: 本年新收… · 总计 = 5 (自然人 4, …). Source: …."""
    return f"{who}: {label} = {value}{f' ({parts})' if parts else ''}. {source_said}."


def section_source(who: str, section: str) -> str:
    """Where a derived figure's cells stand: the report and the table (not one cell)."""
    return f" Source: {who}, {section}."


def subtotal_sentence(
    who: str, label: str, formula: str, unit: str | None, operands: str, several: bool, missing: str
) -> str:
    """A sub-total the template implies: 法人或其他组织 = 36 + 57 = 93 (sum of 商业企业 36, 其他 57)."""
    return (f"{who}: {label} = {formula} {'' if unit in ('件', None) else unit} (sum of {operands}){missing}.").replace(
        "  ", " "
    )


_RATE_NAMES = {
    "disclosure_rate": "disclosure rate [公开率] = (granted + partially granted) / results total",
    "review_correction_rate": "correction rate of reconsiderations [复议纠错率] = corrected / total reconsiderations",
    "litigation_correction_rate": (
        "correction rate of lawsuits [诉讼纠错率] = corrected / total lawsuits (direct and after reconsideration)"
    ),
}


def rate_name(rate: str = "disclosure_rate") -> str:
    """A rate as the template defines it: 公开率, 复议纠错率, 诉讼纠错率."""
    return _RATE_NAMES[rate]


def unknown_rate(asked: str, known: list[str]) -> str:
    """A rate the template does not define: no count is ranked in its place; the rates known are named."""
    return (
        f"“{asked}” is not a rate the report tables define, and no count is given in its place. "
        f"The rates that can be computed: {', '.join(known)}; or ask for a cell's share of its total "
        "(e.g. “share of reconsiderations corrected”)."
    )


def zero_whole(parts: str, whole: str) -> str:
    """Why a rate is not computed though both sides are printed: its whole is 0."""
    return f"the denominator is 0 ({parts} / {whole}), so there is no rate"


# ------------------------------------------------------------------ a ranking by each issuer's change
def change_ranking(relative: bool, label: str, lines: list[str]) -> str:
    """Ranked by the growth rate of … between two years: A; B."""
    how = "growth rate ((later − earlier) / earlier)" if relative else "change (later − earlier)"
    return f"Ranked by the {how} of {label} between two years: {listing(lines)}."


def change_value(value: float, unit: str, relative: bool) -> str:
    """+352.4%, −3."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    if relative:
        return f"{sign}{abs(value):.1f}%"
    return f"{sign}{number(abs(value))}" + ("" if unit in ("件", "") else f" {unit}")


def ranked_change_line(name: str, years: tuple[int, int], sides: tuple[str, str], formula: str, shown: str) -> str:
    """淮安市洪泽区人民政府 2023→2024: 21 → 95, +352.4% ((95 − 21) / 21 = 352.4%)."""
    return f"{name} {years[0]}→{years[1]}: {sides[0]} → {sides[1]}, {shown} ({formula})"


def change_lead(relative: bool, falling: bool | None, name: str, years: tuple[int, int], shown: str) -> str:
    """Fastest growth: … (2023→2024), +352.4%. (`falling` None: the first neither rose nor fell as asked.)"""
    words = {
        (True, False): "Fastest growth",
        (True, True): "Largest relative drop",
        (False, False): "Largest increase",
        (False, True): "Biggest drop",
    }
    first = "First" if falling is None else words[(relative, falling)]
    return f"{first}: {name} ({years[0]}→{years[1]}), {shown}. "


def change_apart(
    more: int, one_year: int, blank: int, zero: list[str], zero_count: int, years: tuple[int, int] | None
) -> str:
    """How many more are ranked (in the table), and the issuers not ranked and why: one year on file (or
    not both years named), a cell not printed, a 0 base."""
    said = [f"{more} more issuer{'s' if more > 1 else ''} ranked in the table"] if more else []
    if one_year:
        have = f"lack a report for {years[0]} or for {years[1]}" if years else "have only one year on file"
        said.append(f"{one_year} issuer{'s' if one_year > 1 else ''} {have}: no change to compute")
    if blank:
        said.append(
            f"{blank} issuer{'s' if blank > 1 else ''} leave the cell blank or unreadable in one of the two years"
            " (a blank is not counted as zero)"
        )
    if zero_count:
        others = f" and {zero_count - len(zero)} more" if zero_count > len(zero) else ""
        said.append(f"no growth rate from a base of 0: {'; '.join(zero)}{others}")
    return (" Also: " + "; ".join(said) + ".") if said else ""


def change_of_rate(name: str) -> str:
    """A ranking by the change of a rate or share: not computed, and no count's change given in its place."""
    return (
        f"Ranking by the change of {name} between two years is not supported yet, and the change of one of "
        f"its cells is not given in its place. Ask for the ranking of {name} in one year, or one issuer's "
        f"{name} year by year."
    )


def change_label(label: str, relative: bool) -> str:
    """A table's and chart's name of the change: applications received…, growth rate."""
    return f"{label}, {'growth rate' if relative else 'change'}"


def no_change_ranked(label: str) -> str:
    return f"No issuer's change of {label} between two years can be ranked."


def share_name(part: str, whole: str) -> str:
    return f"share: {part} / {whole}"


def rate_unknown(who: str, name: str, why: str) -> str:
    """A rate or share that cannot be computed, and why (a blank operand, a zero denominator)."""
    return f"{who}: the {name} cannot be computed: {why or 'the denominator is 0'}."


def rate_sentence(who: str, name: str, formula: str, missing: str) -> str:
    return f"{who}: {name}: {formula}{missing}."


def no_reports() -> str:
    return "No reports are stored yet: run `nianbao ingest PATH`."


def not_counted(groups: dict[str, list[str]]) -> str:
    """; not counted, so the result is incomplete: … — operands with no printed value, by status."""
    said = "; ".join(f"{', '.join(names)} {STATUS_EN[s]}" for s, names in groups.items())
    return f"; not counted, so the result is incomplete: {said}"


# ------------------------------------------------------------------ review (bot/review: diff and report card)
def change_line(row: dict[str, Any]) -> str:
    """One changed figure: 行政许可 · 处理决定数量 550 → 9,487 (+8,937, +1624.9%); a blank side says so."""
    unit = row.get("unit") or ""
    old = "blank" if row["old"] is None else shown(row["old"], unit, True)
    new = "blank" if row["new"] is None else shown(row["new"], unit, True)
    label = row["label"]
    if row["difference"] is None:
        return f"{label}: {old} → {new}"
    pct = "" if row["percent"] is None else f", {row['percent']:+.1f}%"
    return f"{label}: {old} → {new} ({row['difference']:+,}{pct})"


def changes_sentence(
    issuer: str, old_year: int, new_year: int, counts: tuple[int, int, int], lines: list[str], rest: int
) -> str:
    """洪泽区, 2023 report → 2024 report: N figures changed (…); largest first, the rest in the table."""
    changed, appeared, vanished = counts
    more = f"; and {rest} more in the table" if rest else ""
    head = (
        f"{issuer}, {old_year} report → {new_year} report: {changed} figures changed, {appeared} blank "
        f"cells became figures, {vanished} figures became blank. Largest first: "
    )
    return head + "; ".join(lines) + more + "."


def no_changes(issuer: str, old_year: int, new_year: int, compared: int) -> str:
    return f"{issuer}: none of the {compared} figures both the {old_year} and {new_year} reports have changed."


def template_note(only_old: int, only_new: int) -> str:
    """Metrics of one template only, not compared."""
    if not only_old and not only_new:
        return ""
    return f" {only_old + only_new} figures are in one report's template only and were not compared."


def review_needs_reports(issuer: str, years: list[int], on_file: list[int]) -> str:
    """A diff or card asked of years that are not on file."""
    have = "、".join(map(str, on_file)) or "none"
    asked = "、".join(map(str, years))
    return f"{issuer}: no report on file for {asked} (years on file: {have})."


def review_needs_issuer() -> str:
    return "Which report? Name one issuer and year, e.g. “what changed in 洪泽's report from 2023 to 2024”."


_CARD_KINDS = {
    "template_check": "failed template checks",
    "cross_year": "cross-year mismatches",
    "text_table": "text/table disagreements",
    "sources_disagree": "sources that disagree",
    "blank_row": "blank rows",
    "missing_section": "missing sections",
}


def card_line(item: dict[str, Any], files: bool = True, every_place: bool = False) -> str:
    """One problem of a report card, with where it is (`files`: with the file names, as the command
    line prints it; an answer's sentence names no file, its JSON does; `every_place`: every cell, not
    the first — the quotation's and the first cell's for a text/table one)."""
    places = item["where"] if every_place else item["where"][: 2 if item["kind"] == "text_table" else 1]
    if not files:
        places = [p.split(" › ", 1)[1] for p in places if " › " in p]
    where = " (" + "; ".join(places) + ")" if places else ""
    if item["kind"] == "text_table":
        table = f"{item['formula']} = {item['table']}" if "+" in item["formula"] else str(item["table"])
        said = f"the text says “{item['quote']}”: {item['stated']} {item['unit']}, the table {table}"
        return f"{item['description']}: {said}{where}"
    if item["kind"] in ("template_check", "cross_year") and (item.get("left"), item.get("right")) != (None, None):
        return f"{item['description']} ({sides(item['left'], item['right'], True)}){where}"
    return f"{item['description']}{where}"


def card_sentence(who: str, counts: dict[str, int], lines: list[str]) -> str:
    """洪泽区人民政府 2024 report: failed template checks 2, …. ① …; ② …."""
    found = [f"{_CARD_KINDS[k]} {n}" for k, n in counts.items() if n]
    if not found:
        return (
            f"{who}: no problem found — the template's checks pass, the carry-overs match the years around it, "
            "the text agrees with the table, no row is blank and every section is there."
        )
    return f"{who}: {', '.join(found)}. " + "; ".join(lines) + "."


def more_problems(rest: int) -> str:
    """A card with more problems than its sentence names."""
    return f" {rest} more in the table."


def failed_check(src: str, description: str, pair: str, disagree: bool) -> str:
    """A failed check beside an answer that uses one of its cells: a template check, or two
    source files of the report reading a cell otherwise (their readings in `description`)."""
    if disagree:
        return f"{src}: its source files read differently: {description}"
    return f"{src}: template check failed: {description} ({pair}); the printed figure is given as printed"


def cross_year_note(description: str) -> str:
    """A cross-year mismatch beside an answer that uses a carry-over cell."""
    return f"cross-year check failed: {description}; the printed figures are given as printed"


def missing_cell(fig: dict[str, Any], status: str, who: str, label: str) -> str:
    """A cell not printed: blank (never zero), unreadable (and why), or not in the report's table at all."""
    if status == "blank":
        return f"The {who} leaves “{label}” blank in its table (not reported — a blank is not zero). {source(fig)}."
    if status == "unreadable":
        return f"The {who}'s cell for “{label}” cannot be read with confidence ({fig.get('note')}). {source(fig)}."
    return f"The {who} does not print “{label}”."


# Which city…: no city government's report of that year (other levels may have one)
LEVEL_WHO = {
    "province": "any provincial government",
    "city": "any city government",
    "county": "any county government",
    "township": "any township",
    "department": "any department",
}


def no_year_on_file(years: list[int], issuers: list[str], on_file: list[str], level: str | None = None) -> str:
    """No report of the years asked, for these issuers (or any of a level, or any): and the reports there are."""
    have = ", ".join(on_file) or "—"
    asked = ", ".join(map(str, years))
    who = ", ".join(issuers) if issuers else LEVEL_WHO.get(level or "", "any issuer")
    return f"There is no {asked} report on file for {who}. On file: {have}."


def latest_note(issuer: str, year: int | None, only: bool, dropped: list[int]) -> str:
    """Which report stands in when no year was named (or an inherited year is not on file): its only or latest."""
    which = "only" if only else "latest"
    if dropped:
        years = "、".join(map(str, dropped))
        return f"(No {years} report on file for {issuer}: using its {which} report, {year}.)"
    return f"(No year given: using the {which} report on file for {issuer}, {year}.)"


def and_more(count: int) -> str:
    """The end of a list cut short: how many more."""
    return f"and {count} more"


def not_on_file(wanted: str, region: str | None, listed: str, departments_only: str | None) -> str:
    """No report for what was named; what its place has on file (`departments_only`: the level of the
    government asked, when only its departments' reports are there)."""
    if departments_only is not None:
        return (
            f"There is no report on file for {wanted} (the {departments_only} government). "
            f"On file for {region}: {listed}."
        )
    return f"There is no report on file for {wanted}. On file for {region}: {listed}."


def did_you_mean(name: str, listed: str) -> str:
    """A name on file one character from the one asked: asked about, never answered for."""
    return f"There is no report on file for {name}. Did you mean {listed}? Ask again with that name."


def fits_several(mention: str, listed: str) -> str:
    """A name several issuers on file fit: which one?"""
    return f"“{mention}” fits several issuers on file: {listed}. Which one do you mean?"


def none_under(place: str, on_file: str) -> str:
    """The counties of 海东市…: none of the places under it has a report on file (its own report is not theirs)."""
    return f"No report on file is from a county or district of {place}. " + on_file


def nothing_on_file(names: str, on_file: str) -> str:
    """Names with no report on file anywhere near: and what is on file."""
    return f"There is no report on file for {names}. " + on_file


def none_printed(who: str, label: str, count: int, said: str, fig: dict[str, Any]) -> str:
    """A sub-total none of whose cells is printed: which they are, and where."""
    return f"The {who} prints none of the {count} cells that make up “{label}”: {said}. {source(fig)}."


def at(who: str, place: str) -> str:
    """A report and the place in it: 合阳县人民政府 2020 report, 二、… ."""
    return f"{who}, {place}"


def not_in_text() -> str:
    """After a cell not printed: the text does not state it either."""
    return " Not found in the text either: no sentence of the report states this figure."


def other_quantity(quote: str, where: str, why: str) -> str:
    """After a cell not printed: the text states a number, but of something else (`why`)."""
    return (
        f" Not found in the text: no sentence states this figure. It says “{quote}” ({where}), but "
        f"{why}, so that number is not this cell's."
    )


def text_says(quote: str, value: float, unit: str, word: str, where: str) -> str:
    """After a cell not printed: the number the report's text states, quoted."""
    return f" The report's text says: “{quote}” — {number(value)}{unit if unit != '件' else ''} ({where})."


def as_asked_note(word: str, label: str) -> str:
    """A number in the question's own word (受理): the answer to it, not the table's cell."""
    return f" That is the count {word} (accepted; it may include applications carried over), not the table's “{label}”."


def no_number_stated() -> str:
    """A number the tables do not hold, and no sentence states: the passages follow."""
    return "Not found in the text: no sentence states such a number; the nearest passages: "


def number_stated(who: str, value: float, unit: str, quote: str, text: str, place: str) -> str:
    """A number the tables do not hold, from the sentence stating it (`text`: the number as written)."""
    return f"{who}: {number(value)} {unit} — the report says “{quote}” ({who}, {place})."


def string_stated(who: str, value: str, quoted: str, place: str) -> str:
    """A phone number, an e-mail, an address or a person, and the sentence stating it."""
    return f"{who}: {value} — the report says “{quoted}” ({who}, {place})."


def reports_on_file(names: list[str], more: int) -> str:
    """The reports on file, the first few named and how many more."""
    items = names + ([and_more(more)] if more > 0 else [])
    return "Reports on file: " + ("; ".join(items) if items else "none")


def no_level_on_file(on_file: str) -> str:
    """Which county… with no report of that level of government: and what is on file."""
    return "No report on file is from that level of government." + " " + on_file


def measures_listing(lines: list[str], more: int) -> str:
    """Several measures' lines, one per report, and how many more reports the table has."""
    text = " ".join(lines)
    if more > 0:
        text += f" {more} more reports in the table."
    return text


def no_passage() -> str:
    """Nothing in the reports answers a descriptive question: what can be asked."""
    return "No passage in the reports answers this. " + help_text()


def passages_text(items: list[dict[str, Any]], lead: str, direct: bool) -> str:
    """The first passage's lead quoted (said to be only the nearest when no sentence says what was
    asked: `direct` false), then every passage with its report and section."""
    first = items[0]
    head = f"{report_name(first)} ({first['section']}): “{lead}”"
    if not direct:
        head = "No sentence of the report says this directly; the nearest passage: " + head
    lines = [f"[{i}] {report_name(it)} › {it['section']}：{it['text']}" for i, it in enumerate(items, 1)]
    return head + "\n" + "Passages (quoted in Chinese):" + "\n" + "\n".join(lines)


def catalogue_text(count: int, groups: list[tuple[str, list[int]]], more: int) -> str:
    """3 reports on file (2 issuers): 合阳县人民政府 2020; 淮安市洪泽区人民政府 2023, 2024."""
    if not count:
        return "No report on file fits that."
    units = len(groups) + max(more, 0)
    listed = "; ".join(f"{issuer} {', '.join(map(str, years)) or 'year unknown'}" for issuer, years in groups)
    tail = f"; and {more} more issuers" if more > 0 else ""
    return f"{count} report{'s' if count != 1 else ''} on file ({units} issuer{'s' if units != 1 else ''}): {listed}{tail}."


# ------------------------------------------------------------------ average and threshold (bot/plan/average.py, threshold.py)
_CONDITION_EN = {">": "more than", ">=": "at least", "<": "fewer than", "<=": "at most", "=": "equal to"}


def condition_said(op: str, value: float, unit: str) -> str:
    """more than 100 (> 100): the condition as asked, and as compared."""
    shown_unit = "" if unit in ("件", "", None) else (unit if unit == "%" else f" {unit}")
    return f"{_CONDITION_EN[op]} {number(value)}{shown_unit} ({op} {number(value)})"


def average_sentence(label: str, mean: str, unit: str, arithmetic: str, printed: int) -> str:
    """Average …: 33.67 per report, over the 3 reports printing it: 95 + 5 + 1 = 101, 101 / 3 ≈ 33.67."""
    shown_unit = "" if unit in ("件", "", None) else f" {unit}"
    reports = f"{printed} report{'s' if printed != 1 else ''}"
    return f"Average {label}: {mean}{shown_unit} per report, over the {reports} printing it: {arithmetic}."


def average_formula(terms: list[str], total: str, printed: int, mean: str, limit: int) -> str:
    """95 + 5 + 1 = 101, 101 / 3 ≈ 33.67: the printed values added (past `limit`, the first three and
    the count; every one is in the table), divided by how many print one."""
    added = " + ".join(terms) + f" = {total}" if len(terms) > 1 else total
    if len(terms) > limit:
        added = f"{' + '.join(terms[:3])} + … ({len(terms)} figures, every one in the table) = {total}"
    return f"{added}, {total} / {printed} {mean}"


def no_average(label: str) -> str:
    return f"None of these reports prints {label}, so there is no average."


def average_excludes() -> str:
    return " Reports that do not print it are left out of the average (not counted as zero, nor in the count)."


def threshold_sentence(label: str, condition: str, count: int, lines: list[str]) -> str:
    """Reports with … more than 100 (> 100): 2 — A; B."""
    if not count:
        return f"No report has {label} {condition}."
    return f"Reports with {label} {condition}: {count} — " + listing(lines) + "."


def not_meeting(count: int) -> str:
    return f" {count} more report{'s print' if count != 1 else ' prints'} it and {'do' if count != 1 else 'does'} not meet the condition."


def unprinted_named(names: list[str], more: int) -> str:
    """The reports that leave the figure blank, named apart: not reported, never counted as 0."""
    tail = f", and {more} more" if more > 0 else ""
    return f" Cannot tell (not reported, not counted as zero): {'; '.join(names)}{tail}."


def each_on_its_own(average: bool) -> str:
    """Several measures averaged or filtered: each on its own, said so."""
    if average:
        return " (Each figure is averaged on its own, not added up first.)"
    return " (The reports meeting the condition are listed for each figure on its own, not those meeting both.)"


def per_sentence(per: str, year: int, days: int, shown: str, unit: str, formula: str) -> str:
    """Averaged over the 12 months of 2020: about 0.42 a month (5 / 12 ≈ 0.42)."""
    over = {
        "month": f"the 12 months of {year}",
        "quarter": f"the 4 quarters of {year}",
        "week": f"the {days} days of {year}, 7 a week",
        "day": f"the {days} days of {year}",
    }[per]
    unit = "" if unit in ("件", "") else f" {unit}"
    return f" Averaged over {over}: about {shown}{unit} a {per} ({formula}); the reports print yearly figures only."


def per_not_computed(per: str, why: str) -> str:
    """Per person, or a figure not printed (or a rate): said, not guessed."""
    if per == "person":
        return " The reports print no number of people (population or staff), so there is no per-person figure: the above is the year's total."
    said = "this is a rate, not averaged over time" if why == "rate" else "the year's figure is not printed"
    return f" The reports print yearly figures only, and {said}: no figure a {per}."


def per_yearly_note(per: str) -> str:
    """Many reports: their yearly figures, and how a per-month one follows from them."""
    if per == "person":
        return "(The reports print no number of people, so there is no per-person figure; yearly figures follow.) "
    n = {"month": "12", "quarter": "4", "week": "the weeks of the year", "day": "the days of the year"}[per]
    return f"(The reports print yearly figures only: a {per}'s average is each year's divided by {n}, in the same order; yearly figures follow.) "


def no_whole(area: bool) -> str:
    """A share asked of a figure with no larger total printed: why there is no share."""
    if area:
        return (
            " A share of the whole area was asked: each report counts only its own body's figures and none"
            " prints the area's total, so there is no such share; the above is the body's own figure."
        )
    return (
        " A share was asked, but this figure has no larger total in the report to be a share of (ask, e.g., what"
        " share of the applications received came from individuals); the above is the figure itself."
    )


def share_of_another(label: str, shown: tuple[str, str, str, str], bodies: tuple[str, str], formula: str) -> str:
    """Hongze's share of Huai'an: one report's figure over another's, and what the reports do not say."""
    part, part_shown, whole, whole_shown = shown
    return (
        f"{label}: {part} {part_shown}; {whole} {whole_shown}. {formula}. Each report counts its own body's"
        f" figures; whether {bodies[1]}'s includes {bodies[0]}'s, the reports do not say."
    )


def read_as_note(word: str, column: str) -> str:
    """ "lost": a word for a column the tables name otherwise, said before the answer."""
    return f"(The tables have no column for “{word}”: read as “{column}”.) "


def no_such_column_note(word: str, row: str) -> str:
    """ "individuals" of reconsiderations: a column the row asked does not have, said before its own figure."""
    return f"(The tables do not split {row} by “{word}”: there is no such figure; {row} as a whole follows.) "
