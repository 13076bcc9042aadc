"""How fast is the PDF reader? Pages per second, reading alone and through parse (no storing).

    .venv/bin/python bench/pdf.py [--repeat 3] [--corpus DIR]

Each PDF of ../shared/corpus/pdf is read --repeat times; the machine is shared, so
quote the numbers as rough.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.pipeline import parse_bytes  # noqa: E402
from ingest.readers.pdf import read  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "pdf")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {args.corpus}")
    pages = read_s = parse_s = 0.0
    for f in files:
        data = f.read_bytes()
        for _ in range(args.repeat):
            start = time.perf_counter()
            doc = read(data, f.name)
            read_s += time.perf_counter() - start
            start = time.perf_counter()
            parse_bytes(data, f.name)
            parse_s += time.perf_counter() - start
            pages += doc.pages or 0
    print(
        f"{len(files)} PDFs × {args.repeat}: {pages:.0f} pages; "
        f"read {pages / read_s:.1f} pages/s, read + parse {pages / parse_s:.1f} pages/s"
    )


if __name__ == "__main__":
    main()
