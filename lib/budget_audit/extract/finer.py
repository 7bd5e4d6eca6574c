"""A second, finer look with camelot's image engine where its first grid crowded two amounts
into one cell: short rulings (narrow sub-columns of a small table, e.g. 公务用车购置费 |
公务用车运行维护费 under 公务用车购置及运行维护费) fall below camelot's default line_scale and
their columns merge. The finer grid replaces the first only when it splits every crowded cell
and has more columns."""
from __future__ import annotations

from functools import partial

from .bounds import PageRunner
from .grid import _MONEY, Piece, build_pieces, camelot_grids, join_chars

__all__ = ["crowded", "refine_image_pieces"]

# camelot's line_scale: a ruling is found when longer than the page size / line_scale (15 by
# default); 30 finds the sub-column rulings of the Xi'an 三公 table, printed at ~60 % scale
FINE_LINE_SCALE = 30


def crowded(p: Piece) -> bool:
    """A cell holding two amounts side by side on one line, apart by more than a glyph."""
    for g in p.cells:
        chars = sorted((ch for ch in g.chars if ch["text"].strip()), key=lambda ch: ch["x0"])
        if len(chars) < 4:
            continue
        tops = [ch["top"] for ch in chars]
        if max(tops) - min(tops) > 0.5 * max(ch["bottom"] - ch["top"] for ch in chars):
            continue  # more than one line
        for k in range(1, len(chars)):
            gap = chars[k]["x0"] - chars[k - 1]["x1"]
            if gap > chars[k]["x1"] - chars[k]["x0"] and \
                    all(_MONEY.match(join_chars(part)) for part in (chars[:k], chars[k:])):
                return True
    return False


def refine_image_pieces(found: list[Piece], data: bytes, layer, keep) -> list[Piece]:
    """`found` (image-engine pieces), with the pages holding a crowded cell read again at
    FINE_LINE_SCALE where that reads them better; `keep` filters the new pieces like the first."""
    pages = sorted({p.page for p in found if crowded(p)})
    if not pages:
        return found
    try:
        grids = PageRunner(partial(camelot_grids, engine="image", line_scale=FINE_LINE_SCALE), data, pages).wait()[0]
        alt = [p for p in build_pieces(grids, layer) if keep(p)]
    except Exception:  # noqa: BLE001 - the first grids stand
        return found
    for pno in pages:
        old = [p for p in found if p.page == pno]
        new = [p for p in alt if p.page == pno]
        if len(new) == len(old) and all(n.ncols > o.ncols for n, o in zip(new, old)) \
                and not any(crowded(n) for n in new):
            found = [p for p in found if p.page != pno] + new
    return sorted(found, key=lambda p: (p.page, p.bbox[1]))
