"""The narrative against the tables: amounts, shares, changes, counts, parts, 主要用于."""
from __future__ import annotations

import re
from decimal import Decimal

from ..claims import Claim
from ..interval import Interval, printed, ratio_percent, sum_intervals, ulps_outside
from ..tableview import Cell, norm
from ._candidates import _NOT_CURRENT, _in_unit, _scope, candidates, claim_interval_wan
from ._core import rule
from ._forms import dept_prior_totals
from .ties import half_cell, total_cell
from .unitword import unit_slip


def _cell_desc(x) -> str:
    if isinstance(x, Cell):
        unit = f" {x.unit}" if x.unit and x.unit != "万元" else ""
        return f"{x.table} {x.label}「{x.column}」= {x.raw or x.value or 0}{unit}"
    return str(x.mid)


@rule("NARR-AMOUNT")
def amounts(ctx):
    for c in ctx.claims:
        if c.kind != "amount" or not c.is_money or c.value is None:
            continue
        cands = candidates(ctx, c)
        if not cands:
            continue
        iv = claim_interval_wan(c)
        ivs = [x.interval() if isinstance(x, Cell) else x for x in cands]
        ok = any(iv.overlaps(x) for x in ivs)
        if not ok and unit_slip(c, ivs):
            continue  # the number is right in the other unit: NARR-UNIT-WORD reports it
        first = cands[0]
        exp_wan = (first.amount() if first.value is not None else Decimal(0)) \
            if isinstance(first, Cell) else first.mid
        expected = _in_unit(c, exp_wan)
        doubt = ("说明所称“涉及”的金额是绩效目标覆盖的部分，未说明是项目支出还是全部拨款"
                 if norm(c.subject).startswith("涉及") else "") or (
            "" if ok else _within_last_digit(iv, [x.interval() for x in cands if isinstance(x, Cell)])
            or _project_named_like_a_class(c, first))
        yield ctx.check(
            ok, c.subject, stated=c.value, expected=expected, unit=c.unit,
            table=first.table if isinstance(first, Cell) else None,
            row=first.label if isinstance(first, Cell) else None,
            column=first.column if isinstance(first, Cell) else None,
            page=c.page, bbox=None, doubt=doubt,
            message="" if ok else (f"说明称{c.subject} {c.value} {c.unit}，报表为 "
                                   f"{expected:.2f} {c.unit}（{_cell_desc(first)}）"),
            evidence=c.sentence)


def _project_named_like_a_class(c: Claim, first) -> str:
    """A sentence under a heading that lists projects names a project: a classification row of
    the same name (社会组织管理 the project, 社会组织管理 the 功能 item) need not be the same money."""
    if isinstance(first, Cell) and first.table != "project" and "项目" in norm(c.section or ""):
        return "该句位于列举项目的段落，所称可能是同名项目而非同名科目，两者口径不一定相同"
    return ""


def _within_last_digit(stated: Interval, cells: list[Interval]) -> str:
    """Why a miss is not certain when a table cell prints more decimals than the sentence and
    the two differ by less than one unit of the sentence's last digit: the sentence may have
    adjusted its rounding so that its parts add up to its total (尾差), or truncated."""
    from ..interval import gap
    ulp = stated.hi - stated.lo
    if any(x.hi - x.lo < ulp and gap(stated, x) < ulp for x in cells):
        return "报表印有更多小数位，说明数与之相差不足末位一个单位，可能是为使分项之和等于总数所作的尾差调整或截尾"
    return ""


def _known_whole(ctx, share: Claim, whole: Interval, parts: list) -> bool:
    """The summed amounts of sibling shares are a whole the document states elsewhere: a
    table total, or an amount stated earlier in the same section (not one of the parts)."""
    cells = [total_cell(ctx, "gpb_function", "合计"), total_cell(ctx, "expense", "合计"),
             total_cell(ctx, "income", "合计"),
             half_cell(ctx, "income_expense_summary", "支出", "本年支出合计")]
    if any(c is not None and c.value is not None and c.interval().overlaps(whole) for c in cells):
        return True
    root = " / ".join((share.section_path or "").split(" / ")[:2])
    for c in ctx.claims:
        if c is share:
            break
        if (c.kind == "amount" and c.is_money and c.value and root and c not in parts
                and (c.section_path or "").startswith(root)
                and claim_interval_wan(c).overlaps(whole)):
            return True
    return False


