"""Cross-document views over :func:`budget_audit.load`, used by notebooks/explore.ipynb.

    data = budget_audit.load()
    spending_shares(data)   # 基本支出 / 项目支出 and their shares of total spending, per document
    three_public(data)      # the 三公 table, per document
    findings_by_rule(data)  # how many findings of each rule, in how many documents
    unit_years(data)        # units audited in several years: one row per unit, kind and year
    shown(frame, columns)   # the frame as a notebook shows it (Decimals as printed, blanks for None)
    text(frame)             # the same as compact, deterministic text for logs

Amounts are ``Decimal`` in 万元 (blank cells count as 0 in spending_shares, which subtracts,
and stay None in three_public); shares are percentages rounded half-up to one decimal, as
documents print them.  A document without the
table a view needs is left out of that view.

``python tools/refresh_explore_baseline.py [OUT]`` executes notebooks/explore.ipynb against the
default document alone (a temporary project folder, see :func:`default_only_root`, given to
the kernel through BUDGET_AUDIT_REPORTS / BUDGET_AUDIT_INTERIM) and writes
the nbval regression baseline (default: tests/baselines/05_explore.ipynb).
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from . import keyfigures
from .api import AuditData, floats, folders  # noqa: F401  floats: re-exported for notebooks
from .catalogue import rule_titles
from .store import DocumentFolder

__all__ = ["spending_shares", "floats", "three_public", "findings_by_rule", "unit_years", "years_overview",
           "shown", "text", "plot_shares", "default_only_root", "root_environment", "environ", "DEFAULT_DOCUMENT"]

DEFAULT_DOCUMENT = (2024, "jianghan_dsjzx_2024_budget")
SPENDING_TABLES = ("expense", "gpb_function", "fiscal_expense")
ZERO = Decimal(0)
_TOTAL_NAME = re.compile(r"^(合计|总计|支出合计|本年支出合计|支出总计)$")


def _parts(column: str) -> list[str]:
    return [p for p in str(column).split("/") if p]


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _total_row(cells: pd.DataFrame, total_col: str) -> pd.DataFrame | None:
    """The rows (cells) of a table's grand-total row: named 合计/总计, else uncoded and unlevelled,
    the largest in ``total_col``."""
    uncoded = cells[(cells["code"] == "") & (cells["level"] == "")]
    named = uncoded[uncoded["name"].str.replace(r"\s", "", regex=True).str.match(_TOTAL_NAME)]
    candidates = named if len(named) else uncoded
    if not len(candidates):
        return None
    totals = candidates[candidates["column"] == total_col]
    totals = totals[totals["value_wan"].map(lambda v: v is not None)]
    if not len(totals):
        return None
    best = max(totals.itertuples(), key=lambda r: r.value_wan).row
    return cells[cells["row"] == best]


def _column(columns, name: str) -> str | None:
    """The column for ``name`` (e.g. 基本支出): its own column, or its 小计/合计 sub-column."""
    found = []
    for col in columns:
        parts = _parts(col)
        for i, p in enumerate(parts):
            if p == name and all(q in ("小计", "合计") for q in parts[i + 1:]):
                found.append(col)
    return min(found, key=len) if found else None


def _total_column(columns) -> str | None:
    """合计/总计, else a column named like 本年支出合计."""
    for ok in (lambda p: p in ("合计", "总计"), lambda p: p.endswith(("合计", "总计"))):
        found = [c for c in columns if _parts(c) and ok(_parts(c)[-1])]
        if found:
            return min(found, key=len)
    return None


def _value(row: pd.DataFrame, column: str | None, blank=ZERO) -> Decimal | None:
    """The row's value in ``column`` (万元); a blank cell gives ``blank``, no such column None."""
    if column is None:
        return None
    values = row.loc[row["column"] == column, "value_wan"]
    if not len(values):
        return None
    v = values.iloc[0]
    return blank if v is None else v


def _by_document(data: AuditData, table_ids):
    cells = data.cells
    for doc in data.documents.itertuples():
        mine = cells[cells["stem"] == doc.stem]
        mine = mine[mine["year"] == doc.year]
        for tid in table_ids:
            table = mine[mine["table_id"] == tid]
            if len(table):
                yield doc, tid, table


