"""绩效 forms: indicator weights, project amounts, procurement plans, the department form."""
from __future__ import annotations

import re
from decimal import Decimal

from ..claims import claims_from_text
from ..interval import Interval, printed, ratio_percent, sum_intervals
from ..units import from_wan, parse_money, wan_per
from ._core import rule
from ._forms import amount_interval_wan, composition, form_grid, numeric_sequence, prior_year_header, texts
from .ties import half_cell, total_cell


def _project_forms(ctx):
    for tid in ctx.table_ids():
        if tid.startswith("perf_project"):
            grid = form_grid(ctx, tid)
            if grid:
                yield tid, grid


def _value_after(grid, label: str):
    """The first non-empty cell after the cell holding ``label`` (same row)."""
    for i, row in enumerate(grid):
        for j, c in enumerate(row):
            if c.text.replace(" ", "") == label:
                for k in range(j + 1, len(row)):
                    if row[k].text:
                        return row[k], i
    return None, None


def _project_row(ctx, name: str):
    """The project's 合计 cell in the project table; None when absent or when the name is
    on several rows (the same project in several units: which one is not known)."""
    t = ctx.table("project")
    if t is None or not name:
        return None
    col = t.col("合计")
    rows = [r for r in t.rows_named(name) if col is not None and r.get(col) is not None]
    return rows[0].get(col) if len(rows) == 1 else None


def _iv_desc(iv: Interval) -> str:
    return f"{iv.mid:.2f}"


@rule("PERF-WEIGHTS")
def weights(ctx):
    for tid, grid in _project_forms(ctx):
        hdr = None
        for i, row in enumerate(grid):
            if any("指标权重比例" in c.text for c in row):
                hdr = i
                break
        if hdr is None:
            continue
        wcol = None
        for i in range(hdr, min(hdr + 3, len(grid))):
            for j, c in enumerate(grid[i]):
                if "指标分值权重" in c.text:
                    wcol, wrow = j, i
        if wcol is None:
            continue
        pcol = next(j for j, c in enumerate(grid[hdr]) if "指标权重比例" in c.text)
        stated = None
        weights = []
        for i in range(wrow + 1, len(grid)):
            row = grid[i]
            if pcol < len(row) and parse_money(row[pcol].text) and stated is None:
                stated = parse_money(row[pcol].text)
            w = parse_money(row[wcol].text) if wcol < len(row) else None
            if w is None or w[2] == "%":
                # a row shifted by merged cells: its last bare integer before the basis text
                ints = [parse_money(c.text) for c in row if re.fullmatch(r"\d{1,3}", c.text)]
                w = ints[-1] if ints else None
            if w is None:
                break
            weights.append(w[0])
        if stated is None or not weights:
            continue
        total = sum(weights)
        ok = total == stated[0]
        name_cell, _ = _value_after(grid, "项目名称")
        pname = name_cell.text if name_cell else tid
        yield ctx.check(
            ok, f"{pname} 指标分值权重合计", stated=stated[0], expected=total, unit="分",
            table=tid, row="年度绩效目标", column="指标分值权重",
            message="" if ok else (f"项目“{pname}”年度绩效指标分值权重合计 {total}，所填指标权重比例为 "
                                   f"{stated[0]}（未列出的决策、过程类指标可能占其余分值）"),
            evidence=f"{tid}: 指标分值权重 " + " + ".join(str(w) for w in weights) + f" = {total}")


@rule("PERF-PROJECT-AMOUNT")
def project_amount(ctx):
    for tid, grid in _project_forms(ctx):
        name_cell, _ = _value_after(grid, "项目名称")
        pname = name_cell.text if name_cell else ""
        cur_cell, _ = _value_after(grid, "项目当年预算")
        cur = amount_interval_wan(cur_cell.text) if cur_cell else None
        if cur is None:
            continue
        # tie to the project table
        pc = _project_row(ctx, pname)
        if pc is not None:
            ok = cur.overlaps(pc.interval())
            yield ctx.check(
                ok, f"{pname} 项目当年预算 = 项目支出表", stated=cur.mid, expected=pc.amount(),
                unit="万元", table=tid, row="项目当年预算", column=None, page=cur_cell.page,
                bbox=cur_cell.bbox,
                message="" if ok else (f"项目“{pname}”绩效目标表当年预算 {cur_cell.text}，"
                                       f"项目支出预算表为 {pc.raw or pc.value} 万元"),
                evidence=f"{tid}: 项目当年预算 {cur_cell.text}; project {pc.label} = {pc.raw}")
        yield from _funding_checks(ctx, tid, grid, pname, cur, cur_cell)
        yield from _detail_checks(ctx, tid, grid, pname, cur, cur_cell)


