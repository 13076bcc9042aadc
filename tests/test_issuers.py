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


@pytest.mark.parametrize(
    "question, issuer",
    [
        ("Langgao 2019 applications", "岚皋县人民政府办公室"),  # a letter doubled
        ("Langoa 2019 applications", "岚皋县人民政府办公室"),  # two swapped
        ("how many applications did heyan receive in 2020", "合阳县人民政府"),  # one dropped
        ("Gangca lawsuits", "刚察县人民政府办公室"),
        ("Hai dung 2019", "海东市人民政府"),  # two words run together, one slip
    ],
)
def test_misspelt_pinyin_of_a_place_on_file(matcher, question, issuer):
    (m,) = matcher.match(question)
    assert (m.issuer, m.how) == (issuer, "fuzzy") and m.score < 0.85


@pytest.mark.parametrize(
    "question",
    [
        "Which county had the most lawsuits?",
        "applications received in 2019",
        "total administrative reconsideration",
        "Xian 2019",  # too short to guess at (西安? 咸安? …)
        "Tongxin 2019",  # 同心县 is in the register, not on file: no guess at 同仁 either
    ],
)
def test_english_words_and_other_places_are_not_misspelt_places(matcher, question):
    assert all(m.how != "fuzzy" for m in matcher.match(question))


def test_city_above_a_county_on_file(matcher):
    (m,) = matcher.match("渭南市2020年收到多少申请")
    assert (m.issuer, m.region, m.how, m.division) == ("合阳县人民政府", "合阳县", "parent", "渭南市")


def test_province_above_several_on_file_is_its_government(matcher):
    """A province means its government, as 上海市 does: no report of its own, those under it named."""
    (m,) = matcher.match("青海省的报告")
    assert (m.issuer, m.region, m.how, m.wanted) == (None, "青海省", "not_on_file", "青海省人民政府")
    assert m.alternatives == ("同仁县人民政府", "海东市人民政府", "刚察县人民政府办公室")
    assert [(m.how, m.wanted) for m in matcher.match("Shaanxi")] == [("not_on_file", "陕西省人民政府")]


def test_the_places_under_a_province_asked_for(matcher):
    assert {m.how for m in matcher.match("青海省哪个县的申请最多")} == {"parent"}
    assert {m.how for m in matcher.match("Which county of Shaanxi received the most applications?")} == {"parent"}


def test_a_city_or_province_named_with_its_government(matcher):
    """陕西省人民政府, 渭南市政府: the government, never the county on file under it."""
    for question, wanted in (
        ("陕西省人民政府2020年行政复议", "陕西省人民政府"),
        ("渭南市政府2020年收到多少申请", "渭南市人民政府"),
    ):
        (m,) = matcher.match(question)
        assert (m.issuer, m.how, m.wanted) == (None, "not_on_file", wanted)
        assert "合阳县人民政府" in m.alternatives


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
        ("合阳县人民政府", "合阳县", "exact"),
        (None, "西安市", "not_on_file"),
    ]


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


# -------------------------------------------------- governments and departments
from bot.departments import fits, organ_at  # noqa: E402
from bot.issuers import kind_of, speaks_for_place  # noqa: E402
from bot.lookalike import look_alike  # noqa: E402

WITH_DEPARTMENTS = [
    IssuerRecord("合阳县人民政府", "合阳县"),
    IssuerRecord("合阳县教育局", "合阳县"),
    IssuerRecord("合阳县卫生健康局", "合阳县"),
    IssuerRecord("沭阳县发展和改革局", "沭阳县"),
    IssuerRecord("上海市科学技术委员会", "上海市"),
    IssuerRecord("岚皋县人民政府办公室", "岚皋县"),
    IssuerRecord("泗洪县自然资源局", "泗洪县"),
    IssuerRecord("泗洪县自然资源和规划局", "泗洪县"),
    IssuerRecord("泗洪县人民政府", "泗洪县"),
    IssuerRecord("睢宁县文化和旅游局", "睢宁县"),
    IssuerRecord("睢宁县文化广电和旅游局", "睢宁县"),
]


@pytest.fixture(scope="module")
def departments() -> IssuerMatcher:
    return IssuerMatcher(WITH_DEPARTMENTS)


def resolved(matcher: IssuerMatcher, question: str) -> list[tuple[str | None, str]]:
    return [(m.issuer, m.how) for m in matcher.match(question)]


