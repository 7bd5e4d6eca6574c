"""A 收支总表 reading is proved half against half: 收入总计 = 支出总计 (extract/prove.py)."""
from decimal import Decimal as D

import pandas as pd

from budget_audit.extract.prove import balanced_halves


def _cells(income_total: str, expense_total: str) -> pd.DataFrame:
    rows = [(0, "收入/预算数", "一、一般公共预算资金", "5131.706333"),
            (1, "收入/预算数", "上年结转结余", "2.031158"),
            (1, "支出/预算数", "十二、农林水支出", "5133.737491"),
            (2, "收入/预算数", "收 入 总 计", income_total),
            (2, "支出/预算数", "支出总计", expense_total)]
    return pd.DataFrame([{"row": r, "column": c, "name": n, "value": D(v), "decimals": 6}
                         for r, c, n, v in rows])


def test_totals_that_balance_hold():
    checks = balanced_halves(_cells("5133.737491", "5133.737491"))
    assert [(c.row, c.ok) for c in checks] == [(2, True)]


def test_totals_that_differ_fail_beyond_the_printed_rounding():
    # printed to 6 decimals: two roundings of one amount differ by at most 0.000001
    assert balanced_halves(_cells("5133.737491", "5133.737492"))[0].ok
    assert not balanced_halves(_cells("5131.706333", "5133.737491"))[0].ok


def test_a_table_with_one_half_only_has_no_such_check():
    cells = _cells("1", "1")
    assert balanced_halves(cells[cells["column"] == "收入/预算数"]) == []
