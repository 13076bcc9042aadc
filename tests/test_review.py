"""Reviewing reports the way a supervisor does (issue 23): the diff of two years, the
cross-year carry-over identity, numbers in the text against the table, and the report card.

Made-up consecutive years of one issuer (samples/sample_report.txt under another name) carry
planted problems — a carry-over that does not match last year's, a number in the text that
disagrees with its cell, a missing section — and every one must be found, and nothing else.
The shared corpus's 洪泽区 2023 → 2024 PDFs are diffed against the truth files read by eye.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, run_cli, write_config

from bot.review.diff import APPEARED, CHANGED, VANISHED, diff
from bot.review.text_table import disagreements
from ingest.model import Chunk

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "sample_report.txt"
ISSUER = "青禾县人民政府"
TRUTH = Path(__file__).resolve().parent / "truth"
CARRIED_IN_ROW = "二、上年结转政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t0\t2"


def made_up(
    year: int,
    text_received: int = 25,
    carried_in: str = CARRIED_IN_ROW,
    licensing: int = 1260,
    section_six: bool = True,
) -> str:
    """The sample report as 青禾县's report of `year`: the 2022 figures, with what is asked changed.
    The sample carries 1 (自然人) + 1 (其他) over to the next year and takes 2 (自然人) in from the last."""
    s = SAMPLE.read_text(encoding="utf-8").replace("【示例：本文件为演示用样例，单位与数据均为虚构】\n", "")
    s = s.replace("示例县", "青禾县").replace("2023年1月20日", f"{year + 1}年1月20日").replace("2022", str(year))
    s = s.replace(CARRIED_IN_ROW, carried_in).replace("行政许可\t1260", f"行政许可\t{licensing}")
    s = s.replace(f"{year}年共收到政府信息公开申请25件", f"{year}年共收到政府信息公开申请{text_received}件")
    if not section_six:
        s = s[: s.index("六、其他需要报告的事项")] + f"青禾县人民政府办公室\n{year + 1}年1月20日\n"
    return s


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """2023 clean (its carry-over out is 1 自然人 + 1 其他); 2024 with the planted problems: its
    上年结转 is 2 自然人 + 0 其他 (total 2, as 2023's total), its text says 27 applications
    received where the table says 25, and it has no section 六; 行政许可 1260 → 1300."""
    root = tmp_path_factory.mktemp("review")
    folder = root / "reports"
    folder.mkdir()
    (folder / "qinghe-2023.txt").write_text(made_up(2023), encoding="utf-8")
    (folder / "qinghe-2024.txt").write_text(
        made_up(2024, text_received=27, licensing=1300, section_six=False), encoding="utf-8"
    )
    config = write_config(root / "config.toml", root / "data")
    result = run_cli("ingest", folder, "--config", config, "--json")
    assert result.exit_code == 0, result.stderr
    return {"config": config, "folder": folder}


def _check(store: dict[str, Any], year: int) -> dict[str, Any]:
    result = run_cli("check", ISSUER, str(year), "--config", store["config"], "--json")
    assert result.exit_code == 0, result.stderr
    return result.json[0]


def test_every_planted_problem_is_found_and_nothing_else(store: dict[str, Any]) -> None:
    card = _check(store, 2024)
    kinds = sorted((i["kind"], i["name"]) for i in card["items"])
    assert kinds == [
        ("cross_year", "cross-year: applications.carried_over_in.natural_person (2023→2024)"),
        ("cross_year", "cross-year: applications.carried_over_in.other_org (2023→2024)"),
        ("missing_section", "missing: 六、其他需要报告的事项"),
        ("text_table", "text/table: applications.received.total"),
    ]
    text = next(i for i in card["items"] if i["kind"] == "text_table")
    assert (text["stated"], text["table"]) == (27, 25)
    assert "收到政府信息公开申请27件" in text["quote"]
    assert any("一、总体情况" in w for w in text["where"])  # where the sentence stands
    assert any("本年新收政府信息公开申请数量 › 总计" in w for w in text["where"])  # and the cell
    crossed = next(i for i in card["items"] if i["name"].endswith("natural_person (2023→2024)"))
    assert (crossed["left"], crossed["right"]) == (2, 1)
    assert any("qinghe-2023.txt" in w and "结转下年度" in w for w in crossed["where"])
    assert any("qinghe-2024.txt" in w and "上年结转" in w for w in crossed["where"])


def test_the_clean_year_shows_only_the_carry_over_it_takes_part_in(store: dict[str, Any]) -> None:
    card = _check(store, 2023)
    assert sorted(i["kind"] for i in card["items"]) == ["cross_year", "cross_year"]
    assert card["counts"]["text_table"] == 0  # its text's 25, 2, 25 and 2 agree with the table


def test_cross_year_checks_are_computed_when_asked_never_stale(store: dict[str, Any]) -> None:
    config = store["config"]

    def crossed() -> dict[int, list[str]]:
        lines = run_cli("reports", "--config", config, "--json").json
        return {
            r["year"]: sorted(c["name"] for c in r["failed_checks"] if c["name"].startswith("cross-year"))
            for r in lines
        }

    before = crossed()
    assert len(before[2024]) == 2 and before[2023] == before[2024]
    # 2024 corrected (its 上年结转 now 1 + 1) and ingested again under the same name: nothing left over.
    fixed = store["folder"] / "qinghe-2024.txt"
    original = fixed.read_text(encoding="utf-8")
    try:
        fixed.write_text(
            original.replace(CARRIED_IN_ROW, "二、上年结转政府信息公开申请数量\t\t\t1\t0\t0\t0\t0\t1\t2"),
            encoding="utf-8",
        )
        assert run_cli("ingest", fixed, "--config", config, "--json").exit_code == 0
        assert crossed() == {2023: [], 2024: []}
    finally:
        fixed.write_text(original, encoding="utf-8")
        assert run_cli("ingest", fixed, "--config", config, "--json").exit_code == 0
    assert crossed() == before


def test_diff_of_the_made_up_years(store: dict[str, Any]) -> None:
    result = run_cli(
        "diff", "青禾县", "2024", "--config", store["config"], "--json"
    )  # one year: against the one before
    assert result.exit_code == 0, result.stderr
    out = result.json[0]
    assert (out["old"]["year"], out["new"]["year"]) == (2023, 2024)
    changed = {c["metric"]: c for c in out["changes"]}
    # Only what differs: 行政许可 and the planted 上年结转 cells (2 → 2 in total, so not the total).
    assert set(changed) == {"active.licensing.decisions"}  # both years print the same 上年结转 row
    c = changed["active.licensing.decisions"]
    assert (c["old"], c["new"], c["difference"], c["percent"]) == (1260, 1300, 40, 3.2)
    assert "行政许可" in c["old_cite"] and c["old_source"] == "qinghe-2023.txt"
    text = run_cli("diff", ISSUER, "2023", "2024", "--config", store["config"]).stdout
    assert "active.licensing.decisions\t1260\t1300\t+40\t+3.2%" in text
    rows = list(
        csv.DictReader(
            io.StringIO(run_cli("diff", ISSUER, "2024", "--config", store["config"], "--csv").stdout.lstrip("\ufeff"))
        )
    )
    assert [(r["metric"], r["old"], r["new"]) for r in rows] == [("active.licensing.decisions", "1260", "1300")]


def test_a_report_not_on_file_is_said_not_guessed(store: dict[str, Any]) -> None:
    result = run_cli("diff", ISSUER, "2022", "--config", store["config"], "--json")
    assert result.exit_code == 1 and "2021、2022" in result.stderr and "2023、2024" in result.stderr
    assert run_cli("check", "不存在县", "2024", "--config", store["config"]).exit_code == 1


def test_review_questions(store: dict[str, Any]) -> None:
    config = store["config"]
    ask = run_cli(
        "ask",
        "-",
        "--config",
        config,
        "--json",
        input=f"{ISSUER}2024年报有哪些问题\n{ISSUER}2024年报和2023年报相比有什么变化\n{ISSUER}2024年存在哪些问题\n"
        f"{ISSUER}2024年政务公开有哪些变化\n",
    ).json
    card, changes, problems, prose = ask
    assert prose["route"] != "changes"  # one year, no report named: what the text says changed
    assert card["route"] == "check" and "27" in card["answer"] and "六、其他需要报告的事项" in card["answer"]
    assert "qinghe" not in card["answer"]  # no file name in the sentence; the JSON has them
    assert {t["kind"] for t in card["table"]} == {"cross_year", "text_table", "missing_section"}
    assert changes["route"] == "changes" and "1260" in changes["answer"] and "1300" in changes["answer"]
    assert [r["metric"] for r in changes["table"]] == ["active.licensing.decisions"]
    assert {(f["year"], f["value"]) for f in changes["figures"]} == {(2023, 1260), (2024, 1300)}
    assert problems["route"] == "passage"  # the problems its section 五 lists, not the report card
    assert card["frame"]["operation"] == "check" and changes["frame"]["operation"] == "changes"


def test_an_answer_using_a_mismatched_carry_over_says_so(store: dict[str, Any]) -> None:
    out = run_cli("ask", f"{ISSUER}2024年上年结转的自然人申请多少件", "--config", store["config"], "--json").json[0]
    assert out["figures"][0]["metric"] == "applications.carried_over_in.natural_person"
    assert any("2023年结转下年度" in w for w in out["warnings"])


# ------------------------------------------------------------------ the diff's rules
def _cell(metric: str, year: int, value: float | None, status: str = "reported") -> dict[str, Any]:
    return {
        "issuer": "X",
        "region": None,
        "year": year,
        "metric": metric,
        "label": metric,
        "value": value,
        "unit": "件",
        "raw": "" if value is None else str(value),
        "status": status,
        "source_file": f"{year}.txt",
        "cite": metric,
        "report_id": str(year),
    }


def test_blanks_are_never_zero_and_one_template_only_is_not_compared() -> None:
    old = [
        _cell("a.x", 2020, 0),
        _cell("a.y", 2020, None, "blank"),
        _cell("a.z", 2020, 7),
        _cell("a.w", 2020, 3),
        _cell("only.2019", 2020, 5),
        _cell("a.u", 2020, 1, "unreadable"),
    ]
    new = [
        _cell("a.x", 2021, 4),
        _cell("a.y", 2021, 2),
        _cell("a.z", 2021, None, "blank"),
        _cell("a.w", 2021, 3),
        _cell("only.2021", 2021, 9),
        _cell("a.u", 2021, 8),
    ]
    d = diff(old, new)
    assert [(c.metric, c.kind) for c in d.changes] == [("a.x", CHANGED), ("a.y", APPEARED), ("a.z", VANISHED)]
    assert d.changes[0].percent is None and d.changes[0].difference == 4  # from 0: no percentage
    assert d.changes[1].difference is None  # a blank that became 2 is not "+2"
    assert (d.compared, d.only_old, d.only_new) == (5, 1, 1)


def test_largest_changes_first() -> None:
    old = [_cell("a", 1, 10), _cell("b", 1, 100), _cell("c", 1, 5)]
    new = [_cell("a", 2, 12), _cell("b", 2, 50), _cell("c", 2, 25)]
    assert [c.metric for c in diff(old, new).changes] == ["b", "c", "a"]


# ------------------------------------------------------------------ text against table
def _said(text: str, cells: dict[str, float], year: int = 2024) -> list[tuple[str, float, float]]:
    chunk = Chunk(0, "一、总体情况", None, text, 0, len(text))
    figs = [_cell(m, year, v) for m, v in cells.items()]
    return [(d.metric, d.stated, d.table) for d in disagreements([chunk], figs, year)]


def test_only_exact_measures_are_compared() -> None:
    cells = {
        "applications.received.total": 25,
        "applications.carried_over_in.total": 2,
        "applications.received.natural_person": 20,
        "review.total": 5,
        "litigation_direct.total": 2,
        "litigation_after_review.total": 1,
    }
    assert _said("全年共收到政府信息公开申请25件。", cells) == []
    assert _said("全年共收到政府信息公开申请26件。", cells) == [("applications.received.total", 26, 25)]
    # 受理 = 新收 + 上年结转: compared with that sum; or, as reports also write it (淮安 2024: 全市共
    # 受理…3119件, its 本年新收), this year's received alone: a number equal to either agrees.
    assert _said("全年共受理政府信息公开申请27件。", cells) == []
    assert _said("全年共受理政府信息公开申请25件。", cells) == []
    assert _said("全年共受理政府信息公开申请30件。", cells) == [("applications.received.total", 30, 27)]
    assert _said("其中自然人申请19件。", {**cells}) == []  # no 公开 in the sentence: not the table's applications
    assert _said("收到政府信息公开申请25件，其中自然人申请19件。", cells) == [
        ("applications.received.natural_person", 19, 20)
    ]
    assert _said("发生行政复议案件6件，行政诉讼案件3件。", cells) == [("review.total", 6, 5)]  # 诉讼 = 2 + 1
    # Another year, a change, an approximate or cumulative number, a hotline: never compared.
    assert _said("2023年收到政府信息公开申请30件。", cells) == []
    assert _said("政府信息公开申请较上年增加10件。", cells) == []
    assert _said("收到政府信息公开申请30余件。", cells) == []
    assert _said("累计收到政府信息公开申请300件。", cells) == []
    assert _said("政务公开热线受理咨询公开事项40件。", cells) == []


def test_the_fee_amount_is_compared_in_the_tables_unit() -> None:
    cells = {"active.fees.amount_wan_yuan": 56.3}
    assert _said("全年收取行政事业性收费563000元。", cells) == []  # = 56.3 万元
    assert _said("本年度收取行政事业性收费60万元。", cells) == [("active.fees.amount_wan_yuan", 60, 56.3)]
    assert _said("本年度未收取信息处理费，共收取费用0元。", cells) == []  # not the template's 行政事业性收费


# ------------------------------------------------------------------ the shared corpus: 洪泽区 2023 → 2024
@pytest.fixture(scope="module")
def hongze(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdfs = [CORPUS / "pdf" / f"hongze-{y}.pdf" for y in (2023, 2024)]
    if not all(p.is_file() for p in pdfs):
        pytest.skip(f"the shared corpus's PDFs are not beside the repository ({CORPUS / 'pdf'})")
    root = tmp_path_factory.mktemp("hongze")
    config = write_config(root / "config.toml", root / "data")
    assert run_cli("ingest", *pdfs, "--config", config, "--json").exit_code == 0
    return config


@pytest.mark.slow
def test_hongze_diff_lists_every_changed_figure_of_the_truth(hongze: Path) -> None:
    out = run_cli("diff", "洪泽", "2023", "2024", "--config", hongze, "--json").json[0]
    assert out["issuer"] == "淮安市洪泽区人民政府" and out["only_old_template"] == out["only_new_template"] == 0
    changes = {c["metric"]: c for c in out["changes"]}
    truth = {y: json.loads((TRUTH / f"hongze-{y}.json").read_text(encoding="utf-8"))["figures"] for y in (2023, 2024)}
    for metric, old in truth[2023].items():
        new = truth[2024][metric]
        if old == new:
            assert metric not in changes, metric
        else:
            c = changes[metric]
            assert (c["old"], c["new"], c["difference"]) == (old, new, new - old), metric
            assert c["old_source"] == "hongze-2023.pdf" and c["new_source"] == "hongze-2024.pdf"
            assert c["old_page"] and c["new_page"]
    # A few by hand: 新收 21 → 95; 行政复议 结果维持 10 → 1; 本机关不掌握 10 → 31.
    assert changes["applications.received.total"]["percent"] == 352.4
    assert (changes["review.upheld"]["old"], changes["review.upheld"]["new"]) == (10, 1)
    assert changes["applications.unavailable.not_held.total"]["difference"] == 21
    sizes = [abs(c["difference"]) for c in out["changes"] if c["change"] == "changed"]
    assert sizes == sorted(sizes, reverse=True)


def test_hongze_question_and_card(hongze: Path) -> None:
    out = run_cli("ask", "what changed in 洪泽's report from 2023 to 2024", "--config", hongze, "--json").json[0]
    assert out["route"] == "changes" and "9487" in out["answer"].replace(",", "")
    assert len(out["table"]) == len(run_cli("diff", "洪泽", "2024", "--config", hongze, "--json").json[0]["changes"])
    card = run_cli("check", "洪泽", "2023", "--config", hongze, "--json").json[0]
    # The 2023 report prints 行政复议 总计 0 beside 10 + 1, and 复议后起诉 总计 0 beside 5 (tests/truth/README.md).
    assert {i["name"] for i in card["items"] if i["kind"] == "template_check"} == {
        "review.total",
        "litigation_after_review.total",
    }
    assert card["counts"]["cross_year"] == 0  # 2023's 结转下年度 0 = 2024's 上年结转 0


def test_how_much_a_figure_grew_is_its_difference_and_its_rate(hongze: Path) -> None:
    """同比增长多少: 多 74 件 and 增长 352.4%, each with its formula over the two cited cells (before:
    the difference only); 多收了多少 asks the difference alone."""
    grew = run_cli("ask", "洪泽区2024年收到申请同比增长多少", "--config", hongze, "--json").json[0]
    assert grew["route"] == "derived" and grew["formula"] == "95 − 21 = 74"
    assert (
        "按增长率计，淮安市洪泽区人民政府 2024年报比淮安市洪泽区人民政府 2023年报增长 352.4%（(95 − 21) / 21 = 352.4%）"
        in grew["answer"]
    )
    more = run_cli("ask", "洪泽区2024年比2023年多收了多少申请", "--config", hongze, "--json").json[0]
    assert more["formula"] == "95 − 21 = 74" and "增长率" not in more["answer"]
    # Asked over a span of years, the trend ends with the change (before: the years' figures only).
    span = run_cli("ask", "洪泽区2023年到2024年收到申请增长了多少", "--config", hongze, "--json").json[0]
    assert span["route"] == "trend" and span["formula"] == "95 − 21 = 74"
    assert span["answer"].endswith("2023年至2024年增加 74 件（95 − 21 = 74），增长 352.4%（(95 − 21) / 21 = 352.4%）。")
    english = run_cli("ask", "How much did Hongze's applications grow from 2023 to 2024?", "--config", hongze, "--json")
    assert "From 2023 to 2024: up 74 (95 − 21 = 74), up 352.4%" in english.json[0]["answer"]


def test_a_review_follow_up_keeps_the_review(store: dict[str, Any]) -> None:
    from bot.service import Service

    with Service.open(store["config"]) as service:
        conversation = service.conversation("test", "review")
        first = conversation.ask(f"{ISSUER}2024年报有哪些问题")
        second = conversation.ask("那2023年呢")
    assert (first.route, second.route) == ("check", "check")
    assert "2023年报" in second.answer and "缺少" not in second.answer


def test_sections_are_missing_only_when_their_heading_is_not_there(tmp_path: Path) -> None:
    """同仁县 2019 has no section 六; 海东市 2019 prints it with nothing but 无 (no passage): present."""
    files = [CORPUS / "000_6defafc39a58492d.txt", CORPUS / "001_925aec2065b71465.txt"]
    if not all(f.is_file() for f in files):
        pytest.skip(f"the shared corpus is not beside the repository ({CORPUS})")
    config = write_config(tmp_path / "config.toml", tmp_path / "data")
    assert run_cli("ingest", *files, "--config", config, "--json").exit_code == 0
    missing = {}
    for place in ("同仁县", "海东市"):
        card = run_cli("check", place, "2019", "--config", config, "--json").json[0]
        missing[place] = [i["name"] for i in card["items"] if i["kind"] == "missing_section"]
    assert missing == {"同仁县": ["missing: 六、其他需要报告的事项"], "海东市": []}


def test_review_functions_stay_short() -> None:
    """bot/review's functions stay under 60 lines, as the question seam's do (tests/test_frame.py)."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "bot" / "review"
    long = [
        f"{p.name}:{n.name}"
        for p in folder.glob("*.py")
        for n in ast.walk(ast.parse(p.read_text("utf-8")))
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.end_lineno - n.lineno + 1 > 60
    ]  # type: ignore[operator]
    assert not long
