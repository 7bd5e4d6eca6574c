"""Other renderings of the default document give the same findings as the default PDF: the
audit judges what is printed, not how the grid was drawn."""
import subprocess
import sys
from pathlib import Path

from budget_audit.extract import extract_document
from budget_audit.findings import build_findings
from budget_audit.rules import AuditInput, run_rules
from corpus_docs import SEED

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


def _findings(pdf: Path):
    ex = extract_document(pdf)
    doc = build_findings(run_rules(AuditInput.of(ex)), ex.meta, ex)
    return doc["summary"], {(f["rule"], f["severity"], f["message"]) for f in doc["findings"]}


def _judged(pdf: Path):
    """Errors and warnings as an auditor repeats them: rule, severity, amounts and message."""
    ex = extract_document(pdf)
    doc = build_findings(run_rules(AuditInput.of(ex)), ex.meta, ex)
    return doc["summary"], {(f["rule"], f["severity"], f["stated"], f["expected"], f["message"])
                            for f in doc["findings"] if f["severity"] in ("error", "warning")}


def test_libreoffice_document_gives_the_default_findings(tmp_path):
    # the whole document typeset by LibreOffice Writer (zero font descent, its own line
    # breaking and column widths), every header cell on its own as in the seed text: the same
    # errors and warnings as the default PDF, none more, and every table verified
    pdf = tmp_path / "libreoffice.pdf"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_libreoffice_fixture.py"),
                    "--document", str(SEED), str(pdf)], check=True, capture_output=True)
    summary, got = _judged(pdf)
    default_summary, want = _judged(PDF)
    assert sum(f[1] == "error" for f in want) == 4
    assert got == want
    assert summary["verdict"] == "findings"
    assert summary["coverage"]["tables_verified"] == default_summary["coverage"]["tables_verified"]


def test_unmerged_header_cells_give_the_default_findings(tmp_path):
    # every header cell drawn on its own, as the seed text lays them out: 基本支出 / 本年收入 are
    # read as flat columns beside their parts, and must not be summed with them
    pdf = tmp_path / "unmerged.pdf"
    subprocess.run([sys.executable, str(ROOT / "tools" / "render_default_document.py"),
                    "--unmerged-headers", str(SEED), str(pdf)], check=True, capture_output=True)
    summary, got = _findings(pdf)
    default_summary, want = _findings(PDF)
    assert got == want
    assert summary["verdict"] == default_summary["verdict"] == "findings"


def test_libreoffice_tables_give_no_finding_like_the_default_pdf():
    # tests/data/libreoffice_tables.pdf: 预算03/05/07 of the default document typeset by
    # LibreOffice; those tables foot in the default PDF, so nothing is found here either
    summary, got = _findings(ROOT / "tests" / "data" / "libreoffice_tables.pdf")
    assert got == set() and summary["verdict"] == "clean"
    assert summary["coverage"]["tables_verified"] == summary["coverage"]["tables_present"] == 3
