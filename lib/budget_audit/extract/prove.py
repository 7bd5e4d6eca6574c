"""Each table's reading proved by its own arithmetic: `verified`, `uncertain` or `unreadable`.

The verdict of an audit rests on this (a document is only "clean" when every table it holds was
read with verified structure), so a table is `verified` only when its numbers were checked
against each other and held:

* footings by the code hierarchy (3 → 5 → 7-digit 功能 codes, 301 → 30101 经济 codes) and the
  合计 row against the top-level codes (``footing.check_footings``);
* cross-footing by the header tree: in every row, a 合计/小计 column (or a header with columns
  below it) equals the sum of its branches, measure by measure where each branch is split into
  预算数/决算数 and the like; "其中" memo columns are never summed;
* a 合计/总计 row against the rows numbered 一、二、… above it (or all rows above it when they
  carry no numbering), where there are no codes.

A reading whose checks fail in one or two places among many that hold is verified (the table
says something inconsistent, which the rules report); failures in many places, or a table
with amounts but nothing to check them against, leave the structure `uncertain`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..text import TOTAL_WORDS
from .cells import level_of
from .footing import check_footings
from .model import Table

__all__ = ["assess", "cross_footings", "Check"]


@dataclass
class Check:
    what: str      # e.g. '合计 = 一般公共预算 + 政府性基金' or 'code 201'
    row: int | str
    ok: bool


def _tol(decs: list[int], n: int) -> Decimal:
    d = min(decs) if decs else 2
    return Decimal(5).scaleb(-(d + 1)) * (n + 1)


def _seg(seg: str) -> str:
    """A header or label without its bracketed unit: 采购金额合计(万元) → 采购金额合计."""
    return re.sub(r"[（(][^（）()]*[）)]$", "", seg)


def _is_total(seg: str) -> bool:
    seg = _seg(seg)
    return any(seg.endswith(t) for t in TOTAL_WORDS) and len(seg) <= 8


def _is_col_total(seg: str) -> bool:
    """A header that is its group's total: 合计/小计 …, or a name ending in 总数/总额
    (项目支出 | 项目支出总数 | 扣除基建项目后预算数: the second branch is a part "of which")."""
    return _is_total(seg) or (re.search(r"总[数额]$", _seg(seg)) is not None and len(_seg(seg)) <= 8)


def _is_memo(seg: str) -> bool:
    return seg.startswith("其中")


def _base(col: str) -> str:
    return col.split("~")[0]


def _groups(cols: list[str]) -> dict[str, list[str]]:
    """Header tree: for each prefix, the ordered list of its immediate branches."""
    tree: dict[str, list[str]] = {}
    for c in cols:
        parts = c.split("/")
        for i in range(len(parts)):
            pre, seg = "/".join(parts[:i]), parts[i]
            kids = tree.setdefault(pre, [])
            if seg not in kids:
                kids.append(seg)
    return tree


def _group_value(prefix: str, tree, row: dict, cols: set[str]):
    """Value of a header group in one row: its own column, its total column, or the sum of its
    branches (None when nothing in the group is printed)."""
    if prefix in cols:
        return row.get(prefix)
    kids = tree.get(prefix, [])
    for k in kids:
        if _is_col_total(k) and f"{prefix}/{k}" in cols:
            return row.get(f"{prefix}/{k}")
    parts = [_group_value(f"{prefix}/{k}", tree, row, cols) for k in kids if not _is_memo(k) and not _is_col_total(k)]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return (sum((p[0] for p in parts), Decimal(0)), [d for p in parts for d in p[1]], sum(p[2] for p in parts))


def cross_footings(cells: pd.DataFrame) -> list[Check]:
    """Per row: each total column = the sum of the branches it heads in the header tree."""
    if cells.empty:
        return []
    cols = list(dict.fromkeys(_base(c) for c in cells["column"]))
    colset = set(cols)
    tree = _groups(cols)
    rules = []  # (total column, [branch prefixes])
    for pre, kids in tree.items():
        branches = [f"{pre}/{k}" if pre else k for k in kids if not _is_memo(k) and not _is_col_total(k)]
        totals = [f"{pre}/{k}" if pre else k for k in kids if _is_col_total(k)]
        if pre and pre in colset:
            totals.append(pre)  # a header column with columns below it (rare)
        # a "其中" group that holds every branch (小计 | 其中：基本支出 | 项目支出): taken only
        # when the numbers confirm it
        memo = [f"{pre}/{k}" if pre else k for k in kids if _is_memo(k)]
        whole = [f"{m}/{k}" for m in memo for k in tree.get(m, []) if not _is_col_total(k)] if not branches else []
        for t in totals:
            if t in colset and len(branches) >= 2:
                rules.append((t, branches, False))
            elif t in colset and len(whole) >= 2:
                rules.append((t, whole, True))
            elif len(branches) >= 2:
                # measures under every branch (合计/预算数 | 合计/决算数 | 因公出国/预算数 …): the
                # total of each measure = the branches' values of that measure
                for m in tree.get(t, []):
                    if f"{t}/{m}" in colset:
                        rules.append((f"{t}/{m}", [(b, m) for b in branches], False))
    if not rules:
        return []
    rows = []
    for ri, g in cells.groupby("row", sort=True):
        row = {}
        for r in g.itertuples():
            if r.value is not None:
                row[_base(r.column)] = (r.value, [int(r.decimals)], 1)
        rows.append((int(ri), row))
    out = []
    for t, branches, confirm_only in rules:
        # the reading that foots: all branches, else the total covers only the first k of them
        # (the rest are columns beside it, e.g. 会议费/培训费 after the 三公 total)
        trials = [_foot_rows(t, branches[:k], tree, rows, colset) for k in range(len(branches), 1, -1)]
        trials = [tr for tr in trials if tr]
        held = next((tr for tr in trials if all(c.ok for c in tr)), None)
        if held is not None:
            out.extend(held)
        elif trials and not confirm_only:
            out.extend(trials[0])
    return out


def _measure_value(prefix: str, m: str, tree, row: dict, cols: set[str]):
    """Value of measure ``m`` (预算数, 决算数 …) of a header group in one row: its own column, its
    total's, or the sum of its branches'."""
    if f"{prefix}/{m}" in cols:
        return row.get(f"{prefix}/{m}")
    kids = tree.get(prefix, [])
    for k in kids:
        if _is_col_total(k) and f"{prefix}/{k}/{m}" in cols:
            return row.get(f"{prefix}/{k}/{m}")
    parts = [_measure_value(f"{prefix}/{k}", m, tree, row, cols) for k in kids
             if not _is_memo(k) and not _is_col_total(k)]
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return (sum((p[0] for p in parts), Decimal(0)), [d for p in parts for d in p[1]], sum(p[2] for p in parts))


def _branch_value(b, tree, row: dict, cols: set[str]):
    return _measure_value(*b, tree, row, cols) if isinstance(b, tuple) else _group_value(b, tree, row, cols)


def _foot_rows(t, branches, tree, rows, colset) -> list[Check]:
    out = []
    for ri, row in rows:
        vals = [_branch_value(b, tree, row, colset) for b in branches]
        vals = [v for v in vals if v is not None]
        tot = row.get(t)
        if not vals or tot is None:
            continue
        s = sum((v[0] for v in vals), Decimal(0))
        n = sum(v[2] for v in vals)
        ok = abs(tot[0] - s) <= _tol(tot[1] + [d for v in vals for d in v[1]], n)
        out.append(Check(f"{t} = " + " + ".join("/".join(b) if isinstance(b, tuple) else b for b in branches), ri, ok))
    return out


def _column_halves(cells: pd.DataFrame):
    """(column, rows in order) per column and half: halves printed side by side under one header
    (收支总表: 支出功能 | 部门经济 | 政府经济, each 预算数) share a column name, and the k-th such
    cell of a row belongs to the k-th half, footed apart."""
    half = cells.sort_values("x0").groupby(["row", "column"]).cumcount()
    for (col, _), g in cells.assign(_half=half).groupby(["column", "_half"], sort=False):
        yield col, list(g.sort_values("row").itertuples())


def numbered_totals(cells: pd.DataFrame) -> list[Check]:
    """Where codes give no hierarchy: a 合计/总计 row (above or below its items) equals the rows
    numbered 一、二、…, or the leaf rows, or every other row of its column: the reading holds
    when one of these foots."""
    out = []
    if cells.empty or _coded(cells):
        return out
    for col, rows in _column_halves(cells):
        codes = [str(r.code) for r in rows if r.code]
        totals = [i for i, r in enumerate(rows) if _names_total(r.name) and not r.code and r.value is not None]
        for k, i in enumerate(totals):
            lo = totals[k - 1] + 1 if k else 0
            hi = totals[k + 1] if k + 1 < len(totals) else len(rows)
            before, after = rows[lo:i], rows[i + 1:hi]
            above = any(r.value is not None for r in before)
            scope = [r for r in (before if above else after) if not str(r.name or "").startswith("其中")]
            prev = [rows[totals[k - 1]]] if k and above else []
            level1 = [r for r in scope if r.level == "1"]
            levels = sorted({r.level for r in scope if r.level})
            top = [r for r in scope if levels and r.level == levels[0]]  # 1、2、3、 when no 一、
            leaves = [r for r in scope if not any(c != r.code and c.startswith(str(r.code)) for c in codes)]
            t = rows[i]
            # two label columns (一般公共预算资金 | 小计, 专项收入 …): a group's 小计 is the sum of
            # the rows of its group, and a total outside any group the sum of the groups' 小计
            grp = _group_of(t.name)
            grouped = [r for r in rows if r is not t and grp and _group_of(r.name) == grp
                       and not _is_total(_seg(_last(r.name))) and not _is_memo(_last(r.name))]
            subs = [rows[j] for j in totals if j != i and not grp and _group_of(rows[j].name)]
            cands = [level1, top, leaves,
                     scope, prev + level1, prev + scope,  # 总计 = 本年合计 + 上年结转 …
                     scope[:1], scope[1:],  # a department row over its units: 合计 = either side
                     grouped, subs]
            scope = scope + grouped + subs
            ok = False
            for items in cands:
                vals = [r for r in items if r.value is not None]
                if not vals:
                    continue
                sm = sum((r.value for r in vals), Decimal(0))
                if abs(t.value - sm) <= _tol([int(t.decimals)] + [int(r.decimals) for r in vals], len(vals)):
                    ok = True
                    break
            if any(r.value is not None for r in scope):
                out.append(Check(f"{col}: {t.name}", int(t.row), ok))
    return out


def _coded(cells: pd.DataFrame) -> bool:
    """Subject codes give the table's hierarchy: 5- or 7-digit codes on two rows or more (one
    code-like number in a label, the 12345 hotline, is not a code column)."""
    coded = cells[cells["code"].astype(str).str.fullmatch(r"\d{3}(\d{2}){1,2}")]
    return coded["row"].nunique() >= 2


def _names_total(name) -> bool:
    """合计/总计 as the row's last label, or as its first (合计 | 式: a wrapped header's last glyph
    printed in the 合计 row's next label cell)."""
    parts = str(name or "").split("/")
    return _is_total(_seg(parts[-1])) or parts[0] in ("合计", "总计")


