"""Who issued a report, for which year and on which template — and how each was found.

Order of evidence: the caller's override, the title (printed above the report, or the
page's own: an HTML <title>, a PDF's first page, a crawler's `标题:`), the publisher a
crawler or the page names, the body, the file name. An issuer is stored as itself, in
the fullest form the report prints (淮安市洪泽区人民政府, not 洪泽区人民政府), and a
department is its own issuer inside its county.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .cells import normalise
from .headers import header
from .layout import SectionSpan
from .model import Found, ReportMeta
from .organs import (
    ORGAN_END,
    canonical_government,
    government_of_office,
    government_of_place,
    is_chrome,
    kind_of,
    place_in_name,
    site_named,
    strip_markup,
    zone_of,
)
from .regions import (
    DIVISION_ENDS,
    LOCAL_ENDS,
    ZONE_ENDS,
    corrected_division,
    division_code,
    divisions,
    fullest,
    issuer_key,
    mentions,
    name_index,
    plausible,
    region_prefix,
)
from .template import TEMPLATE_2019_MARKERS, TEMPLATE_2021_MARKERS

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "O": "0"}
_YEAR = re.compile(r"((?:19|20)\d{2}|[二][〇零○O一二三四五六七八九]{3})\s*年")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")
_TITLE_SPLIT = re.compile(r"关于|(?:(?:19|20)\d{2}|二[〇零○一二三四五六七八九]{3})年|政府信息公开|政务公开|信息公开")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_MAX_TITLE = 70
# A title names the kind of report; a note such as 【示例报告：…】 does not.
_TITLE = re.compile(r"(年度|工作|情况|年)报告|年报|信息公开.*报告")


def _year_value(token: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in token))


def _title(preamble: SectionSpan) -> tuple[str | None, str | None]:
    """(title, the line above it) from the lines before section 一."""
    read = [_unlabelled(strip_markup(ln.text)) for ln in preamble.lines if ln.text.strip() and not is_chrome(ln.text)]
    lines = [ln for ln in read if ln][:8]
    for i, line in enumerate(lines):
        flat = normalise(line)
        if (
            len(flat) <= _MAX_TITLE
            and _TITLE.search(flat)
            and not _DOC_NUMBER.search(flat)
            and not _SENTENCE.search(flat)
        ):
            above = next(
                (
                    normalise(ln)
                    for ln in reversed(lines[:i])
                    if len(normalise(ln)) <= 30 and not _DOC_NUMBER.search(normalise(ln))
                ),
                None,
            )
            return flat, above
    if len(lines) == 1 and len(normalise(lines[0])) > _MAX_TITLE:
        return _title_in_line(normalise(lines[0])), None
    return None, None


_TITLE_END = re.compile(r"(?:年度|工作|情况|年)报告")
# A sentence that cites the regulation (根据《条例》要求，现公布本年度报告。) is no title.
_SENTENCE = re.compile(r"[《〈]|[。.]$")


def _title_in_line(flat: str) -> str | None:
    """The title at the start of a body saved as one single line (after any document number)."""
    numbered = _DOC_NUMBER.search(flat[:_MAX_TITLE])
    head = flat[numbered.end() :] if numbered else flat
    m = _TITLE_END.search(head[:_MAX_TITLE])
    # A sentence that cites the template's notice (依据《…年度报告格式》) is no title.
    return head[: m.end()] if m and not re.search(r"[《〈]", head[: m.end()]) else None


def _unlabelled(line: str) -> str | None:
    """A crawler's `标题:` line as its title; its other header lines are no part of the report."""
    found = header(line)
    if found is None:
        return line
    return found[1] if found[0] == "title" else None


# Between a page title's parts: _ or |, or a dash with spaces around it (2019-2020 is no separator).
_PAGE_TITLE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s+[-—–]+\s+")


def _page_title(hint: str | None) -> str | None:
    """The report's title in a page title (`…年度报告_某某县人民政府` → `…年度报告`)."""
    for part in _PAGE_TITLE_SPLIT.split(hint or ""):
        flat = normalise(part)
        if _TITLE.search(flat) and len(flat) <= _MAX_TITLE:
            return flat
    return None


def _page_site(hint: str | None) -> str | None:
    """The site a page title names beside the report's title (`…年度报告_泗洪县人民政府`), taken
    as the publisher when no crawler header names one."""
    return site_named([normalise(p) for p in _PAGE_TITLE_SPLIT.split(hint or "") if p.strip()])


