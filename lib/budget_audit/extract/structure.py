"""Joined table structure: header rows, column paths, column roles, data rows.

* Header rows are the rows of the first grid before the first *data row* (a row with an
  amount, a 科目编码, or a 合计/总计 label).  Column numbering rows (栏次 1 2 3 …) stay in the
  header.  A merged header cell gives its text to every column it spans, so a column's path
  is the top-to-bottom chain of header texts, e.g. ``本年收入/一般公共预算``.
* Continuation grids drop their leading rows that repeat header text, and are mapped onto
  the first grid's columns by x-overlap (a blank cell never shifts a value).
* Column roles from the data: ``code`` (科目编码 / 类 款 项 columns of digits), ``label``
  (mostly text), ``value`` (amounts or blank); from the header: ``serial`` (行次/栏次/序号),
  ``quantity``, ``price`` (单价), ``unit`` (计量单位), ``remark``, ``date`` (实施采购时间): numbers
  that are never summed.
  Each value takes the label (and code) of the nearest label column on its left, so both
  halves of the 收支总表 keep their own names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbers import NotANumber, normalize_digits, parse_amount
from ..text import TOTAL_LABEL
from .grid import GridCell, Piece
from .spill import label_overflow

__all__ = ["LayoutRow", "Layout", "build_layout", "is_data_row"]

_CODE = re.compile(r"^\d{3,}$")
_CODE_HEADER = re.compile(r"(编码|代码|编号|^类$|^款$|^项$)")
_LABEL_HEADER = re.compile(r"(名称|^项目$|^科目$|内容|品目|说明|用途|^收入$|^支出$|目录|类别$|^单位$)")


def _txt(g: GridCell | None) -> str:
    return g.text if g is not None else ""


def _is_amount(s: str) -> bool:
    if not s:
        return False
    try:
        return parse_amount(s).kind == "number"
    except NotANumber:
        return False


def is_data_row(texts: list[str], totals: bool = True) -> bool:
    ne = [t for t in texts if t]
    if not ne:
        return False
    joined = "".join(ne)
    if "栏次" in joined or "行次" in joined:
        return False
    if totals and texts and TOTAL_LABEL.search(normalize_digits(texts[0])):
        return True
    nums = [t for t in ne if _is_amount(t)]
    if nums:
        ints = [normalize_digits(t) for t in nums]
        if all(re.fullmatch(r"\d{1,2}", t) for t in ints) and len(ints) >= 2:
            vals = [int(t) for t in ints]
            if vals == list(range(vals[0], vals[0] + len(vals))):
                return False  # column numbering row
        return True
    if any(_CODE.match(normalize_digits(t)) for t in ne[:3]):
        return True
    return False


@dataclass
class LayoutRow:
    page: int
    cells: list[GridCell | None]      # per final column: the merged cell *starting* there (or None)
    cover: list[GridCell | None]      # per final column: the merged cell covering it


@dataclass
class Layout:
    columns: list[str]
    header_rows: int
    rows: list[LayoutRow]
    roles: list[str]               # code | label | value | serial | quantity | price | unit | remark | date
    header_texts: list[list[str]] = field(default_factory=list)


def _map_columns(first: Piece, piece: Piece) -> list[int]:
    """For each column of `piece`, the index of the first-grid column it overlaps most."""
    if piece.ncols == first.ncols and all(abs(a - b) < 3 for a, b in zip(piece.col_edges, first.col_edges)):
        return list(range(piece.ncols))
    out = []
    for c in range(piece.ncols):
        a0, a1 = piece.col_edges[c], piece.col_edges[c + 1]
        best, best_ov = 0, -1e9
        for k in range(first.ncols):
            b0, b1 = first.col_edges[k], first.col_edges[k + 1]
            ov = min(a1, b1) - max(a0, b0)
            if ov > best_ov:
                best, best_ov = k, ov
        out.append(best)
    return out


def build_layout(pieces: list[Piece], *, form: bool = False) -> Layout:
    first = pieces[0]
    nc = first.ncols
    # header rows of the first grid
    h = 0
    if not form:
        for r in range(first.nrows):
            texts = [_txt(first.grid[r][c]) if first.grid[r][c].r0 == r and first.grid[r][c].c0 == c else ""
                     for c in range(nc)]
            if is_data_row(texts, totals=False):
                break
            h += 1
        if h == first.nrows:  # no amount or code at all (empty table): stop at a 合计 row / blank row
            h = _empty_table_header(first)
    header_texts = set()
    for r in range(h):
        for g in first.row_cells(r):
            if g.text:
                header_texts.add(g.text)
    # a header the first grid printed in one merged cell, repeated cell by cell on the next page
    header_joined = "".join(re.sub(r"\s+", "", t) for t in header_texts)
    numbering = {r for r in range(h) if any(("栏次" in g.text or "行次" in g.text) for g in first.row_cells(r))
                 or _numbering_row([g.text for g in first.row_cells(r)])}
    spans = _unmerged_spans(first, h, numbering) if not form else {}
    columns = []
    for c in range(nc):
        parts = []
        for r in range(h):
            if r in numbering:
                continue  # 栏次 1 2 3 … rows are not part of the column names
            g = first.grid[r][c]
            t = spans.get((r, c)) or re.sub(r"\s+", "", g.text)
            if t and (not parts or parts[-1] != t) and g.r0 <= r:
                if g.r0 == r or r == 0 or first.grid[r - 1][c] is not g:
                    parts.append(t)
        columns.append("/".join(parts) if parts else f"col{c + 1}")
    rows: list[LayoutRow] = []
    conflicts: list[tuple[int, GridCell]] = []
    if form:  # irregular forms: every grid keeps its own columns
        nc = max(p.ncols for p in pieces)
        columns = [f"col{c + 1}" for c in range(nc)]
    for i, p in enumerate(pieces):
        cmap = list(range(p.ncols)) if form else _map_columns(first, p)
        start = h if i == 0 else 0
        if i > 0 and not form:
            while start < p.nrows:
                texts = [g.text for g in p.row_cells(start)]
                if texts and not is_data_row([_txt(p.grid[start][c]) if p.grid[start][c].c0 == c else ""
                                             for c in range(p.ncols)]) \
                        and all((t in header_texts) or not t or re.fullmatch(r"\d{1,2}", t)
                                or (len(t) >= 4 and t in header_joined) for t in texts) \
                        and any(texts):
                    start += 1
                else:
                    break
        for r in range(start, p.nrows):
            cells = [None] * nc
            cover = [None] * nc
            for c in range(p.ncols):
                g = p.grid[r][c]
                k = cmap[c]
                if cover[k] is None:
                    cover[k] = g
                if g.r0 == r and g.c0 == c:
                    if cells[k] is None or not cells[k].text:
                        cells[k] = g
                    elif g.text:  # two cells of a continuation grid fall on one column
                        conflicts.append((p.page, g))
            rows.append(LayoutRow(p.page, cells, cover))
    roles = _roles(columns, rows, nc) if not form else ["value"] * nc
    lay = Layout(columns, h, rows, roles, [])
    lay.conflicts = conflicts
    return lay


def _unmerged_spans(p: Piece, h: int, numbering: set[int]) -> dict[tuple[int, int], str]:
    """A group header drawn as one ruled cell with blank cells to its right (not merged): the
    blanks belong to it when every one of them has a sub-header below, like the group's own
    cell (基本支出 | '' | '' over 小计 | 人员经费 | 公用经费)."""
    out = {}
    for r in range(h - 1):
        if r in numbering:
            continue
        c = 0
        while c < p.ncols:
            g = p.grid[r][c]
            text = re.sub(r"\s+", "", g.text)
            if not text or g.r0 != r or g.r1 != r or not _below_text(p, r, g.c0, g.c1, h):
                c = g.c1 + 1
                continue
            k = g.c1 + 1
            run = []
            while k < p.ncols:
                b = p.grid[r][k]
                if b.text or b.r0 != r or b.r1 != r or not _below_text(p, r, b.c0, b.c1, h) \
                        or (r > 0 and p.grid[r - 1][k] is not p.grid[r - 1][g.c0]):
                    break
                run.extend(range(b.c0, b.c1 + 1))
                k = b.c1 + 1
            for cc in run:
                out[(r, cc)] = text
            c = k
    return out


def _below_text(p: Piece, r: int, c0: int, c1: int, h: int) -> bool:
    """Each column c0..c1 has header text in the row just below r."""
    return r + 1 < h and all(p.grid[r + 1][c].text and p.grid[r + 1][c].r0 == r + 1 for c in range(c0, c1 + 1))


def _numbering_row(texts: list[str]) -> bool:
    """A column-number row: 1 2 3 … (with * / ** / 栏次 marks under the label columns)."""
    nums = [normalize_digits(t) for t in texts if t and not re.fullmatch(r"[*＊]+|栏次|行次|[-—]", t)]
    if len(nums) < 3 or not all(re.fullmatch(r"\d{1,2}", t) for t in nums):
        return False
    vals = [int(t) for t in nums]
    return vals == list(range(vals[0], vals[0] + len(vals)))


def _empty_table_header(p: Piece) -> int:
    h = 0
    for r in range(p.nrows):
        texts = [g.text for g in p.row_cells(r)]
        if not any(texts):
            break
        # a 合计 row starts in the first column; a 合计 under a group header (the first column's
        # header cell spanning this row too) is a column name
        first = p.grid[r][0]
        if first.r0 == r and TOTAL_LABEL.search(first.text):
            break
        h += 1
    return h


# columns that hold numbers but never money to be summed: their role comes from the header
_OTHER_ROLES = (("serial", re.compile(r"^(行次|栏次|序号|编号|行号)$")),
                ("quantity", re.compile(r"(数量|人数|台数|个数|面积)")),
                ("price", re.compile(r"单价")),
                ("unit", re.compile(r"^计量单位$")),
                ("remark", re.compile(r"^(备注|说明)$")),
                ("date", re.compile(r"(时间|日期)$")))


def _roles(columns, rows, nc) -> list[str]:
    roles = []
    for c in range(nc):
        head = columns[c].split("/")[-1]
        bare = re.sub(r"[（(][^（）()]*[）)]$", "", head)
        other = next((name for name, rx in _OTHER_ROLES if rx.search(bare)), None)
        if other:
            roles.append(other)
            continue
        n_num = n_txt = n_code = n_total = n_alnum = 0
        for row in rows:
            g = row.cells[c]
            if g is None or not g.text:
                continue
            spill = label_overflow(g)  # a neighbour's label tail before the number
            t = normalize_digits(spill[1] if spill else g.text)
            try:
                if parse_amount(t).kind != "number":
                    continue  # dash
            except NotANumber:
                pass
            if _is_amount(t):
                n_num += 1
                # bare digits (a 1-digit 资金性质 code too, under a 编码 header)
                if re.fullmatch(r"\d+", t) and "," not in t and "." not in t:
                    n_code += 1
            else:
                n_txt += 1
                if t in ("类", "款", "项"):
                    n_total += 1  # the 类/款/项 sub-header printed in the first data row
                elif re.fullmatch(r"[0-9A-Z]{6,}", t) and re.search(r"\d", t):
                    n_alnum += 1  # project codes like 42010323129T000000100
                elif TOTAL_LABEL.search(t) or row.cover[c] is not g or (g.c1 > g.c0):
                    n_total += 1  # a 合计 label / merged label spanning the code columns
        if _CODE_HEADER.search(head) and n_txt == n_total + n_alnum and n_code == n_num:
            roles.append("code")
        elif n_txt > n_num:
            roles.append("label")
        elif n_num == 0 and n_txt == 0 and _LABEL_HEADER.search(head):
            roles.append("label")
        elif n_num == 0 and n_txt == 0 and _CODE_HEADER.search(head):
            roles.append("code")
        else:
            roles.append("value")
    # a column of bare codes with no header keyword but left of the first label
    return roles
