"""How a printed row of the applications table becomes cells, on corpus 004 (合阳县 2020) with
one row changed: positions printed with every column are the cells' places."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import parse_bytes

ROW = "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


def cells_of(corpus: Path, row: str) -> dict[str, tuple[object, str]]:
    text = (corpus / "004_c70ef5546fcf38db.txt").read_text(encoding="utf-8").replace(ROW, row)
    report = parse_bytes(text.encode(), "heyang.txt")
    return {
        f.metric: (f.value, f.status) for f in report.figures if f.metric.startswith("applications.carried_over_out")
    }


def test_a_blank_total_moves_no_figure(corpus: Path) -> None:
    # 自然人 1, 商业企业 1, 总计 left blank: not 自然人 1 … 总计 1 (which would add up).
    cells = cells_of(corpus, "四、结转下年度继续办理 | 1 | 1 |  |  |  |  |  |")
    assert cells["applications.carried_over_out.natural_person"] == (1, "reported")
    assert cells["applications.carried_over_out.commercial_enterprise"] == (1, "reported")
    assert cells["applications.carried_over_out.total"] == (None, "blank")


def test_a_row_that_adds_up_as_printed(corpus: Path) -> None:
    cells = cells_of(corpus, "四、结转下年度继续办理 | 1 | 1 |  |  |  |  | 2 |")
    assert cells["applications.carried_over_out.total"] == (2, "reported")