_ORGAN = r"人民政府|办公室|委员会|局$"
_SIGNATURE_LINES = 4


def _issuer_from_title(title: str, above: str | None) -> str | None:
    name = _TITLE_SPLIT.split(title, maxsplit=1)[0].strip("：:，,、 ")
    if len(name) < 2 and above:
        name = above.strip("：:，,、 ")
    if not re.search(r"[\u4e00-\u9fff]{2,}", name or ""):
        return None
    # A letterhead run into the title (海东市人民政府办公室海东市2019年度…报告, a body saved
    # as one line): the title's own subject is the division at its end.
    for i in range(1, len(name) - 1):
        if name[i:] in divisions() and re.search(_ORGAN, name[:i]):
            name = name[i:]
            break
    return f"{name}人民政府" if name in divisions() else name


def _unquoted(text: str) -> str:
    """The text without the titles it cites: 《武汉市政府信息公开暂行规定》 names no issuer."""
    return re.sub(r"《[^》]{0,60}》", "", text)


def _year_from(text: str) -> int | None:
    counts = Counter(_year_value(m.group(1)) for m in _YEAR.finditer(_DATE.sub("", text)))
    counts = Counter({y: n for y, n in counts.items() if 2000 <= y <= 2100})
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


_DEPARTMENT_END = "局|委员会|委|办公室|中心|厅|署"  # not 站, 馆: 门户网站 is no department
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,14}?(?:" + _DEPARTMENT_END + ")")
# A department's report speaks of itself so: 我局, 本委, 我办 …
_SELF = re.compile(r"[我本](局|委|办|中心|厅|署)")
_GOVERNMENT = "人民政府"


def _departments(text: str) -> Counter[str]:
    """Departments named with their division in front (沭阳县发展和改革局), by how often."""
    found: Counter[str] = Counter()
    for start, end in name_index().scan(text, plausible):
        m = _DEPARTMENT.match(text, end)
        if not m or m.group(0).startswith(_GOVERNMENT) or name_index().longest_at(text, end):
            continue
        found[text[start : m.end()]] += 1
    return found


def _department_issuer(body: str) -> str | None:
    """The department a report without a title is by, when the body says it is one."""
    departments = _departments(body)
    if not departments:
        return None
    selves = _SELF.findall(body)
    if selves:
        kinds = Counter(selves)
        for name, _ in departments.most_common():
            if any(
                name.endswith(k) or (k == "委" and name.endswith("委员会")) or (k == "办" and name.endswith("办公室"))
                for k in kinds
            ):
                return name
    name, count = departments.most_common(1)[0]
    governments = sum(body.count(d + _GOVERNMENT) for d in mentions(body))
    return name if count > governments else None


def _own_department(sections: Sequence[SectionSpan], body: str, government: str) -> Found | None:
    """A department of the government's own region that the report, published on the
    government's site, signs or names as itself: the report is the department's."""
    region = region_prefix(government)
    own_words = "\n".join(ln for ln in body.split("\n") if not header(ln))  # not the crawler's
    for name, how in ((_signer(sections), "signature"), (_department_issuer(own_words), "body")):
        if name and _GOVERNMENT not in name and re.search(ORGAN_END, name) and region_prefix(name) == region:
            return Found(name, how)
    return None


def _signer(sections: Sequence[SectionSpan]) -> str | None:
    """The organisation that signs the report: a name alone on a line among the last ones
    (沭阳县发展和改革局 above 2024年1月17日)."""
    lines = [normalise(ln.text) for s in sections[-1:] for ln in s.lines if ln.text.strip()][-_SIGNATURE_LINES:]
    for line in reversed(lines):
        if (
            len(line) <= 30
            and not re.search(r"[。，,；;：:、]", line)
            and name_index().longest_at(line, 0)
            and re.search(_ORGAN, line)
            and not _DATE.search(line)
        ):
            return line
    return None


def _fullest_printed(name: str, texts: list[str]) -> str:
    """The fullest form of the issuer's name the report prints (淮安市洪泽区人民政府 for
    洪泽区人民政府 when it prints that): the same issuer, with its divisions in front."""
    key = issuer_key(name)
    if key is None:
        return name
    forms = {name}
    index = name_index()
    for text in texts:
        at = text.find(name)
        while at >= 0:
            start = at
            # Walk back over division names written right before it.
            moved = True
            while moved:
                moved = False
                for n in range(min(start, 12), 1, -1):
                    if index.longest_at(text[start - n :], 0) == n:
                        start -= n
                        moved = True
                        break
            candidate = text[start : at + len(name)]
            if candidate != name and issuer_key(candidate) == key:
                forms.add(candidate)
            at = text.find(name, at + 1)
    return fullest(forms)


