"""The 绩效 forms as grids of cell texts.

Forms are not column tables: the rules read them by their labels.  The grid is rebuilt from
the tidy cells of a ``perf_*`` table: one list of cell texts per ``row``, ordered by column
(``c<j>`` column names give the index; otherwise x0, otherwise order of appearance).  Forms
whose text cells the extractor did not emit simply yield nothing (the rules then skip).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..interval import Interval, printed
from ..units import parse_money, wan_per


@dataclass
class FormCell:
    text: str
    page: int | None
    bbox: list | None


def _s(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    try:
        import pandas as pd
        if x is pd.NA:
            return ""
    except Exception:  # pragma: no cover
        pass
    return str(x)


def _frame_grid(frame) -> list[list[FormCell]]:
    cols = [c for c in frame.columns if not str(c).startswith("_")]
    out = []
    for rec in frame.to_dict("records"):
        page = rec.get("_page")
        try:
            page = int(page)
        except (TypeError, ValueError):
            page = None
        out.append([FormCell(_s(rec.get(c)).strip(), page, None) for c in cols])
    return out


def form_grid(ctx, table_id: str) -> list[list[FormCell]]:
    """The form as rows of cell texts: from the table object's ``frame`` (raw texts, when the
    extractor provides one), else rebuilt from the tidy cells."""
    cache = ctx.__dict__.setdefault("_form_grids", {})
    if table_id not in cache:
        info = (ctx.input.tables or {}).get(table_id)
        frame = getattr(info, "frame", None)
        if frame is not None and hasattr(frame, "to_dict") and len(frame):
            cache[table_id] = _frame_grid(frame)
        else:
            cache[table_id] = _cells_grid(ctx, table_id)
    return cache[table_id]


def _cells_grid(ctx, table_id: str) -> list[list[FormCell]]:
    df = ctx.input.cells
    if not len(df):
        return []
    sub = df[df["table_id"] == table_id]
    if not len(sub):
        return []
    order: dict[str, float] = {}
    for i, rec in enumerate(sub.to_dict("records")):
        col = _s(rec.get("column"))
        if col in order:
            continue
        m = re.fullmatch(r"c(\d+)", col)
        order[col] = float(m.group(1)) if m else float(1000 + i)
    rows: dict[int, dict[float, FormCell]] = {}
    for rec in sub.to_dict("records"):
        try:
            ri = int(rec.get("row"))
        except (TypeError, ValueError):
            continue
        raw = _s(rec.get("raw"))
        if not raw.strip():
            v = rec.get("value")
            raw = "" if v is None or _s(v) == "" else _s(v)
        bbox = [rec.get(k) for k in ("x0", "y0", "x1", "y1")]
        bbox = None if any(_s(b) == "" for b in bbox) else [float(b) for b in bbox]
        page = rec.get("page")
        try:
            page = int(page)
        except (TypeError, ValueError):
            page = None
        rows.setdefault(ri, {})[order[_s(rec.get("column"))]] = FormCell(raw.strip(), page, bbox)
    out = []
    for ri in sorted(rows):
        cols = rows[ri]
        n = int(max(cols)) + 1 if cols and max(cols) < 1000 else len(cols)
        if max(cols) < 1000:
            line = [FormCell("", None, None) for _ in range(n)]
            for k, v in cols.items():
                line[int(k)] = v
        else:
            line = [cols[k] for k in sorted(cols)]
        out.append(line)
    return out


def texts(row: list[FormCell]) -> list[str]:
    return [c.text for c in row]


def amount_interval_wan(text: str, default_unit: str = "万元") -> Interval | None:
    p = parse_money(text, default_unit)
    if p is None or p[2] == "%":
        return None
    v, d, unit = p
    iv = printed(v, d)
    f = wan_per(unit)
    return iv * f if f != 1 else iv


def numeric_sequence(row: list[FormCell]):
    """[(kind, Decimal, decimals, index)] of the numbers of a row; kind 'n' or '%'."""
    out = []
    for i, c in enumerate(row):
        p = parse_money(c.text)
        if p is None:
            continue
        v, d, unit = p
        out.append(("%" if unit == "%" else "n", v, d, i))
    return out


def find_row(grid, label: str, start: int = 0) -> int | None:
    for i in range(start, len(grid)):
        if any(c.text.replace(" ", "") == label for c in grid[i]):
            return i
    return None


def composition(grid, section: str):
    """Rows of the 收入构成 / 支出构成 block of the dept form: (parts, total) where each entry
    is (label, numeric sequence); None when the block is not found or not clean."""
    start = find_row(grid, section)
    if start is None:
        return None
    parts, total = [], None
    for i in range(start, len(grid)):
        row = grid[i]
        labels = [c.text for c in row if c.text and parse_money(c.text) is None
                  and c.text not in ("收入构成", "支出构成")]
        if i > start and any(c.text in ("收入构成", "支出构成") for c in row) and section not in texts(row):
            break
        seq = numeric_sequence(row)
        label = labels[-1] if labels else ""
        if label == "合计":
            total = (label, seq, i)
            break
        if seq:
            parts.append((label, seq, i))
    if total is None:
        return None
    return parts, total


def prior_year_header(grid) -> list[int]:
    for row in grid:
        years = [int(m.group(1)) for c in row for m in [re.fullmatch(r"(\d{4})年", c.text)] if m]
        if len(years) >= 2:
            return years
    return []


def dept_prior_totals(ctx):
    """{"income"|"expense": (current interval, prior-year interval, prior year)} from the
    部门整体绩效目标表, when its composition rows read cleanly (number, %, number, number)."""
    if "_dept_prior" in ctx.__dict__:
        return ctx.__dict__["_dept_prior"]
    out = {}
    grid = form_grid(ctx, "perf_dept")
    years = prior_year_header(grid) if grid else []
    for key, section in (("income", "收入构成"), ("expense", "支出构成")):
        comp = composition(grid, section) if grid else None
        if comp is None or not years:
            continue
        _, (_, seq, _) = comp
        kinds = "".join(k for k, *_ in seq)
        if kinds != "n%" + "n" * len(years):
            continue
        cur = printed(seq[0][1], seq[0][2])
        prior_idx = 2 + len(years) - 1  # the last year column is the prior year
        prior = printed(seq[prior_idx][1], seq[prior_idx][2])
        out[key] = (cur, prior, years[-1])
    ctx.__dict__["_dept_prior"] = out
    return out