@pytest.mark.parametrize(
    "name, row_kind, kind",
    [
        ("沭阳县人民政府", None, "government"),
        ("沭阳县高墟镇人民政府", None, "government"),
        ("南京市玄武区梅园新村街道办事处", None, "government"),
        ("苏州工业园区管理委员会", None, "government"),
        ("淮安经济技术开发区管委会", None, "government"),
        ("沭阳县发展和改革局", None, "department"),
        ("上海市科学技术委员会", None, "department"),
        ("北京市城市管理委员会", None, "department"),  # a commission named 管理委员会, not a zone's board
        ("岚皋县人民政府办公室", None, "department"),
        ("刚察县人民政府办公室", "government", "government"),  # the stored kind wins
    ],
)
def test_kind_of(name, row_kind, kind):
    assert kind_of(name, row_kind) == kind


@pytest.mark.parametrize(
    "name, speaks",
    [
        ("沭阳县人民政府", True),
        ("岚皋县人民政府办公室", True),
        ("海东市政府办公室", True),
        ("沭阳县发展和改革局", False),
        ("上海市科学技术委员会", False),
    ],
)
def test_which_reports_answer_for_their_place(name, speaks):
    assert speaks_for_place(name) is speaks


@pytest.mark.parametrize("question", ["合阳县2020年收到多少申请", "合阳", "Heyang", "合陽縣", "合杨县"])
def test_a_place_is_its_government_never_its_departments(departments, question):
    assert [(m.issuer, m.kind) for m in departments.match(question)] == [("合阳县人民政府", "government")]


@pytest.mark.parametrize("question", ["沭阳县2025年收到多少申请", "沭阳", "Shuyang", "沭陽縣", "沭杨县", "沐阳县"])
def test_a_place_with_only_department_reports(departments, question):
    (m,) = departments.match(question)
    assert (m.issuer, m.region, m.how, m.wanted, m.alternatives) == (
        None,
        "沭阳县",
        "departments_only",
        "沭阳县人民政府",
        ("沭阳县发展和改革局",),
    )


def test_the_government_office_stands_for_a_place_without_a_government_report(departments):
    assert resolved(departments, "岚皋县2019年") == [("岚皋县人民政府办公室", "exact")]
    assert resolved(departments, "合阳县政府办公室的电话") == [("合阳县人民政府", "exact")]


@pytest.mark.parametrize(
    "question, issuer, how",
    [
        ("沭阳县发展和改革局2023年", "沭阳县发展和改革局", "exact"),
        ("沭阳发改局", "沭阳县发展和改革局", "abbreviation"),
        ("沭阳县发改局", "沭阳县发展和改革局", "abbreviation"),
        ("沭阳县发改委", "沭阳县发展和改革局", "abbreviation"),
        ("沭阳县发展改革局", "沭阳县发展和改革局", "abbreviation"),
        ("沭陽縣發改局", "沭阳县发展和改革局", "abbreviation"),
        ("沐阳县发改局", "沭阳县发展和改革局", "fuzzy"),
        ("上海科委", "上海市科学技术委员会", "abbreviation"),
        ("上海市科委2023年", "上海市科学技术委员会", "abbreviation"),
        ("上海市科学技术委员会", "上海市科学技术委员会", "exact"),
        ("合阳教育局", "合阳县教育局", "abbreviation"),
        ("合阳县的教育局", "合阳县教育局", "exact"),
        ("合阳县卫健委", "合阳县卫生健康局", "abbreviation"),
        ("泗洪县自然资源局", "泗洪县自然资源局", "exact"),  # the full name wins over 自然资源和规划局's short form
        ("泗洪自规局", "泗洪县自然资源和规划局", "abbreviation"),
        ("2023年发改局收到多少申请", "沭阳县发展和改革局", "abbreviation"),  # the only 发改局 on file
    ],
)
def test_a_department_when_named(departments, question, issuer, how):
    assert resolved(departments, question) == [(issuer, how)]


def test_a_short_form_that_fits_two_departments_is_not_guessed(departments):
    (m,) = departments.match("睢宁文旅局2023年")
    assert (m.issuer, m.how, m.wanted) == (None, "ambiguous", "睢宁县文旅局")
    assert set(m.alternatives) == {"睢宁县文化和旅游局", "睢宁县文化广电和旅游局"}


