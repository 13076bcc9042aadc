"""The HTML reader: the real saved page of 沭阳县发展和改革局's 2023 report, and pages of our own.

The real page is Word-exported HTML inside a government site's chrome: text split across
<span>s and <o:p>, tables with rowspan/colspan, blank cells where other reports print 0.
Its section 三 and 四 cells were read by eye into tests/truth/shuyang-fgj-2023.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CORPUS, NO_CORPUS
from made_up_report import APPLICATION_GRID, CASES_GRID, TITLE, YEAR, article_html, expected, wrong_cells

from ingest.document import Heading, Paragraph, Table
from ingest.model import REPORTED, IngestError
from ingest.pipeline import parse_bytes, parse_file
from ingest.readers import read, sniff

PAGE = CORPUS / "html" / "shuyang-fgj-2023.html"
TRUTH = Path(__file__).parent / "truth" / "shuyang-fgj-2023.json"
TRADITIONAL = Path(__file__).parent / "fixtures" / "traditional-mirror.html"

# The site's chrome around the report: menus, accessibility links, scripts, the clock widget.
CHROME = [
    "繁體版",
    "无障碍",
    "适老化",
    "智能问答",
    "首页",
    "走进沭阳",
    "办事服务",
    "数据开放",
    "websiteId",
    "function",
    "星期",
    "xggj",
    "索引号",
    "采集时间",
    "{",
    "}",
]


@pytest.fixture(scope="module")
def page():
    if not PAGE.is_file():
        pytest.skip(NO_CORPUS)
    return read(PAGE.read_bytes(), PAGE.name)


def texts(table: Table) -> list[list[str]]:
    return [row.texts for row in table.rows]


def spanned(table: Table) -> list[list[bool]]:
    return [[c.spanned for c in row.cells] for row in table.rows]


def prose(document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, (Heading, Paragraph))]


# ---------------------------------------------------------------- the real page


def test_page_is_read_as_html_into_its_three_tables(page):
    assert page.format == "html" and page.encoding == "utf-8"
    tables = page.tables()
    assert [(len(t.rows), len(t.rows[0].cells)) for t in tables] == [(14, 4), (28, 10), (4, 15)]
    assert [t.location.element for t in tables] == ["table 1", "table 2", "table 3"]
    assert tables[1].rows[4].location.element == "table 2, row 5"


def test_page_application_table_spans_resolved(page):
    grid = page.tables()[1]
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert texts(grid)[:3] == [
        [note] * 3 + ["申请人情况"] * 7,
        [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
        [note] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    ]
    assert spanned(grid)[:3] == [
        [False, True, True, False] + [True] * 6,
        [True, True, True, False, False] + [True] * 4 + [False],
        [True, True, True, True] + [False] * 5 + [True],
    ]
    blank = [""] * 5
    assert texts(grid)[3] == ["一、本年新收政府信息公开申请数量"] * 3 + ["26"] + blank + ["26"]
    assert spanned(grid)[3] == [False, True, True] + [False] * 7
    # 三、本年度办理结果 spans 22 rows; （三）不予公开 8 rows beside its numbered items.
    assert [row[0] for row in texts(grid)[5:27]] == ["三、本年度办理结果"] * 22
    assert [row.cells[0].spanned for row in grid.rows[5:27]] == [False] + [True] * 21
    assert texts(grid)[7][:4] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0"]
    assert texts(grid)[14][1:3] == ["（三）不予公开", "8.属于行政查询事项"]
    assert texts(grid)[26] == ["三、本年度办理结果", "（七）总计", "（七）总计", "26"] + blank + ["26"]
    assert texts(grid)[27] == ["四、结转下年度继续办理"] * 3 + ["0"] + blank + ["0"]


def test_page_blank_cells_are_blank_never_zero(page):
    grid = page.tables()[1]
    for row in grid.rows[3:]:
        assert row.texts[4:9] == [""] * 5, row.location
        assert re.fullmatch(r"\d+", row.texts[3]) and re.fullmatch(r"\d+", row.texts[9]), row.location


def test_page_review_and_litigation_row(page):
    grid = page.tables()[2]
    assert texts(grid)[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert (
        texts(grid)[1]
        == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    )
    assert spanned(grid)[2] == [True] * 5 + [False] * 10
    assert texts(grid)[3] == ["0", "0", "0", "1", "1"] + ["0"] * 10


def test_page_text_split_across_spans_is_joined(page):
    blocks = prose(page)
    assert blocks[0].startswith(
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，"
        "现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。"
    )
    assert "统计时限为2023年1月1日至2023年12月31日。" in blocks[0]
    assert "三、收到和处理政府信息公开申请情况" in blocks  # printed as two spans
    assert not [t for t in blocks if re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", t)]


def test_page_keeps_the_site_chrome_out_of_the_passages(page):
    blocks = prose(page)
    assert blocks[0].startswith("根据《中华人民共和国政府信息公开条例》")
    assert blocks[-2:] == ["沭阳县发展和改革局", "2024年1月17日"]
    leaked = [(word, t) for t in blocks for word in CHROME if word in t]
    assert not leaked


def test_page_headings_in_order(page):
    top = [b.text for b in page.blocks if isinstance(b, Heading) and b.level == 1]
    assert top == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及整改措施",
        "六、其他需要报告的事项",
    ]
    assert Heading("（一）主动公开政府信息情况", page.blocks[3].location, 2) == page.blocks[3]


def test_page_hints(page):
    assert page.hints == {
        "title": "沭阳县发展和改革局2023年政府信息公开年度报告",
        "publisher": "沭阳县发展和改革局",
        "date": "2024-01-17",
    }


def test_truth_cells_end_to_end():
    """Every hand-read cell of sections 三 and 四, through the whole pipeline."""
    if not PAGE.is_file():
        pytest.skip(NO_CORPUS)
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    assert len(truth["cells"]) == 25 * 7 + 15
    report = parse_file(PAGE)
    assert not wrong_cells(report, truth["cells"])
    assert report.meta.year.value == 2023 and report.meta.template.value == "2021"


# ---------------------------------------------------------------- pages of our own

CHROME_TOP = """<div class="header"><ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li></ul><form class="search"><input name="q"><button>搜索</button></form></div>"""
CHROME_FOOT = """<div class="footer"><p>主办单位：青禾县人民政府办公室</p><p>网站标识码：0000000001</p></div>
<script>document.write("访问量统计");</script>"""


def js_page(article: str) -> str:
    """A page that ships the article as a JavaScript string and writes it into the page."""
    literal = json.dumps(article, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}-青禾县人民政府</title></head>
<body>{CHROME_TOP}
<div class="article"><h1>{TITLE}</h1><div id="zoom"></div></div>
<script type="text/javascript">
  var content = {literal};
  document.getElementById("zoom").innerHTML = content;
</script>
{CHROME_FOOT}</body></html>"""


