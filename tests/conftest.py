import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_STEM = "jianghan_dsjzx_2024_budget"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def default_report() -> Path:
    """The default document audited by the real pipeline (make skips it when up to date)."""
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "audit", "YEAR=2024"],
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    return ROOT / "reports" / "2024" / DEFAULT_STEM
