"""Descriptive questions by intent (bot/intents.py): the answer's section first, its lead the
sentence that answers (never a heading), on the shared corpus and on made-up reports: a web
page wrapped in scripts and menus, a report with a leadership sentence and a phone number
asked in traditional characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, SHARED, corpus_files
from made_up_report import TITLE, article_html

from bot.intents import find_intent
from bot.leads import is_heading
from bot.router import Answerer
from index.load import ingest_files
from index.store import Store
from ingest.boilerplate import is_boilerplate

PROBLEMS_SECTION = "五、存在的主要问题及改进情况"


@pytest.fixture(scope="module")
def answerer(tmp_path_factory) -> Answerer:  # type: ignore[no-untyped-def]
    """The whole corpus (text, the web page and the PDFs), with the fake embedder."""
    files = corpus_files() + sorted((CORPUS / "html").glob("*.html")) + sorted((CORPUS / "pdf").glob("*.pdf"))
    store = Store(tmp_path_factory.mktemp("corpus"), embedder="fake")
    assert not [o.error for o in ingest_files(store, files) if o.error]
    return Answerer(store)


def lead(answer) -> str:  # type: ignore[no-untyped-def]
    """The quoted sentence an answer leads with."""
    first = answer.answer.split("\n")[0]
    return first[first.index("“") + 1 : first.rindex("”")]


def ask(answerer: Answerer, question: str):  # type: ignore[no-untyped-def]
    answer, _ = answerer.ask(question)
    assert answer.route == "passage", answer.answer
    return answer


# ---------------------------------------------------------------- the table


@pytest.mark.parametrize(
    "question, intent",
    [
        ("刚察县存在哪些主要问题", "problems"),
        ("What problems did Gangcha report?", "problems"),
        ("刚察县下一步打算如何改进政府信息公开工作", "improvements"),
        ("针对存在的问题下一步如何改进", "improvements"),
        ("谁分管政务公开", "leadership"),
        ("哪个部门负责政务公开工作", "leadership"),
        ("同仁县政务公开领导小组的组长是谁", "leadership"),
        ("海东市政府办公室的联系电话", "contact"),
        ("淮安市收取信息处理费情况", "fees"),
        ("合阳县政务新媒体平台有哪些", "platforms"),
        ("淮安市政府信息公开工作有哪些亮点", "highlights"),
        ("合阳县如何开展社会评议", None),
    ],
)
def test_the_intent_of_a_question(question: str, intent: str | None) -> None:
    found = find_intent(question)
    assert (found.name if found else None) == intent


def test_a_heading_is_never_a_lead() -> None:
    assert is_heading("（一）存在的主要问题。")
    assert is_heading("五、存在的主要问题及改进情况")
    assert is_heading("（一）加强组织领导。", "（一）加强组织领导")
    assert not is_heading("一是政策解读形式较为单一；")


# ---------------------------------------------------------------- the shared corpus


@pytest.mark.parametrize(
    "question, said",
    [
        ("刚察县存在哪些主要问题", "存在一些不足"),
        ("岚皋县存在哪些主要问题", "公开深度还有待加强"),
        ("同仁县存在哪些主要问题", "认识不到位"),
        ("海东市2019年政务公开存在哪些主要问题", "时效性有待加强"),
        ("沭阳县发展和改革局存在哪些问题", "意识有所松懈"),
        ("洪泽区2024年存在哪些不足", "研判能力不足"),
    ],
)
def test_problems_lead_with_the_problems(answerer: Answerer, question: str, said: str) -> None:
    answer = ask(answerer, question)
    assert answer.passages[0]["section"].startswith(PROBLEMS_SECTION)
    assert said in lead(answer) and said in answer.passages[0]["text"]
    assert not lead(answer).startswith(("（一）", "(一)"))  # the heading is not the answer


@pytest.mark.parametrize(
    "question, said, not_said",
    [
        ("刚察县下一步打算如何改进政府信息公开工作", "继续加强领导", "更新不及时"),
        ("岚皋县下一步打算如何改进", "修订完善", "公开深度"),
        ("同仁县下一步如何改进", "全面深化", "认识不到位"),
        ("淮安市下一步如何改进", "政策解读质效", "质量仍需提升"),
    ],
)
def test_improvements_lead_with_the_measures(answerer: Answerer, question: str, said: str, not_said: str) -> None:
    answer = ask(answerer, question)
    assert answer.passages[0]["section"].startswith(PROBLEMS_SECTION)
    assert said in lead(answer) and not_said not in lead(answer)


@pytest.mark.parametrize(
    "question, said",
    [
        ("同仁县谁分管政务公开", "胡伟东为组长"),
        ("岚皋县谁分管政务公开", "常务副县长分管政务公开工作"),
        ("海东市谁分管政务公开", "常务副市长任组长"),
    ],
)
def test_leadership_leads_with_who_leads(answerer: Answerer, question: str, said: str) -> None:
    assert said in lead(ask(answerer, question))


def test_fees_lead_with_the_fees_sentence(answerer: Answerer) -> None:
    answer = ask(answerer, "淮安市收取信息处理费情况")
    assert answer.passages[0]["section"].startswith("六、其他需要报告的事项")
    assert "3940元" in lead(answer)


def test_a_phone_number_asked_in_traditional_characters(answerer: Answerer) -> None:
    answer, _ = answerer.ask("沭陽縣發展和改革局的聯繫電話")
    assert "0527—83593059" in answer.answer
    assert answer.question == "沭陽縣發展和改革局的聯繫電話"  # the question as asked


def test_the_seed_passage_questions_find_their_passage_first(answerer: Answerer) -> None:
    seeds = [
        json.loads(line)
        for line in (SHARED / "eval" / "seed_questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    missed = []
    for seed in (s for s in seeds if s["kind"] == "passage"):
        answer, _ = answerer.ask(seed["question"])
        top = answer.passages[0] if answer.passages else {}
        if top.get("source_file") != seed["expect"]["report"] or seed["expect"]["passage_contains"] not in (
            top.get("text", "") + answer.answer
        ):
            missed.append(seed["id"])
    assert not missed


# ---------------------------------------------------------------- made-up reports

KAIPING = """开平市农业农村局2022年政府信息公开工作年度报告
本报告由开平市农业农村局根据《中华人民共和国政府信息公开条例》编制。如对本报告有疑问，请与开平市农业农村局办公室联系（地址：开平市长沙街道东兴大道8号，邮编：529300，电话：0750-2212345）。
一、总体情况
2022年，我局坚持以公开为常态、不公开为例外，全面推进政务公开工作。
（一）加强组织领导。我局调整了政务公开工作领导小组，由局党组成员、副局长李明分管政务公开工作，办公室负责日常工作。
（二）平台建设。依托开平市人民政府门户网站和“开平农业”微信公众号发布信息，政务新媒体运行平稳。
二、主动公开政府信息情况
本年度主动公开政府信息320条。
三、收到和处理政府信息公开申请情况
本年度共收到政府信息公开申请3件，均按时答复。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生政府信息公开行政复议、行政诉讼。
五、存在的主要问题及改进情况
（一）存在的主要问题。
一是政策解读形式较为单一；二是基层信息更新不够及时。
（二）改进情况。
下一步，我局将丰富政策解读形式，推出图解和视频解读；加强对基层站所信息更新的督促检查。
六、其他需要报告的事项
本年度未收取信息处理费。
"""

# A web page as the observed ones: the site's menus, breadcrumbs, styles and scripts around
# and inside the article, and a script's source printed as a paragraph of the article.
CODE = 'let secondMenuFourthChild = document.querySelector(".nav-list li:nth-child(4)");'
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title>
<style>.nav{{color:#333}} body {{margin:0}}</style></head><body>
<nav><a href="/">首页</a><a href="/zwgk">政务公开</a></nav>
<div class="secondMenu"><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li></ul></div>
<div class="content">
<div class="crumbs">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<h1>{TITLE}</h1>
<p>{CODE}</p>
<p>secondMenuFourthChild.classList.add("active");</p>
<script>var pageId = "12345"; function go() {{ window.location.href = "/"; }}</script>
<noscript>请开启浏览器的JavaScript功能</noscript>
{article_html()}
</div>
<footer><p>版权所有：青禾县人民政府 ICP备00000000号</p></footer>
<script>{CODE}</script>
</body></html>"""
LEAKS = (
    "secondMenu",
    "querySelector",
    "classList",
    "pageId",
    "function",
    "color:",
    "margin",
    "当前位置",
    "版权所有",
    "机构概况",
    "政策文件",
    "JavaScript",
)