@pytest.mark.parametrize(
    "question, wanted, alternatives",
    [
        ("合阳县财政局", "合阳县财政局", ("合阳县人民政府", "合阳县教育局", "合阳县卫生健康局")),
        ("合阳县气象局", "合阳县气象局", ("合阳县人民政府", "合阳县教育局", "合阳县卫生健康局")),
        ("西安市教育局", "西安市教育局", ()),
        ("北京科委", "北京市科学技术委员会", ()),
        (
            "合阳县文旅局",
            "合阳县文旅局",
            ("合阳县人民政府", "合阳县教育局", "合阳县卫生健康局"),
        ),  # two organs: as typed
    ],
)
def test_a_department_not_on_file_is_not_its_government(departments, question, wanted, alternatives):
    (m,) = departments.match(question)
    assert (m.issuer, m.how, m.wanted, m.alternatives) == (None, "not_on_file", wanted, alternatives)


@pytest.mark.parametrize(
    "question",
    [
        "哪个单位收到的申请最多",
        "各地方2023年收到多少申请",
        "哪些部门收到申请最多",
        "合阳县政务公开工作在年度目标考核中占几分",
        "合阳县的申请中来自自然人的有多少件",
    ],
)
def test_frame_words_are_never_names(departments, question):
    assert [m.issuer for m in departments.match(question)] in ([], ["合阳县人民政府"])


def test_traditional_conversion_never_renames_a_simplified_place(departments):
    assert resolved(departments, "乾县2020年") == [(None, "not_on_file")]  # t2s would read 干县
    assert departments.match("乾县")[0].region == "乾县"


@pytest.mark.parametrize(
    "typed, organ, fit",
    [
        ("发改局", "发展和改革局", True),
        ("科委", "科学技术委员会", True),
        ("卫健委", "卫生健康委员会", True),
        ("住建局", "住房和城乡建设局", True),
        ("人社局", "人力资源和社会保障局", True),
        ("自规局", "自然资源和规划局", True),
        ("市场监管局", "市场监督管理局", True),
        ("交通局", "交通运输局", True),
        ("文旅局", "文化广电和旅游局", True),
        ("应急局", "应急管理局", True),
        ("医保局", "医疗保障局", True),
        ("工信局", "工业和信息化局", True),
        ("政务服务管理局", "政务服务和数据管理局", True),
        ("教育局", "教育局", True),
        ("教育局", "财政局", False),
        ("发改局", "科学技术局", False),
    ],
)
def test_department_short_forms(typed, organ, fit):
    assert fits(typed, organ) is fit


@pytest.mark.parametrize(
    "text, found",
    [
        ("沭阳县发改局2023年", (6, "发改局")),
        ("沭阳县的发改局", (7, "发改局")),
        ("沭阳县气象局", (6, "气象局")),
        ("沭阳县2023年收到多少申请", None),
        ("沭阳县政务公开办公室", None),
        ("沭阳县的申请多少", None),
    ],
)
def test_organ_word_after_a_place(text, found):
    assert organ_at(text, 3) == found


@pytest.mark.parametrize(
    "a, b, alike",
    [
        ("沐", "沭", True),
        ("巿", "市", True),
        ("洒", "泗", True),
        ("洛", "沭", False),
        ("水", "阳", False),
        ("仁", "人", False),
        ("具", "县", False),
    ],
)
def test_look_alike_characters(a, b, alike):
    assert look_alike(a, b) is alike


@pytest.mark.parametrize(
    "question, issuer",
    [
        ("Shuyang Development and Reform Bureau 2023", "沭阳县发展和改革局"),
        ("Shuyang County Development and Reform Commission", "沭阳县发展和改革局"),
        ("Shanghai Science and Technology Commission", "上海市科学技术委员会"),
        ("how many applications did the Heyang Education Bureau receive", "合阳县教育局"),
        ("Heyang education in 2020", "合阳县人民政府"),  # no organ noun: the county
    ],
)
def test_departments_named_in_english(departments, question, issuer):
    assert [m.issuer for m in departments.match(question)] == [issuer]


def test_a_department_named_in_english_but_not_on_file(departments):
    (m,) = departments.match("Heyang Finance Bureau")
    assert (m.issuer, m.how, m.wanted) == (None, "not_on_file", "合阳县财政局")


