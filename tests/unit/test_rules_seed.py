"""The default document (seed text): its genuine inconsistencies, and nothing else, as errors."""
import copy
from decimal import Decimal as D

import pytest

from audit_seed import remove_table, replace_text, seed_input, set_cell
from budget_audit.rules import run_rules


@pytest.fixture(scope="module")
def result():
    return run_rules(seed_input())


def _key(c):
    return (c.rule, c.subject, c.stated, c.expected)


# Each pinned finding, with the reason it is real.
EXPECTED_ERRORS = {
    # 二、收入预算: "比 2023 年预算减少 2652.67 万元" – 2840.01 (2023, 绩效 dept form) − 2652.67 = 187.34
    ("NARR-CHANGE", "收入预算 增减额", D("-2652.67"), D("-187.34")),
    # 五(三): 一般公共服务支出 2535.67 against 2,535.37 in every table
    ("NARR-AMOUNT", "一般公共服务支出", D("2535.67"), D("2535.37")),
    # 五(三): 卫生健康支出 26.94 against 28.95
    ("NARR-AMOUNT", "卫生健康支出", D("26.94"), D("28.95")),
    # 五(三): 住房保障支出 39.15 against 58.43
    ("NARR-AMOUNT", "住房保障支出", D("39.15"), D("58.43")),
}
EXPECTED_WARNINGS = {
    # "一般公共服务支出…主要是用于事业运行" but 一般行政管理事务 2,242.36 is the largest item
    ("NARR-MAIN-USE", "一般公共服务支出 主要用于 事业运行", D("291.35"), D("2242.36")),
    # "卫生健康支出…主要是用于事业单位医疗" but 公务员医疗补助 17.81 > 事业单位医疗 11.14
    ("NARR-MAIN-USE", "卫生健康支出 主要用于 事业单位医疗", D("11.14"), D("17.81")),
}


def test_errors_are_exactly_the_genuine_ones(result):
    errors = {_key(c) for c in result.findings if c.severity == "error"}
    assert errors == EXPECTED_ERRORS


def test_warnings(result):
    warnings = {_key(c) for c in result.findings if c.severity == "warning"}
    assert warnings == EXPECTED_WARNINGS


def test_infos(result):
    infos = [c for c in result.findings if c.severity == "info"]
    rules = sorted({c.rule for c in infos})
    # 。。 after "下降 6.6%"; <p>/<input> leftovers in the 绩效 forms; the 指标分值权重 of each
    # of the three project forms add up to 80 against 指标权重比例 100.  Not an error: the
    # 100 is the weight of 年度绩效目标1 among the targets (there is one), and the template
    # leaves 20 points to 决策/过程 indicators the form does not list -- the same 80 in all
    # three forms says it is the template, not a slip.  So info only.  (The satisfaction row
    # of the last form is shifted one cell left by a merged cell; its weight still counts.)
    assert rules == ["PERF-WEIGHTS", "TEXT-DOUBLE-PUNCT", "TEXT-MARKUP"]
    dp = [c for c in infos if c.rule == "TEXT-DOUBLE-PUNCT"]
    assert len(dp) == 1 and "6.6%。。" in dp[0].evidence
    weights = sorted(c.expected for c in infos if c.rule == "PERF-WEIGHTS")
    assert weights == [80, 80, 80] and all(c.stated == 100 for c in infos if c.rule == "PERF-WEIGHTS")


def _passed(result, rule, subject):
    return [c for c in result.checks if c.passed and c.rule == rule and c.subject == subject]


@pytest.mark.parametrize("rule,subject,stated", [
    ("NARR-SHARE", "基本支出 占比", D("15.4")),
    ("NARR-SHARE", "项目支出 占比", D("84.6")),
    ("NARR-CHANGE", "机关运行经费 增减率（由增减额推算上年 44.69）", D("-24.4")),
    ("NARR-CHANGE", "预算中纳入政府采购预算支出 增减率（由增减额推算上年 1199.64）", D("-12.4")),
    ("NARR-CHANGE", "收支总预算 增减额", D("-187.34")),
    ("NARR-CHANGE", "收支总预算 增减率", D("-6.6")),
    ("NARR-CHANGE", "收入预算 增减率", D("-6.6")),
    ("NARR-COUNT", "江汉区大数据中心共有编制数 = 各分项之和", D("21")),
    ("NARR-COUNT", "在职人员实有数 = 各分项之和", D("15")),
    ("TIE-ADMIN-RUNNING", "机关运行经费 = 公用经费", D("33.79")),
    ("NARR-PARTS", "政府采购 = 货物 + 工程 + 服务", D("1050.33")),
])
def test_consistent_figures_pass(result, rule, subject, stated):
    got = _passed(result, rule, subject)
    assert got and all(c.stated == stated for c in got), [
        (c.rule, c.subject) for c in result.checks if c.rule == rule]


