"""End to end in headless Chromium: the real server (uvicorn on a free port) over the corpus store; a staff
member signs in, asks about 合阳 2020, sees 5 with its citation, opens the sources and clicks 👍; a second
answer shows a blank cell as 未填报 and its quoted figure marked in the passage.

Needs Debian's chromium (/usr/bin/chromium; `.ci/run` installs it) and playwright's Python package, which
drives that browser (`playwright install` is never run: nothing is downloaded). Without them the test skips
and says why.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.config import Config, Embedding, WebSettings, WebUser
from bot.service import Service
from bot.web import create_app
from tests.conftest import HEYANG, IngestedCorpus
from tests.test_review import made_up

CHROMIUM = os.environ.get("NIANBAO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's own calls home are refused on a closed network; these flags keep it from trying.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ADMIN = WebUser("admin", "browser-admin-token")
STAFF = WebUser("测试员", "browser-staff-token")
QUESTION = "how many applications did 合阳 receive in 2020"
QUOTED = "岚皋县2019年受理了多少件依申请公开"  # its table cell is blank; the text says 4 件


@pytest.fixture(scope="module")
def sync_playwright() -> Any:
    """playwright's sync API, or a loud skip saying what is missing (before any server is started)."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(
            f"BROWSER TEST NOT RUN: no Chromium at {CHROMIUM} — install Debian's `chromium` "
            "(apt-get install -y chromium; .ci/run does this) to run the end-to-end test"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("BROWSER TEST NOT RUN: the playwright package is missing (pip install -e '.[test]')")
    return sync_playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app under uvicorn in a thread, over a copy of the corpus store; yields its base URL."""
    import uvicorn

    data_dir = ingested.copy(tmp_path_factory, "browser-store")
    admin = WebUser(ADMIN.name, ADMIN.token, admin=True)
    # Every test here signs in with the same two tokens, each page a few requests at a time: more than
    # one person's 60 a minute (the rate limit has its own tests in test_web.py).
    settings = WebSettings(users=[admin, STAFF], requests_per_minute=1000)
    config = Config(data_dir=data_dir, embedding=Embedding("fake"), web=settings)
    # Two consecutive years of one made-up issuer (tests/test_review.py's), for a year-over-year answer.
    years = tmp_path_factory.mktemp("browser-years")
    for year, changed in ((2023, {}), (2024, {"licensing": 1300})):
        (years / f"qinghe-{year}.txt").write_text(made_up(year, **changed), encoding="utf-8")
    with Service.open(config) as service:
        assert all(not o.error for o in service.ingest(sorted(years.iterdir())))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Service.open(config)), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_ask_read_sources_and_thumbs_up_in_chromium(sync_playwright: Any, server: str, tmp_path: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            elsewhere: list[str] = []  # any request that leaves this server: a CDN, a font, …
            here = (server, "data:", "blob:")
            page.on("request", lambda r: None if r.url.startswith(here) else elsewhere.append(r.url))
            problems: list[str] = []  # script errors and content-security-policy refusals
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))

            page.goto(server)
            page.fill("#token", STAFF.token)  # asked once; kept in sessionStorage for this browser session
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#view-ask:not([hidden])")
            assert page.text_content("#whoami").startswith("测试员")

            page.fill("#question", QUESTION)
            page.press("#question", "Enter")
            answer = page.locator("article.answer").first
            answer.wait_for(timeout=30_000)
            assert re.search(r"(?<![\d.])5(?![\d.])", answer.locator(".answer-text").inner_text())
            row = answer.locator("table.figures tbody tr").first
            assert row.locator("td").nth(0).inner_text().startswith("合阳县人民政府")
            assert HEYANG in row.inner_text() and "本年新收政府信息公开申请数量" in row.inner_text()
            assert row.locator("td.num").inner_text() == "5 件"

            sources = answer.locator("details.sources")
            assert not sources.locator(".cite").first.is_visible()
            sources.locator("summary").click()
            cite = sources.locator(".cite").first
            assert cite.is_visible()
            assert HEYANG in cite.inner_text() and "一、本年新收政府信息公开申请数量 › 总计" in cite.inner_text()
            for passage in sources.locator(".passage").all():  # when the answer quotes passages, 5 is marked
                assert passage.is_visible()

            # A blank cell shows as 未填报; the figure quoted from the text is marked in its passage.
            page.fill("#question", QUOTED)
            page.press("#question", "Enter")
            quoted = page.locator("article.answer").nth(1)
            quoted.wait_for(timeout=30_000)
            assert quoted.get_attribute("data-route") == "figure_in_text"
            assert "未填报" in [c.inner_text() for c in quoted.locator("table.figures td.num").all()]
            quoted.locator("details.sources summary").click()
            passage = quoted.locator(".passage").first
            assert passage.is_visible() and "全县共受理依申请公开 4 件" in passage.inner_text()
            assert passage.locator("mark").all_inner_texts() == ["4 件"]

            answer.locator("button.good").click()
            answer.locator(".feedback-status").filter(has_text="已记录").wait_for()
            assert answer.locator("button.good").get_attribute("aria-pressed") == "true"
            answer_id = answer.get_attribute("data-id")
            page.screenshot(path=str(tmp_path / "answer.png"), full_page=True)

            page.click("#lang")  # the English switch
            assert page.text_content("#ask-button") == "Ask"
            assert page.locator("article.answer button.good").first.inner_text() == "Helpful"

            page.click(".tab[data-view=reports]")
            page.locator("table.coverage").wait_for()
            assert "合阳县人民政府" in page.inner_text("table.coverage")
            # A report's card, as `nianbao check`: 刚察县's table does not add up.
            page.locator("table.reports tr", has_text="刚察县人民政府").locator("button.card-open").click()
            page.locator("tr.card:not([hidden]) ul.card-items").wait_for()
            assert "Template check failed" in page.inner_text("tr.card:not([hidden])")
            assert page.locator("#tab-upload").is_hidden()  # not an admin
        finally:
            browser.close()
    assert not elsewhere, f"the page fetched from elsewhere: {elsewhere}"
    assert not problems, problems

    # The 👍 went through the API into the service's record of who asked what.
    records = httpx.get(f"{server}/api/answers", headers={"Authorization": f"Bearer {ADMIN.token}"}).json()
    mine = next(r for r in records if r["id"] == answer_id)
    assert (mine["user"], mine["question"], mine["verdict"]) == ("测试员", QUESTION, "good")


# Where the test leaves its screenshots of the page at a phone's and a desk's size (README: Tests).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-screenshots"


def sign_in(page: Any, server: str, token: str, path: str = "/") -> None:
    page.goto(server + path)
    page.fill("#token", token)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#view-ask:not([hidden])")


SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize(("width", "height"), [(360, 740), (390, 844), (1280, 800)])
def test_the_page_fits_a_phone_and_a_desk(sync_playwright: Any, server: str, width: int, height: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN", viewport={"width": width, "height": height})
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            sign_in(page, server, STAFF.token)
            questions = ("哪个县收到的申请最多", QUESTION)  # a ranking with its chart, a figure
            for n, question in enumerate(questions):
                page.fill("#question", question)
                page.press("#question", "Enter")
                page.locator("article.answer").nth(n).wait_for(timeout=30_000)
            assert page.evaluate(SIDEWAYS) <= 0, "the page scrolls sideways"
            assert page.locator(".chart text").count() > 0, "the ranking drew no chart"
            smallest = page.evaluate(
                "() => Math.min(...[...document.querySelectorAll('.chart text')]"
                ".map((t) => t.getBoundingClientRect().height))"
            )
            assert smallest >= 11, f"chart text {smallest:.1f} px high"
            chart = page.locator("article.answer").first.locator("figure.chart")
            assert chart.locator(".chart-title").inner_text().startswith("本年新收政府信息公开申请数量")
            assert "未填报" in chart.locator(".chart-notes").inner_text()  # the blank reports, named under it
            assert not re.search("[\u2600-\u27bf\U0001f000-\U0001ffff]", page.inner_text("body"))  # no emoji icons
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"ask-{width}x{height}.png"), full_page=True)

            # A reload keeps the answers: they come back from the conversation's record.
            ids = [a.get_attribute("data-id") for a in page.locator("article.answer").all()]
            page.reload()
            page.locator("article.answer").nth(len(questions) - 1).wait_for(timeout=30_000)
            assert [a.get_attribute("data-id") for a in page.locator("article.answer").all()] == ids
            assert page.locator("article.answer").first.locator(".chart text").count() > 0
            page.locator("#conversations summary").click()
            assert questions[0] in page.inner_text("#conversations")

            page.click(".tab[data-view=reports]")
            page.locator("table.coverage").wait_for()
            page.locator("table.coverage td.problems").first.wait_for()  # marked by the report cards
            assert page.evaluate(SIDEWAYS) <= 0, "the reports view scrolls sideways"
            page.screenshot(path=str(SCREENSHOTS / f"reports-{width}x{height}.png"), full_page=True)
            page.click(".tab[data-view=figures]")
            page.locator("table.figures-browser tbody tr").first.wait_for()
            assert page.evaluate(SIDEWAYS) <= 0, "the figures browser scrolls sideways"
            page.screenshot(path=str(SCREENSHOTS / f"figures-{width}x{height}.png"), full_page=True)
        finally:
            browser.close()
    assert not problems, problems


def test_a_permanent_link_opens_in_a_new_page(sync_playwright: Any, server: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            sign_in(page, server, STAFF.token)
            page.fill("#question", QUESTION)
            page.press("#question", "Enter")
            answer = page.locator("article.answer").first
            answer.wait_for(timeout=30_000)
            link = answer.locator("a.permalink").get_attribute("href")
            assert link == f"/a/{answer.get_attribute('data-id')}"

            other = browser.new_page(locale="zh-CN")  # a colleague: another page, another token
            sign_in(other, server, ADMIN.token, link)
            shared = other.locator("article.answer").first
            shared.wait_for(timeout=30_000)
            assert shared.get_attribute("data-id") == answer.get_attribute("data-id")
            assert shared.locator(".answer-text").inner_text() == answer.locator(".answer-text").inner_text()
            assert shared.locator("details.sources").get_attribute("open") is not None  # with its sources
            assert shared.locator(".cite").first.is_visible() and HEYANG in shared.locator(".cite").first.inner_text()
            assert other.locator("article.answer").count() == 1
        finally:
            browser.close()


def test_the_figures_browser_filters_and_pages(sync_playwright: Any, server: str, tmp_path: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN", accept_downloads=True)
            sign_in(page, server, STAFF.token)
            page.click(".tab[data-view=figures]")
            page.locator("#f-total").wait_for()
            every = page.inner_text("#f-total")
            page.fill("#f-issuer", "合阳")  # a short form, as a question would write it
            page.fill("#f-year_from", "2020")
            page.select_option("#f-status", "reported")
            page.select_option("#f-sort", "-value")
            page.click("#f-search")
            page.wait_for_function("(was) => document.getElementById('f-total').textContent !== was", arg=every)
            total = int(re.search(r"共 (\d+) 条", page.inner_text("#f-total")).group(1))
            rows = page.locator("table.figures-browser tbody tr")
            assert 50 < total < 200 and rows.count() == 50
            first = [r.inner_text() for r in rows.all()]
            assert all(r.startswith("合阳县人民政府") and "已填报" in r for r in first)
            page.click("#f-next")
            page.wait_for_function("() => document.getElementById('f-total').textContent.includes('第 51–')")
            assert page.locator("table.figures-browser tbody tr").first.inner_text() not in first
            with page.expect_download() as done:
                page.click("#f-csv")
            saved = tmp_path / "page.csv"
            done.value.save_as(saved)
            lines = saved.read_text(encoding="utf-8-sig").splitlines()
            assert len(lines) == 1 + min(50, total - 50)  # the header and exactly the rows shown

            # The API's documentation, drawn here from /openapi.json with the page's token (no CDN).
            elsewhere: list[str] = []
            page.on("request", lambda r: None if r.url.startswith(server) else elsewhere.append(r.url))
            page.goto(server + "/docs")
            page.locator("section.operation").first.wait_for()
            assert "GET /api/figures" in page.inner_text("#docs") and "year_from" in page.inner_text("#docs")
            assert not elsewhere, elsewhere
        finally:
            browser.close()


def test_the_reports_tab_pages_and_marks_the_grid_it_shows(sync_playwright: Any, server: str) -> None:
    """The tab asks for a page of issuers and a page of reports (issue 21: never the whole store),
    pages with Previous / Next, and asks for the card counts of the reports in the grid shown."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url) if "/api/problems" in r.url else None)
            sign_in(page, server, STAFF.token)
            page.evaluate("() => { state.coverage.limit = 2; state.reports.limit = 3; }")  # pages of a few
            page.click(".tab[data-view=reports]")
            page.locator("#cov-total").wait_for()
            page.locator("#rep-total").wait_for()
            issuers = int(re.fullmatch(r"共 (\d+) 个单位，第 1–2 个", page.inner_text("#cov-total")).group(1))
            assert issuers >= 6  # the corpus's five and 青禾县
            reports = int(re.fullmatch(r"共 (\d+) 份报告，第 1–3 份", page.inner_text("#rep-total")).group(1))
            assert reports > 6 and page.locator("table.reports tbody tr:not(.card)").count() == 3
            assert page.locator("#cov-prev").is_disabled() and page.locator("#rep-prev").is_disabled()
            page.click("#cov-next")
            page.wait_for_function("() => document.getElementById('cov-total').textContent.endsWith('第 3–4 个')")
            assert page.locator("table.coverage tbody tr").count() == 2
            marked = (
                "() => [...document.querySelectorAll('table.coverage td[data-reports]')].every((c) => c.dataset.marked)"
            )
            page.wait_for_function(marked)
            shown = page.evaluate(
                "() => [...document.querySelectorAll('table.coverage td[data-reports]')].flatMap((c) => c.dataset.reports.split(' '))"
            )
            assert asked and all("?ids=" in url for url in asked)  # never every report's card
            assert asked[-1].split("?ids=")[1].split(",") == shown  # the grid's own reports
            page.click("#rep-next")
            page.wait_for_function("() => document.getElementById('rep-total').textContent.endsWith('第 4–6 份')")
            page.click("#lang")  # the same pages, in English
            page.wait_for_function(
                "() => document.getElementById('rep-total').textContent.startsWith('reports 4–6 of')"
            )
            assert page.inner_text("#cov-total") == f"issuers 3–4 of {issuers}"
        finally:
            browser.close()