def _last(name) -> str:
    return str(name or "").split("/")[-1]


def _group_of(name) -> str:
    """The group label of a row named by two label columns (``其他资金/小计`` → 其他资金)."""
    return str(name or "").rpartition("/")[0]


def level_footings(cells: pd.DataFrame) -> list[Check]:
    """Where codes give no hierarchy, the rows' levels (numbering, else indentation) do: a row
    followed by rows one level deeper equals their sum."""
    out = []
    if cells.empty or _coded(cells):
        return out
    for col, rows in _column_halves(cells):
        for i, r in enumerate(rows):
            if not r.level or r.value is None:
                continue
            k, kids, memo = int(r.level), [], False
            for c in rows[i + 1:]:
                name = str(c.name or "")
                # 其中：（1）… : a part "of which", numbered like the rest
                lvl = c.level or (level_of("", re.sub(r"^其中[:：]?", "", name)) if _is_memo(name) else "")
                if _is_total(_seg(name.split("/")[-1])) or (lvl and int(lvl) <= k):
                    break
                if lvl and int(lvl) == k + 1 and c.value is not None:
                    kids.append(c)
                    memo = memo or _is_memo(name)
            if kids:
                sm = sum((c.value for c in kids), Decimal(0))
                ok = abs(r.value - sm) <= _tol([int(r.decimals)] + [int(c.decimals) for c in kids], len(kids))
                if ok or not memo:  # parts "of which" need not add up to the whole
                    out.append(Check(f"{col}: {r.name}", int(r.row), ok))
    return out


