"""决算 (final accounts) rules on the corpus 决算 PDFs of tests/corpus, extracted by the real
extractor: FINAL-DIRECTION, FINAL-THREE-PUBLIC, FINAL-CARRYOVER.

Findings on the real documents, each checked by hand against ``pdftotext -layout``:

* 规划资源局 2024 (sh_putuo_ghzy_2024_final), PDF page 21: "年初预算为 10210.34 万元，支出决算为 9746.50
  万元，完成年初预算的 95.45%": 9746.50 / 10210.34 = 95.4572 %, 95.46 % rounded; the document
  truncated.  An info (one unit of the last printed decimal), not an error.
* 社会工作部 2024 (sh_putuo_shgzb_2024_final), PDF page 18: "年初预算为 0 万元，全年预算为 321.02 万元，支出
  决算为 307.82 万元，完成年初预算的 95.89%": with a 年初预算 of 0 no completion of it exists;
  307.82 / 321.02 = 95.89 % is the completion of the 全年预算.  A genuine wording error, graded
  a warning (the figure itself is right, only its base is mislabelled).

No error finding on any of the four documents.  Every other check passes: e.g. ghzy's 三公
table (PDF page 17) prints 预算数 2.85 / 决算数 0.39 for the total and 公务接待费, which the narrative
(page 25) states, "完成预算的 13.68%" = 0.39 / 2.85; its 收入支出决算总表 (page 7) 112.88 + 9746.50 −
9759.38 = 100.00 年末结转和结余; 西南大学 2024 表1: 106,700.90 + 477,447.73 + 24,990.38 −
481,483.46 − 4,335.69 = 123,319.86.
"""
import copy
from decimal import Decimal as D

import pytest

from budget_audit.rules import AuditInput, run_rules
from corpus_docs import doc, set_cell
from corpus_docs import replace_text as _replace

FINAL_RULES = ["FINAL-DIRECTION", "FINAL-THREE-PUBLIC", "FINAL-CARRYOVER"]
GHZY, SHGZB = "sh_putuo_ghzy_2024_final", "sh_putuo_shgzb_2024_final"





def replace_text_once(x, old, new):
    return _replace(x, old, new, count=1)


def final_checks(x):
    res = run_rules(AuditInput.of(x), FINAL_RULES)
    assert res.failures == []
    return res.checks


def failed(checks):
    return sorted((c.severity, c.rule, c.subject, c.stated, c.expected)
                  for c in checks if not c.passed)


# -- the real documents --------------------------------------------------------------------------

EXPECTED = {
    GHZY: [("info", "FINAL-DIRECTION", "一般公共预算财政拨款支出 完成年初预算比例", D("95.45"),
            D("95.46"))],
    SHGZB: [("warning", "FINAL-DIRECTION", "一般公共预算财政拨款支出 完成预算比例的基数", D("95.89"),
             None)],
    "swu_2023_final": [],
    "swu_2024_final": [],
}


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_only_pinned_findings(folder):
    x = doc(folder)
    assert x.meta["kind"] == "final"
    checks = final_checks(x)
    assert failed(checks) == EXPECTED[folder]
    # and no error from any rule of this module when everything runs together
    res = run_rules(AuditInput.of(x))
    assert not [c for c in res.findings if c.rule in FINAL_RULES and c.severity == "error"]


def test_ghzy_checks_that_pass():
    checks = final_checks(doc(GHZY))
    by = {}
    for c in checks:
        by.setdefault(c.rule, []).append(c)
    # 13 items with 年初预算 / 决算 / 完成% / 决算数小于(同)预算数, plus the total: 28 checks
    assert sum(c.passed for c in by["FINAL-DIRECTION"]) >= 25
    tp = {(c.subject, c.stated) for c in by["FINAL-THREE-PUBLIC"] if c.passed}
    assert ("“三公”经费 预算数", D("2.85")) in tp
    assert ("“三公”经费 决算数", D("0.39")) in tp
    assert ("公务接待费 完成预算比例", D("13.68")) in tp
    assert ("“三公”经费 决算与预算方向", D("0.39")) in tp
    carry = {c.subject: c for c in by["FINAL-CARRYOVER"]}
    ies = carry["income_expense_summary 全部资金 年初结转结余 + 收入 − 支出 = 年末结转结余"]
    assert ies.passed and ies.stated == D("100.00") and ies.expected == D("100.00")
    assert carry["fiscal_summary 一般公共预算财政拨款 年初结转结余 + 收入 − 支出 = 年末结转结余"].passed


def test_swu_carryover_with_non_fiscal_surplus_and_distribution():
    for folder, end in (("swu_2023_final", D("106848.91")), ("swu_2024_final", D("123319.86"))):
        carry = [c for c in final_checks(doc(folder)) if c.rule == "FINAL-CARRYOVER"]
        assert len(carry) == 1 and carry[0].passed and carry[0].stated == end


def test_budget_documents_are_left_alone():
    folder = "sh_putuo_wanli_2024_dept_budget"
    assert final_checks(doc(folder)) == []


# -- defects: one each, on copies of the real extraction -------------------------------------------



