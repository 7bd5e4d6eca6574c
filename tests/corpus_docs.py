"""Real corpus documents for rule tests, extracted once per session, and one-defect copies."""

from __future__ import annotations

import copy
import csv
import hashlib
from decimal import Decimal
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The repository's own copies: the default document's seed text and the real-PDF test corpus
# (tests/corpus/SOURCES.csv records each PDF's origin and SHA-256).
SEED = ROOT / "data" / "seed" / "000_8a71d80099de2dea.txt"
CORPUS = ROOT / "tests" / "corpus"


@cache
def _sources() -> dict[str, dict]:
    with open(CORPUS / "SOURCES.csv", newline="", encoding="utf-8") as f:
        return {row["slug"]: row for row in csv.DictReader(f)}


def corpus_folders() -> list[str]:
    return sorted(_sources())


@cache
def corpus_pdf(folder: str) -> Path:
    """The corpus PDF of `folder`, checked against the SHA-256 recorded when it was copied."""
    row = _sources()[folder]
    pdf = CORPUS / folder / row["file"]
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert digest == row["sha256"], f"{pdf} is not the published file (SHA-256 {digest})"
    return pdf


@cache
def _extracted(folder: str):
    from budget_audit.extract import extract_document

    return extract_document(corpus_pdf(folder))


def doc(folder: str):
    return _extracted(folder)


DEFAULT_PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


@cache
def default_doc():
    """The default document (江汉区大数据中心 2024), extracted once per test session."""
    from budget_audit.extract import extract_document

    return extract_document(DEFAULT_PDF)


def rule_findings(x, *rules):
    """The findings of the given rules on an extraction; every rule must run."""
    from budget_audit.rules import AuditInput, run_rules

    res = run_rules(AuditInput.of(x), list(rules))
    assert res.failures == []
    return res.findings


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
