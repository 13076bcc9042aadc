"""Vector index of narrative chunks in a local chromadb store.

Embeddings are always computed by our own Embedder and passed explicitly:
chromadb's default embedding function downloads a model, so the collection is
opened with ``embedding_function=None`` and never given texts to embed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from index.embedder import Embedder
from ingest.model import Chunk

BATCH = 32
_PAGE = 1000


@dataclass(frozen=True)
class VectorHit:
    """A chunk found by the vector index, with its cosine similarity."""

    report_id: str
    chunk_index: int
    score: float  # cosine similarity, higher is better


def collection_name(embedder: Embedder) -> str:
    """Chroma collection name for ``embedder``: ASCII [a-zA-Z0-9._-], one per model and size."""
    raw = f"chunks_{embedder.name}_{embedder.dim}"
    return re.sub(r"[^a-zA-Z0-9._-]", "_", raw)


def _scalar_metadata(metadata: dict[str, Any]) -> dict[str, str | int | float | bool]:
    # Chroma rejects None and nested values in metadata.
    return {str(k): v for k, v in metadata.items() if isinstance(v, (str, int, float, bool))}


def _matrix(rows: list[list[float]]) -> Any:
    """Vectors as chromadb takes them (an array of float32, which it would make itself)."""
    import numpy  # here, not at the top: a figure question never needs numpy

    return numpy.asarray(rows, dtype=numpy.float32)


def embed_text(chunk: Chunk) -> str:
    # The section path tells the model what the passage is about (e.g. 存在的主要问题).
    return f"{chunk.cite}\n{chunk.text}" if chunk.cite else chunk.text


class VectorServerError(Exception):
    """The configured Chroma server cannot be used: unreachable or of another version."""


def _server_client(url: str, settings: Any) -> Any:
    """A client for the Chroma server at `url`, after checking it answers and speaks our version."""
    from urllib.parse import urlparse

    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise VectorServerError(f"[vectors] url {url!r} is not a URL like http://host:8000")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
        client.heartbeat()
        server = client.get_version()
    except Exception as e:  # connection refused, DNS, TLS, HTTP errors: all "cannot reach"
        raise VectorServerError(f"cannot reach the Chroma server at {url}: {e}") from None
    # The server shipped with chromadb reports its own API version (1.x), not the package's.
    if str(server).split(".")[0] != chromadb.__version__.split(".")[0]:
        raise VectorServerError(
            f"the Chroma server at {url} is version {server}; this client is "
            f"chromadb {chromadb.__version__}: run the server from the same major version"
        )
    return client


class VectorIndex:
    """Chunks of many reports in one chroma collection per embedder."""

    def __init__(self, path: str | Path, embedder: Embedder, url: str | None = None) -> None:
        """An embedded index in the directory `path`, or, with `url`, one on a Chroma server."""
        # Imported here: chromadb takes a second to import, and figure answers never need it
        # (nor logging, ~2 ms of every question's process).
        import logging

        import chromadb
        from chromadb.config import Settings

        logging.getLogger("chromadb").setLevel(logging.ERROR)

        self.embedder = embedder
        settings = Settings(anonymized_telemetry=False)
        self._client: Any = (
            _server_client(url, settings) if url else chromadb.PersistentClient(path=str(path), settings=settings)
        )
        self._collection = self._client.get_or_create_collection(
            name=collection_name(embedder),
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder.name, "dim": embedder.dim},
        )

    def close(self) -> None:
        """Release the chromadb client (a query still running on it completes)."""
        self._client.close()

    def add(
        self,
        report_id: str,
        chunks: list[Chunk],
        metadata: dict[str, Any],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Embed and store ``chunks``; scalar ``metadata`` values (issuer, year…) go on each.
        ``progress(n)`` is called with each batch's size once it is stored."""
        extra = _scalar_metadata(metadata)
        for start in range(0, len(chunks), BATCH):
            batch = chunks[start : start + BATCH]
            embeddings = self.embedder.embed_passages([embed_text(c) for c in batch])
            self._collection.upsert(
                ids=[f"{report_id}:{c.index}" for c in batch],
                embeddings=_matrix(embeddings),
                documents=[c.text for c in batch],
                metadatas=[self._metadata(report_id, c, extra) for c in batch],
            )
            if progress is not None:
                progress(len(batch))

    def upsert(self, items: list[tuple[str, Chunk, dict[str, Any]]], embeddings: list[list[float]]) -> None:
        """Store chunks of any reports, already embedded: (report_id, chunk, metadata) each."""
        if not items:
            return
        self._collection.upsert(
            ids=[f"{rid}:{c.index}" for rid, c, _ in items],
            embeddings=_matrix(embeddings),
            documents=[c.text for _, c, _ in items],
            metadatas=[self._metadata(rid, c, _scalar_metadata(m)) for rid, c, m in items],
        )

    @staticmethod
    def _metadata(report_id: str, chunk: Chunk, extra: dict[str, Any]) -> dict[str, Any]:
        # Our own keys last, so caller metadata cannot overwrite them.
        return {
            **extra,
            "report_id": report_id,
            "chunk_index": chunk.index,
            "section": chunk.section,
            "subsection": chunk.subsection or "",
        }

    def set_metadata(self, report_id: str, metadata: dict[str, Any]) -> None:
        """Give every chunk of ``report_id`` these scalar metadata values (issuer, year…)."""
        found = self._collection.get(where={"report_id": report_id}, include=["metadatas"])
        if found["ids"]:
            extra = _scalar_metadata(metadata)
            self._collection.update(ids=found["ids"], metadatas=[{**m, **extra} for m in found["metadatas"] or []])

    def delete(self, report_id: str) -> None:
        """Remove every chunk of ``report_id``."""
        self._collection.delete(where={"report_id": report_id})

    def report_ids(self) -> set[str]:
        """Ids of all reports that have chunks in the index."""
        return set(self.counts())

    def counts(self) -> dict[str, int]:
        """Number of vectors per report, in one pass over the index."""
        found: dict[str, int] = {}
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            metadatas = page["metadatas"] or []
            for m in metadatas:
                rid = str(m["report_id"])
                found[rid] = found.get(rid, 0) + 1
            if len(metadatas) < _PAGE:
                return found
            offset += _PAGE

    def count(self, report_id: str) -> int:
        """Number of chunks stored for ``report_id``."""
        return len(self._collection.get(where={"report_id": report_id}, include=[])["ids"])

    def search(self, query: str, limit: int = 20, report_ids: list[str] | None = None) -> list[VectorHit]:
        """Chunks nearest to ``query`` by cosine similarity, optionally within ``report_ids``."""
        # Chroma rejects an empty $in list, so an empty filter is answered here.
        if not query.strip() or report_ids == [] or limit <= 0:
            return []
        from chromadb.api.types import Where
        from chromadb.errors import ChromaError

        # cast: chromadb's Where types its operators as literal keys, which a dict literal is not inferred as.
        where = cast(Where, {"report_id": {"$in": list(report_ids)}}) if report_ids else None
        try:
            result = self._collection.query(
                query_embeddings=_matrix([self.embedder.embed_query(query)]),
                n_results=limit,
                where=where,
                include=["metadatas", "distances"],
            )
        except ChromaError as e:
            # E.g. a report another process added since this client opened: the lexical index
            # still answers, so the vector's share of the ranking is given up, not the answer.
            import logging

            logging.getLogger(__name__).warning("vector search failed, answering without it: %s", e)
            return []
        metadatas = (result["metadatas"] or [[]])[0]
        distances = (result["distances"] or [[]])[0]
        # Chroma's cosine distance is 1 - cosine similarity.
        return [
            VectorHit(str(m["report_id"]), int(m["chunk_index"]), 1.0 - float(d)) for m, d in zip(metadatas, distances)
        ]
