"""The staff page's reports tab costs a page, not the store (issue 21): /api/reports and
/api/coverage answer a page at a time with the whole count in `X-Total-Count`, and the grid's
marks (/api/problems) are asked for the reports shown. Each page is exactly the slice of what
the whole list gives (`Service.reports()`, the coverage of every issuer, every report's card),
and none of them reads every report's row.

The store: the corpus's real reports, synthetic counties (bench/synthetic.py: 样例N县人民政府,
six years each), one of their reports without a year, and tests/test_review.py's made-up 青禾县
2023 and 2024, whose carry-over disagrees (a cross-year check, which needs the issuer's other year).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.synthetic import add_synthetic
from bot.service import Service
from bot.web import create_app
from index.store import Store
from tests.conftest import IngestedCorpus, run_cli, write_config
from tests.test_review import ISSUER as QINGHE
from tests.test_review import made_up
from tests.test_web import AS_STAFF, client_for, make_config

SYNTHETIC = 60  # 样例0县 … 样例9县, six years each (2019-2024)
UNDATED = "syn000007"  # 样例1县's 2020, its year taken away


@pytest.fixture(scope="module")
def data(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = ingested.copy(tmp_path_factory, "report-pages")
    store = Store(data, embedder="fake")
    add_synthetic(store, SYNTHETIC)
    with store.db.conn:  # a report whose year is not known: listed apart from the grid
        store.db.execute("UPDATE reports SET year = NULL WHERE id = ?", [UNDATED])
    store.close()
    folder = data.parent / "qinghe"
    folder.mkdir()
    (folder / "qinghe-2023.txt").write_text(made_up(2023), encoding="utf-8")
    (folder / "qinghe-2024.txt").write_text(made_up(2024, licensing=1300, section_six=False), encoding="utf-8")
    config = write_config(data.parent / "config.toml", data)
    assert run_cli("ingest", folder, "--config", config, "--json").exit_code == 0
    return data


@pytest.fixture()
def service(data: Path) -> Iterator[Service]:
    with Service.open(make_config(data)) as s:
        yield s


@pytest.fixture(scope="module")
def every(data: Path) -> dict[str, Any]:
    """What the whole list gives: every report's line and every report's card counts."""
    with Service.open(make_config(data)) as s:
        reports = s.reports()
        return {"reports": reports, "problems": s.problems([r["report_id"] for r in reports])}


@pytest.fixture
async def client(data: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(create_app(Service.open(make_config(data)))) as c:
        yield c


def _never_read_every_report(service: Service) -> None:
    assert service._catalog is None or service._catalog._reports is None


def coverage_of(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The coverage grid as it was made from every report's line (the reference)."""
    years = sorted({r["year"] for r in reports if r["year"]})
    span = list(range(years[0], years[-1] + 1))
    issuers: dict[str | None, dict[str, Any]] = {}
    for r in sorted(reports, key=lambda r: (r["issuer"] or "", r["year"] or 0)):
        if r["year"]:
            entry = issuers.setdefault(r["issuer"], {"issuer": r["issuer"], "region": r["region"], "reports": []})
            keep = ("year", "report_id", "source_file", "template")
            entry["reports"].append({k: r[k] for k in keep} | {"failed_checks": len(r["failed_checks"])})
    for entry in issuers.values():
        entry["on_file"] = entry["reports"]
        entry["missing"] = [y for y in span if y not in {x["year"] for x in entry["reports"]}]
    undated = [
        {"issuer": r["issuer"], "report_id": r["report_id"], "source_file": r["source_file"]}
        for r in reports
        if not r["year"]
    ]
    return {"years": span, "issuers": list(issuers.values()), "undated": undated}


@pytest.mark.parametrize("limit, offset", [(25, 0), (25, 25), (7, 60), (200, 0), (10, 1000)])
def test_a_page_of_reports_is_the_slice_of_every_report(
    service: Service, every: dict[str, Any], limit: int, offset: int
) -> None:
    total, page = service.reports_page(limit, offset)
    assert total == len(every["reports"]) > SYNTHETIC
    assert page == every["reports"][offset : offset + limit]
    _never_read_every_report(service)


