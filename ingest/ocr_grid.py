"""OCR text boxes and ruling lines → table grids and text lines (pure geometry, no OCR).

A scanned table is found by its ruling lines: horizontal and vertical rule segments
(found in the image by `ingest.ocr_scan`) give the grid's row and column edges; two
neighbouring positions with no rule between them are one merged cell, so a merged cell's
text is copied into every position it covers (`spanned`, with its origin), as the PDF
reader does. Each text box goes to the grid position holding its centre; a position is
read from the boxes in it, top to bottom, left to right. Boxes outside every table are
grouped into lines by vertical overlap, in reading order.

Coordinates are image pixels; nothing here knows about the template.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Box:
    """One recognised piece of text: its axis-aligned box, text and confidence (0–1)."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Segment:
    """A ruling line: horizontal (y fixed, x0..x1) or vertical (x fixed, y0..y1)."""

    at: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


@dataclass
class GridCell:
    """A printed (possibly merged) cell: the grid positions it covers and its boxes."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1
    boxes: list[Box] = field(default_factory=list)


@dataclass
class Grid:
    """A ruled table: row edges (ys), column edges (xs) and the printed cells."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    # (row, col) → index into cells of the printed cell covering that position
    owner: dict[tuple[int, int], int]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def holds(self, box: Box) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= box.cx <= x1 and top <= box.cy <= bottom

    def position(self, x: float, y: float) -> tuple[int, int] | None:
        """The grid position holding a point."""
        col = next((j for j in range(len(self.xs) - 1) if self.xs[j] <= x <= self.xs[j + 1]), None)
        row = next((i for i in range(len(self.ys) - 1) if self.ys[i] <= y <= self.ys[i + 1]), None)
        return None if row is None or col is None else (row, col)


