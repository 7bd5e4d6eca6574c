"""05_explore.ipynb sees exactly what CI has: the default document alone.

Its baseline was executed (``make baselines``, ``python tools/refresh_explore_baseline.py``)
against a project folder holding only the default document's audit.  Other audits in the
reports folder (corpus PDFs, other years, other tests' documents) would change every
cross-document table, so the notebook's kernel is started with BUDGET_AUDIT_REPORTS /
BUDGET_AUDIT_INTERIM pointing at such a folder: symlinks to the suite's own default-document
audit (tests/conftest.py makes it).
"""
import shutil
import tempfile
from pathlib import Path

import pytest

EXPLORE = "05_explore.ipynb"
_roots: list[str] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if item.path.name != EXPLORE or _roots:
        return (yield)
    from budget_audit import explore

    # The suite's default audit first (tests/conftest.py), while the environment still names
    # the suite's own folders: it remembers where it wrote.
    for plugin in item.config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", "") == str(Path(__file__).parents[1] / "conftest.py"):
            plugin._audit_default()
    root = tempfile.mkdtemp(prefix="explore-root-")
    _roots.append(root)
    explore.default_only_root(root)
    with explore.environ(explore.root_environment(root)):  # inherited by the kernel nbval starts now
        return (yield)


def pytest_sessionfinish(session):
    for root in _roots:
        shutil.rmtree(root, ignore_errors=True)
