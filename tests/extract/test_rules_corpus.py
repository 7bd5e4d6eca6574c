"""The rules on every real disclosure of the corpus (tests/corpus, extracted by the real
extractor): every error finding is pinned with the reason it is real in the published PDF
(checked by hand, page given); none other may appear.  docs/corpus-errors.md lists them."""
from decimal import Decimal as D

import pytest

from budget_audit.errors import BadInput
from budget_audit.findings import build_findings
from budget_audit.rules import AuditInput, load_catalogue, run_rules
from corpus_docs import corpus_folders, doc

# An amount error is (rule, subject, stated, expected); a table-arithmetic error is (rule,
# subject, every other place of the same cause).
EXPECTED_ERRORS = {
    # Shanghai 规划资源 2024 决算: section 六 (p.24) says 一般公共预算财政拨款基本支出 5377.64; the
    # 一般公共预算财政拨款支出决算表 totals 基本支出 5364.75 (p.15)
    # ... and p.7 heads its tables "上海市规划和自然资源局 2024 年度部门决算表", the city's bureau,
    # where the cover and three other titles name 上海市普陀区规划和自然资源局
    "sh_putuo_ghzy_2024_final": {
        ("NARR-AMOUNT", "一般公共预算财政拨款基本支出", D("5377.64"), D("5364.75")),
        ("DOC-BODY-NAME", "机构名称 上海市规划和自然资源局", None, None),
    },
    # Shanghai 司法局 2026 单位预算: 行政运行 prints 64,840,547.00 元 under 项目支出 (the 司法 款
    # total; p.11 and p.14), so its row no longer adds up and 司法 no longer sums its 项, in both
    # tables that carry it -- one misprint per table, each found by its row and its column
    "sh_putuo_sfj_2026_unit_budget": {
        ("ARITH-CROSS-FOOT", "expense 2040601 行政运行 支出预算/合计",
         "expense 20406 司法 支出预算/项目支出"),
        ("ARITH-CROSS-FOOT", "gpb_function 2040601 行政运行 一般公共预算支出/合计",
         "gpb_function 20406 司法 一般公共预算支出/项目支出"),
    },
    # 西南大学 2023 (p.8): 小学教育 14.33 + 8,201.15 + 0.50 + 1,430.03 = 9,646.01, printed 9,645.51
    # (the 0.50 事业收入 is confirmed by 普通教育's 事业收入), so 普通教育 differs by the same 0.50
    "swu_2023_dept_budget": {
        ("ARITH-CROSS-FOOT", "income 2050202 小学教育 收入合计", "income 20502 普通教育 收入合计"),
    },
    # 西安市发展和改革委员会 2019 (p.26): "公务接待费 8.6 万元，较上年增加 1.5 万元（1.21%）": 1.5 / 7.1
    # = 21.13%; "公务用车运行维护费 10 万元，较上年减少 1 万元（1.1%）": 1 / 11 = 9.09%
    "sn_xian_fgw_2019_dept_budget": {
        ("NARR-CHANGE-RATE", "公务接待费 增减率", D("1.21"), D("21.13")),
        ("NARR-CHANGE-RATE", "公务用车运行维护费 增减率", D("1.1"), D("9.09")),
    },
    # 中共西安市委宣传部 2021 (p.12): "会议费 32 万元，较上年减少 14.2 万元（44.38%）" divides by this
    # year's 32 (14.2 / 46.2 = 30.74%); "培训费 109.6 万元，较上年增加 89.06 万元（81.26%）" divides by
    # 109.6 (89.06 / 20.54 = 433.59%); the same page's 公务接待费 rate uses the right base
    "sn_xian_xcb_2021_dept_budget": {
        ("NARR-CHANGE-RATE", "当年一般公共预算会议费 增减率", D("44.38"), D("30.74")),
        ("NARR-CHANGE-RATE", "培训费 增减率", D("81.26"), D("433.59")),
    },
    # 西安市安全生产监督管理局 2019 报表: the 报表目录 (p.2) marks "表15 是 本单位无专项资金预算" as an
    # empty table, while 附表15 (p.39, 2019年专项资金整体支出绩效目标表) prints 1620.98 万元 专项资金
    "sn_xian_ajj_2019_dept_budget_tables": {
        ("COMP-TOC-EMPTY", "报表目录 表15 空表", None, None),
    },
    # 杭州市交通运输局 2026: the 收支预算总表 (p.22) prints 一般公共服务支出 6651.38 against its own
    # 1.98 + 6,700.00 and the narrative's 6,701.98 (p.4); the 一般公共预算支出表 (p.30) totals
    # 432,513.70 with 基本支出 82,479.29 while the 基本支出表 (p.32) totals 82,529.89, so 表5 + 表8
    # (221,670.92) fall 50.60 short of the 财政拨款收支预算总表's 本年支出合计 654,235.22 (p.28)
    "zj_hangzhou_jtysj_2026_dept_budget": {
        ("NARR-AMOUNT", "一般公共服务支出", D("6701.98"), D("6651.38")),
        ("TIE-TOTALS", "财政拨款本年支出 = 一般公共预算 + 政府性基金 + 国有资本经营", D("654235.22"), D("654184.620")),
    },
    # 湖州市交通运输局 2026: the 财政拨款收支预算总表 (p.28-29) prints 收入总计 42673.03 and
    # 一般公共预算 35673.03, while the narrative says 财政拨款收支总预算 192207.76 and the 收支预算总表
    # prints 一般公共预算 52244.36 (its own expense items add up to the narrative's figure)
    "zj_huzhou_jtysj_2026_dept_budget": {
        ("NARR-AMOUNT", "湖州市交通运输局财政拨款收支总预算", D("192207.76"), D("42673.03")),
        ("TIE-TOTALS", "财政拨款收支总表一般公共预算拨款 = 收支总表", D("35673.03"), D("52244.36")),
    },
    # 湖州市卫生健康委员会 2026: the 财政拨款收支预算总表 (p.33, p.35) prints 一、财政拨款 38191.21 =
    # 一般公共预算 25591.21 + 政府性基金 12600.00, while its expense items add up to 64618.76, the
    # narrative (p.8) says 64618.75 = 37018.75 + 27600.00 and the 收支预算总表 (p.25) prints 37018.75
    "zj_huzhou_wjw_2026_dept_budget": {
        ("NARR-AMOUNT", "湖州市卫生健康委员会财政拨款收支总预算", D("64618.75"), D("38191.21")),
        ("TIE-TOTALS", "财政拨款收支总表一般公共预算拨款 = 收支总表", D("25591.21"), D("37018.75")),
    },
}


