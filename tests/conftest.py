"""Test session setup.

The suite writes its audits to reports/_test and data/interim/_test (git-ignored), never to the
user's own reports: set here, before anything imports budget_audit.paths, and inherited by
every make, CLI and kernel process the tests start. The nbval baselines need the default
document audited first, like the tests that ask for `default_report`.

The suite is split by speed, one folder a marker: tests/unit (pure Python, seconds),
tests/extract (camelot on the default document and the corpus), tests/e2e (make, papermill,
browser, JupyterLab, Dask) with the nbval baselines. `make test-fast` runs tests/unit alone.
"""

import os
import subprocess
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ["BUDGET_AUDIT_REPORTS"] = str(ROOT / "reports" / "_test")
os.environ["BUDGET_AUDIT_INTERIM"] = str(ROOT / "data" / "interim" / "_test")
DEFAULT_STEM = "jianghan_dsjzx_2024_budget"


@cache
def _audit_default() -> Path:
    """The default document audited by the real pipeline (make skips it when up to date)."""
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "audit", "YEAR=2024", "PDF="],
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    return Path(os.environ["BUDGET_AUDIT_REPORTS"]) / "2024" / DEFAULT_STEM


@pytest.fixture(scope="session")
def default_report() -> Path:
    return _audit_default()


SPEED_MARKERS = {"unit": "unit", "extract": "extract", "e2e": "e2e", "baselines": "e2e"}


def pytest_collection_modifyitems(items):
    for item in items:
        folder = item.path.relative_to(ROOT / "tests").parts[0]
        assert folder in SPEED_MARKERS, f"{item.path}: a test lives in tests/unit, tests/extract or tests/e2e"
        item.add_marker(SPEED_MARKERS[folder])


def pytest_runtest_setup(item):
    if item.path.suffix == ".ipynb":  # an nbval cell of the baselines
        _audit_default()