def _add_sentence(x, text):
    y = copy.copy(x)
    y.narrative = copy.deepcopy(x.narrative) + [
        {"title": "（四）测试", "level": 3, "sentences": [{"text": text, "page": 99}]}]
    return y




def errors(x, rule):
    return [c for c in final_checks(x) if c.rule == rule and not c.passed
            and c.severity == "error"]


def test_defect_direction_word():
    # item 3: 年初预算 452.40, 决算 446.11 -- "小于" made "大于"
    x = replace_text_once(doc(GHZY), "决算数小于预算数的主要原因：机构改革人员变动",
                      "决算数大于预算数的主要原因：机构改革人员变动")
    errs = errors(x, "FINAL-DIRECTION")
    assert [(c.stated, c.expected) for c in errs] == [(D("446.11"), D("452.40"))]
    assert "大于" in errs[0].message


def test_defect_flat_but_different():
    x = replace_text_once(doc(GHZY), "年初预算为54.53万元", "年初预算为56.53万元")
    errs = errors(x, "FINAL-DIRECTION")
    # 54.53 / 56.53 breaks both the "持平" and the "完成年初预算的100.00%"
    assert sorted(c.subject.split(" ")[-1] for c in errs) == ["决算与年初预算方向", "完成年初预算比例"]


def test_defect_completion_percent():
    x = replace_text_once(doc(GHZY), "完成年初预算的98.61%", "完成年初预算的96.81%")
    errs = errors(x, "FINAL-DIRECTION")
    assert [(c.stated, c.expected) for c in errs] == [(D("96.81"), D("98.61"))]


def test_stated_difference_and_percent():
    ok = _add_sentence(doc(GHZY), "基本支出年初预算为10210.34万元，决算数为9746.50万元，"
                                  "比年初预算减少463.84万元，下降4.54%。")
    mine = [c for c in final_checks(ok) if c.page == 99]
    assert len(mine) == 2 and all(c.passed for c in mine)
    bad = _add_sentence(doc(GHZY), "基本支出年初预算为10210.34万元，决算数为9746.50万元，"
                                   "比年初预算增加463.84万元，下降5.54%。")
    errs = [c for c in errors(bad, "FINAL-DIRECTION") if c.page == 99]
    assert [(c.stated, c.expected) for c in errs] == [(D("463.84"), D("-463.84")),
                                                     (D("-5.54"), D("-4.54"))]


def test_defect_three_public_amount():
    x = replace_text_once(doc(GHZY), "公务接待费支出决算为0.39万元，完成预算的13.68%",
                      "公务接待费支出决算为0.93万元，完成预算的13.68%")
    errs = errors(x, "FINAL-THREE-PUBLIC")
    assert [(c.subject, c.stated, c.expected) for c in errs] == [
        ("公务接待费 决算数", D("0.93"), D("0.39"))]


def test_defect_three_public_table():
    x = set_cell(doc(GHZY), "three_public", "合计/预算数", "0.30")
    bad = sorted((c.severity, c.subject) for c in final_checks(x)
                 if c.rule == "FINAL-THREE-PUBLIC" and not c.passed)
    # "决算数小于预算数" no longer holds (0.39 > 0.30): an error; the narrative's "年初预算为 2.85"
    # against the table's 预算数 0.30 is a warning (a 决算 table's 预算数 may be the adjusted
    # budget); "完成预算的 13.68%" still fits the narrative's own 0.39 / 2.85
    assert bad == [("error", "“三公”经费 决算与预算方向"), ("warning", "“三公”经费 预算数")]


def test_defect_carryover_summary():
    x = set_cell(doc(GHZY), "income_expense_summary", "支出", "110.00", name="年末结转和结余")
    errs = errors(x, "FINAL-CARRYOVER")
    assert [(c.table, c.stated, c.expected) for c in errs] == [
        ("income_expense_summary", D("110.00"), D("100.00"))]


def test_defect_carryover_per_fund():
    x = set_cell(doc(GHZY), "fiscal_summary", "支出/一般公共预算财政拨款", "5.00",
                  name="年末财政拨款结转和结余")
    errs = errors(x, "FINAL-CARRYOVER")
    assert [c.subject for c in errs] == [
        "fiscal_summary 一般公共预算财政拨款 年初结转结余 + 收入 − 支出 = 年末结转结余"]


# -- phrasings of other 决算 templates (no PDF needed) ---------------------------------------------

def _text_input(*sentences, kind="final"):
    import pandas as pd

    from budget_audit.tidy import TIDY_COLUMNS
    return AuditInput(cells=pd.DataFrame(columns=TIDY_COLUMNS), meta={"kind": kind, "year": 2024},
                      narrative=[{"title": "（三）一般公共预算财政拨款支出决算具体情况", "level": 3,
                                  "sentences": [{"text": s, "page": 1} for s in sentences]}])


def _direction(*sentences, kind="final"):
    res = run_rules(_text_input(*sentences, kind=kind), ["FINAL-DIRECTION"])
    assert res.failures == []
    return [(c.passed, c.severity if not c.passed else "", c.subject.split(" ")[-1])
            for c in res.checks]


