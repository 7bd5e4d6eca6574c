"""Text lines of a page built from its characters (one line = one visual row).

Lines are clustered on the vertical centre of each glyph, so a sentence's numbers stay on
the same line as its words even when digits and Chinese come from fonts with different
ascent/descent (the trap of ``extract_text()`` on some producers).
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Line", "page_lines", "inside"]


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


def page_lines(page, pno: int, exclude_boxes=()) -> list[Line]:
    chars = []
    for c in page.chars:
        if c["text"].isspace():
            continue
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if any(inside(cx, cy, b) for b in exclude_boxes):
            continue
        chars.append(c)
    chars.sort(key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups, cur, cur_mid, cur_h = [], [], 0.0, 0.0
    for c in chars:
        mid = (c["top"] + c["bottom"]) / 2
        h = max(c["bottom"] - c["top"], 1.0)
        if cur and abs(mid - cur_mid) > 0.45 * max(h, cur_h):
            groups.append(cur)
            cur = []
        if not cur:
            cur_mid, cur_h = mid, h
        else:  # running mean keeps long lines together
            cur_mid = (cur_mid * len(cur) + mid) / (len(cur) + 1)
            cur_h = max(cur_h, h) if len(cur) < 3 else cur_h
        cur.append(c)
    if cur:
        groups.append(cur)
    out = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        text, last = [], None
        for c in g:
            if last is not None and abs(c["x0"] - last["x0"]) < 0.3 and c["text"] == last["text"]:
                continue
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