def _named_whole(ctx, share: Claim):
    """(interval, description) of the whole a share names: an amount the narrative stated
    before under that name, or the one table cell the name describes; None when neither."""
    want = norm(share.whole)
    for c in reversed([c for c in ctx.claims[:ctx.claims.index(share)]]):
        if c.kind == "amount" and c.is_money and c.value and norm(c.subject) == want:
            return claim_interval_wan(c), f"{c.subject} {c.value}"
    probe = Claim("amount", share.whole, Decimal(1), 0, "万元", share.sentence, page=share.page,
                  section=share.section, section_path=share.section_path)
    cells = [x for x in candidates(ctx, probe) if isinstance(x, Cell) and x.value]
    if len({x.amount() for x in cells}) == 1:
        return cells[0].interval(), _cell_desc(cells[0])
    return None


@rule("NARR-SHARE")
def shares(ctx):
    claims = ctx.claims
    for c in claims:
        if c.kind != "share" or c.ref is None or c.ref.value is None or not c.ref.is_money:
            continue
        part = claim_interval_wan(c.ref)
        base = None
        base_desc = ""
        if c.whole:
            # the whole named in the sentence (占…的比重) is the base, or nothing is
            named = _named_whole(ctx, c)
            if named is None:
                continue
            base, base_desc = named
        elif c.ref.parent is not None and c.ref.parent.is_money and c.ref.parent.value:
            base = claim_interval_wan(c.ref.parent)
            base_desc = f"{c.ref.parent.subject} {c.ref.parent.value}"
        else:
            sibs = [s for s in claims if s.kind == "share" and s.sentence_index == c.sentence_index
                    and s.ref is not None and s.ref.parent is None and s.ref.is_money]
            if len(sibs) >= 2:
                tot = sum_intervals(printed(s.value, s.decimals) for s in sibs)
                whole = sum_intervals(claim_interval_wan(s.ref) for s in sibs)
                if tot.contains(Decimal(100)) or _known_whole(ctx, c, whole, [s.ref for s in sibs]):
                    base = whole
                    base_desc = "+".join(f"{s.ref.subject}{s.ref.value}" for s in sibs)
        if base is None or base.lo <= 0:
            continue
        ratio = ratio_percent(part, base)
        miss = ulps_outside(printed(c.value, c.decimals), ratio, c.decimals)
        yield ctx.check(
            not miss, f"{c.subject} 占比", stated=c.value,
            expected=ratio.mid.quantize(Decimal("0.01")), unit="%", page=c.page, miss=miss,
            message="" if not miss else (f"说明称{c.subject}占 {c.value}%，按 {c.ref.value}/{base_desc} "
                                   f"复算为 {ratio.mid:.2f}%"),
            evidence=c.sentence)


def _prior_for(ctx, amount: Claim, ref_year: int | None = None):
    """(prior interval, description) from the document itself, or None."""
    s = norm(amount.subject)
    key = None
    if "收支总预算" in s and "财政拨款" not in s:
        key = "total"
    elif re.search(r"^(部门)?收入预算$", s):
        key = "income"
    elif re.search(r"^(部门)?支出预算$", s):
        key = "expense"
    if key is None:
        return None
    priors = dept_prior_totals(ctx)
    if not priors:
        return None
    cands = [priors.get(k) for k in (("income", "expense") if key == "total" else (key,))]
    cands = [p for p in cands if p is not None]
    for p in cands:
        cur_iv, prior_iv, year = p
        if ref_year is not None and year is not None and year != ref_year:
            continue
        if cur_iv.overlaps(claim_interval_wan(amount)):
            return prior_iv, f"部门整体绩效目标表 {year or '上年'} 年 {prior_iv.mid:.2f} 万元"
    return None


@rule("NARR-CHANGE")
def changes(ctx):
    by_ref: dict[int, list[Claim]] = {}
    for c in ctx.claims:
        if c.kind in ("change", "pct_change") and c.ref is not None and not c.flat:
            by_ref.setdefault(id(c.ref), []).append(c)
    for group in by_ref.values():
        yield from _change_group(ctx, group)