def _funding_checks(ctx, tid, grid, pname, cur, cur_cell):
    """The funding sources: 当年预算合计 = 项目当年预算 = the sum of the numbered sources."""
    tot_cell, ti = _value_after(grid, "当年预算合计")
    tot = amount_interval_wan(tot_cell.text) if tot_cell else None
    if tot is None:
        return
    ok = tot.overlaps(cur)
    yield ctx.check(
        ok, f"{pname} 资金来源合计 = 项目当年预算", stated=tot.mid, expected=cur.mid,
        unit="万元", table=tid, row="当年预算合计", page=tot_cell.page, bbox=tot_cell.bbox,
        message="" if ok else f"资金来源当年预算合计 {tot_cell.text} 与项目当年预算 {cur_cell.text} 不符",
        evidence=f"{tid}: 当年预算合计 {tot_cell.text}; 项目当年预算 {cur_cell.text}")
    srcs = []
    for row in grid[ti + 1:ti + 6]:
        lab = next((c.text for c in row if c.text), "")
        if not re.match(r"^\d\s*[.、．]", lab):
            break
        vals = [amount_interval_wan(c.text) for c in row if c.text and c.text != lab]
        vals = [v for v in vals if v is not None]
        srcs.extend(vals[:1])
    if srcs:
        s = sum_intervals(srcs)
        ok = tot.overlaps(s)
        yield ctx.check(
            ok, f"{pname} 资金来源分项之和", stated=tot.mid, expected=s.mid, unit="万元",
            table=tid, row="当年预算合计", page=tot_cell.page, bbox=tot_cell.bbox,
            message="" if ok else f"资金来源各项之和 {_iv_desc(s)} 与当年预算合计 {tot_cell.text} 不符",
            evidence=f"{tid}: 资金来源")


def _detail_checks(ctx, tid, grid, pname, cur, cur_cell):
    """项目支出明细: every funding column (本级财政拨款, 上级转移支付, 其他资金) of its lines adds
    up to 项目当年预算, and each line's 测算依据 to its amount."""
    hdr = next((i for i, row in enumerate(grid) if any("本级财政拨款金额" in c.text for c in row)),
               None)
    if hdr is None:
        return
    k = next(j for j, c in enumerate(grid[hdr]) if "本级财政拨款金额" in c.text)
    ks = [j for j, c in enumerate(grid[hdr]) if re.search(r"金额|其他资金", c.text)]
    lines, clean = [], True
    for row in grid[hdr + 1:]:
        t = texts(row)
        if any(("配置计划" in x or "绩效总目标" in x or "采购计划" in x) for x in t):
            break
        if not any(t):
            break
        vals = [amount_interval_wan(row[j].text) for j in ks if j < len(row) and row[j].text]
        if any(v is None for v in vals):
            clean = False
        vals = [v for v in vals if v is not None]
        if not vals:
            if any(parse_money(x) for x in t if x):
                clean = False
            continue
        v = sum_intervals(vals)
        lines.append((row, v))
        for x in t:
            yield from _basis_checks(ctx, tid, pname, x, v, row[k])
    if lines and clean:
        s = sum_intervals(v for _, v in lines)
        ok = s.overlaps(cur)
        yield ctx.check(
            ok, f"{pname} 项目支出明细之和 = 项目当年预算", stated=s.mid, expected=cur.mid,
            unit="万元", table=tid, row="项目支出明细", page=lines[0][0][k].page,
            message="" if ok else (f"项目“{pname}”支出明细本级财政拨款金额之和 {_iv_desc(s)} 万元，"
                                   f"项目当年预算 {cur_cell.text}"),
            evidence=f"{tid}: " + " + ".join(r[k].text for r, _ in lines))


