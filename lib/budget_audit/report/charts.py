"""The report's charts, drawn from the tidy cells. Each returns a matplotlib Figure or None
when the document lacks the table it needs (the report then says so); `png` draws one once."""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd

from ..fonts import use_cjk_font_in_matplotlib

# Tables that break spending down by function class, best first.
FUNCTION_TABLES = ["gpb_function", "expense", "fiscal_expense"]


def _figure(height: float = 3.2):
    """A Figure outside pyplot, so notebooks show each chart once, where it is displayed. On an
    Agg canvas: tight_layout then measures the text with the renderer that draws the PNG, whose
    text metrics it keeps (without a canvas it would make a renderer of its own to measure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    use_cjk_font_in_matplotlib()
    fig = Figure(figsize=(7.5, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def png(fig) -> bytes:
    """The chart drawn once, as the picture the report shows (laid out already: no second,
    tight-bounding-box pass, which the notebook's own display of a Figure would add)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _view(cells: pd.DataFrame, ids: list[str]):
    """The first of these tables the document has, as the rules see it (TableView)."""
    from ..tableview import TableView

    for table_id in ids:
        part = cells[cells["table_id"] == table_id]
        if not part.empty:
            return TableView(table_id, part)
    return None


def _amounts(view, level: str) -> pd.Series:
    """Label → amount in 万元 of the coded rows at this level (类 "1", 款 "2"), in the table's
    total column (float: plotting only; the audit itself never uses floats)."""
    from ..extract.cells import level_of

    column = view.col("合计", "总计", "金额", "预算数", "决算数") if view else None
    pairs = []
    for row in view.coded_rows() if column else []:
        cell = row.get(column)
        if level_of(row.code, row.name) == level and cell is not None and cell.amount() is not None:
            pairs.append((row.name, float(cell.amount())))
    return pd.Series(dict(pairs), dtype=float)


def _barh(series: pd.Series, title: str):
    fig, ax = _figure(0.9 + 0.38 * len(series))
    series = series.iloc[::-1]
    ax.barh(series.index, series.values, color="#3a6ea5")
    for y, v in enumerate(series.values):
        ax.text(v, y, f" {v:,.2f}", va="center", fontsize=8)
    ax.set_title(title)
    ax.set_xlabel("万元")
    ax.margins(x=0.2)
    fig.tight_layout()
    return fig


def by_function(cells: pd.DataFrame):
    classes = _amounts(_view(cells, FUNCTION_TABLES), "1")
    return _barh(classes, "支出按功能分类（类）") if not classes.empty else None


def by_economic_class(cells: pd.DataFrame):
    items = _amounts(_view(cells, ["gpb_basic", "fiscal_basic"]), "2")
    return _barh(items, "基本支出按经济分类（款）") if not items.empty else None


def basic_vs_project(cells: pd.DataFrame):
    view = _view(cells, FUNCTION_TABLES)
    total = view.total_row() if view else None
    shares = {}
    for label in ("基本支出", "项目支出"):
        cell = view.cell(total, view.group_col(label)) if total else None
        if cell is not None and cell.amount() is not None:
            shares[label] = float(cell.amount())
    if len(shares) < 2 or not sum(shares.values()):
        return None
    fig, ax = _figure(2.8)
    ax.pie(list(shares.values()), labels=[f"{k}\n{v:,.2f} 万元" for k, v in shares.items()],
           autopct="%1.1f%%", colors=["#3a6ea5", "#e0a040"], startangle=90, counterclock=False)
    ax.set_title("基本支出与项目支出")
    ax.axis("equal")
    fig.tight_layout()
    return fig


def trend(points: list[tuple[str, int, Decimal]], title: str):
    """Multi-year trend from (subject, year, amount in 万元) points."""
    if not points:
        return None
    frame = pd.DataFrame(points, columns=["subject", "year", "amount"]).drop_duplicates(["subject", "year"])
    frame = frame.groupby("subject").filter(lambda g: g["year"].nunique() >= 2)
    if frame.empty:
        return None
    fig, ax = _figure(3.4)
    for subject, group in frame.groupby("subject", sort=True):
        group = group.sort_values("year")
        ax.plot(group["year"], [float(v) for v in group["amount"]], marker="o", label=subject)
    ax.set_xticks(sorted(frame["year"].unique()))
    ax.set_ylabel("万元")
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


# Multi-year series: subjects of the trend chart and the key figures they are read from.
_SERIES = (("支出合计", "expense"), ("基本支出", "basic"), ("项目支出", "project"),
           ("“三公”经费", "three_public"))


def year_series(extractions) -> list[tuple[str, int, Decimal]]:
    """(subject, year, 万元) of 支出合计, 基本支出, 项目支出 and “三公”经费 for every document
    given (one unit's years), sorted by subject then year.  A 决算 document's subjects carry
    "（决算）" so budgets and final accounts of one year stay apart.  Figures a document does
    not have are left out; the first table that carries a figure wins; of two documents of one
    year and kind (a 部门 and a 单位 budget), the first given wins."""
    from ..keyfigures import amount_of, key_figures

    out = []
    seen: set = set()
    for x in extractions or []:
        meta = dict(getattr(x, "meta", {}) or {})
        try:
            year = int(meta.get("year"))
        except (TypeError, ValueError):
            continue
        tag = "（决算）" if meta.get("kind") == "final" else ""
        found = key_figures(x, [key for _, key in _SERIES])
        for subject, key in _SERIES:
            for f in found[key]:
                v = amount_of(f)
                if (subject + tag, year) not in seen:
                    seen.add((subject + tag, year))
                    out.append((subject + tag, year, v))
                break
    order = {s: i for i, (s, _) in enumerate(_SERIES)}
    return sorted(out, key=lambda t: (order.get(t[0].replace("（决算）", ""), 9), t[0], t[1]))
