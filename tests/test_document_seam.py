"""The format seam end to end: a Document's blocks become sections, grids, figures and
passages with their page or line; text cleaned once (traditional characters, inserted
pinyin); metadata from what surrounds the report; one issuer however written."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import corpus_files

from ingest.document import Cell, Document, Heading, Location, Paragraph, Table, TableRow
from ingest.pipeline import parse_bytes, parse_document
from ingest.sections import MERGED_NOTE, headings_in_line

GANGCHA = "003_b4c68211845cc32f.txt"
HEYANG = "004_c70ef5546fcf38db.txt"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample_report.txt"


def corpus_text(name: str) -> str:
    return next(f for f in corpus_files() if f.name == name).read_text(encoding="utf-8")


def one_line(text: str) -> str:
    """A body saved from a web page as one single line: no line breaks, no cell separators."""
    return "".join(line.strip() for line in text.split("\n")).replace("\t", " ")


def cells_of(report) -> dict[str, tuple[float | None, str]]:
    return {f.metric: (f.value, f.status) for f in report.figures}


# ------------------------------------------------------------------ one-line bodies
@pytest.mark.parametrize("name", [GANGCHA, HEYANG])
def test_a_body_on_one_line_gets_its_real_sections(name):
    text = corpus_text(name)
    lines, flat = parse_bytes(text.encode(), name), parse_bytes(one_line(text).encode(), "one-" + name)
    assert (flat.meta.issuer.value, flat.meta.region.value, flat.meta.year.value) == (
        lines.meta.issuer.value,
        lines.meta.region.value,
        lines.meta.year.value,
    )
    sections = Counter(c.section for c in flat.chunks)
    for title in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert sections[title] > 0, sections
    assert sections["前言"] == Counter(c.section for c in lines.chunks)["前言"]  # only what precedes 一
    # Passages are cited by the same section and sub-section as when the lines were kept.
    assert {c.cite for c in flat.chunks} == {c.cite for c in lines.chunks}
    # Nothing is read that the report did not print: a stored figure equals the original's.
    original = cells_of(lines)
    for metric, (value, status) in cells_of(flat).items():
        if status == "reported":  # the raw text may lose the space a cell separator left (18.085682万元)
            assert original[metric] == (value, status), metric


def test_headings_in_a_line_but_not_a_list_of_contents():
    body = (
        "2023年，本县持续推进政务公开，现报告如下。一、总体情况（一）主动公开方面：全年公开信息120条，"
        "持续推进政务公开工作。二、主动公开政府信息情况 第二十条第（一）项 …… 五、存在的主要问题及改进情况"
        "一是公开内容不够全面，二是解读形式较为单一。六、其他需要报告的事项 无。"
    )
    assert [n for n, _, _ in headings_in_line(body)] == [1, 2, 5, 6]
    contents = "本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况。"
    assert headings_in_line(contents) == []


# ------------------------------------------------------------------ traditional characters
def traditional(text: str) -> str:
    """The report as a mirror site republishes it: traditional characters, pinyin after some."""
    import opencc
    from pypinyin import Style, pinyin

    converted = opencc.OpenCC("s2t.json").convert(text)
    return re.sub("[據條例開]", lambda m: f"{m.group(0)}({pinyin(m.group(0), style=Style.TONE)[0][0]})", converted)


def test_a_traditional_page_with_inserted_pinyin_reads_as_the_original():
    text = corpus_text(HEYANG)
    page = traditional(text)
    assert "根據(jù)" in page and "縣" in page
    original, mirrored = parse_bytes(text.encode(), HEYANG), parse_bytes(page.encode(), "mirror.txt")
    assert (mirrored.meta.issuer.value, mirrored.meta.region.value, mirrored.meta.year.value) == (
        "合阳县人民政府",
        "合阳县",
        2020,
    )
    assert cells_of(mirrored) == cells_of(original)
    assert {c.section for c in mirrored.chunks} == {c.section for c in original.chunks}
    assert "根据" in mirrored.text and "(jù)" not in mirrored.text and "縣" not in mirrored.text
    assert any("pinyin" in w for w in mirrored.warnings) and any("traditional" in w for w in mirrored.warnings)


def test_brackets_that_are_not_inserted_pinyin_stay():
    from ingest.traditional import remove_pinyin

    assert remove_pinyin("通过政务App(app)和网站(www)公开") == ("通过政务App(app)和网站(www)公开", 0)
    assert remove_pinyin("根據(jù)條(tiáo)例(lì)的(de)規定")[0] == "根據條例的規定"


# ------------------------------------------------------------------ metadata around the report
def sample_body() -> str:
    """The shipped made-up report without its note and title line."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("本报告依据"))
    return "\n".join(lines[start:])


