"""The Word reader: a made-up report written with python-docx (merged cells, blank cells), and bad files."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from made_up_report import APPLICATION_GRID, CASES_GRID, ISSUER, TITLE, YEAR, expected, merges, wrong_cells

from ingest.document import Heading, Table
from ingest.model import IngestError
from ingest.pipeline import parse_file
from ingest.readers import read


def add_table(document, grid: list[list[str]], label_rows: int, label_cols: int) -> None:
    """The grid as a Word table: merged label cells made with `cell.merge`, blank cells left empty."""
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    for top, left, bottom, right in merges(grid, label_rows, label_cols):
        cell = table.cell(top, left)
        if (bottom, right) != (top, left):
            cell = cell.merge(table.cell(bottom, right))
        cell.text = grid[top][left]
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text and r >= label_rows and c >= label_cols:
                table.cell(r, c).text = text


def made_up_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(
        f"根据《中华人民共和国政府信息公开条例》要求，现公布{ISSUER}{YEAR}年度政府信息公开工作年度报告。"
    )
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph(f"{YEAR}年，本县共收到政府信息公开申请15件，均已按时答复。")
    document.add_heading("（一）主动公开", level=2)
    document.add_paragraph("本年度主动公开政府信息1200条。")
    document.add_paragraph("二、主动公开政府信息情况")  # a heading by its numbering, in body style
    document.add_paragraph("本年度主动公开政府信息1200条，详见下表。")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    add_table(document, APPLICATION_GRID, 3, 3)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    add_table(document, CASES_GRID, 3, 0)
    document.add_paragraph("五、存在的主要问题及改进情况")
    document.add_paragraph("公开的及时性有待提高。")
    document.add_paragraph("六、其他需要报告的事项")
    document.add_paragraph("本年度未收取信息处理费。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return made_up_docx()


def texts(table: Table) -> list[list[str]]:
    return [row.texts for row in table.rows]


def test_paragraphs_and_tables_in_body_order(report_docx):
    document = read(report_docx, "report.docx")
    assert document.format == "docx"
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == [
        "Heading",
        "Paragraph",
        "Heading",
        "Paragraph",
        "Heading",
        "Paragraph",
        "Heading",
        "Paragraph",
        "Heading",
        "Table",
        "Heading",
        "Table",
        "Heading",
        "Paragraph",
        "Heading",
        "Paragraph",
    ]
    headings = [(b.text, b.level) for b in document.blocks if isinstance(b, Heading)]
    assert headings == [
        (TITLE, 1),
        ("一、总体情况", 1),
        ("（一）主动公开", 2),
        ("二、主动公开政府信息情况", 1),
        ("三、收到和处理政府信息公开申请情况", 1),
        ("四、政府信息公开行政复议、行政诉讼情况", 1),
        ("五、存在的主要问题及改进情况", 1),
        ("六、其他需要报告的事项", 1),
    ]
    assert document.blocks[1].location.element == "paragraph 2"
    assert document.hints["title"] == TITLE


def test_merged_cells_are_read_once_and_copied_as_spanned(report_docx):
    app, cases = read(report_docx, "report.docx").tables()
    assert texts(app) == APPLICATION_GRID
    assert texts(cases) == CASES_GRID
    flags = [[c.spanned for c in row.cells] for row in app.rows]
    assert flags[0] == [False, True, True, False] + [True] * 6  # the 3×3 note and 申请人情况 across 7
    assert flags[1] == [True, True, True, False, False, True, True, True, True, False]
    assert flags[2] == [True, True, True, True, False, False, False, False, False, True]
    assert [row[0] for row in flags[5:27]] == [False] + [True] * 21  # 三、本年度办理结果 down 22 rows
    assert flags[3] == [False, True, True] + [False] * 7
    assert app.rows[3].location.element == "table 1, row 4"
    assert cases.rows[3].texts == ["1", "0", "0", "0", "1", "0", "0", "1", "0", "1", "0", "0", "0", "0", "0"]


def test_blank_cells_stay_blank(report_docx):
    app = read(report_docx, "report.docx").tables()[0]
    for row in app.rows[3:]:
        assert row.texts[5:9] == ["", "", "", ""], row.location


def test_made_up_figures_end_to_end(report_docx, tmp_path):
    path = tmp_path / "青禾县2022年报.docx"
    path.write_bytes(report_docx)
    report = parse_file(path)
    assert not wrong_cells(report, expected())
    assert report.meta.year.value == YEAR


def test_a_cell_merged_across_and_down_and_a_vertical_merge_continued():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "甲乙"
    table.cell(0, 2).text = "5"
    table.cell(1, 2).text = "6"
    table.cell(2, 0).text = "丙"
    table.cell(2, 2).text = "7"
    out = io.BytesIO()
    document.save(out)
    grid = read(out.getvalue(), "t.docx").tables()[0]
    assert texts(grid) == [["甲乙", "甲乙", "5"], ["甲乙", "甲乙", "6"], ["丙", "", "7"]]
    assert [[c.spanned for c in r.cells] for r in grid.rows] == [
        [False, True, False],
        [True, True, False],
        [False, False, False],
    ]


def test_automatic_numbering_is_rendered():
    document = docx.Document()
    document.add_paragraph("总体情况", style="List Number")
    document.add_paragraph("主动公开政府信息情况", style="List Number")
    out = io.BytesIO()
    document.save(out)
    blocks = read(out.getvalue(), "n.docx").blocks
    assert [b.text for b in blocks] == ["1.总体情况", "2.主动公开政府信息情况"]


def test_text_split_across_runs_is_joined():
    document = docx.Document()
    p = document.add_paragraph()
    for piece in ("收到和处理", "政府信息", "公开申请", "情况"):
        p.add_run(piece)
    out = io.BytesIO()
    document.save(out)
    assert [b.text for b in read(out.getvalue(), "r.docx").blocks] == ["收到和处理政府信息公开申请情况"]


def test_legacy_doc_is_a_clear_error(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path = tmp_path / "2019年报.doc"
    path.write_bytes(ole)
    with pytest.raises(IngestError, match=r"legacy Word \.doc"):
        parse_file(path)
    renamed = tmp_path / "renamed.docx"  # a .doc saved under a .docx name
    renamed.write_bytes(ole)
    with pytest.raises(IngestError, match=r"legacy Word \.doc"):
        parse_file(renamed)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "no_document_part", "broken_xml"])
def test_a_corrupt_docx_is_a_clear_error(damage, report_docx, tmp_path):
    if damage == "garbage":
        data = b"PK\x03\x04" + b"\x00garbage" * 10
    elif damage == "truncated":
        data = report_docx[: len(report_docx) // 2]
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(report_docx)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                body = src.read(item.filename)
                if item.filename == "word/document.xml":
                    if damage == "no_document_part":
                        continue
                    body = body[: len(body) // 2]
                dst.writestr(item, body)
        data = out.getvalue()
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"corrupt \.docx") as caught:
        parse_file(path)
    assert "Traceback" not in str(caught.value)


def test_the_made_up_report_holds_together():
    """The fixture's own figures satisfy the template's identity (一 + 二 = 三(七) + 四)."""
    e = expected()
    for col in ("natural_person", "commercial_enterprise", "total"):
        left = (e[f"applications.received.{col}"] or 0) + (e[f"applications.carried_over_in.{col}"] or 0)
        right = (e[f"applications.results_total.{col}"] or 0) + (e[f"applications.carried_over_out.{col}"] or 0)
        assert left == right, col


def test_chinese_automatic_numbering_makes_section_headings():
    """Headings numbered by Word (一、 from the numbering part, not typed) are read with their number."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in [
        ("总体情况", 0),
        ("主动公开", 1),
        ("依申请公开", 1),
        ("主动公开政府信息情况", 0),
        ("收到和处理政府信息公开申请情况", 0),
        ("办理情况", 1),
    ]:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    out = io.BytesIO()
    document.save(out)
    blocks = read(out.getvalue(), "auto.docx").blocks
    assert [(b.text, b.level) for b in blocks] == [
        ("一、总体情况", 1),
        ("（一）主动公开", 2),
        ("（二）依申请公开", 2),
        ("二、主动公开政府信息情况", 1),
        ("三、收到和处理政府信息公开申请情况", 1),
        ("（一）办理情况", 2),
    ]
