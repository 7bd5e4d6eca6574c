"""Extraction is cached by the PDF's SHA-256 and the extractor's version."""

import shutil
from pathlib import Path

import pytest

from budget_audit import extract, stages
from budget_audit.extract import pairing
from budget_audit.run import cache

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"


@pytest.fixture
def extracted(tmp_path):
    pdf = tmp_path / "doc.pdf"
    shutil.copy(DEFAULT_PDF, pdf)
    first = stages.extract(str(pdf), str(tmp_path / "interim"))
    return pdf, tmp_path / "interim", first


def _refuse(*args, **kwargs):
    raise AssertionError("the PDF was read again")


def _forbid_reading(monkeypatch):
    """Any extraction from now on fails: the names the pipeline calls (one PDF or a pair)."""
    monkeypatch.setattr(extract, "extract_document", _refuse)
    monkeypatch.setattr(pairing, "extract_document", _refuse)


def test_unchanged_pdf_is_not_read_again(extracted, monkeypatch):
    pdf, interim, first = extracted
    _forbid_reading(monkeypatch)
    again = stages.extract(str(pdf), str(interim))
    assert again.meta["sha256"] == first.meta["sha256"]
    assert len(again.cells) == len(first.cells)


def test_a_changed_pdf_is_extracted_again(extracted, monkeypatch):
    pdf, interim, _ = extracted
    with open(pdf, "ab") as fh:
        fh.write(b"\n% appended comment changes the hash\n")
    _forbid_reading(monkeypatch)
    with pytest.raises(AssertionError, match="read again"):
        stages.extract(str(pdf), str(interim))


def test_a_new_extractor_version_invalidates_the_cache(extracted, monkeypatch):
    pdf, interim, _ = extracted
    monkeypatch.setattr(cache, "extractor_version", lambda: "another-version")
    assert not cache.is_current(pdf, interim)


def test_the_extractor_version_covers_every_module_an_extraction_runs(tmp_path):
    """A module the extraction runs but the version leaves out would keep a stale extraction."""
    import json
    import os
    import subprocess
    import sys

    probe = ("import json, sys; from budget_audit import stages; "
             f"stages.extract({str(DEFAULT_PDF)!r}, {str(tmp_path / 'interim')!r}); "
             "print(json.dumps(sorted(m.__file__ for n, m in list(sys.modules.items()) "
             "if n.startswith('budget_audit.') and getattr(m, '__file__', None))))")
    ran = json.loads(subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                                    text=True, env={**os.environ, "BUDGET_AUDIT_INLINE": "1"}).stdout)
    # What calls the extractor (stages, the cache in run/) is not the extractor.
    ran = {Path(f).resolve() for f in ran if "/budget_audit/run/" not in f} - {cache.PACKAGE / "stages.py"}
    covered = set(cache.extractor_sources())
    assert ran - covered == set()
    assert cache.PACKAGE / "data" / "table_map.yaml" in covered
