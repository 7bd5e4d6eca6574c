"""Extraction results keyed by the PDF's SHA-256 and the extractor's version, so re-running the
later stages (a rule changed, the report template changed) never re-reads the PDF.

The extractor's version is a hash of its own source files: any change to them is a new
version, with no number to forget to bump.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .. import atomic

PACKAGE = Path(__file__).resolve().parents[1]
EXTRACTOR_SOURCES = ["extract", "pdfdoc.py", "numbers.py", "narrative.py", "tablemap.py",
                     "tidy.py", "identity.py", "data/table_map.yaml"]
KEY_FILE = "extraction.key"


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    for name in EXTRACTOR_SOURCES:
        path = PACKAGE / name
        for file in sorted(path.rglob("*.py") if path.is_dir() else [path]):
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def key_for(pdf: Path) -> str:
    return f"{hashlib.sha256(pdf.read_bytes()).hexdigest()} {extractor_version()}"


def is_current(pdf: Path, interim: Path) -> bool:
    marker = interim / KEY_FILE
    return marker.exists() and marker.read_text() == key_for(pdf)


def mark_current(pdf: Path, interim: Path) -> None:
    """Written last, after every extraction file: an interrupted save is never taken as current."""
    atomic.write_text(interim / KEY_FILE, key_for(pdf))
