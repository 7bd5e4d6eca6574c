"""The severity policy is data: rules.yaml says what a rule's severity needs, rules/_policy.py
applies it, and no rule function sets a severity itself."""
import ast
from decimal import Decimal as D
from pathlib import Path

import pandas as pd

from budget_audit.rules import AuditInput, Check, SimpleTable, load_catalogue
from budget_audit.rules._policy import apply_policy, settle
from budget_audit.tidy import TIDY_COLUMNS

RULES = Path(__file__).resolve().parents[2] / "lib" / "budget_audit" / "rules"
# the policy itself, the registry/runner, and the two document-wide judgements it calls
POLICY_MODULES = {"_policy.py", "_core.py", "_ocr.py", "_scope.py"}


def _ai(**tables):
    return AuditInput(cells=pd.DataFrame(columns=TIDY_COLUMNS), tables=tables)


def _failed(**kw):
    kw.setdefault("severity", "error")
    return Check(rule="X", passed=False, subject="s", message="说明称…", **kw)


def test_every_need_a_rule_names_is_defined_and_otherwise_is_a_lower_severity():
    cat = load_catalogue()
    assert set(cat["needs"]) == {"verified_tables", "clear_claim", "clear_reading", "clear_miss",
                                 "corroborated"}
    for r in cat["rules"]:
        assert set(r["error_needs"]) <= set(cat["needs"]), r["id"]
        assert r.get("otherwise", "warning") in ("warning", "info"), r["id"]
        assert set(r.get("same_cause") or []) <= {"cell", "column", "claim"}, r["id"]


def test_no_rule_function_sets_a_severity():
    # a rule reports what it observed (doubt, miss, tables); the catalogue decides
    for path in sorted(RULES.glob("*.py")):
        if path.name in POLICY_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword):
                assert node.arg != "severity", f"{path.name}:{node.value.lineno}"
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                assert node.attr != "severity", f"{path.name}:{node.lineno}"


def test_an_unverified_table_makes_a_warning_naming_it():
    ai = _ai(expense=SimpleTable(title="支出总表"))
    ai.tables["expense"].structure, ai.tables["expense"].structure_reason = "uncertain", "表头未对齐"
    c = apply_policy(_failed(table="expense"), ai, {"error_needs": ["verified_tables"]})
    assert c.severity == "warning" and c.message.endswith("（仅列为警告：expense 的读取结构未经证实（表头未对齐））")
    # the same check of a rule that does not need it stays an error
    assert apply_policy(_failed(table="expense"), ai, {"error_needs": []}).severity == "error"


def test_a_doubt_demotes_only_where_the_rule_needs_a_clear_reading():
    c = apply_policy(_failed(doubt="该名称出现不止一处"), _ai(), {"error_needs": ["clear_reading"]})
    assert (c.severity, c.message) == ("warning", "说明称…（仅列为警告：该名称出现不止一处）")
    c = apply_policy(_failed(doubt="口径不明"), _ai(), {"error_needs": ["verified_tables"]})
    assert c.severity == "error"
    # a rule whose uncertain checks are only notes says so (``otherwise: info``)
    c = apply_policy(_failed(severity="warning", doubt="非已知模板"), _ai(),
                     {"error_needs": ["clear_reading"], "otherwise": "info"})
    assert (c.severity, c.message) == ("info", "说明称…（仅列为提示：非已知模板）")


def test_a_near_miss_is_graded_by_the_stated_figures_last_digit():
    spec = {"error_needs": ["clear_miss"]}
    assert apply_policy(_failed(miss=D(1)), _ai(), spec).severity == "info"
    assert apply_policy(_failed(miss=D("1.5")), _ai(), spec).severity == "warning"
    assert apply_policy(_failed(miss=D(3)), _ai(), spec).severity == "error"
    # a warning rule's near miss within one unit is a note, never raised
    assert apply_policy(_failed(severity="warning", miss=D("0.5")), _ai(), spec).severity == "info"


def test_a_passed_check_is_never_touched():
    c = Check(rule="X", passed=True, subject="s", doubt="d", miss=D(1))
    assert apply_policy(c, _ai(), {"error_needs": ["clear_reading", "clear_miss"]}).message == ""


def test_a_difference_a_document_convention_explains_is_a_warning():
    c = _failed(explained="差额可由元折算为万元时截尾而非四舍五入解释")
    settle([c], _ai())
    assert c.severity == "warning" and "截尾" in c.message
