"""The figures browser's API (bot/web_figures.py): cells filtered by issuer in any spelling, a range of
years, a metric by key or by words of its label and a status; sorted; paged with the whole count;
and the CSV of exactly the page shown."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.service import Service
from bot.web import create_app
from tests.conftest import IngestedCorpus
from tests.test_web import AS_STAFF, client_for, make_config


@pytest.fixture(scope="module")
def service(ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory) -> Service:
    return Service.open(make_config(ingested.copy(tmp_path_factory, "figures-store")))


@pytest.fixture(scope="module")
def app(service: Service) -> Any:
    return create_app(service)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


async def cells(client: httpx.AsyncClient, **params: Any) -> tuple[list[dict[str, Any]], int]:
    response = await client.get("/api/figures", params=params, headers=AS_STAFF)
    assert response.status_code == 200, response.text
    return response.json(), int(response.headers["X-Total-Count"])


async def test_a_range_of_years_a_status_and_words_of_a_label(client: httpx.AsyncClient) -> None:
    every, total = await cells(client, limit=10_000)
    assert len(every) == total
    ranged, n = await cells(client, year_from=2020, year_to=2021, limit=10_000)
    assert n == sum(1 for c in every if 2020 <= c["year"] <= 2021) and {c["year"] for c in ranged} == {2020, 2021}
    blank, n = await cells(client, status="blank", limit=10_000)
    assert n == sum(1 for c in every if c["status"] == "blank") and {c["status"] for c in blank} == {"blank"}
    both, n = await cells(client, status="blank,unreadable", limit=10_000)
    assert n == sum(1 for c in every if c["status"] in ("blank", "unreadable"))
    worded, n = await cells(client, issuer="Heyang", metric="本年新收", limit=10_000)
    assert n and all("本年新收" in c["label"] and c["issuer"] == "合阳县人民政府" for c in worded)
    assert {c["metric"] for c in worded} >= {"applications.received.total"}
    anywhere, n = await cells(client, metric="本年新收", year_from=2020, limit=10_000)  # counted by the tally
    assert n == len(anywhere) == sum(1 for c in every if "本年新收" in c["label"] and c["year"] >= 2020) > 0
    for bad in ({"status": "empty"}, {"sort": "colour"}):
        assert (await client.get("/api/figures", params=bad, headers=AS_STAFF)).status_code == 422


async def test_sorted_and_paged_with_the_total(client: httpx.AsyncClient) -> None:
    params = {"metric": "applications.received.total", "status": "reported", "sort": "-value"}
    page1, total = await cells(client, **params, limit=2)
    page2, _ = await cells(client, **params, limit=2, offset=2)
    values = [c["value"] for c in page1 + page2]
    assert total >= 3 and values == sorted(values, reverse=True) and len(page1) == 2
    by_year, _ = await cells(client, metric="applications.received.total", sort="year", limit=100)
    assert [c["year"] for c in by_year] == sorted(c["year"] for c in by_year)


async def test_the_csv_is_exactly_the_page_shown(client: httpx.AsyncClient) -> None:
    params = {"issuer": "合阳", "sort": "metric", "limit": 7, "offset": 3}
    shown, _ = await cells(client, **params)
    response = await client.get("/api/figures.csv", params=params, headers=AS_STAFF)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [(r["metric"], r["cite"]) for r in rows] == [(c["metric"], c["cite"]) for c in shown]


@pytest.mark.parametrize("sort", [None, "issuer", "-year", "metric", "-label", "value", "-value", "status"])
def test_a_page_is_the_same_slice_of_every_cell_sorted(service: Service, sort: str | None) -> None:
    """SQLite filters, sorts and counts (no request builds every cell on file): a page is the
    slice of every matching cell sorted by the field, blank values last, then issuer, year and
    each report's cells in the order it prints them."""
    from bot.web_figures import FigureFilter

    every = [c for c in service.figures() if c["status"] in ("reported", "blank") and (c["year"] or 0) >= 2020]
    every.sort(key=lambda c: (c["issuer"] or "", c["year"] or 0))  # then each report's cells as printed
    if sort:
        field = sort.lstrip("-")
        have = sorted((c for c in every if c[field] is not None), key=lambda c: c[field], reverse=sort[0] == "-")
        every = have + [c for c in every if c[field] is None]
    total, shown = FigureFilter(year_from=2020, status="reported,blank", sort=sort).page(service, 40, 25)
    assert total == len(every) > 65
    assert [(c["report_id"], c["metric"]) for c in shown] == [(c["report_id"], c["metric"]) for c in every[25:65]]


def test_every_cell_of_a_year_one_at_a_time(service: Service) -> None:
    """`nianbao figures --year` prints the cells as SQLite reads them (a year of 100,000 reports
    held as a list was 5.7 GB): the same cells, in the same order, as the list."""
    cells = service.iter_figures(year=2020)
    first = next(cells)
    assert [first, *cells] == service.figures(year=2020) and first["year"] == 2020


@pytest.mark.parametrize("words", ["本年新收", "自行", "诉讼", "不存在的词"])
def test_words_find_a_cells_own_label_and_its_metrics(
    ingested: IngestedCorpus, tmp_path_factory: pytest.TempPathFactory, words: str
) -> None:
    """Words match a cell's own label where it has one (its metric's otherwise) or its metric's
    key: found through the metrics and the few cells with a label of their own, the same cells
    as matching every cell's label in Python."""
    from bot.web_figures import FigureFilter
    from index.store import Store

    data_dir = ingested.copy(tmp_path_factory, "own-labels")
    store = Store(data_dir, embedder="fake")
    first = "(SELECT min(report_key) FROM figure_cells WHERE metric_id = m.id)"
    with store.db.conn:  # a cell relabelled as printed; one whose label is printed empty
        for key, label in (("review.total", "自行申报"), ("applications.received.total", "")):
            store.db.execute(
                f"UPDATE figure_cells SET label = ? WHERE (report_key, metric_id) IN "
                f"(SELECT {first}, m.id FROM metric_keys m WHERE m.key = ?)",
                [label, key],
            )
    store.close()
    with Service.open(make_config(data_dir)) as service:
        every = service.figures()
        wanted = [(c["report_id"], c["metric"]) for c in every if words in (c["label"] or "") or words in c["metric"]]
        total, shown = FigureFilter(metric=words).page(service, 100_000, 0)
    assert total == len(wanted) and sorted((c["report_id"], c["metric"]) for c in shown) == sorted(wanted)
    assert words != "自行" or total == 1
