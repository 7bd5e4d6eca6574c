"""Key figures of a document, read from its tables: 收入/支出 totals, 财政拨款, 一般公共预算,
政府性基金, 基本/项目支出, 三公 items, 机关运行经费, 政府采购, function rows by code or class
name.  One lookup shared by the rules (YEAR-PRIOR-TIE, FINAL-*), the report's charts and
explore::

    figures(ctx, key) -> [Cell | Interval, ...]       # ctx: a rules Context (.table(id), .input)
    narrative_figures(ctx, key) -> [Interval, ...]    # 机关运行经费, 政府采购 stated in no table
    key_figures(doc, keys=KEY_NAMES) -> {key: [...]}  # of an Extraction or AuditInput
    subject_key(text, section, ctx=None) -> key | None  # the figure a narrative subject names
"""
from __future__ import annotations

import re
from decimal import Decimal

from .interval import exact
from .tableview import Cell, TableView, norm, strip_unit_suffix
from .text import normalize_text


def side_cell(t: TableView | None, side: str, names, column_leaf: str | None = None,
              after: str | None = None) -> Cell | None:
    """A line of one half (收入/支出) of a two-halves summary table, by normalized label; with
    several value columns on that side (决算 财政拨款收支总表: 合计 / 一般公共预算 / …) the one
    whose last header segment contains ``column_leaf`` (default: 合计, else the first)."""
    if t is None:
        return None
    wanted = {norm(n) for n in ([names] if isinstance(names, str) else names)}
    started = after is None
    for r in t.rows:
        other = "支出" if side == "收入" else "收入"
        cols = [c for c in r.cells if side in c.split("/")[0] and other not in c.split("/")[0]]
        if not cols:
            continue
        if not started:
            if r.nname == norm(after):
                started = True
            continue
        if r.nname not in wanted:
            continue
        if len(cols) > 1:
            leaf = column_leaf or "合计"
            pick = [c for c in cols if leaf in c.split("/")[-1]]
            if not pick and column_leaf is None:
                pick = cols[:1]
            cols = pick
        if cols:
            return r.get(cols[0])
    return None


def year_line(t: TableView | None, side: str, column_leaf: str | None = None) -> Cell | None:
    """本年收入合计 / 本年支出合计 of a summary table; its 总计 when the table has no 结转/结余
    line (then 总计 is this year's total: the Shanghai budget template)."""
    c = side_cell(t, side, [f"本年{side}合计", f"本年{side}"], column_leaf=column_leaf)
    if c is not None or t is None:
        return c
    if any(("结转" in r.name or "结余" in r.name) for r in t.rows):
        return None
    return side_cell(t, side, [f"{side}总计", "总计"], column_leaf=column_leaf)


def total_of(t: TableView | None, *leaves: str) -> Cell | None:
    """The total row's cell in the first column named by ``leaves`` (a group's total column or
    the leaf itself), or None."""
    if t is None:
        return None
    tr = t.total_row()
    if tr is None:
        return None
    for leaf in leaves:
        c = t.group_col(leaf) or t.col(leaf)
        if c is not None and tr.get(c) is not None:
            return tr.get(c)
    return None


def _empty_or_total(ctx, tid: str):
    """A fund table's total, or exact 0 when the table is present with no amounts."""
    t = ctx.table(tid)
    if t is None:
        return exact(0) if tid in ctx.input.tables else None
    c = total_of(t, "合计", "本年支出合计")
    if c is None and len(t.rows):
        sub = [col for col in t.columns if "本年支出" in col and col.split("/")[-1] == "合计"]
        tr = t.total_row()
        if sub and tr is not None:
            c = tr.get(sub[0])
    if c is not None:
        return c
    return exact(0) if t.all_blank else None


