"""Reading rules of issue 13 on small synthetic tables: each rule holds where the printed
numbers agree with it and fails where one amount is changed."""
from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest

from budget_audit.extract.cells import _code_text, _join_code
from budget_audit.extract.grid import GridCell, Piece
from budget_audit.extract.prove import cross_footings, numbered_totals
from budget_audit.extract.structure import LayoutRow, _empty_table_header, _roles


def _cells(rows):
    """rows: (row, column, name, value[, x0]) → tidy cells of one table."""
    out = []
    for r in rows:
        ri, col, name, val, *x = r
        v = None if val is None else Decimal(val)
        out.append({"table_id": "t", "row": ri, "column": col, "code": "", "name": name, "level": "",
                    "value": v, "decimals": 2 if v is not None else "", "page": 1, "x0": x[0] if x else 0.0})
    return pd.DataFrame(out)


def _project_group(kxjj: str):
    """合计 | 基本支出 | 项目支出/项目支出总数 | 项目支出/扣除基建项目后预算数 (the Beijing 预算05表)."""
    rows = []
    for ri, (tot, basic, proj, net) in enumerate([("100.00", "40.00", "60.00", kxjj), ("50.00", "50.00", None, None)]):
        rows += [(ri, "合计", "x", tot), (ri, "基本支出", "x", basic), (ri, "项目支出/项目支出总数", "x", proj),
                 (ri, "项目支出/扣除基建项目后预算数", "x", net)]
    return _cells(rows)


@pytest.mark.parametrize("net", ["60.00", "55.00"])
def test_a_header_ending_in_zongshu_is_its_groups_total(net):
    # 项目支出 = 项目支出总数, whatever the part "of which" (扣除基建项目后) says
    checks = cross_footings(_project_group(net))
    assert checks and all(c.ok for c in checks)


def test_the_group_total_still_fails_when_it_does_not_foot():
    cells = _project_group("60.00")
    cells.loc[(cells["row"] == 0) & (cells["column"] == "合计"), "value"] = Decimal("101.00")
    assert [c.ok for c in cross_footings(cells) if c.row == 0] == [False]


def _income(other_total="80.00"):
    """收入总计 on top, then two label columns: group | 小计 / item (the Jiangsu 收入预算总表)."""
    return _cells([(0, "金额", "收入总计", "13377.11"),
                   (1, "金额", "一般公共预算资金/小计", "13297.11"),
                   (2, "金额", "一般公共预算资金/公共财政拨款", "13297.11"),
                   (3, "金额", "一般公共预算资金/专项收入", None),
                   (4, "金额", "其他资金/小计", other_total),
                   (5, "金额", "其他资金/事业收入", None),
                   (6, "金额", "其他资金/其他收入", "80.00")])


def test_a_groups_subtotal_foots_its_own_rows_and_the_total_the_subtotals():
    checks = numbered_totals(_income())
    assert {c.what for c in checks} == {"金额: 收入总计", "金额: 一般公共预算资金/小计", "金额: 其他资金/小计"}
    assert all(c.ok for c in checks)


def test_a_groups_subtotal_that_does_not_foot_fails():
    checks = {c.what: c.ok for c in numbered_totals(_income(other_total="81.00"))}
    assert checks["金额: 其他资金/小计"] is False


def _halves(right_total="30.00"):
    """Two halves under one column name (功能分类 金额 | 支出用途 金额), one 小计 on the right."""
    return _cells([(0, "金额", "一、基本支出", "20.00", 400), (0, "金额", "一、公共安全支出", None, 300),
                   (1, "金额", "二、项目支出", "10.00", 400), (1, "金额", "二、住房保障支出", "30.00", 300),
                   (2, "金额", "当年支出小计", right_total, 400)])


def test_halves_under_one_column_name_are_footed_apart():
    assert [c.ok for c in numbered_totals(_halves())] == [True]
    assert [c.ok for c in numbered_totals(_halves("31.00"))] == [False]


def test_a_kuan_code_printed_without_its_zero():
    parts = [_code_text(_g(0, 0, 0, 0, "301"), "编码/类"), _code_text(_g(0, 1, 0, 1, "2"), "编码/款")]
    assert _join_code(parts) == "30102"
    assert _join_code(["301", _code_text(_g(0, 1, 0, 1, "12"), "编码/款")]) == "30112"
    assert _code_text(_g(0, 0, 0, 0, "1"), "单位编码") == "1"  # a 单位编码 keeps its digit
    assert _join_code(["2080505"]) == "2080505"


