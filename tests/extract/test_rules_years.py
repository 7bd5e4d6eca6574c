"""Across years (budget_audit.rules.years): the 万里街道 budgets 2023-2025 and the 西南大学 决算
2023-2024 of tests/corpus, extracted by the real extractor.

Every check YEAR-PRIOR-TIE runs on these documents passes, by hand against the PDF text
(pdftotext -layout): 万里街道 2024 says 财政拨款收入 15621.11 万元 "比2023年预算减少876.75万元"
and the 2023 budget's income table totals 164,978,640 元 = 16497.86 万元 (16497.86 − 15621.11 =
876.75); its 三公 47.91 "比2023年预算增加25万元" against 2023's 22.91; 2025 says 18,976.76 "比2024年
预算增加3,355.65万元" (18976.76 − 15621.11) and 三公 37.91 "减少10万元" (47.91 − 37.91).
The only finding is an info, pinned below with its reason.
"""
from decimal import Decimal as D

import pytest

from budget_audit.identity import same_unit, unit_key
from budget_audit.report.charts import year_series
from budget_audit.rules import AuditInput, run_rules
from budget_audit.rules.years import find_prior, prior_checks
from corpus_docs import doc, replace_text, set_cell

WANLI = {y: f"sh_putuo_wanli_{y}_dept_budget" for y in (2023, 2024, 2025)}
SWU_FINAL = {y: f"swu_{y}_final" for y in (2023, 2024)}








def with_prior(x, prior):
    ai = AuditInput.of(x)
    ai.prior = prior
    return ai


def _mine(res):
    return [c for c in res.checks if c.rule == "YEAR-PRIOR-TIE"]


# -- unit names and find_prior (no PDF needed) -----------------------------------------------------

def test_unit_names_match_up_to_the_region_prefix():
    full = "上海市普陀区人民政府万里街道办事处"
    assert same_unit(full, "万里街道办事处")
    assert same_unit(full, "普陀区万里街道办事处")
    assert same_unit(full, " 上海市普陀区人民政府万里街道办事处（部门）")
    assert not same_unit(full, "上海市普陀区人民政府长征镇人民政府")
    assert not same_unit("上海市普陀区司法局", "上海市静安区司法局")  # prefixes contradict
    assert not same_unit("西南大学", "西南政法大学")
    assert not same_unit("", full)
    assert unit_key("中共上海市普陀区委社会工作部")[1].startswith("中共")


def test_find_prior_is_conservative():
    def m(unit, year, kind="budget", sha=None, file="x_bumen_yusuan.pdf"):
        return {"unit": unit, "year": year, "kind": kind, "sha256": sha or f"{unit}{year}{kind}",
                "file": file}

    a23 = m("上海市普陀区人民政府万里街道办事处", 2023)
    cands = [a23, m("上海市普陀区人民政府万里街道办事处", 2022),
             m("上海市普陀区人民政府万里街道办事处", 2023, "final"),
             m("上海市普陀区人民政府长征镇", 2023), m("西南大学", 2023)]
    assert find_prior("上海市普陀区人民政府万里街道办事处", 2024, cands) is a23
    assert find_prior("万里街道办事处", 2024, cands) is a23          # prefix dropped this year
    assert find_prior("上海市普陀区人民政府万里街道办事处", 2024, cands, kind="final")["kind"] == "final"
    assert find_prior("上海市普陀区人民政府万里街道办事处", 2026, cands) is None  # no 2025
    assert find_prior("上海市普陀区人民政府万里街道办事处", "n/a", cands) is None
    # two different documents equally good: ambiguous, nothing guessed
    other = m("万里街道办事处", 2023, sha="other")
    assert find_prior("普陀区万里街道办事处", 2024, [a23 | {"unit": "普陀区人民政府万里街道办事处"},
                                                other | {"unit": "普陀区万里街道办事处"},
                                                m("普陀区万里街道办事处", 2023, sha="third")]) is None
    # the exact name wins over a prefix-tolerant match; copies of one file (same sha) are one
    assert find_prior("上海市普陀区人民政府万里街道办事处", 2024, [other, a23]) is a23
    assert find_prior("上海市普陀区人民政府万里街道办事处", 2024, [a23, dict(a23)]) is a23
    # 部门 vs 单位 budgets of one body are different documents
    unit23 = m("上海市普陀区司法局", 2025, file="sifaju_2025_danwei_yusuan.pdf")
    assert find_prior("上海市普陀区司法局", 2026, [unit23], scope="dept") is None
    assert find_prior("上海市普陀区司法局", 2026, [unit23], scope="unit") is unit23
    # (path, meta) pairs are accepted too
    pair = ("/x/a.pdf", a23)
    assert find_prior("上海市普陀区人民政府万里街道办事处", 2024, [pair]) is pair


# -- the real three-year set ---------------------------------------------------------------------

