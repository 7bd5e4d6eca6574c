"""决算 (final accounts): 年初预算 vs 决算 in the narrative, the 三公 table's budget and actual
columns, and the carry-over identity of the 收支决算 tables.

Every rule here runs only on documents whose ``meta["kind"] == "final"``.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .. import keyfigures as kf  # a module: keyfigures itself imports the rules' table view
from ..claims.finals import (
    DIRECTION,
    budget_final_groups,
    direction,
    narrative_sentences,
    stated_bases,
    stated_number,
    subject_norm,
    three_public_items,
    three_public_statements,
)
from ..interval import Interval, exact, ratio_percent, sum_intervals, ulps_outside
from ..tableview import Cell, norm
from ._core import rule


def _is_final(ctx) -> bool:
    return (ctx.input.meta or {}).get("kind") == "final"


# -- FINAL-DIRECTION -----------------------------------------------------------------------------

def _rel_ok(rel: str, fin: Interval, bud: Interval) -> bool:
    if rel == "gt":
        return fin.hi > bud.lo
    if rel == "lt":
        return fin.lo < bud.hi
    return fin.overlaps(bud)


@rule("FINAL-DIRECTION")
def final_direction(ctx):
    if not _is_final(ctx):
        return
    for g in budget_final_groups(ctx.input.narrative):
        yield from _direction_checks(ctx, g)
        yield from _rate_checks(ctx, g)
        yield from _difference_checks(ctx, g)


def _direction_checks(ctx, g):
    """A stated direction ("决算数大于年初预算数") against the stated amounts."""
    fin_iv, fin_v = g["final"]
    subj = g["subject"] or "支出"
    for m in g["dirs"]:
        dsubj = subject_norm(m.group("subj"))
        gsubj = subject_norm(g["subject"])
        if dsubj and gsubj and dsubj not in gsubj and gsubj not in dsubj:
            continue
        rel = direction(m)
        if rel is None:
            continue
        bases = stated_bases(g, m.group("lab") or "")
        if not bases:
            continue
        ok = any(_rel_ok(rel, fin_iv, b[0]) for _, b in bases)
        name, (b_iv, b_v) = bases[0]
        # printed-equal amounts said to differ pass: the exact ones may
        said = {"gt": "大于", "lt": "小于", "eq": "持平"}[rel]
        yield ctx.check(
            ok, f"{subj} 决算与{name}方向", stated=fin_v, expected=b_v, unit="万元",
            page=g["page"],
            message="" if ok else (f"说明称{subj}决算数{said}预算数，而决算 {fin_v} 万元、"
                                   f"{name} {b_v} 万元"),
            evidence=g["sentence"] + " " + m.group(0))


def _rate_checks(ctx, g):
    """A stated completion rate ("完成年初预算的 Z%"): 决算 / the budget the label names."""
    fin_iv, fin_v = g["final"]
    subj = g["subject"] or "支出"
    for lab, num in g["pcts"]:
        p_iv, p_v = stated_number(num)
        named = stated_bases(g, lab)
        others = [b for b in stated_bases(g, "") if b not in named]
        usable = [(n, b) for n, b in named if b[0].lo > 0]
        if not usable:
            fits = [(n, b) for n, b in others if b[0].lo > 0
                    and p_iv.overlaps(ratio_percent(fin_iv, b[0]))]
            if named and fits:
                n, b = fits[0]
                yield ctx.check(
                    False, f"{subj} 完成预算比例的基数", sub="rate-base", stated=p_v,
                    expected=None, unit="%", page=g["page"],
                    message=(f"说明称完成{named[0][0]}的 {p_v}%，但{named[0][0]}为 "
                             f"{named[0][1][1]} 万元；该比例实为决算 {fin_v} / {n} {b[1]}"),
                    evidence=g["sentence"])
            continue
        n, (b_iv, b_v) = usable[0]
        ratio = ratio_percent(fin_iv, b_iv)
        miss = ulps_outside(p_iv, ratio, len(num.split(".")[1]) if "." in num else 0)
        fits = [on for on, b in others if b[0].lo > 0
                and p_iv.overlaps(ratio_percent(fin_iv, b[0]))]
        ok = not miss or bool(fits and not lab)
        yield ctx.check(
            ok, f"{subj} 完成{n}比例", stated=p_v,
            expected=ratio.mid.quantize(Decimal("0.01")), unit="%", miss=miss,
            doubt=f"该比例与{fits[0]}相符，可能只是所称基数有误" if fits else "",
            page=g["page"],
            message="" if ok else (f"说明称完成{n}的 {p_v}%，按决算 {fin_v} / {n} {b_v} "
                                   f"复算为 {ratio.mid:.2f}%"),
            evidence=g["sentence"])


def _difference_checks(ctx, g):
    """A stated difference ("比年初预算增加 D 万元，增长 P%"): 决算 − the budget, and its rate."""
    fin_iv, fin_v = g["final"]
    subj = g["subject"] or "支出"
    for m in g["diffs"]:
        bases = stated_bases(g, m.group("lab") or "")
        if not bases:
            continue
        name, (b_iv, b_v) = bases[0]
        sign = -1 if m.group("verb") in ("减少", "节约", "少") else 1
        d_iv, d_v = stated_number(m.group(3))
        d_iv = d_iv * Decimal(sign)
        exp_d = fin_iv - b_iv
        ok = d_iv.overlaps(exp_d)
        yield ctx.check(
            ok, f"{subj} 决算比{name}增减额", stated=d_v * sign,
            expected=exp_d.mid.quantize(Decimal("0.01")), unit="万元", page=g["page"],
            message="" if ok else (f"说明称决算比{name}{m.group('verb')} {d_v} 万元，"
                                   f"按决算 {fin_v} − {name} {b_v} 应为 {exp_d.mid:.2f} 万元"),
            evidence=g["sentence"])
        if m.group("pverb") and b_iv.lo > 0:
            psign = -1 if m.group("pverb") in ("下降", "降低") else 1
            pnum = m.group(5)
            p_iv, p_v = stated_number(pnum)
            ratio = ratio_percent(exp_d, b_iv)
            miss = ulps_outside(p_iv * Decimal(psign), ratio,
                                len(pnum.split(".")[1]) if "." in pnum else 0)
            yield ctx.check(
                not miss, f"{subj} 决算比{name}增减率", stated=p_v * psign,
                expected=ratio.mid.quantize(Decimal("0.01")), unit="%", miss=miss,
                page=g["page"],
                message="" if ok else (f"说明称决算比{name}{m.group('pverb')} {p_v}%，"
                                       f"复算为 {ratio.mid:.2f}%"),
                evidence=g["sentence"])


# -- FINAL-THREE-PUBLIC --------------------------------------------------------------------------

def staged_three_public(ctx) -> dict:
    """{(item, 'budget'|'final'): Cell} of a 决算 三公 table with 预算数/决算数 columns."""
    t = ctx.table("three_public")
    if t is None:
        return {}
    row = t.total_row() or (t.rows[0] if len(t.rows) == 1 else None)
    if row is None:
        return {}
    out = {}
    in_group = [c for c in t.columns if "三公" in c]
    for col in t.columns:
        st, segs = kf.split_stage(col)
        if st is None or (in_group and col not in in_group):
            continue
        key = kf.three_key(segs)
        c = row.get(col)
        if key and c is not None:
            out.setdefault((key, st), c)
    return out


def _cell_iv(c: Cell) -> Interval:
    return c.interval()


_NAMES = {"total": "“三公”经费", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
          "purchase": "公务用车购置费", "running": "公务用车运行维护费", "reception": "公务接待费"}


@rule("FINAL-THREE-PUBLIC")
def final_three_public(ctx):
    if not _is_final(ctx):
        return
    cells = staged_three_public(ctx)
    if not cells or not any(k[1] == "budget" for k in cells):
        return
    year = (ctx.input.meta or {}).get("year")
    for path, s, page, _ in narrative_sentences(ctx.input.narrative):
        if "三公" not in path:
            continue
        yield from _three_public_amounts(ctx, cells, s, page, year)
        yield from _three_public_directions(ctx, cells, s, page)


def _three_public_amounts(ctx, cells: dict, s: str, page, year):
    """The amounts and completion rates a 三公 sentence states against the table's 预算数 and
    决算数 columns."""
    current_final_item = None
    stated: dict = {}
    for m, item, clause in three_public_statements(s, year):
        iv, v = stated_number(m.group(1))
        if m.group(2) == "%":
            if not re.search(r"完成(年初)?预算(数)?的$", clause):
                continue
            fin_item = current_final_item or item
            b, f = cells.get((fin_item, "budget")), cells.get((fin_item, "final"))
            if b is None or f is None or b.value is None or _cell_iv(b).lo <= 0:
                continue
            ratio = ratio_percent(_cell_iv(f), _cell_iv(b))
            miss = ulps_outside(iv, ratio, len(m.group(1).split(".")[1]) if "." in m.group(1)
                                else 0)
            ok = not miss
            if not ok:  # the narrative's own budget and 决算 of the item, when stated
                sb, sf = stated.get((fin_item, "budget")), stated.get((fin_item, "final"))
                if sb is not None and sb.lo > 0:
                    ok = iv.overlaps(ratio_percent(sf or _cell_iv(f), sb))
            yield ctx.check(
                ok, f"{_NAMES[fin_item]} 完成预算比例", stated=v,
                expected=ratio.mid.quantize(Decimal("0.01")), unit="%", miss=miss,
                table="three_public", column=f.column, page=page,
                message="" if ok else (f"说明称{_NAMES[fin_item]}完成预算的 {v}%，按三公表"
                                       f"决算 {f.raw} / 预算 {b.raw} 复算为 {ratio.mid:.2f}%"),
                evidence=s)
            continue
        if re.search(r"全年|调整", clause):
            continue
        stage = "budget" if ("预算" in clause and "决算" not in clause) else "final"
        stated[(item, stage)] = iv
        if stage == "final":
            current_final_item = item
        cell = cells.get((item, stage))
        if cell is None:
            continue
        civ = _cell_iv(cell) if cell.value is not None else exact(0)
        ok = iv.overlaps(civ)
        exp_v = cell.amount() if cell.value is not None else Decimal(0)
        stage_zh = "预算数" if stage == "budget" else "决算数"
        # a 年初预算 against a table whose 预算数 may be the adjusted (全年) budget
        doubt = ("说明所称年初预算数，表中预算数可能是调整后的全年预算"
                 if stage == "budget" and "年初" in clause else "")
        yield ctx.check(
            ok, f"{_NAMES[item]} {stage_zh}", stated=v, expected=exp_v, unit="万元",
            doubt=doubt,
            table="three_public", row=cell.label, column=cell.column, page=page,
            bbox=cell.bbox,
            message="" if ok else (f"说明称{_NAMES[item]}{stage_zh} {v} 万元，三公表为 "
                                   f"{cell.raw or 0} 万元"),
            evidence=s)


def _three_public_directions(ctx, cells: dict, s: str, page):
    """A stated direction of a 三公 item ("决算数小于预算数") against the table's columns."""
    items = three_public_items(s)
    for m in DIRECTION.finditer(s):
        here = [k for p, k in items if p < m.end()]
        key = here[-1] if here else "total"
        if m.group("lab") in ("全年", "调整", "调整后"):
            continue
        word = m.group("rel")
        rel = direction(m)
        b, f = cells.get((key, "budget")), cells.get((key, "final"))
        if rel is None or b is None or f is None:
            continue
        biv = _cell_iv(b) if b.value is not None else exact(0)
        fiv = _cell_iv(f) if f.value is not None else exact(0)
        ok = _rel_ok(rel, fiv, biv)
        yield ctx.check(
            ok, f"{_NAMES[key]} 决算与预算方向", stated=f.amount() or Decimal(0),
            expected=b.amount() or Decimal(0), unit="万元",
            table="three_public", column=f.column, page=page,
            message="" if ok else (f"说明称{_NAMES[key]}决算数{word}预算数，三公表决算 "
                                   f"{f.raw or 0}、预算 {b.raw or 0}"),
            evidence=s)