def _g(r0, c0, r1, c1, text):
    return GridCell(r0, c0, r1, c1, c0 * 10.0, r0 * 10.0, (c1 + 1) * 10.0, (r1 + 1) * 10.0, text=text)


def _piece(cells, nrows, ncols):
    grid = [[None] * ncols for _ in range(nrows)]
    for g in cells:
        for r in range(g.r0, g.r1 + 1):
            for c in range(g.c0, g.c1 + 1):
                grid[r][c] = g
    return Piece(1, (0, 0, ncols * 10.0, nrows * 10.0), [c * 10.0 for c in range(ncols + 1)],
                 [r * 10.0 for r in range(nrows + 1)], cells, grid)


def test_an_empty_tables_header_runs_past_a_heji_column_name():
    # 功能分类科目名称 (2 rows) | 本年支出 over 合计 | 基本支出 ; ** 1 2 ; 合计 row ; blank
    cells = [_g(0, 0, 1, 0, "功能分类科目名称"), _g(0, 1, 0, 2, "本年支出"), _g(1, 1, 1, 1, "合计"),
             _g(1, 2, 1, 2, "基本支出"), _g(2, 0, 2, 0, "**"), _g(2, 1, 2, 1, "1"), _g(2, 2, 2, 2, "2"),
             _g(3, 0, 3, 0, "合计"), _g(3, 1, 3, 1, ""), _g(3, 2, 3, 2, "")]
    assert _empty_table_header(_piece(cells, 4, 3)) == 3


def test_a_kuan_column_of_bare_integers_is_a_code_column():
    cells = [_g(r, 0, r, 0, t) for r, t in enumerate(["301", "301", "301"])] \
        + [_g(r, 1, r, 1, t) for r, t in enumerate(["", "2", "08"])] \
        + [_g(r, 2, r, 2, t) for r, t in enumerate(["工资福利支出", "津贴补贴", "养老保险"])] \
        + [_g(r, 3, r, 3, t) for r, t in enumerate(["100", "40", "60"])]
    p = _piece(cells, 3, 4)
    rows = [LayoutRow(1, [p.grid[r][c] for c in range(4)], [p.grid[r][c] for c in range(4)]) for r in range(3)]
    assert _roles(["编码/类", "编码/款", "名称", "合计"], rows, 4) == ["code", "code", "label", "value"]


def test_glyphs_are_measured_from_the_visible_boxs_corner(tmp_path):
    """A page whose MediaBox starts at (-12, 12): a glyph drawn 12 pt right of the box's left edge
    sits at x = 12 on the page as displayed (camelot's grids are measured the same way)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject
    from reportlab.pdfgen import canvas

    from budget_audit.extract.chars import text_layer

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 100))
    c.drawString(0, 50, "8")
    c.save()
    plain = text_layer(buf.getvalue())[0].chars[0]
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    w.pages[0].mediabox = RectangleObject([-12, -38, 188, 62])
    out = io.BytesIO()
    w.write(out)
    moved = text_layer(out.getvalue())[0].chars[0]
    assert moved["x0"] == pytest.approx(plain["x0"] + 12, abs=0.01)
    assert moved["top"] == pytest.approx(plain["top"] - 38, abs=0.01)


def _procurement(leaf="5.00"):
    """合计 over 货物 > 本单位 > items and 服务 > 本单位 > items, no code and no numbering."""
    names = ["合计", "货物", "本单位", "复印机/集中采购", "空调机/集中采购", "服务", "本单位", "物业管理/分散采购"]
    vals = ["36.28", "6.28", "6.28", leaf, "1.28", "30.00", "30.00", "30.00"]
    return _cells([(i, "总计", n, v) for i, (n, v) in enumerate(zip(names, vals))])


def test_nested_subtotals_read_a_list_with_no_code_or_numbering():
    from budget_audit.extract.outline import outline_totals
    assert outline_totals(_procurement()) and all(c.ok for c in outline_totals(_procurement()))
    # one item changed: no outline accounts for every row any more
    assert not outline_totals(_procurement(leaf="5.10"))


def test_a_total_row_with_a_stray_glyph_beside_it_and_a_code_in_a_label():
    # 合计 | 式 (a wrapped header's last glyph) is still the total row; one 12345 in a label
    # does not make the table a coded one
    cells = _procurement()
    cells.loc[cells["row"] == 0, "name"] = "合计/式"
    cells.loc[cells["row"] == 7, "code"] = "12345"
    assert len(numbered_totals(cells)) == 1  # checked as a total row, not skipped as a coded table
    from budget_audit.extract.outline import outline_totals
    assert outline_totals(cells) and all(c.ok for c in outline_totals(cells))
