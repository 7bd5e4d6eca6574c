"""Across years: this year's stated prior-year figures against last year's own document.

Public API (besides the rule)::

    find_prior(unit, year, candidates, kind="budget", scope=None) -> candidate | None
    prior_checks(current, prior) -> list[Check]      # YEAR-PRIOR-TIE without run_rules
    year_series(extractions) -> [(subject, year, Decimal 万元)]
    key_figures(doc) -> {key: [Cell | Interval, ...]}

``AuditInput.prior`` (an Extraction or AuditInput of the same unit's previous year, or None)
feeds the rule YEAR-PRIOR-TIE.  A stated change "比 2023 年预算减少 876.75 万元" (or 持平, or
增长 Y%) is recomputed as this year's amount − last year's figure of the same subject, where
last year's figure is read from last year's tables (收入/支出 totals, 财政拨款, 一般公共预算,
基本/项目支出, 三公 items, 机关运行经费, function rows by code or class name).
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from ..claims import Claim, normalize_text
from ..interval import Interval, exact, printed, ratio_percent
from ._core import AuditInput, Check, Context, rule, run_rules
from ._tables import Cell, TableView, norm, strip_unit_suffix

__all__ = ["find_prior", "prior_interim", "prior_checks", "year_series", "key_figures", "unit_key",
           "same_unit", "KEY_NAMES"]

# -- unit names ----------------------------------------------------------------------------------

_REGION = re.compile(
    r"^(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?:[\u4e00-\u9fff]{1,6}?市)?"
    r"(?:[\u4e00-\u9fff]{1,6}?(?:区|县|旗))?(?:人民政府)?")


def unit_key(name: str) -> tuple[str, str]:
    """(region prefix, core name) of a unit name: spaces, brackets ((部门)、(本级)) and the
    province/city/district prefix ("上海市普陀区", "人民政府") split off."""
    s = re.sub(r"[\s\u3000]+", "", normalize_text(name or ""))
    s = re.sub(r"[（(][^（()）]{0,8}[)）]$", "", s)
    party = s.startswith("中共") or s.startswith("中国共产党")
    m = _REGION.match(s)
    prefix = m.group(0) if m else ""
    core = s[len(prefix):]
    if len(core) < 3:  # the prefix ate the name ("上海市普陀区" alone): keep it whole
        prefix, core = "", s
    if party:
        core = "中共" + core
    prefix = re.sub(r"^(中共|中国共产党)", "", prefix)
    return prefix, core


def same_unit(a: str, b: str) -> bool:
    """Conservative: equal cores, and region prefixes that do not contradict (one is empty or
    one ends the other: "上海市普陀区" ~ "普陀区" ~ "")."""
    if not a or not b:
        return False
    pa, ca = unit_key(a)
    pb, cb = unit_key(b)
    if ca != cb:
        return False
    pa, pb = pa.replace("人民政府", ""), pb.replace("人民政府", "")
    return not pa or not pb or pa.endswith(pb) or pb.endswith(pa)


def _meta_of(c) -> dict:
    if isinstance(c, dict):
        return c
    if isinstance(c, (tuple, list)) and len(c) == 2 and isinstance(c[1], dict):
        return {**c[1], "path": c[1].get("path") or str(c[0])}
    return dict(getattr(c, "meta", {}) or {})


def _scope_of(meta: dict) -> str | None:
    """部门 (department, with its units) or 单位 (one unit): the document's own level (identity),
    else the file name."""
    if meta.get("level") or meta.get("scope"):
        return meta.get("level") or meta["scope"]
    f = (meta.get("file") or meta.get("path") or "")
    f = Path(f).name.lower()
    if "单位预算" in f or "单位决算" in f or "danwei" in f or "unit_budget" in f:
        return "unit"
    if "部门预算" in f or "部门决算" in f or "bumen" in f or "dept" in f:
        return "dept"
    return None


def find_prior(unit: str, year: int, candidates, kind: str = "budget", scope: str | None = None):
    """The previous year's document of the same unit among ``candidates`` (Extractions, meta
    dicts, or ``(path, meta)`` pairs), or None.

    Same unit by :func:`same_unit`, year − 1 exactly, the same ``kind`` (budget/final) and,
    when both are known, the same scope (部门 vs 单位).  An exact name match wins over a
    prefix-tolerant one; several equally good candidates (other than copies of one file, same
    sha256) give None: ambiguous, nothing is guessed."""
    try:
        want = int(year) - 1
    except (TypeError, ValueError):
        return None
    exact_hits, loose_hits = [], []
    for c in candidates or []:
        m = _meta_of(c)
        try:
            y = int(m.get("year"))
        except (TypeError, ValueError):
            continue
        if y != want or (m.get("kind") or "budget") != (kind or "budget"):
            continue
        sc = _scope_of(m)
        if scope and sc and sc != scope:
            continue
        name = m.get("unit") or ""
        if not same_unit(unit, name):
            continue
        same = re.sub(r"\s+", "", name) == re.sub(r"\s+", "", unit or "")
        (exact_hits if same else loose_hits).append((c, m))
    for hits in (exact_hits, loose_hits):
        if not hits:
            continue
        shas = {m.get("sha256") or id(c) for c, m in hits}
        if len(shas) == 1:
            return hits[0][0]
        return None
    return None


def prior_interim(meta: dict, interim_root) -> Path | None:
    """The interim folder (``<interim_root>/<year-1>/<stem>/``, as written by
    ``budget_audit.extract.save``) of the previous-year document of the unit ``meta`` describes,
    chosen by :func:`find_prior` among the ``document.json`` files found there; None when none
    or ambiguous.  Load it with ``budget_audit.extract.load`` and pass it as
    ``AuditInput.prior``."""
    import json
    try:
        year = int(meta.get("year"))
    except (TypeError, ValueError):
        return None
    folder = Path(interim_root) / str(year - 1)
    cands = []
    for f in sorted(folder.glob("*/document.json")) if folder.is_dir() else []:
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        cands.append((f.parent, {k: m.get(k) for k in ("unit", "year", "kind", "sha256", "file")}))
    hit = find_prior(meta.get("unit") or "", year, cands, kind=meta.get("kind") or "budget",
                     scope=_scope_of(meta))
    return Path(hit[0]) if hit is not None else None


# -- table lookups -------------------------------------------------------------------------------

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


def _total(t: TableView | None, *leaves: str) -> Cell | None:
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


def _empty_or_total(ctx: Context, tid: str):
    """A fund table's total, or exact 0 when the table is present with no amounts."""
    t = ctx.table(tid)
    if t is None:
        return exact(0) if tid in ctx.input.tables else None
    c = _total(t, "合计", "本年支出合计")
    if c is None and len(t.rows):
        sub = [col for col in t.columns if "本年支出" in col and col.split("/")[-1] == "合计"]
        tr = t.total_row()
        if sub and tr is not None:
            c = tr.get(sub[0])
    if c is not None:
        return c
    return exact(0) if t.all_blank else None


