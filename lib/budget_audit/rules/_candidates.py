"""The table cells a narrative amount may describe (NARR-AMOUNT and the headline, unit-word and
list-sum rules): the claim's scope (一般公共预算 / 财政拨款 / a fund / 三公 / all funds) picks the
tables, its subject the line."""
from __future__ import annotations

import re
from decimal import Decimal

from ..claims import Claim
from ..interval import Interval, exact, printed
from ..tableview import Cell, norm
from ..text import normalize_text
from ..units import WAN_PER
from .ties import col_under, current_gpb_line, half_cell, income_gpb_cell, total_cell


def claim_interval_wan(c: Claim) -> Interval:
    iv = printed(c.value, c.decimals)
    f = WAN_PER.get(c.unit, Decimal(1))
    return iv * f if f != 1 else iv


def _in_unit(c: Claim, wan: Decimal | None) -> Decimal | None:
    if wan is None:
        return None
    f = WAN_PER.get(c.unit, Decimal(1))
    return wan / f if f != 1 else wan


def _scope(c: Claim) -> str:
    ctx = (c.section_path or c.section) + " " + c.sentence
    if "三公" in (c.section_path or c.section) or "三公" in c.subject:
        return "three_public"
    # a section on one fund speaks of that fund's table only
    for words, scope in ((("政府性基金",), "gov_fund"), (("国有资本经营",), "soe_capital")):
        if any(w in (c.section or "") or w in c.subject for w in words):
            return scope
    if "一般公共预算" in ctx:
        # a sentence that names other funds beside it speaks of all the appropriations
        return "fiscal" if re.search(r"政府性基金|国有资本经营", c.sentence) else "gpb"
    if "财政拨款" in ctx:
        return "fiscal"
    return "all"


def _class_cells(ctx, name: str, tables: list[str]) -> list[Cell]:
    out = []
    for tid in tables:
        if tid in ("income_expense_summary", "fiscal_summary"):
            c = half_cell(ctx, tid, "支出", name)
            if c is not None:
                out.append(c)
            continue
        t = ctx.table(tid)
        if t is None:
            continue
        col = t.col("合计")
        for r in t.rows_named(name):
            if r.code and col is not None and r.get(col) is not None:
                out.append(r.get(col))
                break
    return out


def _path_cells(ctx, name: str, tables: list[str]) -> list[Cell]:
    """Rows named by their whole path, 类+款+项 names run together as some documents write
    them ("社会保障和就业支出行政事业单位养老支出机关事业单位基本养老保险缴费支出")."""
    out = []
    for tid in tables:
        t = ctx.table(tid)
        if t is None:
            continue
        col = t.col("合计")
        if col is None:
            continue
        by_code = {r.code: r for r in t.rows if r.code and r.code.isdigit()}
        for r in by_code.values():
            if len(r.code) not in (5, 7):
                continue
            chain = [by_code.get(r.code[:n]) for n in (3, 5, 7) if n <= len(r.code)]
            if any(x is None for x in chain):
                continue
            if "".join(x.nname for x in chain) == name and r.get(col) is not None:
                out.append(r.get(col))
                break
    return out


def _claim_year(ctx, c: Claim) -> int | None:
    """The year the claim's own clause names ("2022年…3.5万元"), else the document's ("与2021年
    持平；公务用车运行维护费7.5万元" is this year's)."""
    clause = re.split(r"[；;，,。]", normalize_text(c.sentence)[:c.start])[-1]
    years = re.findall(r"((?:19|20)\d\d)\s*年", clause)
    return int(years[-1]) if years else (ctx.input.meta or {}).get("year")


def _three_public_cell(ctx, key: str, year: int | None = None) -> Cell | None:
    from .ties import _three_public_cols
    t = ctx.table("three_public")
    if t is None:
        return None
    cols = _three_public_cols(t, year)
    tr = t.total_row() or (t.rows[0] if len(t.rows) == 1 else None)
    if tr is None:
        return None
    return tr.get(cols.get(key))


def _gpb_only(ctx) -> bool:
    """财政拨款 is 一般公共预算 alone: no other fund's table holds an amount (a table named but
    not read could hold one)."""
    for tid in ("gov_fund", "soe_capital"):
        t = ctx.table(tid)
        if t is not None and not t.all_blank:
            return False
        if t is None and tid in (ctx.input.tables or {}) and getattr(
                ctx.input.tables[tid], "structure", "") != "verified":
            return False
    return True


# subjects that are not this year's table figure: a prior year, the original budget of a
# 决算, a change, a completion rate …
_NOT_CURRENT = re.compile(r"年初|调整|上年|去年|上一年|同期|增加|减少|增长|下降|增减|执行|完成|决算数比|相抵|"
                          r"结转|结余|累计|预计|计划|其他")


def _present(*xs) -> list:
    return [x for x in xs if x is not None]


