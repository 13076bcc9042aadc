"""The question frame, table-driven: a question (or a conversation, turns joined by " » ") and the
frame its last turn gets — operation, issuers, years, measures and the rest.

The issuers on file are a fixed list (no store): the frame reads names and years, not figures.
Relative years (去年) are read against a fixed date, 2025-06-01.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.frame import Frame, explain, understand
from bot.issuers import IssuerMatcher, IssuerRecord
from bot.question import Question

HUAIAN, HONGZE, SHUYANG_FGJ = "淮安市人民政府", "淮安市洪泽区人民政府", "沭阳县发展和改革局"
HAIDONG, TONGREN, HEYANG, LANGAO, PINGTAN = (
    "海东市人民政府",
    "同仁县人民政府",
    "合阳县人民政府",
    "岚皋县人民政府办公室",
    "平潭县人民政府",
)
ON_FILE: dict[str | None, list[int]] = {
    HUAIAN: [2024],
    HONGZE: [2023, 2024],
    SHUYANG_FGJ: [2023],
    HAIDONG: [2019],
    TONGREN: [2019],
    HEYANG: [2020],
    LANGAO: [2019],
    PINGTAN: list(range(2019, 2026)),
}
REGIONS = {
    HUAIAN: "淮安市",
    HONGZE: "洪泽区",
    SHUYANG_FGJ: "沭阳县",
    HAIDONG: "海东市",
    TONGREN: "同仁县",
    HEYANG: "合阳县",
    LANGAO: "岚皋县",
    PINGTAN: "平潭县",
}
TODAY = date(2025, 6, 1)
MATCHER = IssuerMatcher([IssuerRecord(i, r) for i, r in REGIONS.items()])


def span(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


def row(
    question: str, operation: str, issuers: list[str], years: list[int], measures: list[str], **expected: Any
) -> Any:
    """One row: the frame fields every row checks, and any others it names (scope as kind[:division][:level])."""
    return pytest.param(
        question,
        {"operation": operation, "issuers": issuers, "years": years, "measures": measures, **expected},
        id=question,
    )


def frame_of(conversation: str) -> Frame:
    previous: Question | None = None
    frame = None
    for turn in conversation.split(" » "):
        previous, frame = understand(turn, MATCHER, previous, lambda: ON_FILE, TODAY)
    assert frame is not None
    return frame


def fields(frame: Frame) -> dict[str, Any]:
    """The frame as the table writes it."""
    d = frame.to_json()
    scope = d["scope"]
    out = {
        "operation": d["operation"],
        "issuers": d["issuers"],
        "years": d["years"],
        "measures": [m["key"] for m in d["measures"]],
        "whole": d["whole"]["key"] if d["whole"] else None,
        "rate": d["rate"],
        "scope": ":".join(v for v in (scope["kind"], scope["division"], scope["level"]) if v),
    }
    return out | {k: d[k] for k in ("each", "ascending", "top", "year_range", "inherited", "not_on_file")}


DEFAULTS = {
    "whole": None,
    "rate": None,
    "scope": "issuers",
    "each": False,
    "ascending": False,
    "top": None,
    "year_range": None,
    "inherited": [],
    "not_on_file": [],
}

ROWS = [
    row("淮安市2024年行政复议加行政诉讼一共多少件", "sum", [HUAIAN], [2024], ["review.total", "litigation.total"]),
    row("淮安市2024年行政复议和行政诉讼一共多少件", "sum", [HUAIAN], [2024], ["review.total", "litigation.total"]),
    row("淮安市2024年行政复议加行政诉讼多少件", "sum", [HUAIAN], [2024], ["review.total", "litigation.total"]),
    row("淮安2024年复议和诉讼合计", "sum", [HUAIAN], [2024], ["review.total", "litigation.total"]),
    # 收到申请 names the row (申请 alone is generic, and was dropped beside 行政诉讼)
    row(
        "合阳县2020年收到申请和行政诉讼的情况",
        "list",
        [HEYANG],
        [2020],
        ["applications.received.total", "litigation.total"],
        each=True,
    ),
    row(
        "合阳县2020年收到的申请和行政复议",
        "list",
        [HEYANG],
        [2020],
        ["applications.received.total", "review.total"],
        each=True,
    ),
    # One issuer's figure over several years named one by one: their sum, not a comparison.
    row("洪泽区2023和2024年收到的申请合计多少", "sum", [HONGZE], [2023, 2024], ["applications.received.total"]),
    row(
        "淮安市2024年行政复议、行政诉讼分别多少",
        "list",
        [HUAIAN],
        [2024],
        ["review.total", "litigation.total"],
        each=True,
    ),
    row(
        "淮安市2024年行政复议和行政诉讼分别是多少",
        "list",
        [HUAIAN],
        [2024],
        ["review.total", "litigation.total"],
        each=True,
    ),
    row(
        "How many reconsiderations and lawsuits did Huaian have in 2024 combined?",
        "sum",
        [HUAIAN],
        [2024],
        ["review.total", "litigation.total"],
    ),
    row(
        "How many reconsiderations plus lawsuits did Huai'an have in 2024?",
        "sum",
        [HUAIAN],
        [2024],
        ["review.total", "litigation.total"],
    ),
    row(
        "Huaian 2024 reviews and lawsuits, respectively",
        "list",
        [HUAIAN],
        [2024],
        ["review.total", "litigation.total"],
        each=True,
    ),
    row(
        "淮安市2024年新收加上年结转一共多少",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.received.total", "applications.carried_over_in.total"],
    ),
    row(
        "淮安市2024年新收和上年结转的申请一共多少件",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.received.total", "applications.carried_over_in.total"],
    ),
    row(
        "淮安市2024年上年结转和新收的申请合计",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.carried_over_in.total", "applications.received.total"],
    ),
    row(
        "Huaian 2024 applications received plus carried over from last year",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.received.total", "applications.carried_over_in.total"],
    ),
    row(
        "淮安市2024年予以公开和部分公开合计多少",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
    ),
    row(
        "淮安市2024年予以公开加部分公开",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
    ),
    row(
        "淮安市2024年不予公开和无法提供分别多少",
        "list",
        [HUAIAN],
        [2024],
        ["applications.withheld.total", "applications.unavailable.total"],
        each=True,
    ),
    row(
        "淮安市2024年予以公开和部分公开合计占新收申请的比例",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
        whole="applications.received.total",
    ),
    row(
        "淮安市2024年予以公开占新收申请的比例",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total"],
        whole="applications.received.total",
    ),
    row(
        "淮安市2024年新收申请中予以公开的比例",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total"],
        whole="applications.received.total",
    ),
    row("淮安市2024年部分公开占比", "share", [HUAIAN], [2024], ["applications.partially_granted.total"]),
    row(
        "what share of Huai'an's 2024 applications received were granted or partially granted?",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
        whole="applications.received.total",
    ),
    row(
        "granted plus partially granted as a share of applications received in Huaian 2024",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
        whole="applications.received.total",
    ),
    row(
        "Huaian 2024 granted as a percentage of applications received",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total"],
        whole="applications.received.total",
    ),
    row("淮安市2024年公开率", "share", [HUAIAN], [2024], ["applications.granted.total"], rate="disclosure_rate"),
    row("海东2019年公开率", "share", [HAIDONG], [2019], ["applications.granted.total"], rate="disclosure_rate"),
    row("海东2019年自然人申请占比", "share", [HAIDONG], [2019], ["applications.received.natural_person"]),
    row("海东2019年法人或其他组织申请多少", "value", [HAIDONG], [2019], ["applications.received.legal_or_other"]),
    row("海东2019年法人申请多少", "value", [HAIDONG], [2019], ["applications.received.legal_or_other"]),
    row("海东2019年企业申请多少", "value", [HAIDONG], [2019], ["applications.received.commercial_enterprise"]),
    row("海东2019年商业企业申请了多少", "value", [HAIDONG], [2019], ["applications.received.commercial_enterprise"]),
    row("海东2019年律师事务所申请多少", "value", [HAIDONG], [2019], ["applications.received.legal_service_org"]),
    row("海东2019年个人申请多少件", "value", [HAIDONG], [2019], ["applications.received.natural_person"]),
    row(
        "How many applications did companies file in Haidong in 2019?",
        "value",
        [HAIDONG],
        [2019],
        ["applications.received.commercial_enterprise"],
    ),
    row(
        "How many applications did individuals file in Haidong in 2019?",
        "value",
        [HAIDONG],
        [2019],
        ["applications.received.natural_person"],
    ),
    row(
        "How many applications came from legal persons and other organisations in Haidong in 2019?",
        "value",
        [HAIDONG],
        [2019],
        ["applications.received.legal_or_other"],
    ),
    row("2019年所有单位收到的申请数量加起来是多少", "sum", [], [2019], ["applications.received.total"], scope="all"),
    row(
        "2019年各单位收到的申请分别是多少", "list", [], [2019], ["applications.received.total"], scope="all", each=True
    ),
    row(
        "各单位2019年行政复议和行政诉讼总数分别是多少",
        "list",
        [],
        [2019],
        ["review.total", "litigation.total"],
        scope="all",
        each=True,
    ),
    row("各地2019年收到的申请合计多少", "sum", [], [2019], ["applications.received.total"], scope="all"),
    row("所有部门2023年收到多少申请", "list", [], [2023], ["applications.received.total"], scope="all"),
    row("各部门的行政复议数量", "list", [], [], ["review.total"], scope="all", each=True),
    row("全部单位的申请数量加起来", "sum", [], [], ["applications.received.total"], scope="all"),
    row("每个单位收到了多少申请", "list", [], [], ["applications.received.total"], scope="all", each=True),
    row("所有报告收到的申请一共多少", "sum", [], [], ["applications.received.total"], scope="all"),
    row(
        "How many applications did all reports receive in 2019 combined?",
        "sum",
        [],
        [2019],
        ["applications.received.total"],
        scope="all",
    ),
    row(
        "How many applications did each issuer receive in 2019?",
        "list",
        [],
        [2019],
        ["applications.received.total"],
        scope="all",
        each=True,
    ),
    row(
        "which report carried over the most requests to next year?",
        "rank",
        [],
        [],
        ["applications.carried_over_out.total"],
        scope="all",
    ),
    row("哪个单位结转下年度的申请最多", "rank", [], [], ["applications.carried_over_out.total"], scope="all"),
    row("哪个县收到的申请最多", "rank", [], [], ["applications.received.total"], scope="level:county"),
    row("哪个县收到的申请最少", "rank", [], [], ["applications.received.total"], scope="level:county", ascending=True),
    row("哪个县收到的申请最多，前三名", "rank", [], [], ["applications.received.total"], scope="level:county", top=3),
    row("收到申请最多的前五个单位", "rank", [], [], ["applications.received.total"], scope="all", top=5),
    row("top 3 issuers by applications received", "rank", [], [], ["applications.received.total"], scope="all", top=3),
    row("which county had the most lawsuits?", "rank", [], [], ["litigation.total"], scope="level:county"),
    row(
        "Which county had the fewest applications?",
        "rank",
        [],
        [],
        ["applications.received.total"],
        scope="level:county",
        ascending=True,
    ),
    row("哪个市的行政复议最多", "rank", [], [], ["review.total"], scope="level:city"),
    row("哪个单位的公开率最高", "rank", [], [], ["applications.granted.total"], rate="disclosure_rate", scope="all"),
    row(
        "江苏省各县收到的申请最多的是哪个",
        "rank",
        [HUAIAN, HONGZE],
        [],
        ["applications.received.total"],
        scope="within:江苏省:county",
    ),
    row(
        "青海省哪个县的申请最多",
        "rank",
        [HAIDONG, TONGREN],
        [],
        ["applications.received.total"],
        scope="within:青海省:county",
    ),
    row(
        "平潭2019–2025年收到的申请数量变化",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "平潭2019-2025年收到的申请",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "平潭2019年到2025年每年收到多少申请",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "平潭2019年至2025年收到的申请",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "平潭二〇一九年到二〇二五年收到的申请",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "How many applications did Pingtan receive from 2019 to 2025?",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "Pingtan applications between 2019 and 2025",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "Pingtan applications 2019-2025",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row("平潭历年收到的申请", "trend", [PINGTAN], span(2019, 2025), ["applications.received.total"]),
    row("平潭这几年收到的申请", "trend", [PINGTAN], span(2019, 2025), ["applications.received.total"]),
    row("平潭近三年收到的申请", "trend", [PINGTAN], span(2023, 2025), ["applications.received.total"]),
    row("平潭近3年的行政复议", "trend", [PINGTAN], span(2023, 2025), ["review.total"]),
    row("平潭最近两年收到的申请", "trend", [PINGTAN], [2024, 2025], ["applications.received.total"]),
    row(
        "平潭自2020年以来收到的申请",
        "trend",
        [PINGTAN],
        span(2020, 2025),
        ["applications.received.total"],
        year_range=[2020, 2025],
    ),
    row(
        "平潭2020年以来的申请数量",
        "trend",
        [PINGTAN],
        span(2020, 2025),
        ["applications.received.total"],
        year_range=[2020, 2025],
    ),
    row(
        "平潭从2021年起收到的申请",
        "trend",
        [PINGTAN],
        span(2021, 2025),
        ["applications.received.total"],
        year_range=[2021, 2025],
    ),
    row(
        "How many applications has Pingtan received since 2020?",
        "trend",
        [PINGTAN],
        span(2020, 2025),
        ["applications.received.total"],
        year_range=[2020, 2025],
    ),
    row("Pingtan applications over the years", "trend", [PINGTAN], span(2019, 2025), ["applications.received.total"]),
    row(
        "Pingtan applications in the last three years",
        "trend",
        [PINGTAN],
        span(2023, 2025),
        ["applications.received.total"],
    ),
    row("平潭每年的行政复议数量", "trend", [PINGTAN], span(2019, 2025), ["review.total"]),
    row("平潭申请数量的趋势", "trend", [PINGTAN], [], ["applications.received.total"]),
    row(
        "平潭2019年到2025年一共收到多少申请",
        "sum",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row("淮安市2024年GDP是多少", "none", [HUAIAN], [2024], []),
    row("你是谁开发的", "help", [], [], [], scope="all"),
    row("你是谁", "help", [], [], [], scope="all"),
    row("who made you?", "help", [], [], [], scope="all"),
    row("今天天气怎么样", "none", [], [], [], scope="all"),
    row("海东天气怎么样", "none", [HAIDONG], [], []),
    row("淮安市的人口有多少", "none", [HUAIAN], [], []),
    row("hello", "help", [], [], [], scope="all"),
    row("谢谢", "help", [], [], [], scope="all"),
    row("合阳县2020年收到多少政府信息公开申请？", "value", [HEYANG], [2020], ["applications.received.total"]),
    row("合阳县2020年收到多少申请", "value", [HEYANG], [2020], ["applications.received.total"]),
    row("合阳2020年新收申请多少件", "value", [HEYANG], [2020], ["applications.received.total"]),
    row(
        "How many applications did Heyang receive in 2020?", "value", [HEYANG], [2020], ["applications.received.total"]
    ),
    row("海东2019年行政复议多少件", "value", [HAIDONG], [2019], ["review.total"]),
    row("海东2019年行政诉讼多少件", "value", [HAIDONG], [2019], ["litigation.total"]),
    row("海东2019年复议后起诉多少", "value", [HAIDONG], [2019], ["litigation_after_review.total"]),
    row("海东2019年未经复议直接起诉多少件", "value", [HAIDONG], [2019], ["litigation_direct.total"]),
    row("海东2019年行政复议纠正多少件", "value", [HAIDONG], [2019], ["review.corrected"]),
    row("海东2019年行政复议维持了多少", "value", [HAIDONG], [2019], ["review.upheld"]),
    row("海东2019年不予公开多少件", "value", [HAIDONG], [2019], ["applications.withheld.total"]),
    row("海东2019年国家秘密不予公开多少", "value", [HAIDONG], [2019], ["applications.withheld.state_secret.total"]),
    row("海东2019年重复申请多少", "value", [HAIDONG], [2019], ["applications.not_processed.duplicate.total"]),
    row("海东2019年上年结转多少", "value", [HAIDONG], [2019], ["applications.carried_over_in.total"]),
    row("海东2019年结转下年度多少", "value", [HAIDONG], [2019], ["applications.carried_over_out.total"]),
    row(
        "How many requests did Haidong carry over to the next year in 2019?",
        "value",
        [HAIDONG],
        [2019],
        ["applications.carried_over_out.total"],
    ),
    row("海东2019年行政处罚多少", "value", [HAIDONG], [2019], ["active.penalty.decisions"]),
    row("海东2019年行政许可决定多少", "value", [HAIDONG], [2019], ["active.licensing.decisions"]),
    row("海东2019年收费金额", "value", [HAIDONG], [2019], ["active.fees.amount_wan_yuan"]),
    row("同仁县2019年规章制作多少", "value", [TONGREN], [2019], ["active.regulations.new_made"]),
    row("海东和同仁2019年收到的申请对比", "compare", [HAIDONG, TONGREN], [2019], ["applications.received.total"]),
    row("海东和同仁2019年行政复议哪个多", "compare", [HAIDONG, TONGREN], [2019], ["review.total"]),
    row("海东比同仁2019年多收到多少申请", "difference", [HAIDONG, TONGREN], [2019], ["applications.received.total"]),
    row(
        "compare Haidong and Tongren applications in 2019",
        "compare",
        [HAIDONG, TONGREN],
        [2019],
        ["applications.received.total"],
    ),
    row("洪泽区2024年比2023年多收到多少申请", "difference", [HONGZE], [2024, 2023], ["applications.received.total"]),
    row("洪泽区2024年申请同比增加多少", "difference", [HONGZE], [2024], ["applications.received.total"]),
    row("洪泽区2024年收到的申请比去年多多少", "difference", [HONGZE], [2024], ["applications.received.total"]),
    row(
        "How many more applications did Hongze receive in 2024 than in 2023?",
        "difference",
        [HONGZE],
        [2024, 2023],
        ["applications.received.total"],
    ),
    row("洪泽区2023年和2024年收到的申请", "compare", [HONGZE], [2023, 2024], ["applications.received.total"]),
    row("海东市2019年政务公开存在哪些主要问题", "passage", [HAIDONG], [2019], []),
    row("合阳县2020年如何加强政府信息公开", "passage", [HEYANG], [2020], []),
    row("海东市政府信息公开领导小组组长是谁", "string", [HAIDONG], [], []),
    row("淮安市政府信息公开的联系电话是多少", "string", [HUAIAN], [], []),
    row("合阳县信息处理费收了多少", "in_text", [HEYANG], [], []),
    row("沭阳县发改局2023年收到多少申请", "value", [SHUYANG_FGJ], [2023], ["applications.received.total"]),
    row("平潭去年收到多少申请", "value", [PINGTAN], [2024], ["applications.received.total"]),
    row("平潭前年的行政复议", "value", [PINGTAN], [2023], ["review.total"]),
    row("平潭今年收到多少申请", "value", [PINGTAN], [2025], ["applications.received.total"]),
    row("平潭2019年收到多少申请", "value", [PINGTAN], [2019], ["applications.received.total"]),
    row(
        "平潭2019年收到多少申请 » from 2019 to 2025?",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
        inherited=["metric", "issuer"],
    ),
    row(
        "平潭2019年收到多少申请 » from 2019 to 2025? » 近三年呢",
        "trend",
        [PINGTAN],
        span(2023, 2025),
        ["applications.received.total"],
        inherited=["metric", "issuer"],
    ),
    row(
        "平潭2019年收到多少申请 » from 2019 to 2025? » 近三年呢 » since 2021",
        "trend",
        [PINGTAN],
        span(2021, 2025),
        ["applications.received.total"],
        year_range=[2021, 2025],
        inherited=["metric", "issuer"],
    ),
    row(
        "平潭2019年收到多少申请 » from 2019 to 2025? » 近三年呢 » since 2021 » 那2022年呢",
        "value",
        [PINGTAN],
        [2022],
        ["applications.received.total"],
        inherited=["metric", "issuer"],
    ),
    row(
        "平潭2019年收到多少申请 » from 2019 to 2025? » 近三年呢 » since 2021 » 那2022年呢 » 行政复议呢",
        "value",
        [PINGTAN],
        [2022],
        ["review.total"],
        inherited=["issuer", "year"],
    ),
    row("淮安市2024年行政复议加行政诉讼一共多少件", "sum", [HUAIAN], [2024], ["review.total", "litigation.total"]),
    row(
        "淮安市2024年行政复议加行政诉讼一共多少件 » 洪泽区呢",
        "sum",
        [HONGZE],
        [2024],
        ["review.total", "litigation.total"],
        inherited=["metric", "year"],
    ),
    row(
        "淮安市2024年行政复议加行政诉讼一共多少件 » 洪泽区呢 » 那2023年呢",
        "sum",
        [HONGZE],
        [2023],
        ["review.total", "litigation.total"],
        inherited=["metric", "issuer"],
    ),
    row("海东2019年收到多少申请", "value", [HAIDONG], [2019], ["applications.received.total"]),
    row(
        "海东2019年收到多少申请 » 那同仁呢",
        "value",
        [TONGREN],
        [2019],
        ["applications.received.total"],
        inherited=["metric", "year"],
    ),
    row(
        "海东2019年收到多少申请 » 那同仁呢 » 其中自然人多少",
        "value",
        [TONGREN],
        [2019],
        ["applications.received.natural_person"],
        inherited=["metric", "issuer", "year"],
    ),
    row(
        "海东2019年收到多少申请 » 那同仁呢 » 其中自然人多少 » and Tongren?",
        "value",
        [TONGREN],
        [2019],
        ["applications.received.natural_person"],
        inherited=["metric", "year"],
    ),
    row(
        "海东2019年收到多少申请 » 那同仁呢 » 其中自然人多少 » and Tongren? » 占比呢",
        "share",
        [TONGREN],
        [2019],
        ["applications.received.natural_person"],
        inherited=["issuer", "year", "metric"],
    ),
    row(
        "各单位2019年行政复议和行政诉讼总数分别是多少",
        "list",
        [],
        [2019],
        ["review.total", "litigation.total"],
        scope="all",
        each=True,
    ),
    row(
        "各单位2019年行政复议和行政诉讼总数分别是多少 » 2020年呢",
        "list",
        [],
        [2020],
        ["review.total", "litigation.total"],
        scope="all",
        each=True,
        inherited=["metric"],
    ),
    row("2019年所有单位收到的申请数量加起来是多少", "sum", [], [2019], ["applications.received.total"], scope="all"),
    row(
        "2019年所有单位收到的申请数量加起来是多少 » 那2024年呢",
        "sum",
        [],
        [2024],
        ["applications.received.total"],
        scope="all",
        inherited=["metric"],
    ),
    row("哪个县收到的申请最多", "rank", [], [], ["applications.received.total"], scope="level:county"),
    row(
        "哪个县收到的申请最多 » 那2019年呢",
        "rank",
        [],
        [2019],
        ["applications.received.total"],
        scope="level:county",
        inherited=["metric"],
    ),
    row(
        "哪个县收到的申请最多 » 那2019年呢 » 行政复议呢",
        "rank",
        [],
        [2019],
        ["review.total"],
        scope="level:county",
        inherited=["year"],
    ),
    row("海东2019年公开率", "share", [HAIDONG], [2019], ["applications.granted.total"], rate="disclosure_rate"),
    row(
        "海东2019年公开率 » 同仁呢",
        "share",
        [TONGREN],
        [2019],
        ["applications.granted.total"],
        rate="disclosure_rate",
        inherited=["metric", "year"],
    ),
    row(
        "海东2019年公开率 » 同仁呢 » 为什么",
        "why",
        [TONGREN],
        [2019],
        ["applications.granted.total"],
        rate="disclosure_rate",
        inherited=["issuer", "year", "metric"],
    ),
    row(
        "海东2019年公开率 » 同仁呢 » 为什么 » 出处",
        "source",
        [TONGREN],
        [2019],
        ["applications.granted.total"],
        rate="disclosure_rate",
        inherited=["issuer", "year", "metric"],
    ),
    row(
        "淮安市2024年予以公开和部分公开合计占新收申请的比例",
        "share",
        [HUAIAN],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
        whole="applications.received.total",
    ),
    row(
        "淮安市2024年予以公开和部分公开合计占新收申请的比例 » 洪泽区2024年呢",
        "share",
        [HONGZE],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
        whole="applications.received.total",
        inherited=["metric"],
    ),
    row(
        "淮安市2024年予以公开和部分公开合计占新收申请的比例 » 洪泽区2024年呢 » 洪泽区呢",
        "share",
        [HONGZE],
        [2024],
        ["applications.granted.total", "applications.partially_granted.total"],
        whole="applications.received.total",
        inherited=["metric", "year"],
    ),
    row(
        "How many applications did Pingtan receive in 2020?",
        "value",
        [PINGTAN],
        [2020],
        ["applications.received.total"],
    ),
    row(
        "How many applications did Pingtan receive in 2020? » and from 2019 to 2025?",
        "trend",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
        inherited=["metric", "issuer"],
    ),
    row(
        "How many applications did Pingtan receive in 2020? » and from 2019 to 2025? » what about Huaian?",
        "trend",
        [HUAIAN],
        [2024],
        ["applications.received.total"],
        year_range=[2019, 2025],
        inherited=["metric", "year"],
    ),
    row(
        "How many applications did Pingtan receive in 2020? » and from 2019 to 2025? » what about Huaian? » and lawsuits?",
        "trend",
        [HUAIAN],
        [2024],
        ["litigation.total"],
        year_range=[2019, 2025],
        inherited=["issuer", "year"],
    ),
    row("海东市2019年政务公开存在哪些主要问题", "passage", [HAIDONG], [2019], []),
    row(
        "海东市2019年政务公开存在哪些主要问题 » 那合阳呢", "passage", [HEYANG], [2019], [], inherited=["topic", "year"]
    ),
    row("平潭历年收到的申请", "trend", [PINGTAN], span(2019, 2025), ["applications.received.total"]),
    row(
        "平潭历年收到的申请 » 那淮安呢",
        "trend",
        [HUAIAN],
        [2024],
        ["applications.received.total"],
        inherited=["metric", "year"],
    ),
    row("How many lawsuits did Haidong have in 2019?", "value", [HAIDONG], [2019], ["litigation.total"]),
    row(
        "How many lawsuits did Haidong have in 2019? » and Tongren?",
        "value",
        [TONGREN],
        [2019],
        ["litigation.total"],
        inherited=["metric", "year"],
    ),
    row(
        "How many lawsuits did Haidong have in 2019? » and Tongren? » what about reconsiderations?",
        "value",
        [TONGREN],
        [2019],
        ["review.total"],
        inherited=["issuer", "year"],
    ),
    row(
        "How many lawsuits did Haidong have in 2019? » and Tongren? » what about reconsiderations? » over the years?",
        "trend",
        [TONGREN],
        [2019],
        ["review.total"],
        inherited=["metric", "issuer"],
    ),
    row("哪个单位的公开率最高", "rank", [], [], ["applications.granted.total"], rate="disclosure_rate", scope="all"),
    row(
        "哪个单位的公开率最高 » 最低的呢",
        "rank",
        [],
        [],
        ["applications.granted.total"],
        rate="disclosure_rate",
        scope="all",
        ascending=True,
        inherited=["metric"],
    ),
    row(
        "哪个单位的公开率最高 » 最低的呢 » 2019年呢",
        "rank",
        [],
        [2019],
        ["applications.granted.total"],
        rate="disclosure_rate",
        scope="all",
        ascending=True,
        inherited=["metric"],
    ),
    row(
        "淮安市2024年行政复议和行政诉讼分别多少",
        "list",
        [HUAIAN],
        [2024],
        ["review.total", "litigation.total"],
        each=True,
    ),
    row(
        "淮安市2024年行政复议和行政诉讼分别多少 » 洪泽区呢",
        "list",
        [HONGZE],
        [2024],
        ["review.total", "litigation.total"],
        each=True,
        inherited=["metric", "year"],
    ),
    row(
        "淮安市2024年行政复议和行政诉讼分别多少 » 洪泽区呢 » 那2023年呢",
        "list",
        [HONGZE],
        [2023],
        ["review.total", "litigation.total"],
        each=True,
        inherited=["metric", "issuer"],
    ),
    row(
        "平潭2019年到2025年一共收到多少申请",
        "sum",
        [PINGTAN],
        span(2019, 2025),
        ["applications.received.total"],
        year_range=[2019, 2025],
    ),
    row(
        "平潭2019年到2025年一共收到多少申请 » 那淮安呢",
        "sum",
        [HUAIAN],
        [2024],
        ["applications.received.total"],
        year_range=[2019, 2025],
        inherited=["metric", "year"],
    ),
    row(
        "Which county received the most applications?",
        "rank",
        [],
        [],
        ["applications.received.total"],
        scope="level:county",
    ),
    row(
        "Which county received the most applications? » and in 2019?",
        "rank",
        [],
        [2019],
        ["applications.received.total"],
        scope="level:county",
        inherited=["metric"],
    ),
    row(
        "Which county received the most applications? » and in 2019? » what about lawsuits?",
        "rank",
        [],
        [2019],
        ["litigation.total"],
        scope="level:county",
        inherited=["year"],
    ),
    row("合阳县2020年有哪些亮点", "passage", [HEYANG], [2020], []),
    row("淮安市2024年政府工作报告中的GDP", "none", [HUAIAN], [2024], []),
    row("淮安市的人口", "none", [HUAIAN], [], []),
    row("淮安市2024年经济增长多少", "none", [HUAIAN], [2024], []),
    row("What was Huaian's GDP in 2024?", "none", [HUAIAN], [2024], []),
    row(
        "海东2019年自然人和法人或其他组织申请分别多少",
        "list",
        [HAIDONG],
        [2019],
        ["applications.received.natural_person", "applications.received.legal_or_other"],
        each=True,
    ),
    row(
        "海东2019年自然人加法人申请合计",
        "sum",
        [HAIDONG],
        [2019],
        ["applications.received.natural_person", "applications.received.legal_or_other"],
    ),
    row(
        "海东2019年行政复议维持和纠正分别多少",
        "list",
        [HAIDONG],
        [2019],
        ["review.upheld", "review.corrected"],
        each=True,
    ),
    row(
        "How many applications came from individuals and companies in Haidong in 2019?",
        "list",
        [HAIDONG],
        [2019],
        ["applications.received.natural_person", "applications.received.commercial_enterprise"],
        each=True,
    ),
    row(
        "洪泽区2024年申请数量比2023年变化了多少", "difference", [HONGZE], [2024, 2023], ["applications.received.total"]
    ),
    row("洪泽区2024年申请数量变化多少", "difference", [HONGZE], [2024], ["applications.received.total"]),
    row("洪泽区2024年的申请数量有什么变化", "difference", [HONGZE], [2024], ["applications.received.total"]),
    row(
        "how much did Hongze's applications change in 2024?",
        "difference",
        [HONGZE],
        [2024],
        ["applications.received.total"],
    ),
    row("哪个县行政复议加行政诉讼最多", "rank", [], [], ["review.total", "litigation.total"], scope="level:county"),
    row(
        "which report had the most reconsiderations and lawsuits combined?",
        "rank",
        [],
        [],
        ["review.total", "litigation.total"],
        scope="all",
    ),
    row("淮安市2024年行政复义多少件", "value", [HUAIAN], [2024], ["review.total"]),
    row("海东2019年上年节转多少", "value", [HAIDONG], [2019], ["applications.carried_over_in.total"]),
    row("洪泽区2024年存在哪些不足", "passage", [HONGZE], [2024], []),
    row("同仁县谁分管政务公开", "passage", [TONGREN], [], []),
]


@pytest.mark.parametrize(("question", "expected"), ROWS)
def test_frame(question: str, expected: dict[str, Any]) -> None:
    want = DEFAULTS | expected
    if not want["issuers"] and want["scope"] == "issuers":
        want["scope"] = "all"
    assert fields(frame_of(question)) == want


def test_the_table_is_large_and_bilingual() -> None:
    assert len(ROWS) >= 150
    questions = [p.values[0] for p in ROWS]
    assert sum(q.isascii() for q in questions) >= 25 and sum("»" in q for q in questions) >= 30


def test_a_frame_is_plain_json_and_prints() -> None:
    frame = frame_of("各单位2019年行政复议和行政诉讼总数分别是多少")
    data = json.loads(json.dumps(frame.to_json(), ensure_ascii=False))
    assert data["measures"][1] == {
        "row": "litigation",
        "column": "total",
        "label": "行政诉讼 · 总计",
        "key": "litigation.total",
        "sums": ["litigation_direct.total", "litigation_after_review.total"],
    }
    text = explain(data)
    assert "operation    list (each issuer)" in text and "measure 2    litigation.total" in text
    assert text == frame.explain()


def test_legal_or_other_names_the_columns_it_adds() -> None:
    frame = frame_of("海东2019年法人或其他组织申请多少")
    assert frame.measures[0].label == "本年新收政府信息公开申请数量 · 法人或其他组织"
    assert frame.measures[0].sums == tuple(
        f"applications.received.{c}"
        for c in (
            "commercial_enterprise",
            "research_institution",
            "social_welfare_org",
            "legal_service_org",
            "other_org",
        )
    )


# ------------------------------------------------------------------ size
BOT = Path(__file__).resolve().parent.parent / "bot"
# The modules of the question seam, whole: the router and its planners (bot/plan/) among them.
WHOLE = (
    "frame.py",
    "question.py",
    "lexicon.py",
    "wording/__init__.py",
    "wording/common.py",
    "wording/zh.py",
    "wording/en.py",
    "answer.py",
    "followup.py",
    "cli.py",
)
PLANNERS = ("router.py", *sorted(f"plan/{p.name}" for p in (BOT / "plan").glob("*.py")))


def _functions(path: Path) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [
        n
        for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]


def test_functions_stay_short() -> None:
    """No function of the question seam runs past 60 lines (a function that does is doing two things)."""
    long = [
        f"{name}:{f.name} ({f.end_lineno - f.lineno + 1} lines)"
        for name in WHOLE
        for f in _functions(BOT / name)
        if f.end_lineno - f.lineno + 1 > 60
    ]  # type: ignore[operator]
    long += [
        f"{name}:{f.name} ({f.end_lineno - f.lineno + 1} lines)"
        for name in PLANNERS
        for f in _functions(BOT / name)
        if f.end_lineno - f.lineno + 1 > 60
    ]  # type: ignore[operator]
    assert not long
