"""A base the sentence names ("比2023年预算数16500.00万元减少878.89万元") against last year's
document: a cross-year matter of its own.

The sentence's change is judged against the base it names (NARR-CHANGE); whether that named
base is what last year's document printed is this rule's question.  A disagreement is a
warning: the base may be a later figure of last year (调整预算, 执行数) printed under the same
words, so it is never an amount error.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .. import keyfigures as kf
from ..text import normalize_text
from ._core import Context, rule
from .years import _agree, _claim_iv, _desc, _doc_desc, _ivs, prior_context

# "比2023年预算数", "比上年年初预算数", "较2023年决算数": the year and the kind of the named base
_NAMED = re.compile(r"(?:(?P<y>\d{4})\s*年度?|(?P<last>上一?年度?|去年))?\s*的?\s*"
                    r"(?P<kind>年初预算|调整预算|全年预算|预计执行|预算|决算|执行|实际)")
_KINDS = {"预算": "budget", "年初预算": "budget", "决算": "final"}


def named_bases(ctx: Context):
    """(amount, base) pairs: an amount whose sentence names the money base it is compared with."""
    for c in ctx.claims:
        if c.kind == "amount" and c.base is not None and c.base.is_money and c.value is not None:
            yield c, c.base


@rule("YEAR-NAMED-BASE")
def named_base(ctx):
    pctx = prior_context(ctx)
    if pctx is None:
        return
    cur_meta, pmeta = ctx.input.meta or {}, pctx.input.meta or {}
    pkind = pmeta.get("kind") or "budget"
    used = _doc_desc(pmeta)
    for amount, base in named_bases(ctx):
        word = normalize_text(amount.sentence)[amount.end:base.start].strip("，, ")
        m = _NAMED.search(re.sub(r"\s+", "", word))
        # only a base that names last year's own document by its year and kind: 上年预算数 and
        # 上年年初预算数 are last year's budget, 上年决算数 its final accounts; 执行数, 调整预算
        # are figures last year's document does not print
        if m is None or _KINDS.get(m.group("kind")) != pkind or pmeta.get("year") is None:
            continue
        if m.group("y"):
            year = int(m.group("y"))
        elif m.group("last") and cur_meta.get("year"):
            year = int(cur_meta["year"]) - 1
        else:
            continue  # "比年初预算数" alone: in a 决算 that is this year's budget
        if year != int(pmeta["year"]):
            continue
        key = kf.subject_key(amount.subject, amount.section_path or amount.section, ctx)
        if key is None:
            continue
        p_cells = kf.figures(pctx, key) or kf.narrative_figures(pctx, key)
        if not p_cells or not _agree(_ivs(p_cells)):
            continue  # last year's document does not give one figure for it
        p_iv, b_iv = _ivs(p_cells)[0], _claim_iv(base)
        ok = b_iv.overlaps(p_iv)
        yield ctx.check(
            ok, f"{amount.subject} 句中所称上年基数", stated=base.value_wan,
            expected=p_iv.mid.quantize(Decimal("0.01")),
            unit="万元", page=base.page, row=used,
            message="" if ok else (
                f"说明称{amount.subject}{word}{base.value}{base.unit}，而{used}中该项为 "
                f"{_desc(p_cells[0])} 万元；本年增减按句中所称基数复算，此处的跨年差异请核对"
                f"（上年数可能已调整）"),
            evidence=f"{amount.sentence} ‖ 上年文件：{used}")
