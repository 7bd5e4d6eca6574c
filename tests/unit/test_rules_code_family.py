"""rules.codes._family: a list of unit codes (201 → 201001, 201002) is not a 功能 subject table."""
import pandas as pd

from budget_audit.rules.codes import _family
from budget_audit.tableview import TableView


def _view(rows):
    return TableView("t", pd.DataFrame([{"row": i, "code": c, "name": n, "column": "合计", "value": "1"}
                                        for i, (c, n) in enumerate(rows)]))


def test_unit_codes_are_not_subject_codes():
    units = _view([("201", "中共西安市委宣传部"), ("201001", "中共西安市委宣传部"),
                   ("201002", "中共西安市委理论讲师团")])
    assert _family(units) is None


def test_function_and_economic_codes_keep_their_family():
    assert _family(_view([("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行")])) == "function"
    assert _family(_view([("301", "工资福利支出"), ("30101", "基本工资"), ("302", "商品和服务支出")])) == "economic"