def _three_public(ctx, key: str, stage: str | None = None):
    """A 三公 table cell: key total/abroad/vehicle/purchase/running/reception/admin_running;
    ``stage`` 'budget' or 'final' picks the 预算数/决算数 column of a 决算 table."""
    t = ctx.table("three_public")
    if t is None:
        return exact(0) if "three_public" in ctx.input.tables and key != "admin_running" else None
    row = t.total_row() or (t.rows[0] if len(t.rows) == 1 else None)
    if row is None:
        return None
    staged = any(split_stage(c)[0] for c in t.columns)
    want_stage = stage or ("final" if staged else None)
    if not staged and key != "admin_running":
        from .rules.ties import _three_public_cols  # R's reading of the budget 三公 table
        col = _three_public_cols(t, (ctx.input.meta or {}).get("year")).get(key)
        return row.get(col) if col is not None else None
    in_group = [c for c in t.columns if "三公" in c]
    for col in t.columns:
        if key != "admin_running" and in_group and col not in in_group:
            continue  # 会议费 / 培训费 / an overall 合计 beside the 三公 group
        st, segs = split_stage(col)
        if staged and st != want_stage:
            continue
        if three_key(segs) == key and row.get(col) is not None:
            return row.get(col)
    return None


_STAGES = {"预算数": "budget", "决算数": "final"}


def split_stage(col: str) -> tuple[str | None, list[str]]:
    """('budget'|'final'|None, the other header segments) of a 决算 三公 column: the 预算数/决算数
    segment may come last (Shanghai: 合计/预算数) or first (预算数/合计)."""
    segs = [strip_unit_suffix(x) for x in col.split("/")]
    st = [x for x in segs if x in _STAGES]
    if len(st) != 1:
        return None, segs
    return _STAGES[st[0]], [x for x in segs if x not in _STAGES]


def three_key(segs: list[str]) -> str | None:
    last = segs[-1] if segs else ""
    if "机关运行" in last:
        return "admin_running"
    if any("会议" in s or "培训" in s for s in segs):
        return None
    vehicle = any("公务用车" in s for s in segs[:-1])
    if "出国" in last:
        return "abroad"
    if "接待" in last:
        return "reception"
    if vehicle and last in ("小计", "合计"):
        return "vehicle"
    if "购置" in last and "运行" in last:
        return "vehicle"
    if "购置" in last:
        return "purchase"
    if "运行" in last:
        return "running"
    if last in ("合计", "小计") or ("三公" in last and "合计" in last):
        if not any(x in "".join(segs[:-1]) for x in ("出国", "接待", "公务用车")):
            return "total"
    return None


def _row_cells(ctx, tids, *, code: str | None = None, name: str | None = None):
    out = []
    for tid in tids:
        t = ctx.table(tid)
        if t is None:
            continue
        col = t.col("合计", "本年支出合计") or next(
            (c for c in t.columns if c.split("/")[-1] == "合计"), None)
        if col is None:
            continue
        for r in t.rows:
            if code is not None and r.code != code:
                continue
            if name is not None and not (r.code and len(r.code) == 3 and r.nname == norm(name)):
                continue
            c = r.get(col)
            if c is not None:
                out.append(c)
                break
    return out


KEY_NAMES = {
    "income": "本年收入合计", "expense": "本年支出合计", "grand_total": "收支总计",
    "fiscal_income": "财政拨款收入", "fiscal_expense": "财政拨款支出",
    "fiscal_total": "财政拨款收支总计", "gpb_expense": "一般公共预算财政拨款支出",
    "gov_fund": "政府性基金预算财政拨款支出", "soe": "国有资本经营预算财政拨款支出",
    "basic": "基本支出", "project": "项目支出", "three_public": "“三公”经费",
    "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行费", "purchase": "公务用车购置费",
    "running": "公务用车运行费", "reception": "公务接待费", "admin_running": "机关运行经费",
    "procurement": "政府采购",
}


