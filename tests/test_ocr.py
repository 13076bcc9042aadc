"""OCR: scans we make of the shared PDFs (rendered, skewed, grained, JPEG; no text layer),
read back cell by cell against tests/truth, read by eye.

Each scan is read once per session (OCR takes seconds a page): the page with section 三's
table of hongze-2024 as an image-only PDF through `nianbao ingest` and `ask`; and the table
as a PNG lying on its side, with a rule erased in one row and a pen scribbled over a cell
of another. The rule for every one: no figure wrong.
"""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest
from conftest import run_cli, write_config

# Looked up, not imported: the engine (with OpenCV) takes a quarter of a second, paid by the tests that read.
if importlib.util.find_spec("rapidocr_onnxruntime") is None:
    pytest.skip("OCR engine not installed", allow_module_level=True)
import scanmake  # tests/ is on the path, as for pdfmake

from ingest.document import Cell, Document, Heading, Location, Table, TableRow
from ingest.ocr_cells import as_number
from ingest.ocr_grid import Segment, find_grids
from ingest.pipeline import parse_bytes, parse_document
from ingest.readers import sniff

TRUTH = json.loads((Path(__file__).parent / "truth" / "hongze-2024.json").read_text(encoding="utf-8"))["figures"]
ISSUER = "淮安市洪泽区人民政府"
APPLICANTS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]
# The application rows printed on p. 3 of hongze-2024 (the rest of the table is on p. 4).
PAGE_3_ROWS = [
    "received",
    "carried_over_in",
    "granted",
    "partially_granted",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.three_safeties_one_stability",
    "withheld.third_party_rights",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_file",
    "withheld.administrative_query",
    "unavailable.not_held",
]
PAGE_3 = [f"applications.{r}.{c}" for r in PAGE_3_ROWS for c in APPLICANTS]
CASES = [k for k in TRUTH if not k.startswith("applications.")]  # section 四's row, on p. 4


def _score(figures: dict[str, dict], keys: list[str]) -> tuple[int, list[str], list[str]]:
    """(right, wrong, unreadable) of the stored figures against the truth, over `keys`."""
    right, wrong, unreadable = 0, [], []
    for key in keys:
        f = figures.get(key)
        if f is None or f["status"] == "unreadable":
            unreadable.append(key)
        elif f["value"] == TRUTH[key] and f["status"] == "reported":
            right += 1
        else:
            wrong.append(f"{key}: stored {f['raw']!r} ({f['status']}), printed {TRUTH[key]}")
    return right, wrong, unreadable


def _figures(report) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {
        f.metric: {"value": f.value, "raw": f.raw, "status": f.status, "note": f.note, "page": f.page}
        for f in report.figures
    }


# ---------------------------------------------------------------- the scans, read once


@pytest.fixture(scope="session")
def source(corpus: Path) -> Path:
    """hongze-2024.pdf of the shared corpus (the test is skipped, saying why, when it is absent)."""
    return corpus / "pdf" / "hongze-2024.pdf"


@pytest.fixture(scope="session")
def scanned_store(tmp_path_factory: pytest.TempPathFactory, source: Path) -> dict:
    """p. 3 of hongze-2024 scanned to an image-only PDF, ingested through the command line."""
    root = tmp_path_factory.mktemp("ocr-store")
    scan = root / "hongze-2024-scan-p3.pdf"
    scan.write_bytes(scanmake.scanned_pdf([scanmake.scan(scanmake.render(source, 3, dpi=120))], dpi=120))
    config = write_config(root / "nianbao.toml", root / "data")
    ingest = run_cli("ingest", scan, "--issuer", ISSUER, "--year", "2024", "--json", "--config", config)
    figures = {f["metric"]: f for f in run_cli("figures", "--json", "--config", config).json}
    return {"config": config, "ingest": ingest, "figures": figures}


@pytest.fixture(scope="session")
def damaged_table(source: Path):  # type: ignore[no-untyped-def]
    """Section 三's table on p. 3 as a PNG lying on its side (turned 90°): the rule between
    two figures of row 一 erased, a pen scribbled over one figure of row 二."""
    dpi = 120
    received = scanmake.row_cells(source, 3, "本年新收")
    carried = scanmake.row_cells(source, 3, "上年结转")
    edge, (_, top, _, bottom) = received[1][2], received[1]
    image = scanmake.damage(
        scanmake.render(source, 3, dpi), dpi, erase=[(edge - 2, top + 1.5, edge + 2, bottom - 1.5)], smear=[carried[3]]
    )
    image = scanmake.crop(image, dpi, scanmake.region(source, 3, "三、收到和处理", "国家秘密"))
    buf = io.BytesIO()
    scanmake.scan(image, skew=-0.5).rotate(90, expand=True).save(buf, "PNG")
    return parse_bytes(buf.getvalue(), "hongze-2024-table.png")


