"""The rules on every real disclosure of the corpus (tests/corpus, extracted by the real
extractor): every error finding is pinned with the reason it is real in the published PDF
(checked by hand, page given); none other may appear.  docs/corpus-errors.md lists them."""
from decimal import Decimal as D

import pytest
from corpus_docs import corpus_folders, doc

from budget_audit.errors import BadInput
from budget_audit.findings import build_findings
from budget_audit.rules import AuditInput, run_rules

# An amount error is (rule, subject, stated, expected); a table-arithmetic error is (rule,
# subject, every other place of the same cause).
EXPECTED_ERRORS = {
    # Shanghai 规划资源 2024 决算: section 六 (p.24) says 一般公共预算财政拨款基本支出 5377.64; the
    # 一般公共预算财政拨款支出决算表 totals 基本支出 5364.75 (p.15)
    "sh_putuo_ghzy_2024_final": {
        ("NARR-AMOUNT", "一般公共预算财政拨款基本支出", D("5377.64"), D("5364.75")),
    },
    # Shanghai 司法局 2026 单位预算: 行政运行 prints 64,840,547.00 元 under 项目支出 (the 司法 款
    # total; p.11 and p.14), so its row no longer adds up and 司法 no longer sums its 项, in both
    # tables that carry it -- one misprint per table, each found by its row and its column
    "sh_putuo_sfj_2026_unit_budget": {
        ("ARITH-CROSS-FOOT", "expense 2040601 行政运行 支出预算/合计",
         "expense 20406 司法 支出预算/项目支出"),
        ("ARITH-CROSS-FOOT", "gpb_function 2040601 行政运行 一般公共预算支出/合计",
         "gpb_function 20406 司法 一般公共预算支出/项目支出"),
    },
    # 西南大学 2023 (p.8): 小学教育 14.33 + 8,201.15 + 0.50 + 1,430.03 = 9,646.01, printed 9,645.51
    # (the 0.50 事业收入 is confirmed by 普通教育's 事业收入), so 普通教育 differs by the same 0.50
    "swu_2023_dept_budget": {
        ("ARITH-CROSS-FOOT", "income 2050202 小学教育 收入合计", "income 20502 普通教育 收入合计"),
    },
    # 杭州市交通运输局 2026: the 收支预算总表 (p.22) prints 一般公共服务支出 6651.38 although its own
    # lines 1.98 + 6,700.00 make 6,701.98, the figure of the narrative (p.6) and the 支出预算总表
    "zj_hangzhou_jtysj_2026_dept_budget": {
        ("NARR-AMOUNT", "一般公共服务支出", D("6701.98"), D("6651.38")),
    },
    # 湖州市交通运输局 2026: the narrative (p.7) gives 财政拨款收支总预算 192207.76 (52244.36 +
    # 139963.40); the 财政拨款收支预算总表 prints 收入总计 42673.03 (p.29)
    "zj_huzhou_jtysj_2026_dept_budget": {
        ("NARR-AMOUNT", "湖州市交通运输局财政拨款收支总预算", D("192207.76"), D("42673.03")),
    },
    # 湖州市卫生健康委员会 2026: the narrative (p.8) gives 财政拨款收支总预算 64618.75 (37018.75 +
    # 27600.00); the 财政拨款收支预算总表 prints 收入总计 38191.21 (p.35)
    "zj_huzhou_wjw_2026_dept_budget": {
        ("NARR-AMOUNT", "湖州市卫生健康委员会财政拨款收支总预算", D("64618.75"), D("38191.21")),
    },
}


def _key(c):
    if c.rule.startswith("ARITH-"):
        return (c.rule, c.subject, *(p.subject for p in c.places[1:]))
    return (c.rule, c.subject, c.stated, c.expected)


@pytest.mark.parametrize("folder", corpus_folders())
def test_only_real_errors_and_no_clean_verdict_on_what_was_not_read(folder):
    try:
        ex = doc(folder)
    except BadInput as exc:
        # nothing budget-like read (scanned, or tables the extractor cannot find): the audit
        # stops with a bad-input status and a reason, never with a verdict
        assert str(exc)
        return
    res = run_rules(AuditInput.of(ex))
    assert res.failures == []
    assert {_key(c) for c in res.findings if c.severity == "error"} == EXPECTED_ERRORS.get(folder, set())
    summary = build_findings(res, ex.meta, ex)["summary"]
    unverified = [t for t in ex.inventory() if t["structure"] != "verified"]
    if unverified or not ex.tables:
        assert summary["verdict"] == "incomplete"
    if summary["verdict"] == "clean":
        cov = summary["coverage"]
        assert cov["tables_verified"] == cov["tables_present"] == cov["tables_found"] > 0
        assert cov["cells_parsed"] > 0
