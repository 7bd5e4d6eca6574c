"""Disclosure text conventions: width folding, sentence splitting, total labels, placeholders."""
import pytest

from budget_audit.text import DASH_ONLY, PLACEHOLDER, TOTAL_LABEL, TOTAL_WORDS, normalize_text, split_sentences

pytestmark = pytest.mark.unit


def test_normalize_text_folds_width_but_keeps_chinese_punctuation():
    assert normalize_text("２６５２．６７万元，下降６．６％") == "2652.67万元，下降6.6%"
    assert normalize_text("－187.34\u3000万元\xa0") == "-187.34 万元 "
    assert normalize_text(None) == ""


@pytest.mark.parametrize("text, sentences", [
    # each end mark closes a sentence; semicolons stay inside
    ("收入2652.67万元；支出2652.67万元。比上年减少。", ["收入2652.67万元；支出2652.67万元。", "比上年减少。"]),
    # a doubled end mark gives no empty or punctuation-only sentence (the claims parser's case)
    ("下降 6.6%。。其中:基本支出", ["下降 6.6%。", "其中:基本支出"]),
    ("是否完成？！", ["是否完成？"]),
    # ASCII end marks too
    ("Total! Next? 结束", ["Total!", "Next?", "结束"]),
    # the last piece is kept without an end mark (the narrative builder's case: a section that
    # ends in a table or a heading), and pieces are stripped
    ("  第一句。  第二句没有句号  ", ["第一句。", "第二句没有句号"]),
    # nothing but punctuation or space gives nothing
    ("。", []),
    ("  \n ", []),
    ("", []),
])
def test_split_sentences_edge_cases(text, sentences):
    assert split_sentences(text) == sentences


def test_split_sentences_keeps_every_character_of_the_sentences():
    text = "一、收入预算 2652.67 万元（其中：财政拨款 100 万元）。二、支出预算。"
    assert "".join(split_sentences(text)) == text.replace(" 。", "。")


@pytest.mark.parametrize("label", ["合计", "总计", "小计", "本年收入合计", "支出总计", "基本支出小计"])
def test_total_labels(label):
    assert TOTAL_LABEL.search(label)
    assert any(label.endswith(w) for w in TOTAL_WORDS)


@pytest.mark.parametrize("label", ["合计数说明", "其中：工资福利支出", "总计划", "统计"])
def test_not_total_labels(label):
    assert not TOTAL_LABEL.search(label)


@pytest.mark.parametrize("text", ["XX单位", "××局", "（单位名称）", "【项目名称】", "此处填写说明", "【】"])
def test_placeholders(text):
    assert PLACEHOLDER.search(text)


@pytest.mark.parametrize("text", ["江汉区大数据中心", "【2024】12号", "XL型号"])
def test_not_placeholders(text):
    assert not PLACEHOLDER.search(text)


@pytest.mark.parametrize("text, dash", [("-", True), ("——", True), ("/", True), ("－－", True),
                                        ("-12", False), ("0", False), ("", False)])
def test_dash_only_cells(text, dash):
    assert bool(DASH_ONLY.fullmatch(text)) is dash