def test_messages_in_the_pages_language_and_nothing_left_at_sign_out(
    sync_playwright: Any, server: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list: milk, eggs\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            sign_in(page, server, ADMIN.token)
            page.fill("#question", QUESTION)
            page.press("#question", "Enter")
            page.locator("article.answer").first.wait_for(timeout=30_000)
            page.click("#tab-upload")
            page.set_input_files("#upload-file", str(notes))
            page.click("#upload-form button[type=submit]")
            refused = page.locator("#upload-results li.bad")
            refused.wait_for(timeout=30_000)
            assert refused.inner_text() == "未入库：notes.txt：没有中文文字，不是年报"  # the server's words, in Chinese
            # Every message the API sends is English; the Chinese page says each in Chinese.
            said = page.evaluate(
                """() => [
                  "合阳县人民政府: no report on file for 2019 (years on file: 2020).",
                  "no report on file for 宁夏 (on file: 合阳县人民政府)",
                  "洪泽 may be any of: 淮安市洪泽区人民政府、洪泽区教育局",
                  "conversation: letters, digits, '-' and '_' only, at most 40",
                ].map(serverText)"""
            )
            assert said == [
                "合阳县人民政府 没有 2019 年的报告（已存档年份：2020）。",
                "没有宁夏的报告（已存档：合阳县人民政府）。",
                "“洪泽”可能指：淮安市洪泽区人民政府、洪泽区教育局，请说明是哪一个。",
                "对话编号只能由字母、数字、“-”和“_”组成，最多 40 个字符。",
            ]
            page.click("#logout")
            page.wait_for_selector("#view-login:not([hidden])")
            # The next person at this browser sees nothing of the last one's.
            assert page.locator("#upload-results li").count() == 0
            assert page.locator("article.answer").count() == 0
            assert page.inner_text("#conversations") == ""
        finally:
            browser.close()


def test_a_year_over_year_answer_shows_its_changes_as_a_table_and_a_chart(sync_playwright: Any, server: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844})
            sign_in(page, server, STAFF.token)
            page.fill("#question", "青禾县2024年报和2023年报相比有什么变化")
            page.press("#question", "Enter")
            answer = page.locator("article.answer").first
            answer.wait_for(timeout=30_000)
            assert answer.get_attribute("data-route") == "changes"
            row = answer.locator("table.changes tbody tr").first
            assert [c.inner_text() for c in row.locator("td.num").all()] == ["1260 件", "1300 件", "+40", "+3.2%"]
            assert answer.locator("figure.chart[data-kind=changes] rect").count() >= 1
            assert "+40" in answer.locator("figure.chart").inner_text()
            assert page.evaluate(SIDEWAYS) <= 0
        finally:
            browser.close()


def test_passages_are_shown_once_under_the_answer(sync_playwright: Any, server: str) -> None:
    """A passage answer's text keeps its lead quotation; the passages themselves are listed once, in
    the sources below it, not again inside the text."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            sign_in(page, server, STAFF.token)
            page.fill("#question", "同仁县2019年政务公开存在哪些主要问题")
            page.press("#question", "Enter")
            answer = page.locator("article.answer").first
            answer.wait_for(timeout=30_000)
            text = answer.locator(".answer-text").inner_text()
            assert "写道：“" in text and "相关段落" not in text and "[1]" not in text
            assert answer.get_attribute("data-route") == "passage"
            assert answer.locator("details.sources").count() == 1
        finally:
            browser.close()
