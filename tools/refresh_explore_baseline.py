"""Refresh the nbval baseline of notebooks/explore.ipynb (``make baselines`` runs it).

    python tools/refresh_explore_baseline.py [OUT]

Executes the notebook against the default document alone (a temporary project folder holding
only its audit, ``budget_audit.explore.default_only_root``, given to the kernel through
BUDGET_AUDIT_REPORTS / BUDGET_AUDIT_INTERIM) and writes the executed copy (default:
tests/baselines/05_explore.ipynb), without timestamps.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from budget_audit import paths
from budget_audit.explore import default_only_root, environ, root_environment


def execute_baseline(out=None, notebook=None) -> Path:
    """Execute notebooks/explore.ipynb on the default document alone; write the executed copy."""
    import nbformat
    from nbclient import NotebookClient

    from budget_audit.run.kernel import QuietKernelManager

    notebook = Path(notebook or paths.NOTEBOOKS / "explore.ipynb")
    out = Path(out or paths.ROOT / "tests" / "baselines" / "05_explore.ipynb")
    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="explore-root-") as tmp:
        default_only_root(tmp)
        with environ(root_environment(tmp)):
            # The kernel runs in the baseline's folder, as nbval will run it.
            NotebookClient(nb, kernel_name="budget-audit", timeout=600, kernel_manager_class=QuietKernelManager,
                           record_timing=False,  # no timestamps: a refresh changes only what changed
                           resources={"metadata": {"path": str(out.parent)}}).execute()
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/refresh_explore_baseline.py",
                                     description="refresh the nbval baseline of notebooks/explore.ipynb")
    parser.add_argument("out", nargs="?", default=None, help="default: tests/baselines/05_explore.ipynb")
    args = parser.parse_args(argv)
    try:
        out = execute_baseline(args.out)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {paths.relative(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