def _three_public(ctx: Context, key: str, stage: str | None = None):
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
        from .ties import _three_public_cols  # R's reading of the budget 三公 table
        col = _three_public_cols(t).get(key)
        return row.get(col) if col is not None else None
    in_group = [c for c in t.columns if "三公" in c]
    for col in t.columns:
        if key != "admin_running" and in_group and col not in in_group:
            continue  # 会议费 / 培训费 / an overall 合计 beside the 三公 group
        st, segs = split_stage(col)
        if staged and st != want_stage:
            continue
        if _three_key(segs) == key and row.get(col) is not None:
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


def _three_key(segs: list[str]) -> str | None:
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


def _row_cells(ctx: Context, tids, *, code: str | None = None, name: str | None = None):
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


def figures(ctx: Context, key) -> list:
    """Cells (or exact intervals) of one document carrying the figure ``key``."""
    ies, inc_t = ctx.table("income_expense_summary"), ctx.table("income")
    exp_t, fs = ctx.table("expense"), ctx.table("fiscal_summary")
    out: list = []
    add = lambda *xs: out.extend(x for x in xs if x is not None)  # noqa: E731
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
            add(side_cell(ies, "收入", [what]), _total(inc_t, what))
        return out
    if key == "income":
        add(year_line(ies, "收入"), _total(inc_t, "本年收入", "合计", "本年收入合计"))
        # "收入预算" may also mean the 收入总计 with last year's carry-over: an alternative, so
        # such a figure is never a false alarm (and never "unambiguous" either)
        add(side_cell(ies, "收入", ["收入总计", "总计"]))
    elif key == "expense":
        add(year_line(ies, "支出"), _total(exp_t, "合计", "本年支出合计"))
        add(side_cell(ies, "支出", ["支出总计", "总计"]))
    elif key == "grand_total":
        add(side_cell(ies, "收入", ["收入总计", "总计"]), side_cell(ies, "支出", ["支出总计", "总计"]))
        if side_cell(ies, "收入", ["本年收入合计"]) is not None:
            add(side_cell(ies, "收入", ["合计"]))
    elif key == "fiscal_income":
        add(side_cell(ies, "收入", ["财政拨款收入", "财政拨款"]),
            _total(inc_t, "财政拨款收入", "财政拨款"),
            year_line(fs, "收入"))
    elif key == "fiscal_expense":
        add(year_line(fs, "支出"), _total(ctx.table("fiscal_expense"), "合计"))
    elif key == "fiscal_total":
        add(side_cell(fs, "收入", ["收入总计", "总计"]))
    elif key == "gpb_expense":
        add(_total(ctx.table("gpb_function"), "合计"))
        c = year_line(fs, "支出", column_leaf="一般公共预算")
        if c is not None:
            add(c)
    elif key in ("gov_fund", "soe"):
        add(_empty_or_total(ctx, "gov_fund" if key == "gov_fund" else "soe_capital"))
    elif key in ("basic", "project"):
        add(_total(exp_t, "基本支出" if key == "basic" else "项目支出"))
    elif key in ("three_public", "abroad", "vehicle", "purchase", "running", "reception"):
        add(_three_public(ctx, "total" if key == "three_public" else key))
    elif key == "admin_running":
        add(_three_public(ctx, "admin_running"), _total(ctx.table("admin_running"), "合计"))
    elif key == "procurement":
        t = ctx.table("procurement")
        if t is not None and t.total_row() is not None:
            col = next((c for c in t.columns if "金额" in c.split("/")[-1]
                        and not re.search("中小|小微", c)), None)
            if col is not None:
                add(t.total_row().get(col))
    return out