def _key(c):
    if c.rule.startswith("ARITH-"):
        return (c.rule, c.subject, *(p.subject for p in c.places[1:]))
    return (c.rule, c.subject, c.stated, c.expected)


@pytest.mark.parametrize("folder", corpus_folders())
def test_only_real_errors_and_no_clean_verdict_on_what_was_not_read(folder):
    try:
        ex = doc(folder)
    except BadInput as exc:
        # nothing budget-like read (scanned, or tables the extractor cannot find): the audit
        # stops with a bad-input status and a reason, never with a verdict
        assert str(exc)
        return
    res = run_rules(AuditInput.of(ex))
    assert res.failures == []
    assert {_key(c) for c in res.findings if c.severity == "error"} == EXPECTED_ERRORS.get(folder, set())
    summary = build_findings(res, ex.meta, ex)["summary"]
    inventory = ex.inventory()
    unverified = [t for t in inventory if t["structure"] != "verified"]
    # unparsed amount cells as the extractor counts them, against the catalogue's limit
    parsed, unparsed = sum(t["numeric_cells"] for t in inventory), len(ex.unparsed)
    limit = D(str(load_catalogue()["data"]["coverage"]["max_unparsed_share"]))
    many_unparsed = parsed + unparsed > 0 and D(unparsed) / (parsed + unparsed) > limit
    # a table the document's template requires and the extractor did not find (ex.missing
    # lists every known kind absent, most of them not published in that region)
    not_found = [c.table for c in res.checks if c.rule == "COMP-TABLES" and not c.passed]
    if unverified or not ex.tables or not_found or many_unparsed:
        assert summary["verdict"] == "incomplete", (unverified, not_found, unparsed)
    if summary["verdict"] == "clean":
        cov = summary["coverage"]
        assert cov["tables_verified"] == cov["tables_present"] == cov["tables_found"] > 0
        assert cov["cells_parsed"] > 0
