"""What is stale, decided one way: by a hash of the content of what a result depends on.

- An extraction is keyed by the PDF's SHA-256 and the extractor's version: a hash of the
  package modules ``budget_audit.extract`` imports (found by following its imports, so no list
  to keep) and the data files they name. A changed rule or report re-runs the later stages and
  never re-reads the PDF.
- A document's audit depends on its PDF and on the pipeline's version: a hash of every file of
  the package and of the notebooks. The plan writes it to a file that changes only when the
  hash does, and make compares that file's time with the document's stamp.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

from .. import atomic, paths

PACKAGE = Path(__file__).resolve().parents[1]
KEY_FILE = "extraction.key"
EXTRACTOR = "extract"  # the subpackage whose imports make the extractor


def _module_file(name: str) -> Path | None:
    """budget_audit.a.b → its file in the package (a module or a package's __init__); None for
    the top package, whose __init__ only names the API (budget_audit.load, lazily)."""
    if "." not in name:
        return None
    rel = Path(*name.split(".")[1:])
    for path in (PACKAGE / rel.with_suffix(".py"), PACKAGE / rel / "__init__.py"):
        if path.is_file():
            return path
    return None


def _uses(path: Path) -> tuple[set[str], set[Path]]:
    """The package modules a module imports anywhere in it (lazy imports included), and the
    package data files it names in a string (``"data/table_map.yaml"``)."""
    parts = ["budget_audit", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = parts[:-1]  # an __init__'s package, or a module's
    modules, data = set(), set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            modules.add(module)
            modules.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("data/"):
            data.add(PACKAGE / node.value)
    return ({m for m in modules if m.split(".")[0] == "budget_audit"}, {d for d in data if d.is_file()})


@cache
def extractor_sources() -> list[Path]:
    """Every package file the extractor runs or reads: its modules' import closure."""
    todo, seen, data = [f"budget_audit.{EXTRACTOR}"], set(), set()
    while todo:
        path = _module_file(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        modules, named = _uses(path)
        todo.extend(modules)
        data |= named
    return sorted(seen | data)


def pipeline_sources() -> list[Path]:
    """Every file whose change makes every audit stale: the package and the notebooks."""
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files + list(paths.NOTEBOOKS.glob("*.ipynb")))


def version(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(paths.relative(file).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


@cache
def extractor_version() -> str:
    return version(extractor_sources())


def write_version(path: Path) -> Path:
    """The pipeline's version in ``path``, rewritten only when it changed (make reads its time)."""
    current = version(pipeline_sources())
    if not path.exists() or path.read_text() != current:
        atomic.write_text(path, current)
    return path


def key_for(pdf: Path) -> str:
    return f"{hashlib.sha256(pdf.read_bytes()).hexdigest()} {extractor_version()}"


def is_current(pdf: Path, interim: Path) -> bool:
    marker = interim / KEY_FILE
    return marker.exists() and marker.read_text() == key_for(pdf)


def mark_current(pdf: Path, interim: Path) -> None:
    """Written last, after every extraction file: an interrupted save is never taken as current."""
    atomic.write_text(interim / KEY_FILE, key_for(pdf))
