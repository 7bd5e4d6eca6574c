"""Outline totals (extract/outline.py) and the cell readings they rely on: group rows that head
the rows below them with no code or level to say so (the Xi'an 专项业务经费 and 政府采购 lists),
numbers that are not amounts (a 1-digit 资金性质 code, 实施采购时间), and a label's tail
printed over into the amount cell."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from budget_audit.extract.grid import GridCell
from budget_audit.extract.model import Table
from budget_audit.extract.outline import outline_totals
from budget_audit.extract.prove import assess
from budget_audit.extract.spill import label_overflow
from budget_audit.extract.structure import LayoutRow, _roles


def _cells(rows: list[tuple[str, str, dict[str, str]]]) -> pd.DataFrame:
    """rows: (code, name, {column: amount}) in printed order."""
    out = []
    for i, (code, name, vals) in enumerate(rows):
        for col, v in vals.items():
            d = len(v.split(".")[1]) if "." in v else 0
            out.append({"table_id": "other#1", "row": i, "code": code, "name": name, "level": "",
                        "column": col, "value": Decimal(v) if v else None, "decimals": d if v else "",
                        "raw": v, "unit": "元", "value_wan": None, "page": 1,
                        "x0": 0, "y0": 0, "x1": 0, "y1": 0, "ocr_conf": ""})
    return pd.DataFrame(out)


# 合计 over two 资金性质 groups, each over units, each over 专用项目 over its projects; the
# first unit's last two projects print the same amount (40, 40), and one unit heads one project
_SPECIAL = [
    ("", "合计", {"项目金额": "200"}),
    ("", "全额", {"项目金额": "180"}),
    ("", "单位甲", {"项目金额": "130"}),
    ("", "专用项目", {"项目金额": "130"}),
    ("", "项目一", {"项目金额": "50"}),
    ("", "项目二", {"项目金额": "40"}),
    ("", "项目三", {"项目金额": "40"}),
    ("", "单位乙", {"项目金额": "50"}),
    ("", "项目四", {"项目金额": "50"}),
    ("", "自收自支", {"项目金额": "20"}),
    ("", "单位丙", {"项目金额": "20"}),
    ("", "项目五", {"项目金额": "12"}),
    ("", "项目六", {"项目金额": "8"}),
]


def _table():
    return Table(id="other#1", title="专项业务经费支出表", unit="元", pages=[1], frame=pd.DataFrame({"a": [1, 2, 3]}))


def test_group_rows_head_the_rows_below_them():
    checks = outline_totals(_cells(_SPECIAL))
    assert checks and all(c.ok for c in checks)
    heads = {c.row for c in checks}
    # 合计, 全额, 单位甲, 专用项目, 单位乙, 自收自支, 单位丙 are groups; no project is
    assert heads == {0, 1, 2, 3, 7, 9, 10}


def test_the_outline_verifies_a_list_with_no_code_or_level():
    cells = _cells(_SPECIAL)
    assert assess(_table(), cells, pd.DataFrame())[0] == "verified"


def test_a_total_that_the_rows_do_not_make_up_proves_nothing():
    rows = [("", "合计", {"项目金额": "210"})] + _SPECIAL[1:]
    assert outline_totals(_cells(rows)) == []
    assert assess(_table(), _cells(rows), pd.DataFrame())[0] == "uncertain"


def test_a_second_amount_column_is_checked_against_the_same_outline():
    rows = [(c, n, {**v, "其中财政拨款": v["项目金额"]}) for c, n, v in _SPECIAL]
    assert all(c.ok for c in outline_totals(_cells(rows)))
    rows[4] = ("", "项目一", {"项目金额": "50", "其中财政拨款": "40"})  # 单位甲 no longer adds up there
    checks = outline_totals(_cells(rows))
    assert [c.row for c in checks if not c.ok] == [3]
    assert assess(_table(), _cells(rows), pd.DataFrame())[0] == "uncertain"


def test_a_plain_list_under_its_total_is_one_level():
    rows = [("", "合计", {"金额": "6,360.00"}), ("2010301", "消防设备", {"金额": "6,000.00"}),
            ("2010301", "办公桌", {"金额": "360.00"})]
    rows = [(c, n, {k: v.replace(",", "") for k, v in d.items()}) for c, n, d in rows]
    checks = outline_totals(_cells(rows))
    assert [(c.row, c.ok) for c in checks] == [(0, True)]


def _cell(text, x0, x1, chars=()):
    return GridCell(0, 0, 0, 0, x0, 0, x1, 10, text=text, chars=list(chars))


def _row(*texts):
    cells = [_cell(t, 0, 10) if t else None for t in texts]
    return LayoutRow(1, cells, cells)


def test_a_one_digit_fund_code_under_a_code_header_is_a_code_and_a_date_is_never_summed():
    cols = ["单位编码", "采购项目", "实施采购时间", "预算金额"]
    rows = [_row("", "合计", "", "4,186,460.00"), _row("1", "全额", "", "890,360.00"),
            _row("114001", "西安市人民政府办公厅", "", "890,360.00"), _row("", "日常公用经费", "12", "6,000.00")]
    assert _roles(cols, rows, 4) == ["code", "label", "date", "value"]


def _glyphs(spec):
    return [{"text": t, "x0": a, "x1": b, "top": 0, "bottom": 10} for t, a, b in spec]


def test_a_label_tail_printed_into_the_amount_cell_goes_back_to_the_label():
    # «…中国城市”评» fills its cell, «选» is printed at the left edge of the amount cell and
    # «700000» right-aligned in it
    g = _cell("选700000", 400, 550, _glyphs([("选", 401, 410)] + [(d, 510 + 6 * k, 516 + 6 * k)
                                                                  for k, d in enumerate("700000")]))
    assert label_overflow(g) == ("选", "700000")


def test_characters_next_to_the_number_are_not_an_overflow():
    g = _cell("约700000", 400, 550, _glyphs([("约", 503, 512)] + [(d, 512 + 6 * k, 518 + 6 * k)
                                                                  for k, d in enumerate("700000")]))
    assert label_overflow(g) is None


def test_a_split_code_column_keeps_its_two_digits():
    from budget_audit.extract.cells import _code_text

    assert _code_text(_cell("2", 0, 10), "部门预算经济分类科目编码/款") == "02"
    assert _code_text(_cell("2", 0, 10), "单位编码") == "2"  # not a 款/项 part
    spill = _cell("险50102", 0, 60, _glyphs([("险", 1, 10)] + [(d, 30 + 5 * k, 35 + 5 * k)
                                                                for k, d in enumerate("50102")]))
    assert _code_text(spill, "政府经济科目编码") == "50102"


def _piece(rows: list[list[GridCell]]):
    from budget_audit.extract.grid import Piece

    nc = len(rows[0])
    return Piece(1, (0, 0, 10 * nc, 10 * len(rows)), [10.0 * c for c in range(nc + 1)],
                 [10.0 * r for r in range(len(rows) + 1)], [g for row in rows for g in row], rows)


def _gc(r, c, text, chars=()):
    return GridCell(r, c, r, c, 10 * c, 10 * r, 10 * c + 10, 10 * r + 10, text=text, chars=list(chars))


def test_an_empty_table_printed_with_its_total_row_only_is_a_table():
    from budget_audit.extract.api import _holds_rows

    head = [_gc(0, 0, "预算单位名称"), _gc(0, 1, "金额")]
    assert _holds_rows(_piece([head, [_gc(1, 0, "合计"), _gc(1, 1, "")]]))
    assert not _holds_rows(_piece([head, [_gc(1, 0, ""), _gc(1, 1, "")]]))  # a frame, not a table


def test_two_amounts_side_by_side_in_one_cell_ask_for_a_finer_grid():
    from budget_audit.extract.finer import crowded

    def amounts(texts, gap):
        out, x = [], 0.0
        for t in texts:
            for ch in t:
                out.append({"text": ch, "x0": x, "x1": x + 4, "top": 0, "bottom": 8})
                x += 4
            x += gap
        return out

    two = _gc(0, 0, "25,000.0025,000.00", amounts(["25,000.00", "25,000.00"], 12))
    assert crowded(_piece([[two]]))
    one = _gc(0, 0, "25,000.00", amounts(["25,000.00"], 12))
    assert not crowded(_piece([[one]]))


def test_a_split_code_is_composed_of_its_parts_only():
    from budget_audit.extract.cells import table_cells
    from budget_audit.extract.structure import Layout

    cols = ["科目编码/类", "科目编码/款", "科目编码/项", "单位编码", "采购项目", "预算金额"]
    rows = [_row("201", "03", "01", "114001", "西安市人民政府办公厅", "890,360.00"),
            _row("201", "03", "01", "", "日常公用经费", "6,000.00")]
    lay = Layout(cols, 2, rows, ["code", "code", "code", "code", "label", "value"])
    cells, unparsed = table_cells("procurement", lay, "元")
    assert [(c["code"], c["name"]) for c in cells] == [("2010301", "西安市人民政府办公厅"), ("2010301", "日常公用经费")]
    assert unparsed == []
