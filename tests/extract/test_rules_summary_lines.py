"""The 收支总表-type tables are read by their lines: the current-year 一般公共预算 line is the
one the ties compare, never its namesake under 上年结转结余 (real corpus PDFs)."""
import pytest
from corpus_docs import doc

from budget_audit.rules import AuditInput, run_rules

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
