from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from budget_audit.claims import claims_from_text, extract_claims, split_sentences


def kinds(cl, kind):
    return [c for c in cl if c.kind == kind]


def test_expense_paragraph():
    cl = claims_from_text("2024 年支出预算 2652.67 万元,比 2023 年预算减少 187.34 万元,下降 6.6%。。"
                          "其中:基本支出 408.65 万元,占 15.4%;项目支出 2244.02 万元,占 84.6%。")
    amounts = kinds(cl, "amount")
    assert [(a.subject, a.value) for a in amounts] == [
        ("支出预算", D("2652.67")), ("基本支出", D("408.65")), ("项目支出", D("2244.02"))]
    (ch,) = kinds(cl, "change")
    assert ch.value == D("-187.34") and ch.ref is amounts[0] and ch.ref_year == 2023
    (pc,) = kinds(cl, "pct_change")
    assert pc.value == D("-6.6") and pc.ref is amounts[0] and pc.change is ch
    shares = kinds(cl, "share")
    assert [(s.ref.subject, s.value) for s in shares] == [("基本支出", D("15.4")), ("项目支出", D("84.6"))]
    # the 其中 opening the next sentence refers to the 支出预算 of the previous one
    assert amounts[1].parent is amounts[0] and amounts[2].parent is amounts[0]


def test_counts_with_parts_and_nested_bracket():
    cl = claims_from_text("江汉区大数据中心共有编制数 21 人。其中：行政编制 0 人、全额事业参公人员编制 0 人、"
                          "事业人员编制 21 人。2023 年 12 月在职人员实有数 15 人，其中：行政人员 0 人、"
                          "事业人员 15 人（其中参公事业人员 0 人）。")
    counts = kinds(cl, "count")
    head = counts[0]
    assert "编制数" in head.subject and head.value == 21
    assert [p.value for p in head.parts] == [0, 0, 21]
    actual = [c for c in counts if "实有数" in c.subject][0]
    assert actual.subject == "在职人员实有数"  # year and month stripped
    assert [p.subject for p in actual.parts] == ["行政人员", "事业人员"]
    nested = [c for c in counts if c.subject == "参公事业人员"][0]
    assert nested.depth == 1 and nested.parent is None


def test_main_use_and_units():
    cl = claims_from_text("3、卫生健康支出 26.94 万元，主要是用于事业单位医疗；")
    (mu,) = kinds(cl, "main_use")
    assert mu.subject == "卫生健康支出" and mu.targets == ["事业单位医疗"]
    cl = claims_from_text("2024年购岗经费的组成（10613412元）： 一、人员工资基本组成：工资，五险等10489572元。")
    a = kinds(cl, "amount")
    assert a[0].unit == "元" and a[0].value_wan == D("1061.3412")
    assert claims_from_text("总额 1.5 亿元")[0].value_wan == D("15000.0")


def test_robust_number_forms():
    cl = claims_from_text("一般公共服务支出２,５３５.３７万元，较上年增加 10 万元，增长 0.4％")
    a = kinds(cl, "amount")[0]
    assert a.value == D("2535.37") and a.subject == "一般公共服务支出"
    assert kinds(cl, "change")[0].value == D("10")
    assert kinds(cl, "pct_change")[0].value == D("0.4")
    cl = claims_from_text("收入预算1,061.34万元")
    assert kinds(cl, "amount")[0].value == D("1061.34")


def test_changes_attach_and_flat():
    cl = claims_from_text("2024 年机关运行经费 33.79 万元，较 2023 年预算减少 10.9 万元，下降 24.4%。")
    assert kinds(cl, "change")[0].value == D("-10.9")
    assert kinds(cl, "pct_change")[0].decimals == 1
    cl = claims_from_text("公务接待费 0 万元，与上年持平。")
    (ch,) = kinds(cl, "change")
    assert ch.flat and ch.value == 0


def test_years_and_dates_are_not_claims():
    cl = claims_from_text("截至 2023 年 12 月 31 日，一般公务用车 1 辆。")
    assert [(c.subject, c.value) for c in cl] == [("一般公务用车", D("1"))]


def test_sentences_and_sections():
    assert split_sentences("下降 6.6%。。其中:基本支出") == ["下降 6.6%。", "其中:基本支出"]
    cl = extract_claims([{"title": "五、一般公共预算支出安排情况", "sentences": []},
                         {"title": "(二) 结构情况", "sentences": [{"text": "基本支出 1 万元。", "page": 3}]}])
    assert cl[0].page == 3 and "一般公共预算" in cl[0].section_path


@given(st.decimals(min_value=D("0"), max_value=D("99999999"), places=2),
       st.sampled_from(["万元", "元", "亿元"]), st.sampled_from(["", " ", "\u3000"]),
       st.sampled_from(["支出预算", "一般公共服务支出", "项目支出"]))
def test_amounts_parse_back(value, unit, space, subject):
    text = f"2024 年{subject}{space}{value:,}{space}{unit}，比上年增加{space}1.5{space}{unit}。"
    cl = claims_from_text(text)
    a = [c for c in cl if c.kind == "amount"][0]
    assert a.value == value and a.unit == unit and a.subject == subject
    ch = [c for c in cl if c.kind == "change"][0]
    assert ch.ref is a and ch.value == D("1.5")