_NARRATIVE_KEYS = ("admin_running", "procurement")


def narrative_figures(ctx: Context, key) -> list[Interval]:
    """The amounts a document's own narrative states for ``key`` (机关运行经费, 政府采购: often
    in no table), this year's only: claims at bracket depth 0 whose sentence before them names
    no other year and no change."""
    if key not in _NARRATIVE_KEYS:
        return []
    from .narrative import _NOT_CURRENT
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
        out.append(_claim_iv(c))
    return out


def key_figures(doc) -> dict:
    """Every simple key's figures of a document (Extraction or AuditInput)."""
    ctx = Context(AuditInput.of(doc))
    return {k: figures(ctx, k) for k in KEY_NAMES}


# -- subjects ------------------------------------------------------------------------------------

_CODE = re.compile(r"[（(]\s*(\d{3}|\d{5}|\d{7})\s*[)）]")


_ALL_FUNDS = ("basic", "project", "income", "expense", "grand_total")


def subject_key(text: str, section: str, ctx: Context | None = None):
    """The figure a subject names, or None when not recognised (never guessed).  An all-funds
    figure (基本支出, 收入, 支出 …) named in a section about one fund (一般公共预算, 财政拨款, 政府性
    基金 …) is that fund's figure, which the all-funds tables do not carry: None."""
    key = _subject_key(text, section, ctx)
    if (key in _ALL_FUNDS or (isinstance(key, tuple) and key[0] == "income_col")) and re.search(
            r"财政拨款|一般公共预算|政府性基金|国有资本", norm(section)):
        return None
    return key


def _subject_key(text: str, section: str, ctx: Context | None = None):
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


# -- the comparison base of a change ---------------------------------------------------------------

_CMP = re.compile(r"(?:比|较|与|同比|相比|对比)(?P<what>(?:\d{4}年度?|上一?年度?|去年|上年同期)"
                  r"[^，,；;。：:]{0,12}?)(?=相比|比较|增|减|下降|降低|上升|提高|持平|一致|相同|节约|压减|缩减|[，,]|$)")
_VERB = re.compile(r"(增加|减少|增长|下降|降低|上升|减|增|压减|节约|缩减|提高|持平)")


