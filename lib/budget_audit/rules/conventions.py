"""The document's own conventions, learned from its agreeing pairs and applied to the checks
of the other rules (run after them: ``Context.earlier``)."""
from __future__ import annotations

from ..interval import conversion_fit, decimals_of, rounding_convention
from ._core import rule

_MONEY = ("万元", "元")


def _fit(c):
    """How a check's two amounts relate when one is printed coarser than the other."""
    if (c.unit not in _MONEY or c.stated is None or c.expected is None
            or c.rule.startswith("ARITH-")):  # sums of printed figures, not conversions
        return None
    a, b = c.stated, c.expected
    if decimals_of(a) == decimals_of(b):
        return None
    coarse, fine = (a, b) if decimals_of(a) < decimals_of(b) else (b, a)
    return conversion_fit(coarse, fine)


@rule("CONV-ROUNDING")
def rounding(ctx):
    """Round half-up or truncate: learned from every pair of a coarse and a finer amount the
    other rules compared; under a consistent truncation, amounts that match their truncation
    pass, and one note says so."""
    # evidence: a pair that failed yet fits truncation only, or passed and fits rounding only
    # (a check that passed on another candidate says nothing about this pair)
    fits = [(c, f) for c in ctx.earlier
            if (f := _fit(c)) and (f == "truncate") != c.passed]
    convention = rounding_convention(f for _, f in fits)
    if convention != "truncate":
        # a difference the truncation of a converted amount explains (the policy: never certain)
        for c, f in fits:
            if f == "truncate" and not c.passed:
                c.explained = "差额可由元折算为万元时截尾而非四舍五入解释"
        return
    excused = [c for c, f in fits if f == "truncate" and not c.passed]
    for c in excused:
        c.passed, c.message = True, ""
    n = sum(1 for _, f in fits if f == "truncate")
    example = next(c for c, f in fits if f == "truncate")
    yield ctx.check(
        False, "元折算为万元的舍入惯例",
        message=(f"本文件将元折算为万元时采用截尾（{n} 处金额仅与截尾结果一致，无一处仅与四舍五入一致）；"
                 f"与截尾结果一致的 {len(excused)} 处金额不作为不一致"),
        evidence=f"例：{example.subject}：{example.stated} / {example.expected}")
