"""The PDF reader: grids of the shared PDFs against truth read by eye, and fixtures of our own.

tests/truth/<file>.json hold every cell of the application table (section 三) and the
15-cell review/litigation row (section 四) of each PDF in ../shared/corpus/pdf, typed by
hand from page renders (pdftoppm -r 110), not from this reader's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS
from pdfmake import Page, locked_pdf, pdf

from ingest.document import Document, Heading, Paragraph, Table, TableRow
from ingest.model import IngestError
from ingest.pipeline import parse_bytes, parse_file
from ingest.readers import read
from ingest.readers.pdf import join_cjk

PDF_DIR = CORPUS / "pdf"
TRUTH_DIR = Path(__file__).parent / "truth"
FIXTURES = Path(__file__).parent / "fixtures"
NAMES = ["hongze-2023.pdf", "hongze-2024.pdf", "huaian-2024.pdf"]
COLUMNS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]
# Words that pick out each application row among the grid's rows (group label, then item).
ROW_WORDS = {
    "received": ("本年新收",),
    "carried_over_in": ("上年结转",),
    "granted": ("（一）予以公开",),
    "partially_granted": ("（二）部分公开",),
    "withheld.state_secret": ("（三）不予公开", "国家秘密"),
    "withheld.prohibited_by_law": ("（三）不予公开", "止公开"),
    "withheld.three_safeties_one_stability": ("（三）不予公开", "三安全一稳定"),
    "withheld.third_party_rights": ("（三）不予公开", "第三方"),
    "withheld.internal_affairs": ("（三）不予公开", "内部事务"),
    "withheld.process_info": ("（三）不予公开", "过程性"),
    "withheld.enforcement_file": ("（三）不予公开", "执法案卷"),
    "withheld.administrative_query": ("（三）不予公开", "查询事项"),
    "unavailable.not_held": ("（四）无法提供", "不掌握"),
    "unavailable.needs_creation": ("（四）无法提供", "另行制作"),
    "unavailable.unclear_after_correction": ("（四）无法提供", "不明确"),
    "not_processed.petition_complaint": ("（五）不予处理", "信访"),
    "not_processed.duplicate": ("（五）不予处理", "重复申请"),
    "not_processed.publication": ("（五）不予处理", "出版物"),
    "not_processed.excessive_repeated": ("（五）不予处理", "大量反复"),
    "not_processed.confirm_or_reissue": ("（五）不予处理", "确认"),
    "other_handling": ("（六）其他处理",),
    "other_handling.no_correction": ("（六）其他处理", "逾期不补正"),
    "other_handling.unpaid_fee": ("（六）其他处理", "缴纳费用"),
    "other_handling.other": ("（六）其他处理", "3、其他"),
    "results_total": ("（七）总计",),
    "carried_over_out": ("结转下年度",),
}
CASES = [
    f"{g}.{c}"
    for g in ("review", "litigation_direct", "litigation_after_review")
    for c in ("upheld", "corrected", "other", "pending", "total")
]


def _pdf_path(name: str) -> Path:
    path = PDF_DIR / name
    if not path.is_file():
        pytest.skip(f"the shared corpus is not checked out beside the repository ({path})")
    return path


_DOCS: dict[str, Document] = {}


def document(name: str) -> Document:
    if name not in _DOCS:
        _DOCS[name] = read(_pdf_path(name).read_bytes(), name)
    return _DOCS[name]


def truth(name: str) -> dict:
    return json.loads((TRUTH_DIR / name.replace(".pdf", ".json")).read_text(encoding="utf-8"))


def _table_with(doc: Document, word: str) -> Table:
    tables = [t for t in doc.tables() if any(word in c.text for r in t.rows for c in r.cells)]
    assert len(tables) == 1, f"{len(tables)} tables hold {word}"
    return tables[0]


def _row(table: Table, words: tuple[str, ...]) -> TableRow:
    rows = [r for r in table.rows if all(any(w in c.text for c in r.cells) for w in words)]
    assert len(rows) == 1, f"{len(rows)} rows match {words}"
    return rows[0]


def _printed(value: int | float | None) -> str:
    return "" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


# ------------------------------------------------------------------ the shared PDFs: grids


@pytest.mark.parametrize("name", NAMES)
def test_application_grid_matches_truth_cell_for_cell(name: str) -> None:
    t = truth(name)
    table = _table_with(document(name), "本年新收政府信息公开申请数量")
    rows = {k.rsplit(".", 1)[0].removeprefix("applications.") for k in t["figures"] if k.startswith("applications.")}
    for key in sorted(rows):
        row = _row(table, ROW_WORDS[key])
        expected = [_printed(t["figures"][f"applications.{key}.{c}"]) for c in COLUMNS]
        assert row.texts[-7:] == expected, f"{name} {key}: {row.texts}"
        assert not any(c.spanned for c in row.cells[-7:]), f"{name} {key}: a figure marked as a span copy"


@pytest.mark.parametrize("name", NAMES)
def test_application_table_runs_across_pages_as_one_table_rows_keep_their_page(name: str) -> None:
    t = truth(name)
    table = _table_with(document(name), "本年新收政府信息公开申请数量")
    first, second = t["pages"]["applications"]
    assert {r.location.page for r in table.rows} == {first, second}
    assert table.location.page == first
    assert _row(table, ROW_WORDS["received"]).location.page == first
    assert _row(table, ROW_WORDS["carried_over_out"]).location.page == second
    # The header is not repeated as a data row and every row has the same width.
    assert len({len(r.cells) for r in table.rows}) == 1
    assert sum(1 for r in table.rows if any("本年新收" in c.text for c in r.cells)) == 1


@pytest.mark.parametrize("name", NAMES)
def test_merged_labels_are_copied_into_every_row_they_cover(name: str) -> None:
    table = _table_with(document(name), "本年新收政府信息公开申请数量")
    # The vertical header (one character a line in the PDF) reads as one label, no breaks.
    outer = [r.cells[0] for r in table.rows if r.cells[0].text == "三、本年度办理结果"]
    assert len(outer) >= 20
    assert sum(1 for c in outer if not c.spanned) == 1
    # A group label cut by the page break is carried onto the next page whole.
    needs_creation = _row(table, ("另行制作",))
    assert needs_creation.cells[1].text == "（四）无法提供" and needs_creation.cells[1].spanned
    assert _row(table, ("不明确",)).cells[0].text == "三、本年度办理结果"
    # Every copy names the cell that prints it (its own text, never itself a copy).
    rows = list(table.rows)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.cells):
            if cell.spanned:
                assert cell.origin is not None and cell.origin <= (i, j)
                r, c = cell.origin
                assert not rows[r].cells[c].spanned and rows[r].cells[c].text == cell.text


@pytest.mark.parametrize("name", NAMES)
def test_review_and_litigation_row_matches_truth(name: str) -> None:
    t = truth(name)
    table = _table_with(document(name), "复议后起诉")
    assert {r.location.page for r in table.rows} == {t["pages"]["cases"]}
    figures = [r for r in table.rows if all(c.text.isdigit() for c in r.cells)]
    assert len(figures) == 1
    assert figures[0].texts == [_printed(t["figures"][k]) for k in CASES]
    header = table.rows[-2].texts
    assert header[:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@pytest.mark.parametrize("name", NAMES)
def test_prose_headings_and_hints(name: str) -> None:
    doc = document(name)
    assert doc.format == "pdf" and doc.pages in (5, 6)
    assert doc.warnings == []  # the grid and the text layer agree on every numeric row
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert [h[0] for h in headings[1:7]] == list("一二三四五六")
    assert "政府信息公开工作年度报告" in headings[0] and headings[0] == doc.hints["title"]
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert all(b.location.page for b in doc.blocks)
    text = "\n".join(p.text for p in paragraphs)
    # Table text stays in the tables; page numbers (`- 3 -`) and line breaks stay out of prose.
    assert "本列数据的勾稽关系" not in text and "申请人情况" not in text and "第二十条" not in text
    assert not any(p.text.strip("-— ").isdigit() for p in paragraphs)
    assert " 年" not in text and not any("\n" in p.text for p in paragraphs)
    assert "（二）依申请公开情况。" in text


def test_reading_order_puts_each_table_under_its_section() -> None:
    doc = document("huaian-2024.pdf")
    kinds = [(type(b).__name__, b.text if not isinstance(b, Table) else "") for b in doc.blocks]
    sections = [
        i for i, (k, text) in enumerate(kinds) if k == "Heading" and text[:2] in ("二、", "三、", "四、", "五、")
    ]
    tables = [i for i, (k, _) in enumerate(kinds) if k == "Table"]
    assert len(tables) == 3
    assert sections[0] < tables[0] < sections[1] < tables[1] < sections[2] < tables[2] < sections[3]
    assert doc.hints["title"] == "淮安市人民政府2024年政府信息公开工作年度报告"


# ------------------------------------------------------------------ end to end, every truth cell


@pytest.mark.parametrize("name", NAMES)
def test_parse_file_stores_every_truth_cell(name: str) -> None:
    report = parse_file(_pdf_path(name))
    stored = {f.metric: f for f in report.figures}
    wrong = []
    for metric, value in truth(name)["figures"].items():
        f = stored.get(metric)
        if f is None:
            wrong.append(f"{metric}: missing")
        elif value is None and f.status != "blank":
            wrong.append(f"{metric}: {f.status} {f.raw!r}, printed blank")
        elif value is not None and (f.status != "reported" or f.value != value):
            wrong.append(f"{metric}: {f.status} {f.value}, printed {value}")
    assert not wrong, wrong


@pytest.mark.slow
def test_parse_file_finds_issuer_and_year_from_the_first_page() -> None:
    # hongze-2023's title says 洪泽区人民政府; the report prints 淮安市洪泽区人民政府 too, and one
    # issuer is stored under the fullest spelling it is printed in.
    expected = {
        "hongze-2023.pdf": ("淮安市洪泽区人民政府", 2023),
        "hongze-2024.pdf": ("淮安市洪泽区人民政府", 2024),
        "huaian-2024.pdf": ("淮安市人民政府", 2024),
    }
    for name, (issuer, year) in expected.items():
        meta = parse_file(_pdf_path(name)).meta
        assert (meta.issuer.value, meta.year.value) == (issuer, year)


# ------------------------------------------------------------------ fixtures of our own


def test_scanned_pdf_without_text_is_read_by_ocr_and_named_empty() -> None:
    # A scan of an empty ruled form: OCR reads it (tests/test_ocr.py reads real scans) and finds nothing.
    with pytest.raises(IngestError, match="OCR found no text"):
        read((FIXTURES / "scanned.pdf").read_bytes(), "scanned.pdf")


def test_encrypted_and_damaged_pdfs_are_named_errors() -> None:
    with pytest.raises(IngestError, match="encrypted PDF"):
        read(locked_pdf(), "locked.pdf")
    for data in (b"%PDF-1.4\nnot really a pdf", pdf([Page()])[:200]):
        with pytest.raises(IngestError, match="damaged PDF"):
            read(data, "broken.pdf")


@pytest.mark.slow
def test_no_text_at_all_is_read_by_ocr_too() -> None:
    with pytest.raises(IngestError, match="OCR found no text"):
        read(pdf([Page().grid([60, 200], [100, 200])]), "empty.pdf")


def _merged_table_page() -> Page:
    """Made-up figures: a label spanning two columns, a group spanning two rows, a blank cell."""
    page = Page().text(60, 60, "Made-up report of an imaginary office")
    for y, x0 in ((100, 60), (130, 60), (160, 200), (190, 60)):
        page.line(x0, y, 500, y)  # no rule under G1 on the left: it spans two rows
    page.line(60, 100, 60, 190).line(200, 130, 200, 190)  # no rule after Label: it spans two columns
    for x in (300, 400, 500):
        page.line(x, 100, x, 190)
    page.text(65, 120, "Label").text(305, 120, "A").text(405, 120, "B")
    page.text(65, 165, "G1").text(205, 150, "x1").text(305, 150, "5").text(405, 150, "7")
    page.text(205, 180, "x2").text(405, 180, "9")
    return page.text(60, 230, "Closing words of the report.").text(280, 810, "- 1 -")


def test_merged_cells_are_copied_and_a_blank_cell_stays_blank() -> None:
    doc = read(pdf([_merged_table_page()]), "merged.pdf")
    (table,) = doc.tables()
    assert [r.texts for r in table.rows] == [
        ["Label", "Label", "A", "B"],
        ["G1", "x1", "5", "7"],
        ["G1", "x2", "", "9"],
    ]
    assert [[c.spanned for c in r.cells] for r in table.rows] == [
        [False, True, False, False],
        [False, False, False, False],
        [True, False, False, False],
    ]
    # Each copy names the cell that prints it: Label across, G1 down.
    assert [[c.origin for c in r.cells] for r in table.rows] == [
        [None, (0, 0), None, None],
        [None] * 4,
        [(1, 0), None, None, None],
    ]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == [
        "Made-up report of an imaginary office",
        "Closing words of the report.",
    ]
    assert doc.warnings == []


def _continued_pages() -> list[Page]:
    xs, header = [60, 300, 400, 500], "ACME Office annual report"
    one = Page().text(60, 40, header).text(60, 680, "Table of figures:")
    one.grid(xs, [700, 730, 760, 790])
    one.text(65, 720, "Item").text(305, 720, "N1").text(405, 720, "N2")
    one.text(65, 750, "r1").text(305, 750, "1").text(405, 750, "2")
    one.text(65, 780, "r2").text(305, 780, "3").text(405, 780, "4").text(280, 815, "- 1 -")
    two = Page().text(60, 40, header).grid(xs, [60, 90, 120])
    two.text(65, 80, "r3").text(305, 80, "5").text(405, 80, "6")
    # `447` printed across the rule at x=400: the grid cuts it into 44 | 7, the words keep 447.
    two.text(65, 110, "r4").text(389, 110, "447")
    two.text(60, 160, "After the table.").text(280, 815, "- 2 -")
    return [one, two]


def test_a_table_continued_on_the_next_page_is_one_table_and_readings_must_agree() -> None:
    doc = read(pdf(_continued_pages()), "continued.pdf")
    (table,) = doc.tables()
    assert [r.texts[0] for r in table.rows] == ["Item", "r1", "r2", "r3", "r4"]
    assert [r.location.page for r in table.rows] == [1, 1, 1, 2, 2]
    assert table.rows[3].texts == ["r3", "5", "6"]
    # The running header and the page numbers are not prose.
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["Table of figures:", "After the table."]
    assert len(doc.warnings) == 1
    assert "p. 2" in doc.warnings[0] and "r4" in doc.warnings[0] and "447" in doc.warnings[0]


def test_join_cjk_never_glues_digits() -> None:
    assert join_cjk("三\n、\n本\n年\n度") == "三、本年度"
    assert join_cjk("2024 年 1 月") == "2024年1月"
    assert join_cjk("447 7 0\n0 0") == "447 7 0 0 0"
    assert join_cjk("商业\n企业") == "商业企业"


# ------------------------------------------------------------------ a made-up report, end to end

_COLS = [300 + 32 * i for i in range(8)]  # 自然人 … 总计, 32 pt each
_ROW_H = 22.0
# (outer group, group, item, figures) — made-up figures; "" is a cell printed blank.
_APPLICATION_ROWS = [
    ("一、本年新收政府信息公开申请数量", None, None, "30 _ 0 0 2 1 33"),
    ("二、上年结转政府信息公开申请数量", None, None, "4 0 0 0 0 0 4"),
    ("三、本年度办理结果", "（一）予以公开", None, "12 0 0 0 1 0 13"),
    ("三、本年度办理结果", "（二）部分公开", None, "3 0 0 0 0 0 3"),
    *[
        ("三、本年度办理结果", "（三）不予公开", item, v)
        for item, v in [
            ("1.属于国家秘密", "1 0 0 0 0 0 1"),
            ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
            ("3.危及“三安全一稳定”", "0 0 0 0 0 0 0"),
            ("4.保护第三方合法权益", "2 0 0 0 0 0 2"),
            ("5.属于三类内部事务信息", "0 0 0 0 0 0 0"),
            ("6.属于四类过程性信息", "0 0 0 0 0 0 0"),
            ("7.属于行政执法案卷", "0 0 0 0 0 0 0"),
            ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
        ]
    ],
    *[
        ("三、本年度办理结果", "（四）无法提供", item, v)
        for item, v in [
            ("1.本机关不掌握相关政府信息", "5 0 0 0 1 1 7"),
            ("2.没有现成信息需要另行制作", "1 0 0 0 0 0 1"),
            ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"),
        ]
    ],
    *[
        ("三、本年度办理结果", "（五）不予处理", item, v)
        for item, v in [
            ("1.信访举报投诉类申请", "2 0 0 0 0 0 2"),
            ("2.重复申请", "1 0 0 0 0 0 1"),
            ("3.要求提供公开出版物", "0 0 0 0 0 0 0"),
            ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
            ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
        ]
    ],
    *[
        ("三、本年度办理结果", "（六）其他处理", item, v)
        for item, v in [
            ("1.申请人无正当理由逾期不补正", "1 0 0 0 0 0 1"),
            ("2.申请人逾期未按收费通知要求缴纳费用", "0 0 0 0 0 0 0"),
            ("3.其他", "0 0 0 0 0 0 0"),
        ]
    ],
    ("三、本年度办理结果", "（七）总计", None, "28 0 0 0 2 1 31"),
    ("四、结转下年度继续办理", None, None, "6 0 0 0 0 0 6"),
]
_BREAK_AFTER = 15  # the page ends inside （四）无法提供, as in the shared PDFs


def _box(page: Page, x0: float, top: float, x1: float, bottom: float) -> None:
    page.line(x0, top, x1, top).line(x0, bottom, x1, bottom).line(x0, top, x0, bottom).line(x1, top, x1, bottom)


def _application_part(page: Page, rows: list[tuple], top: float, header: bool) -> float:
    """Draw rows of the application table from `top`; merged labels as one box each."""
    y = top
    if header:
        _box(page, 60, y, 300, y + _ROW_H)
        for x, name in zip(_COLS, ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]):
            _box(page, x, y, x + 32, y + _ROW_H)
            page.text(x + 1, y + 14, name, size=5)
        y += _ROW_H
    spans: dict[tuple[int, str], list[float]] = {}
    for outer, group, item, figures in rows:
        if group is None:
            _box(page, 60, y, 300, y + _ROW_H)
            page.text(63, y + 14, outer, size=8)
        else:
            spans.setdefault((0, outer), [y, y])[1] = y + _ROW_H
            if item is None:
                _box(page, 90, y, 300, y + _ROW_H)
                page.text(93, y + 14, group, size=8)
            else:
                spans.setdefault((1, group), [y, y])[1] = y + _ROW_H
                _box(page, 170, y, 300, y + _ROW_H)
                page.text(172, y + 14, item, size=6)
        for x, value in zip(_COLS, figures.split()):
            _box(page, x, y, x + 32, y + _ROW_H)
            if value != "_":
                page.text(x + 4, y + 14, value, size=8)
        y += _ROW_H
    for (level, label), (start, end) in spans.items():
        x0, x1 = (60, 90) if level == 0 else (90, 170)
        _box(page, x0, start, x1, end)
        if level == 0:  # the vertical header: one character a line
            for i, ch in enumerate(label):
                page.text(70, start + 14 + 9 * i, ch, size=8)
        else:
            page.text(x0 + 2, start + 14, label, size=7)
    return y


def _made_up_report(break_after: int = _BREAK_AFTER) -> bytes:
    one = Page().text(120, 60, "示例县人民政府2030年政府信息公开工作年度报告", size=16)
    one.text(60, 100, "一、总体情况", size=10).text(
        80, 118, "2030年，示例县人民政府认真贯彻《条例》，共收到申请33件。", size=10
    )
    one.text(60, 140, "二、主动公开政府信息情况", size=10).text(80, 158, "本年主动公开政府信息。", size=10)
    one.text(60, 185, "三、收到和处理政府信息公开申请情况", size=10)
    _application_part(one, _APPLICATION_ROWS[:break_after], 200, header=True)
    one.text(290, 820, "- 1 -")
    two = Page()
    y = _application_part(two, _APPLICATION_ROWS[break_after:], 60, header=False)
    two.text(60, y + 30, "四、政府信息公开行政复议、行政诉讼情况", size=10)
    top, xs = y + 40, [60 + 31 * i for i in range(16)]
    _box(two, 60, top, 215, top + 20)
    _box(two, 215, top, 525, top + 20)
    two.text(62, top + 14, "行政复议", size=7).text(217, top + 14, "行政诉讼", size=7)
    _box(two, 215, top + 20, 370, top + 40)
    _box(two, 370, top + 20, 525, top + 40)
    two.text(217, top + 34, "未经复议直接起诉", size=7).text(372, top + 34, "复议后起诉", size=7)
    for i in range(15):
        _box(two, xs[i], top + 40, xs[i + 1], top + 60)
        two.text(xs[i] + 1, top + 54, ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"][i % 5], size=6)
        _box(two, xs[i], top + 60, xs[i + 1], top + 80)
    for i, value in enumerate("3 1 0 0 4 1 0 0 0 1 0 0 0 1".split()):
        two.text(xs[i] + 4, top + 74, value, size=8)
    # The last cell's `11` printed across the table's right rule: grid and text layer disagree.
    two.text(xs[14] + 26, top + 74, "11", size=8)
    two.text(60, top + 110, "五、存在的主要问题及改进情况", size=10).text(80, top + 128, "宣传还不够。", size=10)
    two.text(60, top + 150, "六、其他需要报告的事项", size=10).text(80, top + 168, "无。", size=10)
    two.text(380, top + 200, "示例县人民政府办公室", size=10).text(390, top + 218, "2031年1月20日", size=10)
    two.text(290, 820, "- 2 -")
    return pdf([one, two])


# After row 三(四) (page 2 opens with （五）), or inside （三） (with its rows 5–8 and no header).
@pytest.mark.parametrize("break_after", [_BREAK_AFTER, 8])
def test_a_made_up_report_reads_end_to_end_blank_stays_blank(break_after: int) -> None:
    doc = read(_made_up_report(break_after), "made-up.pdf")
    table = _table_with(doc, "本年新收政府信息公开申请数量")
    assert [r.location.page for r in table.rows].count(2) == len(_APPLICATION_ROWS) - break_after
    for outer, group, item, figures in _APPLICATION_ROWS:
        row = _row(table, tuple(w for w in (outer, group, item) if w))
        assert row.texts[-7:] == ["" if v == "_" else v for v in figures.split()]
        assert row.cells[0].text == outer
    assert doc.hints == {
        "title": "示例县人民政府2030年政府信息公开工作年度报告",
        "publisher": "示例县人民政府办公室",
        "date": "2031-01-20",
    }

    report = parse_bytes(_made_up_report(break_after), "made-up.pdf")
    stored = {f.metric: f for f in report.figures}
    assert (report.meta.issuer.value, report.meta.year.value) == ("示例县人民政府", 2030)
    assert stored["applications.received.commercial_enterprise"].status == "blank"
    assert stored["applications.received.total"].value == 33
    assert stored["applications.unavailable.needs_creation.natural_person"].value == 1
    assert stored["applications.carried_over_out.total"].value == 6
    # The two readings of the review/litigation row disagree (its last `11` straddles the
    # table's right rule): the report is warned and none of the row's figures is stored on
    # trust, each note naming the page and both readings.
    [warning] = [w for w in report.warnings if "text reads" in w]
    assert "p. 2" in warning
    row = [f for f in report.figures if f.metric.startswith(("review.", "litigation_"))]
    assert len(row) == 15
    for f in row:
        assert (f.status, f.value, f.page, f.note) == ("unreadable", None, 2, warning)
    assert (
        "grid reads 3 1 0 0 4 1 0 0 0 1 0 0 0 1" in warning and "text reads 3 1 0 0 4 1 0 0 0 1 0 0 0 1 11" in warning
    )
    # The application table's rows agree, and are stored.
    assert not any(f.status == "unreadable" for f in report.figures if f.metric.startswith("applications."))


def test_header_rows_printed_again_on_the_next_page_are_not_data_rows() -> None:
    xs = [60, 300, 400, 500]
    one = Page().grid(xs, [700, 730, 760, 790])
    two = Page().grid(xs, [60, 90, 120, 150])
    for page, rows in (
        (one, [("Item", "N1", "N2"), ("Unit", "n", "n"), ("r1", "1", "2")]),
        (two, [("Item", "N1", "N2"), ("Unit", "n", "n"), ("r2", "3", "4")]),
    ):
        top = 700 if page is one else 60
        for k, row in enumerate(rows):
            for x, text in zip(xs, row):
                page.text(x + 5, top + 30 * k + 20, text)
    (table,) = read(pdf([one, two]), "repeated.pdf").tables()
    assert [r.texts[0] for r in table.rows] == ["Item", "Unit", "r1", "r2"]
    assert [r.location.page for r in table.rows] == [1, 1, 1, 2]


def test_the_title_is_the_large_lines_that_name_a_report_not_the_letterhead() -> None:
    page = Page().text(100, 60, "示例县人民政府办公室文件", size=24)
    page.text(120, 110, "示例县人民政府", size=16).text(100, 130, "2030年政府信息公开工作年度报告", size=16)
    page.text(60, 170, "一、总体情况", size=10)
    page.text(80, 190, "本年度示例县政府信息公开工作正常开展，各项制度落实到位。", size=10)
    doc = read(pdf([page]), "letterhead.pdf")
    assert doc.hints["title"] == "示例县人民政府2030年政府信息公开工作年度报告"
    assert [b.text for b in doc.blocks if isinstance(b, Heading)][:1] == [doc.hints["title"]]