def _basis_checks(ctx, tid, pname, x: str, v: Interval, cell):
    """A 测算依据 text ("组成（10613412元）：… 10489572元 … 123840元"): its parts add up to its
    total, and the total is the line's amount ``v`` (``cell`` its 本级财政拨款金额)."""
    cl = [c for c in claims_from_text(x) if c.kind == "amount" and c.is_money]
    if len(cl) < 3 or not re.search(r"组成|合计|共计|总计", cl[0].subject + x[:30]):
        return
    head, rest = cl[0], cl[1:]
    hs = printed(head.value, head.decimals)
    rs = sum_intervals(printed(r.value, r.decimals) for r in rest)
    ok = hs.overlaps(rs) and all(r.unit == head.unit for r in rest)
    yield ctx.check(
        ok, f"{pname} 测算依据分项之和", stated=head.value, expected=rs.mid,
        unit=head.unit, table=tid, row="项目支出明细", page=cell.page,
        message="" if ok else (f"测算依据中合计 {head.value}{head.unit} 与各项之和 "
                               f"{rs.mid}{head.unit} 不符"),
        evidence=x[:200])
    ok2 = (hs * wan_per(head.unit)).overlaps(v)
    yield ctx.check(
        ok2, f"{pname} 测算依据合计 = 明细金额", stated=head.value,
        expected=from_wan(v.mid, head.unit),
        unit=head.unit, table=tid, row="项目支出明细", page=cell.page,
        message="" if ok2 else (f"测算依据中合计 {head.value}{head.unit} 与本级财政拨款金额 "
                                f"{cell.text} 不符"),
        evidence=x[:200])


@rule("PERF-PROCUREMENT-PLAN")
def procurement_plan(ctx):
    t = ctx.table("procurement")
    if t is None:
        return
    amt_col = next((c for c in t.columns if "金额" in c.split("/")[-1]
                    and "中小" not in c and "小微" not in c), None)
    if amt_col is None:
        return
    for tid, grid in _project_forms(ctx):
        name_cell, _ = _value_after(grid, "项目名称")
        pname = name_cell.text if name_cell else ""
        start = next((i for i, row in enumerate(grid) if any("采购计划" in c.text for c in row)), None)
        if start is None or not pname:
            continue
        plan = []
        for row in grid[start + 1:]:
            tx = texts(row)
            if any("绩效总目标" in x for x in tx) or not any(tx):
                break
            if "品名" in tx:
                continue
            amts = [amount_interval_wan(x) for x in tx if x.endswith("万元") or x.endswith("元")]
            amts = [a for a in amts if a is not None]
            if amts:
                plan.append(amts[-1])
        rows = [r for r in t.rows_named(pname) if r.get(amt_col) is not None
                and r.get(amt_col).value is not None]
        if not plan or not rows:
            continue
        p = sum_intervals(plan)
        s = sum_intervals(r.get(amt_col).interval() for r in rows)
        ok = p.overlaps(s)
        yield ctx.check(
            ok, f"{pname} 采购计划 = 政府采购预算表", stated=p.mid, expected=s.mid, unit="万元",
            table=tid, row="采购计划",
            message="" if ok else (f"项目“{pname}”绩效目标表采购计划 {p.mid:.2f} 万元，政府采购预算表为 "
                                   f"{s.mid:.2f} 万元"),
            evidence=f"{tid}: 采购计划; procurement rows {', '.join(r.label for r in rows)}")


@rule("PERF-DEPT-FORM")
def dept_form(ctx):
    grid = form_grid(ctx, "perf_dept")
    if not grid:
        return
    years = prior_year_header(grid)
    full = "n%" + "n" * len(years)
    for section in ("收入构成", "支出构成"):
        comp = composition(grid, section)
        if comp is None:
            continue
        parts, (_, tseq, ti) = comp
        tkinds = "".join(k for k, *_ in tseq)
        if tkinds != full or not all("".join(k for k, *_ in s) == full for _, s, _ in parts):
            continue
        yield from _composition_sums(ctx, section, parts, tseq, years)
        yield from _composition_shares(ctx, section, parts, tseq, ti)
        yield from _composition_budget(ctx, section, tseq)
        if section == "支出构成":
            yield from _composition_classes(ctx, parts)
    yield from _dept_projects(ctx, grid)


def _composition_sums(ctx, section, parts, tseq, years):
    """Each year column of a 构成 section: the parts add up to its 合计."""
    for pos in [0] + list(range(2, 2 + len(years))):
        s = sum_intervals(printed(seq[pos][1], seq[pos][2]) for _, seq, _ in parts)
        tot = printed(tseq[pos][1], tseq[pos][2])
        ok = tot.overlaps(s)
        colname = "当年金额" if pos == 0 else f"{years[pos - 2]}年"
        yield ctx.check(
            ok, f"部门整体绩效 {section} {colname} 合计", stated=tseq[pos][1], expected=s.mid,
            unit="万元", table="perf_dept", row=f"{section} 合计", column=colname,
            message="" if ok else f"{section}{colname}合计 {tseq[pos][1]}，各项之和为 {s.mid:.2f}",
            evidence="perf_dept: " + " + ".join(f"{name}={seq[pos][1]}" for name, seq, _ in parts))


