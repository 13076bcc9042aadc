"""Made-up reports of other issuers and years, as web pages: tests/made_up_report.py's report with
its issuer, year and application figures changed (the template's identities still hold), for
questions that need a place over many years (平潭 2019–2025) or several places."""

from __future__ import annotations

from pathlib import Path

import made_up_report as m


def _grid(extra: int) -> list[list[str]]:
    """The application grid with `extra` more applications received, granted and handled (natural persons)."""
    grid = [list(row) for row in m.APPLICATION_GRID]
    for i, (key, _, _) in enumerate(m.ROWS, start=len(m.HEADER)):
        if key in ("received", "granted", "results_total"):
            grid[i][3] = str(int(grid[i][3]) + extra)
            grid[i][9] = str(int(grid[i][9]) + extra)
    return grid


def page(issuer: str, year: int, extra: int = 0) -> str:
    """A report page of `issuer` for `year`: 15 + extra applications received (the made-up report's, shifted)."""
    body = m.article_html().replace(m.html_table(m.APPLICATION_GRID, 3, 3), m.html_table(_grid(extra), 3, 3))
    body = body.replace(m.ISSUER, issuer).replace(f"{m.YEAR}年", f"{year}年").replace("申请15件", f"申请{15 + extra}件")
    title = f"{issuer}{year}年政府信息公开工作年度报告"
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{body}</body></html>"
    )


def write_pages(folder: Path, issuer: str, years: range | list[int], step: int = 1) -> list[Path]:
    """One page per year; each year receives `step` more applications than the year before (15 in the first)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, year in enumerate(years):
        path = folder / f"{issuer}-{year}.html"
        path.write_text(page(issuer, year, k * step), encoding="utf-8")
        paths.append(path)
    return paths
