"""Recognising which issuer or place a question means, against the issuers of the real corpus."""
from __future__ import annotations

import pytest

from bot.issuers import IssuerMatcher, IssuerRecord

ON_FILE = [
    IssuerRecord("同仁县人民政府", "同仁县"),
    IssuerRecord("海东市人民政府", "海东市"),
    IssuerRecord("岚皋县人民政府办公室", "岚皋县"),
    IssuerRecord("刚察县人民政府办公室", "刚察县"),
    IssuerRecord("合阳县人民政府", "合阳县"),
]


@pytest.fixture(scope="module")
def matcher() -> IssuerMatcher:
    return IssuerMatcher(ON_FILE)


def found(matcher: IssuerMatcher, question: str) -> list[tuple[str | None, str | None, str]]:
    return [(m.issuer, m.region, m.how) for m in matcher.match(question)]


@pytest.mark.parametrize(
    "question",
    [
        "合阳县人民政府2020年收到多少申请",
        "合阳县2020年收到多少政府信息公开申请？",
        "2020年合阳县的申请中来自自然人的有多少件",
    ],
)
def test_issuer_or_region_named_in_full(matcher, question):
    assert found(matcher, question) == [("合阳县人民政府", "合阳县", "exact")]


def test_short_name(matcher):
    (m,) = matcher.match("how many applications did 合阳 receive in 2020")
    assert (m.issuer, m.region, m.how, m.mention) == ("合阳县人民政府", "合阳县", "abbreviation", "合阳")


@pytest.mark.parametrize(
    "question, issuer",
    [
        ("合阳线2020年收到多少申请", "合阳县人民政府"),  # homophone from the input method
        ("海东巿2019年行政复议总数是多少", "海东市人民政府"),  # 巿 (fú) looks like 市
        ("岚高县受理了多少件", "岚皋县人民政府办公室"),
    ],
)
def test_misspelt_place(matcher, question, issuer):
    (m,) = matcher.match(question)
    assert (m.issuer, m.how) == (issuer, "fuzzy")
    assert 0 < m.score < 1


def test_a_real_place_one_character_away_is_not_a_misspelling(matcher):
    assert found(matcher, "合水县收到多少申请") == [(None, "合水县", "not_on_file")]


@pytest.mark.parametrize(
    "question, issuer",
    [
        ("How many applications did Heyang receive?", "合阳县人民政府"),
        ("heyang county 2020", "合阳县人民政府"),
        ("HEYANG", "合阳县人民政府"),
        ("Hé Yáng", "合阳县人民政府"),
        ("He-yang", "合阳县人民政府"),
        ("and Haidong?", "海东市人民政府"),
        ("Hai Dong in 2019", "海东市人民政府"),
        ("Gangcha", "刚察县人民政府办公室"),
        ("Tongren", "同仁县人民政府"),  # not 铜仁市, which has no report
        ("Langao", "岚皋县人民政府办公室"),
    ],
)
def test_pinyin_in_english_questions(matcher, question, issuer):
    (m,) = matcher.match(question)
    assert (m.issuer, m.how) == (issuer, "pinyin")


def test_city_above_a_county_on_file(matcher):
    (m,) = matcher.match("渭南市2020年收到多少申请")
    assert (m.issuer, m.region, m.how, m.division) == ("合阳县人民政府", "合阳县", "parent", "渭南市")


def test_province_above_several_on_file(matcher):
    assert [m.issuer for m in matcher.match("青海省的报告")] == [
        "同仁县人民政府", "海东市人民政府", "刚察县人民政府办公室"]
    assert {m.how for m in matcher.match("Shaanxi")} == {"parent"}


def test_prefecture_by_short_name_and_suffix(matcher):
    assert found(matcher, "海北州") == [("刚察县人民政府办公室", "刚察县", "parent")]


@pytest.mark.parametrize("question", ["西安市2020年收到多少申请", "compare 西安 and nothing", "Xi'an"])
def test_real_place_with_no_report_on_file(matcher, question):
    (m,) = matcher.match(question)
    assert (m.issuer, m.region, m.how) == (None, "西安市", "not_on_file")


def test_shanxi_is_not_shaanxi(matcher):
    assert found(matcher, "Shanxi") == [(None, "山西省", "not_on_file")]


def test_city_written_before_its_county_means_the_county(matcher):
    assert found(matcher, "渭南市合阳县人民政府") == [("合阳县人民政府", "合阳县", "exact")]
    assert found(matcher, "淮安市洪泽区") == [(None, "洪泽区", "not_on_file")]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("合阳和海东哪个收到的申请多", ["合阳县人民政府", "海东市人民政府"]),
        ("海东市和合阳县2019年的行政复议", ["海东市人民政府", "合阳县人民政府"]),
        ("compare Heyang and Haidong", ["合阳县人民政府", "海东市人民政府"]),
        ("What about Gangcha, Tongren and Langao?", ["刚察县人民政府办公室", "同仁县人民政府", "岚皋县人民政府办公室"]),
    ],
)
def test_several_places_in_order_of_appearance(matcher, question, expected):
    assert [m.issuer for m in matcher.match(question)] == expected


def test_compare_with_a_place_not_on_file(matcher):
    assert found(matcher, "合阳县和西安市哪个多") == [
        ("合阳县人民政府", "合阳县", "exact"), (None, "西安市", "not_on_file")]


@pytest.mark.parametrize(
    "question",
    [
        "收到多少政府信息公开申请",
        "行政复议总数是多少",
        "2020年行政诉讼未经复议直接起诉的有多少件",
        "本年新收政府信息公开申请数量总计",
        "规范性文件对外公开总数量",
        "政务公开存在哪些主要问题",
        "城区和新区的政府",
        "市和县的申请哪个多",
        "which counties had the most lawsuits",
        "what does the guide say about open government information?",
        "how many cases were upheld in review in 2021",
        "what were the fees in ten thousand yuan",  # yuan is also 裕安 (Yu'an)
    ],
)
def test_no_place_named(matcher, question):
    assert matcher.match(question) == []


def test_unknown_region_is_taken_from_the_issuer_name():
    matcher = IssuerMatcher([IssuerRecord("淮安市洪泽区人民政府", None)])
    assert found(matcher, "洪泽区2023年") == [("淮安市洪泽区人民政府", "洪泽区", "exact")]
    assert found(matcher, "Hongze") == [("淮安市洪泽区人民政府", "洪泽区", "pinyin")]
    assert found(matcher, "淮安市") == [("淮安市洪泽区人民政府", "洪泽区", "parent")]