def check_made_up_grids(document) -> None:
    tables = document.tables()
    assert len(tables) == 2
    assert texts(tables[0]) == APPLICATION_GRID
    assert texts(tables[1]) == CASES_GRID
    # the header's merged cells: printed once, copies marked
    assert spanned(tables[0])[0] == [False, True, True, False] + [True] * 6
    assert [row.cells[0].spanned for row in tables[0].rows[5:27]] == [False] + [True] * 21


def check_made_up_figures(report) -> None:
    assert not wrong_cells(report, expected())


def test_an_article_shipped_in_a_javascript_string_is_read():
    data = js_page(article_html()).encode("utf-8")
    document = read(data, "report.html")
    check_made_up_grids(document)
    blocks = prose(document)
    assert blocks[0].startswith("根据《中华人民共和国政府信息公开条例》要求")
    assert "一、总体情况" in blocks and "六、其他需要报告的事项" in blocks
    assert not [t for t in blocks if any(w in t for w in ("首页", "搜索", "主办单位", "访问量", "innerHTML"))]
    assert any("script" in w for w in document.warnings)
    assert document.hints["title"] == TITLE


def test_an_article_in_a_javascript_string_end_to_end():
    report = parse_bytes(js_page(article_html()).encode("utf-8"), "report.html")
    check_made_up_figures(report)
    assert report.meta.year.value == YEAR