def _base(sentence: str, upto: int, cur_year) -> dict | None:
    """{'year', 'kind' (budget/final/None), 'explicit'} of the last comparison phrase before
    ``upto`` in the sentence; kind 'other' for 执行数/调整预算/年初 …, None when none."""
    s = normalize_text(sentence)[:upto]
    s = re.sub(r"\s+", "", s)
    ms = list(_CMP.finditer(s))
    if not ms:
        return None
    what = ms[-1].group("what")
    y = re.search(r"(\d{4})年", what)
    year = int(y.group(1)) if y else (int(cur_year) - 1 if cur_year else None)
    kind = None
    rest = re.sub(r"^\d{4}年度?|^上一?年度?|^去年", "", what)
    if re.search(r"执行|调整|全年|年初|实际|完成|同期|变动", rest):
        kind = "other"
    elif "决算" in rest:
        kind = "final"
    elif "预算" in rest:
        kind = "budget"
    return {"year": year, "kind": kind, "explicit": bool(y)}


def _clause_before(sentence: str, pos: int) -> str:
    s = normalize_text(sentence)[:pos]
    parts = re.split(r"[，,；;：:。]", s)
    return parts[-1] if parts else ""


# -- the rule ------------------------------------------------------------------------------------

def _ivs(xs) -> list[Interval]:
    return [x.interval() if isinstance(x, Cell) else x for x in xs]


def _agree(ivs: list[Interval]) -> bool:
    return all(a.overlaps(b) for i, a in enumerate(ivs) for b in ivs[i + 1:])


def _claim_iv(c: Claim) -> Interval:
    from .narrative import claim_interval_wan
    return claim_interval_wan(c)


def _desc(x) -> str:
    if isinstance(x, Cell):
        return f"{x.table} {x.label}「{x.column}」= {x.raw or x.value or 0}"
    return f"{x.mid:.2f}"


def _doc_desc(meta: dict) -> str:
    kind = "决算" if meta.get("kind") == "final" else "预算"
    return f"{meta.get('year')}年{kind}（{meta.get('file') or Path(str(meta.get('path', ''))).name}）"


def _changes(ctx: Context):
    """(change claim, pct claim or None, amount claim or None, subject text) groups."""
    claims = ctx.claims
    out = []
    used_pct = set()
    by_sentence: dict[int, list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence_index, []).append(c)
    for idx, group in by_sentence.items():
        for i, c in enumerate(group):
            if c.kind != "change" or not c.is_money and not c.flat:
                continue
            pct = None
            if not c.flat:
                nxt = group[i + 1] if i + 1 < len(group) else None
                if nxt is not None and nxt.kind == "pct_change" and (
                        nxt.change is c or nxt.ref is None or nxt.ref is c.ref):
                    between = normalize_text(c.sentence)[c.end:nxt.start]
                    if len(re.sub(r"[，,\s、]|增长|下降|降低|上升|增加|减少|幅度?为?|了", "", between)) == 0:
                        pct = nxt
                        used_pct.add(id(nxt))
            out.append((c, pct, c.ref))
        for c in group:
            if c.kind == "pct_change" and id(c) not in used_pct and c.ref is not None:
                out.append((None, c, c.ref))
    return out


def _subject_text(change: Claim | None, pct: Claim | None, amount: Claim | None) -> str:
    if amount is not None:
        return amount.subject
    c = change or pct
    clause = _clause_before(c.sentence, c.start)
    clause = re.sub(r"(比|较|与|同比|相比).*$", "", clause)
    clause = _VERB.split(clause)[0]
    return clause