def test_crawler_headers_give_the_issuer_as_itself():
    text = (
        "标题:平潭综合实验区2020年政府信息公开工作年度报告\n发布机构:平潭综合实验区管理委员会\n"
        "发布时间:2021-01-28\n\n" + sample_body().replace("示例县人民政府", "实验区管委会")
    )
    report = parse_bytes(text.encode(), "pingtan.txt")
    assert report.meta.issuer.value == "平潭综合实验区管理委员会"
    assert not report.meta.issuer.value.startswith("标题")
    assert report.meta.year.value == 2020


def test_a_title_that_names_a_body_keeps_it_whoever_signed_the_page():
    text = "标题:示例县人民政府2022年政府信息公开工作年度报告\n发布机构:示例县人民政府办公室\n" + sample_body()
    report = parse_bytes(text.encode(), "x.txt")
    assert (report.meta.issuer.value, report.meta.issuer.how) == ("示例县人民政府", "title")


def test_a_crawler_title_without_the_publisher():
    text = "标题：示例县2022年政府信息公开工作年度报告\n来源：示例县人民政府\n" + sample_body()
    report = parse_bytes(text.encode(), "x.txt")
    # The title names a place: the report is its government's.
    assert (report.meta.issuer.value, report.meta.issuer.how) == ("示例县人民政府", "title")
    assert report.meta.title == "示例县2022年政府信息公开工作年度报告"


def test_the_publisher_names_a_report_without_a_title():
    text = "发布机构：沭阳县发展和改革局\n发布时间：2024-01-15\n\n" + sample_body().replace("示例县人民政府", "本局")
    report = parse_bytes(text.encode(), "x.txt")
    assert (report.meta.issuer.value, report.meta.region.value, report.meta.issuer.how) == (
        "沭阳县发展和改革局",
        "沭阳县",
        "publisher",
    )


@pytest.mark.parametrize("how", ["named once", "speaks of itself", "signs"])
def test_a_department_without_a_title_is_not_the_government(how):
    body = sample_body().replace("示例县人民政府办公室", "（盖章）")
    body = body.replace("示例县人民政府", "沭阳县发展和改革局" if how != "signs" else "本单位")
    if how == "speaks of itself":
        body = body.replace("2022年，", "2022年，我局")
    if how == "signs":
        body = body.replace("（盖章）", "沭阳县发展和改革局")
    report = parse_bytes(body.encode(), "x.txt")
    assert (report.meta.issuer.value, report.meta.region.value) == ("沭阳县发展和改革局", "沭阳县")


def hongze(year: int, title_issuer: str, body_issuer: str) -> str:
    return f"{title_issuer}{year}年政府信息公开工作年度报告\n\n" + sample_body().replace("2022", str(year)).replace(
        "示例县人民政府", body_issuer
    )


def test_the_fullest_name_the_report_prints():
    report = parse_bytes(hongze(2023, "洪泽区人民政府", "淮安市洪泽区人民政府").encode(), "a.txt")
    assert (report.meta.issuer.value, report.meta.region.value) == ("淮安市洪泽区人民政府", "洪泽区")


@pytest.mark.parametrize("order", [("short", "full"), ("full", "short")])
def test_one_issuer_however_written(nianbao, tmp_path, order):
    files = {
        "short": ("洪泽区", "洪泽区人民政府", 2023),
        "full": ("淮安市洪泽区人民政府", "淮安市洪泽区人民政府", 2024),
    }
    for key in order:
        title, body, year = files[key]
        path = tmp_path / f"{key}.txt"
        path.write_text(hongze(year, title, body), encoding="utf-8")
        assert nianbao("ingest", path, "--json").exit_code == 0
    reports = nianbao("reports", "--json").json
    assert sorted((r["issuer"], r["region"], r["year"]) for r in reports) == [
        ("淮安市洪泽区人民政府", "洪泽区", 2023),
        ("淮安市洪泽区人民政府", "洪泽区", 2024),
    ]