def test_a_city_before_its_district_department():
    matcher = IssuerMatcher(
        [IssuerRecord("淮安市洪泽区发展和改革局", "洪泽区"), IssuerRecord("淮安市人民政府", "淮安市")]
    )
    assert resolved(matcher, "淮安市洪泽区发改局2023年") == [("淮安市洪泽区发展和改革局", "abbreviation")]
    assert resolved(matcher, "淮安市洪泽区气象局") == [(None, "not_on_file")]
    assert resolved(matcher, "淮安市2024年") == [("淮安市人民政府", "exact")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A short name run into the next word of the question is still the place (合阳的…, 平潭历年…).
        ("合阳的行政复议总数", [("合阳县人民政府", "合阳县", "abbreviation")]),
        ("合阳历年收到多少申请", [("合阳县人民政府", "合阳县", "abbreviation")]),
        ("合阳近三年的诉讼", [("合阳县人民政府", "合阳县", "abbreviation")]),
        ("西安的申请", [(None, "西安市", "not_on_file")]),  # a place not on file is said to be missing
        ("全国的申请", []),
        # A name at the very end of the text (it was once read as running past the end).
        ("海东", [("海东市人民政府", "海东市", "abbreviation")]),
        ("合阳", [("合阳县人民政府", "合阳县", "abbreviation")]),
    ],
)
def test_a_short_name_before_the_next_word(matcher: IssuerMatcher, question: str, expected: list) -> None:
    assert found(matcher, question) == expected


def test_a_name_one_character_from_a_place_on_file_is_asked_about_never_taken(matcher: IssuerMatcher) -> None:
    """刚擦县 is no place: 刚察县 is on file one character away (no look-alike or sound-alike rule
    takes 擦 for 察), so the answer asks whether it was meant. A real place not on file (合水县
    beside 合阳县) is no slip of another."""
    (m,) = matcher.match("刚擦县2021年收到申请多少")
    assert (m.issuer, m.how, m.mention, m.alternatives) == (None, "near_name", "刚擦县", ("刚察县人民政府办公室",))
    assert [(x.issuer, x.how) for x in matcher.match("合水县2020年收到多少申请")] == [(None, "not_on_file")]


@pytest.mark.parametrize(
    ("question", "mention", "meant"),
    [
        ("何阳2020年收到多少申请", "何阳", ("合阳县人民政府",)),  # 何 for 合: the same sound, from an IME
        ("合杨2020年收到多少申请", "合杨", ("合阳县人民政府",)),
        ("海冬2019年行政复议多少件", "海冬", ("海东市人民政府",)),
        ("何阳收到多少申请", "何阳", ("合阳县人民政府",)),  # no year: before, every report compared
    ],
)
def test_two_characters_a_slip_of_a_short_name_are_asked_about_never_taken(
    matcher: IssuerMatcher, question: str, mention: str, meant: tuple[str, ...]
) -> None:
    """No slips are kept of two characters (合? would be every 合 place), so a two-character name
    is a slip of a short name on file only when the character apart sounds or looks alike."""
    (m,) = matcher.match(question)
    assert (m.issuer, m.how, m.mention, m.alternatives) == (None, "near_name", mention, meant)


@pytest.mark.parametrize("question", ["今年收到多少申请", "围绕公开做了哪些工作", "刚擦2021年收到申请多少"])
def test_two_opening_characters_like_no_short_name_are_no_slip(matcher: IssuerMatcher, question: str) -> None:
    """(刚擦: 擦 neither sounds nor looks like 察; 刚擦县 is asked about, three characters one apart.)"""
    assert [m.how for m in matcher.match(question)] in ([], ["not_on_file"])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("青禾2020年收到多少申请", [(None, "青禾", "not_on_file")]),  # before: every 2020 report compared
        ("请问青禾2020年收到多少申请", [(None, "青禾", "not_on_file")]),
        ("合阳2020年收到多少申请", [("合阳县人民政府", "合阳县", "abbreviation")]),
        ("全县2020年收到多少申请", []),  # the question's own words, no name
        ("统计2020年收到多少申请", []),
        ("申请2020年有多少", []),
        ("超过2019年的", []),
        ("统计一下2020年收到多少申请", []),  # a request's opening words, no name (found in review)
        ("帮我查2020年收到多少申请", []),
        ("告诉我2020年行政复议多少件", []),
        ("部门2020年收到多少申请", []),
        ("单位2020年收到多少申请", []),
        ("2020年收到多少申请", []),
    ],
)
def test_the_characters_before_the_year_name_a_place_when_nothing_else_does(
    matcher: IssuerMatcher, question: str, expected: list
) -> None:
    assert [(m.issuer, m.region, m.how) for m in matcher.match(question)] == expected
