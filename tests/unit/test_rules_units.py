"""Rules on small hand-built inputs: templates other than the default document, skips, and the
cases that must never become errors."""
from decimal import Decimal as D

import pandas as pd

from budget_audit.rules import AuditInput, SimpleTable, run_rules
from budget_audit.tidy import TIDY_COLUMNS


def cells(table_id, rows, unit="万元"):
    """rows: [(code, name, {column: "printed"})] → tidy records."""
    out = []
    for ri, (code, name, vals) in enumerate(rows):
        for col, raw in vals.items():
            v = None if raw in ("", None) else D(raw.replace(",", ""))
            dec = len(raw.split(".")[1]) if raw and "." in raw else 0
            out.append({"table_id": table_id, "row": ri, "code": code, "name": name,
                        "level": None, "column": col, "value": v, "decimals": dec, "raw": raw or "",
                        "unit": unit, "value_wan": v, "page": 3, "x0": 10.0, "y0": 20.0,
                        "x1": 60.0, "y1": 30.0})
    return out


def make(*tables, narrative=None, **kw):
    recs = [r for t in tables for r in t]
    df = pd.DataFrame.from_records(recs, columns=TIDY_COLUMNS)
    ids = {r["table_id"] for r in recs}
    return AuditInput(cells=df, narrative=narrative or [], meta={"year": 2024}, missing=[],
                      tables={i: SimpleTable(title=i) for i in ids}, **kw)


def para(title, *texts):
    return {"title": title, "sentences": [{"text": t, "page": 5} for t in texts]}


def errors(res):
    return [(c.rule, c.subject) for c in res.findings if c.severity == "error"]


def test_three_public_group_next_to_meeting_and_training_costs():
    # Jiangsu: 合计 covers 三公 + 会议费 + 培训费; the 三公 total is the group's 小计
    t = cells("three_public", [("", "", {
        "合计": "2,382.02", "“三公”经费/小计": "513.75", "“三公”经费/因公出国（境）费": "160.00",
        "“三公”经费/公务用车购置及运行维护费/小计": "266.80",
        "“三公”经费/公务用车购置及运行维护费/公务用车购置费": "",
        "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费": "266.80",
        "“三公”经费/公务接待费": "86.95", "会议费": "271.02", "培训费": "1,597.25"})])
    res = run_rules(make(t), ["TIE-THREE-PUBLIC"])
    assert res.summary()["checks_run"] == 2 and not res.findings


def test_three_public_admin_running_column_is_not_vehicle_running():
    t = cells("three_public", [("", "", {
        "2024年“三公”经费预算数/合计": "47.91", "2024年“三公”经费预算数/因公出国(境)费": "0",
        "2024年“三公”经费预算数/公务接待费": "1.35",
        "2024年“三公”经费预算数/公务用车购置及运行费/小计": "46.56",
        "2024年“三公”经费预算数/公务用车购置及运行费/购置费": "25",
        "2024年“三公”经费预算数/公务用车购置及运行费/运行费": "21.56",
        "2024年机关运行经费预算数": "443.18"})])
    res = run_rules(make(t), ["TIE-THREE-PUBLIC"])
    assert res.summary()["checks_run"] == 2 and not res.findings


def _year_grouped_three_public(y0, y1):
    # Shandong: the same 三公 columns under a group per year; the two years differ everywhere
    def group(y, total, vehicle, reception):
        return {f"{y}年预算数/合计": total, f"{y}年预算数/因公出国（境）经费": "",
                f"{y}年预算数/公务用车购置及运行维护费/小计": vehicle,
                f"{y}年预算数/公务用车购置及运行维护费/公务用车购置经费": "",
                f"{y}年预算数/公务用车购置及运行维护费/公务用车运行维护费": vehicle,
                f"{y}年预算数/公务接待费": reception}
    return cells("three_public", [("", "", {**group(y0, "14.30", "12.50", "1.80"),
                                            **group(y1, "9.00", "8.00", "1.00")})])


def test_three_public_year_groups_read_in_the_document_year():
    from budget_audit.keyfigures import key_figures
    doc = make(_year_grouped_three_public(2023, 2024))  # the document's year is 2024
    kf = key_figures(doc, ["three_public", "vehicle", "reception"])
    assert {k: [c.column for c in v] for k, v in kf.items()} == {
        "three_public": ["2024年预算数/合计"],
        "vehicle": ["2024年预算数/公务用车购置及运行维护费/小计"],
        "reception": ["2024年预算数/公务接待费"]}
    assert kf["three_public"][0].value == D("9.00")
    from budget_audit.rules import Context
    from budget_audit.rules.ties import _three_public_cols
    last = _three_public_cols(Context(doc).table("three_public"), 2023)  # last year's figures
    assert last["total"] == "2023年预算数/合计" and last["running"].startswith("2023年预算数/")
    res = run_rules(doc, ["TIE-THREE-PUBLIC"])
    assert res.summary()["checks_run"] == 2 and not res.findings


