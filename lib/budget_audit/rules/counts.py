"""Stated counts against themselves: a 其中 part larger than its whole ("8 个…，其中 15 个"),
and a count against the names it lists ("3家：甲局、乙局")."""
from __future__ import annotations

import re

from ..claims import ORG_SUFFIX, counted_names
from ..tableview import norm
from ..text import normalize_text
from ._core import rule
from .narrative import count_partition


def _noun(c) -> str:
    """What a count counts: the words right after it ("8个行政单位") or else its subject."""
    after = re.match(r"[\u4e00-\u9fff]{2,8}", normalize_text(c.sentence)[c.end:])
    if after and not re.match(r"其中|以上|以下|左右|次|的", after.group(0)):
        return after.group(0)
    return norm(c.subject)


@rule("NARR-COUNT-SUBSET")
def subset(ctx):
    """A part introduced by 其中 can never exceed its whole: same unit word, and the part names
    the same kind of thing (its noun ends like the whole's: 单位 … 行政单位)."""
    for c in ctx.claims:
        if c.kind != "count" or not c.parts or c.value is None or count_partition(c):
            continue  # partitions of head counts are NARR-COUNT's
        head = _noun(c)
        if len(head) < 2:
            continue
        for p in c.parts:
            if p.value is None or p.unit != c.unit or not _noun(p).endswith(head[-2:]):
                continue
            ok = p.value <= c.value
            yield ctx.check(
                ok, f"{c.subject} 其中 {p.subject}", stated=p.value, expected=c.value,
                unit=c.unit, page=p.page,
                message="" if ok else (f"{c.subject} {c.value}{c.unit}，其中{p.subject} "
                                       f"{p.value}{p.unit}，分项大于总数"),
                evidence=c.sentence[:200])


@rule("NARR-COUNT-LIST")
def listed(ctx):
    """A 个/家 count followed by the names it counts: as many names as the count."""
    for cn in counted_names(ctx.claims):
        c, n = cn.count, len(cn.names)
        ok = n == c.value
        # every name a body's name (…局, …中心): the list is read for sure
        sure = all(ORG_SUFFIX.search(x) for x in cn.names)
        yield ctx.check(
            ok, f"{c.subject} 所列名称数", stated=c.value, expected=n, unit=c.unit,
            doubt="" if sure else "名称列表的切分不确定", page=c.page,
            message="" if ok else (f"说明称{c.subject} {c.value}{c.unit}，随后列出 {n} 个名称"
                                   f"（{'、'.join(cn.names)[:80]}）"),
            evidence=c.sentence[:200])
