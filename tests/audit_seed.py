"""Test helper: the default document's seed text → an ``AuditInput`` (tidy cells + narrative).

Only for tests of the reconciliation rules.  Tables become tidy cells following
docs/ARCHITECTURE.md (header paths joined with "/", spaces removed; code and name from the
label columns; value Decimal or None).  绩效 forms (perf_dept, perf_project#n) become cells for
every non-empty form cell, ``column`` = ``c<j>`` (the column index), ``value`` the number when
the cell is one, ``raw`` the text.
"""
from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from budget_audit.rules import AuditInput, SimpleTable
from budget_audit.tidy import TIDY_COLUMNS
from corpus_docs import SEED

TABLE_IDS = {
    "01": "income_expense_summary", "02": "income", "03": "expense", "04": "fiscal_summary",
    "05": "gpb_function", "06": "gpb_by_unit", "07": "gpb_basic", "08": "three_public",
    "09": "gov_fund", "10": "soe_capital", "11": "project", "12": "procurement",
    "13": "purchase_service",
}
HEADER_ROWS = {"03": 1}
LABEL_HEADERS = {
    "科目编码", "科目名称", "项目", "单位编码", "单位名称", "单位代码", "部门(单位)代码",
    "部门(单位)名称", "项目编码", "项目名称", "项目单位", "政府采购品目", "功能科目",
    "部门支出经济分类", "资金来源", "资金性质", "是否包含政府采购", "政府购买服务内容",
    "支出功能分类科目", "一级目录", "二级目录", "三级目录",
}
CN = "一二三四五六七八九十廿"
RE_HEAD = re.compile(rf"^(第[{CN}]+部分|[{CN}]+、|[（(][{CN}]+[)）])")
NUM = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _norm_header(s: str) -> str:
    return re.sub(r"\s+", "", s).replace("（", "(").replace("）", ")")


def _num(text: str):
    t = text.strip()
    if not NUM.match(t):
        return None, 0
    t = t.replace(",", "")
    return Decimal(t), (len(t.split(".")[1]) if "." in t else 0)


def header_paths(rows: list[list[str]]) -> list[str]:
    ncols = max(len(r) for r in rows)
    grid = [r + [""] * (ncols - len(r)) for r in rows]
    filled = []
    for ri, r in enumerate(grid):
        out, last = [], ""
        for ci, c in enumerate(r):
            c = _norm_header(c)
            if c:
                last = c
                out.append(c)
            elif ri < len(grid) - 1 and last and ci > 0:
                # spans right only when the cell below is a sub-header
                below = _norm_header(grid[ri + 1][ci])
                out.append(last if below else "")
            else:
                out.append("")
        filled.append(out)
    paths = []
    for ci in range(ncols):
        segs = [filled[ri][ci] for ri in range(len(grid)) if filled[ri][ci]]
        paths.append("/".join(segs))
    return paths


def _level(code: str):
    if code.isdigit():
        return {3: 1, 5: 2, 7: 3}.get(len(code))
    return None


def table_cells(table_id: str, header: list[list[str]], body: list[list[str]], page=None):
    paths = header_paths(header)
    ncols = len(paths)
    kinds = []
    for p in paths:
        last = p.split("/")[-1] if p else ""
        if not p:
            kinds.append("value")
        elif last in LABEL_HEADERS:
            kinds.append("code" if ("编码" in last or "代码" in last) else "label")
        else:
            kinds.append("value")
    recs = []
    for ri, row in enumerate(body):
        row = row + [""] * (ncols - len(row))
        for ci in range(ncols):
            if kinds[ci] != "value":
                continue
            # code / name: nearest label columns to the left
            code = name = ""
            for cj in range(ci - 1, -1, -1):
                if kinds[cj] == "value" and table_id in ("income_expense_summary", "fiscal_summary"):
                    break
                if kinds[cj] == "code" and not code:
                    code = row[cj].strip()
                if kinds[cj] == "label":
                    last = paths[cj].split("/")[-1]
                    if last in ("项目", "项目名称") or not name:
                        if last in ("项目", "项目名称"):
                            name = row[cj].strip()
                        elif not name:
                            name = row[cj].strip()
            value, dec = _num(row[ci])
            raw = row[ci]
            if value is None and raw.strip() and table_id == "three_public":
                pass
            recs.append({
                "table_id": table_id, "row": ri, "code": code, "name": name,
                "level": _level(code) if code else None, "column": paths[ci], "value": value,
                "decimals": dec, "raw": raw, "unit": "万元", "value_wan": value,
                "page": page, "x0": None, "y0": None, "x1": None, "y1": None,
            })
    return recs


