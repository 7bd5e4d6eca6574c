"""The default document against tests/data/default_truth.csv: every cell, read right.

Regular tables: the truth's (row, col) is the data-row index and column index of the joined
table; header_path is our column path.  Forms (绩效): the truth's grid is the seed text's, not
the PDF's, so the multiset of cell texts is compared instead (the seed's HTML leftovers are
rendered as text in the PDF: ``<p>`` dropped, checkboxes shown as ``[]`` / ``[√]``); the PDF
repeats the indicator header row on a continuation page, which the truth does not.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from budget_audit.extract import extract_document, load, save
from budget_audit.tablemap import match_title
from budget_audit.tidy import TIDY_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"
TRUTH = ROOT / "tests" / "data" / "default_truth.csv"

def _n(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _unmarkup(s: str) -> str:
    s = s.replace('<inputchecked=""type="checkbox"/>', "[√]").replace('<inputtype="checkbox"/>', "[]")
    return re.sub(r"</?p>", "", s)


@lru_cache(maxsize=1)
def ex():
    return extract_document(PDF)


@lru_cache(maxsize=1)
def truth():
    with open(TRUTH, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_inventory():
    assert sorted(ex().tables) == sorted([
        "income_expense_summary", "income", "expense", "fiscal_summary", "gpb_function", "gpb_by_unit",
        "gpb_basic", "three_public", "gov_fund", "soe_capital", "project", "procurement", "purchase_service",
        "perf_dept", "perf_project#1", "perf_project#2", "perf_project#3"])
    assert ex().meta["unit"] == "江汉区大数据中心" and ex().meta["year"] == 2024 and ex().meta["kind"] == "budget"


def test_every_table_cell_matches_truth():
    bad = []
    n = 0
    for r in truth():
        if r["table_label"].startswith("绩效"):
            continue
        t = ex().tables[match_title(r["table_title"])]
        i, j = int(r["row"]), int(r["col"]) + 1  # column 0 of the frame is _page
        n += 1
        got = t.frame.iloc[i, j] if i < len(t.frame) and j < t.frame.shape[1] else None
        col = t.frame.columns[j].split("~")[0] if j < t.frame.shape[1] else None
        if got is None or _n(got) != _n(r["text"]) or _n(col) != _n(r["header_path"]):
            bad.append((r["table_label"], i, j - 1, r["header_path"], r["text"], col, got))
    assert n > 800
    assert not bad, bad[:10]


def test_truth_tables_have_no_extra_rows():
    rows = Counter()
    for r in truth():
        if not r["table_label"].startswith("绩效"):
            rows[match_title(r["table_title"])] = max(rows[match_title(r["table_title"])], int(r["row"]) + 1)
    for tid, n in rows.items():
        assert len(ex().tables[tid].frame) == n, tid


@pytest.mark.parametrize("label,tid", [("绩效-dept", "perf_dept"), ("绩效-project-1", "perf_project#1"),
                                       ("绩效-project-2", "perf_project#2"), ("绩效-project-3", "perf_project#3")])
def test_forms_hold_every_truth_text(label, tid):
    want = Counter(_n(_unmarkup(_n(r["text"]))) for r in truth() if r["table_label"] == label and _n(r["text"]))
    frame = ex().tables[tid].frame
    got = Counter(_n(x) for x in frame.iloc[:, 1:].values.ravel() if _n(x))
    assert not (want - got), list((want - got).items())[:5]
    extra = got - want
    # only header texts the PDF repeats on a continuation page
    assert sum(extra.values()) <= 12 and set(extra) <= set(want), extra


def test_form_values():
    c = ex().cells
    p1 = c[c.table_id == "perf_project#1"]
    weights = p1[p1.column == "指标分值权重"]
    assert [int(v) for v in weights.value] == [10, 20, 10, 20, 20]
    assert p1[p1.column.str.startswith("指标权重比例")].value.tolist() == [Decimal("100")]
    assert Decimal("1061.34") in set(p1[(p1.unit == "万元") & (p1.column == "本级财政拨款金额")].value)
    assert Decimal("2") in set(p1[(p1.name == "印刷服务")].value)  # procurement plan: 印刷服务 1批 2万元
    d = c[c.table_id == "perf_dept"]
    assert Decimal("2652.67") in set(d[d.name == "财政拨款"].value)


def test_summary_halves_and_values():
    c = ex().cells
    s = c[(c.table_id == "income_expense_summary") & (c.row == 0)].set_index("column")
    assert s.loc["收入/预算数", "name"] == "一、一般公共预算拨款收入"
    assert s.loc["支出/预算数", "name"] == "一、一般公共服务支出"
    assert s.loc["收入/预算数", "value"] == Decimal("2652.67")
    blank = c[(c.table_id == "income_expense_summary") & (c.name == "二、政府性基金预算拨款收入")].iloc[0]
    assert blank.value is None and blank.raw == ""


def test_narrative_keeps_numbers_in_sentences():
    sents = [s["text"] for sec in ex().narrative for s in sec["sentences"]]
    hit = [s for s in sents if "2024年收支总预算2652.67万元" in _n(s)]
    assert hit and "比2023年预算减少187.34万元" in _n(hit[0])
    heads = [sec["heading"] for sec in ex().narrative]
    assert any(h.startswith("第二部分") for h in heads) and any(h.startswith("一、收支预算总体安排情况") for h in heads)
    # table cells are not narrative
    assert not any(_n(s).startswith("一、一般公共预算拨款收入2,652.67") for s in sents)


def test_save_load_roundtrip(tmp_path):
    e = ex()
    save(e, tmp_path)
    for f in ("cells.csv", "narrative.json", "document.json", "unparsed.csv", "tables/income.csv",
              "tables/perf_project#1.csv"):
        assert (tmp_path / f).exists(), f
    back = load(tmp_path)
    assert list(back.cells.columns) == TIDY_COLUMNS
    assert back.cells["value"].tolist() == e.cells["value"].tolist()
    assert back.cells["value_wan"].tolist() == e.cells["value_wan"].tolist()
    assert back.cells["raw"].tolist() == e.cells["raw"].tolist()
    assert sorted(back.tables) == sorted(e.tables)
    assert back.tables["income"].frame.equals(e.tables["income"].frame.astype(str))
    assert back.narrative == e.narrative and back.missing == e.missing
    assert back.meta["sha256"] == e.meta["sha256"]


def test_text_engines_agree(monkeypatch):
    """pdfium (default) and pdfplumber text layers give the same cells and the same narrative."""
    monkeypatch.setenv("BUDGET_AUDIT_TEXT", "pdfplumber")
    other = extract_document(PDF)
    a, b = ex().cells, other.cells
    keys = ["table_id", "row", "column", "raw", "name", "code"]
    assert a[keys].equals(b[keys])
    sa = [s["text"] for sec in ex().narrative for s in sec["sentences"]]
    sb = [s["text"] for sec in other.narrative for s in sec["sentences"]]
    assert sa == sb


def _cells_in_worker(_):
    return len(extract_document(PDF).cells)


def test_runs_inside_a_daemonic_worker():
    """Pool workers are daemonic and may not fork: extraction then runs camelot inline."""
    import multiprocessing as mp
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.map(_cells_in_worker, [0]) == [len(ex().cells)]
