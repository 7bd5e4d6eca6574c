"""Ties between tables: the chain of totals, function classes, economic ↔ function items,
三公, the project table and the procurement table, 机关运行经费."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import keyfigures as kf
from ..interval import sum_intervals
from ..tableview import Cell, Row, TableView, norm, strip_unit_suffix
from ._core import rule
from .arithmetic import _halves, _level_of, half_rows

# -- cell lookup helpers (shared with the narrative rules) -------------------------------------

def total_cell(ctx, tid: str, *col_names: str) -> Cell | None:
    return kf.total_of(ctx.table(tid), *col_names)


def col_under(t: TableView, group: str, leaf: str) -> str | None:
    for c in t.columns:
        segs = [strip_unit_suffix(s) for s in c.split("/")]
        if segs[-1] == leaf and any(group in s for s in segs[:-1]):
            return c
    return None


def income_gpb_cell(ctx) -> Cell | None:
    """The income table's current-year 一般公共预算 total (not its 上年结转 namesake)."""
    t = ctx.table("income")
    if t is None or t.total_row() is None:
        return None
    for leaf in ("一般公共预算", "一般公共预算拨款", "一般公共预算拨款收入"):
        c = col_under(t, "本年", leaf)
        if c is not None:
            return t.total_row().get(c)
    cands = [c for c in t.columns if strip_unit_suffix(c.split("/")[-1]) in
             ("一般公共预算", "一般公共预算拨款", "一般公共预算拨款收入") and "结转" not in c]
    return t.total_row().get(cands[0]) if len(cands) == 1 else None


_GPB_LINES = ("一般公共预算拨款收入", "一般公共预算拨款", "一般公共预算资金", "一般公共预算收入",
              "一般公共预算")


def current_gpb_line(ctx, tid: str) -> Cell | None:
    """A summary table's current-year 一般公共预算 income line, never the namesake line under
    上年结转结余 (一、一般公共预算拨款 there is last year's carry-over)."""
    c = half_cell(ctx, tid, "收入", *_GPB_LINES, level=2, after="本年收入")
    return c if c is not None else half_cell(ctx, tid, "收入", *_GPB_LINES, until="结转")


def half_cell(ctx, tid: str, side: str, *names: str, level: int | None = None,
              after: str | None = None, until: str | None = None) -> Cell | None:
    """A line of one half (收入 / 支出) of a two-halves summary table, by normalized name;
    only rows after the row named `after` and before the first row whose name holds `until`."""
    t = ctx.table(tid)
    if t is None:
        return None
    h = _halves(t)
    if h is None:
        return None
    col = h[0] if side == "收入" else h[1]
    rows = half_rows(t, col)
    started = after is None
    wanted = [norm(n) for n in names]
    for r in rows:
        if not started:
            if r.nname == norm(after):
                started = True
            continue
        if until is not None and until in r.nname:
            break
        if r.nname in wanted and (level is None or _level_of(r.name) == level):
            return r.get(col)
    return None


def half_lines(ctx, tid: str, side: str) -> list[Row]:
    t = ctx.table(tid)
    if t is None:
        return []
    h = _halves(t)
    if h is None:
        return []
    col = h[0] if side == "收入" else h[1]
    return half_rows(t, col)


def tie_check(ctx, subject: str, a: Cell | None, alternatives: list, *, inequality: str = "",
              what: str = ""):
    """a = one of the alternatives (cells or intervals); None when a or every alternative is
    missing.  ``inequality="le"``: a ≤ b."""
    if a is None:
        return None
    alts = [x for x in alternatives if x is not None]
    if not alts:
        return None
    aiv = a.interval()
    ivs = [x.interval() if isinstance(x, Cell) else x for x in alts]
    if inequality == "le":
        ok = aiv.lo <= ivs[0].hi
    else:
        ok = any(aiv.overlaps(iv) for iv in ivs)
    b = alts[0]
    exp_val = b.amount() if isinstance(b, Cell) else b.mid
    if isinstance(b, Cell) and b.value is None:
        exp_val = Decimal(0)
    b_desc = (f"{b.table} {b.label}「{b.column}」= {b.raw or b.value or 0}" if isinstance(b, Cell)
              else f"{b.mid}")
    rel = "≤" if inequality == "le" else "="
    return ctx.check(
        ok, subject, stated=a.amount() if a.value is not None else Decimal(0), expected=exp_val,
        unit="万元", table=a.table, row=a.label, column=a.column, page=a.page, bbox=a.bbox,
        tables=tuple(x.table for x in alts if isinstance(x, Cell)),
        message="" if ok else (f"{what or subject}：{a.table} {a.label}「{a.column}」为 "
                               f"{a.raw or a.value or 0}，应{rel} {b_desc}"),
        evidence=f"{a.table} {a.label}「{a.column}」= {a.raw or a.value or 0}; {b_desc}")


