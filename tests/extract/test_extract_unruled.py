"""A table without any ruling line (columns aligned by text only), read through camelot's
stream flavor with the text layer.  No corpus document has one, but real disclosures do; the
fixture tests/data/unruled_table.pdf is rendered by tools/make_unruled_fixture.py."""
from __future__ import annotations

import importlib.util
from decimal import Decimal
from functools import cache
from pathlib import Path

import pdfplumber

from budget_audit.extract import extract_document
from budget_audit.extract.footing import check_footings

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "data" / "unruled_table.pdf"


def _tool():
    spec = importlib.util.spec_from_file_location("make_unruled_fixture", ROOT / "tools" / "make_unruled_fixture.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@cache
def extraction():
    return extract_document(FIXTURE)


def test_fixture_has_no_rulings():
    with pdfplumber.open(FIXTURE) as pdf:
        page = pdf.pages[0]
        assert not page.lines and not page.rects and not page.curves


def test_unruled_table_found_and_identified():
    ex = extraction()
    inv = {t["id"]: t for t in ex.inventory()}
    assert list(inv) == ["gpb_function"]
    t = inv["gpb_function"]
    assert (t["title"], t["pages"], t["unit"], t["rows"]) == ("2025年一般公共预算支出表", [1], "万元", 9)
    assert t["structure"] == "verified" and t["unparsed_cells"] == 0


def test_unruled_cells_read_right():
    tool = _tool()
    c = extraction().cells
    assert list(dict.fromkeys(c["column"])) == ["合计", "基本支出", "项目支出"]
    for ri, (code, name, *amounts) in enumerate(tool.ROWS):
        got = c[c["row"] == ri]
        assert set(got["code"]) == {code} and set(got["name"]) == {name}
        assert list(got["raw"]) == amounts
    assert c[(c.code == "2080506") & (c.column == "合计")].iloc[0].value == Decimal("80.00")
    footings = check_footings(c)
    assert footings and all(f.ok for f in footings)


def test_a_changed_amount_is_one_footing_failure(tmp_path):
    """行政运行 printed 814.50 instead of 804.50: the 20103 footing fails there and only there
    (one inconsistency among checks that hold: the reading stands, the table is wrong)."""
    tool = _tool()
    rows = [r if r[0] != "2010301" else ("2010301", "行政运行", "814.50", "814.50", "") for r in tool.ROWS]
    ex = extract_document(tool.render(tmp_path / "changed.pdf", rows))
    failed = {(f.column, f.parent) for f in check_footings(ex.cells) if not f.ok}
    assert failed == {("合计", "20103"), ("基本支出", "20103")}
    assert ex.tables["gpb_function"].structure == "verified"
    assert "合计与明细不符" in ex.tables["gpb_function"].structure_reason
