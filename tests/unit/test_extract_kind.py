"""extract.kind: a caption no alias knows is named only when caption words, header and codes agree."""
import pytest

from budget_audit.extract.kind import identify_kind, row_code_class
from budget_audit.tablemap import match_title

FUNCTION_ROWS = ["科目编码", "201", "20101", "2010101", "208", "20805", "合计"]
ECONOMIC_ROWS = ["科目编码", "301", "30101", "30102", "302", "30201", "合计"]


def test_row_codes_tell_function_from_economic():
    assert row_code_class(FUNCTION_ROWS) == "function"
    assert row_code_class(ECONOMIC_ROWS) == "economic"
    assert row_code_class(["201", "30101", "302", "20101"]) is None   # mixed: no verdict
    assert row_code_class(["201", "合计"]) is None                    # too few codes to judge


@pytest.mark.parametrize("caption,header,codes,kind", [
    ("2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）", "科目名称合计基本支出项目支出", "function",
     "gpb_function"),
    ("财政拨款支出表（功能科目）", "科目编码科目名称合计基本支出项目支出", "function", "fiscal_expense"),
    ("政府采购支出表", "单位名称采购项目货物工程服务", None, "procurement"),
    ("2019年部门综合预算基本支出明细表（按支出经济分类科目-不含上年结转）", "科目名称合计人员经费公用经费",
     "economic", "basic_expense"),
])
def test_caption_header_and_codes_name_a_kind(caption, header, codes, kind):
    assert match_title(caption) != kind   # the alias list alone does not know it
    assert identify_kind(caption, header, codes, taken=set()) == kind


@pytest.mark.parametrize("caption,header,codes", [
    # 基本支出 by function: a distinct table the map has no kind for
    ("2019年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", "科目名称合计人员经费公用经费", "function"),
    # the caption says 功能 but the rows carry 经济 codes: the evidence disagrees
    ("一般公共预算支出明细表（按支出功能分类科目）", "科目名称合计", "economic"),
    # carried-over funds are not the 财政拨款支出表
    ("2019年部门综合预算财政拨款上年结转资金支出表", "科目名称合计", "function"),
    # 项目支出 by economic class: no kind for it
    ("一般公共预算项目支出情况表（按经济分类科目）", "科目名称合计", "economic"),
    # 政府采购 without a procurement header
    ("政府采购支出表", "科目名称合计", None),
])
def test_disagreeing_or_unknown_evidence_stays_other(caption, header, codes):
    assert identify_kind(caption, header, codes, taken=set()) is None


def test_a_kind_taken_by_another_table_is_not_given_twice():
    caption = "财政拨款支出表（功能科目）"
    assert identify_kind(caption, "合计", "function", taken={"fiscal_expense"}) is None
