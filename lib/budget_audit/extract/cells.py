"""Tidy value cells (TIDY_COLUMNS) from a table layout; unparseable cells go to `unparsed`."""
from __future__ import annotations

import re

from ..numbers import NotANumber, normalize_digits, parse_amount, parse_percent
from ..text import TOTAL_LABEL
from ..units import to_wan
from .structure import Layout

__all__ = ["table_cells", "form_cells", "level_of"]

_CN_NUM = "一二三四五六七八九十廿"
_CODE_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,3})([^\d,.].*)$")


def level_of(code: str, name: str) -> str:
    if code:
        n = len(code)
        return {3: "1", 5: "2", 7: "3", 9: "4"}.get(n, "")
    s = re.sub(r"\s+", "", name or "")
    if not s or TOTAL_LABEL.search(s) or s.startswith("其中"):
        return ""
    if re.match(rf"^[{_CN_NUM}]+[、.．]", s):
        return "1"
    if re.match(rf"^[（(][{_CN_NUM}]+[）)]", s):
        return "2"
    if re.match(r"^\d+[、.．]\D", s) or re.match(r"^[（(]\d+[）)]", s):
        return "2" if re.match(r"^\d+[、.．]", s) else "3"
    return ""


def _box(g):
    return (round(g.x0, 2), round(g.top, 2), round(g.x1, 2), round(g.bottom, 2))


def _conf(g):
    """The lowest OCR confidence of the cell's glyphs, '' when they come from a text layer."""
    confs = [c["conf"] for c in g.chars if "conf" in c]
    return min(confs) if confs else ""


def _join_code(parts: list[str]) -> str:
    code = ""
    for p in parts:
        p = normalize_digits(p)
        if not re.fullmatch(r"[0-9A-Za-z]+", p or "") or not re.search(r"\d", p):
            continue
        if code and len(p) == 1 and p.isdigit():
            p = "0" + p  # 款/项 printed without its leading zero (301 | 2 → 30102)
        code = p if (code and p.startswith(code)) else code + p
    return code


def table_cells(tid: str, layout: Layout, unit: str):
    rows, unparsed = [], []
    roles = layout.roles
    for ri, row in enumerate(layout.rows):
        for c, role in enumerate(roles):
            if role != "value":
                continue
            g = row.cells[c]
            if g is None:
                continue
            # label: nearest label column on the left; codes: code columns between it and the previous value column
            name, codes = "", []
            L = next((k for k in range(c - 1, -1, -1) if roles[k] == "label"), None)
            if L is not None:
                parts = []
                k = L
                while k >= 0 and roles[k] == "label":
                    lg = row.cover[k]
                    t = lg.text if lg is not None else ""
                    if t and (not parts or parts[0] != t):
                        parts.insert(0, t)
                    k -= 1
                name = "/".join(parts)
                lk = k + 1  # leftmost label column of the run
                k = lk - 1
                while k >= 0 and roles[k] == "code":
                    cg = row.cover[k]
                    codes.insert(0, cg.text if cg is not None else "")
                    k -= 1
                k = L + 1
                while k < c and roles[k] == "code":
                    cg = row.cover[k]
                    codes.append(cg.text if cg is not None else "")
                    k += 1
            else:
                for k in range(c - 1, -1, -1):
                    if roles[k] != "code":
                        break
                    cg = row.cover[k]
                    codes.insert(0, cg.text if cg is not None else "")
            code = _join_code(codes)
            if not name:
                name = next((t for t in codes if t and not re.fullmatch(r"\d+", normalize_digits(t))), "")
            m = _CODE_NAME.match(name or "")
            if not code and m:
                code, name = m.group(1), m.group(2)
            raw = g.text
            try:
                a = parse_amount(raw)
            except NotANumber as e:
                unparsed.append({"table_id": tid, "row": ri, "column": layout.columns[c], "page": row.page,
                                 "raw": raw, "reason": str(e), **dict(zip(("x0", "y0", "x1", "y1"), _box(g)))})
                continue
            rows.append({
                "_indent": _indent(row.cover[L]) if L is not None and not code else None, "_label": L,
                "table_id": tid, "row": ri, "code": code, "name": name, "level": level_of(code, name),
                "column": layout.columns[c], "value": a.value, "decimals": a.decimals if a.value is not None else "",
                "raw": raw, "unit": unit, "value_wan": to_wan(a.value, unit), "page": row.page,
                **dict(zip(("x0", "y0", "x1", "y1"), _box(g))), "ocr_conf": _conf(g),
            })
    _indent_levels(rows)
    return rows, unparsed


def _indent(g) -> tuple[float, float, float] | None:
    """(offset of the label's first line from its cell's left edge, from its right edge, glyph
    width) in points."""
    chars = [ch for ch in (g.chars if g is not None else []) if ch["text"].strip()]
    if not chars:
        return None
    top = min(ch["top"] for ch in chars)
    first = [ch for ch in chars if ch["top"] - top < 0.5 * (ch["bottom"] - ch["top"])]
    left = min(first, key=lambda ch: ch["x0"])
    return left["x0"] - g.x0, g.x1 - max(ch["x1"] for ch in first), max(left["x1"] - left["x0"], 1.0)