# -- FINAL-CARRYOVER -----------------------------------------------------------------------------

BEGIN_NAMES = ["年初结转和结余", "上年结转和结余", "年初结转结余", "上年结转结余"]
END_NAMES = ["年末结转和结余", "年末结转结余"]


def _carry_check(ctx, tid, what, begin, income, expense, end, extra_in=(), extra_out=()):
    parts = [begin, income, expense, end]
    if any(p is None for p in parts):
        return None
    ivs = {k: (p.interval() if p.value is not None else exact(0)) for k, p in
           (("b", begin), ("i", income), ("e", expense), ("n", end))}
    if all(p.value is None for p in parts):
        return None
    plus = sum_intervals([c.interval() for c in extra_in if c is not None and c.value is not None])
    minus = sum_intervals([c.interval() for c in extra_out if c is not None and c.value is not None])
    computed = ivs["b"] + ivs["i"] + plus - ivs["e"] - minus
    ok = computed.overlaps(ivs["n"])

    def raw(c):
        return (c.raw or str(c.value)) if c is not None and c.value is not None else "0"

    formula = (f"{raw(begin)} + {raw(income)}"
               + "".join(f" + {raw(c)}" for c in extra_in if c is not None and c.value is not None)
               + f" − {raw(expense)}"
               + "".join(f" − {raw(c)}" for c in extra_out if c is not None and c.value is not None))
    return ctx.check(
        ok, f"{tid} {what} 年初结转结余 + 收入 − 支出 = 年末结转结余",
        stated=end.amount() if end.value is not None else Decimal(0),
        expected=computed.mid.quantize(Decimal("0.01")), unit="万元", table=tid,
        row=end.label, column=end.column, page=end.page, bbox=end.bbox,
        message="" if ok else (f"{what}：年末结转和结余为 {raw(end)}，而 {formula} = "
                               f"{computed.mid:.2f}"),
        evidence=f"{tid}: {formula} = {raw(end)}")