def test_a_json_document_with_escaped_article_is_read():
    """JSON as an API returns it: every non-ASCII character and the markup's slashes escaped."""
    data = (
        json.dumps(
            {"code": 0, "data": {"title": TITLE, "publishDate": "2023-01-18", "content": article_html()}},
            ensure_ascii=True,
        )
        .replace("/", "\\/")
        .encode("ascii")
    )
    assert sniff(data, "detail.json") == "html"
    document = read(data, "detail.json")
    check_made_up_grids(document)
    assert document.hints["title"] == TITLE


def test_the_page_itself_wins_over_a_script_that_repeats_a_fragment():
    page = f"""<html><head><meta charset="utf-8"></head><body>{CHROME_TOP}<div class="content">
{article_html()}</div><script>var tip = "<p>欢迎访问青禾县人民政府网站，本站提供政务信息查询服务与办事指南。</p>";</script>
{CHROME_FOOT}</body></html>"""
    document = read(page.encode("utf-8"), "page.html")
    check_made_up_grids(document)
    assert not document.warnings
    assert not [t for t in prose(document) if "欢迎访问" in t]


def test_a_traditional_character_page_is_read_into_the_right_grid():
    document = read(TRADITIONAL.read_bytes(), TRADITIONAL.name)
    tables = document.tables()
    assert len(tables) == 2
    app = texts(tables[0])
    assert app[2][3:] == ["自然人", "商業企業", "科研機構", "社會公益組織", "法律服務機構", "其他", "總計"]
    assert app[3] == ["一、本年新收政府信息公開申請數量"] * 3 + ["6", "1", "", "", "", "", "7"]
    assert app[6] == [
        "三、本年度辦理結果",
        "（四）無法提供",
        "1.本機關不掌握相關政府信息",
        "1",
        "0",
        "",
        "",
        "",
        "",
        "1",
    ]
    assert [c.spanned for c in tables[0].rows[6].cells[:3]] == [True, False, False]
    assert app[8] == ["四、結轉下年度繼續辦理"] * 3 + ["0", "0", "", "", "", "", "0"]
    assert texts(tables[1])[3] == ["0", "1", "0", "0", "1"] + ["0"] * 10
    blocks = prose(document)
    assert blocks[0] == "根據(jù)《中華人民共和國政府信息公開條例》要求，現(xiàn)公布本年度報告。"  # converted later
    assert blocks[-1] == "本年度未收取信息處理費。"
    assert not [t for t in blocks if any(w in t for w in ("首頁", "當前位置", "版權所有", "瀏覽次數"))]
    assert document.hints == {
        "title": "松嶺縣人民政府2021年政府信息公開工作年度報告",
        "publisher": "松嶺縣人民政府辦公室",
        "date": "2022-01-20",
    }


def test_a_traditional_character_page_end_to_end():
    report = parse_file(TRADITIONAL)
    assert (report.meta.issuer.value, report.meta.year.value) == ("松岭县人民政府", 2021)
    stored = {f.metric: f.value for f in report.figures if f.status == REPORTED}
    assert stored["applications.received.total"] == 7
    assert stored["applications.unavailable.not_held.natural_person"] == 1
    assert stored["review.corrected"] == 1


@pytest.mark.parametrize("declared, encoding", [("gb2312", "gb18030"), ("GBK", "gb18030"), ("big5", "big5hkscs")])
def test_declared_charsets(declared, encoding):
    # 镕 is in GBK but not GB2312: pages declared gb2312 use GBK characters freely.
    text = (
        "三、收到和處理政府信息公開申請情況"
        if declared == "big5"
        else "朱镕基同志题写的三、收到和处理政府信息公开申请情况"
    )
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={declared}"></head>'
        f"<body><div><p>{text}</p><table><tr><td>自然人</td><td>3</td></tr></table></div></body></html>"
    )
    document = read(page.encode(encoding), "page.htm")
    assert document.encoding == encoding
    assert prose(document) == [text]


