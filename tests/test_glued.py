"""Runs of digits that lost their separators, and rows printed short: read only by the template's sums."""

from __future__ import annotations

from ingest import glued
from ingest.layout import lines_of, table_rows


def _row_ok(v):  # type: ignore[no-untyped-def]
    return glued.sums_to_total(v[:-1], v[-1])


def test_the_issue_example_has_one_reading() -> None:
    readings = glued.consistent(glued.splits(["230", "000023"], 7) or [], _row_ok)
    assert readings == [("23", "0", "0", "0", "0", "0", "23")]


def test_a_run_with_two_readings() -> None:
    readings = glued.consistent(glued.splits(["120101021053"], 7) or [], _row_ok)
    assert sorted(readings) == [("1", "20", "10", "10", "2", "10", "53"), ("12", "0", "10", "10", "21", "0", "53")]


def test_tokens_are_cut_never_joined() -> None:
    assert glued.splits(["1", "0", "0"], 2) == []  # three printed numbers never make two
    assert glued.splits(["12", "3"], 3) == [("1", "2", "3")]
    assert glued.splits(["0012"], 3) == [("0", "0", "12")]  # `012` is never a printed number


def test_a_run_too_long_to_consider_is_no_reading() -> None:
    assert glued.splits(["1" * 40], 15) is None


def test_short_rows_are_placed_in_order() -> None:
    assert glued.placements(["6", "6"], 3) == [("6", "6", ""), ("6", "", "6"), ("", "6", "6")]


def test_space_separated_figures_are_separate_cells() -> None:
    [label, values] = table_rows(lines_of("5.要求行政机关确认或重新出\n1 0 0 0 0 0 1\n具已获取信息"))[:2]
    assert label.labels == ["5.要求行政机关确认或重新出"] and label.values == ["1", "0", "0", "0", "0", "0", "1"]
    assert values.labels == ["具已获取信息"]


def test_glued_figures_split_from_labels_and_the_next_numbering() -> None:
    rows = table_rows(
        lines_of("（一）予以公开1200000012（二）部分公开0000000（三）不予公开1.属于国家秘密00000002.其他")
    )
    assert [(r.labels, r.values, r.separated) for r in rows] == [
        (["(一)予以公开"], ["1200000012"], False),
        (["(二)部分公开"], ["0000000"], False),
        (["(三)不予公开1.属于国家秘密"], ["0000000"], False),
        (["2.其他"], [], True),
    ]
    [row] = table_rows(lines_of("行政许可2648-18538"))
    assert row.values == ["2648", "-18538"]


def test_prose_figures_stay_in_the_text() -> None:
    [row] = table_rows(lines_of("本年度共收到申请25件，较2022年增加3件"))
    assert row.values == []


def test_a_lone_dash_on_its_own_line_is_a_blank_cell_not_a_markdown_rule() -> None:
    [row] = table_rows(lines_of("一、本年新收政府信息公开申请数量\n--\n5\n0\n0\n0\n0\n5"))
    assert row.values == ["--", "5", "0", "0", "0", "0", "5"]


def test_a_grid_row_with_figures_printed_in_one_cell() -> None:
    from ingest.layout import row_of_cells

    row = row_of_cells(["", "（二）部分公开", "447 7 0 0 0 0 454"], 3)
    assert (row.labels, row.values, row.separated) == (
        ["（二）部分公开"],
        ["447", "7", "0", "0", "0", "0", "454"],
        False,
    )


def test_an_amount_run_into_its_label_keeps_its_unit() -> None:
    [row] = table_rows(lines_of("政府集中采购81 51.57亿元"))
    assert (row.labels, row.values) == (["政府集中采购"], ["81", "51.57亿元"])


def test_a_row_shifted_by_a_lost_cell_is_placed_by_the_sums_not_by_position() -> None:
    """15 cells, but the first is a stray blank and a 0 was lost: read by position, every
    figure would sit one column off. The group sums place the groups, and in the group that lost a cell only its total."""
    from ingest.layout import Row
    from ingest.tables import read_cases

    printed = ["", "3", "1", "0", "1", "5", "1", "0", "0", "1", "2", "1", "0", "0", "1"]
    figures, warnings = read_cases([Row([], printed, 7)])
    got = {f.metric: (f.status, f.value) for f in figures}
    assert got == {
        "review.upheld": ("reported", 3),
        "review.corrected": ("reported", 1),
        "review.other": ("reported", 0),
        "review.pending": ("reported", 1),
        "review.total": ("reported", 5),
        "litigation_direct.upheld": ("reported", 1),
        "litigation_direct.corrected": ("reported", 0),
        "litigation_direct.other": ("reported", 0),
        "litigation_direct.pending": ("reported", 1),
        "litigation_direct.total": ("reported", 2),
        "litigation_after_review.total": ("reported", 1),
        # 1 | 0 | 0 and a lost cell: which of the four is blank is not known.
        "litigation_after_review.upheld": ("unreadable", None),
        "litigation_after_review.corrected": ("unreadable", None),
        "litigation_after_review.other": ("unreadable", None),
        "litigation_after_review.pending": ("unreadable", None),
    }
    assert warnings


def test_a_row_that_does_not_add_up_as_printed_is_kept_as_printed() -> None:
    """海东's 予以公开 row (132 | 33 | | | | 57 | 230) fits no other placement: stored as printed."""
    from ingest.layout import Row
    from ingest.tables import read_applications

    figures, _ = read_applications(
        [Row(["三、本年度办理结果", "（一）予以公开"], ["132", "33", "", "", "", "57", "230"], 1)]
    )
    got = {f.metric.rsplit(".", 1)[1]: (f.status, f.value) for f in figures}
    assert got["natural_person"] == ("reported", 132) and got["total"] == ("reported", 230)
    assert got["research_institution"] == ("blank", None)


def test_a_change_printed_with_its_sign_word_is_one_cell() -> None:
    [row] = table_rows(lines_of("行政许可 84 增172 256"))
    assert (row.labels, row.values) == (["行政许可"], ["84", "增172", "256"])
    [row] = table_rows(lines_of("行政事业性收费5减4"))
    assert row.values == ["5", "减4"]
    assert glued.splits(["5", "减4"], 2) == [("5", "减4")]