def test_three_public_year_groups_of_other_years_are_not_guessed():
    from budget_audit.keyfigures import key_figures
    doc = make(_year_grouped_three_public(2025, 2026))  # neither group is the document's 2024
    kf = key_figures(doc, ["three_public", "abroad", "vehicle", "running", "reception"])
    assert all(v == [] for v in kf.values())
    assert run_rules(doc, ["TIE-THREE-PUBLIC"]).summary()["checks_run"] == 0


def test_three_public_wrong_sum_is_an_error():
    t = cells("three_public", [("", "", {
        "“三公”经费合计": "5.00", "因公出国(境)费": "1.00", "公务用车购置及运行费/小计": "3.00",
        "公务用车购置及运行费/公务用车购置费": "", "公务用车购置及运行费/公务用车运行费": "3.00",
        "公务接待费": ""})])
    res = run_rules(make(t), ["TIE-THREE-PUBLIC"])
    assert errors(res) == [("TIE-THREE-PUBLIC", "三公合计 = 出国 + 用车 + 接待")]
    f = res.findings[0]
    assert f.page == 3 and f.bbox == [10.0, 20.0, 60.0, 30.0]  # the cell's picture can be cropped


def test_row_total_skipped_when_top_codes_repeat():
    # Shanghai basic table: the 款 part of the code sits in its own column, every row says 301
    t = cells("gpb_basic", [
        ("301", "", {"合计": "10.00"}), ("301", "", {"合计": "4.00"}), ("301", "", {"合计": "6.00"}),
        ("", "合计", {"合计": "10.00"})])
    res = run_rules(make(t), ["ARITH-ROW-TOTAL"])
    assert res.summary()["checks_run"] == 0


def test_row_total_and_hierarchy_with_blank_subtotals():
    t = cells("procurement", [
        ("", "合计", {"采购金额/采购金额合计(万元)": "3.00", "采购金额/其中面向中小企业(万元)": "1.00"}),
        ("129", "单位", {"采购金额/采购金额合计(万元)": "", "采购金额/其中面向中小企业(万元)": ""}),
        ("129001", "本级", {"采购金额/采购金额合计(万元)": "1.00", "采购金额/其中面向中小企业(万元)": "1.00"}),
        ("129001", "本级", {"采购金额/采购金额合计(万元)": "2.00", "采购金额/其中面向中小企业(万元)": ""})])
    res = run_rules(make(t), ["ARITH-ROW-TOTAL", "ARITH-HIERARCHY", "TIE-PROCUREMENT"])
    assert not res.findings and res.summary()["checks_run"] >= 3


def test_cross_foot_nested_group_and_其中_column():
    t = cells("fiscal_expense", [("205", "教育支出", {
        "本年支出/合计": "213,588.53", "本年支出/基本支出": "177,211.59",
        "本年支出/项目支出/小计": "36,376.94", "本年支出/项目支出/其中：基本建设资金支出": "5,536.97"})])
    res = run_rules(make(t), ["ARITH-CROSS-FOOT"])
    assert res.summary()["checks_run"] == 1 and not res.findings
    t2 = cells("expense", [("205", "教育支出", {"合计": "10.00", "基本支出": "4.00"})])
    assert run_rules(make(t2), ["ARITH-CROSS-FOOT"]).summary()["checks_run"] == 0  # one part only


def test_yuan_tables_are_compared_in_wan():
    t = cells("gpb_function", [("", "合计", {"合计": "14,348,853.34", "基本支出": "14,348,853.34",
                                              "项目支出": ""})], unit="元")
    n = [para("五、一般公共预算支出安排情况", "2024 年一般公共预算拨款 1434.89 万元。")]
    res = run_rules(make(t, narrative=n), ["NARR-AMOUNT"])
    (c,) = res.checks
    assert c.passed and c.expected == D("1434.885334")


def test_scope_mismatch_is_skipped_not_guessed():
    # a 财政拨款 figure, but only the all-funds expense table exists: no comparison
    t = cells("expense", [("205", "教育支出", {"合计": "398,593.09"})])
    n = [para("四、财政拨款支出预算情况", "财政拨款支出中，教育支出 207796.18 万元。")]
    res = run_rules(make(t, narrative=n), ["NARR-AMOUNT"])
    assert res.summary()["checks_run"] == 0