def test_find_prior_on_the_real_wanli_set():
    xs = [doc(WANLI[y]) for y in (2023, 2024, 2025)]
    for cur, prev in ((xs[1], xs[0]), (xs[2], xs[1])):
        m = cur.meta
        assert find_prior(m["unit"], m["year"], xs, kind=m["kind"]) is prev
    assert find_prior(xs[0].meta["unit"], 2023, xs) is None


@pytest.mark.parametrize("year", [2024, 2025])
def test_wanli_prior_year_figures_tie(year):
    cur, prev = doc(WANLI[year]), doc(WANLI[year - 1])
    res = run_rules(with_prior(cur, prev))
    assert res.failures == []
    mine = _mine(res)
    assert len(mine) >= 10 and all(c.passed for c in mine), [c.message for c in mine if not c.passed]
    # every check names the document it used
    assert all(f"{year - 1}年预算" in c.row and prev.meta["file"] in c.row for c in mine)
    got = {c.subject: c.expected for c in mine}
    delta = D("-876.75") if year == 2024 else D("3355.65")
    assert got[f"财政拨款收入 比{year - 1}年预算增减"] == delta
    assert got[f"一般公共预算财政拨款支出 比{year - 1}年预算增减"] == delta
    assert got[f"“三公”经费 比{year - 1}年预算增减"] == (D("25.00") if year == 2024 else D("-10.00"))
    assert got[f"公务用车运行费 比{year - 1}年预算增减"] == D("0.00")  # 持平
    # without the prior document the rule is silent
    assert _mine(run_rules(AuditInput.of(cur))) == []


def test_execution_figures_are_not_tied_to_the_prior_budget():
    """2024 says "2023年当年预算执行数为60.13万元 … 比2023年预算执行数减少57.14%": 执行数 is not a
    figure of the 2023 budget document, so nothing is compared (2023 budgeted 专项普查活动
    differently)."""
    mine = prior_checks(doc(WANLI[2024]), doc(WANLI[2023]))
    assert not any("专项普查" in c.subject or "执行" in c.subject for c in mine)
    assert len(mine) == 10


def test_year_series_of_wanli():
    s = year_series([doc(WANLI[y]) for y in (2025, 2023, 2024)])
    got = {(a, y): v for a, y, v in s}
    # 支出预算总表 合计 in 元: 164,978,640 / 156,211,123 (PDF pages 18 / 20)
    assert got[("支出合计", 2023)] == D("16497.8640")
    assert got[("支出合计", 2024)] == D("15621.1123")
    assert got[("“三公”经费", 2023)] == D("22.91")
    assert got[("“三公”经费", 2024)] == D("47.91")
    assert got[("“三公”经费", 2025)] == D("37.91")
    for y in (2023, 2024, 2025):
        assert got[("基本支出", y)] + got[("项目支出", y)] == got[("支出合计", y)]
    assert [t[1] for t in s if t[0] == "支出合计"] == [2023, 2024, 2025]
    assert all(isinstance(v, D) for *_, v in s)
    # a document given twice counts once; a 决算 keeps its own subjects
    assert year_series([doc(WANLI[2023]), doc(WANLI[2023])]) == year_series([doc(WANLI[2023])])
    fin = dict(((a, y), v) for a, y, v in year_series([doc(SWU_FINAL[2024])]))
    assert fin[("支出合计（决算）", 2024)] == D("481483.46")


def test_swu_final_2024_against_2023():
    cur, prev = doc(SWU_FINAL[2024]), doc(SWU_FINAL[2023])
    assert find_prior(cur.meta["unit"], 2024, [prev, doc(WANLI[2023])], kind="final") is prev
    res = run_rules(with_prior(cur, prev))
    mine = _mine(res)
    assert len(mine) >= 20
    failed = [c for c in mine if not c.passed]
    # the only finding, an info: 2024 表1 年初结转和结余 106,700.90 (PDF page 9) vs 2023 表1 年末结转和结余
    # 106,848.91: a 决算 may restate its opening balance, so this is a question, not an error
    assert [(c.severity, c.subject, c.stated, c.expected) for c in failed] == [
        ("info", "年初结转和结余 = 上年年末结转和结余", D("106700.90"), D("106848.91"))]
    got = {c.subject: c for c in mine}
    # "收入总计 477,447.73 … 与 2023 年度相比，增加 46,722.70 万元，增长 10.85%" (PDF page 16):
    # 2023 本年收入合计 430,725.03
    assert got["本年收入合计 比2023年决算增减"].expected == D("46722.70")
    assert got["本年收入合计 比2023年增减率"].passed
    # "小学教育（2050202）… 8,627.17 万元，比 2023 年度决算数增长 8.24%" (PDF page 17), by code
    assert got["2050202 小学教育 比2023年增减率"].passed


# -- defects: one each, on copies of the real extraction -------------------------------------------





