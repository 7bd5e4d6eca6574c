"""A batch goes on past bad PDFs: one clear line each, listed as failed in the index, exit 3."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"

# bytes, the reason on stderr (English, for whoever runs the batch), the reason in the index
BAD = {
    "empty.pdf": (b"", "empty file", "空文件"),
    "webpage.pdf": (b"<!DOCTYPE html><html>404</html>", "not a PDF", "不是 PDF 文件"),
    "truncated.pdf": (DEFAULT_PDF.read_bytes()[:40_000], "truncated", "文件不完整"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    year_dir = base / "raw" / "2030"
    year_dir.mkdir(parents=True)
    shutil.copy(DEFAULT_PDF, year_dir / "good.pdf")
    for name, (data, *_) in BAD.items():
        (year_dir / name).write_bytes(data)
    env = dict(os.environ, BUDGET_AUDIT_RAW=str(base / "raw"), BUDGET_AUDIT_INTERIM=str(base / "interim"),
               BUDGET_AUDIT_REPORTS=str(base / "reports"))
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "audit", "YEAR=2030", "JOBS=2"],
                            env=env, capture_output=True, text=True, timeout=1200)
    # The command make runs: the same batch again (nothing left to do) with its own exit status.
    again = subprocess.run([str(ROOT / ".venv" / "bin" / "budget-audit"), "run", "--year", "2030"],
                           env=env, capture_output=True, text=True, timeout=600)
    return base, result, again


def test_batch_fails_and_names_each_bad_file_once(batch):
    _, result, _ = batch
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for name, (_, reason, _) in BAD.items():
        lines = [line for line in result.stderr.splitlines() if "FAILED" in line and Path(name).stem in line]
        assert len(lines) == 1 and reason in lines[0], result.stderr


def test_the_run_command_exits_3_for_bad_input_and_redoes_nothing(batch):
    _, _, again = batch
    assert again.returncode == 3, again.stdout + again.stderr
    assert "FAILED" not in again.stderr and ": extract" not in again.stdout


def test_the_good_pdf_is_audited_despite_the_bad_ones(batch):
    base, result, _ = batch
    assert (base / "reports" / "2030" / "good" / "report.html").exists()
    assert "1 audited, 3 unreadable" in result.stdout


def test_index_lists_the_failures_with_their_errors(batch):
    base, _, _ = batch
    index = (base / "reports" / "2030" / "index.html").read_text(encoding="utf-8")
    assert 'href="good/report.html"' in index
    for name, (_, english, reason) in BAD.items():
        status = json.loads((base / "reports" / "2030" / Path(name).stem / "status.json").read_text(encoding="utf-8"))
        assert english in status["message"]  # status.json keeps the English message …
        assert Path(name).stem in index and reason in index and status["message"] not in index  # … the index not
