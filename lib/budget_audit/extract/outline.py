"""Outline totals: a list whose group rows head the rows printed below them, with no codes or
levels to say which rows are groups (a 合计 row over 全额 / 自收自支 rows, each over its units,
each unit over its projects or purchases).

The outline is read from the amounts themselves: in the column holding the most amounts, each
row is either an item or a group row that equals the sum of the consecutive rows (items or
groups) right below it, and the 合计 row equals the sum of the top-level rows (codes do not
bound the groups: the Xi'an lists join a 资金性质 or unit code onto the 功能 code of the group
rows only). The reading is kept only when it accounts for every row of that column; every
amount column is then checked against the same outline, so the other columns confirm it.
"""
from __future__ import annotations

from collections import deque
from decimal import Decimal

import pandas as pd

__all__ = ["outline_totals"]


# readings looked at per table before giving up (no claim is made then): a long list of small
# amounts with no group rows can be read in too many ways to search
_BUDGET = 300_000


class _TooMany(Exception):
    pass


def _covers(start: int, target: Decimal, ends, vals, decs, nonneg: bool, tol, budget: list) -> dict[int, list]:
    """The rows from `start` read as consecutive nodes summing to `target`: for each row where
    such a run can end, one run [(node start, node end), …]."""
    found: dict[int, list] = {}
    seen = {(start, Decimal(0))}
    queue = deque([(start, Decimal(0), [])])
    while queue:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        pos, sm, path = queue.popleft()
        if pos >= len(vals):
            continue
        for e in ends[pos]:
            s2, p2 = sm + vals[pos], path + [(pos, e)]
            if abs(s2 - target) <= tol(decs, len(p2)):
                found.setdefault(e, p2)
            elif not (nonneg and s2 > target) and (e, s2) not in seen:
                seen.add((e, s2))
                queue.append((e, s2, p2))
    return found


def outline_totals(cells: pd.DataFrame) -> list:
    """Checks (prove.Check) of the outline read from the amounts, or [] when it does not
    account for every row."""
    from .prove import Check, _names_total, _tol

    if cells.empty:
        return []
    amounts = cells[cells["value"].notna()]
    if amounts.empty:
        return []
    key = amounts.groupby("column", sort=False)["value"].size().idxmax()
    rows = sorted(int(r) for r in cells["row"].unique())
    by_row = {int(ri): g for ri, g in cells.groupby("row", sort=False)}
    name = {r: str(next((n for n in by_row[r]["name"] if n), "")) for r in rows}
    code = {r: str(next((c for c in by_row[r]["code"] if c), "")) for r in rows}
    totals = [r for r in (rows[0], rows[-1]) if not code[r] and _names_total(name[r])]
    if not totals:
        return []
    top = totals[0]
    keyed = {int(r.row): (r.value, int(r.decimals)) for r in cells[cells["column"] == key].itertuples()
             if r.value is not None}
    if top not in keyed:
        return []
    items = [r for r in rows if r != top and r in keyed and not name[r].startswith("其中")]
    if len(items) < 2:
        return []
    vals = [keyed[r][0] for r in items]
    decs = [keyed[r][1] for r in items] + [keyed[top][1]]
    nonneg = all(v >= 0 for v in vals)
    # bottom up: the ways each row can end (as an item, or as the group of the consecutive
    # nodes right below it that sum to its value; a zero row heads nothing)
    ends: list[dict[int, list]] = [{} for _ in items]
    budget = [_BUDGET]
    try:
        for i in range(len(items) - 1, -1, -1):
            ends[i] = {i + 1: []}
            if vals[i]:
                for e, path in _covers(i + 1, vals[i], ends, vals, decs, nonneg, _tol, budget).items():
                    ends[i].setdefault(e, path)
        path = _covers(0, keyed[top][0], ends, vals, decs, nonneg, _tol, budget).get(len(items))
    except _TooMany:
        return []
    if path is None:
        return []

    def node(i: int, e: int):
        return i, [node(j, f) for j, f in ends[i][e]]

    stack = [node(j, f) for j, f in path]
    groups, todo = [(top, stack)], list(stack)
    while todo:
        i, kids = todo.pop()
        if kids:
            groups.append((items[i], kids))
            todo.extend(kids)
    out = []
    for col, g in cells.groupby("column", sort=False):
        val = {int(r.row): (r.value, int(r.decimals)) for r in g.itertuples() if r.value is not None}
        for parent, kids in groups:
            parts = [val[items[i]] for i, _ in kids if items[i] in val]
            if parent not in val and not any(v for v, _ in parts):
                continue
            pv, pd_ = val.get(parent, (Decimal(0), 2))
            sm = sum((v for v, _ in parts), Decimal(0))
            ok = abs(pv - sm) <= _tol([pd_] + [d for _, d in parts], len(parts))
            out.append(Check(f"{col}: {name[parent]} = 下列各行之和", parent, ok))
    return out