def _change_group(ctx, group: list[Claim]):
    """The change amount and rate stated of one amount: against the prior the sentence or the
    document gives, else against each other."""
    amount = group[0].ref
    if amount.value is None or not amount.is_money:
        return
    money = [g for g in group if g.kind == "change" and g.value is not None]
    pct = [g for g in group if g.kind == "pct_change"]
    ch = money[0] if money else None
    p = pct[0] if pct else None
    cur = claim_interval_wan(amount)
    year = next((g.ref_year for g in group if g.ref_year is not None), None)
    # a base the sentence names (比年初预算数 X) is the base; else the document's own prior
    prior = ((claim_interval_wan(amount.base), f"句中所称基数 {amount.base.value} {amount.base.unit}")
             if amount.base is not None and amount.base.is_money else _prior_for(ctx, amount, year))
    ch_iv = claim_interval_wan(ch) if ch is not None else None
    implied_prior = cur - ch_iv if ch_iv is not None else None
    self_consistent = None
    if p is not None and ch_iv is not None and implied_prior.lo > 0:
        self_consistent = printed(p.value, p.decimals).overlaps(
            ratio_percent(ch_iv, implied_prior))
    if prior is not None:
        yield from _against_prior(ctx, amount, ch, p, cur, prior, self_consistent)
    elif self_consistent is not None:
        exp_pct = ratio_percent(ch_iv, implied_prior)
        yield ctx.check(
            self_consistent, f"{amount.subject} 增减率（由增减额推算上年 "
            f"{implied_prior.mid:.2f}）", stated=p.value,
            miss=ulps_outside(printed(p.value, p.decimals), exp_pct, p.decimals),
            expected=exp_pct.mid.quantize(Decimal("0.01")), unit="%", page=p.page,
            message="" if self_consistent else (
                f"同一句中增减额与增减率矛盾：{amount.value}{amount.unit}，变动 {ch.value}"
                f"{ch.unit}（上年应为 {implied_prior.mid:.2f}），复算变动率 {exp_pct.mid:.2f}%，"
                f"而所述为 {p.value}%"),
            evidence=p.sentence)


def _against_prior(ctx, amount: Claim, ch: Claim | None, p: Claim | None, cur: Interval, prior,
                   self_consistent):
    """The stated change (and rate) against ``prior`` (interval, description)."""
    ch_iv = claim_interval_wan(ch) if ch is not None else None
    prior_iv, prior_desc = prior
    exp_change = cur - prior_iv
    ch_ok = ch_iv.overlaps(exp_change) if ch is not None else None
    exp_pct = ratio_percent(exp_change, prior_iv) if (p is not None and prior_iv.lo > 0) \
        else None
    p_ok = printed(p.value, p.decimals).overlaps(exp_pct) if exp_pct is not None else None

    def doubt_for(other_ok):
        # certain only when the document's prior is confirmed as the sentence's base
        # (the other figure of the sentence agrees with it) or the sentence contradicts
        # itself; otherwise the sentence may compare with another base
        if amount.base is not None or other_ok is True or self_consistent is False:
            return ""
        return "句中另一数字未能印证该上年数就是所比的基数，可能另有比较口径"

    if ch is not None:
        msg = ""
        if not ch_ok:
            msg = (f"说明称{amount.subject}比上年{'减少' if ch.value < 0 else '增加'} "
                   f"{abs(ch.value)} {ch.unit}，按{prior_desc}应为"
                   f"{'减少' if exp_change.mid < 0 else '增加'} {abs(exp_change.mid):.2f} 万元")
            if p is not None and prior_iv.lo > 0:
                wrong = ratio_percent(ch_iv, prior_iv)
                msg += (f"；所述 {abs(p.value)}% " + ("与" if p_ok else "亦不合")
                        + f" {abs(exp_change.mid):.2f}/{prior_iv.mid:.2f}"
                        + ("相符" if p_ok else "")
                        + f"，而 {abs(ch.value)}/{prior_iv.mid:.2f}={abs(wrong.mid):.1f}%")
        yield ctx.check(ch_ok, f"{amount.subject} 增减额", stated=ch.value,
                        expected=_in_unit(ch, exp_change.mid).quantize(Decimal("0.01")),
                        doubt=doubt_for(p_ok), unit=ch.unit, page=ch.page, message=msg,
                        evidence=ch.sentence)
    if exp_pct is not None:
        miss = ulps_outside(printed(p.value, p.decimals), exp_pct, p.decimals)
        yield ctx.check(
            not miss, f"{amount.subject} 增减率", stated=p.value, doubt=doubt_for(ch_ok),
            expected=exp_pct.mid.quantize(Decimal("0.01")), miss=miss, unit="%",
            page=p.page,
            message="" if not miss else (f"说明称{amount.subject}变动 {p.value}%，按{prior_desc}"
                                   f"复算为 {exp_pct.mid:.2f}%"),
            evidence=p.sentence)


def count_partition(c: Claim) -> list | None:
    """The parts of a head count that partition it (编制数 21 人，其中：行政编制…), else None."""
    if c.kind != "count" or not c.parts or c.value is None or c.unit != "人":
        return None
    head = norm(c.subject)
    if re.search(r"编制", head):
        kind = "编制"
    elif re.search(r"实有|在职|离退休|人员", head):
        kind = "人员"
    else:
        return None  # 专任教师 其中 教授… : overlapping categories, not a partition
    parts = [p for p in c.parts if p.value is not None]
    if len(parts) < 2 or not all(kind in norm(p.subject) for p in parts):
        return None
    return parts


