"""The cores this process may use, and how a batch shares them: each of its workers' documents
is read by as many camelot workers as its share of the cores (extract.bounds.readers)."""

from __future__ import annotations

import os

READERS_ENV = "BUDGET_AUDIT_READERS"  # camelot workers per document, set by a batch's pool


def usable() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def share(documents_at_once: int) -> int:
    """Each document's share of the cores when this many are audited at once (at least 1)."""
    return max(1, usable() // max(documents_at_once, 1))
