"""Text in every layout real extraction produces (issue 6): Markdown tables broken into
small tables, `pdftotext -layout` and `-raw`, one cell a line with labels joined by a tab,
and a whole body run together on one line. Each fixture prints the same made-up report;
every cell of its tables is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import parse_bytes
from ingest.template import APPLICANT_COLUMNS, APPLICATION_ROWS, CASE_GROUPS, OUTCOME_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "text"

# The made-up report every family fixture prints (2021 template).
ACTIVE = {
    "active.regulations.issued": 2,
    "active.regulations.repealed": 0,
    "active.regulations.in_force": 9,
    "active.normative_docs.issued": 14,
    "active.normative_docs.repealed": 3,
    "active.normative_docs.in_force": 61,
    "active.licensing.decisions": 5321,
    "active.penalty.decisions": 1187,
    "active.coercion.decisions": 42,
    "active.fees.amount_wan_yuan": 312.45,
}
APPLICATIONS = {  # row → 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
    "received": (23, 0, 0, 0, 0, 0, 23),
    "carried_over_in": (3, 1, 0, 0, 0, 0, 4),
    "granted": (11, 1, 0, 0, 0, 0, 12),
    "partially_granted": (2, 0, 0, 0, 0, 0, 2),
    "withheld.third_party_rights": (1, 0, 0, 0, 0, 0, 1),
    "unavailable.not_held": (4, 0, 0, 0, 0, 0, 4),
    "unavailable.needs_creation": (1, 0, 0, 0, 0, 0, 1),
    "not_processed.duplicate": (1, 0, 0, 0, 0, 0, 1),
    "not_processed.confirm_or_reissue": (1, 0, 0, 0, 0, 0, 1),
    "other_handling.no_correction": (2, 0, 0, 0, 0, 0, 2),
    "results_total": (23, 1, 0, 0, 0, 0, 24),
    "carried_over_out": (3, 0, 0, 0, 0, 0, 3),
}
CASES = {"review": (3, 1, 0, 1, 5), "litigation_direct": (1, 0, 0, 1, 2), "litigation_after_review": (0, 0, 1, 0, 1)}


def truth() -> dict[str, float]:
    cells: dict[str, float] = dict(ACTIVE)
    for row in APPLICATION_ROWS:
        if row.key is None or row.key == "other_handling":
            continue  # 2021: (六) is printed as its three sub-rows
        for col, value in zip(APPLICANT_COLUMNS, APPLICATIONS.get(row.key, (0,) * 7)):
            cells[f"applications.{row.key}.{col.key}"] = value
    for group in CASE_GROUPS:
        for col, value in zip(OUTCOME_COLUMNS, CASES[group.key]):
            cells[f"{group.key}.{col.key}"] = value
    return cells


def read(name: str):  # type: ignore[no-untyped-def]
    return parse_bytes((FIXTURES / name).read_bytes(), name)


@pytest.mark.parametrize(
    "name",
    [
        "markdown_small_tables.txt",
        "pdftotext_layout.txt",
        "pdftotext_raw.txt",
        "one_cell_tab_labels.txt",
        "glued_one_line.txt",
    ],
)
def test_every_cell_of_every_family(name: str) -> None:
    report = read(name)
    stored = {f.metric: (f.status, f.value) for f in report.figures}
    expected = {metric: ("reported", pytest.approx(value)) for metric, value in truth().items()}
    assert stored == expected
    assert report.failed_checks == []
    assert report.meta.template.value == "2021"


def test_a_run_with_one_reading_says_how_it_was_read() -> None:
    figures = {f.metric: f for f in read("glued_one_line.txt").figures}
    received = figures["applications.received.total"]
    assert (received.value, received.raw) == (23, "23")
    assert "230 000023" in received.note
    # `…00000002.其他…`: the 2 is the next row's numbering, not a figure.
    assert figures["applications.withheld.state_secret.total"].value == 0


def test_runs_with_several_readings_are_unreadable_with_the_printed_run() -> None:
    """A body run together where some runs admit two readings (and the table is cut short,
    so no column sum can decide): those cells are unreadable, the others are read."""
    report = read("glued_ambiguous.txt")
    figures = {f.metric: f for f in report.figures}
    got = {m: (f.status, f.value) for m, f in figures.items()}
    ok = {
        "active.regulations.new_made": 0,
        "active.regulations.new_published": 0,
        "active.regulations.total_published": 3,  # `003`: the only way to cut it
        "active.normative_docs.new_made": 12,
        "active.normative_docs.new_published": 12,
        "active.normative_docs.total_published": 40,
        "active.other_services.prev_year_items": 0,
        "active.other_services.change": 0,
        "active.other_services.decisions": 0,
        "active.penalty.prev_year_items": 51,
        "active.penalty.change": 0,
        "active.penalty.decisions": 689,
        "active.coercion.prev_year_items": 23,
        "active.coercion.change": 2,
        "active.coercion.decisions": 13,
        "active.fees.prev_year_items": 22,
        "active.fees.change": 10,
        "active.procurement.projects": 81,
        "active.procurement.amount_wan_yuan": 7540.77,
        "applications.carried_over_in.natural_person": 2,
        "applications.carried_over_in.total": 2,
        **{f"applications.carried_over_in.{c.key}": 0 for c in APPLICANT_COLUMNS[1:-1]},
    }
    runs = {  # printed run → the cells it fills
        "2648 -18538": [f"active.licensing.{c}" for c in ("prev_year_items", "change", "decisions")],
        "120101021053": [f"applications.received.{c.key}" for c in APPLICANT_COLUMNS],
        "1301122046": [f"applications.granted.{c.key}" for c in APPLICANT_COLUMNS],
        "11000110000000000": [f"{g.key}.{c.key}" for g in CASE_GROUPS for c in OUTCOME_COLUMNS],
    }
    expected = {m: ("reported", pytest.approx(v)) for m, v in ok.items()}
    expected |= {m: ("unreadable", None) for metrics in runs.values() for m in metrics}
    assert got == expected
    for run, metrics in runs.items():
        assert all(run in figures[m].note and "readings" in figures[m].note for m in metrics), run
    assert report.failed_checks == []


def test_short_rows_odd_cells_and_implausible_values() -> None:
    """A row with fewer cells than columns is placed only where the sums confirm it; a
    cell that is not a number is unreadable in its own column and shifts nothing; an
    implausible figure is kept as printed and flagged."""
    report = read("short_and_odd_cells.txt")
    got = {f.metric: (f.status, f.value) for f in report.figures}
    zero = (0, 0, 0, 0, 0, 0, 0)
    rows = {
        "received": (6, 1, 0, 0, 0, 0, 7),
        "granted": (3, 1, 0, 0, 0, 0, 4),
        "partially_granted": (1, 0, 0, 0, 0, 0, 1),
        "withheld.state_secret": zero,
        "withheld.prohibited_by_law": zero,
        "withheld.three_safeties_one_stability": (0, "?", 0, 0, 0, 0, 0),  # `1e30` in 商业企业
        "withheld.third_party_rights": (1, "", "", "", "", "", 1),  # printed `1 | 1`: the sums place it
        "withheld.internal_affairs": zero,
        "withheld.process_info": zero,
        "withheld.enforcement_file": zero,
        "withheld.administrative_query": zero,
        "unavailable.not_held": (1, 0, 0, 0, 0, 0, 1),
        "unavailable.needs_creation": zero,
        "unavailable.unclear_after_correction": zero,
        "not_processed.petition_complaint": zero,
        "not_processed.duplicate": zero,
        "not_processed.publication": zero,
        "not_processed.excessive_repeated": zero,
        "not_processed.confirm_or_reissue": zero,
        "other_handling": zero,
        "results_total": (6, 1, 0, 0, 0, 0, 7),
        "carried_over_out": (2, 0, 0, 0, 0, 0, 2),
        "carried_over_in": ("?",) * 7,  # one printed cell: neither 自然人 nor 总计 can be confirmed
    }

    def status(v):  # type: ignore[no-untyped-def]
        return ("unreadable", None) if v == "?" else ("blank", None) if v == "" else ("reported", v)

    expected = {
        f"applications.{r}.{c.key}": status(v) for r, values in rows.items() for c, v in zip(APPLICANT_COLUMNS, values)
    }
    expected |= {
        f"{g.key}.{c.key}": ("reported", v)
        for g, values in zip(CASE_GROUPS, [(3, 1, 0, 1, 5), (1, 0, 0, 1, 2), (0, 0, 1, 0, 1)])
        for c, v in zip(OUTCOME_COLUMNS, values)
    }
    active = {
        "regulations": (0, 0, 0),
        "normative_docs": (5, "?", 20),
        "licensing": (266, -3, 12000000),
        "other_services": (0, 0, 0),
        "penalty": (51, 0, 689),
        "coercion": (23, 2, -13),
    }
    expected |= {
        f"active.{r}.{c}": status(v)
        for r, values in active.items()
        for c, v in zip(
            ("prev_year_items", "change", "decisions")
            if r not in ("regulations", "normative_docs")
            else ("new_made", "new_published", "total_published"),
            values,
        )
    }
    expected |= {
        "active.fees.prev_year_items": ("reported", 22),
        "active.fees.change": ("reported", 10),
        "active.procurement.projects": ("reported", 81),
        "active.procurement.amount_wan_yuan": ("unreadable", None),
    }  # `1e30`; 81 beside it is kept
    assert got == expected
    raws = {f.metric: f.raw for f in report.figures}
    assert raws["active.normative_docs.new_published"] == "12.3.4"
    assert raws["applications.withheld.three_safeties_one_stability.commercial_enterprise"] == "1e30"
    assert sorted(c.name for c in report.failed_checks) == [
        "plausible.negative.active.coercion.decisions",
        "plausible.too_large.active.licensing.decisions",
    ]


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample_report.txt"


def _reprint(text: str, seed: int) -> str:
    """The sample's tab rows reprinted as lossy extraction does, chosen row by row: figures
    after the label with single spaces, run together, partly run together, or with some
    empty-meaning zeros lost."""
    import random

    from test_layouts import split_tab_row

    rng = random.Random(seed)
    out = []
    for line in text.splitlines():
        if "\t" not in line:
            out.append(line)
            continue
        labels, figures = split_tab_row(line)
        label = "".join(labels)
        values = [c for c in figures if c.strip()]
        mode = rng.choice(["spaces", "glued", "partly", "lost"])
        if mode == "spaces":
            out.append(f"{label} {' '.join(values)}")
        elif mode == "glued":
            out.append(label + "".join(values))
        elif mode == "partly":
            out.append(label + "".join(v + rng.choice(["", " "]) for v in values))
        else:
            out.append("\t".join([label, *(v for v in values if v != "0" or rng.random() < 0.5)]))
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_lossy_reprints_never_store_a_number_the_report_did_not_print(seed: int) -> None:
    """Whatever is lost, a stored figure is the printed one; what cannot be placed is unreadable."""
    text = SAMPLE.read_text(encoding="utf-8")
    printed = {f.metric: f.value for f in parse_bytes(text.encode(), "sample.txt").figures}
    report = parse_bytes(_reprint(text, seed).encode(), "sample.txt")
    wrong = [(f.metric, f.raw) for f in report.figures if f.status == "reported" and f.value != printed[f.metric]]
    assert wrong == []
    assert sum(f.status == "reported" for f in report.figures) > 100  # and most are still read
