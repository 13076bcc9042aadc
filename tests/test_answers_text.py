"""Numbers and strings from the text: used only when their measure words are about what was asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from answers_helpers import ask_one
from conftest import run_cli, write_config


@pytest.fixture(scope="module")
def config(ingested, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return write_config(tmp_path_factory.mktemp("cfg") / "nianbao.toml", ingested.data_dir)


@pytest.fixture(scope="module")
def pingtan(tmp_path_factory, corpus: Path) -> Path:  # type: ignore[no-untyped-def]
    """A made-up 平潭 2021 report: 岚皋's blank tables, with a sentence that has two numbers."""
    tmp = tmp_path_factory.mktemp("pingtan")
    text = (corpus / "002_985278575a97d564.txt").read_text(encoding="utf-8")
    text = (
        text.replace("岚皋", "平潭")
        .replace("2019", "2021")
        .replace("全县共受理依申请公开 4 件", "全县共收到政府信息公开申请70件，已办结69件，1件结转下年度继续办理")
    )
    report = tmp / "pingtan-2021.txt"
    report.write_text(text, encoding="utf-8")
    cfg = write_config(tmp / "c.toml", tmp / "d")
    assert run_cli("ingest", report, "--config", cfg).exit_code == 0
    return cfg


def test_received_is_not_the_number_carried_over(pingtan: Path) -> None:
    answer = ask_one(pingtan, "平潭2021年收到多少申请")
    assert answer["route"] == "figure_in_text"
    assert answer["figures"][0]["value"] == 70 and answer["figures"][0]["from_text"]
    assert "为空" in answer["answer"]


def test_carried_over_is_not_the_number_received(pingtan: Path) -> None:
    answer = ask_one(pingtan, "平潭2021年结转到下年度的申请有多少")
    assert answer["figures"][0]["value"] == 1


def test_the_hotline_rate_is_not_the_disclosure_rate(config: Path) -> None:
    answer = ask_one(config, "海东2019年公开率")
    assert "98.9" not in answer["answer"]


def test_the_hotline_calls_are_still_found(config: Path) -> None:
    answer = ask_one(config, "海东市12345市民服务热线2019年受理了多少来电")
    assert answer["route"] == "figure_in_text" and answer["figures"][0]["value"] == 24742


@pytest.mark.parametrize(
    "question",
    ["合阳县2020年申请的平均办理天数", "同仁县2019年依申请公开平均答复时间", "海东市2019年办理申请平均用时多少天"],
)
def test_how_long_applications_took_is_not_a_count_of_them(config: Path, question: str) -> None:
    """The tables count applications, never their days: 平均办理天数 was an average of the counts
    over the reports ("平均每份报告 5 件"), and 多少天 took 19家 from a sentence about websites."""
    answer = ask_one(config, question)
    assert answer["route"] == "passage" and answer["figures"] == [], answer["answer"]
    assert "平均每份报告" not in answer["answer"] and "19家" not in answer["answer"]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("刚察县2021年政府网站发布信息多少条", 1871),  # 县政府门户网…1871 条 (not 微信公众号…138 条)
        ("刚察县2021年微信公众号发布信息多少条", 138),
        ("同仁县2019年通过门户网站公开政府信息多少条", 1800),
        ("同仁县2019年通过微信公开政府信息多少条", 200),  # 其中…政务微信…200条 (not 网站、微信等渠道 2000余条)
        ("How many items did Tongren publish through WeChat in 2019?", 200),
        ("同仁县2019年主动公开了多少条信息", 2000),  # no channel named: all of them
        ("合阳县2020年新媒体发布信息多少条", 512),  # 政务微博、微信…512条: 新媒体 covers both
    ],
)
def test_a_number_said_of_one_channel_answers_only_that_channel(config: Path, question: str, value: int) -> None:
    """A count of items published on one channel (website, WeChat…) is taken only from a clause
    saying that channel, or none: 政府网站发布信息多少条 took 微信公众号…138 条 (then, with the
    channel required, the list item after the website's 1871)."""
    answer = ask_one(config, question)
    assert answer["route"] == "figure_in_text" and answer["figures"][0]["value"] == value, answer["answer"]


def test_a_number_of_several_channels_is_said_to_be_theirs_together(config: Path) -> None:
    """合阳 prints no count for its website alone: 门户网站、电子大屏、微博、微信…5200条 is quoted with a note
    that it covers the others too (before: "即 5200条", as if the website's); 其中…门户网站…1800条 needs none."""
    website = ask_one(config, "合阳县2020年网站发布信息多少条")
    assert website["figures"][0]["value"] == 5200 and "也包括微信、微博、新媒体" in website["answer"]
    assert website["warnings"] == ["the number the text states covers other channels too"]
    own = ask_one(config, "同仁县2019年通过门户网站公开政府信息多少条")
    assert own["figures"][0]["value"] == 1800 and "也包括" not in own["answer"] and not own["warnings"]


def test_a_phone_number_is_a_string_from_the_text(config: Path) -> None:
    answer = ask_one(config, "海东市政府办公室的联系电话")
    assert "0972—8612678" in answer["answer"]
    assert "19家" not in answer["answer"] and answer["figures"] == []
    assert answer["passages"] and "0972" in answer["passages"][0]["text"]


def test_who_leads_the_work(config: Path) -> None:
    answer = ask_one(config, "同仁县政务公开领导小组的组长是谁")
    assert answer["route"] == "passage"
    assert answer["answer"].split("。")[0].endswith("胡伟东") or "胡伟东" in answer["answer"].split("报告写道")[0]


def test_granted_is_not_the_received_count(config: Path) -> None:
    answer = ask_one(config, "How many requests did Gangcha grant?")
    fig = answer["figures"][0]
    assert fig["metric"] == "applications.granted.total" and fig["value"] == 0


def test_carried_over_out_is_its_own_cell(config: Path) -> None:
    answer = ask_one(config, "海东市2019年结转到下年度的申请有多少")
    fig = answer["figures"][0]
    assert fig["metric"] == "applications.carried_over_out.total" and fig["status"] == "blank"
    assert "235" not in answer["answer"]


def test_information_processing_fees_are_not_administrative_fees(config: Path) -> None:
    answer = ask_one(config, "刚察县收取信息处理费了吗")
    assert all(not (f.get("metric") or "").startswith("active.fees") for f in answer["figures"])
    assert "18.085682" not in answer["answer"]
    # They are reported in section 六 (其他需要报告的事项): that passage answers.
    assert answer["passages"][0]["section"].startswith("六、其他需要报告的事项")


def test_a_page_break_in_mid_sentence_does_not_cut_the_quoted_sentence(config: Path) -> None:
    """海东's text breaks a page inside 信息 (`…专题信息公开等信` / `息公开类信息 561 条`): the passage
    joins the two halves, so the quotation is the whole sentence, not one starting in mid-word."""
    answer = ask_one(config, "海东市2019年主动公开了多少条政府信息")
    assert "信息公开等信息公开类信息 561 条" in answer["answer"]
    assert "“息公开" not in answer["answer"]


def test_a_number_only_the_text_holds_is_looked_for_in_every_passage_retrieved(config: Path) -> None:
    """多少条 about the website: the passages about the website come first, the sentence stating
    how many items were published (12683条) fifth; its unit finds it."""
    answer = ask_one(config, "海东2019年网站发布信息多少条")
    assert answer["route"] == "figure_in_text" and "12683条" in answer["answer"]