def spending_shares(data: AuditData) -> pd.DataFrame:
    """Per document: total spending, 基本支出, 项目支出, the rest, and their shares (%)."""
    rows, done = [], set()
    for doc, tid, table in _by_document(data, SPENDING_TABLES):  # the first table that has them
        if (doc.year, doc.stem) in done:
            continue
        columns = list(dict.fromkeys(table["column"]))
        total_col = _total_column(columns)
        basic_col, project_col = _column(columns, "基本支出"), _column(columns, "项目支出")
        if not (total_col and (basic_col or project_col)):
            continue
        total_row = _total_row(table, total_col)
        if total_row is None:
            continue
        total = _value(total_row, total_col)
        basic, project = _value(total_row, basic_col) or ZERO, _value(total_row, project_col) or ZERO
        done.add((doc.year, doc.stem))
        rows.append({"year": doc.year, "unit": doc.unit, "stem": doc.stem, "table": tid,
                     "total": total, "basic": basic, "project": project,
                     "other": total - basic - project,
                     "basic_pct": _pct(basic, total), "project_pct": _pct(project, total)})
    columns = ["year", "unit", "stem", "table", "total", "basic", "project", "other", "basic_pct", "project_pct"]
    return pd.DataFrame(rows, columns=columns)


# explore's column → the key figure (budget_audit.keyfigures, the lookup the rules use)
THREE_PUBLIC = {"total": "three_public", "abroad": "abroad", "vehicles": "vehicle",
                "vehicle_purchase": "purchase", "vehicle_running": "running", "reception": "reception"}


def _amount(found: list) -> Decimal | None:
    """The first figure's amount in 万元; a blank cell (or no such figure) stays None."""
    from .tableview import Cell

    if not found or (isinstance(found[0], Cell) and found[0].value is None):
        return None
    return keyfigures.amount_of(found[0])


def three_public(data: AuditData) -> pd.DataFrame:
    """Per document: the 三公 table's total and its parts (万元; a blank cell stays None), read by
    the key-figure lookup the rules use (budget_audit.keyfigures): the 三公 group beside 会议费 and
    培训费, the 决算数 column of a final account."""
    from .rules import AuditInput

    rows = []
    for doc, tid, table in _by_document(data, ("three_public",)):
        cells = table.drop(columns=["year", "unit", "kind", "stem"]).rename(columns={"value_unit": "unit"})
        meta = {"kind": doc.kind, "year": int(doc.year)}  # a year-grouped table is read in its year
        found = keyfigures.key_figures(AuditInput(cells=cells, meta=meta, tables={tid: None}), THREE_PUBLIC.values())
        values = {column: _amount(found[key]) for column, key in THREE_PUBLIC.items()}
        if found["three_public"]:
            rows.append({"year": doc.year, "unit": doc.unit, "stem": doc.stem, **values})
    return pd.DataFrame(rows, columns=["year", "unit", "stem", *THREE_PUBLIC])


def findings_by_rule(data: AuditData) -> pd.DataFrame:
    """One row per rule and severity: findings, documents with at least one, the rule's title."""
    f = data.findings
    columns = ["rule", "severity", "findings", "documents", "title"]
    if not len(f):
        return pd.DataFrame(columns=columns)
    docs = f["year"].astype(str) + "/" + f["stem"]
    out = (f.assign(_doc=docs).groupby(["rule", "severity"], sort=False)
           .agg(findings=("id", "size"), documents=("_doc", "nunique")).reset_index())
    order = {"error": 0, "warning": 1, "info": 2}
    out = out.assign(_o=out["severity"].map(order).fillna(9)) \
        .sort_values(["_o", "findings", "rule"], ascending=[True, False, True]).drop(columns="_o")
    titles = rule_titles()
    out["title"] = out["rule"].map(lambda r: titles.get(r, ""))
    return out[columns].reset_index(drop=True)


def unit_years(data: AuditData) -> pd.DataFrame:
    """Units audited in two or more years, budgets and final accounts apart: one row per unit,
    kind and year with spending, its shares, the 三公 total, findings, and the change of total
    spending from the previous audited year.  When a unit has several documents of one kind in
    a year (部门 and 单位 budgets), the first by file name is used; ``stem`` says which."""
    columns = ["unit", "kind", "year", "stem", "total", "basic_pct", "project_pct", "three_public",
               "errors", "warnings", "total_change", "total_change_pct"]
    docs = data.documents[data.documents["unit"] != ""].sort_values(["unit", "kind", "year", "stem"])
    docs = docs.drop_duplicates(["unit", "kind", "year"])
    multi = docs.groupby(["unit", "kind"])["year"].nunique()
    groups = sorted(multi[multi >= 2].index)
    if not groups:
        return pd.DataFrame(columns=columns)
    shares, tp = spending_shares(data), three_public(data)
    rows = []
    for unit, kind in groups:
        previous = None
        for d in docs[(docs["unit"] == unit) & (docs["kind"] == kind)].itertuples():
            s = shares[(shares["stem"] == d.stem) & (shares["year"] == d.year)]
            t = tp[(tp["stem"] == d.stem) & (tp["year"] == d.year)]
            total = s["total"].iloc[0] if len(s) else None
            change = total - previous if total is not None and previous is not None else None
            rows.append({
                "unit": unit, "kind": kind, "year": int(d.year), "stem": d.stem, "total": total,
                "basic_pct": s["basic_pct"].iloc[0] if len(s) else None,
                "project_pct": s["project_pct"].iloc[0] if len(s) else None,
                "three_public": t["total"].iloc[0] if len(t) else None,
                "errors": int(0 if d.error is pd.NA else d.error),
                "warnings": int(0 if d.warning is pd.NA else d.warning),
                "total_change": change,
                "total_change_pct": _pct(change, previous) if change is not None else None,
            })
            previous = total if total is not None else previous
    return pd.DataFrame(rows, columns=columns)


