"""Row totals of tables whose rows carry no codes (units, projects, purchase lines).

Without codes the hierarchy is unknown, so two facts decide:

* with no negative amount, the rows listed (subtotals included) add up to at least the 合计:
  a 合计 larger than the sum of every row listed counts something listed nowhere;
* when the rows are a flat list of distinct bodies (each name ends like a body's name), the
  合计 equals their sum.

Tables with codes are ARITH-ROW-TOTAL's.  An error needs a verified table structure.
"""
from __future__ import annotations

from ..claims import ORG_SUFFIX
from ..interval import sum_intervals
from ..tableview import in_cell_unit, shown
from ._core import rule
from .arithmetic import _generic_tables, _numeric_columns


@rule("ARITH-ROW-TOTAL-UNCODED")
def uncoded_total(ctx):
    for t in _generic_tables(ctx):
        info = (ctx.input.tables or {}).get(t.id)
        # "#n" tables are pieces of a table printed more than once (their rows may be listed in
        # another piece); "other" tables are not known tables
        if info is None or "#" in t.id or t.id.startswith("other") or any(r.code for r in t.rows):
            continue
        total = t.total_row()
        # every row listed counts, named or not (a group row whose label sits in a column the
        # reading did not take as its label still holds its amount)
        rows = [r for r in t.rows if not r.is_total]
        if total is None or len(rows) < 2:
            continue
        names = [r.nname for r in rows]
        flat = all(names) and len(set(names)) == len(names) and all(ORG_SUFFIX.search(n) for n in names)
        for col in _numeric_columns(t):
            tc = total.get(col)
            cells = [r.get(col) for r in rows if r.get(col) is not None and r.get(col).value is not None]
            if tc is None or tc.value is None or not cells or any(c.value < 0 for c in cells):
                continue
            s = sum_intervals(c.interval() for c in cells)
            tot = tc.interval()
            short = s.hi < tot.lo
            ok = not short and (not flat or tot.overlaps(s))
            what = "各单位" if flat else "所列各行（含小计）"
            yield ctx.check(
                ok, f"{t.id} 合计 {col}", stated=tc.amount(), expected=s.mid, unit="万元",
                table=t.id, row=total.label,
                column=col, page=tc.page, bbox=tc.bbox,
                message="" if ok else (
                    f"合计「{col}」为 {shown(tc)}，{what}之和为 {in_cell_unit(s.mid, tc)}"
                    + ("，合计中有未列出的部分" if short else "")),
                evidence=f"{t.id}: 合计 / {col} = {tc.raw}; "
                         + " + ".join(f"{r.name}" for r in rows)[:300])
