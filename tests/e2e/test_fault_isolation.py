"""One failing output never loses the audit (isolate.py).

Real failures, not mocks: a folder standing where tables.xlsx or the executed report notebook
must be written (the real save fails), a row name that matplotlib cannot draw ("$\\frac{$"), an
evidence picture of a PDF that is gone, an index entry whose status.json is broken. The rest is
written, the report shows a notice where the part would be, status.json says `partial` with the
reason, and the command exits 4.
"""

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from budget_audit import isolate
from budget_audit.errors import EXIT_PARTIAL
from budget_audit.report import charts, sections
from budget_audit.report.index import write_indexes
from budget_audit.report.inputs import _picture
from budget_audit.tidy import TIDY_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return tmp_path_factory.mktemp("isolation")


def _audit(base: Path, pdf: Path, blocked: str):
    """Audit pdf with a folder standing where `blocked` (a path in its report folder) is written."""
    report = base / "reports" / "2024" / pdf.stem
    (report / blocked).mkdir(parents=True)
    env = dict(os.environ, BUDGET_AUDIT_REPORTS=str(base / "reports"), BUDGET_AUDIT_INTERIM=str(base / "interim"))
    result = subprocess.run([sys.executable, "-m", "budget_audit", "run", "--pdf", str(pdf), "--year", "2024"],
                            env=env, capture_output=True, text=True, timeout=1800, cwd=ROOT)
    return result, report, json.loads((report / "status.json").read_text(encoding="utf-8"))


def test_a_failed_excel_export_leaves_everything_else_and_says_so(base):
    pdf = base / "excel_2024_budget.pdf"
    shutil.copy(DEFAULT, pdf)
    result, report, status = _audit(base, pdf, "tables.xlsx")
    assert result.returncode == EXIT_PARTIAL, result.stdout + result.stderr
    assert status["status"] == "partial"
    assert [f["part"] for f in status["partial"]] == ["tables.xlsx"]
    assert status["partial"][0]["reason"].startswith("IsADirectoryError")
    assert status["summary"]["error"] == 4  # the default document's findings are all there
    for name in ("findings.json", "findings.csv", "checks.json", "notebooks/04_report.ipynb"):
        assert (report / name).is_file(), name
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "本次审计部分输出未能生成" in html and "tables.xlsx" in html
    assert "问题清单" in html and "证据截图" in html  # the report itself is whole
    assert "PARTIAL: tables.xlsx not written" in result.stderr
    assert "1 audited (1 partially" in result.stdout
    index = (base / "reports" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "部分输出未能生成：tables.xlsx" in index and 'href="excel_2024_budget/report.html"' in index


def test_a_failed_report_notebook_leaves_a_report_page_that_says_so(base):
    pdf = base / "notebook_2024_budget.pdf"
    shutil.copy(DEFAULT, pdf)
    result, report, status = _audit(base, pdf, "notebooks/04_report.ipynb")
    assert result.returncode == EXIT_PARTIAL, result.stdout + result.stderr
    assert status["status"] == "partial"
    assert [f["part"] for f in status["partial"]] == ["notebooks/04_report.ipynb"]
    assert (report / "findings.json").is_file() and status["summary"]["error"] == 4
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "审计报告未能生成" in html and "错误 4、警告 2、提示 4" in html
    assert "notebooks/04_report.ipynb" in html


def test_a_failed_ratios_notebook_leaves_the_report_with_a_notice_in_its_place(base):
    pdf = base / "ratios_2024_budget.pdf"
    shutil.copy(DEFAULT, pdf)
    result, report, status = _audit(base, pdf, "ratios.csv")
    assert result.returncode == EXIT_PARTIAL, result.stdout + result.stderr
    parts = [f["part"] for f in status["partial"]]
    assert parts[0] == "notebooks/03_ratios.ipynb" and "IsADirectoryError" in status["partial"][0]["reason"]
    html = (report / "report.html").read_text(encoding="utf-8")
    # the report is whole but for its ratios section, which says why it is missing
    assert "问题清单" in html and "证据截图" in html and "审计报告未能生成" not in html
    assert "报告“主要比例”一节 未能生成" in html
    assert status["summary"]["error"] == 4


def _function_cells(name: str) -> pd.DataFrame:
    rows = []
    for i, (code, label, amount) in enumerate([("201", name, "10.00"), ("208", "社会保障和就业支出", "5.00")]):
        row = dict.fromkeys(TIDY_COLUMNS, "")
        row.update(table_id="gpb_function", row=i, code=code, name=label, column="合计", value=Decimal(amount),
                   decimals=2, raw=amount, unit="万元", value_wan=Decimal(amount), page=1,
                   x0=10.0, y0=10.0 + 20 * i, x1=60.0, y1=25.0 + 20 * i)
        rows.append(row)
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def test_a_chart_that_cannot_be_drawn_becomes_a_notice(tmp_path):
    # A row name as a PDF may print it: matplotlib reads "$…$" as TeX and fails to draw it.
    cells = _function_cells("一般公共服务$\\frac{$支出")
    done = isolate.attempt(tmp_path, "图表“支出按功能分类”", _picture, lambda: charts.by_function(cells))
    assert isinstance(done, isolate.Failure) and "ValueError" in done.reason
    assert "图表“支出按功能分类” 未能生成" in done._repr_html_()
    assert isolate.recorded(tmp_path) == [done.as_dict()]
    assert "--- 图表“支出按功能分类”" in (tmp_path / isolate.ERROR_LOG).read_text(encoding="utf-8")


def test_an_evidence_picture_that_fails_becomes_a_notice_and_the_table_is_kept(tmp_path):
    cells = _function_cells("一般公共服务支出")
    finding = {"id": "ARITH-1", "rule": "ARITH-SUM", "severity": "error", "table": "gpb_function",
               "row": "201 一般公共服务支出", "column": "合计", "page": 1, "message": "合计不符",
               "stated": 10, "expected": 11, "difference": -1, "evidence": ""}
    doc = {"findings": [finding], "summary": {}, "document": {}}
    html = sections.findings(doc, cells, tmp_path / "gone.pdf", {}, tmp_path)
    # the evidence pages are rendered once for all findings: one notice where the pictures would be
    assert "合计不符" in html and "证据截图 未能生成" in html
    assert [f["part"] for f in isolate.recorded(tmp_path)] == ["证据截图"]


def test_a_broken_index_entry_does_not_lose_the_index(tmp_path):
    year = tmp_path / "2024"
    good = {"pdf": "a.pdf", "year": 2024, "stem": "good", "status": "bad_input", "message": "a.pdf: empty file",
            "summary": {}, "stages": {}, "partial": []}
    (year / "good").mkdir(parents=True)
    (year / "good" / "status.json").write_text(json.dumps(good), encoding="utf-8")
    (year / "broken").mkdir()
    (year / "broken" / "status.json").write_text("{not json", encoding="utf-8")
    write_indexes(2024, reports=tmp_path)
    index = (year / "index.html").read_text(encoding="utf-8")
    # the reader sees Chinese reasons (the English message stays in status.json)
    assert "good" in index and "空文件" in index
    assert "broken" in index and "审计程序内部错误" in index