@pytest.mark.slow
def test_a_department_is_its_own_issuer_in_its_county(nianbao, tmp_path):
    for name, title in (("gov.txt", "沭阳县人民政府"), ("dept.txt", "沭阳县发展和改革局")):
        (tmp_path / name).write_text(hongze(2023, title, title), encoding="utf-8")
        assert nianbao("ingest", tmp_path / name).exit_code == 0
    reports = nianbao("reports", "--json").json
    assert sorted((r["issuer"], r["region"]) for r in reports) == [
        ("沭阳县人民政府", "沭阳县"),
        ("沭阳县发展和改革局", "沭阳县"),
    ]


# ------------------------------------------------------------------ grids and pages
def row(page: int, *cells: str | Cell) -> TableRow:
    return TableRow(tuple(c if isinstance(c, Cell) else Cell(c) for c in cells), Location(page=page))


def copy(text: str, r: int, c: int) -> Cell:
    """A merged cell's copy; (r, c): where its text is printed."""
    return Cell(text, spanned=True, origin=(r, c))


def paged_document() -> Document:
    """A made-up PDF-like report: headings, prose and tables on three pages, with merged cells."""
    p = lambda n: Location(page=n)  # noqa: E731
    active = Table(
        (
            row(
                1,
                "第二十条第（一）项",
                copy("第二十条第（一）项", 0, 0),
                copy("第二十条第（一）项", 0, 0),
                copy("第二十条第（一）项", 0, 0),
            ),
            row(1, "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            row(1, "规章", "0", "0", "3"),
            row(1, "行政规范性文件", "5", "1", "20"),
            row(
                1,
                "第二十条第（五）项",
                copy("第二十条第（五）项", 4, 0),
                copy("第二十条第（五）项", 4, 0),
                copy("第二十条第（五）项", 4, 0),
            ),
            row(1, "信息内容", "本年处理决定数量", copy("本年处理决定数量", 5, 1), copy("本年处理决定数量", 5, 1)),
            row(1, "行政许可", "1234", copy("1234", 6, 1), copy("1234", 6, 1)),
        ),
        p(1),
    )
    head = "一、本年新收政府信息公开申请数量"
    results = "三、本年度办理结果"
    applications = Table(
        (
            row(
                2,
                "",
                "",
                "",
                "自然人",
                "法人或其他组织",
                copy("法人或其他组织", 0, 4),
                copy("法人或其他组织", 0, 4),
                copy("法人或其他组织", 0, 4),
                copy("法人或其他组织", 0, 4),
                "总计",
            ),
            row(
                2,
                "",
                "",
                "",
                copy("自然人", 0, 3),
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                copy("总计", 0, 9),
            ),
            row(2, head, copy(head, 2, 0), copy(head, 2, 0), "10", "2", "0", "0", "1", "0", "13"),
            row(
                2,
                "二、上年结转政府信息公开申请数量",
                copy("二、上年结转政府信息公开申请数量", 3, 0),
                copy("二、上年结转政府信息公开申请数量", 3, 0),
                "1",
                "0",
                "0",
                "0",
                "0",
                "0",
                "1",
            ),
            row(3, results, "（一）予以公开", copy("（一）予以公开", 4, 1), "6", "1", "0", "0", "0", "0", "7"),
            row(
                3,
                copy(results, 4, 0),
                "（二）部分公开",
                copy("（二）部分公开", 5, 1),
                copy("6", 4, 3),
                "0",
                "0",
                "0",
                "",
                "0",
                "2",
            ),
        ),
        p(2),
    )
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    section4 = "四、政府信息公开行政复议、行政诉讼情况"
    cases = Table(
        (  # its heading printed as the table's title row
            row(3, section4, *[copy(section4, 0, 0)] * 14),
            row(3, "行政复议", *[copy("行政复议", 1, 0)] * 4, "行政诉讼", *[copy("行政诉讼", 1, 5)] * 9),
            row(
                3,
                *outcomes,
                "未经复议直接起诉",
                *[copy("未经复议直接起诉", 2, 5)] * 4,
                "复议后起诉",
                *[copy("复议后起诉", 2, 10)] * 4,
            ),
            row(3, *[copy(o, 2, j) for j, o in enumerate(outcomes)], *outcomes, *outcomes),
            row(3, "1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"),
        ),
        p(3),
    )
    return Document(
        [
            Heading("示例区人民政府\n2023年政府信息公开工作年度报告", p(1)),
            Heading("一、总体情况", p(1)),
            Paragraph("2023年，示例区人民政府坚持以公开为常态、不公开为例外，全年主动公开政府信息860条。", p(1)),
            Heading("二、主动公开政府信息情况", p(1)),
            active,
            Heading("三、收到和处理政府信息公开申请情况", p(2)),
            applications,
            cases,
            Heading("五、存在的主要问题及改进情况", p(3)),
            Paragraph("一是政策解读形式较为单一；二是依申请公开答复规范化水平有待提高。下一步将加强培训。", p(3)),
            Heading("六、其他需要报告的事项", p(3)),
            Paragraph("本年度无其他需要报告的事项。", p(3)),
        ],
        "pdf",
        hints={"title": "示例区人民政府2023年政府信息公开工作年度报告"},
        pages=3,
    )


def test_grids_are_read_cell_by_cell_with_their_pages():
    report = parse_document(paged_document(), "0" * 64, "paged.pdf")
    figures = {f.metric: f for f in report.figures}
    assert (report.meta.issuer.value, report.meta.year.value, report.meta.template.value) == (
        "示例区人民政府",
        2023,
        "2021",
    )
    assert [figures[f"active.normative_docs.{c}"].value for c in ("issued", "repealed", "in_force")] == [5, 1, 20]
    assert (figures["active.licensing.decisions"].value, figures["active.licensing.decisions"].page) == (1234, 1)
    received = [
        figures[f"applications.received.{c}"].value
        for c in (
            "natural_person",
            "commercial_enterprise",
            "research_institution",
            "social_welfare_org",
            "legal_service_org",
            "other_org",
            "total",
        )
    ]
    assert received == [10, 2, 0, 0, 1, 0, 13] and figures["applications.received.total"].page == 2
    assert (figures["applications.granted.total"].value, figures["applications.granted.total"].page) == (7, 3)
    # A value merged down from the row above is no second reading of it.
    merged = figures["applications.partially_granted.natural_person"]
    assert (merged.status, merged.value, merged.raw, merged.note) == ("unreadable", None, "", MERGED_NOTE)
    assert figures["applications.partially_granted.legal_service_org"].status == "blank"
    assert (figures["review.upheld"].value, figures["review.total"].value, figures["review.total"].page) == (1, 1, 3)
    pages = {c.section: c.page for c in report.chunks}
    assert pages["一、总体情况"] == 1 and pages["五、存在的主要问题及改进情况"] == 3


def test_pages_and_lines_are_stored_and_shown(nianbao, data_dir, corpus):
    from index.store import Store

    store = Store(data_dir, embedder="fake")
    store.save(parse_document(paged_document(), "0" * 64, "paged.pdf"))
    assert nianbao("ingest", corpus / HEYANG).exit_code == 0
    lines = nianbao("figures", "--json").json
    paged = {f["metric"]: f for f in lines if f["source_file"] == "paged.pdf"}
    assert paged["applications.received.total"]["page"] == 2 and paged["review.total"]["page"] == 3
    assert all("page" not in f for f in lines if f["source_file"] == HEYANG)
    stored = Store(data_dir, embedder="fake")
    rows = {r["source_file"]: r for r in stored.reports()}
    chunks = stored.chunks(rows["paged.pdf"]["id"])
    assert {c.page for c in chunks} == {1, 3}
    # In a text file a passage's line is the file's own line.
    text = stored.report(rows[HEYANG]["id"])["text"]  # the file, spam taken out
    assert text.count("\n") == corpus_text(HEYANG).count("\n")
    for c in stored.chunks(rows[HEYANG]["id"]):
        line = text.split("\n")[c.line - 1]
        assert c.page is None and text[: c.start].count("\n") + 1 == c.line
        assert c.text[:6] in line.replace(" ", "") or line.replace(" ", "")[:6] in c.text


def test_merged_cells_whose_reader_gave_no_origin():
    """A copy equal to its left neighbour continues a merged run; any other copy of a figure
    comes from a row above and is no second reading of it."""
    from ingest.sections import MERGED_COPY, lay_out

    spanned = lambda text: Cell(text, spanned=True)  # noqa: E731
    table = Table(
        (
            row(1, "信息内容", "本年处理决定数量", spanned("本年处理决定数量"), spanned("本年处理决定数量")),
            row(1, "行政许可", "7", spanned("7"), spanned("7")),
            row(1, "行政处罚", "3", "", ""),
            row(1, "行政强制", spanned("3"), "", ""),
        ),
        Location(page=1),
    )
    document = Document([Heading("二、主动公开政府信息情况", Location(page=1)), table], "pdf")
    [section] = [s for s in lay_out(document).sections if s.number == 2]
    assert [(r.labels, r.values) for r in section.rows] == [
        (["信息内容", "本年处理决定数量"], []),
        (["行政许可"], ["7"]),
        (["行政处罚"], ["3", "", ""]),
        (["行政强制"], [MERGED_COPY, "", ""]),
    ]


def test_the_web_page_of_a_department(corpus):
    """Once the HTML reader is there: the page's issuer is the department, in its county,
    and its passages sit in their own sections."""
    pytest.importorskip("ingest.readers.html", reason="the HTML reader is not on this branch yet")
    report = parse_bytes((corpus / "html" / "shuyang-fgj-2023.html").read_bytes(), "shuyang-fgj-2023.html")
    assert (report.meta.issuer.value, report.meta.region.value, report.meta.year.value) == (
        "沭阳县发展和改革局",
        "沭阳县",
        2023,
    )
    sections = {c.section for c in report.chunks}
    assert {"一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"} <= sections
    assert not any(c.section.startswith("二") for c in report.chunks)


@pytest.mark.parametrize("name", ["hongze-2023.pdf", "hongze-2024.pdf"])
def test_a_pdf_s_figures_and_passages_carry_their_page(corpus, name):
    """Once the PDF reader is there: the application table starts on page 3, the review row is on 4."""
    pytest.importorskip("ingest.readers.pdf", reason="the PDF reader is not on this branch yet")
    pytest.importorskip("pdfplumber")
    report = parse_bytes((corpus / "pdf" / name).read_bytes(), name)
    figures = {f.metric: f for f in report.figures}
    assert report.meta.issuer.value == "淮安市洪泽区人民政府" and report.meta.region.value == "洪泽区"
    assert figures["applications.received.total"].page == 3 and figures["review.total"].page == 4
    assert all(f.page for f in report.figures) and all(c.page for c in report.chunks)


# A value merged down two rows (本年废止件数 of 规章 and 行政规范性文件) whose left neighbour
# prints the same figure: a reader that says where each copy comes from keeps it a copy
# from above, where the guess "equal to its left neighbour" took it for a merged run of
# columns and shifted 现行有效件数 into its place.
_DOWN_MERGED_HTML = """<html><head><title>示例县人民政府2023年政府信息公开工作年度报告</title></head><body>
<h1>示例县人民政府2023年政府信息公开工作年度报告</h1>
<h2>一、总体情况</h2><p>2023年，示例县人民政府全年主动公开政府信息300条。</p>
<h2>二、主动公开政府信息情况</h2>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>2</td><td rowspan="2">2</td><td>5</td></tr>
<tr><td>行政规范性文件</td><td>2</td><td>9</td></tr>
</table>
<h2>五、存在的主要问题及改进情况</h2><p>公开的及时性有待提高。</p>
</body></html>"""


def _down_merged_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("示例县人民政府2023年政府信息公开工作年度报告", style="Title")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2023年，示例县人民政府全年主动公开政府信息300条。")
    document.add_paragraph("二、主动公开政府信息情况")
    grid = [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "2", "2", "5"],
        ["行政规范性文件", "2", "", "9"],
    ]
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = grid[0][0]
    for r in range(1, 4):
        for c in range(4):
            if (r, c) != (3, 2):
                table.cell(r, c).text = grid[r][c]
    table.cell(2, 2).merge(table.cell(3, 2)).text = "2"
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("公开的及时性有待提高。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["down.html", "down.docx"])
def test_a_value_merged_down_beside_the_same_figure_is_no_second_reading(name):
    from ingest.readers import read
    from ingest.sections import MERGED_COPY, lay_out

    data = _DOWN_MERGED_HTML.encode() if name.endswith(".html") else _down_merged_docx()
    document = read(data, name)
    [table] = document.tables()
    copy = table.rows[3].cells[2]
    assert (copy.text, copy.spanned, copy.origin) == ("2", True, (2, 2))
    assert table.rows[0].cells[3].origin == (0, 0)  # a title merged across
    [section] = [s for s in lay_out(document).sections if s.number == 2]
    assert [(r.labels, r.values) for r in section.rows][-2:] == [
        (["规章"], ["2", "2", "5"]),
        (["行政规范性文件"], ["2", MERGED_COPY, "9"]),
    ]
    figures = {f.metric: f for f in parse_bytes(data, name).figures}
    docs = [figures[f"active.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")]
    assert [(f.status, f.value) for f in docs] == [("reported", 2), ("unreadable", None), ("reported", 9)]
    assert docs[1].note == MERGED_NOTE


# ------------------------------------------------------------------ a department's report on its government's site
_EDU = "沭阳县教育局"


def _untitled(who: str, signer: str = "（盖章）") -> str:
    """The made-up report without its title: `who` does the work, `signer` signs it."""
    return sample_body().replace("示例县人民政府办公室", signer).replace("示例县人民政府", who)


@pytest.mark.parametrize(
    "case, text, name",
    [
        ("published by the government, signed", "发布机构：沭阳县人民政府\n\n" + _untitled("我局", _EDU), "x.txt"),
        ("published by the government, named once", "发布机构：沭阳县人民政府\n\n" + _untitled(_EDU), "x.txt"),
        (
            "published by the government's office",
            "发布机构：沭阳县人民政府办公室\n\n" + _untitled("我局", _EDU),
            "x.txt",
        ),
        ("published by the county", "发布机构：沭阳县\n\n" + _untitled("我局", _EDU), "x.txt"),
        ("works under the government", _untitled(f"{_EDU}在沭阳县人民政府的正确领导下", _EDU), "x.txt"),
        (
            "a page without a title",
            "<html><body><p>" + _untitled("我局", _EDU).replace("\n", "</p><p>") + "</p></body></html>",
            "x.html",
        ),
        (
            "a page whose title names no one",
            "<html><head><title>政府信息公开年报</title></head><body><p>"
            + _untitled(_EDU).replace("\n", "</p><p>")
            + "</p></body></html>",
            "x.html",
        ),
    ],
)
def test_an_education_bureau_without_a_title_is_not_the_government(case, text, name):
    report = parse_bytes(text.encode(), name)
    assert (report.meta.issuer.value, report.meta.region.value) == (_EDU, "沭阳县"), case


def test_the_government_s_own_report_naming_a_department_stays_the_government_s():
    text = "发布机构：沭阳县人民政府\n\n" + _untitled("沭阳县人民政府").replace(
        "全年组织政务公开业务培训2次", f"会同{_EDU}组织政务公开业务培训2次"
    )
    assert parse_bytes(text.encode(), "x.txt").meta.issuer.value == "沭阳县人民政府"


def test_a_bureau_and_its_government_on_one_site_are_two_issuers(nianbao, tmp_path):
    (tmp_path / "gov.txt").write_text("发布机构：沭阳县人民政府\n\n" + _untitled("沭阳县人民政府"), encoding="utf-8")
    (tmp_path / "edu.txt").write_text("发布机构：沭阳县人民政府\n\n" + _untitled("我局", _EDU), encoding="utf-8")
    assert nianbao("ingest", tmp_path).exit_code == 0
    reports = nianbao("reports", "--json").json
    assert sorted((r["issuer"], r["region"]) for r in reports) == [("沭阳县人民政府", "沭阳县"), (_EDU, "沭阳县")]
