"""Footing checks on extracted tables (used by tests and docs/extraction.md).

For every table with 科目编码 and every value column:

* each code's value = the sum of its direct children (3 → 5 → 7 digits), when it has any;
* the 合计/总计 row (no code) = the sum of the top-level codes, when the table has one.

A sum *foots* when it is within the rounding interval of the printed values
(XBRL Calculations 1.1 style: n items of d decimals may differ from their total by
0.5·10⁻ᵈ·(n+1)).  Blank cells count as zero in a sum but a blank total is only compared
when some child is non-blank.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

__all__ = ["Footing", "check_footings"]


@dataclass
class Footing:
    table_id: str
    column: str
    parent: str          # code or '合计'
    total: Decimal | None
    sum: Decimal
    n: int
    ok: bool
    page: int


def _tol(dec: int, n: int) -> Decimal:
    return Decimal(5).scaleb(-(dec + 1)) * (n + 1)


def check_footings(cells: pd.DataFrame) -> list[Footing]:
    out: list[Footing] = []
    if cells.empty:
        return out
    for (tid, col), g in cells.groupby(["table_id", "column"], sort=False):
        coded = g[g["code"].astype(str).str.fullmatch(r"\d{3}(\d{2}){0,2}")]
        if coded.empty:
            continue
        # duplicated codes (multi-unit tables repeat codes per unit): footing is ambiguous
        if coded["code"].duplicated().any():
            continue
        vals = {r.code: r for r in coded.itertuples()}
        for code, r in vals.items():
            kids = [vals[k] for k in vals if len(k) == len(code) + 2 and k.startswith(code)]
            if kids:
                out.append(_foot(tid, col, code, r, kids))
        tops = [v for k, v in vals.items() if len(k) == 3]
        totals = g[(g["code"] == "")
                   & g["name"].astype(str).str.fullmatch(r"(?:合计|总计|(?:本年)?(?:支出|收入)?合计)")]
        if len(totals) == 1 and any(t.value is not None for t in tops):
            out.append(_foot(tid, col, "合计", next(totals.itertuples()), tops))
    return out


def _foot(tid, col, parent, r, kids) -> Footing:
    values = [k.value for k in kids if k.value is not None]
    s = sum(values, Decimal(0))
    decs = [int(k.decimals) for k in kids if k.value is not None]
    if r.value is not None:
        decs.append(int(r.decimals))
    d = min(decs) if decs else 2
    total = r.value
    if total is None:
        ok = not values or s == 0
    else:
        ok = abs(total - s) <= _tol(d, len(values))
    return Footing(tid, col, parent, total, s, len(values), ok, int(r.page))
