"""How fast is the PDF reader? Pages per second, reading alone and through parse (no storing).

    .venv/bin/python bench/pdf.py [--repeat 3] [--corpus DIR]
    .venv/bin/python bench/pdf.py --scanned [--repeat 2]   # OCR: scans of the same PDFs beside them

Each PDF of ../shared/corpus/pdf is read --repeat times; the machine is shared, so
quote the numbers as rough, with the load average printed beside each. `--scanned` makes
an image-only copy of each PDF first (tests/scanmake.py: rendered at 150 dpi, skewed,
grained, JPEG; not timed) and reads both, one after the other, in each round: OCR's
pages/s and CPU seconds a page beside the text layer's, in one process on one thread.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.pipeline import parse_bytes  # noqa: E402
from ingest.readers.pdf import read  # noqa: E402


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _text_layer(files: list[Path], repeat: int) -> None:
    pages = read_s = parse_s = 0.0
    for f in files:
        data = f.read_bytes()
        for _ in range(repeat):
            start = time.perf_counter()
            doc = read(data, f.name)
            read_s += time.perf_counter() - start
            start = time.perf_counter()
            parse_bytes(data, f.name)
            parse_s += time.perf_counter() - start
            pages += doc.pages or 0
    print(
        f"{len(files)} PDFs × {repeat}: {pages:.0f} pages; "
        f"read {pages / read_s:.1f} pages/s, read + parse {pages / parse_s:.1f} pages/s"
    )


def _timed_read(data: bytes, name: str) -> tuple[int, float, float]:
    """(pages, wall s, CPU s) of reading one PDF."""
    wall, cpu = time.perf_counter(), time.process_time()
    doc = read(data, name)
    return doc.pages or 0, time.perf_counter() - wall, time.process_time() - cpu


def _scanned(files: list[Path], repeat: int) -> None:
    sys.path.insert(0, str(REPO / "tests"))
    import pdfplumber  # noqa: PLC0415
    import scanmake  # noqa: PLC0415

    from ingest.ocr_scan import engine  # noqa: PLC0415

    scans = []
    for f in files:
        with pdfplumber.open(f) as doc:
            count = len(doc.pages)
        images = [scanmake.scan(scanmake.render(f, p)) for p in range(1, count + 1)]
        scans.append((f, f.read_bytes(), scanmake.scanned_pdf(images)))
    engine()  # the models loaded once, outside the timings (a worker loads them once too)
    for round_ in range(1, repeat + 1):
        for label, pick in (("text layer", 1), ("scanned (OCR)", 2)):
            before = _load()
            pages = wall = cpu = 0.0
            for entry in scans:
                p, w, c = _timed_read(entry[pick], entry[0].name)
                pages, wall, cpu = pages + p, wall + w, cpu + c
            print(
                f"round {round_}, {label}: {pages:.0f} pages in {wall:.1f} s — {pages / wall:.2f} pages/s, "
                f"{cpu / pages:.2f} s of CPU a page (load average {before} before, {_load()} after)"
            )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "pdf")
    ap.add_argument("--scanned", action="store_true", help="OCR of scanned copies beside the text layer")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {args.corpus}")
    if args.scanned:
        _scanned(files, args.repeat)
    else:
        _text_layer(files, args.repeat)


if __name__ == "__main__":
    main()
