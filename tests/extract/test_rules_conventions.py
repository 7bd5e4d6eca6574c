"""The document's own rounding convention, learned from its agreeing pairs (CONV-ROUNDING), on
copies of a real 元-table document whose narrative states 万元 amounts."""
from decimal import Decimal as D

from budget_audit.rules import AuditInput, run_rules
from corpus_docs import doc, replace_text

# 上海市普陀区人民政府办公室 2025: tables in 元 (91,016,775.35 元, 2,132,777.54 元), narrative in
# 万元 rounded half-up (9,101.68, 213.28): every pair fits rounding
FOLDER = "sh_putuo_zfb_2025_dept_budget"


def _narr(res, stated):
    return [c for c in res.findings if c.rule == "NARR-AMOUNT" and c.stated == D(stated)]


def test_the_published_document_rounds_half_up():
    res = run_rules(AuditInput.of(doc(FOLDER)))
    assert not [c for c in res.findings if c.rule == "CONV-ROUNDING"]
    assert not _narr(res, "9101.68")


def test_consistent_truncation_is_the_documents_convention_not_an_error():
    x = replace_text(doc(FOLDER), "9,101.68万元", "9,101.67万元")
    x = replace_text(x, "213.28万元", "213.27万元")
    res = run_rules(AuditInput.of(x))
    notes = [c for c in res.findings if c.rule == "CONV-ROUNDING"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert notes[0].message.startswith("本文件将元折算为万元时采用截尾")
    assert not _narr(res, "9101.67")
    assert res.summary()["error"] == 0


def test_one_truncated_amount_among_rounded_ones_is_still_found():
    x = replace_text(doc(FOLDER), "收入预算9,101.68万元", "收入预算9,101.67万元")
    res = run_rules(AuditInput.of(x))
    assert not [c for c in res.findings if c.rule == "CONV-ROUNDING"]
    # found, as a warning that says why: one amount that only truncation explains, in a
    # document that rounds elsewhere, may be a slip or a second habit; an error must be certain
    found = _narr(res, "9101.67")
    assert [c.severity for c in found] == ["warning"] and "截尾" in found[0].message
