import pytest

from budget_audit.tablemap import TABLE_IDS, match_title, normalize_title, table_specs


@pytest.mark.parametrize("title,tid", [
    ("2024年收支预算总表", "income_expense_summary"),
    ("2025年部门财务收支预算总表", "income_expense_summary"),
    ("表 1：高等学校收支决算总表", "income_expense_summary"),
    ("收入支出决算总表", "income_expense_summary"),
    ("2024年收入预算总表", "income"), ("西南大学收入预算表", "income"), ("收入决算表", "income"),
    ("2024年支出预算总表", "expense"), ("表3：高等学校支出决算表", "expense"),
    ("财政拨款收支预算总表", "fiscal_summary"), ("财政拨款收入支出决算总表", "fiscal_summary"),
    ("财政拨款支出预算表（功能科目）", "fiscal_expense"), ("西南大学财政拨款支出预算表", "fiscal_expense"),
    ("表 4：高等学校财政拨款支出决算表", "fiscal_expense"),
    ("财政拨款基本支出预算表（经济科目）", "fiscal_basic"),
    ("2024年一般公共预算支出表(分功能科目)", "gpb_function"),
    ("2026年部门一般公共预算支出功能分类预算表", "gpb_function"),
    ("一般公共预算支出预算表（功能科目）", "gpb_function"),
    ("一般公共预算财政拨款支出决算表", "gpb_function"),
    ("2024年一般公共预算支出表（分单位）", "gpb_by_unit"),
    ("2024年一般公共预算基本支出表", "gpb_basic"),
    ("2025年预算单位一般公共预算基本支出部门预算经济分类预算表", "gpb_basic"),
    ("一般公共预算财政拨款基本支出决算表", "gpb_basic"),
    ("2024年一般公共预算“三公”经费支出表", "three_public"),
    ('2024年一般公共预算"三公"经费支出表', "three_public"),
    ("2026年单位“三公”经费和机关运行经费预算表", "three_public"),
    ("“三公”经费、会议费、培训费支出预算表", "three_public"),
    ("财政拨款“三公”经费支出决算表", "three_public"),
    ("一般公共预算机关运行经费支出预算表", "admin_running"),
    ("2024年政府性基金预算支出表", "gov_fund"), ("财政拨款政府性基金支出预算表", "gov_fund"),
    ("政府性基金预算财政拨款收入支出决算表", "gov_fund"),
    ("2024年国有资本经营预算支出表", "soe_capital"), ("国有资本经营预算财政拨款收入支出决算表", "soe_capital"),
    ("2024年项目支出预算表", "project"),
    ("2019年政府采购预算表", "procurement"), ("政府采购支出预算表", "procurement"),
    ("2024年政府向社会力量购买服务预算表", "purchase_service"),
    ("2024年江汉区部门（单位）整体绩效目标申报表", "perf_dept"),
    ("2024年江汉区部门整体绩效目标申报表", "perf_dept"),
    ("2024年江汉区项目支出(绩效目标)申报表", "perf_project"),
    ("236中央高校教育教学改革专项项目绩效目标表", "perf_project"),
    ("财政项目支出绩效目标填报表", "perf_project"),
    ("长期绩效目标表", None), ("年度绩效目标表", None), ("第二部分 预算情况说明", None),
])
def test_titles(title, tid):
    assert match_title(title) == tid


def test_normalize():
    assert normalize_title(" 2024 年 “三公” (分单位) ") == "2024年三公（分单位）"


def test_ids_and_kinds():
    specs = table_specs()
    for tid in ["income_expense_summary", "income", "expense", "fiscal_summary", "fiscal_expense", "fiscal_basic",
                "gpb_function", "gpb_by_unit", "gpb_basic", "three_public", "admin_running", "gov_fund",
                "soe_capital", "project", "procurement", "purchase_service", "perf_dept", "perf_project"]:
        assert tid in TABLE_IDS
        assert specs[tid].kind in ("budget", "final", "both")
    assert specs["perf_project"].multi and specs["perf_project"].form