def candidates(ctx, c: Claim) -> list:
    """Table cells (or exact intervals) the claim's amount may describe; [] = not recognised."""
    s = norm(c.subject)
    if "安排的" in s:  # "一般公共预算拨款安排的培训费": the subject is what is arranged
        s = s.split("安排的")[-1]
    scope = _scope(c)
    if scope in ("gov_fund", "soe_capital"):
        # like with like: a fund's class amounts against that fund's table, nothing else
        return _class_cells(ctx, s, [scope]) if s and c.value is not None else []
    if not s or c.value is None or c.base_for is not None or _NOT_CURRENT.search(s):
        return []
    if scope == "three_public":
        return _three_public_candidates(ctx, c, s)
    if "运行经费" in s:
        return []  # TIE-ADMIN-RUNNING
    found = _total_candidates(ctx, c, s)
    if found is not None:
        return found
    # the scope decides the tables: a figure said of 一般公共预算 / 财政拨款 is never compared with
    # the all-funds tables, nor the reverse (a university's 教育支出 differs in the two)
    gpb_scope = scope in ("gpb", "fiscal") or "一般公共预算" in s or "财政拨款" in s
    found = _spending_candidates(ctx, s, gpb_scope)
    if found is not None:
        return found
    return _class_candidates(ctx, c, s, scope, gpb_scope)


def _three_public_candidates(ctx, c: Claim, s: str) -> list:
    """A 三公 item's cell of the 三公 table (the year the claim's clause names)."""
    title = norm(c.section)
    key = None
    if "三公" in s:
        key = "total"
    elif "出国" in s or ("出国" in title and s in ("预算控制数", "预算数")):
        key = "abroad"
    elif "接待" in s:
        key = "reception"
    elif "购置" in s and "运行" in s:
        key = "vehicle"
    elif "购置" in s:
        key = "purchase"
    elif "运行" in s:
        key = "running"
    cell = _three_public_cell(ctx, key, _claim_year(ctx, c)) if key else None
    return [cell] if cell is not None else []


def _total_candidates(ctx, c: Claim, s: str) -> list | None:
    """收支总预算, 收入预算, 支出预算 and the 一般公共预算 totals; None when ``s`` is none of them."""
    if "收支总预算" in s or "收支预算总" in s:
        if "财政拨款" in s:  # 收支总预算 with or without 上年结转: the 总计 or this year's 合计
            return _present(half_cell(ctx, "fiscal_summary", "收入", "收入总计"),
                        half_cell(ctx, "fiscal_summary", "支出", "支出总计"),
                        half_cell(ctx, "fiscal_summary", "收入", "本年收入合计"))
        return _present(half_cell(ctx, "income_expense_summary", "收入", "收入总计"),
                    half_cell(ctx, "income_expense_summary", "支出", "支出总计"),
                    half_cell(ctx, "income_expense_summary", "收入", "本年收入合计"))
    if re.fullmatch(r"(本年|当年)财政拨款收入(预算)?", s):   # this year's only: 上年结转 is apart
        return _present(half_cell(ctx, "fiscal_summary", "收入", "本年收入合计"))
    if c.parent is not None and "项目支出" in norm(c.parent.subject) and "一般公共预算" in s:
        t = ctx.table("project")
        if t is not None and t.total_row() is not None:
            col = col_under(t, "本年拨款", "一般公共预算") or t.col("一般公共预算")
            return _present(t.total_row().get(col))
        return []
    if re.search(r"^(部门)?收入预算|收入预算$", s) and "收支" not in s:
        return _present(total_cell(ctx, "income", "合计"),
                    half_cell(ctx, "income_expense_summary", "收入", "本年收入合计"),
                    half_cell(ctx, "income_expense_summary", "收入", "收入总计"))
    if re.search(r"^(部门)?支出预算$", s):
        return _present(total_cell(ctx, "expense", "合计"),
                    half_cell(ctx, "income_expense_summary", "支出", "本年支出合计"),
                    half_cell(ctx, "income_expense_summary", "支出", "支出总计"))
    # the fund's own total only when the fund is the subject, not the scope of another figure
    # ("一般公共预算拨款政府采购")
    if "一般公共预算" in s and re.search(r"政府采购|购买服务", s):
        return []
    if "一般公共预算" in s and s.startswith("涉及"):
        # what performance targets cover ("涉及一般公共预算当年拨款"): the projects or the whole
        t = ctx.table("project")
        col = col_under(t, "本年拨款", "一般公共预算") or t.col("一般公共预算") if t is not None else None
        proj = t.total_row().get(col) if col and t.total_row() is not None else None
        return _present(total_cell(ctx, "gpb_function", "项目支出"), proj,
                    total_cell(ctx, "gpb_function", "合计"), income_gpb_cell(ctx),
                    half_cell(ctx, "fiscal_summary", "收入", "一般公共预算拨款"))
    if "一般公共预算" in s and not re.search(r"基本|项目|三公|人员|公用", s):
        if "收入" in s:
            return _present(income_gpb_cell(ctx),
                        current_gpb_line(ctx, "income_expense_summary"),
                        current_gpb_line(ctx, "fiscal_summary"))
        if "拨款" in s or s == "一般公共预算支出":
            return _present(total_cell(ctx, "gpb_function", "合计"),
                        income_gpb_cell(ctx),
                        current_gpb_line(ctx, "fiscal_summary"))
        return []
    return None


