"""The 收支总表-type tables are read by their lines: the current-year 一般公共预算 line is the
one the ties compare, never its namesake under 上年结转结余 (real corpus PDFs)."""
import pytest

from budget_audit.rules import AuditInput, run_rules
from corpus_docs import doc

# Beijing 2026 部门预算 (预算04表): the 收入 half names the current year 一、一般公共预算资金 and
# lists 一、一般公共预算拨款 again under 上年结转结余 (last year's carry-over, a smaller amount)
CURRENT_NAMED_ZIJIN = ["bj_sdlw_2026_dept_budget_tables", "bj_zwsj_2026_dept_budget_tables"]


@pytest.mark.parametrize("folder", CURRENT_NAMED_ZIJIN)
def test_fiscal_summary_tie_reads_the_current_year_line(folder):
    res = run_rules(AuditInput.of(doc(folder)), ["TIE-TOTALS"])
    tie = [c for c in res.checks if c.subject == "财政拨款收支总表一般公共预算拨款 = 收支总表"]
    assert len(tie) == 1
    assert tie[0].row == "一、一般公共预算资金"
    assert tie[0].passed and tie[0].stated == tie[0].expected


# Shenzhen 民政局 2026 (p.18, p.27): 收入总计 28,283.46 = 本年收入合计 28,097.48 + 上年结余、结转
# 185.98, printed over its numbered lines 1.一般公共预算拨款结余、结转 185.98, 2. … 0.00, 3. … 0.00
def test_carry_over_printed_over_its_lines_is_counted_once():
    res = run_rules(AuditInput.of(doc("gd_shenzhen_mzj_2026_dept_budget")), ["ARITH-SUMMARY-BALANCE"])
    grand = [c for c in res.checks if c.subject.endswith(" 收入总计")]
    assert {c.table for c in grand} == {"income_expense_summary", "fiscal_summary"}
    assert all(c.passed and c.stated == c.expected for c in grand)