def _composition_shares(ctx, section, parts, tseq, ti):
    """The 占比 column: each part's current-year amount / the 合计."""
    tot_cur = printed(tseq[0][1], tseq[0][2])
    if tot_cur.lo <= 0:
        return
    for label, seq, _ in parts + [("合计", tseq, ti)]:
        stated = printed(seq[1][1], seq[1][2])
        r = ratio_percent(printed(seq[0][1], seq[0][2]), tot_cur)
        ok = stated.overlaps(r)
        yield ctx.check(
            ok, f"部门整体绩效 {section} {label} 占比", stated=seq[1][1],
            expected=r.mid.quantize(Decimal("0.01")), unit="%", table="perf_dept",
            row=f"{section} {label}", column="占比",
            message="" if ok else f"{section}{label}占比 {seq[1][1]}%，复算为 {r.mid:.2f}%",
            evidence=f"perf_dept: {label} {seq[0][1]} / {tseq[0][1]}")


def _composition_budget(ctx, section, tseq):
    """The current-year 合计 against the budget tables' income or expense total."""
    income = section == "收入构成"
    budget = total_cell(ctx, "income" if income else "expense", "合计") or \
        half_cell(ctx, "income_expense_summary", "收入" if income else "支出",
                  "本年收入合计" if income else "本年支出合计")
    if budget is None:
        return
    ok = printed(tseq[0][1], tseq[0][2]).overlaps(budget.interval())
    yield ctx.check(
        ok, f"部门整体绩效 {section} 当年合计 = 预算", stated=tseq[0][1],
        expected=budget.amount(), unit="万元", table="perf_dept", row=f"{section} 合计",
        column="当年金额",
        message="" if ok else (f"部门整体绩效目标表{section}当年合计 {tseq[0][1]} 与预算表 "
                               f"{budget.raw or budget.value} 不符"),
        evidence=f"perf_dept 合计 {tseq[0][1]}; {budget.table} {budget.label} {budget.raw}")


def _composition_classes(ctx, parts):
    """支出构成: 人员类 / 运转类 / 特定目标类 against 人员经费 / 公用经费 / 项目支出 (sub-check
    ``composition``)."""
    for label, key in (("人员类", "人员经费"), ("运转类", "公用经费"), ("特定目标类", "项目支出")):
        row = next(((name, s) for name, s, _ in parts if name.startswith(label)), None)
        cell = total_cell(ctx, "gpb_function", key) if key != "项目支出" else \
            (total_cell(ctx, "expense", "项目支出") or total_cell(ctx, "gpb_function", key))
        if row is None or cell is None:
            continue
        ok = printed(row[1][0][1], row[1][0][2]).overlaps(cell.interval())
        yield ctx.check(
            ok, f"部门整体绩效 {row[0]} = {key}", stated=row[1][0][1], expected=cell.amount(),
            sub="composition", unit="万元", table="perf_dept", row=row[0], column="当年金额",
            message="" if ok else (f"部门整体绩效目标表{row[0]} {row[1][0][1]} 与{key} "
                                   f"{cell.raw or cell.value} 不同（口径可能不同）"),
            evidence=f"perf_dept {row[0]}; {cell.table} {cell.label} {cell.raw}")


def _dept_projects(ctx, grid):
    """The projects the form lists (项目支出情况) against the project table."""
    start = next((i for i, row in enumerate(grid) if any(c.text == "项目支出情况" for c in row)), None)
    if start is None:
        return
    for row in grid[start + 1:]:
        tx = [x for x in texts(row) if x]
        if not tx or any("绩效总目标" in x for x in tx):
            break
        name = next((x for x in tx if _project_row(ctx, x) is not None), None)
        if name is None:
            continue
        nums = [s for s in numeric_sequence(row) if s[0] == "n"]
        if not nums:
            continue
        v = nums[-1]
        pc = _project_row(ctx, name)
        ok = printed(v[1], v[2]).overlaps(pc.interval())
        yield ctx.check(
            ok, f"部门整体绩效 项目 {name} 本年度预算 = 项目支出表", stated=v[1], expected=pc.amount(),
            unit="万元", table="perf_dept", row=name, column="项目本年度预算",
            message="" if ok else f"部门整体绩效目标表项目“{name}”本年度预算 {v[1]}，项目支出表为 {pc.raw}",
            evidence=f"perf_dept: {name} {v[1]}; project {pc.label} {pc.raw}")
