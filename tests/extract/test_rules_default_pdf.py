"""The rules on the real extraction of the default document (the PDF in data/raw), end to end.

Same genuine findings as on the seed text; the doubled 。。 is absent because the narrative
builder drops a sentence that is only punctuation."""
from decimal import Decimal as D
from pathlib import Path

import pytest

PDF = Path(__file__).resolve().parents[2] / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


@pytest.fixture(scope="module")
def result():
    from budget_audit import extract
    from budget_audit.rules import AuditInput, run_rules
    return run_rules(AuditInput.of(extract.extract_document(PDF)))


def test_errors_on_the_real_pdf(result):
    errors = {(c.rule, c.subject, c.stated, c.expected) for c in result.findings
              if c.severity == "error"}
    assert errors == {
        ("NARR-CHANGE", "收入预算 增减额", D("-2652.67"), D("-187.34")),
        ("NARR-AMOUNT", "一般公共服务支出", D("2535.67"), D("2535.37")),
        ("NARR-AMOUNT", "卫生健康支出", D("26.94"), D("28.95")),
        ("NARR-AMOUNT", "住房保障支出", D("39.15"), D("58.43")),
    }


def test_warnings_and_passes_on_the_real_pdf(result):
    assert sorted(c.subject for c in result.findings if c.severity == "warning") == [
        "一般公共服务支出 主要用于 事业运行", "卫生健康支出 主要用于 事业单位医疗"]
    passed = {(c.rule, c.subject) for c in result.checks if c.passed}
    assert ("NARR-SHARE", "基本支出 占比") in passed
    assert ("NARR-CHANGE", "收支总预算 增减率") in passed
    assert ("PERF-PROJECT-AMOUNT", "监督员政府购岗费 项目当年预算 = 项目支出表") in passed
    # every table-arithmetic check on the real cells passes
    assert all(c.passed for c in result.checks if c.rule.startswith("ARITH-"))
    # findings about table cells carry the cell's page and box for the report's crops
    cell_checks = [c for c in result.checks if c.rule.startswith("ARITH-")]
    assert cell_checks and all(c.page and c.bbox for c in cell_checks)
