"""Ruled table grids from camelot (lattice, vector engine) with cell text from the text layer.

camelot gives the grid: row/column boundaries and which cell edges are drawn, so merged
cells can be rebuilt.  Its *text* is not trusted (zero-descent fonts shift glyphs into the
row below, letter-spacing adds spaces): every cell's text is re-read from the text layer's
characters (``extract.chars``: pdfium, or pdfplumber) whose centre lies inside the cell box,
and the camelot text is kept only to count and record disagreements (``Piece.repairs``).

Coordinates are PDF points with the origin at the page's top-left (pdfplumber's), i.e.
``top = page_height - camelot_y``.
"""
from __future__ import annotations

import bisect
import io
import re
import warnings
from dataclasses import dataclass, field

from .lines import CELL_LINES, cluster_lines, drop_double_struck

__all__ = ["GridCell", "Piece", "read_pieces", "drop_top_rows"]


@dataclass
class GridCell:
    """A merged cell of a rebuilt table grid: rows r0..r1 and columns c0..c1, its box and text."""
    r0: int
    c0: int
    r1: int   # inclusive
    c1: int   # inclusive
    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    camelot: str = ""
    chars: list = field(default_factory=list, repr=False)


@dataclass
class Piece:
    """One camelot table on one page, rebuilt as merged cells."""
    page: int                    # 1-based
    bbox: tuple                  # x0, top, x1, bottom
    col_edges: list[float]       # x boundaries, len = ncols + 1
    row_edges: list[float]       # top boundaries, len = nrows + 1
    cells: list[GridCell]
    grid: list[list[GridCell]]      # grid[r][c] → the merged cell covering it
    repairs: list[dict] = field(default_factory=list)

    @property
    def nrows(self):
        return len(self.row_edges) - 1

    @property
    def ncols(self):
        return len(self.col_edges) - 1

    def row_cells(self, r):
        """Distinct merged cells that start in row r, left to right."""
        out, seen = [], set()
        for c in range(self.ncols):
            g = self.grid[r][c]
            if id(g) not in seen and g.r0 == r:
                seen.add(id(g))
                out.append(g)
        return out