# ---------------------------------------------------------------- a scanned PDF


@pytest.mark.slow
def test_scanned_pdf_page_every_cell_right_or_unreadable(scanned_store: dict) -> None:
    [line] = scanned_store["ingest"].json
    assert line["error"] is None and line["figures"] >= len(PAGE_3)
    assert any("read by OCR" in w for w in line["warnings"])
    right, wrong, unreadable = _score(scanned_store["figures"], PAGE_3)
    print(f"p. 3 scan: {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable of {len(PAGE_3)}")
    assert not wrong
    assert right >= 84  # 91 of 91 when written; a cell may go unreadable, never wrong
    assert all(scanned_store["figures"][k]["page"] == 1 for k in PAGE_3 if k in scanned_store["figures"])


@pytest.mark.slow
def test_ask_about_a_scanned_report_cites_its_page(scanned_store: dict) -> None:
    result = run_cli("ask", "洪泽区2024年本年新收政府信息公开申请多少件", "--json", "--config", scanned_store["config"])
    answer = json.loads(result.stdout)
    assert answer["route"] == "figure", answer
    cited = {f["metric"]: f for f in answer["figures"]}
    assert cited["applications.received.total"]["value"] == 95
    assert cited["applications.received.total"]["page"] == 1
    assert cited["applications.received.total"]["source_file"] == "hongze-2024-scan-p3.pdf"


# ---------------------------------------------------------------- a scanned page among text pages


@pytest.mark.slow
def test_scanned_page_inside_a_text_pdf_is_read_in_its_place(tmp_path: Path, source: Path) -> None:
    # p. 5 (section 六's prose) scanned among the text pages: its text read by OCR, in its place.
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument(scanmake.scanned_pdf([scanmake.scan(scanmake.render(source, 5, dpi=120))], dpi=120))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(source)), [0, 1, 2, 3])
    mixed.import_pages(scan, [0])
    path = tmp_path / "hongze-2024-p5-scanned.pdf"
    mixed.save(str(path))
    report = parse_bytes(path.read_bytes(), path.name)
    assert any("p. 5: no text layer; read by OCR" in w for w in report.warnings)
    right, wrong, _ = _score(_figures(report), list(TRUTH))
    assert (right, wrong) == (len(TRUTH), [])  # the text pages read as ever
    [chunk] = [c for c in report.chunks if "信息处理费" in c.text]
    assert chunk.page == 5 and "其他需要报告" in chunk.section


# ---------------------------------------------------------------- a PNG on its side, damaged


@pytest.mark.slow
def test_table_lying_on_its_side_is_turned_and_deskewed(damaged_table) -> None:  # type: ignore[no-untyped-def]
    assert any("turned 90°" in w for w in damaged_table.warnings), damaged_table.warnings
    assert any("deskewed" in w for w in damaged_table.warnings), damaged_table.warnings


@pytest.mark.slow
def test_png_table_read_and_no_figure_wrong(damaged_table) -> None:  # type: ignore[no-untyped-def]
    figures = _figures(damaged_table)
    keys = PAGE_3[: 5 * len(APPLICANTS)]  # rows 一, 二, （一）, （二）, （三）1
    right, wrong, unreadable = _score(figures, keys)
    print(f"damaged PNG on its side: {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable of {len(keys)}")
    assert not wrong
    assert right >= 17  # 21 when written: the two damaged rows are unreadable, the rest read


@pytest.mark.slow
def test_row_whose_cells_cannot_be_placed_is_unreadable(damaged_table) -> None:  # type: ignore[no-untyped-def]
    figures = _figures(damaged_table)
    for column in APPLICANTS:
        f = figures[f"applications.received.{column}"]
        assert f["status"] == "unreadable" and "could not be placed" in f["note"], f
        f = figures[f"applications.carried_over_in.{column}"]
        assert f["status"] == "unreadable" and "read by OCR" in f["note"], f


