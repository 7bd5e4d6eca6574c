"""What is stale, decided one way: by a hash of the content of what a result depends on.

- An extraction is keyed by the PDF's SHA-256 and the extractor's version: a hash of the
  modules of ``budget_audit.extract``, every package module they import (found by following
  their imports, so no list to keep) and the data files they name. A changed rule or report
  re-runs the later stages and never re-reads the PDF.
- A document's audit depends on its PDF and on the pipeline's version: a hash of every file of
  the package and of the notebooks. The plan writes it to a file that changes only when the
  hash does, and make compares that file's time with the document's stamp.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from .. import atomic, paths

PACKAGE = Path(__file__).resolve().parents[1]
KEY_FILE = "extraction.key"
EXTRACTOR = "extract"  # the subpackage whose modules, with what they import, make the extractor


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


# Import statements and package data names, read as text: parsing every module (ast) took
# 0.15 s of each extraction. A match inside a string or comment only adds a file to the hash.
_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([^\n]*)", re.M)
_DATA = re.compile(r"""["'](data/[^"'\s]+)["']""")


def _names(text: str) -> list[str]:
    """`a, b as c  # note` or `(\n a,\n b,\n)` → [a, b]."""
    text = re.sub(r"#[^\n]*", "", text).strip("()\\ \t\n")
    return [part.split()[0] for part in text.split(",") if part.split()]


def _uses(path: Path) -> tuple[set[str], set[Path]]:
    """The package modules a module imports anywhere in it (lazy imports included), and the
    package data files it names in a string (``"data/table_map.yaml"``)."""
    parts = ["budget_audit", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = parts[:-1]  # an __init__'s package, or a module's
    text = path.read_text(encoding="utf-8")
    modules = set()
    for dots, name, imported in _FROM.findall(text):
        base = package[:len(package) - len(dots) + 1] if dots else []
        module = ".".join(base + ([name] if name else []))
        modules.add(module)
        modules.update(f"{module}.{alias}" for alias in _names(imported))
    for imported in _IMPORT.findall(text):
        modules.update(_names(imported))
    data = {PACKAGE / name for name in _DATA.findall(text)}
    return ({m for m in modules if m.split(".")[0] == "budget_audit"}, {d for d in data if d.is_file()})


@cache
def extractor_sources() -> list[Path]:
    """Every package file the extractor runs or reads: the import closure of every module of
    the subpackage (the pipeline calls some, such as pairing, that its __init__ does not import)."""
    todo = [f"budget_audit.{EXTRACTOR}.{p.stem}" for p in (PACKAGE / EXTRACTOR).glob("*.py")]
    seen, data = set(), set()
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