def _yield(c):
    if c is not None:
        yield c


_CARRIED = re.compile(r"结转|结余|余额|弥补收支差额")


@rule("TIE-TOTALS")
def totals(ctx):
    # 收支总表 ↔ 支出总表 / 收入总表
    ies_exp = half_cell(ctx, "income_expense_summary", "支出", "本年支出合计")
    yield from _yield(tie_check(ctx, "本年支出合计 = 支出总表合计", ies_exp,
                                [total_cell(ctx, "expense", "合计")]))
    ies_inc = half_cell(ctx, "income_expense_summary", "收入", "本年收入合计")
    inc_t = ctx.table("income")
    alts = []
    if inc_t is not None and inc_t.total_row() is not None:
        tr = inc_t.total_row()
        # like with like: a 合计 that includes carried-over money (上年结转, 上年…余额) is the
        # 收入总计, not the 本年收入合计
        carried = [c for c in inc_t.columns if _CARRIED.search(c.split("/")[-1])
                   and tr.get(c) is not None and tr.get(c).value]
        this_year = inc_t.group_col("本年收入")
        for c in (this_year, None if carried else inc_t.col("合计")):
            if c is not None and tr.get(c) is not None:
                alts.append(tr.get(c))
        if carried and inc_t.col("合计") is not None:
            yield from _yield(tie_check(ctx, "收入总计 = 收入总表合计",
                                        half_cell(ctx, "income_expense_summary", "收入", "收入总计"),
                                        [tr.get(inc_t.col("合计"))]))
    yield from _yield(tie_check(ctx, "本年收入合计 = 收入总表合计", ies_inc, alts))
    ies_gpb = current_gpb_line(ctx, "income_expense_summary")
    yield from _yield(tie_check(ctx, "一般公共预算拨款收入 = 收入总表一般公共预算", ies_gpb,
                                [income_gpb_cell(ctx)]))
    # 财政拨款收支总表 ↔ 收支总表 (current-year 一般公共预算拨款)
    fs_gpb = current_gpb_line(ctx, "fiscal_summary")
    yield from _yield(tie_check(ctx, "财政拨款收支总表一般公共预算拨款 = 收支总表", fs_gpb, [ies_gpb]))
    # 财政拨款收支总表 本年支出 = 一般公共预算 + 政府性基金 + 国有资本经营
    fs_exp = half_cell(ctx, "fiscal_summary", "支出", "本年支出", "本年支出合计")
    gpb = total_cell(ctx, "gpb_function", "合计")
    if fs_exp is not None and gpb is not None and ctx.has_table("gov_fund") \
            and ctx.has_table("soe_capital"):
        parts = [gpb.interval()]
        for tid in ("gov_fund", "soe_capital"):
            c = total_cell(ctx, tid, "合计")
            if c is not None:
                parts.append(c.interval())
        yield from _yield(tie_check(ctx, "财政拨款本年支出 = 一般公共预算 + 政府性基金 + 国有资本经营",
                                    fs_exp, [sum_intervals(parts)]))
    # 一般公共预算支出表: 功能 ↔ 单位 ↔ 基本支出表
    for colname in ("合计", "基本支出", "人员经费", "公用经费", "项目支出"):
        a = total_cell(ctx, "gpb_by_unit", colname)
        b = total_cell(ctx, "gpb_function", colname)
        yield from _yield(tie_check(ctx, f"分单位表 {colname} = 分功能科目表", a, [b]))
    for colname, basic_col in (("基本支出", "合计"), ("人员经费", "人员经费"), ("公用经费", "公用经费")):
        a = total_cell(ctx, "gpb_basic", basic_col)
        b = total_cell(ctx, "gpb_function", colname)
        yield from _yield(tie_check(ctx, f"基本支出表 {basic_col} = 分功能科目表 {colname}", a, [b]))


