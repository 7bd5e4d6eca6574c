"""make audit PDF="narrative.pdf tables.pdf": one disclosure published as two files, audited as
one (real make, real OCR of the scanned narrative, real camelot, real notebooks)."""
import json
import os
import re
import subprocess
from pathlib import Path

from corpus_docs import ROOT, _sources, corpus_pdf

NARR, TABLES = "bj_zwsj_2026_dept_budget_scanned", "bj_zwsj_2026_dept_budget_tables"


def _audit(pdf_value: str):
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "audit", f"PDF={pdf_value}", "YEAR="],
                          capture_output=True, text=True, timeout=3600, env=dict(os.environ))


def test_two_volumes_are_one_report():
    narr, tables = corpus_pdf(NARR), corpus_pdf(TABLES)
    result = _audit(f"{narr} {tables}")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = Path(os.environ["BUDGET_AUDIT_REPORTS"]) / "2026" / f"{narr.stem}+{tables.stem}"
    findings = json.loads((report / "findings.json").read_text(encoding="utf-8"))
    vols = findings["document"]["volumes"]
    assert [(v["file"], v["sha256"], v["role"]) for v in vols] == [
        (narr.name, _sources()[NARR]["sha256"], "narrative"), (tables.name, _sources()[TABLES]["sha256"], "tables")]
    # the scanned narrative's 本年财政拨款收入 101,673.03 against its tables' 96,722.18 (p.5 of the scan)
    hit = [f for f in findings["findings"] if f["rule"] == "NARR-AMOUNT" and str(f["stated"]) == "101673.03"]
    assert len(hit) == 1 and hit[0]["severity"] == "error"
    # the scan's 政府采购服务 54,033.95 against the table's 54,033.944001: within the
    # sentence's last printed digit, whose three parts add to its total (尾差): a warning
    svc = [f for f in findings["findings"] if str(f["stated"]) == "54033.95"]
    assert svc and all(f["severity"] == "warning" for f in svc)
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "说明分册" in html and "报表分册" in html and vols[1]["sha256"] in html
    # pages are cited with their file: the table cell of that finding is on the tables file's p.7
    assert re.search(re.escape(tables.name) + r" 第 7 页（红框为所指单元格）", html)
    assert re.search(re.escape(narr.name) + r" 第 5 页 OCR 所读数字", html)


def test_the_same_file_twice_is_refused():
    narr = corpus_pdf(NARR)
    result = _audit(f"{narr} {narr}")
    assert result.returncode != 0 and "the same file given twice" in result.stderr


def test_a_missing_volume_is_refused():
    result = _audit(f"{corpus_pdf(NARR)} {corpus_pdf(NARR).parent / 'no_such_tables.pdf'}")
    assert result.returncode != 0 and "PDF not found" in result.stderr