def years_overview(data: AuditData) -> str:
    """One line: which years are audited and which units span several of them."""
    years = data.years
    if len(years) <= 1:
        only = years[0] if years else "—"
        return (f"only one year audited ({only}): audit other years of the same unit "
                "(e.g. `make audit PDF=...`) to compare a unit across years")
    multi = unit_years(data)
    head = f"{len(years)} years audited ({', '.join(map(str, years))})"
    if multi.empty:
        return head + "; no unit is audited in more than one year"
    groups = list(dict.fromkeys(zip(multi["unit"], multi["kind"])))
    return head + "; units with several years: " + "; ".join(
        f"{u} {k} ({', '.join(str(y) for y in multi.loc[(multi['unit'] == u) & (multi['kind'] == k), 'year'])})"
        for u, k in groups)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def shown(frame: pd.DataFrame, columns=None) -> pd.DataFrame:
    """The frame as a notebook shows it: Decimals as printed, blanks for None, rows numbered
    from 1 (a DataFrame: one rich output, the same every run)."""
    if columns is not None:
        frame = frame[list(columns)]
    out = frame.astype(object).map(_fmt)
    out.index = pd.RangeIndex(1, len(out) + 1)
    return out


def text(frame: pd.DataFrame, columns=None, empty: str = "(none)") -> str:
    """The frame as compact, deterministic text (Decimals as printed, blanks for None)."""
    if not len(frame):
        return empty
    return shown(frame, columns).to_string(index=False)


def plot_shares(shares: pd.DataFrame):
    """A horizontal stacked bar per document: 基本支出 and 项目支出 as % of total spending.

    A bare ``matplotlib.figure.Figure`` (no pyplot): it shows once, where the notebook puts it."""
    from matplotlib.figure import Figure

    from .fonts import use_cjk_font_in_matplotlib

    use_cjk_font_in_matplotlib()
    labels = [f"{u or s} {y}" for u, s, y in zip(shares["unit"], shares["stem"], shares["year"])]
    basic = [float(v or 0) for v in shares["basic_pct"]]
    project = [float(v or 0) for v in shares["project_pct"]]
    fig = Figure(figsize=(8, max(2.5, 1.2 + 0.45 * len(labels))))
    ax = fig.subplots()
    ax.barh(labels, basic, label="基本支出", color="#4c72b0")
    ax.barh(labels, project, left=basic, label="项目支出", color="#dd8452")
    ax.set_xlim(0, 100)
    ax.set_xlabel("占支出合计 %")
    ax.invert_yaxis()
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


# -- the nbval baseline of notebooks/explore.ipynb --------------------------------------------

def default_only_root(dest, source=None, check: bool = True) -> Path:
    """A project folder at ``dest`` holding only the default document's audit: symlinks to its
    report and interim folders (``source`` a project folder, default where ``make audit`` writes).
    That is what CI has when tests/baselines/05_explore.ipynb runs.  ``check=False`` links even
    before the audit exists (it will be found once made)."""
    reports, interim = folders(source)
    dest = Path(dest)
    year, stem = DEFAULT_DOCUMENT
    report, data = reports / str(year) / stem, interim / str(year) / stem
    if check and not ((report / DocumentFolder.STATUS_JSON).exists() and (data / DocumentFolder.CELLS_CSV).exists()):
        raise FileNotFoundError(f"the default document is not audited: run `make audit YEAR={year}` first")
    for src, rel in ((report, Path("reports") / str(year) / stem),
                     (data, Path("data") / "interim" / str(year) / stem)):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).symlink_to(src, target_is_directory=True)
    return dest


def root_environment(root) -> dict[str, str]:
    """The environment that makes a new process (a kernel) read project folder ``root``."""
    return {"BUDGET_AUDIT_REPORTS": str(Path(root) / "reports"),
            "BUDGET_AUDIT_INTERIM": str(Path(root) / "data" / "interim")}


@contextmanager
def environ(values: dict[str, str]):
    """Set environment variables for the duration (processes started meanwhile inherit them)."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
