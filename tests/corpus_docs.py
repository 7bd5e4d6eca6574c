"""Real corpus documents for rule tests, extracted once per session, and one-defect copies."""

from __future__ import annotations

import copy
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_pdf(folder: str) -> Path:
    pdfs = sorted((CORPUS / folder).glob("*.pdf"))
    if not pdfs:
        pytest.skip(f"corpus document {folder} not available ({CORPUS})")
    return pdfs[0]


@cache
def _extracted(folder: str):
    from budget_audit.extract import extract_document

    return extract_document(corpus_pdf(folder))


def doc(folder: str):
    corpus_pdf(folder)  # skip (not cache) when the corpus is absent
    return _extracted(folder)


def replace_text(x, old: str, new: str, count: int = -1):
    """A copy of extraction x whose narrative says `new` where it said `old`."""
    y = copy.copy(x)
    y.narrative = copy.deepcopy(x.narrative)
    n = 0
    for sec in y.narrative:
        for s in sec.get("sentences", []):
            if old in s["text"]:
                s["text"] = s["text"].replace(old, new, count)
                n += 1
    assert n, old
    return y


def set_cell(x, table: str, column_part: str, value: str, name: str | None = None):
    """A copy of extraction x with one table cell printed as `value` (万元 tables)."""
    y = copy.copy(x)
    y.cells = x.cells.copy()
    df = y.cells
    mask = (df.table_id == table) & df.column.astype(str).str.contains(column_part, regex=False)
    if name is not None:
        mask &= df.name.astype(str) == name
    idx = df.index[mask]
    assert len(idx) == 1, df[mask]
    df.at[idx[0], "value"] = Decimal(value)
    df.at[idx[0], "raw"] = value
    df.at[idx[0], "value_wan"] = Decimal(value)
    return y
