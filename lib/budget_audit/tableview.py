"""The public table model: `TableView` (one table of the tidy cell table), its `Row`s and
their `Cell`s, read-only, for the rules and the report's charts."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .interval import Interval, exact, printed
from .units import MONEY_UNIT_PATTERN, WAN_PER

_ENUM = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十廿\d]+\s*[)）]|[一二三四五六七八九十廿]+\s*[、.．]|\d+\s*[、.．])\s*")
TOTAL_NAMES = {"合计", "总计", "本年合计"}


def norm(s) -> str:
    """Row/column label normalized for matching: no spaces, no ordinal, ASCII brackets."""
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return ""
    s = str(s)
    s = re.sub(r"[\s\u3000]+", "", s)
    s = _ENUM.sub("", s)
    s = s.replace("（", "(").replace("）", ")").replace("“", "").replace("”", "")
    s = s.replace('"', "").replace("：", ":")
    return s


def strip_unit_suffix(s: str) -> str:
    return re.sub(rf"\(({MONEY_UNIT_PATTERN}|%)\)$", "", norm(s))


def _is_blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or (x is pd_NA)


try:  # pandas NA sentinel
    import pandas as _pd
    pd_NA = _pd.NA
except Exception:  # pragma: no cover
    pd_NA = object()


def subject_class(code: str) -> str:
    """'function' for a 功能 subject code (class 2xx), 'economic' for an 经济 one (3xx, 5xx), ''
    otherwise."""
    return "function" if code[:1] == "2" else "economic" if code[:1] in ("3", "5") else ""


@dataclass
class Cell:
    table: str
    row: int
    code: str
    name: str
    column: str
    value: Decimal | None
    decimals: int
    raw: str
    unit: str
    page: int | None
    bbox: list | None

    @property
    def blank(self) -> bool:
        return self.value is None

    def interval(self, blank_as_zero: bool = True, wan: bool = True) -> Interval | None:
        if self.value is None:
            return exact(0) if blank_as_zero else None
        iv = printed(self.value, self.decimals)
        if wan:
            f = WAN_PER.get(self.unit, Decimal(1))
            if f != 1:
                iv = iv * f
        return iv

    def amount(self, wan: bool = True) -> Decimal | None:
        if self.value is None:
            return None
        return self.value * WAN_PER.get(self.unit, Decimal(1)) if wan else self.value

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.code, self.name) if x) or f"row {self.row}"


@dataclass
class Row:
    index: int
    code: str
    name: str
    cells: dict = field(default_factory=dict)  # column -> Cell

    @property
    def nname(self) -> str:
        return norm(self.name)

    @property
    def is_total(self) -> bool:
        return not self.code and self.nname in TOTAL_NAMES

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.code, self.name) if x) or f"row {self.index}"

    def get(self, column: str | None) -> Cell | None:
        return self.cells.get(column) if column is not None else None


def _s(x) -> str:
    if _is_blank(x):
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x).strip()


def _int_or_none(x):
    if _is_blank(x):
        return None
    try:
        return int(x)
    except (TypeError, ValueError):
        return None


def _dec(x) -> Decimal | None:
    if _is_blank(x):
        return None
    if isinstance(x, Decimal):
        return x if x.is_finite() else None
    if isinstance(x, str):
        if not x.strip():
            return None
        try:
            return Decimal(x.strip())
        except Exception:
            return None
    if isinstance(x, int):
        return Decimal(x)
    return None  # floats are not trusted as money


class TableView:
    def __init__(self, table_id: str, df):
        self.id = table_id
        self.columns: list[str] = []
        self.rows: list[Row] = []
        by_index: dict[int, Row] = {}
        for rec in df.to_dict("records"):
            col = _s(rec.get("column"))
            if col not in self.columns:
                self.columns.append(col)
            ri = _int_or_none(rec.get("row"))
            ri = -1 if ri is None else ri
            # a printed row may hold several labelled halves (收支总表, 决算 basic tables):
            # each (row, code, name) is a row of its own
            key = (ri, _s(rec.get("code")), _s(rec.get("name")))
            row = by_index.get(key)
            if row is None:
                row = Row(ri, key[1], key[2])
                by_index[key] = row
            value = _dec(rec.get("value"))
            dec = _int_or_none(rec.get("decimals"))
            if dec is None and value is not None:
                e = value.as_tuple().exponent
                dec = max(0, -e) if isinstance(e, int) else 0
            bbox = [rec.get(k) for k in ("x0", "y0", "x1", "y1")]
            bbox = None if any(_is_blank(b) for b in bbox) else [float(b) for b in bbox]
            row.cells[col] = Cell(table_id, ri, _s(rec.get("code")), _s(rec.get("name")), col,
                                  value, dec or 0,
                                  _s(rec.get("raw")), _s(rec.get("unit")),
                                  _int_or_none(rec.get("page")), bbox)
        self.rows = list(by_index.values())
        self.rows.sort(key=lambda r: r.index)

    # rows --------------------------------------------------------------------------------
    def total_row(self) -> Row | None:
        totals = [r for r in self.rows if r.is_total]
        return totals[0] if totals else None

    def coded_rows(self) -> list[Row]:
        return [r for r in self.rows if r.code]

    def rows_named(self, name: str) -> list[Row]:
        """Rows labelled ``name``; when none, rows one of whose "/"-joined labels is ``name``
        (extractors join several label columns: '监督员政府购岗费/武汉市…本级')."""
        n = norm(name)
        exact = [r for r in self.rows if r.nname == n]
        if exact or not n:
            return exact
        return [r for r in self.rows if "/" in r.name and n in {norm(x) for x in r.name.split("/")}]

    def row_by_code(self, code: str) -> Row | None:
        for r in self.rows:
            if r.code == code:
                return r
        return None

    @property
    def all_blank(self) -> bool:
        return all(c.value is None for r in self.rows for c in r.cells.values())

    # columns -----------------------------------------------------------------------------
    def col(self, *names: str, prefer_short: bool = True) -> str | None:
        """First column whose last header segment is one of ``names`` (normalized)."""
        wanted = [strip_unit_suffix(n) for n in names]
        for w in wanted:
            cands = [c for c in self.columns if strip_unit_suffix(c.split("/")[-1]) == w]
            if cands:
                return sorted(cands, key=len)[0] if prefer_short else cands[0]
        return None

    def group_col(self, name: str) -> str | None:
        """The column carrying a group's total: ``name`` itself, or ``name/小计|合计``."""
        w = norm(name)
        for c in self.columns:
            segs = [norm(s) for s in c.split("/")]
            if segs[-1] == w and len(segs) >= 1:
                return c
        for c in self.columns:
            segs = [norm(s) for s in c.split("/")]
            if len(segs) >= 2 and segs[-2] == w and segs[-1] in ("小计", "合计"):
                return c
        return None

    def cell(self, row: Row | None, column: str | None) -> Cell | None:
        if row is None or column is None:
            return None
        return row.get(column)


def shown(cell: Cell) -> str:
    """A cell as printed, with its table's unit."""
    return f"{cell.raw or cell.value} {cell.unit}".strip()


def in_cell_unit(value_wan: Decimal, cell: Cell) -> str:
    """A 万元 amount in the unit the cell is printed in, so a message compares like with like."""
    if cell.unit == "元":
        return f"{value_wan * 10000:,.{cell.decimals}f} 元"
    return f"{value_wan:,.{max(cell.decimals, 2)}f} 万元"


def find_rows_by_name(view: TableView | None, name: str) -> list[Row]:
    if view is None:
        return []
    return view.rows_named(name)
