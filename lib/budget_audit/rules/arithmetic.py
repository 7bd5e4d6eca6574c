"""Arithmetic within one table: row totals, code hierarchy roll-ups, cross-footing, and the
balance of the 收支总表-style tables.  Every sum is checked on intervals (budget_audit.interval).
"""
from __future__ import annotations

import re

from ..interval import Interval, gap, sum_intervals
from ..tableview import Row, TableView, in_cell_unit, shown, strip_unit_suffix
from ..text import TOTAL_WORDS
from ._core import rule

# tables with their own rules (forms, 三公, the two 收支总表) are not footed generically
GENERIC_SKIP = ("income_expense_summary", "fiscal_summary", "three_public", "perf_")
NON_ADDITIVE = re.compile(r"单价|数量|计量|比例|占比|%|率|编码|代码|年度|人数|编制")


def _fmt(iv: Interval | None):
    return None if iv is None else iv.mid


def _numeric_columns(t: TableView) -> list[str]:
    cols = []
    for c in t.columns:
        last = strip_unit_suffix(c.split("/")[-1])
        if NON_ADDITIVE.search(last) or NON_ADDITIVE.search(c):
            continue
        if any(r.cells.get(c) is not None and r.cells[c].value is not None for r in t.rows):
            cols.append(c)
    return cols


def _generic_tables(ctx):
    for tid in ctx.table_ids():
        if any(tid.startswith(p) for p in GENERIC_SKIP):
            continue
        t = ctx.table(tid)
        if t is not None:
            yield t


def _sum_check(ctx, t: TableView, total_row: Row, column: str, parts: list[Row], what: str):
    """total_row[column] = Σ parts[column]; skipped when the total or every part is blank."""
    tc = total_row.get(column)
    if tc is None or tc.value is None:
        return None
    ivs = [p.get(column).interval(blank_as_zero=False) for p in parts if p.get(column) is not None]
    ivs = [iv for iv in ivs if iv is not None]
    if not ivs:
        return None
    s = sum_intervals(ivs)
    tot = tc.interval()
    ok = tot.overlaps(s)
    return ctx.check(
        ok, f"{t.id} {total_row.label} {column}", stated=tc.amount(), expected=_fmt(s),
        unit="万元", table=t.id, row=total_row.label, column=column, page=tc.page, bbox=tc.bbox,
        message=("" if ok else f"{what}：{total_row.label}「{column}」为 {shown(tc)}，"
                 f"各分项之和为 {in_cell_unit(s.mid, tc)}（差 {in_cell_unit(gap(tot, s), tc)}）"),
        evidence=f"{t.id}: {total_row.label} / {column} = {tc.raw or tc.value}; "
                 + " + ".join(f"{p.label}={p.get(column).raw or p.get(column).value}"
                              for p in parts if p.get(column) is not None
                              and p.get(column).value is not None)[:400])


def _parent_map(rows: list[Row]) -> dict[int, Row | None]:
    """Each coded row's parent: the row whose code is the longest proper prefix of its code."""
    coded = [r for r in rows if r.code]
    codes = {}
    for r in coded:
        codes.setdefault(r.code, r)
    parent = {}
    for r in coded:
        best = None
        for c, pr in codes.items():
            if c != r.code and r.code.startswith(c) and (best is None or len(c) > len(best.code)):
                best = pr
        parent[id(r)] = best
    return parent


def _effective(row: Row, column: str, children: dict[int, list[Row]]) -> Interval | None:
    c = row.get(column)
    if c is not None and c.value is not None:
        return c.interval()
    kids = children.get(id(row), [])
    ivs = [_effective(k, column, children) for k in kids]
    ivs = [iv for iv in ivs if iv is not None]
    return sum_intervals(ivs) if ivs else None


def _hierarchy(t: TableView):
    """(children map, top-level rows) or None when the code structure is not a clean tree."""
    rows = [r for r in t.rows if r.code]
    if not rows:
        return None
    # repeated codes (one unit, several procurement lines) are leaves of the same parent
    parent = _parent_map(rows)
    children: dict[int, list[Row]] = {}
    top = []
    for r in rows:
        p = parent.get(id(r))
        if p is None or p is r:
            top.append(r)
        else:
            children.setdefault(id(p), []).append(r)
    # repeated identical codes: the first is not the parent of the others
    return children, top


