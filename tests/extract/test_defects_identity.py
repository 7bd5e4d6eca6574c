"""The body's name (DOC-BODY-NAME) and placeholders in the 绩效 forms (TEXT-PLACEHOLDER): a
defect injected into a real document gives its finding, and the clean original gives none.
Names are injected into the PDF's text and re-read by budget_audit.identity, as the extractor
reads them."""
from __future__ import annotations

import copy

from budget_audit.identity import identify, page_texts
from corpus_docs import corpus_pdf, doc
from corpus_docs import default_doc as default
from corpus_docs import rule_findings as findings

WUXI = "js_wuxi_xfj_2025_dept_budget"  # 无锡市信访局: its name in the running header of every page
GHZY = "sh_putuo_ghzy_2024_final"


def with_text(folder: str, page: int, old: str, new: str):
    """A copy of the corpus document whose page `page` prints `new` for its first `old`, with
    the identity re-read from the edited text."""
    pdf = corpus_pdf(folder)
    pages = page_texts(pdf.read_bytes())
    assert old in pages[page - 1], old
    pages[page - 1] = pages[page - 1].replace(old, new, 1)
    x = doc(folder)
    y = copy.copy(x)
    y.meta = dict(x.meta, **identify(pages, pdf.name).as_meta())
    return y


def test_body_name_clean_originals():
    for x in (default(), doc(WUXI)):
        assert findings(x, "DOC-BODY-NAME") == []


def test_body_name_of_another_level_in_a_published_title():
    # true in the published PDF: p.7 heads its tables "上海市规划和自然资源局 2024 年度部门决算表"
    # (the city's bureau), while the cover and three other titles name 上海市普陀区规划和自然资源局
    fs = findings(doc(GHZY), "DOC-BODY-NAME")
    assert [(f.rule, f.severity, f.subject) for f in fs] == [
        ("DOC-BODY-NAME", "error", "机构名称 上海市规划和自然资源局")]


def test_another_citys_office_in_a_running_header():
    x = with_text(WUXI, 11, "无锡市信访局 2025 年度部门预算公开", "江阴市信访局 2025 年度部门预算公开")
    fs = findings(x, "DOC-BODY-NAME")
    assert [(f.rule, f.severity, f.subject) for f in fs] == [
        ("DOC-BODY-NAME", "error", "机构名称 江阴市信访局")]
    assert "无锡市信访局" in fs[0].message


def test_another_citys_office_in_a_table_name_field_is_a_warning():
    x = with_text(WUXI, 11, "部门：无锡市信访局", "部门：江阴市信访局")
    fs = findings(x, "DOC-BODY-NAME")
    assert [(f.rule, f.severity) for f in fs] == [("DOC-BODY-NAME", "warning")]
    assert "报表的单位名称" in fs[0].message


def test_placeholder_in_performance_form():
    t = default().tables["perf_project#1"]
    y = copy.copy(default())
    y.tables = dict(default().tables)
    y.tables["perf_project#1"] = copy.copy(t)
    frame = t.frame.copy()
    hits = frame.isin(["运行管理科"])
    assert hits.to_numpy().sum() == 1
    y.tables["perf_project#1"].frame = frame.mask(hits, "XX科")
    assert findings(default(), "TEXT-PLACEHOLDER") == []
    fs = findings(y, "TEXT-PLACEHOLDER")
    assert [(f.rule, f.row) for f in fs] == [("TEXT-PLACEHOLDER", "报表 perf_project#1")]
