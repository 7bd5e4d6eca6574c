"""tables.xlsx is written by a process forked beside the report (report.inputs.start_workbook):
the same workbook as written in place, and a process that dies is recorded, never silent."""

import json
import os
from types import SimpleNamespace

import openpyxl
import pandas as pd

from budget_audit import isolate
from budget_audit.report import excel
from budget_audit.report.inputs import ReportInputs, export_workbook, start_workbook


def _inputs(report_dir) -> ReportInputs:
    frame = pd.DataFrame({"科目编码": ["201", "2010302"], "科目名称": ["一般公共服务支出", "行政运行"],
                          "合计": ["2,652.67", "59.90"]})
    cells = pd.DataFrame({"table_id": ["gpb_function"] * 2, "column": ["合计"] * 2})
    extraction = SimpleNamespace(cells=cells, tables={"gpb_function": SimpleNamespace(frame=frame)})
    findings = {"findings": [{"rule": "X", "severity": "error", "message": "合计不符"}]}
    return ReportInputs(pdf=report_dir / "a.pdf", extraction=extraction, findings_doc=findings, checks=[],
                        report_dir=report_dir, params={})


def _values(path) -> dict:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}


def test_the_forked_process_writes_the_workbook_written_in_place(tmp_path):
    (tmp_path / "forked").mkdir()
    (tmp_path / "inline").mkdir()
    forked, inline = _inputs(tmp_path / "forked"), _inputs(tmp_path / "inline")
    start_workbook(forked)
    assert forked.workbook is not None          # a child process really wrote it
    export_workbook(forked)
    export_workbook(inline)                     # never started: written in this process
    assert forked.workbook.exitcode == 0
    assert _values(tmp_path / "forked" / "tables.xlsx") == _values(tmp_path / "inline" / "tables.xlsx")
    assert isolate.recorded(tmp_path / "forked") == []


def test_a_workbook_process_that_dies_is_recorded_as_a_missing_part(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "write_workbook", lambda *args: os._exit(9))  # killed mid-write
    r = _inputs(tmp_path)
    start_workbook(r)
    export_workbook(r)
    assert not (tmp_path / "tables.xlsx").exists()
    [failure] = json.loads((tmp_path / isolate.PARTIAL_FILE).read_text(encoding="utf-8"))
    assert failure["part"] == "tables.xlsx" and "exit code 9" in failure["reason"]
