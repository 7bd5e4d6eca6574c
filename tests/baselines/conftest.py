"""05_explore.ipynb sees exactly what CI has: the default document alone.

Its baseline was executed (``make baselines``, ``python -m budget_audit.explore baseline``)
against a project folder holding only the default document's audit.  Other audits a developer
ran (corpus PDFs, other years) would change every cross-document table, so the notebook's
kernel is started with BUDGET_AUDIT_ROOT pointing at such a folder, built from this checkout's
own default-document audit (re-created by 01..04 just before).
"""
import os
import shutil
import tempfile

import pytest

EXPLORE = "05_explore.ipynb"
_roots: list[str] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if item.path.name != EXPLORE or _roots:
        return (yield)
    from budget_audit.explore import default_only_root

    root = tempfile.mkdtemp(prefix="explore-root-")
    _roots.append(root)
    default_only_root(root)
    old = os.environ.get("BUDGET_AUDIT_ROOT")
    os.environ["BUDGET_AUDIT_ROOT"] = root  # inherited by the kernel nbval starts now
    try:
        return (yield)
    finally:
        if old is None:
            os.environ.pop("BUDGET_AUDIT_ROOT", None)
        else:
            os.environ["BUDGET_AUDIT_ROOT"] = old


def pytest_sessionfinish(session):
    for root in _roots:
        shutil.rmtree(root, ignore_errors=True)
