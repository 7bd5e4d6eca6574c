"""A change's rate printed beside it without a verb ("降低38.17万元（56.57%）", "，降幅为5.2%"),
recomputed from the sentence's own amounts: prior = amount − change, rate = |change| / prior.
The rates with a verb of their own ("下降 6.6%") are NARR-CHANGE's."""
from __future__ import annotations

from decimal import Decimal

from ..claims import own_rates
from ..interval import printed, ratio_percent, ulps_outside
from ._candidates import claim_interval_wan
from ._core import rule


@rule("NARR-CHANGE-RATE")
def own_rate(ctx):
    for r in own_rates(ctx.claims):
        ch, amount = r.change, r.change.ref
        if amount.value is None or not amount.is_money:
            continue
        ch_iv = claim_interval_wan(ch)
        prior = claim_interval_wan(amount) - ch_iv
        if prior.lo <= 0:
            continue
        rate = ratio_percent(ch_iv, prior)
        rate = -rate if ch.value < 0 else rate  # unsigned, as printed
        miss = ulps_outside(printed(r.value, r.decimals), rate, r.decimals)
        ok = not miss
        # the point values as printed, for the message
        cur, chg = amount.value_wan, abs(ch.value_wan)
        before = cur - ch.value_wan
        point = chg / before * 100
        msg = ""
        if not ok:
            msg = (f"说明称{amount.subject} {amount.value}{amount.unit}，比上年"
                   f"{'减少' if ch.value < 0 else '增加'} {abs(ch.value)}{ch.unit}（{r.value}%），"
                   f"按其自身数字上年为 {before:,.2f} 万元，变动率应为 {point:.2f}%")
            if cur and printed(r.value, r.decimals).overlaps(
                    ratio_percent(abs_iv(ch_iv), claim_interval_wan(amount))):
                msg += f"（{r.value}% 是以本年数 {amount.value} 为分母算出的）"
        yield ctx.check(
            ok, f"{amount.subject} 增减率", stated=r.value,
            expected=point.quantize(Decimal(1).scaleb(-max(r.decimals, 2))), unit="%",
            miss=miss, page=ch.page, message=msg, evidence=ch.sentence[:200])


def abs_iv(iv):
    return -iv if iv.hi < 0 else iv
