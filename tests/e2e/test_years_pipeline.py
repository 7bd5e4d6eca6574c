"""Auditing a year reads the same unit's previous year: the pipeline finds it and the rules tie to it."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from corpus_docs import corpus_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wanli(tmp_path_factory):
    base = tmp_path_factory.mktemp("years")
    for year in (2023, 2024):
        (base / "raw" / str(year)).mkdir(parents=True)
        pdf = corpus_pdf(f"sh_putuo_wanli_{year}_dept_budget")
        shutil.copy(pdf, base / "raw" / str(year) / pdf.name)
    env = dict(os.environ, BUDGET_AUDIT_RAW=str(base / "raw"), BUDGET_AUDIT_INTERIM=str(base / "interim"),
               BUDGET_AUDIT_REPORTS=str(base / "reports"))
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "budget-audit"), "run", "--year", "2024"],
                            env=env, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return base, result


def test_last_year_is_extracted_but_not_audited(wanli):
    base, result = wanli
    assert "extracted for the cross-year checks of 2024" in result.stdout
    assert (base / "interim" / "2023" / "shanghai_putuo_wanli_jiedao_2023_bumen_yusuan" / "cells.csv").exists()
    assert not (base / "reports" / "2023").exists()


def test_stated_changes_are_tied_to_last_years_document(wanli):
    base, _ = wanli
    checks = json.loads((base / "reports" / "2024" / "shanghai_putuo_wanli_jiedao_2024_bumen_yusuan"
                         / "checks.json").read_text(encoding="utf-8"))
    ties = [c for c in checks if c["rule"] == "YEAR-PRIOR-TIE"]
    # 2024 says 财政拨款 fell by 876.75 万元 on 2023; the 2023 document's own totals agree.
    drop = [c for c in ties if c["subject"].startswith("财政拨款收入")]
    assert drop and drop[0]["stated"] == -876.75 and drop[0]["passed"]
    assert len(ties) >= 5 and all(c["passed"] for c in ties)