def _class_lines(ctx, tid: str, level: int, rows: dict):
    """The 支出 lines of a summary table at ``level`` that have an amount and a class row of
    the same name in ``rows``: (line, its cell, that row)."""
    for r in half_lines(ctx, tid, "支出"):
        c = r.cells[next(iter(r.cells))]
        if _level_of(r.name) == level and c.value is not None and r.nname in rows:
            yield r, c, rows[r.nname]


@rule("TIE-FUNCTION-CLASS")
def function_class(ctx):
    exp_t = ctx.table("expense")
    gpb_t = ctx.table("gpb_function")

    def class_rows(t):
        return {r.nname: r for r in t.rows if r.code and r.code.isdigit() and len(r.code) == 3} \
            if t is not None else {}

    exp_rows, gpb_rows = class_rows(exp_t), class_rows(gpb_t)
    # 收支总表 支出 lines ↔ 支出总表 classes
    if exp_t is not None and (tot_col := exp_t.col("合计")) is not None:
        for r, c, er in _class_lines(ctx, "income_expense_summary", 1, exp_rows):
            yield from _yield(tie_check(ctx, f"收支总表 {r.nname} = 支出总表", c, [er.get(tot_col)]))
    # 财政拨款收支总表 支出 classes ↔ 一般公共预算 (+ 基金 + 国资) classes
    # (only when both fund tables are part of the input, so their classes are known)
    if gpb_t is not None and ctx.has_table("gov_fund") and ctx.has_table("soe_capital") \
            and (g_col := gpb_t.col("合计")) is not None:
        others = [ctx.table(t) for t in ("gov_fund", "soe_capital")]
        for r, c, gr in _class_lines(ctx, "fiscal_summary", 2, gpb_rows):
            parts = [gr.get(g_col).interval()]
            for o in others:
                if o is None:
                    continue
                orow = class_rows(o).get(r.nname)
                ocol = o.col("合计")
                if orow is not None and ocol is not None and orow.get(ocol) is not None:
                    parts.append(orow.get(ocol).interval())
            yield from _yield(tie_check(ctx, f"财政拨款收支总表 {r.nname} = 一般公共预算（+基金+国资）",
                                        c, [sum_intervals(parts)]))
    # 一般公共预算 class ≤ 支出总表 class
    if gpb_t is not None and exp_t is not None:
        g_col, e_col = gpb_t.col("合计"), exp_t.col("合计")
        for name, gr in gpb_rows.items():
            er = exp_rows.get(name)
            if er is None or g_col is None or e_col is None:
                continue
            yield from _yield(tie_check(ctx, f"一般公共预算 {name} ≤ 支出总表", gr.get(g_col),
                                        [er.get(e_col)], inequality="le"))


@rule("TIE-ECON-FUNCTION")
def econ_function(ctx):
    basic, gpb = ctx.table("gpb_basic"), ctx.table("gpb_function")
    if basic is None or gpb is None:
        return
    bcol = basic.col("合计")
    gcol = gpb.group_col("基本支出") or gpb.col("合计")
    if bcol is None or gcol is None:
        return
    for econ, funcs in (ctx.data.get("econ_function_map") or {}).items():
        er = basic.row_by_code(str(econ))
        frs = [gpb.row_by_code(str(f)) for f in funcs]
        frs = [f for f in frs if f is not None and f.get(gcol) is not None]
        if er is None or er.get(bcol) is None or not frs:
            continue
        s = sum_intervals([f.get(gcol).interval() for f in frs])
        yield from _yield(tie_check(
            ctx, f"经济科目 {econ} = 功能科目 {'+'.join(f.code for f in frs)}", er.get(bcol), [s],
            what=f"经济科目 {er.label} 与功能科目 {'、'.join(f.label for f in frs)} 的基本支出不一致"))


_YEAR_GROUP = re.compile(r"((?:19|20)\d\d)\s*年[^/]*/")


