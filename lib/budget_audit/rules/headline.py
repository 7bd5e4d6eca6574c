"""Headline totals: the first figures an auditor reads ("收入支出总计 X 万元", "财政拨款收支总计 X
万元", "政府性基金预算支出 X 万元", "国有资本经营预算支出 X 万元") against the table that carries
them.  Subjects NARR-AMOUNT already recognises are left to it (one cause, one finding).

A headline for a fund whose table is empty (printed with no amounts) must be 0.
"""
from __future__ import annotations

import re

from ..interval import exact
from ..tableview import Cell, norm
from ..text import normalize_text
from ._candidates import _NOT_CURRENT, _in_unit, candidates, claim_interval_wan
from ._core import rule
from .ties import half_cell, total_cell

_GRAND = re.compile(r"收入支出总计|收支总计|收支总额|收支总预算|收支预算总额|收支预算总计|"
                    r"收入支出预算总计|收入支出决算总计|收支决算总计|收支决算总额")
# a fund's spending against its table's total; its income ("政府性基金预算收入") is another figure
_FUND = {"gov_fund": re.compile(r"政府性基金(预算)?(财政拨款)?(拨款)?(支出)?(预算|决算)?(支出)?$"),
         "soe_capital": re.compile(r"国有资本经营(预算)?(财政拨款)?(拨款)?(支出)?(预算|决算)?(支出)?$")}


def _lead(c) -> str:
    """The words just before the amount, as printed (clean_subject drops a trailing 总计)."""
    before = normalize_text(c.sentence)[:c.start]
    return norm(re.split(r"[，,；;：:。、！？!?]", before)[-1])


def _grand_cells(ctx, fiscal: bool) -> list[Cell]:
    tid = "fiscal_summary" if fiscal else "income_expense_summary"
    cells = [half_cell(ctx, tid, "收入", "收入总计", "总计"),
             half_cell(ctx, tid, "支出", "支出总计", "总计")]
    return [c for c in cells if c is not None and c.value is not None]


def _fund_cells(ctx, tid: str) -> list:
    t = ctx.table(tid)
    if t is None:
        info = (ctx.input.tables or {}).get(tid)
        if info is None:
            return []
        # a ruled grid read and verified with no amount in it is printed empty; a title with
        # no grid found (kind 'empty') is empty only when its note says so
        note = getattr(info, "note", "") or ""
        if (getattr(info, "kind", "") == "table" and getattr(info, "structure", "") == "verified"
                or re.search(r"空表|无数据|没有|无.*(收入|支出|安排)", note)):
            return [exact(0)]
        return []
    if t.all_blank:
        return [exact(0)]  # the table is printed with no amounts
    c = total_cell(ctx, tid, "合计", "总计", "支出总计", "本年支出", "小计")
    return [c] if c is not None and c.value is not None else []


@rule("NARR-HEADLINE")
def headline(ctx):
    for c in ctx.claims:
        if c.kind != "amount" or not c.is_money or c.value is None or c.depth:
            continue
        s = norm(c.subject)
        if not s or _NOT_CURRENT.search(s) or candidates(ctx, c):
            continue
        if _GRAND.search(_lead(c)):
            fiscal = "财政拨款" in s
            tid = "fiscal_summary" if fiscal else "income_expense_summary"
            cands = _grand_cells(ctx, fiscal)
            what = "财政拨款收支总计" if fiscal else "收支总计"
        else:
            tid = next((k for k, rx in _FUND.items() if rx.search(s)), None)
            if tid is None:
                continue
            cands = _fund_cells(ctx, tid)
            what = "政府性基金" if tid == "gov_fund" else "国有资本经营"
        if not cands:
            continue
        iv = claim_interval_wan(c)
        ok = any(iv.overlaps(x.interval() if isinstance(x, Cell) else x) for x in cands)
        first = cands[0]
        exp_wan = first.amount() if isinstance(first, Cell) else first.mid
        shown = (f"{first.table} {first.label}「{first.column}」= {first.raw or first.value}"
                 if isinstance(first, Cell) else "报表为空表（无金额）")
        yield ctx.check(
            ok, f"{what} {c.subject}", stated=c.value, expected=_in_unit(c, exp_wan),
            unit=c.unit, table=tid,
            row=first.label if isinstance(first, Cell) else None,
            column=first.column if isinstance(first, Cell) else None, page=c.page,
            message="" if ok else (f"说明称{c.subject} {c.value} {c.unit}，报表为 "
                                   f"{_in_unit(c, exp_wan):.2f} {c.unit}（{shown}）"),
            evidence=c.sentence[:160])