_USE = ["使用非财政拨款结余", "使用非财政拨款结余(含专用结余)", "使用专用结余"]
_FUND_LINES = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
               "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入"]


def _only_known_lines(t, side: str, year_line: str, known) -> bool:
    """Below the 本年 line of one half, every line with an amount is one the identity knows
    (otherwise -- 用事业基金弥补收支差额, 提取… -- the identity is not ours to judge: skip)."""
    other = "支出" if side == "收入" else "收入"
    known = {norm(k) for k in known} | {"总计", "合计", f"{side}总计"}
    seen = False
    for r in t.rows:
        cols = [c for c in r.cells if side in c.split("/")[0] and other not in c.split("/")[0]]
        if not cols:
            continue
        if r.nname == norm(year_line):
            seen = True
            continue
        if seen and r.nname and r.nname not in known and any(
                r.get(c) is not None and r.get(c).value is not None for c in cols):
            return False
    return seen


@rule("FINAL-CARRYOVER")
def final_carryover(ctx):
    if not _is_final(ctx):
        return
    checks = [_summary_carry(ctx), *_fiscal_carry(ctx), *_fund_table_carry(ctx)]
    yield from (c for c in checks if c is not None)


def _summary_carry(ctx):
    """收入支出决算总表: all funds."""
    t = ctx.table("income_expense_summary")
    if t is not None and _only_known_lines(t, "收入", "本年收入合计", BEGIN_NAMES + _USE) \
            and _only_known_lines(t, "支出", "本年支出合计", END_NAMES + ["结余分配"]):
        return _carry_check(
            ctx, "income_expense_summary", "全部资金",
            kf.side_cell(t, "收入", BEGIN_NAMES), kf.side_cell(t, "收入", ["本年收入合计"]),
            kf.side_cell(t, "支出", ["本年支出合计"]), kf.side_cell(t, "支出", END_NAMES),
            extra_in=[kf.side_cell(t, "收入", _USE)],
            extra_out=[kf.side_cell(t, "支出", ["结余分配"])])
    return None


