"""tables.xlsx keeps amounts as exact numbers and every PDF string as inert text."""

import openpyxl
import pandas as pd
import pytest

from budget_audit.report.excel import write_workbook

HOSTILE = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


@pytest.fixture
def workbook(tmp_path):
    table = pd.DataFrame({"科目编码": ["201", "2010302"], "科目名称": HOSTILE[:2],
                          "合计": ["2,652.67", "59.90"]})
    findings = pd.DataFrame({"message": HOSTILE[2:], "stated": [1, 2, 3]})
    target = tmp_path / "tables.xlsx"
    write_workbook(target, {"gpb_function": table}, {"gpb_function": {"合计"}}, findings)
    return openpyxl.load_workbook(target)


def test_strings_that_look_like_formulas_stay_text(workbook):
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row]
    hostile = [c for c in cells if isinstance(c.value, str) and c.value in HOSTILE]
    assert len(hostile) == len(HOSTILE)
    for cell in hostile:
        assert cell.data_type == "s", cell.value   # not 'f': Excel will not evaluate it
        assert cell.quotePrefix                    # and stays text when edited


def test_amounts_are_exact_numbers_and_codes_stay_text(workbook):
    sheet = workbook["gpb_function"]
    assert sheet["C2"].value == 2652.67              # a number cell (xlsx stores doubles)
    assert sheet["C2"].number_format == "#,##0.00"
    assert sheet["C3"].number_format == "#,##0.00"   # 59.90 keeps its two printed decimals
    assert sheet["A3"].value == "2010302"            # a code is not an amount


def test_a_control_character_in_a_pdfs_text_is_marked_not_fatal(tmp_path):
    """gd_shenzhen_swj_2026_dept_budget prints a stray \\x02 inside a 绩效 target sentence;
    a worksheet cannot hold it, so it is shown as a visible marker and the sentence is kept."""
    table = pd.DataFrame({"绩效目标": ["鹅颈-公明连通隧洞及公明\x02石岩水库供水隧洞"]})
    target = tmp_path / "tables.xlsx"
    write_workbook(target, {"other": table}, {"other": set()}, pd.DataFrame({"message": []}))
    assert openpyxl.load_workbook(target)["other"]["A2"].value == "鹅颈-公明连通隧洞及公明⟨U+0002⟩石岩水库供水隧洞"