def figures(ctx, key) -> list:
    """Cells (or exact intervals) of one document carrying the figure ``key``."""
    ies, inc_t = ctx.table("income_expense_summary"), ctx.table("income")
    exp_t, fs = ctx.table("expense"), ctx.table("fiscal_summary")
    out: list = []

    def add(*xs):
        out.extend(x for x in xs if x is not None)

    if isinstance(key, tuple):
        kind, what, scope = key
        tids = ["fiscal_expense", "gpb_function"] if scope == "fiscal" else ["expense"]
        if kind == "code":
            add(*_row_cells(ctx, tids, code=what))
        elif kind == "class":
            add(*_row_cells(ctx, tids, name=what))
            if scope == "all":
                add(side_cell(ies, "支出", [what]))
        elif kind == "income_col":
            add(side_cell(ies, "收入", [what]), total_of(inc_t, what))
        return out
    if key == "income":
        add(year_line(ies, "收入"), total_of(inc_t, "本年收入", "合计", "本年收入合计"))
        # "收入预算" may also mean the 收入总计 with last year's carry-over: an alternative, so
        # such a figure is never a false alarm (and never "unambiguous" either)
        add(side_cell(ies, "收入", ["收入总计", "总计"]))
    elif key == "expense":
        add(year_line(ies, "支出"), total_of(exp_t, "合计", "本年支出合计"))
        add(side_cell(ies, "支出", ["支出总计", "总计"]))
    elif key == "grand_total":
        add(side_cell(ies, "收入", ["收入总计", "总计"]), side_cell(ies, "支出", ["支出总计", "总计"]))
        if side_cell(ies, "收入", ["本年收入合计"]) is not None:
            add(side_cell(ies, "收入", ["合计"]))
    elif key == "fiscal_income":
        add(side_cell(ies, "收入", ["财政拨款收入", "财政拨款"]),
            total_of(inc_t, "财政拨款收入", "财政拨款"),
            year_line(fs, "收入"))
    elif key == "fiscal_expense":
        add(year_line(fs, "支出"), total_of(ctx.table("fiscal_expense"), "合计"))
    elif key == "fiscal_total":
        add(side_cell(fs, "收入", ["收入总计", "总计"]))
    elif key == "gpb_expense":
        add(total_of(ctx.table("gpb_function"), "合计"))
        c = year_line(fs, "支出", column_leaf="一般公共预算")
        if c is not None:
            add(c)
    elif key in ("gov_fund", "soe"):
        add(_empty_or_total(ctx, "gov_fund" if key == "gov_fund" else "soe_capital"))
    elif key in ("basic", "project"):
        add(total_of(exp_t, "基本支出" if key == "basic" else "项目支出"))
    elif key in ("three_public", "abroad", "vehicle", "purchase", "running", "reception"):
        add(_three_public(ctx, "total" if key == "three_public" else key))
    elif key == "admin_running":
        add(_three_public(ctx, "admin_running"), total_of(ctx.table("admin_running"), "合计"))
    elif key == "procurement":
        t = ctx.table("procurement")
        if t is not None and t.total_row() is not None:
            col = next((c for c in t.columns if "金额" in c.split("/")[-1]
                        and not re.search("中小|小微", c)), None)
            if col is not None:
                add(t.total_row().get(col))
    return out


_NARRATIVE_KEYS = ("admin_running", "procurement")


def narrative_figures(ctx, key) -> list:
    """The amounts a document's own narrative states for ``key`` (机关运行经费, 政府采购: often
    in no table), this year's only: claims at bracket depth 0 whose sentence before them names
    no other year and no change."""
    if key not in _NARRATIVE_KEYS:
        return []
    from .rules._candidates import _NOT_CURRENT, claim_interval_wan
    year = str((ctx.input.meta or {}).get("year") or "")
    out = []
    for c in ctx.claims:
        if c.kind != "amount" or not c.is_money or c.value is None or c.depth > 0:
            continue
        if _NOT_CURRENT.search(norm(c.subject)) or subject_key(c.subject, c.section) != key:
            continue
        lead = normalize_text(c.sentence)[:c.start]
        if any(y != year for y in re.findall(r"(\d{4})\s*年", lead)):
            continue
        out.append(claim_interval_wan(c))
    return out


def key_figures(doc, keys=KEY_NAMES) -> dict:
    """Every simple key's figures of a document (Extraction or AuditInput), or those ``keys``."""
    from .rules import AuditInput, Context
    ctx = Context(AuditInput.of(doc))
    return {k: figures(ctx, k) for k in keys}