def _fiscal_carry(ctx):
    """财政拨款收入支出决算总表: the total, then per fund."""
    t = ctx.table("fiscal_summary")
    begin_name = ["年初财政拨款结转和结余", "上年财政拨款结转和结余"] + BEGIN_NAMES
    end_name = ["年末财政拨款结转和结余"] + END_NAMES
    if t is not None and _only_known_lines(t, "收入", "本年收入合计", begin_name + _FUND_LINES) \
            and _only_known_lines(t, "支出", "本年支出合计", end_name + _FUND_LINES):
        yield _carry_check(ctx, "fiscal_summary", "财政拨款合计", kf.side_cell(t, "收入", begin_name),
                           kf.side_cell(t, "收入", ["本年收入合计"]),
                           kf.side_cell(t, "支出", ["本年支出合计"], column_leaf="合计"),
                           kf.side_cell(t, "支出", end_name, column_leaf="合计"))
        funds = (("一般公共预算财政拨款", "一般公共预算"), ("政府性基金预算财政拨款", "政府性基金"),
                 ("国有资本经营预算财政拨款", "国有资本经营"))
        exp_cols = [c for c in t.columns if "支出" in c.split("/")[0]]
        for label, leaf in funds:
            inc = kf.side_cell(t, "收入", [label, label.replace("财政拨款", "财政拨款收入")])
            beg = next((x for x in (kf.side_cell(t, "收入", [label], after=n) for n in begin_name)
                        if x is not None), None)
            if not any(leaf in c.split("/")[-1] for c in exp_cols):
                continue  # no per-fund 支出 columns: the fund's 支出 is not printed
            spent = kf.side_cell(t, "支出", ["本年支出合计"], column_leaf=leaf)
            end = kf.side_cell(t, "支出", end_name, column_leaf=leaf)
            if inc is beg:
                continue
            yield _carry_check(ctx, "fiscal_summary", label, beg, inc, spent, end)


def _fund_table_carry(ctx):
    """政府性基金 / 国有资本经营 收入支出决算表, row by row."""
    for tid in ("gov_fund", "soe_capital"):
        t = ctx.table(tid)
        if t is None:
            continue
        cb = next((c for c in t.columns if "年初结转" in c), None)
        ci = next((c for c in t.columns if c.split("/")[0] == "本年收入"), None)
        ce = next((c for c in t.columns if c.split("/")[0] == "本年支出"
                   and c.split("/")[-1] in ("合计", "本年支出")), None)
        cn = next((c for c in t.columns if "年末结转" in c), None)
        if None in (cb, ci, ce, cn):
            continue
        for r in t.rows:
            if not (r.code or r.is_total):
                continue
            yield _carry_check(ctx, tid, r.label, r.get(cb), r.get(ci), r.get(ce), r.get(cn))
