"""The narrative parsing added for issue 15: lists after a total, names after a count, a rate
printed beside its change."""
from decimal import Decimal as D

from budget_audit.claims import claims_from_text, counted_names, listed_items, own_rates


def test_list_after_a_total():
    (li,) = listed_items(claims_from_text("项目支出474.56万元，主要用于：信息化建设300万元、运维服务173.56万元。"))
    assert (li.total.value, [c.value for c in li.items], li.complete) == (
        D("474.56"), [D("300"), D("173.56")], False)
    (li,) = listed_items(claims_from_text(
        "基本支出408.65万元，包括：（一）工资福利支出374.86万元，主要用于基本工资；（二）商品和服务支出33.79万元。"))
    assert li.complete and [c.value for c in li.items] == [D("374.86"), D("33.79")]


def test_no_list_when_the_list_word_belongs_to_another_clause_or_holds_a_sub_list():
    assert listed_items(claims_from_text(
        "1、一般公共服务支出2535.67万元，主要是用于事业运行；2、社会保障和就业支出29.92万元。")) == []
    assert listed_items(claims_from_text(
        "支出474.56万元，包括：A 300万元，主要用于：B 100万元、C 200万元；D 1万元。")) == []


def test_names_after_a_count():
    (cn,) = counted_names(claims_from_text("纳入预算编制范围的单位共3个，包括：本级、甲中心和乙所。"))
    assert (cn.count.value, cn.names) == (D("3"), ["本级", "甲中心", "乙所"])
    # "住房和城乡建设局" is one name; "等" makes the list open
    (cn,) = counted_names(claims_from_text("下属单位2家：住房和城乡建设局、规划局。"))
    assert cn.names == ["住房和城乡建设局", "规划局"]
    assert counted_names(claims_from_text("下属单位5家：甲局、乙局等。")) == []


def test_rate_beside_its_change():
    (r,) = own_rates(claims_from_text("三公经费支出29.80万元，比上年降低38.17万元（56.57%）。"))
    assert (r.change.value, r.value, r.decimals) == (D("-38.17"), D("56.57"), 2)
    (r,) = own_rates(claims_from_text("支出100万元，比上年增加10万元，增幅为11.1%。"))
    assert r.value == D("11.1")
    assert own_rates(claims_from_text("支出100万元，比上年增加10万元，增长11.1%。")) == []
