"""Issue-15 checks: each defect injected into a real document (the default document or a
corpus PDF, read by the real extractor) gives its finding, and the clean original gives none.

A copy changes only what the defect needs (a cell, a code, a sentence, a title); everything
else is the published document as extracted."""
from __future__ import annotations

import copy
from decimal import Decimal as D

from budget_audit.rules import AuditInput, run_rules
from corpus_docs import default_doc as default
from corpus_docs import doc, replace_text, set_cell
from corpus_docs import rule_findings as findings


def new_findings(x, clean, *rules):
    """Findings of x that the clean original does not have."""
    before = {f.finding_id for f in findings(clean, *rules)}
    return [f for f in findings(x, *rules) if f.finding_id not in before]


def set_code(x, table: str, old: str, new: str, nth: int = 0):
    """A copy of x whose table prints code `new` on the `nth` row that printed `old`."""
    y = copy.copy(x)
    y.cells = x.cells.copy()
    df = y.cells
    rows = sorted(df[(df.table_id == table) & (df.code == old)]["row"].unique())
    assert len(rows) > nth, (table, old)
    df.loc[(df.table_id == table) & (df.row == rows[nth]) & (df.code == old), "code"] = new
    return y


def set_name(x, table: str, code: str, name: str):
    y = copy.copy(x)
    y.cells = x.cells.copy()
    df = y.cells
    mask = (df.table_id == table) & (df.code == code)
    assert mask.any()
    df.loc[mask, "name"] = name
    return y


def set_table(x, table: str, **changes):
    """A copy of x whose table `table` has its title/note/... changed."""
    y = copy.copy(x)
    y.tables = dict(x.tables)
    y.tables[table] = copy.copy(x.tables[table])
    for k, v in changes.items():
        setattr(y.tables[table], k, v)
    return y


def set_heading(x, old: str, new: str, sections: int = 1):
    """A copy of x whose first `sections` section headings saying `old` say `new`."""
    y = copy.copy(x)
    y.narrative = copy.deepcopy(x.narrative)
    n = 0
    for sec in y.narrative:
        if n < sections and old in (sec.get("heading") or sec.get("title") or ""):
            for key in ("heading", "title"):
                if sec.get(key):
                    sec[key] = sec[key].replace(old, new)
            n += 1
    assert n, old
    return y


def errors(fs):
    return [f for f in fs if f.severity == "error"]


# -- codes ------------------------------------------------------------------------------------

CODE_RULES = ("CODE-PARENT", "CODE-VALID", "CODE-REPEAT", "CODE-NAME")


def test_codes_clean_default_document():
    assert findings(default(), *CODE_RULES) == []


def test_code_under_wrong_parent():
    # 2010302 printed as 2020302 under 20103: a 项 outside its 款
    fs = findings(set_code(default(), "gpb_function", "2010302", "2020302"), "CODE-PARENT")
    assert [(f.rule, f.severity, f.table) for f in fs] == [("CODE-PARENT", "error", "gpb_function")]
    assert "2020302" in fs[0].message and "20103" in fs[0].message


def test_class_code_printed_as_one_digit():
    # 210 printed as "7": no function class
    fs = findings(set_code(default(), "expense", "210", "7"), "CODE-VALID")
    assert [(f.rule, f.severity, f.table) for f in fs] == [("CODE-VALID", "error", "expense")]


def test_economic_code_repeated_in_one_table():
    # 30108 printed where 30107 stood: two rows coded 30108 in the basic-expenditure table
    fs = findings(set_code(default(), "gpb_basic", "30107", "30108"), "CODE-REPEAT")
    assert [(f.rule, f.severity) for f in fs] == [("CODE-REPEAT", "error")]
    assert "30108" in fs[0].message


def test_same_code_two_names():
    # 2080505 named 事业单位医疗 in the 支出总表, still 机关事业单位基本养老保险缴费支出 elsewhere
    fs = findings(set_name(default(), "expense", "2080505", "事业单位医疗"), "CODE-NAME")
    assert [(f.rule, f.severity) for f in fs] == [("CODE-NAME", "error")]
    assert "2080505" in fs[0].message


# -- identity: years ---------------------------------------------------------------------------

FINAL = "sh_putuo_ghzy_2024_final"  # 上海市普陀区规划和自然资源局 2024 年度部门决算


def test_years_clean_originals():
    assert findings(default(), "DOC-YEARS") == []
    assert findings(doc(FINAL), "DOC-YEARS") == []