# A report that speaks of its own office (结合我办…) rather than of its region (现将我县…).
_SELF_OFFICE = re.compile(r"[我本](?:办|厅)(?![法理公事])")
_SELF_REGION = re.compile(r"[我本全](?:县|区|市|旗|州|省|镇|乡|街道)(?![级委])")
# Statistics period: 统计期限为2024年1月1日至2024年12月31日 (the report's year is the period's).
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|–|-|~|～)\s*"
    r"((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_SIGNED = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


def _office_is_subject(office: str, title: str | None) -> bool:
    """Whether the title makes the office itself the report's subject: the office's name,
    then straight away the year or the report (岚皋县人民政府办公室2019年政府信息公开…),
    not a cover letter about its region (刚察县人民政府办公室关于上报刚察县…)."""
    if not title or not title.startswith(office):
        return False
    rest = title[len(office) :]
    year_or_report = r"(?:(?:19|20)\d{2}|二[〇零○一二三四五六七八九]{3})|本?年度?|政府信息公开|政务公开"
    return not rest.startswith("关于") and bool(re.match(year_or_report, rest))


def _as_organ(found: Found, title: str | None, body: str) -> Found:
    """The issuer as an organ, a government by its full name (see `_organ`)."""
    organ = _organ(found, title, body)
    if kind_of(str(organ.value)) == "government" and organ.how != "override":
        organ = Found(canonical_government(str(organ.value)), organ.how)
    return organ


PLACE_ENDS = (*DIVISION_ENDS, *ZONE_ENDS, *LOCAL_ENDS)  # a name ending so, and in no organ, names a place


def _organ(found: Found, title: str | None, body: str) -> Found:
    """A place named alone is its government; a government's own office is the government
    unless the report is the office's own."""
    name = str(found.value)
    if not re.search(ORGAN_END, name) and (region_prefix(name) or name.endswith(PLACE_ENDS)):
        return Found(government_of_place(name), found.how)
    government = government_of_office(name)
    if government is None or found.how == "override" or _office_is_subject(name, title):
        return found
    if found.how != "title" and len(_SELF_OFFICE.findall(body)) > len(_SELF_REGION.findall(body)):
        return found  # published by the office, and the report speaks as the office (我办…)
    return Found(government, f"{found.how} (the government's office)")


def _spelled(found: Found, everything: str) -> tuple[Found, list[str]]:
    """The issuer with a misprinted division corrected, when exactly one division fits
    (沐阳县人民政府 → 沭阳县人民政府); otherwise as printed, with a warning."""
    name = str(found.value)
    fixed, note = corrected_division(name, everything)
    if fixed != name:
        return Found(fixed, f"{found.how} (corrected from {name})"), [note] if note else []
    return found, [note] if note else []


def _issuer_evidence(
    sections: Sequence[SectionSpan],
    title: str | None,
    above: str | None,
    body: str,
    everything: str,
    publisher: str,
    issuer: str | None,
) -> Found:
    """The issuer, from the strongest evidence there is (before it is read as an organ)."""
    if issuer:
        return Found(issuer, "override")
    if title and (name := _issuer_from_title(title, above)):
        found = Found(name, "title")
        if publisher.startswith(name) and not re.search(ORGAN_END, name) and re.search(ORGAN_END, publisher):
            # The title names a place (平潭综合实验区); the publisher names the body itself.
            found = Found(publisher, "title and publisher")
        return found
    if publisher and re.search(r"[\u4e00-\u9fff]{2,}", publisher):
        found = Found(f"{publisher}人民政府" if publisher in divisions() else publisher, "publisher")
        if _GOVERNMENT in str(found.value) and (own := _own_department(sections, body, str(found.value))):
            found = own
        return found
    if name := _signer(sections):
        return Found(name, "signature")
    if name := _department_issuer(_unquoted(body)):
        return Found(name, "body")
    counted = mentions(_unquoted(body)) or mentions(_unquoted(everything))
    return Found(f"{counted.most_common(1)[0][0]}人民政府", "body") if counted else Found(None, "not found")


