"""Each notebook declares the parameters it uses, the pipeline passes exactly those, and a
parameter a notebook does not declare (a misspelling) stops the run instead of leaving the
notebook on its default document."""

import re
from pathlib import Path

import nbformat
import papermill
import pytest

from budget_audit.errors import AuditError, BadParameters
from budget_audit.run import pipeline

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
# Parameters for a reader in JupyterLab (or papermill -p), which the pipeline leaves at their default.
READER_ONLY = {"01_extract": {"table"}}


@pytest.mark.parametrize("name", [name for name, _ in pipeline.STAGES])
def test_the_pipeline_passes_what_each_notebook_declares(name):
    declared = set(papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb")))
    assert declared == set(pipeline.NOTEBOOK_PARAMETERS[name]) | READER_ONLY.get(name, set())


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_declared_parameter_is_used(path):
    nb = nbformat.read(str(path), as_version=4)
    body = "\n".join(c.source for c in nb.cells
                     if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", []))
    for parameter in papermill.inspect_notebook(str(path)):
        assert re.search(rf"\b{parameter}\b", body), f"{path.name} declares {parameter} but never uses it"


def test_an_unknown_parameter_stops_papermill_before_any_cell_runs(tmp_path):
    pipeline._strict_parameters()
    with pytest.raises(BadParameters, match="Passed unknown parameter: report_dri"):
        papermill.execute_notebook(str(NOTEBOOKS / "03_ratios.ipynb"), str(tmp_path / "out.ipynb"),
                                   parameters={"report_dri": "reports/x"}, prepare_only=True)
    assert not (tmp_path / "out.ipynb").exists()


def test_the_pipeline_reports_a_notebook_that_lost_a_parameter(tmp_path, monkeypatch):
    """A notebook whose parameters cell misspells report_dir: the audit fails, naming both."""
    copy = tmp_path / "notebooks"
    copy.mkdir()
    nb = nbformat.read(str(NOTEBOOKS / "03_ratios.ipynb"), as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace("report_dir =", "report_dri =")
    nbformat.write(nb, str(copy / "03_ratios.ipynb"))
    monkeypatch.setattr(pipeline.paths, "NOTEBOOKS", copy)
    with pytest.raises(AuditError, match=r"notebooks/03_ratios.ipynb: Passed unknown parameter: report_dir"):
        pipeline.run_notebook("03_ratios", {"report_dir": str(tmp_path)}, tmp_path)
