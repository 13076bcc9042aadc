"""Injected spam is cut out before anything is stored; the report's own words stay."""

from __future__ import annotations

import pytest
from conftest import corpus_files

from ingest.decode import decode
from ingest.spam import remove_spam

HEYANG_SPAM = "澳门特区赌场_澳门金沙游戏¥中心大厅"


def corpus_text(prefix: str) -> str:
    path = next(f for f in corpus_files() if f.name.startswith(prefix))
    return decode(path.read_bytes())[0]


def test_the_injections_in_the_heyang_report_are_cut_exactly():
    text = corpus_text("004")
    result = remove_spam(text)
    assert result.removed == (HEYANG_SPAM,) * 4
    assert result.families == ("gambling",)
    assert result.text == text.replace(HEYANG_SPAM, "")
    assert "制定印发了《合阳县人民政府:违反政府信息公开工作规定责任追究暂行办法》" in result.text
    assert "负责贯彻落实国家和省市:政务公开工作的有关法规、政策和制度" in result.text
    assert "合阳县坚持以习近平新时代中国特色社会主义思想为指导" in result.text


BEFORE = "2022年，本机关通过政府网站主动公开信息120条，"
AFTER = "，并及时更新政策解读栏目，全年发布政策解读文章36篇。"


def test_a_single_injection_of_another_family_is_removed():
    result = remove_spam(f"{BEFORE}访问太阳城娱乐_百家乐¥真人视讯平台{AFTER}")
    assert result.families == ("gambling",)
    assert len(result.removed) == 1
    assert result.text.startswith(BEFORE) and result.text.endswith(AFTER)
    for word in ("太阳城", "百家乐", "¥", "真人视讯"):
        assert word not in result.text


def test_a_single_injection_glued_to_prose_takes_only_itself():
    prose = "围绕《{}关于开展政务新媒体摸底统计工作的通知》文件要求，共摸底统计政务账号74个。"
    result = remove_spam(prose.format("太阳城娱乐_百家乐¥真人视讯平台"))
    assert result.text == prose.format("")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_reports_without_spam_are_untouched(prefix):
    text = corpus_text(prefix)
    result = remove_spam(text)
    assert (result.text, result.removed, result.families) == (text, (), ())


@pytest.mark.parametrize(
    "prose",
    [
        "全年发放福利彩票公益金资助项目12个，体育彩票公益金支持全民健身设施建设。",
        "及时公开福利彩票公益金使用情况，接受社会监督。",
        "依托县政府门户网站（http://www.tongren.gov.cn）公开政府信息。",
        "主动公开政府信息3126条，其中政策文件85条、政策解读42条。",
    ],
)
def test_government_prose_is_not_spam(prose):
    assert remove_spam(prose).text == prose


def test_a_pipe_table_without_spaces_is_not_taken_for_spam():
    table = "自然人|法人或其他组织|总计\n商业企业|科研机构|社会公益组织|法律服务机构|其他\n行政许可|266|增77|1038"
    assert remove_spam(table).text == table


def test_a_weibo_address_in_prose_is_kept_but_a_casino_link_goes():
    prose = "开通政务微博（weibo.com/heyangfabu），及时发布信息。"
    assert remove_spam(prose).text == prose
    spam = "开通政务微博，及时发布信息。太阳城娱乐_百家乐¥真人视讯 www.tyc888.com"
    assert "tyc888" not in remove_spam(spam).text
