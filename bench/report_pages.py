"""The staff page's reports tab over a large store: the first page of /api/coverage (200
issuers), of /api/reports (200 reports) and the grid's /api/problems (the first 200 reports of
the tab's first grid, as it asks), each asked through the web app (ASGI, httpx) in a
process of its own, as the tab asks when it opens (issue 21: each was every report's line or
card, 21 s and 2.2 GB at 100,000 reports for the first two, minutes for the third).

Prints, for each request and round, its seconds inside the process, the process's peak RSS
(opening the service included) and the load average beside them; and the same for a process
that only opens the service, what the requests add to.

    .venv/bin/python -m bench.report_pages --config STORE-serve.toml [--rounds 2]
        [--offset N]   # also a page of reports that far in (the last page of 100,000: 99800)
        [--largest]    # also the largest pages the API gives (1000 reports, 500 issuers, 500 ids)

The config needs a `[[web.users]]` entry (its token is used). The store is only read, but a
store of an older schema is upgraded when opened: use a copy of a kept store (bench/scale.py --keep).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB: VmHWM its own peak RSS (not
    ru_maxrss, which a process started from another carries over from it: see bench/scale.py),
    RssAnon what it holds of its own now (RssFile: the store's pages it read through the memory
    map, shared with every process and given back under pressure)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _ask(config_path: str, what: str, offset: int) -> dict[str, Any]:
    """In this process: open the app, then time one request (`what`); its size and count."""
    import httpx

    from bot.config import load_config
    from bot.service import Service
    from bot.web import create_app

    config = load_config(config_path)
    headers = {"Authorization": f"Bearer {config.web.users[0].token}"}
    app = create_app(Service.open(config))
    out: dict[str, Any] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        name, _, largest = what.partition("-")  # "reports-max": the largest page the API gives
        ids = ""
        if name == "problems":  # the reports of the tab's first grid (50 issuers), 200 at a time as it asks
            grid = (await client.get("/api/coverage", params={"limit": 200 if largest else 50}, headers=headers)).json()
            ids = ",".join([r["report_id"] for i in grid["issuers"] for r in i["reports"]][: 500 if largest else 200])
        start = time.perf_counter()
        if name == "open":
            response = await client.get("/health")
        elif name == "problems":
            response = await client.get("/api/problems", params={"ids": ids}, headers=headers)
        else:  # the API's default page, 200 (the tab asks for 50 issuers, 100 reports), or its largest
            params = {"limit": (1000 if name == "reports" else 500) if largest else 200, "offset": offset}
            response = await client.get(f"/api/{name}", params=params, headers=headers)
        out["seconds"] = time.perf_counter() - start
        response.raise_for_status()
        out["bytes"] = len(response.content)
        out["total"] = response.headers.get("X-Total-Count")
        out["asked"] = len(ids.split(",")) if ids else None
    out["rss_mb"], out["anon_mb"], out["file_mb"] = status_mb("VmHWM"), status_mb("RssAnon"), status_mb("RssFile")
    return out


def child(config: str, what: str, offset: int) -> None:
    print(json.dumps(asyncio.run(_ask(config, what, offset))))


def measure(config: str, what: str, offset: int) -> dict[str, Any]:
    """One process asking one request; its wall seconds as a whole too."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.report_pages", "--config", config, "--child", what, "--offset", str(offset)],
        cwd=ROOT,  # this tree's code, not the installed one
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{what}: exit {done.returncode}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    result["process"] = time.perf_counter() - start
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="the store's config, with a [[web.users]] entry")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--offset", type=int, default=0, help="also a page of reports from this offset")
    p.add_argument("--largest", action="store_true", help="also the largest pages: 1000 reports, 500 issuers, 500 ids")
    p.add_argument("--child", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        return child(a.config, a.child, a.offset)
    asked = [("open", 0), ("coverage", 0), ("reports", 0), ("problems", 0)]
    if a.offset:
        asked.append(("reports", a.offset))
    if a.largest:
        asked += [("coverage-max", 0), ("reports-max", 0), ("problems-max", 0)]
    measure(a.config, "open", 0)  # warm-up: the bytecode cache, the store's pages, an upgrade
    for n in range(a.rounds):
        for what, offset in asked:
            r = measure(a.config, what, offset)
            name = f"{what}{f' @{offset}' if offset else ''}"
            print(
                f"round {n + 1} {name:15} {r['seconds']:6.2f} s in-process  {r['process']:6.2f} s whole  "
                f"{r['rss_mb']:5.0f} MB peak (now {r['anon_mb']:.0f} anon + {r['file_mb']:.0f} file)  {r['bytes'] or 0:>8} B  total {r['total']}  "
                f"ids {r['asked']}  load {loadavg()}",
                flush=True,
            )


if __name__ == "__main__":
    main()
