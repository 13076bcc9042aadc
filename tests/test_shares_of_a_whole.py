"""A share whose whole is not in the figure's own report. Of another report's figure (洪泽区占淮安市
的比例: the shared PDFs, 95 and 3,119 applications in 2024): the one over the other, both cells
cited, saying that the reports do not say whether the city's figure includes the district's. Of an
area no report totals (占全市的比例) or of nothing larger (收到申请的占比): the figure, and why
there is no share — never the count passed off as the share asked."""

from __future__ import annotations

import pytest
from conftest import CORPUS, IngestedCorpus

from bot.answer import Answer
from bot.router import Answerer
from index.store import Store

PDFS = ("hongze-2024.pdf", "huaian-2024.pdf")


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """洪泽区 and 淮安市 2024, read from the shared PDFs."""
    from index.load import ingest_files

    files = [CORPUS / "pdf" / name for name in PDFS]
    if not all(f.is_file() for f in files):
        pytest.skip("the shared PDFs are absent")
    store = Store(tmp_path_factory.mktemp("jiangsu"), embedder="fake")
    assert not [o.error for o in ingest_files(store, files) if o.error]
    return store


def _ask(store: Store, question: str) -> Answer:
    answer, _ = Answerer(store, use_vectors=False).ask(question)
    return answer


def test_a_share_of_another_reports_figure_is_the_one_over_the_other_both_cited(jiangsu: Store) -> None:
    answer = _ask(jiangsu, "洪泽区2024年收到的申请占淮安市的比例")
    assert answer.route == "derived" and answer.formula == "95 / 3119 = 3.0%"
    issuers = [f["issuer"] for f in answer.figures]
    assert issuers == ["淮安市洪泽区人民政府", "淮安市人民政府"]  # the part, then the whole
    assert all(f["metric"] == "applications.received.total" and f["year"] == 2024 for f in answer.figures)
    assert "是否包含" in answer.answer and "报告没有说明" in answer.answer and "出处" in answer.answer


def test_the_whole_is_the_place_named_after_share_of_in_english(jiangsu: Store) -> None:
    answer = _ask(jiangsu, "what share of Huai'an's applications did Hongze receive in 2024")
    assert answer.formula == "95 / 3119 = 3.0%" and "the reports do not say" in answer.answer


def test_two_places_without_a_share_are_still_compared(jiangsu: Store) -> None:
    answer = _ask(jiangsu, "淮安市2024年和洪泽区2024年收到的申请")
    assert answer.route != "derived" and "3119" in answer.answer and "95" in answer.answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("合阳县2020年收到申请占全市的比例", "没有报告印出全地区的合计"),
        ("what share of the city's applications did Heyang receive in 2020", "none prints the area's total"),
        ("合阳县2020年收到申请的占比", "没有更大的总数可作分母"),
    ],
)
def test_a_share_of_no_printed_whole_gives_the_figure_and_says_why(
    ingested: IngestedCorpus, question: str, said: str
) -> None:
    answer, _ = Answerer(ingested.store, use_vectors=False).ask(question)
    assert answer.formula is None and "%" not in answer.answer
    assert said in answer.answer and answer.figures[0]["value"] == 5
    assert any("no whole" in w for w in answer.warnings)


def test_a_share_within_one_report_is_still_computed(ingested: IngestedCorpus) -> None:
    answer, _ = Answerer(ingested.store, use_vectors=False).ask("合阳县2020年自然人申请占比")
    assert answer.route == "derived" and answer.formula == "4 / 5 = 80.0%"
