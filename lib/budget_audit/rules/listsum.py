"""Stated totals against the items a sentence lists for them ("包括：A x万元、B y万元…")."""
from __future__ import annotations

from ..claims import listed_items
from ..interval import gap, sum_intervals
from ._candidates import claim_interval_wan
from ._core import rule


def _wan(iv, unit_of):
    return f"{iv.mid:,.2f} 万元" if unit_of == "万元" else f"{iv.mid * 10000:,.2f} 元"


@rule("NARR-LIST-SUM")
def list_sum(ctx):
    """A complete list (包括/分别为, not …等) must add up to its total; a partial one (主要用于,
    主要包括, …等) must not exceed it.  Intervals of the printed values decide."""
    for li in listed_items(ctx.claims):
        total = claim_interval_wan(li.total)
        s = sum_intervals(claim_interval_wan(c) for c in li.items)
        over = s.lo > total.hi
        short = s.hi < total.lo
        ok = not over and not short
        names = "、".join(f"{c.subject}{c.value}{c.unit}" for c in li.items)
        d = gap(total, s)
        yield ctx.check(
            ok, f"{li.total.subject} = 所列各项之和", stated=li.total.value_wan, expected=s.mid,
            unit="万元", page=li.total.page, row=li.total.section,
            doubt="" if li.complete or over else "“主要…/…等”的列举可能未列全",
            message="" if ok else (
                f"说明称{li.total.subject} {li.total.value} {li.total.unit}，其后{li.word}的各项之和为 "
                f"{s.mid:,.2f} 万元（{'超出' if over else '少'} {d:,.2f} 万元）"),
            evidence=f"{li.total.sentence[:80]} … {names}"[:300])