def test_all_footings_pass(result):
    arith = [c for c in result.checks if c.rule.startswith("ARITH-")]
    assert len(arith) > 150 and all(c.passed for c in arith)
    tables = {c.table for c in arith}
    assert {"expense", "gpb_function", "gpb_basic", "gpb_by_unit", "income", "project",
            "procurement", "income_expense_summary", "fiscal_summary"} <= tables


def test_every_rule_ran_some_check(result):
    ran = {c.rule for c in result.checks}
    assert {"TIE-TOTALS", "TIE-FUNCTION-CLASS", "TIE-ECON-FUNCTION", "TIE-THREE-PUBLIC",
            "TIE-THREE-PUBLIC-ECON", "TIE-PROJECT", "TIE-PROCUREMENT", "PERF-PROJECT-AMOUNT",
            "PERF-PROCUREMENT-PLAN", "PERF-DEPT-FORM", "COMP-TABLES", "COMP-EMPTY-NOTE",
            "COMP-SECTIONS"} <= ran


def test_summary_counts(result):
    s = result.summary()
    assert s["error"] == 4 and s["warning"] == 2
    assert s["checks_run"] == len(result.checks)
    assert s["checks_passed"] + s["error"] + s["warning"] + s["info"] == s["checks_run"]


# -- defect injection: one defect each must produce its finding ------------------------------

def _errors(ai):
    """Every place of every error finding (a finding of one cause lists all its places)."""
    return {(p.rule, p.subject) for c in run_rules(ai).findings if c.severity == "error"
            for p in (c.places or [c])}


def _new_findings(ai):
    base = {(c.rule, c.subject) for c in run_rules(seed_input()).findings}
    return [c for c in run_rules(ai).findings if (c.rule, c.subject) not in base]


def test_one_changed_cell_is_one_finding_listing_each_sum_it_breaks():
    # 事业单位医疗 misprinted: its row's cross-foot and its parent 行政事业单位医疗 both miss by 1.00
    ai = set_cell(seed_input(), "gpb_function", "2101102", "合计", "12.14")
    new = _new_findings(ai)
    assert len(new) == 1 and new[0].severity == "error"
    assert [(p.rule, p.row) for p in new[0].places] == [
        ("ARITH-CROSS-FOOT", "2101102 事业单位医疗"), ("ARITH-HIERARCHY", "21011 行政事业单位医疗")]
    assert run_rules(ai).summary()["error"] == len(EXPECTED_ERRORS) + 1


def test_a_sentence_read_twice_is_one_finding():
    twice = copy.deepcopy(seed_input())
    twice.narrative = twice.narrative + twice.narrative
    res = run_rules(twice)
    assert res.summary()["error"] == len(EXPECTED_ERRORS)
    assert all(len(c.places) == 2 for c in res.findings if c.rule.startswith("NARR-")
               and c.severity == "error")


BASE = {(r, s) for r, s, _, _ in EXPECTED_ERRORS}


def test_changed_table_cell_in_function_table():
    ai = set_cell(seed_input(), "gpb_function", "2101102", "合计", "12.14")
    new = _errors(ai) - BASE
    assert ("ARITH-HIERARCHY", "gpb_function 21011 行政事业单位医疗 合计") in new
    assert ("ARITH-CROSS-FOOT", "gpb_function 2101102 事业单位医疗 合计") in new


def test_changed_basic_table_cell():
    ai = set_cell(seed_input(), "gpb_basic", "30201", "本年一般公共预算基本支出/公用经费", "9.76")
    new = _errors(ai) - BASE
    assert any(r == "ARITH-HIERARCHY" and "302" in s for r, s in new)
    assert any(r == "ARITH-CROSS-FOOT" and "30201" in s for r, s in new)


def test_changed_total_breaks_ties():
    ai = set_cell(seed_input(), "gpb_by_unit", "合计", "基本支出/公用经费", "43.79")
    new = _errors(ai) - BASE
    assert ("TIE-TOTALS", "分单位表 公用经费 = 分功能科目表") in new