@rule("ARITH-ROW-TOTAL")
def row_total(ctx):
    """合计 row = Σ top-level coded rows, per value column."""
    for t in _generic_tables(ctx):
        total = t.total_row()
        if total is None:
            continue
        h = _hierarchy(t)
        if h is None:
            continue
        children, top = h
        if t.id == "project":
            # project table: projects (long codes) are the items; unit rows are subtotals
            items = [r for r in t.rows if r.code and (len(r.code) > 8 or not r.code.isdigit())]
            if not items:
                continue
            for col in _numeric_columns(t):
                c = _sum_check(ctx, t, total, col, items, "项目合计与各项目之和不符")
                if c:
                    yield c
            continue
        lengths = {len(r.code) for r in top}
        if len(lengths) != 1 or not all(r.code.isdigit() for r in top):
            continue  # mixed structure: do not guess
        if len({r.code for r in top}) != len(top):
            continue  # the same top code on several rows (code split over columns): no tree
        for col in _numeric_columns(t):
            check = _rollup(ctx, t, total, col, top, children, "各一级科目", f"{t.id} 合计 {col}")
            if check is not None:
                yield check


def _rollup(ctx, t, parent, col, kids, children, what: str, subject: str):
    """The check that ``parent``'s cell in ``col`` equals the sum of its ``kids`` (None when
    there is nothing to compare)."""
    cell = parent.get(col)
    if cell is None or cell.value is None:
        return None
    ivs = [iv for iv in (_effective(k, col, children) for k in kids) if iv is not None]
    if not ivs:
        return None
    s = sum_intervals(ivs)
    ok = cell.interval().overlaps(s)
    return ctx.check(
        ok, subject, stated=cell.amount(), expected=s.mid, unit="万元",
        table=t.id, row=parent.label, column=col, page=cell.page, bbox=cell.bbox,
        message="" if ok else f"{parent.label}「{col}」为 {shown(cell)}，{what}之和为 {in_cell_unit(s.mid, cell)}",
        evidence=f"{t.id}: {parent.label} / {col} = {cell.raw or cell.value}; "
                 + " + ".join(k.label for k in kids)[:300])


@rule("ARITH-HIERARCHY")
def hierarchy(ctx):
    """类 = Σ款, 款 = Σ项, 301 = Σ301xx, unit = Σ its sub-units (code-prefix tree)."""
    for t in _generic_tables(ctx):
        h = _hierarchy(t)
        if h is None:
            continue
        children, _ = h
        cols = _numeric_columns(t)
        for r in t.rows:
            kids = children.get(id(r))
            if not r.code or not kids:
                continue
            if t.id == "project" and not r.code.isdigit():
                continue
            for col in cols:
                check = _rollup(ctx, t, r, col, kids, children, "下级科目", f"{t.id} {r.label} {col}")
                if check is not None:
                    yield check


_NOT_PART = re.compile(r"^其中|单价|数量|计量|编码|代码")


def _is_total_col(name: str) -> bool:
    """小计 / 合计 / 总计, or a label ending so (收入合计, 本年支出合计), never an 其中 column."""
    return name in TOTAL_WORDS or (not name.startswith("其中") and re.search(r"(合计|总计)$", name)
                                  is not None)


def _column_groups(columns: list[str]):
    """{group path: [direct children]} where a child is a leaf column or a sub-group path."""
    groups: dict[str, list[str]] = {}
    for c in columns:
        segs = c.split("/")
        for i in range(len(segs)):
            parent, child = "/".join(segs[:i]), "/".join(segs[:i + 1])
            kids = groups.setdefault(parent, [])
            if child not in kids:
                kids.append(child)
    return groups


def _node_value(r: Row, node: str, groups, columns):
    """A column or group's interval on a row: the column itself, a group's 小计/合计, or the
    sum of its children; None when blank."""
    if node in columns:
        c = r.get(node)
        return c.interval(blank_as_zero=False) if c is not None else None
    kids = groups.get(node, [])
    tot = [k for k in kids if k in columns and _is_total_col(strip_unit_suffix(k.split("/")[-1]))]
    if tot:
        c = r.get(tot[0])
        return c.interval(blank_as_zero=False) if c is not None else None
    ivs = [_node_value(r, k, groups, columns) for k in kids
           if not _NOT_PART.search(strip_unit_suffix(k.split("/")[-1]))]
    ivs = [iv for iv in ivs if iv is not None]
    return sum_intervals(ivs) if ivs else None


def _is_subtotal(t: TableView, node: str, kids: list[str], groups, columns) -> bool:
    """``node`` equals the sum of ``kids`` on every row where it has a value (at least two):
    a group header printed as separate cells (its span not drawn), read as flat columns."""
    n = 0
    for r in t.rows:
        v = _node_value(r, node, groups, columns)
        if v is None:
            continue
        ivs = [iv for iv in (_node_value(r, k, groups, columns) for k in kids) if iv is not None]
        if not ivs or not v.overlaps(sum_intervals(ivs)):
            return False
        n += 1
    return n >= 2