def test_phrasings_that_agree():
    assert _direction("一般公共预算财政拨款支出年初预算为100.00万元，支出决算为120.00万元，完成年初预算的"
                      "120.00%。决算数大于年初预算数的主要原因是年中追加。") == [
        (True, "", "决算与年初预算方向"), (True, "", "完成年初预算比例")]
    # 预算数 without 年初/全年 may mean either stated budget
    assert _direction("年初预算为100.00万元，全年预算为130.00万元，支出决算为120.00万元，完成全年预算的"
                      "92.31%。决算数小于预算数的主要原因是项目延期。") == [
        (True, "", "决算与年初预算方向"), (True, "", "完成全年预算比例")]
    assert _direction("年初预算为45.00万元，支出决算为45.00万元。决算数与年初预算数持平。") == [
        (True, "", "决算与年初预算方向")]


def test_phrasings_that_contradict():
    assert _direction("年初预算为100.00万元，支出决算为120.00万元。决算数小于年初预算数的主要原因是节约。") == [
        (False, "error", "决算与年初预算方向")]
    # printed equal but said to differ: the exact amounts may still differ -- no finding
    assert _direction("年初预算为100.00万元，支出决算为100.00万元。决算数大于预算数的主要原因是追加。") == [
        (True, "", "决算与年初预算方向")]
    assert _direction("年初预算为100.00万元，支出决算为100.02万元。决算数小于预算数的主要原因是节约。") == [
        (False, "error", "决算与年初预算方向")]


def test_statements_are_not_carried_to_another_item():
    # the direction after the next item's heading belongs to that item, whose amounts are unknown
    assert _direction("1、行政运行（项）。", "年初预算为10.00万元，支出决算为8.00万元。",
                      "2、事业运行（项）。", "决算数大于预算数的主要原因是追加。") == []
    # a sub-item after 其中 without its own budget: its percent is not read against the total
    assert _direction("“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，"
                      "其中：因公出国（境）费决算为0.00万元，完成预算的0.00%。") == [
        (True, "", "完成年初预算比例")]


def test_budget_documents_are_not_read_as_final_accounts():
    assert _direction("年初预算为100.00万元，支出决算为120.00万元。决算数小于年初预算数。",
                      kind="budget") == []


def test_carryover_skipped_with_lines_it_does_not_know():
    """An older template's 用事业基金弥补收支差额 also feeds 总计: the identity as written does not
    hold there, so the summary's check is skipped rather than raised."""
    x = set_cell(doc(GHZY), "income_expense_summary", "收入", "5.00", name="使用非财政拨款结余")
    df = x.cells
    df.loc[(df.table_id == "income_expense_summary") & (df.name == "使用非财政拨款结余"),
           "name"] = "用事业基金弥补收支差额"
    subjects = [c.subject for c in final_checks(x) if c.rule == "FINAL-CARRYOVER"]
    assert not any(s.startswith("income_expense_summary") for s in subjects)
    assert any(s.startswith("fiscal_summary") for s in subjects)


def test_three_public_table_with_the_stage_first():
    """Central templates head the 三公 决算 table 预算数/(合计, 因公出国…) and 决算数/(…)."""
    import pandas as pd

    from budget_audit.tidy import TIDY_COLUMNS
    cols = {"预算数/合计": "50.00", "预算数/因公出国（境）费": "10.00",
            "预算数/公务用车购置及运行费/小计": "30.00", "预算数/公务接待费": "10.00",
            "决算数/合计": "30.00", "决算数/因公出国（境）费": "5.00",
            "决算数/公务用车购置及运行费/小计": "20.00", "决算数/公务接待费": "5.00"}
    rows = [{"table_id": "three_public", "row": 0, "code": "", "name": "", "column": k,
             "value": D(v), "decimals": 2, "raw": v, "unit": "万元", "value_wan": D(v), "page": 3}
            for k, v in cols.items()]
    cells = pd.DataFrame(rows).reindex(columns=TIDY_COLUMNS)
    text = ("2024年度“三公”经费财政拨款支出预算为50.00万元，支出决算为30.00万元，完成预算的60.00%。"
            "其中：因公出国（境）费支出预算为10.00万元，支出决算为5.00万元，完成预算的50.00%；"
            "公务用车购置及运行维护费支出预算为30.00万元，支出决算为21.00万元，完成预算的66.67%。")
    ai = AuditInput(cells=cells, meta={"kind": "final", "year": 2024}, narrative=[
        {"title": "七、财政拨款“三公”经费支出决算情况说明", "level": 2,
         "sentences": [{"text": text, "page": 5}]}])
    res = run_rules(ai, ["FINAL-THREE-PUBLIC"])
    got = [(c.passed, c.subject, c.stated) for c in res.checks]
    assert (True, "“三公”经费 预算数", D("50.00")) in got
    assert (True, "因公出国（境）费 完成预算比例", D("50.00")) in got
    # 21.00 against the table's 20.00: the one error (and its 66.67 % is 20/30, so it passes)
    assert [(c.subject, c.stated, c.expected) for c in res.checks if not c.passed] == [
        ("公务用车购置及运行维护费 决算数", D("21.00"), D("20.00"))]
