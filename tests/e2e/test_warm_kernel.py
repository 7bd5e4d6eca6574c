"""No notebook depends on state another left in the kernel.

`make audit` runs every notebook of every document on one warm kernel per worker, resetting its
namespace in between (budget_audit.run.kernel). Here one worker audits another unit's document and
then the default document; each of the default document's notebooks is then executed again the
ordinary way, by papermill on a fresh kernel of its own, and must print exactly the same.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import papermill
import pytest

from budget_audit.run import kernel, pipeline
from corpus_docs import corpus_pdf

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


@pytest.fixture(scope="module")
def warm_batch(tmp_path_factory):
    """One worker (JOBS=1): a.pdf (another unit) first, then b.pdf (the default document)."""
    base = tmp_path_factory.mktemp("warm")
    (base / "raw" / "2024").mkdir(parents=True)
    shutil.copy(corpus_pdf("sh_putuo_wanli_2024_dept_budget"), base / "raw" / "2024" / "a.pdf")
    shutil.copy(DEFAULT_PDF, base / "raw" / "2024" / "b.pdf")
    env = {"BUDGET_AUDIT_RAW": str(base / "raw"), "BUDGET_AUDIT_INTERIM": str(base / "interim"),
           "BUDGET_AUDIT_REPORTS": str(base / "reports")}
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "budget-audit"), "run", "--year", "2024", "--jobs", "1"],
                            env=dict(os.environ, **env), capture_output=True, text=True, timeout=1200, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return base, env, result


def _cells(nb) -> list:
    return [(c.cell_type, c.source, c.get("execution_count"), c.get("outputs")) for c in nb.cells]


def test_the_second_document_ran_on_the_kernel_the_first_used(warm_batch):
    base, _, result = warm_batch
    first, second = (json.loads((base / "reports" / "2024" / stem / "status.json").read_text())
                     for stem in ("a", "b"))
    assert first["status"] == second["status"] == "ok", result.stdout + result.stderr
    assert second["worker"]["notebooks_before"] >= len(pipeline.STAGES)
    assert "2/2 documents done" in result.stdout and "pages/s" in result.stdout and "ETA" in result.stdout


@pytest.mark.parametrize("name", [name for name, _ in pipeline.STAGES])
def test_each_notebook_prints_the_same_on_a_fresh_kernel(warm_batch, name, tmp_path, monkeypatch):
    base, env, _ = warm_batch
    for key, value in env.items():  # the fresh kernel reads the same folders
        monkeypatch.setenv(key, value)
    warm_run = base / "reports" / "2024" / "b" / "notebooks" / f"{name}.ipynb"
    params = pipeline.parameters(base / "raw" / "2024" / "b.pdf", 2024, "b")
    params.update(interim_dir=str(base / "interim" / "2024" / "b"), report_dir=str(base / "reports" / "2024" / "b"))
    fresh = papermill.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(tmp_path / f"{name}.ipynb"),
                                       parameters=pipeline.notebook_parameters(name, params),
                                       kernel_name=kernel.KERNEL, cwd=str(ROOT),
                                       progress_bar=False)
    assert _cells(fresh) == _cells(nbformat.read(str(warm_run), as_version=4))
