"""The unit word of a stated amount: "1682.76元" where the tables say 1,682.76 万元."""
from __future__ import annotations

from ..interval import printed
from ..tableview import Cell
from ..units import WAN_PER
from ._core import rule

_OTHER = {"元": "万元", "万元": "元"}


def unit_slip(c, ivs) -> str | None:
    """The unit the claim's number fits the tables in, when its own unit does not fit and
    元 ↔ 万元 does (None otherwise).  A zero fits every unit and is never a slip."""
    other = _OTHER.get(c.unit)
    if other is None or not c.value:
        return None
    iv = printed(c.value, c.decimals)
    own = iv * WAN_PER[c.unit] if WAN_PER[c.unit] != 1 else iv
    if any(own.overlaps(x) for x in ivs):
        return None
    alt = iv * WAN_PER[other] if WAN_PER[other] != 1 else iv
    return other if any(alt.overlaps(x) for x in ivs) else None


@rule("NARR-UNIT-WORD")
def unit_word(ctx):
    from ._candidates import candidates
    for c in ctx.claims:
        if c.kind != "amount" or c.unit not in _OTHER or not c.value:
            continue
        cands = candidates(ctx, c)
        if not cands:
            continue
        ivs = [x.interval() if isinstance(x, Cell) else x for x in cands]
        other = unit_slip(c, ivs)
        if other is None:
            continue
        cell = next((x for x in cands if isinstance(x, Cell)), None)
        yield ctx.check(
            False, f"{c.subject} 金额单位", stated=c.value, expected=c.value, unit=c.unit,
            doubt="" if cell is not None else "报表中无对应的单元格可核对",
            table=cell.table if cell is not None else None,
            row=cell.label if cell is not None else None,
            column=cell.column if cell is not None else None, page=c.page,
            message=(f"说明称{c.subject} {c.value}{c.unit}，报表同一数字为 {c.value}{other}"
                     f"（{cell.table if cell is not None else ''}）：金额单位应为“{other}”"),
            evidence=c.sentence[:160])