def test_prior_year_and_change_subjects_are_not_table_amounts():
    t = cells("gpb_function", [("", "合计", {"合计": "9746.50", "基本支出": "5364.75"})])
    n = [para("二、一般公共预算财政拨款支出决算情况",
              "一般公共预算财政拨款支出年初预算为 10210.34 万元，支出决算为 9746.50 万元。")]
    res = run_rules(make(t, narrative=n), ["NARR-AMOUNT"])
    assert not res.findings


def test_change_contradicting_its_percent():
    n = [para("（一）机关运行经费情况", "2024 年机关运行经费 33.79 万元，较 2023 年预算减少 10.9 万元，下降 30.4%。")]
    res = run_rules(make(narrative=n), ["NARR-CHANGE"])
    assert errors(res) == [("NARR-CHANGE", "机关运行经费 增减率（由增减额推算上年 44.69）")]


def test_truncated_percent_is_info_small_slip_warning():
    n = [para("（一）", "支出 24169.74 万元，比上年增加 2228.78 万元，增长 10.15%。",
              "公积金 1442.74 万元，与上年相比增加 368.97 万元，增加 34.38%。")]
    res = run_rules(make(narrative=n), ["NARR-CHANGE"])
    assert sorted(c.severity for c in res.findings) == ["info", "warning"]


def test_share_of_a_stated_whole():
    n = [para("三、支出预算安排情况", "2024 年支出预算 100.00 万元。其中：基本支出 30.00 万元，占 30%；"
              "项目支出 70.00 万元，占 71%。")]
    res = run_rules(make(narrative=n), ["NARR-SHARE"])
    assert [(c.subject, c.passed) for c in res.checks] == [("基本支出 占比", True), ("项目支出 占比", False)]


def test_counts_only_for_staffing():
    n = [para("三、人员构成", "现有专任教师 3120 人，其中：教授 900 人、博士生导师 1000 人、硕士 2338 人。",
              "共有编制数 21 人。其中：行政编制 5 人、事业编制 17 人。")]
    res = run_rules(make(narrative=n), ["NARR-COUNT"])
    assert errors(res) == [("NARR-COUNT", "编制数 = 各分项之和")]


def test_change_of_another_subject_is_not_attached():
    n = [para("九、会议费", "会议费预算支出 1469.73 万元，比上年预算增加 164.48 万元，主要原因按规定专项经费统一"
              "压减 10%，根据实际开支专项经费增加 200 万元，增减相抵后增加 164.48 万元。")]
    res = run_rules(make(narrative=n), ["NARR-CHANGE"])
    assert not res.findings


def test_missing_tables_never_error():
    n = [para("三、支出预算安排情况", "2024 年支出预算 2652.67 万元。其中：基本支出 408.65 万元，占 15.4%。"),
         para("（三）一般公共预算拨款具体使用情况", "1、一般公共服务支出 2535.67 万元，主要是用于事业运行；")]
    res = run_rules(make(narrative=n))
    assert not [c for c in res.findings if c.severity != "info"]


def test_empty_table_note():
    ai = make()
    ai.tables = {"gov_fund": SimpleTable(title="政府性基金预算支出表", notes=["注：本单位无国有资本经营预算相关支出"]),
                 "soe_capital": SimpleTable(title="国有资本经营预算支出表", notes=[]),
                 "project": SimpleTable(title="项目支出预算表", notes=["注：本单位无项目支出"])}
    res = run_rules(ai, ["COMP-EMPTY-NOTE"])
    got = {(c.table, c.passed, c.severity) for c in res.checks}
    assert got == {("gov_fund", False, "warning"), ("soe_capital", False, "warning"),
                   ("project", True, "warning")}


def test_notes_not_captured_means_no_judgement():
    ai = make()
    ai.tables = {"gov_fund": SimpleTable(title="政府性基金预算支出表", notes=[])}
    assert run_rules(ai, ["COMP-EMPTY-NOTE"]).summary()["checks_run"] == 0


def test_two_halves_in_one_printed_row():
    # 决算 basic tables print 人员经费 and 公用经费 side by side, each with its own code
    recs = []
    for half, code, name, val in (("人员经费", "301", "工资福利支出", "10.00"),
                                  ("人员经费", "30101", "基本工资", "10.00"),
                                  ("公用经费", "302", "商品和服务支出", "5.00"),
                                  ("公用经费", "30201", "办公费", "5.00")):
        recs += cells("gpb_basic", [(code, name, {f"{half}/决算数": val})])
    for r in recs:  # 301 | 302 on printed row 0, 30101 | 30201 on printed row 1
        r["row"] = {"301": 0, "302": 0, "30101": 1, "30201": 1}[r["code"]]
    res = run_rules(make(recs), ["ARITH-HIERARCHY"])
    assert res.summary()["checks_run"] == 2 and not res.findings


