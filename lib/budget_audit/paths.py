"""Where things live: relative to the project root (the folder holding pyproject.toml), unless
BUDGET_AUDIT_RAW / BUDGET_AUDIT_INTERIM / BUDGET_AUDIT_REPORTS / BUDGET_AUDIT_CORPUS point elsewhere (a separate data
set, or a test's temporary folder). Kernels inherit the environment, so every stage agrees."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("BUDGET_AUDIT_RAW") or ROOT / "data" / "raw")
INTERIM = Path(os.environ.get("BUDGET_AUDIT_INTERIM") or ROOT / "data" / "interim")
REPORTS = Path(os.environ.get("BUDGET_AUDIT_REPORTS") or ROOT / "reports")
NOTEBOOKS = ROOT / "notebooks"
# A folder of corpus documents (one sub-folder each) for `make bench` and the docs tables;
# the repository's own test corpus unless CORPUS= / BUDGET_AUDIT_CORPUS names another.
CORPUS = Path(os.environ.get("BUDGET_AUDIT_CORPUS") or ROOT / "tests" / "corpus")


def years_with_data() -> list[int]:
    """Years whose data/raw/<YEAR>/ folder holds at least one PDF."""
    if not RAW.is_dir():
        return []
    return sorted(
        int(d.name) for d in RAW.iterdir()
        if d.is_dir() and d.name.isdigit() and any(raw_pdfs(d))
    )


def raw_pdfs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")


def interim_dir(year: int, stem: str) -> Path:
    return INTERIM / str(year) / stem


def report_dir(year: int, stem: str) -> Path:
    return REPORTS / str(year) / stem


def relative(path: Path) -> str:
    """A path as shown to users and stored in outputs: relative to the root when inside it."""
    path = Path(os.path.abspath(path))  # not resolve(): a symlink must stay itself
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()
