"""One glyph-to-line clustering routine for table cells (grid.join_chars) and pages (page_lines)."""
from types import SimpleNamespace

import pytest

from budget_audit.extract.grid import join_chars
from budget_audit.extract.lines import (
    CELL_LINES,
    PAGE_LINES,
    cluster_lines,
    drop_double_struck,
    page_lines,
)

pytestmark = pytest.mark.unit


def g(text, x, top, h=10.0, size=10.0):
    return {"text": text, "x0": x, "x1": x + h, "top": top, "bottom": top + h, "size": size}


def texts(lines):
    return ["".join(c["text"] for c in ln) for ln in lines]


@pytest.mark.parametrize("setting", [CELL_LINES, PAGE_LINES])
def test_mixed_fonts_on_one_baseline_stay_one_line(setting):
    """Digits from a font with another ascent/descent sit 3 pt lower: still the same line."""
    chars = [g("收", 0, 100), g("入", 10, 100), g("2", 20, 103, h=7), g("6", 27, 103, h=7), g("元", 34, 100)]
    assert texts(cluster_lines(chars, *setting)) == ["收入26元"]


@pytest.mark.parametrize("setting", [CELL_LINES, PAGE_LINES])
def test_stacked_lines_split_top_to_bottom_each_left_to_right(setting):
    chars = [g("b", 10, 112), g("a", 0, 112), g("y", 10, 100), g("x", 0, 100), g(" ", 5, 100)]
    assert texts(cluster_lines(chars, *setting)) == ["xy", "ab"]


def test_the_running_mean_keeps_a_long_slanted_line_together():
    """A line that drifts 0.3 glyph heights per glyph stays one line with a running mean: the
    third glyph is 0.6 heights from the first but within 0.45 of the line's mean middle."""
    chars = [g(str(i), 10 * i, 100 + 3 * i) for i in range(3)]
    assert texts(cluster_lines(chars, *PAGE_LINES)) == ["012"]
    assert texts(cluster_lines(chars, 0.5, False)) == ["01", "2"]


def test_the_two_tolerances():
    """A glyph 0.47 heights off the line joins it in a cell (0.5) and starts a line on a page (0.45)."""
    chars = [g("a", 0, 100), g("b", 10, 104.7)]
    assert texts(cluster_lines(chars, *CELL_LINES)) == ["ab"]
    assert texts(cluster_lines(chars, *PAGE_LINES)) == ["a", "b"]


def test_fake_bold_copies_are_dropped():
    line = [g("合", 0, 0), g("合", 0.2, 0), g("计", 10, 0), g("计", 10.1, 0), g("计", 20, 0)]
    assert "".join(c["text"] for c in drop_double_struck(line)) == "合计计"


def test_join_chars_joins_wrapped_lines_and_keeps_stacked_numbers_apart():
    assert join_chars([g("一般公", 0, 0), g("共预算", 0, 12)]) == "一般公共预算"
    assert join_chars([g("1", 0, 0), g("2", 0, 12)]) == "1 2"
    assert join_chars([g(" ", 0, 0)]) == ""


def test_page_lines_drop_glyphs_inside_excluded_boxes_and_space_ascii_runs():
    page = SimpleNamespace(chars=[g("2", 0, 0), g("0", 10, 0), g("3", 40, 0), g("表", 0, 50)])
    lines = page_lines(page, 7, exclude_boxes=[(-1, 45, 20, 70)])
    assert [(ln.page, ln.text) for ln in lines] == [(7, "20 3")]