def test_amount_named_by_its_whole_path():
    t = cells("gpb_function", [
        ("208", "社会保障和就业支出", {"合计": "460.85"}),
        ("20805", "行政事业单位养老支出", {"合计": "460.85"}),
        ("2080505", "机关事业单位基本养老保险缴费支出", {"合计": "460.85"})])
    n = [para("五、一般公共预算支出预算", "社会保障和就业支出行政事业单位养老支出机关事业单位基本养老保险缴费支出"
              " 460.95 万元。")]
    res = run_rules(make(t, narrative=n), ["NARR-AMOUNT"])
    assert errors(res) == [("NARR-AMOUNT", "社会保障和就业支出行政事业单位养老支出机关事业单位基本养老保险缴费支出")]


def test_a_base_named_in_the_sentence_is_the_base():
    # 2466.43 / 30385.62 = 8.12 %: right against the named base (年初预算数), although the
    # change is not right against 32852.05 − 2466.43 (the base a bare "增加" would imply)
    ok = make(narrative=[para("一、收入决算情况",
                              "2024年度收入决算32852.05万元，比年初预算数30385.62万元增加2466.43万元，增长8.12%。")])
    res = run_rules(ok, ["NARR-CHANGE", "NARR-AMOUNT"])
    assert res.findings == []
    assert {c.subject for c in res.passed} == {"收入决算 增减额", "收入决算 增减率"}
    bad = make(narrative=[para("一、收入决算情况",
                               "2024年度收入决算32852.05万元，比年初预算数30385.62万元增加2466.43万元，增长9.12%。")])
    assert errors(run_rules(bad, ["NARR-CHANGE"])) == [("NARR-CHANGE", "收入决算 增减率")]


def test_a_share_of_a_named_whole_uses_that_whole():
    # 800 is 40 % of the 一般公共预算支出 2000 the sentence names, not of the 支出预算 3200 before it
    narrative = [para("一、支出预算", "支出预算3200.00万元，其中：一般公共预算支出2000.00万元。",
                      "基本支出800.00万元，占一般公共预算支出的比重为40.00%。")]
    res = run_rules(make(narrative=narrative), ["NARR-SHARE"])
    assert res.findings == [] and [c.subject for c in res.passed] == ["基本支出 占比"]
    # an unresolvable whole is not guessed
    narrative = [para("一、支出预算", "其中：基本支出800.00万元，占某某经费的比重为40.00%。")]
    assert run_rules(make(narrative=narrative), ["NARR-SHARE"]).checks == []


# -- a fund named as the scope of another figure is not the fund's total (issue 14) -----------

def _gpb_tables():
    f = cells("gpb_function", [("", "合计", {"合计": "1000.00", "基本支出": "400.00",
                                             "项目支出": "600.00"}),
                               ("214", "交通运输支出", {"合计": "1000.00"})])
    b = cells("gpb_basic", [("", "合计", {"合计": "400.00"}),
                            ("301", "工资福利支出", {"合计": "300.00"})])
    return f, b


def test_fund_as_scope_of_procurement_or_running_costs_is_not_its_total():
    # "其中一般公共预算拨款政府采购 X": the subject is 政府采购, not the fund's total
    narr = [para("（二）政府采购情况", "政府采购预算总额 80.00 万元；其中一般公共预算拨款政府采购 70.00 万元。",
                 "一般公共预算财政拨款运行经费 50.00 万元。")]
    res = run_rules(make(*_gpb_tables(), narrative=narr), ["NARR-AMOUNT"])
    assert not [c for c in res.findings if c.severity == "error"]


def test_performance_target_coverage_matches_project_spending_or_is_a_warning():
    # "涉及一般公共预算当年拨款" names what performance targets cover: here the projects (600)
    ok = [para("预算绩效情况说明", "项目均实行绩效目标管理，涉及一般公共预算当年拨款 600.00 万元。")]
    assert not run_rules(make(*_gpb_tables(), narrative=ok), ["NARR-AMOUNT"]).findings
    bad = [para("预算绩效情况说明", "绩效目标管理全覆盖，涉及一般公共预算当年拨款 60.00 万元。")]
    f = run_rules(make(*_gpb_tables(), narrative=bad), ["NARR-AMOUNT"]).findings
    assert [c.severity for c in f] == ["warning"] and "绩效目标" in f[0].message