def _misses(t: TableView, total: str, parts: list[str], groups, columns) -> int:
    """Rows where ``total`` is not the sum of ``parts``."""
    n = 0
    for r in t.rows:
        tc = r.get(total)
        ivs = [iv for iv in (_node_value(r, p, groups, columns) for p in parts) if iv is not None]
        if tc is not None and tc.value is not None and ivs:
            n += not tc.interval().overlaps(sum_intervals(ivs))
    return n


def _hidden_groups(t: TableView, parts: list[str], groups, columns) -> list[tuple[str, list[str]]]:
    """Parts that are the subtotal of the parts right after them, in every row
    (``_is_subtotal``): (subtotal, its parts), left to right, not overlapping."""
    found, i = [], 0
    while i < len(parts):
        hit = None
        for j in range(len(parts), i + 2, -1):
            if _is_subtotal(t, parts[i], parts[i + 1:j], groups, columns):
                hit = parts[i + 1:j]
                break
        if hit:
            found.append((parts[i], hit))
            i += 1 + len(hit)
        else:
            i += 1
    return found


@rule("ARITH-CROSS-FOOT")
def cross_foot(ctx):
    """In every column group: its 合计/小计 column = Σ its other children (a sub-group counts
    through its own 小计, or its leaves).  其中 columns, 单价, 数量 are never added; a group
    with fewer than two parts is not checked."""
    for t in _generic_tables(ctx):
        if t.id.startswith("procurement"):
            continue
        columns = [c for c in t.columns if c]
        groups = _column_groups(columns)
        checks = []
        for kids in groups.values():
            names = {k: strip_unit_suffix(k.split("/")[-1]) for k in kids}
            tot = [k for k in kids if k in columns and _is_total_col(names[k])]
            parts = [k for k in kids if k not in tot and not _NOT_PART.search(names[k])]
            if len(tot) == 1 and len(parts) >= 2:
                # like with like: a subtotal column is summed, not also its own parts (when
                # that reading fits the rows better than the flat one)
                regrouped = list(parts)
                for _sub, kids in _hidden_groups(t, parts, groups, columns):
                    regrouped = [x for x in regrouped if x not in kids]
                if regrouped != parts and (_misses(t, tot[0], regrouped, groups, columns)
                                           < _misses(t, tot[0], parts, groups, columns)):
                    parts = regrouped
                checks.append((tot[0], parts))
        for tot_col, parts in checks:
            for r in t.rows:
                tc = r.get(tot_col)
                if tc is None or tc.value is None:
                    continue
                ivs = [_node_value(r, p, groups, columns) for p in parts]
                ivs = [iv for iv in ivs if iv is not None]
                if not ivs:
                    continue
                s = sum_intervals(ivs)
                ok = tc.interval().overlaps(s)
                yield ctx.check(
                    ok, f"{t.id} {r.label} {tot_col}", stated=tc.amount(), expected=s.mid,
                    unit="万元", table=t.id, row=r.label, column=tot_col, page=tc.page,
                    bbox=tc.bbox,
                    message="" if ok else (f"{r.label}「{tot_col}」为 {shown(tc)}，"
                                           f"{'+'.join(parts)} 之和为 {in_cell_unit(s.mid, tc)}"),
                    evidence=f"{t.id}: {r.label}: {tot_col} = " + " + ".join(parts))


# -- 收支总表 / 财政拨款收支总表 ------------------------------------------------------------------

_CARRY = re.compile(r"结转|结余")
_NUMBERED = re.compile(r"\s*([一二三四五六七八九十廿]+、|[（(][一二三四五六七八九十廿\d]+[)）]|\d+[.、．])")


def _halves(t: TableView):
    """(income column, expense column) of a two-halves summary table."""
    cols = [c for c in t.columns if c]
    inc = [c for c in cols if c.startswith("收")]
    exp = [c for c in cols if c.startswith("支")]
    if len(inc) == 1 and len(exp) == 1:
        return inc[0], exp[0]
    if len(cols) == 2:
        return cols[0], cols[1]
    return None


def _level_of(name: str) -> int | None:
    s = re.sub(r"\s+", "", name or "")
    if re.match(r"^[一二三四五六七八九十廿]+、", s):
        return 1
    if re.match(r"^[（(][一二三四五六七八九十廿]+[)）]", s):
        return 2
    return None


def half_rows(t: TableView, col: str) -> list[Row]:
    """The rows of one half of a two-halves table, each with that half's own label."""
    out = []
    for r in t.rows:
        c = r.get(col)
        if c is not None and c.name:
            out.append(Row(r.index, c.code, c.name, {col: c}))
    return out


