"""The rules on real disclosures of other templates (tests/corpus, extracted by the real
extractor): every error finding is pinned with the reason it is real; none other may appear."""
from decimal import Decimal as D
from pathlib import Path

import pytest
from corpus_docs import doc


EXPECTED_ERRORS = {
    # Jiangsu 高级人民法院 2019: 三公 table beside 会议费/培训费, changes by 类款项 -- all consistent
    "js_fy_2019_dept_budget": set(),
    # Shanghai 万里街道 2024: 元 tables, the 三公 table with a 机关运行经费 column -- consistent
    "sh_putuo_wanli_2024_dept_budget": set(),
    # Shanghai 规划资源 2024 决算: section 六 says 一般公共预算财政拨款基本支出 5377.64 (the
    # all-funds 基本支出 of the 支出决算表), the 一般公共预算 table totals 5364.75 (page 15)
    "sh_putuo_ghzy_2024_final": {
        ("NARR-AMOUNT", "一般公共预算财政拨款基本支出", D("5377.64"), D("5364.75")),
    },
    # Shanghai 司法局 2026 单位预算: the 行政运行 row prints 64,840,547.00 元 under 项目支出 (the
    # 司法 款 total, page 11), so 行政运行 and 司法 no longer add up, in both tables that carry it
    "sh_putuo_sfj_2026_unit_budget": {
        ("ARITH-CROSS-FOOT", "expense 2040601 行政运行 支出预算/合计"),
        ("ARITH-CROSS-FOOT", "gpb_function 2040601 行政运行 一般公共预算支出/合计"),
        ("ARITH-HIERARCHY", "expense 20406 司法 支出预算/项目支出"),
        ("ARITH-HIERARCHY", "gpb_function 20406 司法 一般公共预算支出/项目支出"),
    },
    # 西南大学 2023: 小学教育 14.33 + 8,201.15 + 0.50 + 1,430.03 = 9,646.01, printed 9,645.51
    # (the 0.50 事业收入 is confirmed by 普通教育's 事业收入 122,342.73), so 普通教育 differs too
    "swu_2023_dept_budget": {
        ("ARITH-CROSS-FOOT", "income 2050202 小学教育 收入合计"),
        ("ARITH-HIERARCHY", "income 20502 普通教育 收入合计"),
    },
}


@pytest.mark.parametrize("folder", sorted(EXPECTED_ERRORS))
def test_only_real_errors(folder):
    from budget_audit.rules import AuditInput, run_rules
    res = run_rules(AuditInput.of(doc(folder)))
    assert res.failures == []
    got = set()
    for c in res.findings:
        if c.severity != "error":
            continue
        full = (c.rule, c.subject, c.stated, c.expected)
        got.add(full if full in EXPECTED_ERRORS[folder] else (c.rule, c.subject))
    assert got == EXPECTED_ERRORS[folder]
