"""Embedding what the vector index is missing, at the model's own speed.

`nianbao ingest --defer-embedding` stores reports at parsing speed; this fills in
their vectors afterwards (resumable: a report counts as embedded once all its
passages are in). Passages are batched across reports, and with `workers > 1` each
batch is embedded in a worker process running the model on one thread: measured
here, one intra-op thread per process beats the model's default two threads on a
busy machine. Only this process writes to the store.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ingest.model import Chunk

from .embedder import Embedder, get_embedder
from .store import Store, _vector_metadata
from .vectors import embed_text

# Passages per batch a worker embeds: small enough that the last batches keep every worker
# busy (with 64, ten reports made three batches for two workers and one sat idle at the end).
BATCH = 32


@dataclass(frozen=True)
class _Batch:
    """Chunks embedded together."""

    items: list[tuple[dict[str, Any], Chunk]]  # (report row, chunk)


def in_shard(report_id: str, shard: tuple[int, int]) -> bool:
    """Whether a report belongs to shard i of n (report ids are hexadecimal digests)."""
    index, count = shard
    return int(report_id, 16) % count == index


def _batches(store: Store, reports: list[dict[str, Any]], size: int) -> Iterator[_Batch]:
    items: list[tuple[dict[str, Any], Chunk]] = []
    for r in reports:
        row = store.report(r["id"]) or {}
        for chunk in store.chunks(r["id"]):
            items.append((row, chunk))
            if len(items) >= size:
                yield _Batch(items)
                items = []
    if items:
        yield _Batch(items)


_WORKER_EMBEDDER: Embedder | None = None


def _init_worker(name: str) -> None:
    global _WORKER_EMBEDDER
    _WORKER_EMBEDDER = get_embedder(name, threads=1)


def _embed_in_worker(texts: list[str]) -> list[list[float]]:
    assert _WORKER_EMBEDDER is not None
    return _WORKER_EMBEDDER.embed_passages(texts)


def embed_missing(
    store: Store, workers: int = 1, shard: tuple[int, int] = (0, 1), progress: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Embed the passages of every report that lacks vectors; returns (reports, passages) done.

    `shard=(i, n)`: only reports whose id is i modulo n (a stable split, whatever the
    others have done already), so several processes — on one machine or several,
    against one Chroma server — share the work.
    `progress(n)` is called with the passages embedded after each batch.
    """
    todo = [r for r in store.missing_vectors() if in_shard(r["id"], shard)]
    if not todo:
        return 0, 0
    vectors = store.vectors
    remaining = {r["id"]: r["n_chunks"] for r in todo}
    done_reports = done_chunks = 0
    name = store.embedder_name

    def texts_of(b: _Batch) -> list[str]:
        return [embed_text(c) for _, c in b.items]

    # Read in this thread (the pool feeds its workers from a thread of its own, and a
    # SQLite connection belongs to the thread that opened it).
    batches = list(_batches(store, todo, BATCH))
    pool = None
    if workers > 1 and name != "fake":
        ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited model threads
        pool = ctx.Pool(workers, initializer=_init_worker, initargs=(name,))
        embedded: Iterator[list[list[float]]] = pool.imap(_embed_in_worker, [texts_of(b) for b in batches])
    else:
        embedded = (vectors.embedder.embed_passages(texts_of(b)) for b in batches)
    try:
        with store.writing():
            for batch, embeddings in zip(batches, embedded):
                vectors.upsert([(row["id"], chunk, _vector_metadata(row)) for row, chunk in batch.items], embeddings)
                for row, _ in batch.items:
                    remaining[row["id"]] -= 1
                    if remaining[row["id"]] == 0:
                        store.record_embedded(row["id"], row["n_chunks"])
                        done_reports += 1
                done_chunks += len(batch.items)
                if progress:
                    progress(len(batch.items))
    finally:
        if pool is not None:
            pool.terminate()
    return done_reports, done_chunks
