"""A report whose issuer could not be read is stored all the same; a ranking over every
report, where it ties with another, must still answer (found at 1,000 synthetic reports)."""

from __future__ import annotations

from pathlib import Path

from conftest import HEYANG

from bot.router import Answerer
from index.load import ingest_files
from index.store import Store


def test_a_ranking_with_a_report_of_unknown_issuer_answers(tmp_path: Path, corpus: Path) -> None:
    text = (corpus / HEYANG).read_text(encoding="utf-8")
    nameless = tmp_path / "files" / "nameless.txt"
    nameless.parent.mkdir()
    nameless.write_text(text.replace("合阳县", "本县").replace("合阳", "本"), encoding="utf-8")
    store = Store(tmp_path / "data", embedder="fake")
    outcomes = list(ingest_files(store, [corpus / HEYANG, nameless], embed=False))
    assert not [o.error for o in outcomes if o.error]
    assert [r["issuer"] for r in store.reports()].count(None) == 1  # the case under test

    answer, _ = Answerer(store, use_vectors=False).ask("各报告收到的申请数排名")
    assert answer.route == "rank"
    assert answer.answer.count("5") >= 2  # both reports, the same 5 applications