def _find_year(
    title: str | None,
    body: str,
    everything: str,
    file_name: str,
    hints: dict[str, str],
    sections: Sequence[SectionSpan],
    year: int | None,
) -> tuple[Found, list[str]]:
    """The report's year: the title, the statistics period, the body, the publication date
    minus one (with a warning), the file name."""
    if year:
        return Found(int(year), "override"), []
    if title and (m := _YEAR.search(title)):
        return Found(_year_value(m.group(1)), "title"), []
    periods = Counter(int(m.group(2)) for m in _PERIOD.finditer(normalise(everything)) if m.group(1) == m.group(2))
    if periods:
        return Found(periods.most_common(1)[0][0], "statistics period"), []
    if (y := _year_from(body)) is not None:
        return Found(y, "body"), []
    published = _published(hints, sections)
    if published:
        return Found(published - 1, "publication date"), [
            f"year not printed: taken as the year before the publication date ({published})"
        ]
    if m := re.search(r"(?<!\d)(20\d{2})(?!\d)", file_name):
        return Found(int(m.group(1)), "file name"), []
    return Found(None, "not found"), []


def _published(hints: dict[str, str], sections: Sequence[SectionSpan]) -> int | None:
    """The year the report was published: the page's date, else the date under the signature."""
    if m := re.search(r"(?:19|20)\d{2}", hints.get("date", "")):
        return int(m.group(0))
    last = [normalise(ln.text) for s in sections[-1:] for ln in s.lines if ln.text.strip()][-_SIGNATURE_LINES:]
    for line in reversed(last):
        if (m := _SIGNED.search(line)) and len(line) <= 20:
            return int(m.group(1))
    return None


def _find_template(sections: Sequence[SectionSpan], year: Found) -> Found:
    """The template version from the tables' own rows and columns; the year only when they say nothing."""
    tables = "".join(normalise(ln.text) for s in sections if s.number in (2, 3) for ln in s.lines)
    if any(marker in tables for marker in TEMPLATE_2021_MARKERS):
        return Found("2021", "table headers")
    if any(marker in tables for marker in TEMPLATE_2019_MARKERS):
        return Found("2019", "table headers")
    if year.value:
        return Found("2021" if int(str(year.value)) >= 2021 else "2019", "year")
    return Found("2019", "default")


def infer_meta(
    sections: Sequence[SectionSpan],
    file_name: str,
    hints: dict[str, str] | None = None,
    issuer: str | None = None,
    year: int | None = None,
) -> ReportMeta:
    """Issuer, region, year and template version, each with how it was found."""
    hints = hints or {}
    preamble = sections[0]
    title, above = _title(preamble)
    if title is None and (page_title := _page_title(hints.get("title"))):
        title, above = page_title, None
    body = "\n".join(ln.text for s in sections if s.number in (0, 1) for ln in s.lines)
    everything = "\n".join(ln.text for s in sections for ln in s.lines)
    publisher = normalise(strip_markup(hints.get("publisher", ""))) or _page_site(hints.get("title")) or ""
    notes: list[str] = []

    found_issuer = _issuer_evidence(sections, title, above, body, everything, publisher, issuer)
    if found_issuer.value and found_issuer.how != "override":
        found_issuer, said = _spelled(found_issuer, everything)
        notes += said
        found_issuer = _as_organ(found_issuer, title if found_issuer.how.startswith("title") else None, body)
        texts = [*(v for k, v in hints.items() if k in ("title", "publisher")), everything]
        found_issuer = Found(_fullest_printed(str(found_issuer.value), texts), found_issuer.how)

    name = str(found_issuer.value) if found_issuer.value else None
    region = (region_prefix(name) or zone_of(name)) if name else None
    unknown_place = place_in_name(name) if name and not region else None
    if region:
        found_region = Found(region, "issuer name")
    elif unknown_place:
        found_region = Found(unknown_place, "issuer name (not in the register)")
    else:
        counted = mentions(everything)
        found_region = Found(counted.most_common(1)[0][0], "body") if counted else Found(None, "not found")

    found_year, said = _find_year(title, body, everything, file_name, hints, sections, year)
    notes += said
    return ReportMeta(
        found_issuer,
        found_region,
        found_year,
        _find_template(sections, found_year),
        title,
        code=division_code(name) if name else None,
        kind=kind_of(name),
        notes=notes,
    )