def test_heading_names_another_years_budget():
    x = set_heading(default(), "二、2024年一般公共预算“三公”经费预算情况",
                    "二、2023年一般公共预算“三公”经费预算情况")
    fs = findings(x, "DOC-YEARS")
    assert [(f.rule, f.severity, f.stated) for f in fs] == [("DOC-YEARS", "error", 2023)]


def test_table_title_names_another_year():
    x = set_table(default(), "three_public", title="2023年一般公共预算“三公”经费支出表")
    fs = findings(x, "DOC-YEARS")
    assert [(f.severity, f.stated, f.row) for f in fs] == [("error", 2023, "报表 three_public 标题")]


def test_final_accounts_as_of_last_year():
    # a 2024 决算 whose assets are stated "截至2023年12月31日"
    x = replace_text(doc(FINAL), "截至2024年12月31日", "截至2023年12月31日")
    fs = findings(x, "DOC-YEARS")
    assert fs and all((f.severity, f.stated) == ("error", 2023) for f in fs)


def test_final_part_heading_says_last_year():
    x = set_heading(doc(FINAL), "2024年度部门决算", "2023年度部门决算")
    fs = findings(x, "DOC-YEARS")
    assert [(f.rule, f.severity, f.stated) for f in fs] == [("DOC-YEARS", "error", 2023)]


# -- headline totals ---------------------------------------------------------------------------

def test_headline_clean_default_document():
    assert findings(default(), "NARR-HEADLINE") == []


def test_fiscal_headline_total_contradicts_table():
    # "财政拨款收入支出总计0.3万元" while the 财政拨款收支预算总表 totals 2,652.67
    x = replace_text(default(), "2024年财政拨款收支总预算2652.67万元", "2024年财政拨款收入支出总计0.3万元")
    fs = new_findings(x, default(), "NARR-HEADLINE", "NARR-AMOUNT")
    assert [(f.rule, f.severity, f.table, str(f.expected)) for f in fs] == [
        ("NARR-HEADLINE", "error", "fiscal_summary", "2652.67")]


def test_all_funds_headline_total_zero():
    x = replace_text(default(), "2024年收支总预算2652.67万元", "2024年收入支出总计 0 万元")
    fs = new_findings(x, default(), "NARR-HEADLINE", "NARR-AMOUNT")
    assert [(f.rule, f.table, f.stated) for f in fs] == [
        ("NARR-HEADLINE", "income_expense_summary", 0)]


def test_amount_stated_for_an_empty_fund_table():
    # the 政府性基金 table is printed without amounts; the narrative now states 12.5 万元
    x = replace_text(default(), "我单位2024年无政府性基金预算安排的支出。",
                     "我单位2024年政府性基金预算支出12.5万元。")
    fs = findings(x, "NARR-HEADLINE")
    assert [(f.rule, f.severity, f.table, f.expected) for f in fs] == [
        ("NARR-HEADLINE", "error", "gov_fund", 0)]


# -- listed items against the stated total -----------------------------------------------------

ZFBGT = "gd_shenzhen_zfbgt_2026_dept_budget"  # 深圳市人民政府办公厅 2026 部门预算


def test_list_sum_clean_originals():
    assert findings(default(), "NARR-LIST-SUM") == []
    assert findings(doc(ZFBGT), "NARR-LIST-SUM") == []
    assert findings(doc("sd_yantai_tjj_2026_dept_budget"), "NARR-LIST-SUM") == []


def test_complete_list_exceeds_its_total():
    # "公务用车购置及运行费12.5万元，包括公务用车购置费0万元…；公务用车运行维护费13.5万元"
    x = replace_text(doc("sd_yantai_tjj_2026_dept_budget"), "公务用车运行维护费12.5万元",
                     "公务用车运行维护费13.5万元")
    fs = findings(x, "NARR-LIST-SUM")
    assert [(f.rule, f.severity, f.stated, f.expected) for f in fs] == [
        ("NARR-LIST-SUM", "error", D("12.5"), D("13.5"))]


def test_partial_list_exceeds_its_total():
    # "研究调研活动165.02万元，主要包括：…116.3万元…；…49.72万元" sums to 166.02
    x = replace_text(doc(ZFBGT), "研究调研活动166.02万元", "研究调研活动165.02万元")
    fs = findings(x, "NARR-LIST-SUM")
    assert [(f.severity, f.stated, f.expected) for f in fs] == [("error", D("165.02"), D("166.02"))]