@rule("YEAR-PRIOR-TIE")
def prior_tie(ctx):
    prior = getattr(ctx.input, "prior", None)
    if prior is None:
        return
    pin = AuditInput.of(prior)
    pctx = Context(pin)
    cur_meta, pmeta = ctx.input.meta or {}, pin.meta or {}
    cur_year = cur_meta.get("year")
    pyear = pmeta.get("year")
    pkind = pmeta.get("kind") or "budget"
    used = _doc_desc(pmeta)
    from .narrative import pct_grade
    if cur_meta.get("kind") == "final" and pkind == "final" and pyear is not None \
            and cur_year is not None and int(pyear) == int(cur_year) - 1:
        # 年初结转和结余 = last year's 年末结转和结余: info only, 决算 may restate the opening
        # balance (以前年度调整), so a difference is a question, not an inconsistency
        begin = side_cell(ctx.table("income_expense_summary"), "收入",
                          ["年初结转和结余", "上年结转和结余", "年初结转结余", "上年结转结余"])
        end = side_cell(pctx.table("income_expense_summary"), "支出", ["年末结转和结余", "年末结转结余"])
        if begin is not None and end is not None and (begin.value is not None or end.value is not None):
            bi = begin.interval() if begin.value is not None else exact(0)
            ei = end.interval() if end.value is not None else exact(0)
            ok = bi.overlaps(ei)
            yield ctx.check(
                ok, "年初结转和结余 = 上年年末结转和结余", stated=begin.amount() or Decimal(0),
                expected=end.amount() or Decimal(0), unit="万元", severity="info",
                table="income_expense_summary", row=used, column=begin.column, page=begin.page,
                message="" if ok else (f"本年年初结转和结余 {begin.raw or 0} 万元，{used}年末结转和结余 "
                                       f"{end.raw or 0} 万元（差额可能来自以前年度调整，请核对说明）"),
                evidence=f"income_expense_summary 年初 {begin.raw or 0}; {used} 年末 {end.raw or 0}")
    prev_base = {}
    for change, pct, amount in _changes(ctx):
        if amount is not None and amount.base is not None:
            continue  # the sentence names its base: NARR-CHANGE and YEAR-NAMED-BASE judge it
        c = change or pct
        s_norm = normalize_text(c.sentence)
        base_pos = (amount.end if amount is not None and change is not None and change.flat
                    else c.start)
        if change is not None and change.flat:
            m = re.search(r"持平", s_norm[amount.end if amount is not None else 0:])
            base_pos = (amount.end if amount is not None else 0) + (m.end() if m else 0)
        base = _base(c.sentence, base_pos, cur_year)
        inherited = False
        if base is None and re.match(r"^\s*其中", s_norm) and c.section in prev_base:
            base, inherited = prev_base[c.section], True
        if base is not None and not inherited:
            prev_base[c.section] = base
        if base is None:
            continue  # no stated comparison: not a prior-year figure we can place
        if base["kind"] == "other" or (base["kind"] is not None and base["kind"] != pkind):
            continue  # 执行数 / 年初 / another kind of document: not last year's own figure
        if base["kind"] is None and pkind != (cur_meta.get("kind") or "budget"):
            continue  # "比上年" compares like with like: a 决算 with last year's 决算
        if pyear is None or base["year"] != int(pyear):
            continue
        subject = _subject_text(change, pct, amount)
        key = None
        m = _CODE.search(s_norm[:c.start])
        if m and amount is not None:
            scope = "fiscal" if re.search(r"财政拨款|一般公共预算", c.section_path or c.section) \
                else "all"
            key = ("code", m.group(1), scope)
        if key is None:
            key = subject_key(subject, c.section_path or c.section, ctx)
        if key is None:
            continue
        p_cells = figures(pctx, key)
        from_narrative = False
        if not p_cells:
            p_cells = narrative_figures(pctx, key)
            from_narrative = True
        if not p_cells:
            continue
        p_ivs = _ivs(p_cells)
        cur_cells = figures(ctx, key) or ([] if amount is not None else narrative_figures(ctx, key))
        a_ivs = ([_claim_iv(amount)] if amount is not None and amount.is_money else []) \
            + _ivs(cur_cells)
        if not a_ivs:
            continue
        doubts = [why for bad, why in (
            (base["kind"] != pkind, "句中未写明所比的是上年预算还是决算，或与所用上年文件不同"),
            (inherited, "比较基数沿用前句"),
            (not _agree(p_ivs), "上年文件各表所列该数不一致"),
            (amount is None and not _agree(_ivs(cur_cells)), "本年各表所列该数不一致")) if bad]
        sev, doubt = ctx.severity, "；".join(doubts)
        p_desc = (f"说明所述 {p_ivs[0].mid:.2f} 万元" if from_narrative else _desc(p_cells[0]))
        name = KEY_NAMES.get(key) if not isinstance(key, tuple) else (
            p_cells[0].label if isinstance(p_cells[0], Cell) else key[1])
        p0 = p_ivs[0]
        a0 = a_ivs[0]
        where = f"上年文件：{used}"
        if change is not None:
            d = exact(0) if change.flat else _claim_iv(change)
            ok = any(d.overlaps(a - p) for a in a_ivs for p in p_ivs)
            exp_d = (a0 - p0).mid
            said = "持平" if change.flat else (
                f"{'减少' if change.value < 0 else '增加'} {abs(change.value)} {change.unit}")
            yield ctx.check(
                ok, f"{name} 比{base['year']}年{'决算' if pkind == 'final' else '预算'}增减",
                stated=Decimal(0) if change.flat else change.value_wan,
                expected=exp_d.quantize(Decimal("0.01")), unit="万元", severity=sev, doubt=doubt,
                table=p_cells[0].table if isinstance(p_cells[0], Cell) else None,
                row=used, column=p_cells[0].column if isinstance(p_cells[0], Cell) else None,
                page=change.page,
                message="" if ok else (
                    f"说明称{subject or name}比{base['year']}年{said}；{used}中该项为 "
                    f"{p_desc}，本年 {a0.mid:.2f} 万元，应为"
                    f"{'减少' if exp_d < 0 else '增加'} {abs(exp_d):.2f} 万元"),
                evidence=f"{c.sentence} ‖ {where}，{p_desc}")
        if pct is not None and pct.value is not None and all(p.lo > 0 for p in p_ivs):
            sp = printed(pct.value, pct.decimals)
            cands = [ratio_percent(a - p, p) for a in a_ivs for p in p_ivs]
            ok = any(sp.overlaps(x) for x in cands)
            grade_sev = sev
            if not ok:
                best = min(cands, key=lambda x: abs(x.mid - pct.value))
                _, grade_sev = pct_grade(sp, best, pct.decimals, sev)
            exp_p = cands[0]
            yield ctx.check(
                ok, f"{name} 比{base['year']}年增减率", stated=pct.value,
                expected=exp_p.mid.quantize(Decimal("0.01")), unit="%", severity=grade_sev,
                doubt=doubt,
                row=used, page=pct.page,
                message="" if ok else (
                    f"说明称{subject or name}比{base['year']}年变动 {pct.value}%；按{used}的 "
                    f"{p_desc} 与本年 {a0.mid:.2f} 万元复算为 {exp_p.mid:.2f}%"),
                evidence=f"{c.sentence} ‖ {where}，{p_desc}")