def _indent_levels(rows: list[dict]) -> None:
    """Where neither a code nor a numbering gives a row's level, its label's indentation does:
    within one label column, the distinct offsets (a glyph width apart) ranked left to right.
    Taken only when the column shows 2 to 4 offsets (more means centred labels, not indents)."""
    by_label: dict = {}
    for r in rows:
        by_label.setdefault(r["_label"], []).append(r)
    for group in by_label.values():
        ind = [r["_indent"] for r in group if r["_indent"] is not None and not r["code"]
               and not _TOTALISH.search(r["name"] or "")]
        if not ind:
            continue
        width = sorted(w for *_, w in ind)[len(ind) // 2]
        centred = sum(abs(lo - ro) <= width and lo > width for lo, ro, _ in ind)
        if centred * 2 >= len(ind):
            continue  # centred labels: the offset follows the length, not the hierarchy
        steps: list[float] = []
        for off in sorted(o for o, *_ in ind):
            if not steps or off - steps[-1] > 0.6 * width:
                steps.append(off)
        if not 2 <= len(steps) <= 4:
            continue
        numbered = [r for r in group if r["level"]]
        base = min((int(r["level"]) for r in numbered), default=1)
        for r in group:
            if r["level"] or r["_indent"] is None or r["code"] or _TOTALISH.search(r["name"] or ""):
                continue
            rank = max(i for i, s in enumerate(steps) if r["_indent"][0] >= s - 0.6 * width)
            r["level"] = str(base + rank)
    for r in rows:
        del r["_indent"], r["_label"]


_TOTALISH = re.compile(r"(合计|总计|小计)$|^其中")


_VALUE_LIKE = re.compile(r"^\s*([≥≤<>=＞＜≧≦]|[-－—]+$"
                         r"|\d[\d,.]*\s*(%|％|个|次|期|人|件|台|套|门|项|天|年|月|日|批|万元|元)?$)")
_SKIP_LABEL = re.compile(r"(电话|代码|编码|日期|^项目年度$|^年度$|^年份$|序号|手机|邮编|编号)")
_SUFFIX = re.compile(r"^(.*?\d)\s*(万元|元|%|％)?$")


def form_cells(tid: str, layout: Layout, unit: str):
    """Key-value forms (绩效 forms): every cell holding a number (optionally with 万元/元/%)
    becomes a value; its name is the nearest text cell on its left in the same row, its
    column the nearest text cell above it in the same column."""
    rows = []
    grid = layout.rows
    for ri, row in enumerate(grid):
        for c, g in enumerate(row.cells):
            if g is None or not g.text:
                continue
            m = _SUFFIX.match(normalize_digits(g.text))
            if not m:
                continue
            num, suf = m.group(1), m.group(2) or ""
            try:
                a = parse_percent(num) if suf in ("%", "％") else parse_amount(num)
            except NotANumber:
                continue
            if a.kind != "number":
                continue
            name = ""
            for k in range(c - 1, -1, -1):
                lg = row.cover[k]
                if lg is not None and lg.text and not _numeric(lg.text) and not _VALUE_LIKE.match(lg.text):
                    name = lg.text
                    break
            column = ""
            cx = (g.x0 + g.x1) / 2
            for r2 in range(ri - 1, -1, -1):
                ag = next((x for x in grid[r2].cover if x is not None and x.x0 <= cx <= x.x1), None)
                if ag is not None and ag.text and not _numeric(ag.text) and ag is not g \
                        and len(ag.text) <= 24 and not _VALUE_LIKE.match(ag.text):
                    column = ag.text
                    break
            if _SKIP_LABEL.search(name) and not re.search(r"(金额|预算|资金)", name):
                continue
            cell_unit = {"万元": "万元", "元": "元", "%": "%", "％": "%"}.get(suf, "")
            if suf == "" and re.search(r"(金额|资金|预算|万元|支出|收入|拨款|结转|合计|总额|小计|经费)",
                                       column + name) \
                    and not re.search(r"(权重|分值|比例|数量|个数|人数)", column + name):
                cell_unit = unit  # a bare amount in a money row/column takes the form's unit
            rows.append({
                "table_id": tid, "row": ri, "code": "", "name": name, "level": "",
                "column": column, "value": a.value, "decimals": a.decimals, "raw": g.text,
                "unit": cell_unit, "value_wan": to_wan(a.value, cell_unit), "page": row.page,
                **dict(zip(("x0", "y0", "x1", "y1"), _box(g))), "ocr_conf": _conf(g),
            })
    return rows, []


def _numeric(text: str) -> bool:
    m = _SUFFIX.match(normalize_digits(text))
    if not m:
        return False
    try:
        return parse_amount(m.group(1)).kind == "number"
    except NotANumber:
        return False
