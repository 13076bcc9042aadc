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
    config = Config(data_dir=data_dir, embedding=Embedding("fake"), web=WebSettings(users=[admin, STAFF]))
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


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_page_fits_a_phone_and_a_desk(sync_playwright: Any, server: str, width: int, height: int) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="zh-CN", viewport={"width": width, "height": height})
            page.goto(server)
            page.fill("#token", STAFF.token)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector("#view-ask:not([hidden])")
            for n, question in enumerate(("哪个县收到的申请最多", QUESTION)):  # a ranking with its chart, a figure
                page.fill("#question", question)
                page.press("#question", "Enter")
                page.locator("article.answer").nth(n).wait_for(timeout=30_000)
            scrolls = "() => document.documentElement.scrollWidth - window.innerWidth"
            assert page.evaluate(scrolls) <= 0, "the page scrolls sideways"
            assert page.locator(".chart text").count() > 0, "the ranking drew no chart"
            smallest = page.evaluate(
                "() => Math.min(...[...document.querySelectorAll('.chart text')]"
                ".map((t) => t.getBoundingClientRect().height))"
            )
            assert smallest >= 11, f"chart text {smallest:.1f} px high"
            assert "👍" not in page.inner_text("main")  # icons are words, not emoji a machine may lack
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"ask-{width}x{height}.png"), full_page=True)
            page.click(".tab[data-view=reports]")
            page.locator("table.coverage").wait_for()
            assert page.evaluate(scrolls) <= 0, "the reports view scrolls sideways"
            page.screenshot(path=str(SCREENSHOTS / f"reports-{width}x{height}.png"), full_page=True)
        finally:
            browser.close()