def cluster(values: list[float], tol: float) -> list[float]:
    """Values closer than `tol` merged into their mean, sorted."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _covered(segments: list[Segment], at: float, start: float, end: float, tol: float) -> bool:
    """A rule runs along `at` over most (60 %) of start..end."""
    need = 0.6 * (end - start)
    got = 0.0
    for s in segments:
        if abs(s.at - at) <= tol:
            got += max(0.0, min(end, s.end) - max(start, s.start))
    return got >= need


def _tables(hsegs: list[Segment], vsegs: list[Segment], tol: float) -> list[tuple[list[Segment], list[Segment]]]:
    """Rules grouped into tables: segments that touch (within tol) belong to one table."""
    segs = [("h", s) for s in hsegs] + [("v", s) for s in vsegs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def touch(a: tuple[str, Segment], b: tuple[str, Segment]) -> bool:
        (ka, sa), (kb, sb) = a, b
        if ka == kb:  # parallel rules touch only end to end on one line
            return abs(sa.at - sb.at) <= tol and sa.start <= sb.end + tol and sb.start <= sa.end + tol
        h, v = (sa, sb) if ka == "h" else (sb, sa)
        return h.start - tol <= v.at <= h.end + tol and v.start - tol <= h.at <= v.end + tol

    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            if touch(segs[i], segs[j]):
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, (kind, s) in enumerate(segs):
        hs, vs = groups.setdefault(find(i), ([], []))
        (hs if kind == "h" else vs).append(s)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _joined(segs: list[Segment], tol: float) -> list[Segment]:
    """Pieces of one rule (broken by noise or JPEG) joined: same line, gaps under 3 tol."""
    out: list[Segment] = []
    lines: list[list[Segment]] = []
    for s in sorted(segs, key=lambda s: s.at):  # lines: runs of positions within tol
        if lines and s.at - lines[-1][-1].at <= tol:
            lines[-1].append(s)
        else:
            lines.append([s])
    for line in lines:
        run: list[Segment] = []
        for s in sorted(line, key=lambda s: s.start):
            if run and s.start <= run[-1].end + 3 * tol:
                last = run[-1]
                run[-1] = Segment((last.at + s.at) / 2, last.start, max(last.end, s.end))
            else:
                run.append(s)
        out += run
    return out


def _anchored(segs: list[Segment], across: list[Segment], tol: float, limit: float) -> list[Segment]:
    """The rules one of whose ends meets a crossing rule or the image's edge (`limit`: its
    extent along them): a table's rules run from rule to rule, though the last row before a
    page break may have no rule below it; an underline or a dash ends in the open at both
    ends. (A pen stroke over a cell may cross others: rows thinner than text drop those.)"""

    def meets(at: float, end: float) -> bool:
        if end <= 3 * tol or end >= limit - 3 * tol:
            return True
        return any(abs(c.at - end) <= 2 * tol and c.start - 2 * tol <= at <= c.end + 2 * tol for c in across)

    return [s for s in segs if meets(s.at, s.start) or meets(s.at, s.end)]


def _edges(segs: list[Segment], tol: float, min_gap: float) -> list[float]:
    """A table's row (or column) edges: its rules' positions, without the weaker of two
    edges closer than `min_gap` (no text fits between them: a scribble, not a row)."""
    edges = cluster([s.at for s in segs], tol)
    length = {e: sum(s.end - s.start for s in segs if abs(s.at - e) <= tol) for e in edges}
    while True:
        thin = next((i for i in range(len(edges) - 1) if edges[i + 1] - edges[i] < min_gap), None)
        if thin is None:
            return edges
        pair = edges[thin], edges[thin + 1]
        edges.remove(min(pair, key=lambda e: length[e]))


def find_grids(
    hsegs: list[Segment],
    vsegs: list[Segment],
    tol: float,
    min_gap: float = 0.0,
    size: tuple[float, float] = (float("inf"), float("inf")),
) -> list[Grid]:
    """The ruled tables among the rules, each with its merged cells resolved. `min_gap`:
    the least height of a row or width of a column (about a character's height); `size`:
    the image's (width, height)."""
    hsegs, vsegs = _joined(hsegs, tol), _joined(vsegs, tol)
    hsegs, vsegs = _anchored(hsegs, vsegs, tol, size[0]), _anchored(vsegs, hsegs, tol, size[1])
    grids = []
    for hs, vs in _tables(hsegs, vsegs, tol):
        ys = _edges(hs, tol, min_gap)
        xs = _edges(vs, tol, min_gap)
        if len(ys) < 2 or len(xs) < 3:
            continue  # one column: a framed note, not a table
        grids.append(_merge(xs, ys, hs, vs, tol))
    return sorted(grids, key=lambda g: g.ys[0])


def _merge(xs: list[float], ys: list[float], hs: list[Segment], vs: list[Segment], tol: float) -> Grid:
    """Positions with no rule between them joined into printed cells (rectangles)."""
    rows, cols = len(ys) - 1, len(xs) - 1
    owner: dict[tuple[int, int], int] = {}
    cells: list[GridCell] = []
    for i in range(rows):
        for j in range(cols):
            if (i, j) in owner:
                continue
            width = 1  # grow right while no vertical rule separates the next column
            while (
                j + width < cols
                and (i, j + width) not in owner
                and not _covered(vs, xs[j + width], ys[i], ys[i + 1], tol)
            ):
                width += 1
            height = 1  # grow down while no horizontal rule closes the cell along its width
            while (
                i + height < rows
                and not _covered(hs, ys[i + height], xs[j], xs[j + width], tol)
                and all((i + height, j + k) not in owner for k in range(width))
            ):
                height += 1
            cells.append(GridCell(i, j, height, width))
            for a in range(i, i + height):
                for b in range(j, j + width):
                    owner[(a, b)] = len(cells) - 1
    return Grid(xs, ys, cells, owner)


def place(grid: Grid, boxes: list[Box]) -> list[Box]:
    """Put each box held by the grid into its printed cell; the boxes left over."""
    rest = []
    for box in boxes:
        pos = grid.position(box.cx, box.cy) if grid.holds(box) else None
        if pos is None:
            rest.append(box)
        else:
            grid.cells[grid.owner[pos]].boxes.append(box)
    return rest


def lines_of(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into printed lines (vertical overlap of at least half the smaller
    height), top to bottom, each line left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        for line in lines:
            ref = line[-1]
            overlap = min(ref.bottom, box.bottom) - max(ref.top, box.top)
            if overlap >= 0.5 * min(ref.bottom - ref.top, box.bottom - box.top):
                line.append(box)
                break
        else:
            lines.append([box])
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return sorted(lines, key=lambda ln: min(b.top for b in ln))
