"""The tail of a label printed past its cell into the next one (issue item 7): a long 项目名称
whose last characters land in the amount or code cell on its right."""
from __future__ import annotations

import re

from ..numbers import NotANumber, parse_amount

__all__ = ["label_overflow"]

_SPILL = re.compile(r"^([\u3400-\u9fff“”‘’（）()、，]{1,4})\s*(-?[\d,]+(?:\.\d+)?)$")


def label_overflow(g) -> tuple[str, str] | None:
    """(characters, number) of a cell that holds the tail of the label on its left, printed past
    the label's cell, then its own amount or code (选700000, 险50102): the characters start at
    the cell's left edge and the number stands apart from them (at least a glyph's width)."""
    m = _SPILL.match(g.text or "")
    chars = sorted((ch for ch in g.chars if ch["text"].strip()), key=lambda ch: ch["x0"])
    if not m or len(chars) != len(re.sub(r"\s", "", g.text)):
        return None
    if max(ch["top"] for ch in chars) - min(ch["top"] for ch in chars) > 0.5 * (chars[0]["bottom"] - chars[0]["top"]):
        return None  # one line only
    head, tail = chars[:len(m.group(1))], chars[len(m.group(1)):]
    width = max(ch["x1"] - ch["x0"] for ch in head)
    if head[0]["x0"] - g.x0 > 2 * width or tail[0]["x0"] - head[-1]["x1"] < width:
        return None
    try:
        parse_amount(m.group(2))
    except NotANumber:
        return None
    return m.group(1), m.group(2)
