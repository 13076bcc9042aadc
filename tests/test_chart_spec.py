"""One chart spec per answer (bot/chart_spec.py): built from the rows the answer shows, titled by the
measure and its scope, the reports without a figure named under it; Telegram's PNG (bot/charts.py)
draws the same spec the page draws."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import charts
from bot.answer import Answer
from bot.chart_spec import MAX_BARS, changes_chart, rows_chart, short_name, with_chart
from bot.config import Config, Embedding
from bot.review.diff import diff
from bot.service import Service
from tests.conftest import IngestedCorpus

RANK = "哪个县收到的申请最多"
LABEL = "本年新收政府信息公开申请数量 · 总计"


@pytest.fixture(scope="module")
def service(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Service:
    return Service.open(Config(data_dir=ingested.copy(tmp_path_factory, "chart-store"), embedding=Embedding("fake")))


def drawn(spec: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(p["label"], p["value"]) for s in spec["series"] for p in s["points"]]


def test_a_ranking_draws_its_rows_and_names_the_blank_reports(service: Service) -> None:
    answer = service.ask(RANK)
    spec = answer.chart
    assert answer.route == "rank" and spec is not None and spec["kind"] == "bars"
    # Exactly the table's rows with a figure, in the answer's order; a blank report is never a bar.
    with_value = [r for r in answer.table if r["value"] is not None]
    assert [v for _, v in drawn(spec)] == [r["value"] for r in with_value]
    assert drawn(spec)[:1] == [("合阳县 2020", 5)]
    blank = [r for r in answer.table if r["status"] == "blank"]
    assert blank and {m["status"] for m in spec["missing"]} == {"blank"}
    assert len(spec["missing"]) == len(blank)
    for r in blank:  # named under the chart
        assert any(f"{short_name(r['issuer'])} {r['year']}" in n for n in spec["notes"]), spec["notes"]
    # The title is the measure and its scope, never a sentence of a report.
    assert spec["title"].startswith(LABEL) and "排名" in spec["title"]
    passages = " ".join(p["text"] for p in answer.passages)
    assert spec["title"] not in passages


def test_the_png_draws_the_same_spec(service: Service) -> None:
    answer = service.ask(RANK)
    points = charts.chart_points(answer)
    assert [(p.year, p.value) for p in points] == [(p["year"], p["value"]) for p in answer.chart["series"][0]["points"]]
    chart = charts.render_chart(answer)
    assert chart.png and chart.png.startswith(b"\x89PNG")
    assert chart.notes == answer.chart["notes"]  # the blank reports are named under the PNG too


def test_a_recorded_answer_without_a_spec_gets_one(service: Service) -> None:
    answer = service.ask(RANK)
    old = Answer.from_json({k: v for k, v in answer.to_json().items() if k != "chart"})
    assert old.chart is None and with_chart(old).chart is not None
    assert drawn(old.chart) == [(p["label"], p["value"]) for p in answer.chart["series"][0]["points"]]


def test_no_chart_for_one_figure(service: Service) -> None:
    assert service.ask("how many applications did 合阳 receive in 2020").chart is None


def _row(issuer: str, year: int, value: float | None, status: str = "reported", **extra: Any) -> dict[str, Any]:
    return {"issuer": issuer, "year": year, "value": value, "status": status, "label": LABEL, "unit": "件"} | extra


def test_marks_from_the_text_and_sums_missing_terms_and_rows_left_out() -> None:
    rows = [
        _row("甲县人民政府", 2020, 9),
        _row("乙县人民政府", 2020, 4, from_text=True),
        _row("丙县人民政府", 2020, 3, complete=False),
        _row("丁县人民政府", 2020, None, "unreadable"),
    ]
    spec = rows_chart("rank", rows, english=False, others=7)
    assert spec is not None
    texts = [p.text for p in spec.series[0].points]
    assert texts == ["9", "4*", "3^"]
    assert spec.missing == [{"label": "丁县", "status": "unreadable"}]
    notes = " ".join(spec.notes)
    assert "无法可靠读取：丁县" in notes and "引自报告正文" in notes and "部分加数" in notes and "另有 7 份" in notes


def test_a_long_ranking_draws_its_first_bars_and_counts_the_rest() -> None:
    rows = [_row(f"县{i}", 2020, 100 - i) for i in range(MAX_BARS + 5)]
    spec = rows_chart("rank", rows, english=True)
    assert spec is not None and len(spec.series[0].points) == MAX_BARS
    assert spec.notes == ["5 more report(s) with a figure are in the table (CSV)"]


def _cell(metric: str, year: int, value: float | None, unit: str = "件") -> dict[str, Any]:
    return {
        "issuer": "洪泽区人民政府",
        "year": year,
        "metric": metric,
        "label": metric,
        "value": value,
        "unit": unit,
        "status": "reported" if value is not None else "blank",
        "cite": "表",
        "source_file": f"{year}.pdf",
    }


def test_a_year_over_year_chart_draws_the_largest_changes_in_one_unit() -> None:
    old = [_cell("a", 2023, 550), _cell("b", 2023, 4119), _cell("fee", 2023, 7730.28, "万元"), _cell("c", 2023, None)]
    new = [_cell("a", 2024, 9487), _cell("b", 2024, 2776), _cell("fee", 2024, 7545, "万元"), _cell("c", 2024, 3)]
    spec = changes_chart(diff(old, new).rows(), english=False, issuer="淮安市洪泽区人民政府")
    assert spec is not None and spec.kind == "changes" and spec.unit == "件"
    assert [(p.label, p.value, p.old, p.new) for p in spec.series[0].points] == [
        ("a", 8937, 550, 9487),
        ("b", -1343, 4119, 2776),
    ]  # the 万元 change is not drawn on the 件 axis; it is counted
    assert spec.title.startswith("淮安市洪泽区：2024年报与2023年报相比")
    assert spec.notes == ["由空白变为有数：c (3)", "另有 1 项变化见表格"]


def test_every_character_of_a_spec_is_in_the_shipped_font(service: Service) -> None:
    """The PNG is refused when a glyph is missing: the spec's own marks must all be drawable."""
    font = charts.cjk_font()
    if font is None:
        pytest.skip("no CJK font")
    marks = "*^（）：、 -0123456789.至与相比变化最大的项目新旧另有项见表格由空白变为有数份报告的数字排名对比趋势年"
    assert charts.missing_glyphs(Path(font), marks) == ""