def test_an_undeclared_gbk_page_and_a_wrong_declaration_are_detected():
    page = "<html><body><div><p>一、总体情况</p><p>本年度共收到申请5件。</p></div></body></html>"
    assert prose(read(page.encode("gbk"), "a.html")) == ["一、总体情况", "本年度共收到申请5件。"]
    wrong = page.replace("<html>", '<html><head><meta charset="utf-8"></head>').encode("gbk")
    assert prose(read(wrong, "b.html")) == ["一、总体情况", "本年度共收到申请5件。"]


def test_spans_nbsp_and_ragged_rows():
    page = """<html><body><div><p>三、收到和处理政府信息公开申请情况</p>
<table>
 <tr><th rowspan="2">项目</th><th colspan="2">申请人</th></tr>
 <tr><th>自然人</th><th>法人</th></tr>
 <tr><td>本年新收</td><td><span>1</span><span>2</span></td><td>&nbsp;</td></tr>
 <tr><td>上年结转</td><td>3 4</td></tr>
 <tr><td rowspan="5">跨越表尾</td><td>&#12288;</td><td> <b> </b> </td></tr>
</table></div></body></html>"""
    table = read(page.encode("utf-8"), "t.html").tables()[0]
    assert texts(table) == [
        ["项目", "申请人", "申请人"],
        ["项目", "自然人", "法人"],
        ["本年新收", "12", ""],
        ["上年结转", "3 4", ""],
        ["跨越表尾", "", ""],
    ]
    assert spanned(table)[3] == [False, False, False]  # a missing cell is blank, not a copy


def test_a_text_file_holding_html_is_read_as_html():
    data = js_page(article_html()).encode("utf-8")
    assert sniff(data, "saved.txt") == "html"
    assert read(data, "saved.txt").format == "html"


def test_a_page_with_no_text_is_a_clear_error():
    with pytest.raises(IngestError, match="no text"):
        read(b"<html><body><div></div><table></table></body></html>", "empty.html")


def test_word_exported_html_idioms():
    """Word's own HTML export: GB2312 declared, <o:p>, conditional list numbers, a zero-height
    row fixing the column widths."""
    page = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal><b><span style='font-family:黑体'>四、政府信息公开行政复议、行政诉讼情况<o:p></o:p></span></b></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr style='mso-yfti-irow:0'><td colspan=5 valign=top><p class=MsoNormal><span>行政复议</span></p></td>
  <td colspan=2><p class=MsoNormal><span>行政诉讼<o:p></o:p></span></p></td></tr>
 <tr><td><p><span lang=EN-US>0<o:p></o:p></span></p></td><td><p><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td>
 <td>2</td><td>3</td><td>4</td><td>5</td><td>6</td></tr>
 <![if !supportMisalignedColumns]>
 <tr height=0><td width=40 style='border:none'></td><td width=40 style='border:none'></td></tr>
 <![endif]>
</table>
<p class=MsoNormal><span lang=EN-US><![if !supportLists]>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span><![endif]></span>本年度共收到申请<span lang=EN-US>5</span>件。</p>
</div></body></html>"""
    document = read(page.encode("gb18030"), "word.htm")
    assert document.encoding == "gb18030"
    assert [type(b).__name__ for b in document.blocks] == ["Heading", "Table", "Paragraph"]
    assert texts(document.blocks[1]) == [["行政复议"] * 5 + ["行政诉讼"] * 2, ["0", "", "2", "3", "4", "5", "6"]]
    assert document.blocks[2].text == "1. 本年度共收到申请5件。"


def test_a_crawler_header_gives_the_title_without_the_site_name():
    page = f"""<html><head><meta charset="utf-8"><title>信息公开_青禾县人民政府</title></head><body>
