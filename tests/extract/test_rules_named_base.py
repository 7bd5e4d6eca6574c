"""A base the sentence names is the base; whether last year's document agrees is a separate,
cross-year matter (YEAR-NAMED-BASE), never an amount error.  On the 万里街道 budgets of
tests/corpus: 2024 says 财政拨款收入 15621.11 万元 "比2023年预算减少876.75万元", and the 2023
budget's income total is 16497.86 万元 (16497.86 − 15621.11 = 876.75)."""
from decimal import Decimal as D

from budget_audit.rules import AuditInput, run_rules
from corpus_docs import doc, replace_text

WANLI = {y: f"sh_putuo_wanli_{y}_dept_budget" for y in (2023, 2024)}
SAID = "财政拨款收入15621.11万元，比2023年预算减少876.75万元"
RULES = ["YEAR-PRIOR-TIE", "YEAR-NAMED-BASE", "NARR-CHANGE"]


def _run(text):
    ai = AuditInput.of(replace_text(doc(WANLI[2024]), SAID, text))
    ai.prior = doc(WANLI[2023])
    return run_rules(ai, RULES)


def test_named_base_that_ties_to_last_year_passes():
    res = _run("财政拨款收入15621.11万元，比2023年预算数16497.86万元减少876.75万元")
    mine = [c for c in res.checks if c.rule == "YEAR-NAMED-BASE"]
    assert [(c.passed, c.stated, c.expected) for c in mine] == [(True, D("16497.86"), D("16497.86"))]
    assert not res.findings


def test_named_base_that_differs_is_one_cross_year_warning_not_an_amount_error():
    # the sentence is right about its own base (16600.00 − 15621.11 = 978.89), and that base
    # is not what the 2023 budget printed: a warning of its own, no error anywhere
    res = _run("财政拨款收入15621.11万元，比2023年预算数16600.00万元减少978.89万元")
    assert [(f.rule, f.severity, f.stated, f.expected) for f in res.findings] == [
        ("YEAR-NAMED-BASE", "warning", D("16600.00"), D("16497.86"))]
    assert "2023年预算" in res.findings[0].message


def test_change_wrong_against_its_named_base_is_judged_against_that_base():
    # 16600.00 − 15621.11 = 978.89, not 876.75: NARR-CHANGE's error, against the named base
    res = _run("财政拨款收入15621.11万元，比2023年预算数16600.00万元减少876.75万元")
    assert sorted((f.rule, f.severity) for f in res.findings) == [
        ("NARR-CHANGE", "error"), ("YEAR-NAMED-BASE", "warning")]
    err = next(f for f in res.findings if f.rule == "NARR-CHANGE")
    assert err.expected == D("-978.89") and "16600.00" in err.message


def test_last_years_opening_budget_is_last_years_budget_document():
    # in a budget, 上年年初预算数 is what last year's budget printed
    res = _run("财政拨款收入15621.11万元，比上年年初预算数16600.00万元减少978.89万元")
    assert [(f.rule, f.severity, f.expected) for f in res.findings] == [
        ("YEAR-NAMED-BASE", "warning", D("16497.86"))]


def test_a_base_last_year_does_not_print_is_not_compared():
    # 执行数 is a figure of last year's final accounts, not of its budget
    res = _run("财政拨款收入15621.11万元，比2023年执行数16600.00万元减少978.89万元")
    assert not [c for c in res.checks if c.rule in ("YEAR-NAMED-BASE", "YEAR-PRIOR-TIE")
                and c.subject.startswith("财政拨款收入")]
    assert not res.findings
