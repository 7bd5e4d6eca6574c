"""What notebooks 01 and 02 show an auditor (budget_audit.stages): the table inventory and one
table, the findings by cause with their severity colour, and the checks each rule passed."""

import json

import pandas as pd
import pytest

from budget_audit import stages
from budget_audit.errors import BadParameters
from budget_audit.extract.model import Extraction, Table
from budget_audit.tidy import TIDY_COLUMNS

SCRIPT = "<script>alert(1)</script>"


def _extraction() -> Extraction:
    frame = pd.DataFrame({"科目名称": ["合计", SCRIPT], "合计": ["3.00", "3.00"], "_page": [1, 1]})
    tables = {"expense": Table("expense", "支出预算总表", "万元", [4], frame, structure="uncertain",
                               structure_reason="列数与表头不符"),
              "three_public": Table("three_public", "“三公”经费支出表", "万元", [7, 8], frame.iloc[:1],
                                    structure="verified")}
    return Extraction(cells=pd.DataFrame(columns=TIDY_COLUMNS), tables=tables, narrative=[], meta={},
                      unparsed=pd.DataFrame(columns=["table_id"]), missing=[])


def test_the_inventory_says_which_tables_were_verified_and_why_not():
    inventory = stages.table_inventory(_extraction())
    assert inventory.loc["expense", ["结构", "原因", "页码"]].tolist() == ["存疑", "列数与表头不符", "4"]
    assert inventory.loc["three_public", ["结构", "页码"]].tolist() == ["已核实", "7,8"]


def test_the_table_shown_is_the_first_verified_one_unless_named():
    caption, shown = stages.chosen_table(_extraction())
    assert caption.startswith("three_public：") and "结构已核实" in caption
    caption, shown = stages.chosen_table(_extraction(), "expense")
    assert "结构存疑：列数与表头不符" in caption
    assert list(shown.columns) == ["科目名称", "合计"]  # not the extractor's _page
    with pytest.raises(BadParameters, match="'expens' is not in this document; its tables: expense, three_public"):
        stages.chosen_table(_extraction(), "expens")


def _finding(fid, severity, places=()):
    return {"id": fid, "rule": "NARR-AMOUNT", "severity": severity, "table": "expense", "row": SCRIPT,
            "column": "合计", "page": 4, "bbox": None, "stated": 3.5, "expected": 3, "difference": 0.5,
            "message": f"说明 {SCRIPT}", "evidence": "", "places": list(places)}


def test_findings_are_one_row_per_cause_coloured_by_severity(tmp_path):
    place = {"rule": "ARITH-ROW-TOTAL", "severity": "error", "table": "expense", "row": "合计", "column": "合计",
             "page": 4, "stated": 3, "expected": 4, "difference": 1, "message": ""}
    doc = {"findings": [_finding("NARR-AMOUNT-1", "error", [place] * 3), _finding("NARR-AMOUNT-2", "warning")]}
    (tmp_path / "findings.json").write_text(json.dumps(doc), encoding="utf-8")
    html = stages.findings_table(str(tmp_path)).data
    assert html.count("NARR-AMOUNT-1") == 1 and html.count("NARR-AMOUNT-2") == 1
    assert stages.SEVERITY_COLOUR["错误"] in html and stages.SEVERITY_COLOUR["警告"] in html
    assert SCRIPT not in html and "&lt;script&gt;" in html
    rows = {fid: [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
            for row in html.split("<tr")[1:] for fid in ("NARR-AMOUNT-1", "NARR-AMOUNT-2") if fid in row}
    # 规则名称, 位置, 页码, 文件所述, 复算, 差额, 出现处数, 说明: three places of one cause; a cause shown once
    assert rows["NARR-AMOUNT-1"][2:7] == ["4", "3.5", "3", "0.5", "3"]
    assert rows["NARR-AMOUNT-2"][6] == "1"


def test_no_findings_says_so(tmp_path):
    (tmp_path / "findings.json").write_text(json.dumps({"findings": []}), encoding="utf-8")
    assert stages.findings_table(str(tmp_path)).data == "<p>没有发现问题。</p>"


def test_checks_are_counted_per_rule(tmp_path):
    checks = [{"rule": "ARITH-ROW-TOTAL", "passed": True}, {"rule": "ARITH-ROW-TOTAL", "passed": False},
              {"rule": "NARR-SHARE", "passed": True}]
    (tmp_path / "checks.json").write_text(json.dumps(checks), encoding="utf-8")
    counts = stages.checks_by_rule(str(tmp_path))
    assert counts[["检查", "通过", "未通过"]].to_dict("index") == {
        "ARITH-ROW-TOTAL": {"检查": 2, "通过": 1, "未通过": 1}, "NARR-SHARE": {"检查": 1, "通过": 1, "未通过": 0}}
    assert counts.loc["NARR-SHARE", "规则名称"] == "占比复算"