def amount_of(figure) -> Decimal:
    """A figure's amount in 万元: a cell's (blank counts as 0) or an exact interval's."""
    if isinstance(figure, Cell):
        return figure.amount() if figure.value is not None else Decimal(0)
    return figure.mid


CODE = re.compile(r"[（(]\s*(\d{3}|\d{5}|\d{7})\s*[)）]")


_ALL_FUNDS = ("basic", "project", "income", "expense", "grand_total")


def subject_key(text: str, section: str, ctx=None):
    """The figure a subject names, or None when not recognised (never guessed).  An all-funds
    figure (基本支出, 收入, 支出 …) named in a section about one fund (一般公共预算, 财政拨款, 政府性
    基金 …) is that fund's figure, which the all-funds tables do not carry: None."""
    key = _subject_key(text, section, ctx)
    if (key in _ALL_FUNDS or (isinstance(key, tuple) and key[0] == "income_col")) and re.search(
            r"财政拨款|一般公共预算|政府性基金|国有资本", norm(section)):
        return None
    return key


def _subject_key(text: str, section: str, ctx=None):
    s = norm(re.sub(r"\d{4}\s*年度?", "", normalize_text(text or "")))
    s = re.sub(r"^(学校|本部门|本单位|部门|单位|全年|当年|本年度?)", "", s)
    s = re.sub(r"(决算数|决算|预算数|支出数|的)$", "", s)
    sec = norm(section)
    if not s:
        return None
    if re.search(r"中小|小微|预留|人次|批次|外宾|国内", s):
        return None
    if "三公" in sec or "三公" in s or re.search(r"出国|公务用车|公务接待", s):
        if "出国" in s:
            return "abroad"
        if "接待" in s:
            return "reception"
        if "购置" in s and "运行" in s:
            return "vehicle"
        if "购置" in s:
            return "purchase"
        if "运行" in s and "公务用车" in s or re.fullmatch(r"(公务)?用?车?运行(维护)?费?(支出)?", s):
            return "running"
        if "三公" in s:
            return "three_public"
        return None
    if "机关运行经费" in s:
        return "admin_running"
    if re.fullmatch(r"(本部门|本单位)?政府采购(预算|支出|金额)?(总额|合计|总计)?", s):
        return "procurement"
    if "政府性基金" in s:
        return "gov_fund" if "支出" in s or "拨款" in s else None
    if "国有资本经营" in s:
        return "soe" if "支出" in s or "拨款" in s else None
    if re.search(r"基本|项目|人员|公用|三公|结转|结余|采购|购买|[（(][类款项][)）]", s):
        if re.fullmatch(r"基本支出(预算)?", s):
            return "basic"
        if re.fullmatch(r"项目支出(预算)?", s):
            return "project"
        return None
    if "一般公共预算" in s:
        if "收入" in s:
            return None
        return "gpb_expense" if re.search(r"支出|拨款", s) else None
    if "财政拨款" in s:
        if re.search(r"收入支出|收支", s):
            return "fiscal_total" if re.search(r"总计|总预算|总额", s) or s.endswith("收入支出") \
                else None
        if "收入" in s:
            return "fiscal_income"
        if "支出" in s:
            return "fiscal_expense"
        return None
    if re.fullmatch(r"(部门|单位)?(财务)?(收入支出|收支)(总计|总预算|预算总计|总额)?", s):
        return "grand_total"
    if re.fullmatch(r"(部门|单位)?(总)?收入(预算|总计|合计|预算总额)?|本年收入合计", s):
        return "income"
    if re.fullmatch(r"(部门|单位)?(各项)?(总)?支出(预算|总计|合计|预算总额)?|本年支出合计", s):
        return "expense"
    if re.fullmatch(r"(事业|经营|其他|上级补助|附属单位上缴)收入", s):
        return ("income_col", s, "all")
    if ctx is not None and s.endswith("支出"):
        scope = "fiscal" if re.search(r"财政拨款|一般公共预算", sec) else "all"
        tids = ["fiscal_expense", "gpb_function"] if scope == "fiscal" else ["expense"]
        if _row_cells(ctx, tids, name=s):
            return ("class", s, scope)
    return None
