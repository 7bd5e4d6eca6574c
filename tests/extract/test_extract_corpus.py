"""Every corpus PDF: pinned table inventory, document facts, tidy-cell invariants, footings.

The corpus is the repository's own copy (tests/corpus, SHA-256 checked).  KNOWN_FOOTING_FAILURES
are inconsistencies of the *published* documents, checked by hand with ``pdftotext -layout``:

* sh_putuo_sfj_2026_unit_budget p.11/p.14: row 2040601 行政运行 prints 项目支出 64,840,547.00
  (its 基本支出 equals its 合计), so the children of 20406 add up to twice the parent;
* swu_2023_dept_budget p.8: 2050202 + 2050204 + 2050205 = 520,603.41, the 20502 row prints
  520,603.91.
The extraction must find exactly these, no more and no fewer.
"""
from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budget_audit.extract import extract_document
from budget_audit.extract.footing import check_footings
from budget_audit.tidy import TIDY_COLUMNS
from corpus_docs import corpus_folders, corpus_pdf


def _pdf(folder: str) -> Path:
    return corpus_pdf(folder)


@cache
def extraction(folder: str):
    return extract_document(_pdf(folder))


INVENTORY = {
    'js_fy_2019_dept_budget': ['admin_running', 'expense', 'fiscal_basic', 'fiscal_expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'procurement', 'three_public'],
    'js_jcy_2019_dept_budget': ['admin_running', 'expense', 'fiscal_basic', 'fiscal_expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'procurement', 'three_public'],
    'js_rd_2019_dept_budget': [],
    'js_rd_2019_dept_budget_tables': ['admin_running', 'expense', 'fiscal_basic', 'fiscal_expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'procurement', 'three_public'],
    'js_swbgt_2019_dept_budget': [],
    'js_swbgt_2019_dept_budget_tables': ['admin_running', 'expense', 'fiscal_basic', 'fiscal_expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'procurement', 'three_public'],
    'js_zx_2019_dept_budget': [],
    'js_zx_2019_dept_budget_tables': ['admin_running', 'expense', 'fiscal_basic', 'fiscal_expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'procurement', 'three_public'],
    'sh_putuo_ghzy_2024_final': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'other#1', 'soe_capital', 'three_public'],
    'sh_putuo_sfj_2026_dept_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'soe_capital', 'three_public'],
    'sh_putuo_sfj_2026_unit_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'soe_capital', 'three_public'],
    'sh_putuo_shgzb_2024_final': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'other#1', 'soe_capital', 'three_public'],
    'sh_putuo_wanli_2023_dept_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'perf_project#1', 'perf_project#2', 'perf_project#3', 'perf_project#4', 'perf_project#5', 'soe_capital', 'three_public'],
    'sh_putuo_wanli_2024_dept_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'soe_capital', 'three_public'],
    'sh_putuo_wanli_2025_dept_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'soe_capital', 'three_public'],
    'sh_putuo_zfb_2025_dept_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'soe_capital', 'three_public'],
    'sh_putuo_zfb_2025_unit_budget': ['expense', 'fiscal_summary', 'gov_fund', 'gpb_basic', 'gpb_function', 'income', 'income_expense_summary', 'soe_capital', 'three_public'],
    'swu_2021_dept_budget': ['expense', 'fiscal_expense', 'income', 'income_expense_summary'],
    'swu_2023_dept_budget': ['expense', 'fiscal_expense', 'income', 'income_expense_summary', 'perf_project#1', 'perf_project#10', 'perf_project#11', 'perf_project#12', 'perf_project#13', 'perf_project#14', 'perf_project#15', 'perf_project#16', 'perf_project#17', 'perf_project#18', 'perf_project#19', 'perf_project#2', 'perf_project#20', 'perf_project#21', 'perf_project#22', 'perf_project#23', 'perf_project#24', 'perf_project#3', 'perf_project#4', 'perf_project#5', 'perf_project#6', 'perf_project#7', 'perf_project#8', 'perf_project#9'],
    'swu_2023_final': ['expense', 'fiscal_expense', 'income', 'income_expense_summary'],
    'swu_2024_dept_budget': ['expense', 'fiscal_expense', 'income', 'income_expense_summary', 'perf_project#1', 'perf_project#10', 'perf_project#11', 'perf_project#12', 'perf_project#13', 'perf_project#14', 'perf_project#15', 'perf_project#16', 'perf_project#17', 'perf_project#18', 'perf_project#19', 'perf_project#2', 'perf_project#20', 'perf_project#21', 'perf_project#22', 'perf_project#23', 'perf_project#24', 'perf_project#25', 'perf_project#26', 'perf_project#3', 'perf_project#4', 'perf_project#5', 'perf_project#6', 'perf_project#7', 'perf_project#8', 'perf_project#9'],
    'swu_2024_final': ['expense', 'fiscal_expense', 'income', 'income_expense_summary'],
}
META = {
    'js_fy_2019_dept_budget': ('江苏省高级人民法院', 2019, 'budget', False),
    'js_jcy_2019_dept_budget': ('江苏省人民检察院', 2019, 'budget', False),
    'js_rd_2019_dept_budget': ('江苏省人大常委会办公厅', 2019, 'budget', True),
    'js_rd_2019_dept_budget_tables': ('江苏省人大常委会办公厅', 2019, 'budget', False),
    'js_swbgt_2019_dept_budget': ('江苏省委办公厅', 2019, 'budget', True),
    'js_swbgt_2019_dept_budget_tables': ('中共江苏省委办公厅', 2019, 'budget', False),
    'js_zx_2019_dept_budget': ('江苏省政协办公厅', 2019, 'budget', True),
    'js_zx_2019_dept_budget_tables': ('江苏省政协办公厅', 2019, 'budget', False),
    'sh_putuo_ghzy_2024_final': ('上海市普陀区规划和自然资源局', 2024, 'final', False),
    'sh_putuo_sfj_2026_dept_budget': ('上海市普陀区司法局', 2026, 'budget', False),
    'sh_putuo_sfj_2026_unit_budget': ('上海市普陀区司法局', 2026, 'budget', False),
    'sh_putuo_shgzb_2024_final': ('中共上海市普陀区委社会工作部', 2024, 'final', False),
    'sh_putuo_wanli_2023_dept_budget': ('上海市普陀区人民政府万里街道办事处', 2023, 'budget', False),
    'sh_putuo_wanli_2024_dept_budget': ('上海市普陀区人民政府万里街道办事处', 2024, 'budget', False),
    'sh_putuo_wanli_2025_dept_budget': ('上海市普陀区人民政府万里街道办事处', 2025, 'budget', False),
    'sh_putuo_zfb_2025_dept_budget': ('上海市普陀区人民政府办公室', 2025, 'budget', False),
    'sh_putuo_zfb_2025_unit_budget': ('上海市普陀区人民政府办公室', 2025, 'budget', False),
    'swu_2021_dept_budget': ('西南大学', 2021, 'budget', False),
    'swu_2023_dept_budget': ('西南大学', 2023, 'budget', False),
    'swu_2023_final': ('西南大学', 2023, 'final', False),
    'swu_2024_dept_budget': ('西南大学', 2024, 'budget', False),
    'swu_2024_final': ('西南大学', 2024, 'final', False),
}
KNOWN_FOOTING_FAILURES = {
    ('sh_putuo_sfj_2026_unit_budget', 'expense', '支出预算/项目支出', '20406'),
    ('sh_putuo_sfj_2026_unit_budget', 'gpb_function', '一般公共预算支出/项目支出', '20406'),
    ('swu_2023_dept_budget', 'income', '收入合计', '20502'),
}


FOLDERS = sorted(INVENTORY)


def test_corpus_complete():
    assert set(FOLDERS) <= set(corpus_folders())


@pytest.mark.parametrize("folder", FOLDERS)
def test_inventory(folder):
    assert sorted(extraction(folder).tables) == INVENTORY[folder]


@pytest.mark.parametrize("folder", FOLDERS)
def test_document_facts(folder):
    ex = extraction(folder)
    unit, year, kind, narrative_only = META[folder]
    assert (ex.meta["unit"], ex.meta["year"], ex.meta["kind"], ex.meta["narrative_only"]) == META[folder]
    assert len(ex.meta["sha256"]) == 64 and ex.meta["pages"] > 0
    if narrative_only:
        assert ex.cells.empty and not ex.tables and ex.missing == []
        assert sum(len(s["sentences"]) for s in ex.narrative) > 20


@pytest.mark.parametrize("folder", FOLDERS)
def test_cells_invariants(folder):
    ex = extraction(folder)
    c = ex.cells
    assert list(c.columns) == TIDY_COLUMNS
    assert ex.meta["value_cells"] == len(c) + len(ex.unparsed)  # nothing silently dropped
    for r in c.itertuples():
        assert r.value is None or isinstance(r.value, Decimal)
        if r.value is not None:
            assert -r.value.as_tuple().exponent == r.decimals or r.decimals == 0
            if r.unit == "元":
                assert r.value_wan == r.value / 10000
            elif r.unit == "万元":
                assert r.value_wan == r.value
        else:
            assert r.raw.strip() in ("", "-", "－", "—", "–", "——", "/")
        assert 0 <= r.x0 < r.x1 and 0 <= r.y0 < r.y1
        assert r.table_id in ex.tables
        assert r.page in ex.tables[r.table_id].pages
    for t in ex.tables.values():
        assert t.unit in ("万元", "元"), (t.id, t.unit)


@pytest.mark.parametrize("folder", FOLDERS)
def test_footings(folder):
    ex = extraction(folder)
    checks = check_footings(ex.cells)
    failed = {(folder, f.table_id, f.column, f.parent) for f in checks if not f.ok}
    assert failed == {k for k in KNOWN_FOOTING_FAILURES if k[0] == folder}
    if any(t.kind == "table" and not t.id.startswith(("other", "three_public", "income_expense", "fiscal_summary",
                                                       "procurement"))
           for t in ex.tables.values()):
        assert checks, "tables with codes but no footing checked"


def test_two_sided_summary_labels():
    ex = extraction("sh_putuo_zfb_2025_dept_budget")
    c = ex.cells[ex.cells.table_id == "income_expense_summary"]
    row0 = c[c.row == 0].set_index("column")
    assert row0.loc["本年收入/预算数", "name"] == "一、财政拨款收入"
    assert row0.loc["本年支出/预算数", "name"] == "一、一般公共服务支出"
    # camelot put '91,016,775.35 一、一般公共服务支出' into one cell here; the text layer repairs it
    assert row0.loc["本年收入/预算数", "raw"] == "91,016,775.35"
    assert ex.meta["repaired_cells"] > 0


def test_split_code_columns_and_levels():
    ex = extraction("sh_putuo_zfb_2025_dept_budget")
    c = ex.cells[(ex.cells.table_id == "income") & (ex.cells.column == "收入预算/合计")]
    got = dict(zip(c.code, c.level))
    assert got["201"] == "1" and got["20103"] == "2" and got["2010301"] == "3"
    total = c[c.name == "合计"].iloc[0]
    assert total.value == Decimal("91016775.35") and total.value_wan == Decimal("9101.677535")
    assert total.level == "" and total.unit == "元"


def test_continuation_pages_joined():
    ex = extraction("sh_putuo_wanli_2024_dept_budget")
    t = ex.tables["income"]
    assert t.pages == [11, 12, 13, 14, 15]
    assert not (t.frame.iloc[:, 1:] == "合计").all(axis=1).any()
    # repeated header rows are not data
    assert "功能分类科目名称" not in set(t.frame.iloc[:, 4])


def test_three_public_merged_headers():
    ex = extraction("sh_putuo_zfb_2025_dept_budget")
    cols = set(ex.cells[ex.cells.table_id == "three_public"].column)
    assert "“三公”经费预算数/公务用车购置及运行费/运行费" in cols
    assert "机关运行经费预算数" in cols


def test_empty_unruled_tables():
    ex = extraction("sh_putuo_wanli_2023_dept_budget")
    assert ex.tables["gov_fund"].kind == "empty"
    assert "空表" in ex.tables["gov_fund"].note


def test_perf_forms_values():
    ex = extraction("swu_2024_dept_budget")
    c = ex.cells[ex.cells.table_id == "perf_project#1"]
    money = c[c.unit == "万元"]
    assert Decimal("1960.35") in set(money.value)
    assert len(c[c.column.str.contains("分值")]) >= 5


def test_unit_per_table():
    ex = extraction("sh_putuo_zfb_2025_dept_budget")
    assert ex.tables["income"].unit == "元"
    assert ex.tables["three_public"].unit == "万元"


@pytest.mark.parametrize("folder", ["js_rd_2019_dept_budget_tables", "sh_putuo_zfb_2025_dept_budget"])
def test_text_engines_agree_on_rotated_and_landscape_pages(folder, monkeypatch):
    """js_rd tables are /Rotate-d pages, sh_putuo_zfb landscape: pdfium and pdfplumber agree."""
    monkeypatch.setenv("BUDGET_AUDIT_TEXT", "pdfplumber")
    other = extract_document(_pdf(folder))
    cols = ["table_id", "row", "column", "raw", "name", "code"]
    assert extraction(folder).cells[cols].equals(other.cells[cols])
    assert sorted(extraction(folder).tables) == sorted(other.tables)


def test_vector_grid_missing_rulings_falls_back_to_image_engine():
    """js_swbgt p.1: the vector engine misses the rulings between 功能科目名称 and 金额, so a
    label and its amount share one cell; the page is re-read with camelot's image engine."""
    ex = extraction("js_swbgt_2019_dept_budget_tables")
    assert ex.meta["image_engine_pages"] == [1]
    c = ex.cells[(ex.cells.table_id == "income_expense_summary") & (ex.cells.row == 0)].set_index("column")
    assert c.loc["支出/功能分类/金额", "name"] == "一、一般公共服务支出"
    assert c.loc["支出/功能分类/金额", "value"] == Decimal("22395.50")
    assert c.loc["支出/支出用途/金额", "value"] == Decimal("11700.63")
    assert not ex.tables["income_expense_summary"].frame.iloc[:, 1:].apply(
        lambda col: col.str.contains(r"[\u4e00-\u9fff].*\d{1,3},\d{3}\.\d\d")).any().any()


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_amount_glued_to_a_label(folder):
    """A label cell ending in a printed amount means a missed column ruling."""
    import re
    ex = extraction(folder)
    glued = re.compile(r"[\u4e00-\u9fff）)]\s*-?\d{1,3}(,\d{3})+\.\d{2}$")
    for t in ex.tables.values():
        if t.kind != "table":
            continue
        for k, role in enumerate(getattr(t, "roles", [])):
            if role == "label":
                bad = [v for v in t.frame.iloc[:, k + 1] if glued.search(v)]
                assert not bad, (t.id, bad[:3])


def test_a_heading_wrapped_onto_a_second_line_is_one_heading():
    # 湖州卫健 2026 (p.8-9): "（五）关于湖州市卫生健康委员会2026年一般公共预" / "算当年拨款情况说明";
    # cut, the heading lost the 一般公共预算 that scopes its figures
    titles = [s["title"] for s in extraction("zj_huzhou_wjw_2026_dept_budget").narrative]
    assert "（五）关于湖州市卫生健康委员会2026年一般公共预算当年拨款情况说明" in titles
    assert "（四）关于湖州市卫生健康委员会2026年财政拨款收支预算情况的总体说明" in titles