def _find(parent, i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


_ASCII = re.compile(r"[0-9A-Za-z.,%)）]")


def join_chars(chars) -> str:
    """Chars → text: lines by vertical position, left to right, whitespace dropped.
    Wrapped lines are joined without separator, except between two ASCII/digit ends
    (two stacked numbers stay apart, separated by a space)."""
    texts = ["".join(c["text"] for c in drop_double_struck(ln))
             for ln in cluster_lines(chars, *CELL_LINES)]
    if not texts:
        return ""
    s = texts[0]
    for t in texts[1:]:
        if s and t and _ASCII.match(s[-1]) and _ASCII.match(t[0]) and s[-1] not in ".," :
            s += " " + t
        else:
            s += t
    return s


@dataclass
class CamelotCell:
    """One cell of camelot's grid as camelot reports it: its box and which edges are ruled."""
    x1: float
    y1: float
    x2: float
    y2: float
    left: bool
    right: bool
    top: bool
    bottom: bool
    text: str


@dataclass
class RawGrid:
    """camelot's result for one table, reduced to plain data (picklable, PDF coordinates)."""
    page: int
    bbox: tuple
    cells: list[list[CamelotCell]]


def camelot_grids(data: bytes, pages: list[int], engine: str = "vector",
                  line_scale: int | None = None, keep_blank: bool = False) -> list[RawGrid]:
    """camelot lattice with the vector engine (the PDF's own ruling lines, no rendering);
    ``engine="image"`` runs camelot's default engine (renders the page, finds lines with
    OpenCV) – for pages where the vector grid is suspicious or missing; ``engine="stream"``
    reads text-aligned tables without rulings (camelot's stream flavor); ``line_scale`` (image
    engine) finds shorter rulings (extract.finer). ``keep_blank`` keeps the grids camelot drops
    as >= 90 % blank (a table's last page holding one row). A page camelot cannot
    parse raises; extract.bounds retries page by page and lists the page as unreadable."""
    kw = {"engine": "vector"} if engine == "vector" else {"line_scale": line_scale} if line_scale else {}
    flavor = "stream" if engine == "stream" else "lattice"
    if not pages:
        return []
    import camelot
    import camelot.parsers.lattice as lattice

    def read(pp):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(camelot.read_pdf(io.BytesIO(data), pages=",".join(map(str, pp)),
                                         flavor=flavor, **kw))
    gate = lattice._GRID_WHITESPACE_REJECT
    if keep_blank:  # camelot's own gate off: keep grids it finds >= 90 % blank
        lattice._GRID_WHITESPACE_REJECT = 101.0
    try:
        tables = read(pages)
    finally:
        lattice._GRID_WHITESPACE_REJECT = gate
    out = []
    for t in tables:
        drawn = flavor == "stream"  # text-aligned columns: every cell stands alone
        cells = [[CamelotCell(float(c.x1), float(c.y1), float(c.x2), float(c.y2), drawn or bool(c.left),
                          drawn or bool(c.right), drawn or bool(c.top), drawn or bool(c.bottom), str(c.text or ""))
                  for c in row] for row in t.cells]
        out.append(RawGrid(int(t.page), tuple(float(v) for v in t._bbox), cells))
    return out


def build_pieces(grids: list[RawGrid], layer) -> list[Piece]:
    """Rebuild merged cells and read every cell's text from the text layer's characters.
    `layer`: a list of pages (extract.chars.TextPage) or a pdfplumber PDF."""
    pages_ = layer.pages if hasattr(layer, "pages") else layer
    by_page: dict[int, list[RawGrid]] = {}
    for g in grids:
        by_page.setdefault(g.page, []).append(g)
    pieces = []
    for pno in sorted(by_page):
        page = pages_[pno - 1]
        H = float(page.height)
        made = [_piece(t, pno, H) for t in by_page[pno]]
        made = [p for p in made if p is not None]
        made.sort(key=lambda p: p.bbox[1])
        _fill_text(made, page.chars)
        pieces.extend(made)
    return pieces


def drop_top_rows(p: Piece, k: int) -> Piece:
    """The piece without its first k rows (no cell may span the cut)."""
    if k <= 0:
        return p
    cells = [g for g in p.cells if g.r0 >= k]
    for g in cells:
        g.r0 -= k
        g.r1 -= k
    grid = p.grid[k:]
    return Piece(page=p.page, bbox=(p.bbox[0], p.row_edges[k], p.bbox[2], p.bbox[3]), col_edges=p.col_edges,
                 row_edges=p.row_edges[k:], cells=cells, grid=grid,
                 repairs=[r for r in p.repairs if r["row"] >= k])


def read_pieces(data: bytes, plumber, pages: list[int]) -> list[Piece]:
    """camelot lattice (vector engine) on the given 1-based pages → pieces."""
    return build_pieces(camelot_grids(data, pages), plumber)


def _piece(t, pno: int, H: float) -> Piece | None:
    cells = t.cells
    nr, nc = len(cells), len(cells[0]) if cells else 0
    if nr == 0 or nc == 0:
        return None
    col_edges = [float(cells[0][c].x1) for c in range(nc)] + [float(cells[0][nc - 1].x2)]
    row_edges = [H - float(cells[r][0].y2) for r in range(nr)] + [H - float(cells[nr - 1][0].y1)]
    parent = list(range(nr * nc))

    def union(a, b):
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[rb] = ra

    for r in range(nr):
        for c in range(nc):
            cell = cells[r][c]
            if c + 1 < nc and not (cell.right or cells[r][c + 1].left):
                union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not (cell.bottom or cells[r + 1][c].top):
                union(r * nc + c, (r + 1) * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(_find(parent, r * nc + c), []).append((r, c))
    grid = [[None] * nc for _ in range(nr)]
    gcells = []
    for members in groups.values():
        rs = [m[0] for m in members]
        cs = [m[1] for m in members]
        r0, r1, c0, c1 = min(rs), max(rs), min(cs), max(cs)
        # a non-rectangular union (rare, broken rulings): fall back to the bounding box
        g = GridCell(r0, c0, r1, c1, col_edges[c0], row_edges[r0], col_edges[c1 + 1], row_edges[r1 + 1],
                  camelot=str(cells[r0][c0].text or ""))
        gcells.append(g)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if grid[r][c] is None:
                    grid[r][c] = g
    for r in range(nr):
        for c in range(nc):
            if grid[r][c] is None:  # covered by nothing after bbox fallback overlaps
                g = GridCell(r, c, r, c, col_edges[c], row_edges[r], col_edges[c + 1], row_edges[r + 1],
                          camelot=str(cells[r][c].text or ""))
                gcells.append(g)
                grid[r][c] = g
    x0, y0, x1, y1 = t.bbox
    return Piece(page=pno, bbox=(float(x0), H - float(y1), float(x1), H - float(y0)),
                 col_edges=col_edges, row_edges=row_edges, cells=gcells, grid=grid)


def _fill_text(pieces: list[Piece], chars) -> None:
    buckets: dict[int, list] = {}
    for p in pieces:
        for g in p.cells:
            buckets[id(g)] = []
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for p in pieces:
            if not (p.bbox[0] <= cx <= p.bbox[2] and p.bbox[1] <= cy <= p.bbox[3]):
                continue
            c = bisect.bisect_right(p.col_edges, cx) - 1
            r = bisect.bisect_right(p.row_edges, cy) - 1
            c = min(max(c, 0), p.ncols - 1)
            r = min(max(r, 0), p.nrows - 1)
            buckets[id(p.grid[r][c])].append(ch)
            break
    for p in pieces:
        for g in p.cells:
            g.chars = buckets[id(g)]
            g.text = join_chars(buckets[id(g)])
            cam = re.sub(r"\s+", "", g.camelot)
            if cam != g.text:
                p.repairs.append({"page": p.page, "row": g.r0, "col": g.c0,
                                  "camelot": g.camelot, "pdf_text": g.text})


# a printed money amount: decimals or thousands separators (a bare '236' is a code or a count)
_MONEY = re.compile(r"^[-－(（]?\d{1,3}(,\d{3})*\.\d+[)）]?$|^[-－(（]?\d{1,3}(,\d{3})+[)）]?$|^\d+\.\d+$")


def holds_amount(p: Piece) -> bool:
    """Some cell prints a money amount."""
    return any(_MONEY.match(g.text) for g in p.cells)


def suspicious(p: Piece) -> bool:
    """A merged cell whose characters sit on both sides of an inner column boundary, none
    crossing it, with an amount on one side, or two amounts on both sides of an inner row
    boundary: a ruling the vector engine did not see (js_swbgt p.1: '一、一般公共服务支出' and
    '22,395.50' in one cell)."""
    for g in p.cells:
        if g.c1 == g.c0 or not g.chars:
            continue
        for c in range(g.c0 + 1, g.c1 + 1):
            xb = p.col_edges[c]
            left, right = _split(g.chars, "x0", "x1", xb)
            if not left or not right or any(ch["x0"] < xb - 0.5 and ch["x1"] > xb + 0.5 for ch in g.chars):
                continue
            if any(_MONEY.match(join_chars(part)) for part in (left, right)):
                return True
    for g in p.cells:  # two amounts stacked in a vertically merged cell: a missed row ruling
        if g.r1 == g.r0 or not g.chars:
            continue
        for r in range(g.r0 + 1, g.r1 + 1):
            up, down = _split(g.chars, "top", "bottom", p.row_edges[r])
            if up and down and all(_MONEY.match(join_chars(part)) for part in (up, down)):
                return True
    return False


def _split(chars, lo: str, hi: str, edge: float) -> tuple[list, list]:
    """The glyphs whose centre lies before / after ``edge`` along one axis."""
    before = [ch for ch in chars if (ch[lo] + ch[hi]) / 2 < edge]
    return before, [ch for ch in chars if (ch[lo] + ch[hi]) / 2 >= edge]