def _half_checks(ctx, t: TableView, col: str, side: str):
    rows = half_rows(t, col)
    if not rows:
        return
    lvl = {id(r): _level_of(r.name) for r in rows}
    year_total = [r for r in rows if r.nname in (f"本年{side}合计", f"本年{side}", "合计")
                  or (r.nname.endswith("合计") and "本年" in r.nname)]
    # level-1 items with level-2 children: parent = Σ children
    for i, r in enumerate(rows):
        if lvl[id(r)] != 1:
            continue
        kids = []
        for r2 in rows[i + 1:]:
            if lvl[id(r2)] != 2:
                break
            kids.append(r2)
        if kids and (c := _half_sum(ctx, t, col, r, kids, "所列各项")):
            yield c
    # 本年收入合计 = Σ this-year level-1 lines (those not carried over)
    if year_total and year_total[0].nname.endswith("合计"):
        yt = year_total[0]
        lines = [r for r in rows[:rows.index(yt)] if lvl[id(r)] == 1 and not _CARRY.search(r.nname)]
        if not lines:
            lines = [r for r in rows[:rows.index(yt)] if lvl[id(r)] in (1, 2)
                     and not _CARRY.search(r.nname)]
        if c := _half_sum(ctx, t, col, yt, lines, "本年各项"):
            yield c
    grand = [r for r in rows if "总计" in r.nname]
    if grand and year_total and (c := _grand_total(ctx, t, col, rows, lvl, grand[0], year_total[0])):
        yield c


def _half_sum(ctx, t: TableView, col: str, total: Row, parts: list[Row], what: str):
    """total = Σ parts in one half's column, or None when there is nothing to compare."""
    tc = total.get(col)
    if tc is None or tc.value is None:
        return None
    if (not parts or all(p.get(col).value is None for p in parts)) and what != "总计":
        return None
    s = sum_intervals(p.get(col).interval(blank_as_zero=True) for p in parts)
    ok = tc.interval().overlaps(s)
    return ctx.check(
        ok, f"{t.id} {total.label}", stated=tc.amount(), expected=s.mid, unit="万元",
        table=t.id, row=total.label, column=col, page=tc.page, bbox=tc.bbox,
        message="" if ok else f"{total.name} 为 {shown(tc)}，{what}之和为 {in_cell_unit(s.mid, tc)}",
        evidence=f"{t.id}: {total.name} = " + " + ".join(p.name for p in parts)[:300])


def _grand_total(ctx, t: TableView, col: str, rows: list[Row], lvl: dict, grand: Row, year: Row):
    """总计 = 本年 + 结转结余 (named so), or else + every line printed between the two totals
    (上年实户资金余额, 用事业基金弥补收支差额 …; never an 其中 line)."""
    carries = [r for r in rows if _CARRY.search(r.nname) and lvl[id(r)] != 2 and r is not grand]
    c = _half_sum(ctx, t, col, grand, [year] + carries, "本年与结转结余")
    # 上年结转结余 printed over its numbered lines (1.一般公共预算拨款结余、结转 …): either side
    heads = [r for r in carries if not _NUMBERED.match(r.name or "")]
    if c is not None and not c.passed and heads and len(heads) < len(carries):
        c = next((alt for part in (heads, [r for r in carries if r not in heads])
                  if (alt := _half_sum(ctx, t, col, grand, [year] + part, "本年与结转结余"))
                  is not None and alt.passed), c)
    i, j = rows.index(year), rows.index(grand)
    between = [r for r in rows[i + 1:j] if lvl[id(r)] != 2 and not r.nname.startswith("其中")]
    if c is not None and not c.passed and between != carries and i < j:
        c = _half_sum(ctx, t, col, grand, [year] + between, "本年与其后各行") or c
    return c


@rule("ARITH-SUMMARY-BALANCE")
def summary_balance(ctx):
    """收支总表 / 财政拨款收支总表: lines sum to 本年合计, 总计 = 本年 + 结转, 收入 = 支出."""
    for tid in ("income_expense_summary", "fiscal_summary"):
        t = ctx.table(tid)
        if t is None:
            continue
        halves = _halves(t)
        if halves is None:
            continue
        inc, exp = halves
        yield from _half_checks(ctx, t, inc, "收入")
        yield from _half_checks(ctx, t, exp, "支出")
        gi = [r for r in half_rows(t, inc) if "总计" in r.nname and r.get(inc).value is not None]
        ge = [r for r in half_rows(t, exp) if "总计" in r.nname and r.get(exp).value is not None]
        if gi and ge:
            a, b = gi[0].get(inc), ge[0].get(exp)
            ok = a.interval().overlaps(b.interval())
            yield ctx.check(
                ok, f"{tid} 收入总计 = 支出总计", stated=b.amount(), expected=a.amount(),
                unit="万元", table=tid, row=ge[0].label, column=exp, page=b.page, bbox=b.bbox,
                message="" if ok else f"支出总计 {b.raw or b.value} 与收入总计 {a.raw or a.value} 不等",
                evidence=f"{tid}: 收入总计 {a.raw or a.value}; 支出总计 {b.raw or b.value}")