def test_partial_list_short_of_its_total_is_a_warning():
    # 474.56-style slip: the listed items sum to 1.00 less than the total
    x = replace_text(doc(ZFBGT), "研究调研活动166.02万元", "研究调研活动167.02万元")
    fs = findings(x, "NARR-LIST-SUM")
    assert [(f.severity, f.stated, f.expected) for f in fs] == [("warning", D("167.02"), D("166.02"))]


# -- unit word ---------------------------------------------------------------------------------

def test_unit_word_clean_default_document():
    assert findings(default(), "NARR-UNIT-WORD") == []


def test_yuan_where_wan_is_meant():
    # "2024年一般公共预算拨款2652.67元": the tables print 2,652.67 万元
    x = replace_text(default(), "2024年一般公共预算拨款2652.67万元", "2024年一般公共预算拨款2652.67元")
    fs = new_findings(x, default(), "NARR-UNIT-WORD", "NARR-AMOUNT")
    assert [(f.rule, f.severity, f.unit) for f in fs] == [("NARR-UNIT-WORD", "error", "元")]


# -- text quality everywhere the narrative reaches ---------------------------------------------

def set_frame_cell(x, table: str, old: str, new: str):
    """A copy of x whose form `table` prints `new` in the text cell that printed `old`."""
    y = set_table(x, table)
    frame = y.tables[table].frame.copy()
    hits = frame.isin([old])
    assert hits.to_numpy().sum() == 1, old
    frame = frame.mask(hits, new)
    y.tables[table].frame = frame
    return y


def test_text_checks_clean_originals():
    for x in (default(), doc(FINAL)):
        assert findings(x, "TEXT-DOUBLE-PUNCT", "TEXT-PLACEHOLDER") == []


def test_doubled_punctuation_in_glossary_heading():
    # the 名词解释 entries of this template are headings that carry their definition
    x = set_heading(doc(FINAL), "一、财政拨款收入：指", "一、财政拨款收入：指。。")
    fs = findings(x, "TEXT-DOUBLE-PUNCT")
    assert [(f.rule, f.row) for f in fs] == [("TEXT-DOUBLE-PUNCT", "标题")]


def test_doubled_punctuation_in_table_note():
    x = set_table(default(), "gov_fund", note="注：本单位无政府性基金预算相关支出。。")
    fs = findings(x, "TEXT-DOUBLE-PUNCT")
    assert [f.row for f in fs] == ["报表 gov_fund 表注"]


def test_doubled_punctuation_in_performance_form():
    x = set_frame_cell(default(), "perf_project#1", "运行管理科", "运行管理科，，")
    fs = findings(x, "TEXT-DOUBLE-PUNCT")
    assert [f.row for f in fs] == ["报表 perf_project#1"]


def test_placeholder_in_heading():
    x = set_heading(doc(FINAL), "第一部分上海市普陀区规划和自然资源局概况", "第一部分上海市普陀区XX局概况")
    fs = findings(x, "TEXT-PLACEHOLDER")
    assert [(f.row, f.subject) for f in fs] == [("标题", "未替换的占位符「XX」 标题")]


def test_placeholder_unit_name_in_table_title():
    x = set_table(default(), "three_public", title="（单位名称）2024年一般公共预算“三公”经费支出表")
    fs = findings(x, "TEXT-PLACEHOLDER")
    assert [f.row for f in fs] == ["报表 three_public 标题"]


def test_bracketed_placeholder_in_narrative_but_not_a_document_number():
    x = replace_text(default(), "江汉区大数据中心共有编制数21人", "【单位名称】共有编制数21人")
    fs = findings(x, "TEXT-PLACEHOLDER")
    assert [m for f in fs for m in [f.subject]] == ["未替换的占位符「【单位名称】」"]
    # 沪府规【2016】168号 is a document number, not a placeholder
    assert findings(doc("sh_putuo_wanli_2024_dept_budget"), "TEXT-PLACEHOLDER") == []


# -- counts ------------------------------------------------------------------------------------

CQ = "cq_xcb_2026_dept_budget"  # 中共重庆市委宣传部 2026 部门预算: "下设二级预算单位6个，分别是：…"


def test_count_checks_clean_originals():
    for x in (default(), doc(CQ)):
        assert findings(x, "NARR-COUNT-SUBSET", "NARR-COUNT-LIST") == []