# ---------------------------------------------------------------- a picture in a Word file


@pytest.mark.slow
def test_table_without_rules_pasted_into_word_as_a_picture_is_read(source: Path) -> None:
    # Its rows are lines that end in figures: unconfirmed rows too (as prose they would be trusted).
    import docx

    # One figure is erased too: its column stays blank, the row's other figures keep theirs.
    dpi = 120
    x0, top, x1, bottom = scanmake.row_cells(source, 3, "上年结转")[3]
    erased = [*scanmake.rules(source, 3), (x0 + 2, top + 2, x1 - 2, bottom - 2)]
    image = scanmake.damage(scanmake.render(source, 3, dpi), dpi, erase=erased)
    image = scanmake.crop(image, dpi, scanmake.region(source, 3, "三、收到和处理", "部分公开"))
    picture = io.BytesIO()
    scanmake.scan(image, skew=0.4).save(picture, "PNG")
    document = docx.Document()
    document.add_paragraph("淮安市洪泽区2024年政府信息公开工作年度报告（节选）")
    document.add_picture(picture)
    data = io.BytesIO()
    document.save(data)
    report = parse_bytes(data.getvalue(), "hongze-2024-excerpt.docx")
    assert any("a picture read by OCR" in w for w in report.warnings)
    figures = _figures(report)
    assert figures["applications.carried_over_in.social_welfare_org"]["status"] == "blank"
    keys = [k for k in PAGE_3[: 4 * len(APPLICANTS)] if k != "applications.carried_over_in.social_welfare_org"]
    right, wrong, unreadable = _score(figures, keys)  # rows 一, 二, （一）, （二）
    print(
        f"picture without rules in .docx: {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable of {len(keys)}"
    )
    assert not wrong
    assert right >= 20  # 27 when written


