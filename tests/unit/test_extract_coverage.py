"""Corpus coverage figures (extract.report.coverage), as `make bench` prints them."""
from budget_audit.extract.report import coverage, present_counts


def test_coverage_counts_tables_and_forms_apart():
    inv = {"a.pdf": [{"id": "income_expense_summary", "structure": "verified"},
                     {"id": "gpb_function", "structure": "uncertain"},
                     {"id": "other#1", "structure": "unreadable"},
                     {"id": "perf_project#1", "structure": "verified"}],
           "b.pdf": None}
    cov = coverage(inv, {"a.pdf": 4, "b.pdf": 0})
    assert cov == {"documents": 2, "refused": 1, "present": 4, "found": 3, "verified": 1, "uncertain": 1,
                   "unreadable": 1, "forms": 1, "forms_verified": 1, "verified_share": 0.3333}


def test_present_counts_cover_the_corpus():
    present = present_counts()
    assert len(present) == 67 and all(n >= 0 for n in present.values())