def test_part_larger_than_its_whole():
    x = replace_text(default(), "本部门由机关及下属0家基层单位组成。", "本部门共有下属单位8个，其中：行政单位15个。")
    fs = findings(x, "NARR-COUNT-SUBSET")
    assert [(f.rule, f.severity, f.stated, f.expected) for f in fs] == [
        ("NARR-COUNT-SUBSET", "error", 15, 8)]


def test_count_against_the_names_it_lists():
    # six 中心/处 are named; the count says 7
    x = replace_text(doc(CQ), "二级预算单位6个", "二级预算单位7个")
    fs = findings(x, "NARR-COUNT-LIST")
    assert [(f.rule, f.severity, f.stated, f.expected) for f in fs] == [
        ("NARR-COUNT-LIST", "error", 7, 6)]


# -- a change's own rate -----------------------------------------------------------------------

JT = "sn_xian_jtysj_2022_dept_budget"  # 西安市交通运输局 2022: "公务接待费38.84万元，较上年减少1.65万元（4.08%）"


def test_change_rate_clean_original():
    assert findings(doc(JT), "NARR-CHANGE-RATE") == []


def test_bracketed_rate_that_does_not_follow_from_its_amounts():
    # 1.65 / (38.84 + 1.65) = 4.08%; 4.28% does not follow
    x = replace_text(doc(JT), "较上年减少1.65万元（4.08%）", "较上年减少1.65万元（4.28%）")
    fs = findings(x, "NARR-CHANGE-RATE")
    assert [(f.rule, f.severity, f.stated, f.expected) for f in fs] == [
        ("NARR-CHANGE-RATE", "error", D("4.28"), D("4.08"))]


# -- identity: the body named above the tables -------------------------------------------------

def test_body_name_clean_original():
    assert findings(doc(ZFBGT), "DOC-NAME") == []


def test_another_body_named_above_a_table():
    # one table header of 深圳市人民政府办公厅's budget names another body
    x = replace_text(doc(ZFBGT), "基本支出总表部门名称：深圳市人民政府办公厅",
                     "基本支出总表部门名称：深圳市民政局")
    fs = findings(x, "DOC-NAME")
    assert [(f.rule, f.severity, f.page) for f in fs] == [("DOC-NAME", "error", 22)]


# -- row totals of tables without codes --------------------------------------------------------

QZ = "fj_quanzhou_zfb_2026_dept_budget"  # 泉州市人民政府办公室 2026: income table by unit, no codes


def drop_row(x, table: str, name: str):
    """A copy of x whose table no longer lists the row `name` (its totals unchanged)."""
    y = copy.copy(x)
    mask = (x.cells.table_id == table) & (x.cells.name == name)
    assert mask.any(), name
    y.cells = x.cells[~mask].copy()
    return y


def test_uncoded_totals_clean_original():
    fs = findings(doc(QZ), "ARITH-ROW-TOTAL-UNCODED")
    assert fs == []
    checks = run_rules(AuditInput.of(doc(QZ)), ["ARITH-ROW-TOTAL-UNCODED"]).checks
    assert any(c.passed and c.table == "income" for c in checks)


def test_unit_counted_in_the_total_but_listed_nowhere():
    x = drop_row(doc(QZ), "income", "泉州市人民政府公报室")
    fs = findings(x, "ARITH-ROW-TOTAL-UNCODED")
    assert fs and all((f.severity, f.table) == ("error", "income") for f in fs)
    assert "合计中有未列出的部分" in fs[0].message


def test_flat_unit_list_that_overshoots_its_total():
    x = set_cell(doc(QZ), "income", "总计", "5998.74", name="泉州市人民政府办公室")
    fs = findings(x, "ARITH-ROW-TOTAL-UNCODED")
    assert [(f.severity, f.column, f.expected) for f in fs] == [("error", "总计", D("15284.81"))]


XIAN_ZFBGT = "sn_xian_zfbgt_2026_dept_budget"  # 表12 政府采购: 合计 over 全额 and unit rows that print no name


def test_uncoded_total_counts_the_rows_that_print_no_name():
    # 4,186,460.00 = 890,360.00 + 3,096,100.00 + 200,000.00 (the three 全额 rows of p.32); the
    # group rows' labels stand in columns the reading does not take as labels
    checks = run_rules(AuditInput.of(doc(XIAN_ZFBGT)), ["ARITH-ROW-TOTAL-UNCODED"]).checks
    assert any(c.passed and c.table == "procurement" for c in checks)
    assert findings(doc(XIAN_ZFBGT), "ARITH-ROW-TOTAL-UNCODED") == []