def _errors(checks):
    return [c for c in checks if not c.passed and c.severity == "error"]


def test_defect_stated_change_differs_from_last_year():
    cur = replace_text(doc(WANLI[2024]), "财政拨款收入15621.11万元，比2023年预算减少876.75万元",
                        "财政拨款收入15621.11万元，比2023年预算减少867.75万元")
    errs = _errors(prior_checks(cur, doc(WANLI[2023])))
    assert [(c.subject, c.stated, c.expected) for c in errs] == [
        ("财政拨款收入 比2023年预算增减", D("-867.75"), D("-876.75"))]
    assert "2023年预算" in errs[0].message and "应为减少 876.75" in errs[0].message


def test_defect_last_year_table_differs():
    prev = set_cell(doc(WANLI[2023]), "three_public", "合计", "32.91")
    errs = _errors(prior_checks(doc(WANLI[2024]), prev))
    assert [c.subject for c in errs] == ["“三公”经费 比2023年预算增减"]
    assert errs[0].expected == D("15.00")


def test_defect_flat_but_changed():
    prev = set_cell(doc(WANLI[2023]), "three_public", "购置及运行费/运行费", "23.56")
    errs = _errors(prior_checks(doc(WANLI[2024]), prev))
    assert [c.subject for c in errs] == ["公务用车运行费 比2023年预算增减"]


def test_defect_percent_against_last_year_final():
    cur = replace_text(doc(SWU_FINAL[2024]), "增长8.24%", "增长9.24%")
    errs = _errors(prior_checks(cur, doc(SWU_FINAL[2023])))
    assert [(c.subject, c.stated) for c in errs] == [("2050202 小学教育 比2023年增减率", D("9.24"))]


def test_defect_with_unnamed_base_is_only_a_warning():
    """"与 2023 年度相比，增加 …" does not say 决算 or 预算: a miss is a warning, not an error."""
    cur = replace_text(doc(SWU_FINAL[2024]), "增加46,722.70万元", "增加46,272.70万元")
    bad = [c for c in prior_checks(cur, doc(SWU_FINAL[2023])) if not c.passed
           and c.severity != "info"]
    assert [(c.subject, c.severity) for c in bad] == [("本年收入合计 比2023年决算增减", "warning")]


def test_other_base_year_is_skipped():
    """A change against 2022 says nothing about the 2023 document."""
    cur = replace_text(doc(WANLI[2024]), "财政拨款收入15621.11万元，比2023年预算减少876.75万元",
                        "财政拨款收入15621.11万元，比2022年预算减少999.99万元")
    assert _errors(prior_checks(cur, doc(WANLI[2023]))) == []


def test_prior_interim_finds_and_round_trips(tmp_path):
    """The pipeline's way: saved extractions under <interim>/<year>/<stem>/, the prior picked by
    prior_interim, loaded with extract.load and passed as AuditInput.prior."""
    from budget_audit import extract
    from budget_audit.rules.years import prior_interim
    for y in (2023, 2024):
        extract.save(doc(WANLI[y]), tmp_path / str(y) / WANLI[y])
    (tmp_path / "2023" / "not_a_document").mkdir()
    cur = extract.load(tmp_path / "2024" / WANLI[2024])
    found = prior_interim(cur.meta, tmp_path)
    assert found == tmp_path / "2023" / WANLI[2023]
    assert prior_interim(extract.load(found).meta, tmp_path) is None  # no 2022
    mine = _mine(run_rules(with_prior(cur, extract.load(found))))
    assert len(mine) == 10 and all(c.passed for c in mine)


def test_prior_figure_from_last_years_narrative():
    """政府采购 is in no Shanghai table: last year's figure is the one its narrative states (2023:
    "2023年本部门政府采购预算830.00万元"); 1662.44 − 830.00 = 832.44."""
    old = "政府采购预算1662.44万元，"
    ok = replace_text(doc(WANLI[2024]), old, old + "比2023年预算增加832.44万元，")
    mine = [c for c in prior_checks(ok, doc(WANLI[2023])) if c.subject.startswith("政府采购")]
    assert [(c.passed, c.expected) for c in mine] == [(True, D("832.44"))]
    bad = replace_text(doc(WANLI[2024]), old, old + "比2023年预算增加823.44万元，")
    errs = _errors(prior_checks(bad, doc(WANLI[2023])))
    assert [(c.subject, c.stated) for c in errs] == [("政府采购 比2023年预算增减", D("823.44"))]
    assert "说明所述 830.00 万元" in errs[0].message


def test_prior_of_another_kind_only_for_sentences_naming_it():
    """A 2024 决算 given the 2023 *budget* as prior: "与 2023 年度相比" (no kind named) compares
    决算 with 决算, so nothing is checked against a budget."""
    mine = prior_checks(doc(SWU_FINAL[2024]), doc("swu_2023_dept_budget"))
    assert mine == []