def test_the_pages_of_reports_are_every_report_once_with_its_cross_year_checks(
    service: Service, every: dict[str, Any]
) -> None:
    pages = [service.reports_page(9, offset)[1] for offset in range(0, len(every["reports"]), 9)]
    assert [line for page in pages for line in page] == every["reports"]
    # 青禾县's 2024 carries over what its 2023 did not leave: each year's line shows the check,
    # also on a page without the other year
    at = next(i for i, r in enumerate(every["reports"]) if r["issuer"] == QINGHE)
    [earlier] = service.reports_page(1, at)[1]
    later = service.reports_page(5, at + 1)[1][0]
    assert (earlier["issuer"], earlier["year"], later["issuer"], later["year"]) == (QINGHE, 2023, QINGHE, 2024)
    for line in (earlier, later):
        assert any(c["name"].startswith("cross-year: ") for c in line["failed_checks"]), line["year"]
    _never_read_every_report(service)


def test_coverage_pages_cover_every_issuer_once(service: Service, every: dict[str, Any]) -> None:
    whole = coverage_of(every["reports"])
    total, first = service.coverage_page(4)
    assert total == len(whole["issuers"]) > 10
    issuers = []
    for offset in range(0, total, 4):
        _, page = service.coverage_page(4, offset)
        assert page["years"] == whole["years"] == list(range(2019, 2025))  # the span of every report, on each page
        assert (page["undated"], page["undated_total"]) == (whole["undated"], 1)
        issuers += page["issuers"]
    assert issuers == whole["issuers"]  # each issuer once, in name order, its entry as the whole grid has it
    assert [u["report_id"] for u in whole["undated"]] == [UNDATED]
    _never_read_every_report(service)
    assert service.coverage() == whole | {"undated_total": 1}


def test_problems_of_the_reports_shown(service: Service, every: dict[str, Any]) -> None:
    _, page = service.coverage_page(3, 2)
    shown = [r["report_id"] for i in page["issuers"] for r in i["reports"]]
    asked = service.problems(shown + ["nosuchreport"])  # one not on file: left out
    assert asked == {rid: every["problems"][rid] for rid in shown}
    assert service.problems(shown[:2]) == {rid: every["problems"][rid] for rid in shown[:2]}  # kept, the same
    _never_read_every_report(service)
    assert set(every["problems"]) == {r["report_id"] for r in every["reports"]}


async def test_the_api_pages_with_the_count(client: httpx.AsyncClient, every: dict[str, Any]) -> None:
    response = await client.get("/api/reports", params={"limit": 20, "offset": 40}, headers=AS_STAFF)
    assert int(response.headers["X-Total-Count"]) == len(every["reports"])
    assert response.json() == [{k: v for k, v in r.items() if k != "path"} for r in every["reports"][40:60]]
    whole = coverage_of(every["reports"])
    response = await client.get("/api/coverage", params={"limit": 5, "offset": 5}, headers=AS_STAFF)
    assert int(response.headers["X-Total-Count"]) == len(whole["issuers"])
    assert response.json()["issuers"] == whole["issuers"][5:10]
    default = await client.get("/api/coverage", headers=AS_STAFF)  # 200 issuers a page unless asked
    assert default.json()["issuers"] == whole["issuers"]
    for path, limit in (("/api/reports", 1001), ("/api/coverage", 501), ("/api/coverage", 0)):
        assert (await client.get(path, params={"limit": limit}, headers=AS_STAFF)).status_code == 422


async def test_the_grid_asks_for_the_problems_of_its_reports(client: httpx.AsyncClient, every: dict[str, Any]) -> None:
    ids = [r["report_id"] for r in every["reports"][:30]]
    response = await client.get("/api/problems", params={"ids": ",".join(ids)}, headers=AS_STAFF)
    assert response.json() == {rid: every["problems"][rid] for rid in ids}
    refused = await client.get("/api/problems", headers=AS_STAFF)  # never every report's card at once
    assert refused.status_code == 422 and "ids=" in refused.json()["detail"]
    many = ",".join(f"r{i}" for i in range(501))
    assert (await client.get("/api/problems", params={"ids": many}, headers=AS_STAFF)).status_code == 422


def test_every_report_a_page_at_a_time_is_the_whole_list(service: Service) -> None:
    """`nianbao reports` and `nianbao issuers` read the reports a page at a time: the same lines."""
    assert list(service.iter_reports(page=3)) == service.reports()
