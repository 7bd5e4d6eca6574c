"""Text lines of a page built from its characters (one line = one visual row).

Lines are clustered on the vertical centre of each glyph, so a sentence's numbers stay on
the same line as its words even when digits and Chinese come from fonts with different
ascent/descent (the trap of ``extract_text()`` on some producers).
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Line", "page_lines", "inside", "cluster_lines", "drop_double_struck", "CELL_LINES",
           "PAGE_LINES"]


@dataclass
class Line:
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    chars: list = field(default_factory=list, repr=False)
    size: float = 0.0

    @property
    def mid(self):
        return (self.top + self.bottom) / 2


def inside(cx: float, cy: float, box) -> bool:
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


# How far (in glyph heights) a glyph's middle may sit from its line's before it starts a new
# line, and whether the line's middle follows its glyphs (running mean) or stays the first
# glyph's.  Measured on the first 17 corpus documents (every join_chars and page_lines
# input): no single setting keeps both outputs.  The pages' setting changes 48 cells (47 in
# one document), a running mean at 0.5 changes 5 绩效 cells whose text overflows its line, and
# the cells' setting changes the lines of 81 pages in 9 documents.  So each caller keeps the
# setting its pinned output was made with.
CELL_LINES = (0.5, False)
PAGE_LINES = (0.45, True)


def _mid(c) -> float:
    return (c["top"] + c["bottom"]) / 2


def cluster_lines(chars, tolerance: float, running_mean: bool) -> list[list]:
    """Glyphs → visual lines, top to bottom, each left to right; whitespace glyphs dropped.
    Glyphs are taken by their vertical middle; one starts a new line when its middle is more
    than ``tolerance`` × the taller glyph height from the line's middle: its first glyph's, or
    with ``running_mean`` the mean of its glyphs so far (keeps long lines together; the line
    height is then set by its first three glyphs)."""
    groups, cur, cur_mid, cur_h = [], [], 0.0, 0.0
    for c in sorted((c for c in chars if not c["text"].isspace()), key=_mid):
        mid = _mid(c)
        h = max(c["bottom"] - c["top"], 1.0)
        if cur and abs(mid - cur_mid) > tolerance * max(h, cur_h):
            groups.append(cur)
            cur = []
        if not cur:
            cur_mid, cur_h = mid, h
        elif running_mean:
            cur_mid = (cur_mid * len(cur) + mid) / (len(cur) + 1)
            cur_h = max(cur_h, h) if len(cur) < 3 else cur_h
        cur.append(c)
    if cur:
        groups.append(cur)
    for g in groups:
        g.sort(key=lambda c: c["x0"])
    return groups


def drop_double_struck(line: list) -> list:
    """A line's glyphs without the copies a fake-bold font draws on top of each glyph."""
    out = []
    for c in line:
        if out and abs(c["x0"] - out[-1]["x0"]) < 0.3 and c["text"] == out[-1]["text"]:
            continue
        out.append(c)
    return out


def page_lines(page, pno: int, exclude_boxes=()) -> list[Line]:
    chars = [c for c in page.chars
             if not any(inside((c["x0"] + c["x1"]) / 2, _mid(c), b) for b in exclude_boxes)]
    out = []
    for g in cluster_lines(chars, *PAGE_LINES):
        text, last = [], None
        for c in drop_double_struck(g):
            # keep a single space for visible gaps between ASCII runs (e.g. '2024 0.3')
            if last is not None and c["x0"] - last["x1"] > 0.6 * max(c["size"], 1) and text and text[-1] != " ":
                if (text[-1].isascii() and text[-1].isalnum()) or (c["text"].isascii() and c["text"].isalnum()):
                    text.append(" ")
            text.append(c["text"])
            last = c
        sizes = sorted(c["size"] for c in g)
        out.append(Line(pno, min(c["x0"] for c in g), min(c["top"] for c in g),
                        max(c["x1"] for c in g), max(c["bottom"] for c in g), "".join(text), g,
                        sizes[len(sizes) // 2]))
    return out