def test_changed_narrative_amount():
    ai = replace_text(seed_input(), "社会保障和就业支出 29.92 万元，主要", "社会保障和就业支出 39.92 万元，主要")
    new = _errors(ai) - BASE
    assert new == {("NARR-AMOUNT", "社会保障和就业支出")}


def test_changed_percentage():
    ai = replace_text(seed_input(), "基本支出 408.65 万元,占 15.4%,其中", "基本支出 408.65 万元,占 16.4%,其中")
    new = _errors(ai) - BASE
    assert new == {("NARR-SHARE", "基本支出 占比")}


def test_changed_change_percent_within_sentence():
    ai = replace_text(seed_input(), "下降 24.4%", "下降 20.4%")
    new = _errors(ai) - BASE
    assert new == {("NARR-CHANGE", "机关运行经费 增减率（由增减额推算上年 44.69）")}


def test_removed_table():
    ai = remove_table(seed_input(), "gpb_basic")
    res = run_rules(ai)
    comp = [c for c in res.findings if c.rule == "COMP-TABLES"]
    assert [(c.table, c.severity) for c in comp] == [("gpb_basic", "warning")]
    # nothing else turns into an error for want of the table
    assert {(c.rule, c.subject) for c in res.findings if c.severity == "error"} == BASE


def test_changed_count():
    ai = replace_text(seed_input(), "事业人员编制 21 人", "事业人员编制 22 人")
    new = _errors(ai) - BASE
    assert new == {("NARR-COUNT", "江汉区大数据中心共有编制数 = 各分项之和")}


def test_changed_three_public():
    ai = set_cell(seed_input(), "three_public", "", "公务用车购置及运行费/公务用车运行费", "2.00")
    new = _errors(ai) - BASE
    assert ("TIE-THREE-PUBLIC", "公务用车 = 购置 + 运行") in new
    assert ("TIE-THREE-PUBLIC-ECON", "基本支出 30231 ≤ 三公 公务用车运行费") in new


def test_changed_project_form_amount():
    df = seed_input()
    cells = df.cells
    m = (cells.table_id == "perf_project#2") & (cells.raw == "1.66万元")
    idx = cells.index[m][0]
    cells.at[idx, "raw"] = "1.76万元"
    new = _errors(df) - BASE
    assert ("PERF-PROJECT-AMOUNT", "党建工作经费 项目当年预算 = 项目支出表") in new


def test_changed_prior_year_makes_change_a_warning_when_sentence_is_self_consistent():
    # the 绩效 form's 2023 total is another base: a sentence that agrees with itself is
    # only a warning against it, never an error
    ai = seed_input()
    cells = ai.cells
    m = (cells.table_id == "perf_dept") & (cells.raw == "2840.01")
    for idx in cells.index[m]:
        cells.at[idx, "raw"] = "2850.01"
        cells.at[idx, "value"] = D("2850.01")
    res = run_rules(ai)
    errs = {(c.rule, c.subject) for c in res.findings if c.severity == "error"}
    assert ("NARR-CHANGE", "支出预算 增减额") not in errs
    warns = {(c.rule, c.subject) for c in res.findings if c.severity == "warning"}
    assert ("NARR-CHANGE", "支出预算 增减额") in warns


def test_changed_percent_against_the_documents_prior():
    # 187.34 agrees with the 绩效 form's 2023 total, so that is the base: 7.6% is an error
    ai = replace_text(seed_input(), "减少 187.34 万元,下降 6.6%,变动", "减少 187.34 万元,下降 7.6%,变动")
    new = _errors(ai) - BASE
    assert new == {("NARR-CHANGE", "收支总预算 增减率")}


def test_change_without_percent_is_only_a_warning_against_the_form():
    # nothing in the sentence confirms the 绩效 form's 2023 total as its base
    ai = replace_text(seed_input(), "减少 2652.67 万元,下降 6.6%。", "减少 2652.67 万元。")
    res = run_rules(ai)
    assert ("NARR-CHANGE", "收入预算 增减额") not in {(c.rule, c.subject) for c in res.findings
                                                    if c.severity == "error"}
    assert ("NARR-CHANGE", "收入预算 增减额") in {(c.rule, c.subject) for c in res.findings
                                                if c.severity == "warning"}