def _spending_candidates(ctx, s: str, gpb_scope: bool) -> list | None:
    """基本支出, 项目支出, 人员经费, 公用经费, 政府采购, 政府购买服务 in the claim's scope; None when
    ``s`` is none of them."""
    if s.endswith("基本支出") and not re.search(r"三公|政府性基金|国有资本", s):
        if gpb_scope:
            return _present(total_cell(ctx, "gpb_function", "基本支出"), total_cell(ctx, "gpb_basic", "合计"),
                        total_cell(ctx, "fiscal_expense", "基本支出"),
                        total_cell(ctx, "fiscal_basic", "合计"))
        return _present(total_cell(ctx, "expense", "基本支出"))
    if s.endswith("项目支出") and not re.search(r"三公|政府性基金|国有资本", s):
        if gpb_scope:
            t = ctx.table("project")
            proj = None
            if t is not None and t.total_row() is not None:
                col = col_under(t, "本年拨款", "一般公共预算")
                proj = t.total_row().get(col) if col else None
            return _present(total_cell(ctx, "gpb_function", "项目支出"),
                        total_cell(ctx, "fiscal_expense", "项目支出"), proj)
        return _present(total_cell(ctx, "expense", "项目支出"), total_cell(ctx, "project", "合计"))
    if s in ("人员经费", "公用经费") or s.endswith("基本支出人员经费") or s.endswith("基本支出公用经费"):
        k = "人员经费" if "人员" in s else "公用经费"
        return _present(total_cell(ctx, "gpb_function", k), total_cell(ctx, "gpb_basic", k),
                    total_cell(ctx, "gpb_by_unit", k))
    if "政府采购" in s:
        t = ctx.table("procurement")
        if t is None or t.total_row() is None:
            return []
        part = re.search(r"货物|工程|服务", s.split("政府采购")[-1])   # not the body's name
        for col in t.columns:
            last = col.split("/")[-1]
            if "金额" in last and "中小" not in last and "小微" not in last:
                if part:   # 政府采购工程预算: its own line (B-工程), never the total
                    own_line = rf"([A-Za-z一二三四五六七八九十]+[-、.．]?)?{part.group(0)}类?"
                    rows = [r for r in t.rows if re.fullmatch(own_line, r.nname)]
                    return _present(rows[0].get(col)) if len(rows) == 1 else []
                return _present(t.total_row().get(col))
        return []
    if "政府购买服务" in s:
        t = ctx.table("purchase_service")
        if t is None:
            if "purchase_service" in ctx.input.tables:
                return [exact(0)]  # present, no amounts
            return []
        tr = t.total_row()
        col = next((cc for cc in t.columns if "金额" in cc), None)
        if tr is not None and col is not None:
            return _present(tr.get(col))
        if t.all_blank:
            return [exact(0)]
        return []
    return None


def _class_candidates(ctx, c: Claim, s: str, scope: str, gpb_scope: bool) -> list:
    """Function classes and items, economic classes and projects by name."""
    # function classes / items by name
    # 一般公共预算 amounts against the 一般公共预算 table only (the 财政拨款 tables include the
    # funds); 财政拨款 amounts against the 财政拨款 tables, or the 一般公共预算 table
    func_tables = (["gpb_function"] if scope == "gpb" else
                   ["fiscal_summary", "fiscal_expense"] + (["gpb_function"] if _gpb_only(ctx) else [])
                   if gpb_scope else ["expense", "income_expense_summary"])
    cells = _class_cells(ctx, s, func_tables)
    if cells:
        return cells
    cells = _path_cells(ctx, s, [t for t in func_tables if t in ("gpb_function", "expense",
                                                                 "fiscal_expense")])
    if cells:
        return cells
    if not gpb_scope:
        t = ctx.table("income")
        if t is not None and t.total_row() is not None:
            col = t.col(s)
            if col is not None and t.total_row().get(col) is not None:
                return [t.total_row().get(col)]
    # the basic-spending tables hold a part of the fund: not for the parts of a wider whole
    # ("一般公共预算拨款 74868.34 万元，其中：工资福利支出" counts project spending too)
    wider = c.parent is not None and not re.search(r"基本支出|人员经费|公用经费", norm(c.parent.subject))
    if (gpb_scope or "基本支出" in (c.section_path or "")) and not wider:
        cells = _class_cells(ctx, s, ["gpb_basic", "fiscal_basic"])
        if cells:
            return cells
    t = ctx.table("project")
    if t is not None:
        col = t.col("合计")
        for r in t.rows_named(s):
            if col is not None and r.get(col) is not None:
                return [r.get(col)]
    return []