@rule("NARR-COUNT")
def counts(ctx):
    for c in ctx.claims:
        parts = count_partition(c)
        if parts is None:
            continue
        s = sum(p.value for p in parts)
        ok = s == c.value
        yield ctx.check(
            ok, f"{c.subject} = 各分项之和", stated=c.value, expected=s, unit=c.unit,
            doubt="" if s > c.value else "“其中”所列分项可能不全", page=c.page,
            message="" if ok else (f"{c.subject} {c.value}{c.unit}，其中各项之和为 {s}{c.unit}"
                                   + ("（分项超过总数）" if s > c.value else "（分项少于总数，可能未列全）")),
            evidence=c.sentence + " " + " ".join(p.sentence for p in parts if p.sentence != c.sentence))


@rule("NARR-PARTS")
def parts(ctx):
    claims = ctx.claims
    for c in claims:
        if c.kind != "amount" or c.value is None or not c.is_money:
            continue
        s = norm(c.subject)
        if "政府采购" in s:
            sibs = [x for x in claims if x.kind == "amount"
                    and x.sentence_index in (c.sentence_index, c.sentence_index + 1)
                    and x.section == c.section
                    and re.fullmatch(r"(货物|工程|服务)类?", norm(x.subject))]
            names = {norm(x.subject)[:2] for x in sibs}
            if len(sibs) == 3 and len(names) == 3:
                tot = sum_intervals(claim_interval_wan(x) for x in sibs)
                ok = claim_interval_wan(c).overlaps(tot)
                yield ctx.check(
                    ok, "政府采购 = 货物 + 工程 + 服务", stated=c.value,
                    expected=_in_unit(c, tot.mid), unit=c.unit, page=c.page,
                    message="" if ok else (f"政府采购合计 {c.value}{c.unit}，货物、工程、服务类之和为 "
                                           f"{tot.mid:.2f}"),
                    evidence=c.sentence)
    # 三公: stated total = Σ stated items (only when every item is stated)
    tp = [c for c in claims if c.kind == "amount" and _scope(c) == "three_public" and c.is_money
          and not _NOT_CURRENT.search(norm(c.subject))]
    total = [c for c in tp if "三公" in c.subject]
    items = {}
    for c in tp:
        if c in total:
            continue
        s, title = norm(c.subject), norm(c.section)
        if "出国" in s or ("出国" in title and s in ("预算控制数", "预算数")):
            items.setdefault("abroad", c)
        elif "接待" in s:
            items.setdefault("reception", c)
        elif "购置" in s and "运行" not in s:
            items.setdefault("purchase", c)
        elif "运行" in s and "购置" not in s:
            items.setdefault("running", c)
    if len(total) == 1 and len(items) == 4:
        tot = sum_intervals(claim_interval_wan(x) for x in items.values())
        t = total[0]
        ok = claim_interval_wan(t).overlaps(tot)
        yield ctx.check(
            ok, "三公经费 = 各项之和", stated=t.value, expected=_in_unit(t, tot.mid), unit=t.unit,
            page=t.page,
            message="" if ok else f"说明中“三公”经费 {t.value}{t.unit}，各项之和为 {tot.mid:.2f}",
            evidence=t.sentence)


@rule("NARR-MAIN-USE")
def main_use(ctx):
    t = ctx.table("gpb_function") or ctx.table("expense")
    if t is None:
        return
    col = t.col("合计")
    if col is None:
        return
    for c in ctx.claims:
        if c.kind != "main_use" or len(c.targets) != 1:
            continue
        cls = [r for r in t.rows_named(c.subject) if r.code and r.code.isdigit() and len(r.code) == 3]
        if not cls:
            continue
        code = cls[0].code
        items = [r for r in t.rows if r.code.startswith(code) and len(r.code) == 7
                 and r.get(col) is not None and r.get(col).value is not None]
        x = norm(c.targets[0])
        named = [r for r in items if r.nname == x] or [r for r in items if x and (x in r.nname or r.nname in x)]
        if len(named) != 1 or len(items) < 2:
            continue
        item = named[0]
        largest = max(items, key=lambda r: r.get(col).value)
        ok = item.get(col).interval().overlaps(largest.get(col).interval()) or item is largest
        cell = item.get(col)
        yield ctx.check(
            ok, f"{c.subject} 主要用于 {c.targets[0]}", stated=cell.amount(),
            expected=largest.get(col).amount(), unit="万元", table=t.id, row=largest.label,
            column=col, page=c.page,
            message="" if ok else (f"说明称{c.subject}“主要用于{c.targets[0]}”（{cell.raw or cell.value} 万元），"
                                   f"但该类中最大的是 {largest.name}（{largest.get(col).raw} 万元）"),
            evidence=c.sentence)