def leading_total(cells: pd.DataFrame) -> list[Check]:
    """A table with no named total and nothing else to check: its first (or last) row read as the
    total of the others (a department row over its units or projects). Kept only when it foots
    in every column holding a non-zero amount; otherwise no claim is made."""
    if cells.empty:
        return []
    rows = sorted(cells["row"].unique())
    if len(rows) < 3:
        return []
    for pick in (rows[0], rows[-1]):
        out = []
        for col, g in cells.groupby("column", sort=False):
            t = g[g["row"] == pick]
            items = [r for r in g.itertuples() if r.row != pick and r.value is not None
                     and not str(r.name or "").startswith("其中")]
            if t.empty or t.iloc[0]["value"] is None or not items:
                continue
            tv = t.iloc[0]
            sm = sum((r.value for r in items), Decimal(0))
            ok = abs(tv["value"] - sm) <= _tol([int(tv["decimals"])] + [int(r.decimals) for r in items], len(items))
            out.append(Check(f"{col}: {tv['name']} = 其余各行之和", int(pick), ok))
        if out and all(c.ok for c in out) and any(cells[(cells["row"] == pick)]["value"].map(lambda v: bool(v))):
            return out
    return []


def assess(table: Table, cells: pd.DataFrame, unparsed: pd.DataFrame) -> tuple[str, str]:
    """(structure, reason) of one extracted table; `cells`/`unparsed` are that table's rows."""
    if table.kind == "empty":
        return "verified", "空表（印有标题，无数据行）"
    amounts = int(cells["value"].notna().sum()) if not cells.empty else 0
    if table.kind == "form":
        return ("verified", "") if len(cells) else ("unreadable", "未读出表单内容")
    if amounts == 0 and len(unparsed) == 0:
        return "verified", "表内无金额" if len(table.frame) else "表内无数据行"
    if amounts == 0:
        return "unreadable", f"{len(unparsed)} 个单元格无法解析为金额"
    if len(unparsed) > amounts:
        return "uncertain", f"{len(unparsed)} 个单元格无法解析"
    foot = [(f.ok, f"{f.column} {f.parent}") for f in check_footings(cells)]
    cross = [(c.ok, c.what) for c in cross_footings(cells)]
    numbered = [(c.ok, c.what) for c in numbered_totals(cells) + level_footings(cells)]
    if not foot and not numbered:  # rows with nothing to foot: perhaps a total row on top
        numbered = [(c.ok, c.what) for c in leading_total(cells)]
    if not foot and not all(ok for ok, _ in numbered or [(False, "")]):
        from .outline import outline_totals  # imports this module's checks
        outline = [(c.ok, c.what) for c in outline_totals(cells)]
        if outline and all(ok for ok, _ in outline):  # group rows over the rows below them
            numbered = outline
    checks = foot + cross + numbered
    bad = [w for ok, w in checks if not ok]
    held = len(checks) - len(bad)
    kind = "" if not table.id.startswith("other") else "（表格种类未识别）"
    if not checks:
        if amounts <= 2:
            return "verified", f"仅 {amounts} 个金额，无可核对的合计关系{kind}"
        return "uncertain", f"{amounts} 个金额，表内无可核对的合计关系（无科目编码、合计列或合计行）{kind}"
    if not bad:
        return "verified", kind.strip("（）")
    if len(bad) <= 2 and held >= 4 * len(bad):
        return "verified", f"{len(bad)} 处合计与明细不符，另 {held} 处核对成立{kind}"
    return "uncertain", f"{len(bad)}/{len(checks)} 处合计与明细不符{kind}"  # readers frame it (读取结构未经证实)