<div class="meta"><div><strong>标题：</strong>{TITLE}-青禾县人民政府</div>
<div><strong>来源：</strong><a href="http://example.invalid/a.html">http://example.invalid/a.html</a></div>
<div><strong>采集时间：</strong>2025-12-30T21:37:37+08:00</div></div>
<article>{article_html()}</article></body></html>"""
    document = read(page.encode("utf-8"), "saved.html")
    # 来源 is a URL and 采集时间 is not the report's date; the site <title> names is its publisher.
    assert document.hints == {"title": TITLE, "publisher": "青禾县人民政府"}
    check_made_up_grids(document)
    assert not [t for t in prose(document) if "采集时间" in t or "标题" in t]


def test_a_table_caption_is_read_above_its_table():
    page = """<html><body><div><p>一、总体情况</p>
<table><caption>三、收到和处理<span>政府信息公开申请情况</span></caption><tr><td>自然人</td><td>3</td></tr></table>
</div></body></html>"""
    blocks = read(page.encode("utf-8"), "c.html").blocks
    assert [type(b).__name__ for b in blocks] == ["Heading", "Heading", "Table"]
    assert blocks[1].text == "三、收到和处理政府信息公开申请情况"


def test_a_page_nested_beyond_reason_is_a_clear_error():
    page = "<html><body>" + "<div>" * 3000 + "<p>一、总体情况</p>" + "</div>" * 3000 + "</body></html>"
    with pytest.raises(IngestError, match="too deeply nested"):
        read(page.encode("utf-8"), "deep.html")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>\x00\x01\x02<p>\xff\xfe</p></body></html>",
        b"<html><body><table><tr><td rowspan=99999999 colspan=-3>x</td></tr></table></body></html>",
        b'{"content": "<p>\\ud800 \\u00zz <table><tr><td>1</td></tr></table> '
        b'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</p>"}',
    ],
)
def test_malformed_pages_give_a_document_or_a_clear_error(data):
    try:
        read(data, "odd.html")
    except IngestError:
        pass


def test_chrome_inside_the_article_is_left_out_but_the_report_is_not():
    """Print/close bars, prev/next links and related lists often sit inside the article element."""
    page = f"""<html><head><meta charset="utf-8"></head><body><div class="xl-main"><div id="zoom">
<a name="_Toc1"></a><p><a name="_Toc2"><span>（一）主动公开情况</span></a></p>
{article_html()}
<p>附件：<a href="/a.pdf">青禾县2022年政府信息公开工作年度报告.pdf</a></p>
<div class="share-bar">分享到：微信 微博</div>
<p><a href="/prev.html">上一篇：青禾县2021年政府信息公开工作年度报告</a></p>
<ul class="related-list"><li><a href="/1.html">青禾县政务公开工作要点</a></li></ul>
<div class="print">【打印本页】【关闭窗口】</div>
</div></div></body></html>"""
    document = read(page.encode("utf-8"), "inside.html")
    check_made_up_grids(document)
    blocks = prose(document)
    assert blocks[0] == "（一）主动公开情况"  # a Word bookmark is not a link
    assert blocks[-1] == "本年度未收取信息处理费。"
    assert not [t for t in blocks if any(w in t for w in ("分享到", "上一篇", "政务公开工作要点", "打印本页", ".pdf"))]


def test_a_link_in_a_table_cell_is_kept_so_columns_do_not_shift():
    page = """<html><body><div><p>三、收到和处理政府信息公开申请情况</p>
<table><tr><td>本年新收政府信息公开申请数量</td><td><a href="/detail">26</a></td><td>3</td></tr>
<tr><td>结转下年度继续办理</td><td>1</td><td>0</td></tr></table></div></body></html>"""
    table = read(page.encode("utf-8"), "link.html").tables()[0]
    assert texts(table) == [["本年新收政府信息公开申请数量", "26", "3"], ["结转下年度继续办理", "1", "0"]]


def test_json_with_unicode_escaped_markup_saved_as_text_is_read_as_html():
    """Some encoders escape < and > as \\u003c / \\u003e: still the article's HTML."""
    body = json.dumps({"data": {"title": TITLE, "content": article_html()}}, ensure_ascii=True)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e")
    assert sniff(body.encode("ascii"), "api.txt") == "html"
    check_made_up_grids(read(body.encode("ascii"), "api.txt"))
