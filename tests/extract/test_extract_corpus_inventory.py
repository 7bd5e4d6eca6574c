"""Every corpus PDF's table inventory, pinned: for each table its id (kind), pages and structure
status (tests/data/corpus_inventory.json).

The status is the extractor's own proof (extract/prove.py): `verified` means the table's
footings, cross-footings and total rows were checked and held (at most two isolated
inconsistencies, which the published table itself carries, among many that hold); a table
whose reading could not be proved is pinned as `uncertain`/`unreadable`, never as verified,
so a misreading is never pinned as truth.  docs/extraction.md lists each unverified table
with its cause.  Documents the extractor refuses (a scanned narrative, a one-page 绩效 form
with no budget table) are pinned with their error.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from budget_audit.errors import BadInput
from budget_audit.extract import extract_document
from corpus_docs import corpus_folders, corpus_pdf, doc

PINS = json.loads((Path(__file__).resolve().parents[1] / "data" / "corpus_inventory.json").read_text(encoding="utf-8"))


def test_every_corpus_document_is_pinned():
    assert sorted(PINS) == corpus_folders()


@pytest.mark.parametrize("folder", sorted(PINS))
def test_inventory_pinned(folder):
    pin = PINS[folder]
    if "error" in pin:
        with pytest.raises(BadInput, match=pin["error"]):
            extract_document(corpus_pdf(folder))
        return
    inv = doc(folder).inventory()
    assert [[t["id"], t["pages"], t["structure"]] for t in inv] == pin["tables"]
    for t in inv:
        assert t["structure"] in ("verified", "uncertain", "unreadable")
        assert t["kind"] == t["id"].split("#")[0]
        if t["structure"] != "verified":
            assert t["reason"], t["id"]  # every unverified table says why