def form_cells(table_id: str, rows: list[list[str]]):
    recs = []
    for ri, row in enumerate(rows):
        label = next((c.strip() for c in row if c.strip()), "")
        for ci, c in enumerate(row):
            if not c.strip():
                continue
            value, dec = _num(c)
            recs.append({
                "table_id": table_id, "row": ri, "code": "", "name": label, "level": None,
                "column": f"c{ci}", "value": value, "decimals": dec, "raw": c, "unit": "万元",
                "value_wan": value, "page": None, "x0": None, "y0": None, "x1": None, "y1": None,
            })
    return recs


def parse_seed(path: Path = SEED):
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() == "第一部分 基本概况"]
    ends = [i for i, line in enumerate(lines) if line.strip() == "第五部分 预算公开报表"]
    nstart, nend = starts[-1], ends[-1]
    # narrative ----------------------------------------------------------------------------
    sections = [{"title": "", "sentences": []}]
    para: list[str] = []

    def flush():
        if para:
            sections[-1]["sentences"].append({"text": "".join(para), "page": None})
            para.clear()

    for line in lines[nstart:nend]:
        s = line.strip()
        if not s:
            continue
        if RE_HEAD.match(s) and len(s) < 40 and "。" not in s and "万元" not in s:
            flush()
            sections.append({"title": s, "sentences": []})
            continue
        para.append(s)
        if s[-1] in "。；;！？!?":
            flush()
    flush()
    sections = [s for s in sections if s["title"] or s["sentences"]]
    # tables -------------------------------------------------------------------------------
    recs, tables = [], {}
    i = nend
    forms = 0
    while i < len(lines):
        s = lines[i].strip()
        m = re.match(r"^预算(\d{2})表$", s)
        is_form = bool(re.match(r"^\d{4}年江汉区.*申报表$", s))
        if not m and not is_form:
            i += 1
            continue
        if m:
            tid = TABLE_IDS[m.group(1)]
            j = i + 1
            while not lines[j].strip():
                j += 1
            title = lines[j].strip()
            j += 1
        else:
            title = s
            if "整体" in s:
                tid = "perf_dept"
            else:
                forms += 1
                tid = f"perf_project#{forms}"
            j = i + 1
        unit = "万元"
        rows, tnotes = [], []
        while j < len(lines):
            t = lines[j]
            st = t.strip()
            if re.match(r"^预算(\d{2})表$", st) or re.match(r"^\d{4}年江汉区.*申报表$", st):
                break
            if "\t" in t:
                rows.append(t.split("\t"))
            elif st.startswith("注：") or st.startswith("备注："):
                tnotes.append(st)
            j += 1
        tables[tid] = SimpleTable(title=title, unit=unit, pages=[], notes=tnotes)
        if m:
            nh = HEADER_ROWS.get(m.group(1), 2)
            recs.extend(table_cells(tid, rows[:nh], rows[nh:]))
        else:
            recs.extend(form_cells(tid, rows))
        i = j
    cells = pd.DataFrame.from_records(recs, columns=TIDY_COLUMNS)
    meta = {"file": "000_8a71d80099de2dea.pdf", "sha256": "0" * 64, "pages": 0,
            "unit": "江汉区大数据中心", "year": 2024, "kind": "budget"}
    return AuditInput(cells=cells, narrative=sections, meta=meta, missing=[], tables=tables)


_CACHE = None


def seed_input() -> AuditInput:
    """A fresh deep copy of the parsed seed (tests may mutate it)."""
    global _CACHE
    if _CACHE is None:
        _CACHE = parse_seed()
    return AuditInput(cells=_CACHE.cells.copy(deep=True), narrative=copy.deepcopy(_CACHE.narrative),
                      meta=dict(_CACHE.meta), missing=list(_CACHE.missing),
                      tables=copy.deepcopy(_CACHE.tables))


def set_cell(ai: AuditInput, table_id: str, name_or_code: str, column: str, value: str):
    """Change one table cell of an input (defect injection)."""
    df = ai.cells
    m = (df["table_id"] == table_id) & ((df["name"] == name_or_code) | (df["code"] == name_or_code)) \
        & (df["column"] == column)
    assert m.sum() >= 1, (table_id, name_or_code, column)
    v = Decimal(value)
    idx = df.index[m][0]
    df.at[idx, "value"] = v
    df.at[idx, "value_wan"] = v
    df.at[idx, "raw"] = value
    df.at[idx, "decimals"] = len(value.split(".")[1]) if "." in value else 0
    return ai


def replace_text(ai: AuditInput, old: str, new: str):
    n = 0
    for sec in ai.narrative:
        for s in sec["sentences"]:
            if old in s["text"]:
                s["text"] = s["text"].replace(old, new)
                n += 1
    assert n, old
    return ai


def remove_table(ai: AuditInput, table_id: str):
    ai.cells = ai.cells[ai.cells["table_id"] != table_id].reset_index(drop=True)
    ai.tables.pop(table_id, None)
    ai.missing.append(table_id)
    return ai
