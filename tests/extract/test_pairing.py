"""Paired volumes: a narrative PDF and a tables PDF audited as one disclosure (real files of the
corpus, real OCR of the scanned narrative, real camelot on the tables)."""
import copy
from decimal import Decimal

import pytest

from budget_audit.errors import BadInput
from budget_audit.extract.pairing import cite, extract_pair, merge
from budget_audit.rules import run_rules
from corpus_docs import _sources, corpus_pdf, doc

NARR, TABLES = "bj_zwsj_2026_dept_budget_scanned", "bj_zwsj_2026_dept_budget_tables"


@pytest.fixture(scope="module")
def pair():
    return merge(doc(NARR), doc(TABLES))


def test_one_disclosure_from_two_files(pair):
    vols = pair.meta["volumes"]
    assert [v["role"] for v in vols] == ["narrative", "tables"]
    assert [v["sha256"] for v in vols] == [_sources()[NARR]["sha256"], _sources()[TABLES]["sha256"]]
    assert [v["file"] for v in vols] == [corpus_pdf(NARR).name, corpus_pdf(TABLES).name]
    n = vols[0]["pages"]
    # the narrative from the first file, every table from the second, pages numbered through both
    assert {s["page"] for sec in pair.narrative for s in sec["sentences"]} <= set(range(1, n + 1))
    assert min(p for t in pair.tables.values() for p in t.pages) == n + 1
    assert set(pair.cells["page"]) <= set(range(n + 1, n + vols[1]["pages"] + 1))
    assert cite(pair.meta, n + 1) == (corpus_pdf(TABLES).name, 1)
    assert cite(pair.meta, 5) == (corpus_pdf(NARR).name, 5)
    # the shared extractions are not changed by the merge
    assert min(p for t in doc(TABLES).tables.values() for p in t.pages) == 1
    assert pair.meta["year"] == 2026 and not pair.narrative_only


def test_the_scanned_narrative_contradicts_its_tables(pair):
    # p.5 of the scan prints "（一）本年财政拨款收入 101,673.03 万元", while its 财政拨款收支总表
    # gives 本年收入合计 96,722.18: the 101,673.03 is the whole 收入预算, 上年结转结余 4,950.85 included
    # (its own pie chart says 95.13 % / 4.87 %).  OCR read the digits at ≥ 90 and the table is
    # born-digital and verified, so the finding is an error.
    hits = [c for c in run_rules(pair).findings
            if c.rule == "NARR-AMOUNT" and c.stated == Decimal("101673.03") and c.table == "fiscal_summary"]
    assert len(hits) == 1 and hits[0].severity == "error" and hits[0].page == 5
    assert "96722.18" in hits[0].message
    assert pair.tables["fiscal_summary"].structure == "verified"


def test_unconfirmed_ocr_digits_make_it_a_warning_that_says_why(pair):
    # the same finding, had the recogniser been unsure of the digits it rests on
    doubtful = copy.copy(pair)
    doubtful.meta = copy.deepcopy(pair.meta)
    for n in doubtful.meta["ocr"]["numbers"]:
        if n["page"] == 5 and n["text"] == "101,673.03":
            n["conf"] = 60.0
    hit = [c for c in run_rules(doubtful).findings
           if c.rule == "NARR-AMOUNT" and c.stated == Decimal("101673.03")]
    assert len(hit) == 1 and hit[0].severity == "warning"
    assert "识别置信度 60 低于 90" in hit[0].message and "请对照原件核实" in hit[0].message


def test_two_files_of_different_years_are_refused():
    with pytest.raises(BadInput, match="not one disclosure: different years"):
        merge(doc(NARR), doc("js_rd_2019_dept_budget_tables"))


def test_a_tables_file_is_not_a_narrative():
    with pytest.raises(BadInput, match="same file given twice"):
        extract_pair(corpus_pdf(TABLES), corpus_pdf(TABLES))
    with pytest.raises(BadInput, match="no table"):
        merge(doc(NARR), doc(NARR))
