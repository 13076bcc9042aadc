"""Reading one printed cell: the number, its unit, and the raw text kept beside them."""

from __future__ import annotations

import pytest

from ingest.cells import parse_cell


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("增172", 172),
        ("减4", -4),
        ("-18", -18),
        ("增 77", 77),
        ("0", 0),
        ("1,234", 1234),
        ("１２３", 123),  # full-width digits
        ("－１８", -18),  # full-width minus
        ("5件", 5),
    ],
)
def test_counts(raw, value):
    cell = parse_cell(raw)
    assert (cell.status, cell.value, cell.raw) == ("reported", value, raw)


def test_a_note_in_brackets_is_kept():
    cell = parse_cell("2（撤诉）")
    assert (cell.value, cell.status, cell.raw, cell.note) == (2, "reported", "2（撤诉）", "撤诉")
    assert parse_cell("2(撤诉)").value == 2


def test_amounts_are_converted_to_wan_yuan():
    yi = parse_cell("51.57 亿元", amount=True)
    assert (yi.value, yi.unit, yi.raw, yi.status) == (515700, "万元", "51.57 亿元", "reported")
    assert "亿元" in yi.note
    wan = parse_cell("18.085682 万元", amount=True)
    assert (wan.value, wan.unit) == (pytest.approx(18.085682), "万元")
    assert parse_cell("7540.77", amount=True).unit == "万元"  # the column says 万元
    assert parse_cell("12000元", amount=True).value == pytest.approx(1.2)


def test_an_amount_in_a_unit_that_is_not_money_is_not_guessed():
    assert parse_cell("3 个", amount=True).status == "unreadable"


@pytest.mark.parametrize("raw", ["", " ", "\u00a0", "\u3000", "—", "-", "/", "／", " — "])
def test_blank_cells_are_blank_not_zero(raw):
    cell = parse_cell(raw)
    assert (cell.status, cell.value) == ("blank", None)


@pytest.mark.parametrize("raw", ["见附件", "约五十", "12-34", "abc", "1.2.3"])
def test_garbage_is_unreadable_and_kept(raw):
    cell = parse_cell(raw)
    assert (cell.status, cell.value, cell.raw) == ("unreadable", None, raw)


@pytest.mark.parametrize("raw", ["447 7 0 0 0 0 454", "1 0 0 0 0 0 1", "12 3", "1\u00a02"])
def test_digits_separated_by_a_space_are_never_one_number(raw):
    cell = parse_cell(raw)
    assert (cell.status, cell.value, cell.raw) == ("unreadable", None, raw)


@pytest.mark.parametrize("raw", ["1e30", "12.3.4"])
def test_what_is_not_a_plain_number_is_unreadable(raw):
    assert parse_cell(raw).status == "unreadable"
