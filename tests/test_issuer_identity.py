"""Every report under its one right name, once (issue 16): made-up reports for each way a real
report names its issuer and year, the same report from two files, Markdown and empty tables.

The made-up reports reuse the body of corpus 004 (合阳县 2020, printed on the 2019 table) under
other names, with the title, crawler headers and signature each case needs.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from answers_helpers import ask, ask_one
from made_up_report import article_html
from test_docx import made_up_docx

HEYANG = "004_c70ef5546fcf38db.txt"


def body_of(corpus: Path, place: str, short: str | None = None) -> str:
    """Corpus 004's body with 合阳县 (and 合阳) renamed: a report of another place."""
    text = (corpus / HEYANG).read_text(encoding="utf-8")
    return text.replace("合阳县", place).replace("合阳", short or place)


def write(folder: Path, name: str, *parts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def reports(nianbao: Any) -> list[dict[str, Any]]:
    result = nianbao("reports", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json


def ingested(nianbao: Any, *paths: Path) -> list[dict[str, Any]]:
    result = nianbao("ingest", *paths, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json


# ------------------------------------------------------------------ who issued it
@pytest.mark.slow
def test_a_government_report_published_by_its_office_is_the_governments(
    nianbao: Any, config: Path, corpus: Path, tmp_path: Path
) -> None:
    pingtan = write(
        tmp_path / "in",
        "pingtan-2024.txt",
        "标题: 平潭综合实验区2024年度政府信息公开工作年度报告",
        "发布机构: 平潭综合实验区管委会办公室",
        "发布时间: 2025-01-20",
        "平潭综合实验区2024年度政府信息公开工作年度报告",
        body_of(corpus, "平潭综合实验区", "平潭"),
    )
    [line] = ingested(nianbao, pingtan)
    assert line["issuer"] == "平潭综合实验区管理委员会" and line["kind"] == "government"
    assert line["found"]["issuer"].startswith("title and publisher")
    answer = ask_one(config, "平潭2024年收到多少政府信息公开申请")
    assert answer["route"] == "figure" and answer["figures"][0]["value"] == 5


@pytest.mark.slow
def test_corpus_003_is_the_county_governments_and_002_the_offices_own(
    ingested_corpus_reports: list[dict[str, Any]],
) -> None:
    by_file = {r["source_file"]: r for r in ingested_corpus_reports}
    gangcha = by_file["003_b4c68211845cc32f.txt"]
    assert (gangcha["issuer"], gangcha["kind"], gangcha["code"]) == ("刚察县人民政府", "government", "632224000000")
    assert "government's office" in gangcha["found"]["issuer"]
    langao = by_file["002_985278575a97d564.txt"]
    assert (langao["issuer"], langao["kind"]) == ("岚皋县人民政府办公室", "department")
    shuyang = by_file["shuyang-fgj-2023.html"]
    assert (shuyang["issuer"], shuyang["kind"], shuyang["code"]) == ("沭阳县发展和改革局", "department", "321322000000")


@pytest.fixture
def ingested_corpus_reports(nianbao: Any, corpus: Path) -> list[dict[str, Any]]:
    ingested(nianbao, corpus)
    return reports(nianbao)


def test_an_ocr_misprint_of_a_county_is_corrected_when_one_county_fits(
    nianbao: Any, config: Path, corpus: Path, tmp_path: Path
) -> None:
    # OCR reads 沭 as 沐; 沐阳县 is no county, and the report names 沭阳县 elsewhere.
    report = write(
        tmp_path / "in",
        "shuyang-2025.md",
        "# 沐阳县人民政府 2025 年 政府信息公开工作年度报告",
        "",
        body_of(corpus, "沭阳县", "沭阳").replace("2020", "2025"),
    )
    [line] = ingested(nianbao, report)
    assert line["issuer"] == "沭阳县人民政府"
    assert any("沐阳县" in w and "沭阳县" in w for w in line["warnings"])  # the correction, and what was printed
    answer = ask_one(config, "沭阳县2025年收到多少申请")
    assert answer["figures"][0]["issuer"] == "沭阳县人民政府" and answer["figures"][0]["value"] == 5


def test_a_misprint_two_counties_fit_is_kept_as_printed(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    # Nothing else in the report says which X阳县 it is: never a guess between two places.
    report = write(
        tmp_path / "in",
        "unknown.md",
        "# 沐阳县人民政府 2025 年 政府信息公开工作年度报告",
        "",
        body_of(corpus, "本县", "本县").replace("2020", "2025"),
    )
    [line] = ingested(nianbao, report)
    assert line["issuer"] == "沐阳县人民政府"
    assert any("kept as printed" in w for w in line["warnings"])


def test_page_chrome_above_the_title_is_no_issuer(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path / "in",
        "town.txt",
        "【字体：大 中 小】打印",
        "2023年政府信息公开工作年度报告",
        body_of(corpus, "马厂镇", "马厂镇").replace("2020", "2023"),
        "",
        "沭阳县马厂镇人民政府",
        "2024年1月10日",
    )
    [line] = ingested(nianbao, page)
    assert line["issuer"] == "沭阳县马厂镇人民政府" and line["kind"] == "government"
    assert line["found"]["issuer"] == "signature"


def test_a_cited_regulation_names_no_issuer(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    body = body_of(corpus, "我区", "我区").replace("2020", "2023")
    cited = "根据《武汉市政府信息公开暂行规定》和《武汉市政务公开工作要点》，江岸区扎实推进政务公开。"
    page = write(tmp_path / "in", "district.txt", "2023年政府信息公开工作年度报告", cited * 3, body)
    [line] = ingested(nianbao, page)
    assert line["issuer"] == "江岸区人民政府"


# ------------------------------------------------------------------ which year, which template
@pytest.mark.slow
def test_the_year_of_the_statistics_period(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    body = body_of(corpus, "示例县").replace(
        "一、总体情况", "一、总体情况\n本报告中所列数据的统计期限为2024年1月1日至2024年12月31日。", 1
    )
    page = write(tmp_path / "in", "period.txt", "示例县人民政府政府信息公开工作年度报告", body)
    [line] = ingested(nianbao, page)
    assert (line["year"], line["found"]["year"]) == (2024, "statistics period")


@pytest.mark.slow
def test_the_year_before_publication_when_nothing_else_says(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    body = body_of(corpus, "示例县").replace("2020年", "本年").replace("2020", "本年")
    page = write(
        tmp_path / "in", "undated.txt", "标题: 示例县人民政府政府信息公开工作年度报告", "发布时间: 2023-01-31", body
    )
    [line] = ingested(nianbao, page)
    assert (line["year"], line["found"]["year"]) == (2022, "publication date")
    assert any("publication date" in w for w in line["warnings"])


@pytest.mark.slow
def test_the_template_comes_from_the_table_not_the_year(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    # A 2022 report printed on the 2019 table (本年新制作数量, 上一年项目数量 …).
    page = write(tmp_path / "in", "late.txt", "示例县人民政府2022年政府信息公开工作年度报告", body_of(corpus, "示例县"))
    [line] = ingested(nianbao, page)
    assert (line["year"], line["template"], line["found"]["template"]) == (2022, "2019", "table headers")


# ------------------------------------------------------------------ one report, many files
@pytest.mark.slow
def test_a_second_copy_of_a_report_adds_a_source_not_a_report(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "in" / "hongze-2024-copy.pdf"
    copy.parent.mkdir()
    shutil.copy(corpus / "pdf" / "hongze-2024.pdf", copy)
    ingested(nianbao, corpus / "pdf" / "hongze-2024.pdf")
    [line] = ingested(nianbao, copy)
    assert line["action"] == "source added"
    [report] = reports(nianbao)
    assert report["sources"] == ["hongze-2024.pdf", "hongze-2024-copy.pdf"]
    [again] = ingested(nianbao, copy)
    assert again["action"] == "unchanged"


@pytest.mark.slow
def test_the_same_report_as_html_and_word_with_one_figure_differing(nianbao: Any, config: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _qinghe_page(folder)
    docx = made_up_docx()
    (folder / "qinghe.docx").write_bytes(docx)
    ingested(nianbao, folder / "qinghe.html")
    assert ingested(nianbao, folder / "qinghe.docx")[0]["action"] == "source added"
    [report] = reports(nianbao)
    assert report["sources"] == ["qinghe.html", "qinghe.docx"] and report["failed_checks"] == []

    # A corrected Word file (one figure differs): flagged with both values, never replacing the first.
    (folder / "qinghe-v2.docx").write_bytes(_with_received(docx, "15", "16"))
    assert ingested(nianbao, folder / "qinghe-v2.docx")[0]["action"] == "source added"
    [report] = reports(nianbao)
    [flag] = [c for c in report["failed_checks"] if c["name"].startswith("sources disagree")]
    assert "15 in qinghe.html" in flag["description"] and "16 in qinghe-v2.docx" in flag["description"]
    listing = nianbao("reports").stdout
    assert "qinghe.html, qinghe.docx, qinghe-v2.docx" in listing and "sources disagree" in listing
    answer = ask_one(config, "青禾县2022年收到多少申请")
    assert answer["figures"][0]["value"] == 15 and any("16" in w for w in answer["warnings"])
    ranking = ask_one(config, "哪个地方收到的申请最多")
    assert sum("青禾县" in (r.get("issuer") or "") for r in ranking.get("table") or ranking["figures"]) == 1


def _qinghe_page(folder: Path) -> None:
    """青禾县's 2022 report as a web page (the made-up report) in `folder`."""
    (folder / "qinghe.html").write_text(
        f"<html><head><title>青禾县人民政府2022年政府信息公开工作年度报告</title></head><body>"
        f"<h1>青禾县人民政府2022年政府信息公开工作年度报告</h1>{article_html()}</body></html>",
        encoding="utf-8",
    )


def _with_received(docx: bytes, old: str, new: str) -> bytes:
    """The .docx with the 总计 of 本年新收 changed (the only cell printing `old` in that row)."""
    import io

    import docx as python_docx

    document = python_docx.Document(io.BytesIO(docx))
    for table in document.tables:
        for row in table.rows:
            if "本年新收" in row.cells[0].text and row.cells[-1].text == old:
                row.cells[-1].text = new
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ Markdown and empty tables
def test_a_markdown_report_beside_a_readme(nianbao: Any, corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder, "README.md", "# 说明", "", "本文件夹存放各县政府信息公开工作年度报告的转换稿。")
    table = "\n".join(
        "| " + line.replace("|", " | ") + " |" if "|" in line else line
        for line in body_of(corpus, "示例县").split("\n")
    )
    write(folder, "report.md", "# 示例县人民政府2020年政府信息公开工作年度报告", "", table)
    result = nianbao("ingest", folder)
    assert result.exit_code == 0, result.stderr
    assert "README.md: skipped" in result.stderr
    [report] = reports(nianbao)
    assert (report["issuer"], report["year"], report["figures"]) == ("示例县人民政府", 2020, 198)


def test_a_table_printed_with_every_cell_empty_is_blank_cells(
    nianbao: Any, config: Path, corpus: Path, tmp_path: Path
) -> None:
    import re

    lines, section = [], 0
    for line in body_of(corpus, "示例县").split("\n"):
        section = (
            3
            if line.startswith("三、收到")
            else 4
            if line.startswith("四、政府")
            else 5
            if line.startswith("五、")
            else section
        )
        if section in (3, 4) and "|" in line:  # labels only: the figures and the column rules gone
            line = " ".join(c.strip() for c in line.split("|") if c.strip() and not re.fullmatch(r"\d+", c.strip()))
        lines.append(line)
    page = write(tmp_path / "in", "empty.txt", "示例县人民政府2020年政府信息公开工作年度报告", *lines)
    [line] = ingested(nianbao, page)
    assert any("every cell empty" in w for w in line["warnings"])
    cells = {f["metric"]: f for f in nianbao("figures", "--json").json}
    assert cells["applications.received.total"]["status"] == "blank"
    assert cells["review.total"]["status"] == "blank"
    answer = ask_one(config, "示例县2020年行政复议总数")
    assert answer["figures"][0]["status"] == "blank" and "空" in answer["answer"]


# ------------------------------------------------------------------ renames reach every index
@pytest.mark.slow
def test_a_rename_reaches_the_lexical_index_and_the_vectors(tmp_path: Path, corpus: Path) -> None:
    from index import lexical
    from index.load import ingest_files
    from index.store import Store

    store = Store(tmp_path / "d", embedder="fake")
    [outcome] = ingest_files(store, [corpus / HEYANG])
    rid = outcome.report.report_id
    assert store.rename_issuer("合阳县人民政府", "陕西省渭南市合阳县人民政府") == [rid]
    assert store.reports()[0]["issuer"] == "陕西省渭南市合阳县人民政府"
    assert store.db.execute("SELECT COUNT(*) FROM vector_journal").fetchone()[0] == 0
    metadata = store.vectors._collection.get(where={"report_id": rid}, include=["metadatas"])["metadatas"]
    assert metadata and all(m["issuer"] == "陕西省渭南市合阳县人民政府" for m in metadata)
    assert [h.report_id for h in lexical.search(store.db, "渭南市", 5)][:1] == [rid]


@pytest.mark.slow
def test_a_county_the_register_does_not_know_is_still_a_place(
    nianbao: Any, config: Path, corpus: Path, tmp_path: Path
) -> None:
    # A new or renamed county is missing from the register: its report's region comes from its name.
    for n in (11, 12):
        write(
            tmp_path / "in",
            f"s{n}.txt",
            f"样例{n}县人民政府2020年政府信息公开工作年度报告",
            body_of(corpus, f"样例{n}县", f"样例{n}"),
        )
    ingested(nianbao, tmp_path / "in", corpus / "003_b4c68211845cc32f.txt")
    regions = {r["issuer"]: (r["region"], r["found"]["region"]) for r in reports(nianbao)}
    assert regions["样例12县人民政府"] == ("样例12县", "issuer name (not in the register)")
    one = ask_one(config, "样例12县2020年收到多少申请")
    assert one["route"] == "figure" and {f["issuer"] for f in one["figures"]} == {"样例12县人民政府"}
    assert ask_one(config, "样例12 2020年收到多少申请")["figures"][0]["issuer"] == "样例12县人民政府"
    ranked = ask_one(config, "哪个县收到的申请最多")
    assert ranked["route"] == "rank" and {r["issuer"] for r in ranked["table"]} >= {
        "样例11县人民政府",
        "样例12县人民政府",
    }


@pytest.mark.slow
def test_a_misprint_kept_as_printed_is_corrected_by_hand_and_merges(
    nianbao: Any, config: Path, corpus: Path, tmp_path: Path
) -> None:
    body = body_of(corpus, "本县", "本县").replace("2020", "2025")
    ocr = write(tmp_path / "in", "ocr.md", "# 沐阳县人民政府 2025 年 政府信息公开工作年度报告", "", body)
    typed = write(tmp_path / "in2", "typed.txt", "沭阳县人民政府2025年政府信息公开工作年度报告", body)
    [kept] = ingested(nianbao, ocr)
    assert any("nianbao rename-issuer 沐阳县人民政府" in w for w in kept["warnings"])  # says how to correct it
    ingested(nianbao, typed)
    assert len(reports(nianbao)) == 2  # two names, so two reports, until corrected

    result = nianbao("rename-issuer", "沐阳县人民政府", "沭阳县人民政府")
    assert result.exit_code == 0, result.stderr
    [report] = reports(nianbao)
    assert (report["issuer"], report["region"], report["code"]) == ("沭阳县人民政府", "沭阳县", "321322000000")
    assert sorted(report["sources"]) == ["ocr.md", "typed.txt"]
    [issuer] = nianbao("issuers", "--json").json
    assert (issuer["issuer"], issuer["years"], issuer["kind"]) == ("沭阳县人民政府", [2025], "government")
    assert ask_one(config, "沭阳县2025年收到多少申请")["figures"][0]["value"] == 5
    assert nianbao("rename-issuer", "沐阳县人民政府", "沭阳县人民政府").exit_code == 2  # nothing left to rename


@pytest.mark.slow
def test_a_township_below_the_registers_level_is_found_by_its_name(
    nianbao: Any, config: Path, corpus: Path, tmp_path: Path
) -> None:
    write(
        tmp_path / "in",
        "town.txt",
        "沭阳县马厂镇人民政府2020年政府信息公开工作年度报告",
        body_of(corpus, "马厂镇", "马厂镇"),
    )
    ingested(nianbao, tmp_path / "in", corpus / HEYANG)
    for question in ("马厂镇2020年收到多少申请", "沭阳县马厂镇2020年收到多少申请", "马厂2020年收到多少申请"):
        answer = ask_one(config, question)
        assert answer["route"] == "figure", question
        assert {f["issuer"] for f in answer["figures"]} == {"沭阳县马厂镇人民政府"}, question


@pytest.mark.slow
def test_the_site_a_page_title_names_publishes_a_report_that_names_no_one(
    nianbao: Any, corpus: Path, tmp_path: Path
) -> None:
    body = "".join(f"<p>{line}</p>" for line in body_of(corpus, "本县", "本县").replace("2020", "2023").split("\n"))
    page = write(
        tmp_path / "in",
        "page.html",
        "<html><head><meta charset='utf-8'><title>2023年度政府信息公开工作年度报告_泗洪县人民政府</title>"
        f"</head><body><h1>2023年度政府信息公开工作年度报告</h1>{body}</body></html>",
    )
    [line] = ingested(nianbao, page)
    assert (line["issuer"], line["year"], line["found"]["issuer"]) == ("泗洪县人民政府", 2023, "publisher")


@pytest.mark.slow
def test_a_second_source_leaving_a_cell_blank_is_named_beside_the_answer(
    nianbao: Any, config: Path, tmp_path: Path
) -> None:
    """Two files of one report, the second leaving 本年新收 blank: the check between them has no
    number on one side; an answer using the cell names both readings (it raised TypeError)."""
    folder = tmp_path / "in"
    folder.mkdir()
    _qinghe_page(folder)
    (folder / "qinghe-blank.docx").write_bytes(_with_received(made_up_docx(), "15", ""))
    ingested(nianbao, folder / "qinghe.html")
    assert ingested(nianbao, folder / "qinghe-blank.docx")[0]["action"] == "source added"
    [flag] = [c for c in reports(nianbao)[0]["failed_checks"] if c["name"].startswith("sources disagree")]
    assert flag["right"] is None and "15 in qinghe.html" in flag["description"]
    zh, en = ask(config, "青禾县2022年收到多少申请", "How many applications did 青禾县 receive in 2022?")
    assert zh["figures"][0]["value"] == en["figures"][0]["value"] == 15
    assert any("两个来源文件读数不一致" in w and "qinghe-blank.docx" in w for w in zh["warnings"])
    assert any("source files read differently" in w for w in en["warnings"])
    assert "sources disagree" in nianbao("reports").stdout