@pytest.fixture(scope="module")
def made_up(tmp_path_factory) -> Store:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("made-up")
    (folder / "kaiping-2022.txt").write_text(KAIPING, encoding="utf-8")
    (folder / "qinghe-2022.html").write_text(PAGE, encoding="utf-8")
    # The same page saved as text the way a crawler copies it (textContent: the scripts' source too).
    (folder / "qinghe-copy-2022.txt").write_text(
        "\n".join(
            [
                "当前位置：首页 > 政务公开 > 年度报告",
                CODE,
                'var pageId = "12345";',
                "function go() {",
                '  window.location.href = "/";',
                "}",
                ".nav{color:#333}",
                KAIPING.replace("开平市", "恩平市"),
                "版权所有：恩平市人民政府 ICP备00000000号",
            ]
        ),
        encoding="utf-8",
    )
    store = Store(tmp_path_factory.mktemp("made-up-store"), embedder="fake")
    outcomes = ingest_files(store, sorted(folder.iterdir()))
    assert not [o.error for o in outcomes if o.error]
    return store


def test_scripts_styles_and_menus_never_become_passages(made_up: Store) -> None:
    passages = [c.text for r in made_up.reports() for c in made_up.chunks(r["id"])]
    assert any("政府信息公开申请15件" in t for t in passages)  # the page's own report is read
    assert not [(w, t) for t in passages for w in LEAKS if w in t]


