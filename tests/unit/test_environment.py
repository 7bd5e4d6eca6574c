"""The project's environment: pins that agree, and a kernel that belongs to the venv."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _pins(lines) -> dict[str, str]:
    return {_canonical(n): v for n, v in (line.split("==") for line in lines if "==" in line)}


def _pyproject_deps() -> list[str]:
    """The runtime dependencies and every optional group (dev tools: make setup installs them)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + [d for group in project.get("optional-dependencies", {}).values()
                                      for d in group]


def _pyproject_pins() -> dict[str, str]:
    return _pins(_pyproject_deps())


def test_every_dependency_is_pinned():
    assert all(d.count("==") == 1 for d in _pyproject_deps()), "reproducible installs need exact pins"


def test_ruff_is_a_pinned_dev_tool():
    assert "ruff" in _pyproject_pins(), "make lint runs the pinned ruff"


def test_environment_yml_declares_the_same_packages_and_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert _pins(pip_section) == _pyproject_pins()


def test_lock_file_agrees_with_pyproject():
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, name


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    for name, pinned in _pyproject_pins().items():
        assert version(name) == pinned, name


def test_project_kernel_runs_this_interpreter():
    """papermill and nbval use the 'budget-audit' kernel from the venv, never a user kernelspec."""
    out = subprocess.run(
        [sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"],
        capture_output=True, text=True, check=True,
    )
    spec = json.loads(out.stdout)["kernelspecs"]["budget-audit"]
    assert Path(spec["resource_dir"]).is_relative_to(Path(sys.prefix))
    assert Path(spec["spec"]["argv"][0]).resolve() == Path(sys.executable).resolve()
