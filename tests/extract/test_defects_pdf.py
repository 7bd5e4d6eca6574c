"""Copies of the default document, each with one defect, rendered to PDF and read by the real
extractor: every defect must produce its finding (and the untouched document must not)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from budget_audit.extract import extract_document
from budget_audit.rules import AuditInput, run_rules
from corpus_docs import SEED

ROOT = Path(__file__).resolve().parents[2]


def _drop_table_08(text: str) -> str:
    return re.sub(r"\n预算08表\n.*?(?=\n预算09表\n)", "\n", text, count=1, flags=re.S)


# (defect, how the seed changes, the finding it must produce)
DEFECTS = {
    # 05表: 事业单位医疗 合计 11.41 no longer equals its 基本支出 11.14, nor 21011 = 11.41 + 17.81
    "changed cell": (lambda t: t.replace("2101102\t事业单位医疗\t11.14\t11.14\t11.14",
                                         "2101102\t事业单位医疗\t11.41\t11.14\t11.14", 1),
                     lambda f: f.rule.startswith("ARITH-") and f.table == "gpb_function"
                     and "2101102" in str(f.row) + f.message),
    # 支出预算 narrative: 基本支出 418.65 while every table says 408.65
    "changed narrative number": (lambda t: t.replace("其中:基本支出 408.65 万元,占 15.4%",
                                                     "其中:基本支出 418.65 万元,占 15.4%", 1),
                                 lambda f: f.rule == "NARR-AMOUNT" and str(f.stated) == "418.65"),
    # the 三公 table is required by the template and is gone
    "removed table": (_drop_table_08,
                      lambda f: f.rule == "COMP-TABLES" and f.table == "three_public"),
    # 机关运行经费 falls 10.9 from 44.69: 24.4%, not 42.4%
    "changed percentage": (lambda t: t.replace("下降 24.4%", "下降 42.4%", 1),
                           lambda f: f.rule == "NARR-CHANGE" and str(f.stated) == "-42.4"),
}


def _findings(seed_text: str, tmp_path: Path) -> list:
    seed, pdf = tmp_path / "seed.txt", tmp_path / "defect.pdf"
    seed.write_text(seed_text, encoding="utf-8")
    subprocess.run([sys.executable, str(ROOT / "tools" / "render_default_document.py"), str(seed), str(pdf)],
                   check=True, capture_output=True)
    return run_rules(AuditInput.of(extract_document(pdf))).findings


@pytest.fixture(scope="module")
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_each_defect_produces_its_finding(defect, seed_text, tmp_path):
    change, expected = DEFECTS[defect]
    changed = change(seed_text)
    assert changed != seed_text, "the defect did not apply to the seed"
    findings = _findings(changed, tmp_path)
    assert any(expected(f) for f in findings), [(f.rule, f.table, f.row, f.stated) for f in findings]


def test_the_untouched_document_has_none_of_these_findings(seed_text, tmp_path):
    findings = _findings(seed_text, tmp_path)
    assert not [d for d, (_, expected) in DEFECTS.items() if any(expected(f) for f in findings)]
