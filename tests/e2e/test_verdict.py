"""Coverage decides the verdict, and an error needs a verified table (the severity policy)."""
import copy
from functools import cache
from pathlib import Path

from budget_audit.findings import build_findings, validate
from budget_audit.report import sections
from budget_audit.rules import AuditInput, load_catalogue, run_rules

PDF = Path(__file__).resolve().parents[2] / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


@cache
def _default():
    from budget_audit.extract import extract_document
    return extract_document(PDF)


def _with_structure(ex, table_id: str, structure: str, reason: str):
    """A copy of extraction `ex` whose table `table_id` was read with the given status."""
    y = copy.copy(ex)
    y.tables = dict(ex.tables)
    y.tables[table_id] = copy.copy(ex.tables[table_id])
    y.tables[table_id].structure, y.tables[table_id].structure_reason = structure, reason
    return y


def _audit(ex):
    res = run_rules(AuditInput.of(ex))
    doc = build_findings(res, ex.meta, ex)
    validate(doc)
    return res, doc


def test_default_document_fully_read_has_findings():
    res, doc = _audit(_default())
    s = doc["summary"]
    assert s["verdict"] == "findings"
    cov = s["coverage"]
    assert cov["tables_found"] == cov["tables_present"] == cov["tables_verified"] == len(doc["document"]["tables"])
    assert cov["cells_unparsed"] == 0 and cov["cells_parsed"] > 300
    assert {t["structure"] for t in doc["document"]["tables"]} == {"verified"}
    html = sections.verdict(doc)
    assert 'class="ba-verdict bad"' in html and "全部报表均已完整读取" in html


def test_unverified_table_makes_the_verdict_incomplete_and_names_it():
    ex = _with_structure(_default(), "gpb_function", "uncertain", "3 处合计与明细不符")
    _, doc = _audit(ex)
    assert doc["summary"]["verdict"] == "incomplete"
    assert [t["id"] for t in doc["summary"]["coverage"]["tables_unverified"]] == ["gpb_function"]
    html = sections.verdict(doc)
    assert 'class="ba-verdict partial"' in html and "审计不完整" in html
    assert "gpb_function" in html and html.count("读取结构未经证实") == 1  # said once, with its reason


def test_error_on_an_unverified_table_is_only_a_warning_saying_why():
    # the three function-class amounts the narrative misstates are read from gpb_function
    ex = _with_structure(_default(), "gpb_function", "uncertain", "3 处合计与明细不符")
    res, _ = _audit(ex)
    narr = [c for c in res.findings if c.rule == "NARR-AMOUNT"]
    assert narr and all(c.severity == "warning" for c in narr)
    assert all("gpb_function 的读取结构未经证实（3 处合计与明细不符）" in c.message for c in narr)
    # the change contradicting the document's own prior year does not read gpb_function
    assert [c.rule for c in res.findings if c.severity == "error"] == ["NARR-CHANGE"]


def test_no_table_read_is_never_clean():
    ex = copy.copy(_default())
    ex.tables = {}
    ex.cells = ex.cells.iloc[0:0]
    _, doc = _audit(ex)
    assert doc["summary"]["verdict"] == "incomplete"
    assert "未读出任何报表" in sections.verdict(doc)


def test_every_rule_states_what_an_error_needs():
    for r in load_catalogue()["rules"]:
        assert set(r["error_needs"]) <= set(load_catalogue()["needs"]), r["id"]
        if r["theme"] in ("arithmetic", "ties", "performance", "final"):
            assert {"verified_tables", "corroborated"} & set(r["error_needs"]), r["id"]


def test_report_and_year_index_show_the_verdict_and_coverage(default_report):
    import json
    doc = json.loads((default_report / "findings.json").read_text(encoding="utf-8"))
    n = len(doc["document"]["tables"])
    assert doc["summary"]["verdict"] == "findings" and doc["summary"]["coverage"]["tables_verified"] == n
    report = (default_report / "report.html").read_text(encoding="utf-8")
    assert "ba-verdict bad" in report and "全部报表均已完整读取" in report
    index = (default_report.parent / "index.html").read_text(encoding="utf-8")
    assert "发现问题" in index and f"表格核实 {n}/{n}" in index