def prior_checks(current, prior) -> list[Check]:
    """YEAR-PRIOR-TIE on ``current`` against ``prior`` (Extractions or AuditInputs)."""
    ai = AuditInput.of(current)
    ai = AuditInput(cells=ai.cells, narrative=ai.narrative, meta=ai.meta, missing=ai.missing,
                    tables=ai.tables, prior=prior)
    return run_rules(ai, ["YEAR-PRIOR-TIE"]).checks


# -- multi-year series ---------------------------------------------------------------------------

_SERIES = (("支出合计", "expense"), ("基本支出", "basic"), ("项目支出", "project"),
           ("“三公”经费", "three_public"))


def year_series(extractions) -> list[tuple[str, int, Decimal]]:
    """(subject, year, 万元) of 支出合计, 基本支出, 项目支出 and “三公”经费 for every document
    given (one unit's years), sorted by subject then year.  A 决算 document's subjects carry
    "（决算）" so budgets and final accounts of one year stay apart.  Figures a document does
    not have are left out; the first table that carries a figure wins; of two documents of one
    year and kind (a 部门 and a 单位 budget), the first given wins."""
    out = []
    seen: set = set()
    for x in extractions or []:
        ctx = Context(AuditInput.of(x))
        meta = ctx.input.meta or {}
        try:
            year = int(meta.get("year"))
        except (TypeError, ValueError):
            continue
        tag = "（决算）" if meta.get("kind") == "final" else ""
        for subject, key in _SERIES:
            for f in figures(ctx, key):
                v = (f.amount() if f.value is not None else Decimal(0)) if isinstance(f, Cell) \
                    else f.mid
                if (subject + tag, year) not in seen:
                    seen.add((subject + tag, year))
                    out.append((subject + tag, year, v))
                break
    order = {s: i for i, (s, _) in enumerate(_SERIES)}
    return sorted(out, key=lambda t: (order.get(t[0].replace("（决算）", ""), 9), t[0], t[1]))