# -- empty tables ------------------------------------------------------------------------------

WANLI = "sh_putuo_wanli_2025_dept_budget"  # its 政府性基金/国有资本经营 tables: "故本表为空表"


def test_empty_marks_clean_originals():
    for x in (default(), doc(WANLI)):
        assert findings(x, "COMP-EMPTY-CONTRADICT") == []


def test_table_with_amounts_noted_as_empty():
    # the 三公 table prints 3.00; its note now says the table is empty
    x = set_table(default(), "three_public", note="注：本单位无“三公”经费预算，本表为空表。")
    fs = findings(x, "COMP-EMPTY-CONTRADICT")
    assert [(f.rule, f.severity, f.table) for f in fs] == [
        ("COMP-EMPTY-CONTRADICT", "error", "three_public")]


# -- a table with a column per year ------------------------------------------------------------

YBJ = "sn_xian_ybj_2022_dept_budget"  # 西安市医疗保障局 2022: 三公 table with 2021年 and 2022年 columns


def test_three_public_read_in_the_documents_year_column():
    # the 2022 figures agree with the 2022 columns (they were compared with 2021's before)
    fs = [f for f in findings(doc(YBJ), "NARR-AMOUNT") if f.table == "three_public"]
    assert fs == []


def test_this_years_figure_equal_to_last_years_column():
    # 公务接待费 stated as 3.04 万元 (the 2021 column) while the 2022 column prints 1 万元
    x = replace_text(doc(YBJ), "公务接待费1万元", "公务接待费3.04万元")
    fs = new_findings(x, doc(YBJ), "NARR-AMOUNT")
    assert [(f.rule, f.severity, f.stated, f.expected) for f in fs] == [
        ("NARR-AMOUNT", "error", D("3.04"), D("1"))]
    assert "2022年" in fs[0].column


# -- table-internal balances (ARITH-SUMMARY-BALANCE, FINAL-CARRYOVER) ------------------------

def test_summary_halves_that_disagree():
    # 收入总计 2,652.67 against 支出总计 2,625.67
    x = set_cell(default(), "income_expense_summary", "支出", "2625.67", name="支出总计")
    fs = new_findings(x, default(), "ARITH-SUMMARY-BALANCE")
    assert fs and all((f.rule, f.severity, f.table) == ("ARITH-SUMMARY-BALANCE", "error",
                                                       "income_expense_summary") for f in fs)
    assert any("收入总计" in f.message for f in fs)


def test_final_accounts_carryover_that_does_not_close():
    clean = doc(FINAL)
    t = run_rules(AuditInput.of(clean), ["FINAL-CARRYOVER"])
    assert t.findings == [] and t.checks
    c = next(c for c in t.checks if c.table == "income_expense_summary")
    x = set_cell(clean, "income_expense_summary", c.column, str(c.stated + 1), name=c.row)
    fs = findings(x, "FINAL-CARRYOVER")
    assert fs and fs[0].severity == "error"


def test_emptied_table_while_the_narrative_states_an_amount():
    # the 三公 data row blanked; the narrative still says "“三公”经费预算3万元"
    y = copy.copy(default())
    y.cells = default().cells.copy()
    mask = y.cells.table_id == "three_public"
    y.cells.loc[mask, "value"] = None
    y.cells.loc[mask, "value_wan"] = None
    y.cells.loc[mask, "raw"] = ""
    fs = new_findings(y, default(), "NARR-AMOUNT")
    # the 三公 total and the 公务用车运行维护费 (both 3 万元) now contradict the blank table
    assert fs and all((f.rule, f.severity, f.table, f.expected) == (
        "NARR-AMOUNT", "error", "three_public", D("0")) for f in fs)
    assert {f.stated for f in fs} == {D("3")}


def test_class_code_mistyped_as_another_three_digit_code():
    # 221 printed as 721: no function class; the other classes still tell the table's kind
    fs = findings(set_code(default(), "gpb_function", "221", "721"), "CODE-VALID", "CODE-PARENT")
    # one cause, one finding: 22102 under 721 is not reported again by CODE-PARENT
    assert [(f.rule, f.severity, f.table) for f in fs] == [("CODE-VALID", "error", "gpb_function")]
