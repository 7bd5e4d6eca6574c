"""A base the sentence names ("比2023年预算数16500.00万元减少878.89万元") against last year's
document: a cross-year matter of its own.

The sentence's change is judged against the base it names (NARR-CHANGE); whether that named
base is what last year's document printed is this rule's question.  A disagreement is a
warning: the base may be a later figure of last year (调整预算, 执行数) printed under the same
words, so it is never an amount error.
"""
from __future__ import annotations

from decimal import Decimal

from ..claims import normalize_text
from ._core import AuditInput, Context, rule
from .years import (_agree, _base, _claim_iv, _desc, _doc_desc, _ivs, figures, narrative_figures,
                    subject_key)


def named_bases(ctx: Context):
    """(amount, base) pairs: an amount whose sentence names the money base it is compared with."""
    for c in ctx.claims:
        if c.kind == "amount" and c.base is not None and c.base.is_money and c.value is not None:
            yield c, c.base


@rule("YEAR-NAMED-BASE")
def named_base(ctx):
    prior = getattr(ctx.input, "prior", None)
    if prior is None:
        return
    pctx = Context(AuditInput.of(prior))
    cur_meta, pmeta = ctx.input.meta or {}, pctx.input.meta or {}
    pkind = pmeta.get("kind") or "budget"
    used = _doc_desc(pmeta)
    for amount, base in named_bases(ctx):
        said = _base(amount.sentence, base.start, cur_meta.get("year"))
        # only a base that names last year's own document: its year and its kind (预算/决算);
        # 年初预算数 / 执行数 / 调整预算 are figures last year's document does not print
        if said is None or said["kind"] != pkind or pmeta.get("year") is None \
                or said["year"] != int(pmeta["year"]):
            continue
        key = subject_key(amount.subject, amount.section_path or amount.section, ctx)
        if key is None:
            continue
        p_cells = figures(pctx, key) or narrative_figures(pctx, key)
        if not p_cells or not _agree(_ivs(p_cells)):
            continue  # last year's document does not give one figure for it
        p_iv, b_iv = _ivs(p_cells)[0], _claim_iv(base)
        ok = b_iv.overlaps(p_iv)
        word = normalize_text(amount.sentence)[amount.end:base.start].strip("，, ")
        yield ctx.check(
            ok, f"{amount.subject} 句中所称上年基数", stated=base.value_wan,
            expected=p_iv.mid.quantize(Decimal("0.01")),
            unit="万元", page=base.page, row=used,
            message="" if ok else (
                f"说明称{amount.subject}{word}{base.value}{base.unit}，而{used}中该项为 "
                f"{_desc(p_cells[0])} 万元；本年增减按句中所称基数复算，此处的跨年差异请核对"
                f"（上年数可能已调整）"),
            evidence=f"{amount.sentence} ‖ 上年文件：{used}")
