"""The whole test corpus is a test: one batch `budget-audit run` (JOBS=2) over links to every
corpus PDF (budget_audit.corpus_audit, what `make audit-corpus` runs). Every document ends
audited (`ok`, or `partial` with its reasons) or refused for a documented reason; none ends in
internal_error, and docs/extraction.md lists the outcome each one has. The outputs stay in
reports/_test/corpus, so a re-run with nothing changed does no work.
"""

import re
from pathlib import Path

import openpyxl
import pytest

from budget_audit import paths
from budget_audit.corpus_audit import audit_corpus
from budget_audit.run.pipeline import AUDITED
from corpus_docs import CORPUS, corpus_folders

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Audit outcome per corpus document"


@pytest.fixture(scope="module")
def outcomes():
    rows, took = audit_corpus(CORPUS, jobs=2)
    print(f"corpus audit: {len(rows)} documents in {took:.0f} s (JOBS=2)")
    return {r.slug: r for r in rows}


def test_every_document_is_audited_or_refused_for_a_documented_reason(outcomes):
    assert sorted(outcomes) == corpus_folders()
    assert {slug: (r.status, r.detail) for slug, r in outcomes.items() if not r.acceptable} == {}


def test_the_187_page_document_has_its_report_and_its_control_character_is_shown(outcomes):
    shenzhen = outcomes["gd_shenzhen_swj_2026_dept_budget"]
    assert shenzhen.status in AUDITED and shenzhen.pages == 187
    report = paths.REPORTS / "corpus" / "2026" / "gd_shenzhen_swj_2026_dept_budget"
    assert (report / "report.html").stat().st_size > 0
    # The published text layer holds U+0002 inside one project description (公明…石岩水库供水隧洞):
    # Excel refuses the character, so tables.xlsx shows it as a marker instead of failing.
    book = openpyxl.load_workbook(report / "tables.xlsx", read_only=True)
    texts = [v for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert any("公明⟨U+0002⟩石岩水库供水隧洞" in t for t in texts)


def _documented() -> dict[str, str]:
    text = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
    rows = re.findall(r"^\| (\w+) \| \d* \| \d* \| (\w+) \| ([^|]*) \|", section, re.M)
    return {slug: status + (f" {detail.strip()}" if status == "bad_input" else "") for slug, status, detail in rows}


def test_docs_list_the_outcome_of_every_document(outcomes):
    actual = {slug: r.status + (f" {r.detail}" if r.status == "bad_input" else "") for slug, r in outcomes.items()}
    assert _documented() == actual
