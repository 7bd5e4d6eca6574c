"""Row hierarchy where codes are absent (label indentation) and a total row printed on top of
its items: each read on real corpus tables and proved by the
table's own arithmetic (extract/prove.py)."""
from __future__ import annotations

from decimal import Decimal

from budget_audit.extract.prove import assess, leading_total, level_footings
from corpus_docs import doc


def _rows(x, tid):
    c = x.cells[x.cells.table_id == tid]
    return c, {r.name: r.level for r in c.itertuples()}


def test_indentation_gives_the_expense_half_its_hierarchy():
    # zj_huzhou_wjw p.25-27 收支预算总表: the expense half prints names only, indented by level
    # (卫生健康支出 447751.87 > 公立医院 423742.34 > 综合医院 297228.43 in the PDF)
    x = doc("zj_huzhou_wjw_2026_dept_budget")
    cells, level = _rows(x, "income_expense_summary")
    assert (level["卫生健康支出"], level["公立医院"], level["综合医院"]) == ("1", "2", "3")
    assert level["一、财政拨款"] == "1" and level["一般公共预算"] == "2"
    checks = level_footings(cells)
    assert len(checks) >= 20 and all(c.ok for c in checks)
    assert x.tables["income_expense_summary"].structure == "verified"


def test_a_changed_amount_breaks_exactly_its_parent_footing():
    x = doc("zj_huzhou_wjw_2026_dept_budget")
    cells, _ = _rows(x, "income_expense_summary")
    cells = cells.copy()
    i = cells.index[cells.name == "综合医院"][0]
    cells.at[i, "value"] = cells.at[i, "value"] + Decimal("1.00")
    bad = [c for c in level_footings(cells) if not c.ok]
    assert [c.what.split(": ")[1] for c in bad] == ["公立医院"]


def test_a_total_row_on_top_of_its_items():
    # gd_shenzhen_zfbgt p.23 项目支出总表: 深圳市人民政府办公厅 727.67 over its eight projects
    x = doc("gd_shenzhen_zfbgt_2026_dept_budget")
    t = x.tables["project"]
    cells = x.cells[x.cells.table_id == "project"]
    assert leading_total(cells) and t.structure == "verified"
    changed = cells.copy()
    i = changed.index[(changed.name == "预算准备金") & (changed.column == "总计")][0]
    changed.at[i, "value"] = Decimal("22.79")
    assert leading_total(changed) == []  # no longer foots: no claim made
    # the row's own cross-footing (总计 = its funds) still catches the changed amount
    assert "1 处合计与明细不符" in assess(t, changed, x.unparsed[x.unparsed.table_id == "project"])[1]