def _year_group(paths: list[str], year: int | None) -> str | None:
    """The header prefix of ``year``'s group when the columns are grouped by year (2025年预算数/…,
    2026年预算数/…), "" when they are not; None when ``year`` has no group (or several): never
    guessed."""
    groups: dict[int, set[str]] = {}
    for c in paths:
        if (m := _YEAR_GROUP.match(c)):
            groups.setdefault(int(m.group(1)), set()).add(m.group(0))
    if len(groups) < 2:
        return ""
    if year not in groups or len(groups[year]) > 1:
        return None
    return next(iter(groups[year]))


def _three_public_cols(t: TableView, year: int | None = None):
    """Columns of the 三公 table: total, abroad, vehicle, purchase, running, reception.

    The 三公 columns may sit in a group (“三公”经费/…) next to 会议费, 培训费 or 机关运行经费,
    whose overall 合计 is not the 三公 total.  A table with a column group per year (2025年预算数/…,
    2026年预算数/…) is read in the group of ``year`` (the document's year for this year's figures,
    the prior year's for last year's); with no group of ``year`` it gives no columns."""
    paths = [c for c in t.columns if c]
    prefix = _year_group(paths, year)
    if prefix is None:
        return {}
    inner = [c[len(prefix):] for c in paths if c.startswith(prefix)]
    return {k: prefix + c for k, c in _three_public_rel(inner).items()}


def _three_public_rel(paths: list[str]) -> dict:
    """_three_public_cols within one year's columns (header paths relative to its group)."""
    cols = {}
    group = None
    for c in paths:
        segs = c.split("/")
        for i, sg in enumerate(segs[:-1]):
            if "三公" in sg:
                group = "/".join(segs[:i + 1])
                break
        if group:
            break
    inside = [c for c in paths if group is None or c.startswith(group + "/")]
    for c in inside:
        segs = [strip_unit_suffix(x) for x in c.split("/")]
        last = segs[-1]
        in_vehicle = any("公务用车" in x for x in segs[:-1])
        if group is not None and len(segs) == group.count("/") + 2 and last in ("小计", "合计"):
            cols["total"] = c
        elif "三公" in last and "合计" in last:
            cols["total"] = c
        elif "出国" in last:
            cols["abroad"] = c
        elif "接待" in last:
            cols["reception"] = c
        elif in_vehicle and last in ("小计", "合计"):
            cols["vehicle"] = c
        elif "公务用车" in last and "购置" in last and "运行" in last:
            cols["vehicle"] = c
        elif "购置" in last and "运行" not in last and (in_vehicle or "车" in last):
            cols["purchase"] = c
        elif "运行" in last and "购置" not in last and "机关" not in last and (in_vehicle or "车" in last):
            cols["running"] = c
    if "total" not in cols and group is None:
        flat_total = [c for c in paths if "/" not in c and strip_unit_suffix(c) in ("合计", "小计")]
        unrelated = [c for c in paths if re.search(r"会议|培训|机关运行", c)]
        if flat_total and not unrelated:
            cols["total"] = flat_total[0]
    return cols


@rule("TIE-THREE-PUBLIC")
def three_public(ctx):
    t = ctx.table("three_public")
    if t is None:
        return
    cols = _three_public_cols(t, (ctx.input.meta or {}).get("year"))
    for r in t.rows:
        def cell(k, r=r):
            return r.get(cols.get(k))
        if all(cell(k) is not None for k in ("total", "abroad", "vehicle", "reception")):
            s = sum_intervals([cell(k).interval() for k in ("abroad", "vehicle", "reception")])
            if cell("total").value is not None or any(
                    cell(k).value is not None for k in ("abroad", "vehicle", "reception")):
                yield from _yield(tie_check(ctx, "三公合计 = 出国 + 用车 + 接待", cell("total"), [s],
                                            what="“三公”经费合计与各项之和不符"))
        if all(cell(k) is not None for k in ("vehicle", "purchase", "running")):
            s = sum_intervals([cell(k).interval() for k in ("purchase", "running")])
            if any(cell(k).value is not None for k in ("vehicle", "purchase", "running")):
                yield from _yield(tie_check(ctx, "公务用车 = 购置 + 运行", cell("vehicle"), [s],
                                            what="公务用车购置及运行费与购置费、运行费之和不符"))