def test_a_leadership_sentence_leads_the_answer(made_up: Store) -> None:
    answer, _ = Answerer(made_up).ask("开平市农业农村局谁分管政务公开")
    assert (
        lead(answer) == "我局调整了政务公开工作领导小组，由局党组成员、副局长李明分管政务公开工作，办公室负责日常工作。"
    )


def test_a_phone_number_asked_in_traditional_characters_is_found(made_up: Store) -> None:
    answer, _ = Answerer(made_up).ask("開平市農業農村局的聯繫電話")
    assert "0750-2212345" in answer.answer and "开平市农业农村局" in answer.answer


def test_a_heading_alone_is_not_the_lead_of_a_problems_answer(made_up: Store) -> None:
    answer, _ = Answerer(made_up).ask("開平市農業農村局存在哪些問題")
    assert lead(answer).startswith("一是政策解读形式较为单一")
    answer, _ = Answerer(made_up).ask("开平市农业农村局下一步如何改进")
    assert lead(answer).startswith("下一步，我局将丰富政策解读形式")


@pytest.mark.parametrize(
    "line",
    [
        CODE,
        'var a = "政务公开";',
        "$(function(){",
        "}",
        ".nav{color:#333}",
        'secondMenuFourthChild.className = "on";',
        "} else {",
        "init();",
        "//]]>",
        "首页 > 政务公开 > 年度报告",
        "当前位置：首页>信息公开",
        "【字体：大 中 小】",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "一、总体情况",
        "电话：0527-83593059;",
        "（一）存在的主要问题。",
        "Email: a@b.cn",
        "本年度主动公开政府信息320条。",
        "（1）",
        "网站（http://www.shuyang.gov.cn/）",
    ],
)
def test_report_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_an_old_store_does_not_show_script_lines(tmp_path: Path) -> None:
    """A passage stored before the cleaning: the script line is left out when it is shown."""
    from bot.retrieval import readable

    assert (
        readable(f"{CODE}\n本年度主动公开政府信息320条，均通过政府网站发布。")
        == "本年度主动公开政府信息320条，均通过政府网站发布。"
    )


def test_cleaning_empties_code_lines_but_never_a_table_cell() -> None:
    from ingest.clean import clean_document
    from ingest.document import Cell, Document, Location, Paragraph, Table, TableRow

    here = Location(element="x")
    document = Document(
        [
            Paragraph(f"{CODE}\n本年度主动公开政府信息320条。", here),
            Table((TableRow((Cell("init();"), Cell("1")), here),), here),
        ],
        "html",
    )
    cleaned = clean_document(document)
    assert cleaned.blocks[0].text == "\n本年度主动公开政府信息320条。"  # the line is emptied, not removed
    assert cleaned.blocks[1].rows[0].texts == ["init();", "1"]
    assert any("page script" in w for w in cleaned.warnings)


def test_section_five_turns_from_problems_to_improvements() -> None:
    from bot.leads import label_parts
    from ingest.model import Chunk

    five = "五、存在的主要问题及改进情况"
    chunks = [
        Chunk(7, five, None, "一是信息更新不及时；二是解读形式单一。2024年，将进一步加强信息更新。", 0, 1),
        Chunk(8, five, None, "三是加强培训，提升队伍能力。", 1, 2),
        Chunk(9, five, "（一）存在问题", "公开深度不够。", 2, 3),
    ]
    parts = label_parts(chunks)
    assert [p for _, p in parts[7]] == ["problems", "problems", "improvements"]
    assert [p for _, p in parts[8]] == ["improvements"]
    assert [p for _, p in parts[9]] == ["problems"]  # a heading that says so wins


def test_a_camel_case_menu_is_chrome_but_an_article_named_print_is_not() -> None:
    import lxml.html

    from ingest.readers import read
    from ingest.readers.html import _chrome

    menu = '<div class="secondMenuList"><p><a href="/a">机构概况</a> 政策文件汇编</p></div>'
    page = f'<html><body><div id="printContent">{menu}{article_html()}</div></body></html>'
    text = "\n".join(getattr(b, "text", "") for b in read(page.encode("utf-8"), "p.html").blocks)
    assert "机构概况" not in text and "政策文件汇编" not in text
    assert "本年度主动公开政府信息1200条" in text
    assert [
        _chrome(lxml.html.fromstring(f'<div class="{name}">x</div>'))
        for name in ("secondMenu", "breadcrumbWrap", "main-nav", "top-bar", "printContent", "zoomPrint")
    ] == [True, True, True, True, False, False]


def test_a_report_that_does_not_say_it_is_not_quoted_as_the_answer(answerer: Answerer) -> None:
    answer = ask(answerer, "淮安市政务公开领导小组组长是谁")
    assert answer.answer.startswith("（未指明年份") and "没有直接写明" in answer.answer.split("\n")[0]
    assert "没有直接写明" not in ask(answerer, "同仁县谁分管政务公开").answer
