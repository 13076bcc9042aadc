"""Which figure a question asks for, however it is put."""

from __future__ import annotations

import pytest

from bot.lexicon import find_metric

CASES = {
    "How many applications did Haidong receive in 2019?": "applications.received",
    "How many applications were carried over from last year in Haidong?": "applications.carried_over_in",
    "How many requests were granted in Haidong in 2019?": "applications.granted",
    "How many applications were partially granted?": "applications.partially_granted",
    "How many were refused because they were state secrets?": "applications.withheld.state_secret",
    "How many requests were withheld to protect third-party rights?": "applications.withheld.third_party_rights",
    "How many requests did Haidong not hold the information for?": "applications.unavailable.not_held",
    "How many applications were petitions or complaints?": "applications.not_processed.petition_complaint",
    "How many duplicate applications were there?": "applications.not_processed.duplicate",
    "How many applications were carried over to next year?": "applications.carried_over_out",
    "How many requests did Haidong respond to in 2019?": "applications.results_total",  # (was: received)
    "How many applications did Haidong reply to?": "applications.results_total",
    "How many administrative reconsiderations did Tongren have?": "review",
    "How many reconsideration decisions were upheld in Tongren?": "review:upheld",
    "How many lawsuits were filed directly without reconsideration?": "litigation_direct",
    "How many lawsuits after reconsideration?": "litigation_after_review",
    "How many lawsuits did Haidong have?": "litigation",
    "How many administrative penalties did Gangcha impose in 2021?": "active.penalty",
    "How many licences did Haidong grant in 2019?": "active.licensing",
    "How much did Gangcha collect in fees in 2021?": "active.fees",
    "What was Tongren's procurement amount in 2019?": "active.procurement:amount_wan_yuan",
    "How many procurement projects did Haidong have?": "active.procurement:projects",
    "How many regulations did Haidong make in 2019?": "active.regulations",
    "How many coercive measures did Gangcha take?": "active.coercion",
    "How many applications came from individuals in Heyang?": "applications.received:natural_person",
    "How many applications came from law firms in Heyang?": "applications.received:legal_service_org",
    "How many applications came from companies?": "applications.received:commercial_enterprise",
    "合阳县2020年收到多少政府信息公开申请？": "applications.received",
    "岚皋县2019年受理了多少件依申请公开": "applications.received",
    "海东市2019年予以公开的申请有多少": "applications.granted",
    "海东市2019年不予处理的申请有多少": "applications.not_processed",
    "依申请公开中不予公开的有几件": "applications.withheld",
    "同仁县的行政复议尚未审结的有几件": "review:pending",
    "海东市未经复议直接起诉的行政诉讼有多少件": "litigation_direct",
    "刚察县那边2021年打官司的有几起": "litigation",  # said as people say it
    # 其他处理's own rows, shortened (each was 其他处理's sum: 187 for 110)
    "淮安2024年其他处理中的“其他”有多少": "applications.other_handling.other",
    "淮安2024年因其他原因作其他处理的有多少": "applications.other_handling.other",
    "淮安2024年逾期未缴费不再处理的申请多少": "applications.other_handling.unpaid_fee",
    "淮安2024年逾期不补正的申请多少": "applications.other_handling.no_correction",
    "淮安2024年其他处理多少": "applications.other_handling",
    "合阳20年有人告政府没": "litigation",
    "海东市行政诉讼结果纠正的有几件": "litigation:corrected",
    "合阳县其他组织提出的申请有多少": "applications.received:other_org",
    "刚察县行政强制决定数量": "active.coercion:decisions",
    "合阳县行政许可上一年项目数量": "active.licensing:prev_year_items",
    "海东市其他对外管理服务事项处理决定数量": "active.other_services:decisions",
    "合阳县2020年规范性文件对外公开总数量": "active.normative_docs:total_published",
    "同仁县2019年政府集中采购总金额是多少": "active.procurement:amount_wan_yuan",
}


@pytest.mark.parametrize("question", CASES)
def test_the_figure_asked_for(question: str) -> None:
    row, _, column = CASES[question].partition(":")
    ask = find_metric(question)
    assert ask is not None and ask.row == row
    if column:
        assert ask.column == column


@pytest.mark.parametrize(
    "question",
    [
        "海东市12345市民服务热线2019年受理了多少来电",  # a figure outside the template
        "同仁县政务公开领导小组的组长是谁",
        "海东市2019年政务公开存在哪些主要问题",
        "What did 岚皋县 do about its government website platform in 2019?",
    ],
)
def test_questions_about_other_things_name_no_template_figure(question: str) -> None:
    assert find_metric(question) is None