@rule("TIE-THREE-PUBLIC-ECON")
def three_public_econ(ctx):
    t, basic = ctx.table("three_public"), ctx.table("gpb_basic")
    if t is None or basic is None:
        return
    cols = _three_public_cols(t, (ctx.input.meta or {}).get("year"))
    tr = t.total_row() or (t.rows[0] if len(t.rows) == 1 else None)
    bcol = basic.col("合计")
    if tr is None or bcol is None:
        return
    key = {"因公出国(境)费": "abroad", "公务接待费": "reception", "公务用车运行费": "running",
           "公务用车购置费": "purchase"}
    for item in ctx.data.get("three_public_econ") or []:
        er = basic.row_by_code(str(item["econ"]))
        tc = tr.get(cols.get(key.get(item["column"], "")))
        if er is None or er.get(bcol) is None or er.get(bcol).value is None or tc is None:
            continue
        yield from _yield(tie_check(ctx, f"基本支出 {item['econ']} ≤ 三公 {item['column']}",
                                    er.get(bcol), [tc], inequality="le",
                                    what=f"基本支出表 {er.label} 超过“三公”经费表 {item['column']}"))


@rule("TIE-PROJECT")
def project_table(ctx):
    t = ctx.table("project")
    if t is None or t.total_row() is None:
        return
    tr = t.total_row()
    total = tr.get(t.col("合计"))
    yield from _yield(tie_check(ctx, "项目支出表合计 = 支出总表项目支出", total,
                                [total_cell(ctx, "expense", "项目支出")]))
    c_now = col_under(t, "本年拨款", "一般公共预算")
    c_carry = col_under(t, "结转", "一般公共预算")
    gpb_proj = total_cell(ctx, "gpb_function", "项目支出")
    if c_now is not None and gpb_proj is not None and tr.get(c_now) is not None:
        alts = [tr.get(c_now)]
        if c_carry is not None and tr.get(c_carry) is not None:
            alts.append(tr.get(c_now).interval() + tr.get(c_carry).interval())
        yield from _yield(tie_check(ctx, "一般公共预算支出表项目支出 = 项目支出表一般公共预算",
                                    gpb_proj, alts))


@rule("TIE-PROCUREMENT")
def procurement(ctx):
    t = ctx.table("procurement")
    if t is None:
        return
    amount = None
    sme = micro = None
    for c in t.columns:
        last = strip_unit_suffix(c.split("/")[-1])
        if "中小企业" in last:
            sme = c
        elif "小微" in last:
            micro = c
        elif "金额" in last and amount is None:
            amount = c
    for r in t.rows:
        for part, whole, what in ((sme, amount, "面向中小企业金额超过采购金额"),
                                  (micro, sme, "面向小微企业金额超过面向中小企业金额")):
            if part is None or whole is None:
                continue
            pc, wc = r.get(part), r.get(whole)
            if pc is None or wc is None or pc.value is None or wc.value is None:
                continue
            yield from _yield(tie_check(ctx, f"{r.label} {strip_unit_suffix(part.split('/')[-1])} ≤ "
                                        f"{strip_unit_suffix(whole.split('/')[-1])}", pc, [wc],
                                        inequality="le", what=what))


def _is_administrative(ctx) -> bool | None:
    admin = None
    for c in ctx.claims:
        if c.kind == "count" and c.value is not None and ("行政编制" in c.subject
                                                           or "参公" in c.subject):
            admin = bool(admin) or c.value > 0
    return admin


@rule("TIE-ADMIN-RUNNING")
def admin_running(ctx):
    from ..interval import printed
    pub = total_cell(ctx, "gpb_basic", "公用经费") or total_cell(ctx, "gpb_function", "公用经费")
    if pub is None:
        return
    for c in ctx.claims:
        if c.kind != "amount" or "机关运行经费" not in c.subject or c.value_wan is None:
            continue
        stated = printed(c.value, c.decimals) * (c.value_wan / c.value if c.value else 1)
        ok = stated.overlaps(pub.interval())
        yield ctx.check(
            ok, "机关运行经费 = 公用经费", stated=c.value_wan, expected=pub.amount() or Decimal(0),
            unit="万元", table=pub.table, row=pub.label, column=pub.column,
            page=c.page, bbox=None,
            message="" if ok else (f"说明中的机关运行经费 {c.value} {c.unit}与基本支出公用经费 "
                                   f"{(pub.amount() or 0):.2f} 万元不同（机关运行经费口径可能不同）"),
            evidence=c.sentence)
