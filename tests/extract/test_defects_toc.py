"""The document's own promises (rules/toc.py): a defect injected into the text of a real 目录
(re-read by budget_audit.toc.read_toc, the extractor's own reader) gives its finding, and the
clean original gives none."""
from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from budget_audit.identity import page_texts
from budget_audit.toc import read_toc
from corpus_docs import DEFAULT_PDF, corpus_pdf, doc
from corpus_docs import default_doc as default
from corpus_docs import rule_findings as findings

TOC_RULES = ("COMP-TOC-TABLES", "COMP-TOC-NUMBERING", "COMP-TOC-EMPTY")
QUANZHOU = "fj_quanzhou_zfb_2026_dept_budget"   # a 目录 with leader dots and page numbers
XIAN_AJJ = "sn_xian_ajj_2019_dept_budget_tables"  # a 报表目录 marking each 表N 是否空表


@cache
def _texts(pdf: Path) -> tuple[str, ...]:
    return tuple(page_texts(pdf.read_bytes()))


def with_toc(x, pdf: Path, *edits: tuple[str, str]):
    """A copy of x whose printed 目录 says `new` where it said `old`, for each (old, new) of
    `edits` (the edited text is re-read)."""
    pages = list(_texts(pdf))
    for old, new in edits:
        hits = [i for i, t in enumerate(pages) if old in t]
        assert hits, old
        pages[hits[0]] = pages[hits[0]].replace(old, new, 1)
    y = copy.copy(x)
    y.meta = dict(x.meta, toc=read_toc(pages))
    return y


def test_default_document_toc_is_read():
    toc = default().meta["toc"]
    assert [e["number"] for e in toc[-3:]] == ["十三、", "十四、", "十五、"]
    assert toc[-3]["title"] == "2024 年政府向社会力量购买服务预算表" and toc[-3]["elsewhere"] == [22]


def test_clean_originals_give_no_toc_finding():
    # the default document's 目录 names two 绩效 forms otherwise than their tables (true: p.2
    # "部门（单位）整体绩效目标申报表" against p.23 "部门整体绩效目标申报表"): info only
    fs = findings(default(), *TOC_RULES)
    assert [(f.rule, f.severity) for f in fs] == [("COMP-TOC-TABLES", "info")]
    assert "部门（单位）整体绩效目标申报表" in fs[0].message
    assert findings(doc(QUANZHOU), *TOC_RULES) == []
    # true in the published PDF: p.2 marks "表15 是 本单位无专项资金预算" (empty), while p.39
    # prints 附表15 "2019年专项资金整体支出绩效目标表" with 实施期资金总额 1620.98 万元
    fs = findings(doc(XIAN_AJJ), *TOC_RULES)
    assert [(f.rule, f.severity, f.subject) for f in fs] == [
        ("COMP-TOC-EMPTY", "error", "报表目录 表15 空表")]
    assert "1620.98" in fs[0].message


def test_table_listed_in_the_toc_but_absent():
    last = "十五、2024 年项目支出绩效目标申报表"
    x = with_toc(default(), DEFAULT_PDF, (last, last + "\n十六、2024 年国有资产配置预算表"))
    fs = [f for f in findings(x, *TOC_RULES) if f.severity != "info"]
    assert [(f.rule, f.severity) for f in fs] == [("COMP-TOC-TABLES", "error")]
    assert "十六、2024 年国有资产配置预算表" in fs[0].message


def test_listed_table_absent_from_a_corpus_document():
    last = "十、一般公共预算“三公”经费支出预算表"
    x = with_toc(doc(QUANZHOU), corpus_pdf(QUANZHOU), (last, last + "\n十一、政府采购预算表"))
    fs = findings(x, *TOC_RULES)
    assert [(f.rule, f.severity) for f in fs] == [("COMP-TOC-TABLES", "error")]
    assert "政府采购预算表" in fs[0].message


def test_tables_printed_in_another_order_than_the_toc():
    x = with_toc(default(), DEFAULT_PDF,
                 ("九、2024年政府性基金预算支出表", "九、2024年国有资本经营预算支出表X"),
                 ("十、2024年国有资本经营预算支出表", "十、2024年政府性基金预算支出表"),
                 ("九、2024年国有资本经营预算支出表X", "九、2024年国有资本经营预算支出表"))
    fs = [f for f in findings(x, *TOC_RULES) if f.severity != "info"]
    assert [(f.rule, f.severity, f.table) for f in fs] == [
        ("COMP-TOC-TABLES", "warning", "gov_fund")]
    assert "第 19 页和第 18 页" in fs[0].message


def test_toc_title_that_differs_from_the_table():
    x = with_toc(doc(QUANZHOU), corpus_pdf(QUANZHOU), ("二、收入预算总表", "二、收入预算明细表"))
    fs = findings(x, *TOC_RULES)
    assert [(f.rule, f.severity) for f in fs] == [("COMP-TOC-TABLES", "info")]
    assert "收入预算明细表" in fs[0].message


def test_toc_numbering_with_a_gap():
    x = with_toc(default(), DEFAULT_PDF, ("十二、2024 年政府采购预算表", "十三、2024 年政府采购预算表"))
    fs = [f for f in findings(x, *TOC_RULES) if f.severity != "info"]
    assert [(f.rule, f.severity) for f in fs] == [("COMP-TOC-NUMBERING", "warning")]
    assert "编号 11 之后" in fs[0].message


def new_findings(x, clean, *rules):
    before = {f.finding_id for f in findings(clean, *rules)}
    return [f for f in findings(x, *rules) if f.finding_id not in before]


def test_report_toc_marks_a_table_with_data_as_empty():
    x = with_toc(doc(XIAN_AJJ), corpus_pdf(XIAN_AJJ), ("表2 否", "表2 是 本单位无收入"))
    fs = new_findings(x, doc(XIAN_AJJ), *TOC_RULES)
    assert [(f.rule, f.subject) for f in fs] == [("COMP-TOC-EMPTY", "报表目录 表2 空表")]
    assert "非零金额" in fs[0].message


def test_report_toc_marks_an_empty_table_as_not_empty():
    x = with_toc(doc(XIAN_AJJ), corpus_pdf(XIAN_AJJ), ("表9 是 本单位无政府性基金预算", "表9 否"))
    fs = new_findings(x, doc(XIAN_AJJ), *TOC_RULES)
    assert [(f.rule, f.subject) for f in fs] == [("COMP-TOC-EMPTY", "报表目录 表9 非空表")]