def test_parts_of_the_whole_fund_are_not_compared_with_basic_spending():
    # 工资福利支出 as a part of all 一般公共预算 spending also counts project spending
    narr = [para("（1）按照经济分类的类级科目说明",
                 "本部门一般公共预算拨款为 1000.00 万元，其中：工资福利支出 350.00 万元。")]
    res = run_rules(make(*_gpb_tables(), narrative=narr), ["NARR-AMOUNT"])
    assert not [c for c in res.findings if c.subject == "工资福利支出"]
    basic = [para("基本支出", "一般公共预算基本支出 400.00 万元，其中：工资福利支出 350.00 万元。")]
    res = run_rules(make(*_gpb_tables(), narrative=basic), ["NARR-AMOUNT"])
    assert [(c.subject, c.severity) for c in res.findings] == [("工资福利支出", "error")]


def test_appropriations_section_is_not_compared_with_the_gpb_table_when_other_funds_hold_money():
    # a 财政拨款 section's 交通运输支出 includes 政府性基金 money; the 一般公共预算 table does not
    g = cells("gov_fund", [("", "合计", {"合计": "500.00"})])
    narr = [para("（四）财政拨款收支预算情况的总体说明",
                 "收入包括：一般公共预算当年拨款收入 1000.00 万元、政府性基金当年拨款收入 500.00 万元；"
                 "支出包括：交通运输支出 1500.00 万元。")]
    res = run_rules(make(*_gpb_tables(), g, narrative=narr), ["NARR-AMOUNT"])
    assert not [c for c in res.findings if "交通运输" in c.subject]


def test_fund_income_headline_is_not_compared_with_its_spending_table():
    g = cells("gov_fund", [("", "合计", {"本年政府性基金预算支出/合计": "510.00"})])
    narr = [para("收支预算情况", "政府性基金预算收入 500.00 万元，政府性基金预算支出 510.00 万元。")]
    res = run_rules(make(g, narrative=narr), ["NARR-AMOUNT", "NARR-HEADLINE"])
    assert not res.findings and any(c.passed for c in res.checks)


def test_difference_truncation_explains_is_at_most_a_warning():
    # 936,647,884.3 元 = 93664.78843 万元, printed 93664.78: cut off, not rounded
    f = cells("gpb_function", [("", "合计", {"合计": "936,647,884.30"})], unit="元")
    narr = [para("一般公共预算拨款当年拨款规模变化情况", "本部门一般公共预算支出 93664.78 万元。")]
    res = run_rules(make(f, narrative=narr), ["NARR-AMOUNT", "CONV-ROUNDING"])
    assert [c.severity for c in res.findings if c.rule == "NARR-AMOUNT"] == ["warning"]


def test_a_miss_within_the_last_printed_digit_of_a_finer_table_is_a_warning():
    # 万元 with 6 decimals (Beijing): 54,033.944001 rounds to 54,033.94; a sentence that says
    # 54,033.95 differs by less than one unit of its last digit -- a 尾差 adjustment, not certain
    t = cells("gpb_function", [("", "合计", {"合计": "54,033.944001", "基本支出": "54,033.944001"})])
    n = [para("五、一般公共预算支出安排情况", "2026 年一般公共预算拨款 54033.95 万元。")]
    (f,) = run_rules(make(t, narrative=n), ["NARR-AMOUNT"]).findings
    assert f.severity == "warning" and "尾差" in f.message
    # the same table printed at the sentence's precision: a 0.01 miss stays an error
    t2 = cells("gpb_function", [("", "合计", {"合计": "54,033.93", "基本支出": "54,033.93"})])
    assert errors(run_rules(make(t2, narrative=n), ["NARR-AMOUNT"])) == [("NARR-AMOUNT", "一般公共预算拨款")]


def test_a_project_named_like_a_function_item_is_not_certain():
    # 深圳民政 2026: "（五）项目支出…具体包括：5.社会组织管理 569.04 万元" names a project; the
    # 功能 item 2080206 社会组织管理 (567.04) is other money under the same name
    t = cells("expense", [("2080206", "社会组织管理", {"合计": "567.04"})])
    n = [para("（五）项目支出22,701.77万元，具体包括：",
              "5.社会组织管理 569.04 万元，主要包括：社会组织登记管理服务工作。")]
    (f,) = run_rules(make(t, narrative=n), ["NARR-AMOUNT"]).findings
    assert f.severity == "warning" and "同名项目" in f.message
    # the same sentence under a heading on the function classification stays an error
    n2 = [para("（二）支出预算按功能分类", "社会组织管理 569.04 万元。")]
    assert errors(run_rules(make(t, narrative=n2), ["NARR-AMOUNT"])) == [("NARR-AMOUNT", "社会组织管理")]
