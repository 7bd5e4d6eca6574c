"""Like with like (budget_audit.rules._scope): a sentence about the 本级 alone, or about one
unit of a department, is never an error against the department's tables; on the default
document's seed, whose 一般公共服务支出 2535.67 is a real error against the table's 2535.37."""
import re

from audit_seed import replace_text, seed_input
from budget_audit.claims import extract_claims
from budget_audit.rules import run_rules
from budget_audit.rules._scope import sentence_scopes, unit_count

SENT = "一般公共服务支出 2535.67"
UNITS = "下属 0 家基层单位"


def _retitle(ai, old, new):
    for sec in ai.narrative:
        if old in (sec.get("title") or ""):
            sec["title"] = sec["title"].replace(old, new)
            return ai
    raise AssertionError(old)


def _finding(ai):
    res = run_rules(ai, ["NARR-AMOUNT"])
    return next(f for f in res.findings if SENT in f.evidence)


def _own(ai):
    return _retitle(ai, "一般公共预算拨款具体使用情况", "江汉区大数据中心（本级）一般公共预算拨款具体使用情况")


def test_the_error_stands_as_printed():
    assert _finding(seed_input()).severity == "error"


def test_own_budget_of_a_body_without_units_is_the_same_scope():
    # 机关及下属 0 家基层单位: the 本级 is the whole department
    ai = _own(seed_input())
    assert unit_count(extract_claims(ai.narrative)) == 1
    assert _finding(ai).severity == "error"


def test_own_budget_of_a_department_with_units_is_a_warning_that_says_why():
    ai = _own(replace_text(seed_input(), UNITS, "下属 2 家基层单位"))
    f = _finding(ai)
    assert f.severity == "warning"
    assert "本级" in f.message and "含 3 家单位" in f.message


def test_unit_count_unknown_is_an_unclear_scope():
    ai = _own(replace_text(seed_input(), "下属 0 家基层单位", "下属基层单位"))
    f = _finding(ai)
    assert f.severity == "warning" and "口径不明" in f.message


def test_a_heading_naming_another_unit_is_that_units_scope():
    ai = _retitle(replace_text(seed_input(), UNITS, "下属 2 家基层单位"),
                  "一般公共预算拨款具体使用情况", "江汉区网格化管理监督指挥中心")
    f = _finding(ai)
    assert f.severity == "warning" and "所属单位“江汉区网格化管理监督指挥中心”" in f.message


def test_scope_words_that_are_not_a_body():
    # 市本级预算 / 本级财政拨款 name a level of government or a source of funds, not the 本级
    cl = extract_claims([{"title": "一、收入", "sentences": [
        {"text": "县区补助编入市本级预算，收入预算 10 万元。"},
        {"text": "本级财政拨款 5 万元。"},
        {"text": "苏州市数据局本级人员经费 3 万元。"},
        {"text": "部门汇总预算 12 万元。"}]}])
    got = {re.sub(r"。$", "", k): v for k, v in sentence_scopes(cl, "苏州市数据局").items()}
    assert got == {"苏州市数据局本级人员经费 3 万元": "own", "部门汇总预算 12 万元": "whole"}