@pytest.mark.slow
def test_table_carried_in_a_web_page_as_a_picture_is_read(source: Path) -> None:
    import base64

    dpi = 120
    image = scanmake.crop(
        scanmake.render(source, 4, dpi), dpi, scanmake.region(source, 4, "四、政府信息公开行政复议", "结果")
    )
    picture = io.BytesIO()
    scanmake.scan(image, skew=-0.3).save(picture, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    page = (
        f"<html><body><h1>淮安市洪泽区2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        f'<p>2024年，洪泽区政府信息公开工作稳步推进。</p><p><img src="{uri}"></p></body></html>'
    )
    report = parse_bytes(page.encode("utf-8"), "hongze-2024.html")
    assert any("a picture read by OCR" in w for w in report.warnings)
    right, wrong, unreadable = _score(_figures(report), CASES)
    print(f"picture in a web page: section 四 {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable of 15")
    assert not wrong
    assert right >= 10  # 15 when written


# ---------------------------------------------------------------- no OCR needed


def test_image_files_are_sniffed_by_content() -> None:
    assert sniff(b"\x89PNG\r\n\x1a\n....", "scan.bin") == "image"
    assert sniff(b"\xff\xd8\xff\xe0....", "photo") == "image"
    assert sniff(b"II*\x00....", "scan.tif") == "image"
    assert sniff(b"MM\x00*....", "scan.tiff") == "image"


@pytest.mark.parametrize(
    "text,number",
    [
        ("0", "0"),
        ("O", "0"),
        ("1O", "10"),
        ("l2", "12"),
        ("S5", "55"),
        ("B", None),
        ("1 2", None),
        ("3件", None),
        ("2,776", "2,776"),
    ],
)
def test_digit_lookalikes_corrected_only_among_digits(text: str, number: str | None) -> None:
    assert as_number(text) == number


def test_grid_merges_cells_without_a_rule_and_ignores_strokes() -> None:
    # Three columns, two rows; no rule between columns 1 and 2 in the top row (a merged
    # header); a short stroke inside a bottom cell touches no rule at either end.
    xs, ys = [0.0, 100.0, 200.0, 300.0], [0.0, 40.0, 80.0]
    hs = [Segment(y, 0, 300) for y in ys] + [Segment(60, 130, 170)]
    vs = [Segment(0, 0, 80), Segment(100, 0, 80), Segment(200, 40, 80), Segment(300, 0, 80)]
    [grid] = find_grids(hs, vs, tol=4, min_gap=15)
    assert grid.xs == xs and grid.ys == ys
    assert grid.owner[(0, 1)] == grid.owner[(0, 2)] != grid.owner[(1, 1)]
    assert grid.owner[(1, 1)] != grid.owner[(1, 2)]


def _application_table(rows: list[list[str]], unconfirmed: bool) -> Document:
    heading = Heading("三、收到和处理政府信息公开申请情况", Location(page=1))
    header = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    table = [TableRow(tuple(Cell(t) for t in header), Location(page=1))]
    table += [TableRow(tuple(Cell(t) for t in r), Location(page=1), unconfirmed=unconfirmed) for r in rows]
    return Document([heading, Table(tuple(table), Location(page=1))], "pdf")


def test_ocr_rows_stand_only_where_their_sums_confirm_them() -> None:
    rows = [
        ["一、本年新收政府信息公开申请数量", "9", "0", "0", "0", "0", "0", "6"],  # 9 read as 6
        ["二、上年结转政府信息公开申请数量", "2", "0", "0", "0", "0", "2"],  # a cell lost
        ["（一）予以公开", "5", "0", "1", "0", "0", "0", "6"],
        ["（二）部分公开", "3", "⍰0@0.70/8@0.60", "0", "0", "0", "0", "3"],
    ]
    got = {f.metric: f for f in parse_document(_application_table(rows, True), "x", "scan.png").figures}
    for column in APPLICANTS:
        assert got[f"applications.received.{column}"].status == "unreadable"
        assert "satisfies the row's sums" in got[f"applications.received.{column}"].note
        assert got[f"applications.carried_over_in.{column}"].status == "unreadable"
    assert [got[f"applications.granted.{c}"].value for c in APPLICANTS] == [5, 0, 1, 0, 0, 0, 6]
    # The unsure cell: of its readings (0, 8) only 0 satisfies the row's sum.
    assert got["applications.partially_granted.commercial_enterprise"].value == 0
    assert "placed by the template's sums" in got["applications.partially_granted.commercial_enterprise"].note
    # Read from a text layer, the same rows are kept as printed (the report's own failed check).
    printed = {f.metric: f for f in parse_document(_application_table(rows[:1], False), "x", "t.pdf").figures}
    assert printed["applications.received.total"].value == 6


def test_ocr_rows_whose_column_sum_fails_are_in_doubt_in_that_column() -> None:
    # Each row adds up, yet 一 + 二 = 三(七) + 四 fails in two columns: a 1 and its row's total
    # both lost keep the row's sum and show only in the column's.
    rows = [
        ["一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
        ["（七）总计", "1", "0", "0", "0", "0", "0", "1"],
        ["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"],
    ]
    got = {f.metric: f for f in parse_document(_application_table(rows, True), "x", "scan.png").figures}
    for row in ("received", "carried_over_in", "results_total", "carried_over_out"):
        for column in ("natural_person", "total"):
            f = got[f"applications.{row}.{column}"]
            assert f.status == "unreadable" and "sum" in f.note, f
        assert got[f"applications.{row}.commercial_enterprise"].value == 0
    printed = {f.metric: f for f in parse_document(_application_table(rows, False), "x", "t.pdf").figures}
    assert printed["applications.received.total"].value == 2  # a text layer keeps what is printed


def test_image_files_too_small_or_broken_are_named_errors() -> None:
    from PIL import Image

    from ingest.model import IngestError
    from ingest.readers import read

    icon = io.BytesIO()
    Image.new("RGB", (32, 32), "white").save(icon, "PNG")
    with pytest.raises(IngestError, match="too small"):
        read(icon.getvalue(), "icon.png")
    with pytest.raises(IngestError, match="damaged or unsupported image"):
        read(icon.getvalue()[:40], "cut.png")


# ---------------------------------------------------------------- a report whose own sums fail

TRUTH_2023 = json.loads((Path(__file__).parent / "truth" / "hongze-2023.json").read_text(encoding="utf-8"))["figures"]


@pytest.fixture(scope="session")
def scanned_2023(corpus: Path):  # type: ignore[no-untyped-def]
    """pp. 3–4 of hongze-2023 (sections 三 and 四) scanned to an image-only PDF, parsed."""
    source = corpus / "pdf" / "hongze-2023.pdf"
    data = scanmake.scanned_pdf([scanmake.scan(scanmake.render(source, p)) for p in (3, 4)])
    return parse_bytes(data, "hongze-2023-scan.pdf")


@pytest.mark.slow  # two pages of OCR (~17 s): the rule itself is in the quick tier's unit tests below
def test_scan_of_a_report_whose_own_sums_fail_reads_every_cell(scanned_2023) -> None:  # type: ignore[no-untyped-def]
    # hongze-2023 prints 行政复议 10 1 0 0 总计 0 and 复议后起诉 5 0 0 0 总计 0. Each figure's
    # glyphs are seen in its ink (as many digits, a ring where a 0 is), and no figures of
    # those digits and zeros could add up: the report's own inconsistency, kept as read with
    # the failed checks a text layer gets; the group that adds up is confirmed by its own sum.
    figures = {f.metric: f for f in scanned_2023.figures}
    right, wrong, unreadable = 0, [], []
    for key, value in TRUTH_2023.items():
        f = figures.get(key)
        if f is None or f.status == "unreadable":
            unreadable.append(key)
        elif f.value == value and f.status == "reported":
            right += 1
        else:
            wrong.append(f"{key}: stored {f.raw!r} ({f.status}), printed {value}")
    print(f"hongze-2023 pp. 3-4 scanned: {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable")
    assert not wrong
    assert right >= 170  # 176 of 176 when written
    for key in ("review.total", "litigation_after_review.upheld"):
        assert "the report's own sums do not add up" in figures[key].note
    assert figures["litigation_direct.total"].note is None  # 0 + 0 + 0 + 0 = 0 confirms it
    failed = {c.name for c in scanned_2023.checks if not c.ok}
    assert {"review.total", "litigation_after_review.total"} <= failed


def _cases_document(row: list[str], ink_checked: bool) -> Document:
    heading = Heading("四、政府信息公开行政复议、行政诉讼情况", Location(page=1))
    header = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    table = [
        TableRow(tuple(Cell(t) for t in header), Location(page=1)),
        TableRow(tuple(Cell(t) for t in row), Location(page=1), unconfirmed=True, ink_checked=ink_checked),
    ]
    return Document([heading, Table(tuple(table), Location(page=1))], "pdf")


def test_ocr_sums_prove_the_report_inconsistent_only_when_no_digits_could_add_up() -> None:
    def read(row: list[str], ink: bool) -> dict:
        return {f.metric: f for f in parse_document(_cases_document(row, ink), "x", "scan.png").figures}

    printed = ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "3", "0", "0", "0", "5"]
    got = read(printed, True)
    # 10 + 1 = 0 cannot hold for any digits of that shape: the report's own, kept as read.
    assert [got[f"review.{c}"].value for c in ("upheld", "corrected", "other", "pending", "total")] == [10, 1, 0, 0, 0]
    # 3 = 5 may be a 3 read as 5 (or a 5 as 3): in doubt; 0 + 0 + 0 + 0 = 0 stands on its own.
    assert all(got[f"litigation_after_review.{c}"].status == "unreadable" for c in ("upheld", "total"))
    assert got["litigation_direct.total"].value == 0
    # Without the ink's word on the glyphs, a failed sum confirms nothing.
    got = read(printed, False)
    assert got["review.upheld"].status == "unreadable" and got["litigation_direct.total"].value == 0


def test_glyphs_counted_and_zeros_told_by_their_ring() -> None:
    import cv2
    import numpy as np

    from ingest.ocr_glyphs import agrees, zeros_pattern

    ink = np.zeros((40, 90), np.uint8)
    cv2.line(ink, (12, 6), (12, 34), 255, 3)  # a 1
    cv2.ellipse(ink, (40, 20), (8, 14), 0, 0, 360, 255, 3)  # a 0
    cv2.ellipse(ink, (70, 26), (8, 8), 0, 0, 360, 255, 3)  # a 6: its bowl in the lower half
    cv2.line(ink, (63, 26), (70, 6), 255, 3)
    pattern = zeros_pattern(ink > 0)
    assert pattern == "n0n"
    assert agrees("106", pattern) and not agrees("100", pattern) and not agrees("16", pattern)
    broken = ink.copy()
    broken[18:22, 28:36] = 0  # the ring cut open: neither clearly a 0 nor not
    assert zeros_pattern(broken > 0) != "n0n"


# ---------------------------------------------------------------- pictures a web page links


def test_pictures_a_saved_web_page_links_are_read_and_remote_ones_named(tmp_path: Path, source: Path) -> None:
    from index.load import expand
    from ingest.pipeline import parse_file

    dpi = 120
    image = scanmake.crop(
        scanmake.render(source, 4, dpi), dpi, scanmake.region(source, 4, "四、政府信息公开行政复议", "结果")
    )
    (tmp_path / "pages" / "report_files").mkdir(parents=True)
    scanmake.scan(image, skew=-0.3).save(tmp_path / "pages" / "report_files" / "表 四.png")
    scanmake.scan(image, skew=0.2).save(tmp_path / "secret.png")  # outside the page's folder, reached by ../
    page = (
        "<html><body><h1>淮安市洪泽区2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        "<p>2024年，洪泽区政府信息公开工作稳步推进。</p>"
        '<p><img src="https://www.hongze.gov.cn/upload/table3.png"></p>'
        '<p><img src="report_files/%E8%A1%A8%20%E5%9B%9B.png?v=2"></p>'
        '<p><img src="../secret.png"></p></body></html>'
    )
    (tmp_path / "pages" / "report.html").write_text(page, encoding="utf-8")
    report = parse_file(tmp_path / "pages" / "report.html")
    assert any("https://www.hongze.gov.cn/upload/table3.png is on the web: not fetched" in w for w in report.warnings)
    assert any("../secret.png" in w and "outside the page's folder" in w for w in report.warnings)
    assert sum("a picture read by OCR" in w for w in report.warnings) == 1
    right, wrong, unreadable = _score(_figures(report), CASES)
    print(f"picture beside a web page: section 四 {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable")
    assert not wrong
    assert right >= 10  # 15 when written
    # The page's own pictures are not reports of their own when the folder is ingested.
    assert expand([tmp_path / "pages"]) == [tmp_path / "pages" / "report.html"]


def test_a_picture_in_a_table_cell_or_loaded_lazily_is_read(tmp_path: Path, source: Path) -> None:
    """A layout table holding the scanned table in a cell, and a lazy-loading page's data-src
    (a placeholder in src): both read by OCR like any picture of the page."""
    from ingest.pipeline import parse_file

    dpi = 120
    image = scanmake.crop(
        scanmake.render(source, 4, dpi), dpi, scanmake.region(source, 4, "四、政府信息公开行政复议", "结果")
    )
    scanmake.scan(image, skew=-0.3).save(tmp_path / "table4.png")
    for name, picture in (
        ("in-cell", '<table><tr><td><img src="table4.png"></td></tr></table>'),
        ("lazy", '<p><img src="loading.gif" data-src="table4.png"></p>'),
    ):
        page = (
            "<html><body><h1>淮安市洪泽区2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
            f"<p>2024年，洪泽区政府信息公开工作稳步推进。</p>{picture}</body></html>"
        )
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
        report = parse_file(tmp_path / f"{name}.html")
        right, wrong, _ = _score(_figures(report), CASES)
        assert not wrong and right >= 10, (name, right, wrong)


# ---------------------------------------------------------------- a table split by a page break


@pytest.mark.slow  # two pages of OCR, or a worker pool twice
def test_scanned_table_split_by_a_page_break_inside_a_group_joins_its_first_page(source: Path) -> None:
    # Section 三's table cut after row 三(三)4: rows 5–8 of （三）不予公开 open the next page
    # with no header, under what is left of the merged group cell (OCR reads it （二）不子公开
    # at 150 dpi); the rows join the first page's table by the template's order and words.
    from PIL import Image

    dpi, k = 150, 150 / 72
    p3, p4 = scanmake.render(source, 3, dpi), scanmake.render(source, 4, dpi)
    y = int(scanmake.row_cells(source, 3, "属于三类内部事务")[0][1] * k) - 1
    one = Image.new("L", p3.size, 255)
    one.paste(p3.crop((0, 0, p3.width, y)), (0, 0))
    two = Image.new("L", p3.size, 255)
    rest = p3.crop((0, y, p3.width, p3.height))
    margin = int(60 * k)
    two.paste(rest, (0, margin))
    two.paste(p4.crop((0, margin, p4.width, p3.height - rest.height)), (0, margin + rest.height))
    data = scanmake.scanned_pdf([scanmake.scan(one), scanmake.scan(two, skew=-0.4, seed=3)])
    report = parse_bytes(data, "hongze-2024-split.pdf")
    figures = _figures(report)
    right, wrong, unreadable = _score(figures, list(TRUTH))
    print(f"table split inside （三）: {right} right, {len(wrong)} wrong, {len(unreadable)} unreadable of {len(TRUTH)}")
    assert not wrong
    assert right >= 165  # 176 of 176 when written
    assert figures["applications.withheld.internal_affairs.total"]["page"] == 2
    assert figures["applications.withheld.third_party_rights.total"]["page"] == 1


def test_ocr_group_cell_misread_after_a_page_break_does_not_overrule_the_rows_own_label() -> None:
    zero = ["0"] * 7
    rows = [
        ["三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益", *zero],
        # The next page: what is left of the merged group cell, misread （二）不子公开.
        ["理结果", "（二）不子公开", "5.属于三类内部事务信息", "1", "0", "0", "0", "0", "0", "1"],
        ["理结果", "（二）不子公开", "6.属于四类过程性信息", *zero],
        # Its own numbering, but words of another row: not placed by the numbering alone.
        ["理结果", "（二）不子公开", "7.重复申请", *zero],
    ]
    heading = Heading("三、收到和处理政府信息公开申请情况", Location(page=1))
    table = Table(
        tuple(TableRow(tuple(Cell(t) for t in r), Location(page=1), unconfirmed=True) for r in rows), Location(page=1)
    )
    got = {f.metric: f for f in parse_document(Document([heading, table], "pdf"), "x", "scan.pdf").figures}
    assert got["applications.withheld.internal_affairs.natural_person"].value == 1
    assert got["applications.withheld.process_info.total"].value == 0
    assert "applications.withheld.enforcement_file.total" not in got


# ---------------------------------------------------------------- time limits grow with pages of OCR


@pytest.mark.slow  # two pages of OCR, or a worker pool twice
def test_each_page_read_by_ocr_adds_to_the_files_time_limits(tmp_path: Path, source: Path) -> None:
    scan = tmp_path / "hongze-2024-scan-p3.pdf"
    scan.write_bytes(scanmake.scanned_pdf([scanmake.scan(scanmake.render(source, 3, dpi=120))], dpi=120))

    def ingest(allowance: int) -> dict:
        folder = tmp_path / f"allow-{allowance}"
        folder.mkdir()
        config = write_config(folder / "nianbao.toml", folder / "data")
        with config.open("a", encoding="utf-8") as f:
            f.write(f"\n[ingest]\nmax_cpu_seconds = 1\nmax_seconds = 60\nocr_seconds_per_page = {allowance}\n")
        args = ("ingest", scan, "--issuer", ISSUER, "--year", "2024", "--json", "--defer-embedding", "--config", config)
        [line] = run_cli(*args).json
        return line

    # A page of OCR takes seconds of CPU: over a 1 s limit, unless each page brings its own.
    refused = ingest(0)
    assert refused["error"] and "[ingest] max_cpu_seconds" in refused["error"], refused
    read = ingest(60)
    assert read["error"] is None and read["figures"] >= len(PAGE_3), read


@pytest.mark.slow  # a page of OCR in a worker
def test_each_page_read_by_ocr_is_told_as_it_is_read(tmp_path: Path, source: Path) -> None:
    """The progress a scan shows (`nianbao ingest` draws a bar of pages per file): the workers tell
    of each page they read by OCR, with its file, allowance or not; a text file tells of none."""
    from index.load import ingest_files
    from index.store import Store
    from ingest.limits import Limits

    scan = tmp_path / "hongze-2024-scan-p3.pdf"
    scan.write_bytes(scanmake.scanned_pdf([scanmake.scan(scanmake.render(source, 3, dpi=120))], dpi=120))
    text = tmp_path / "plain.txt"
    text.write_text((source.parent.parent / "004_c70ef5546fcf38db.txt").read_text(encoding="utf-8"), encoding="utf-8")
    pages: list[Path] = []
    store = Store(tmp_path / "data", embedder="fake")
    outcomes = list(
        ingest_files(
            store,
            [scan, text],
            issuer=ISSUER,
            year=2024,
            embed=False,
            limits=Limits(ocr_seconds_per_page=0),
            on_page=pages.append,
        )
    )
    assert [o.error for o in outcomes] == [None, None]
    assert pages == [scan]
