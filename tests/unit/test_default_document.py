"""The default document (data/raw/2024/jianghan_dsjzx_2024_budget.pdf) and its ground truth.

The PDF is a re-typeset rendering of the published text (data/seed/…), made by
tools/render_default_document.py; tests/data/default_truth.csv is made by tools/seed_text.py.
These tests prove that the committed files come from the committed tools and the seed, and
that the rendering holds every number of every table on that table's own pages.
"""
from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

import pdfplumber
import pytest

from corpus_docs import SEED

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools import render_default_document as rdd  # noqa: E402
from tools import seed_text as st  # noqa: E402

PDF = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"
SOURCES = ROOT / "data" / "sources.csv"
TRUTH = ROOT / "tests" / "data" / "default_truth.csv"
FOOTER = 45  # points at the page bottom holding the page number



def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def blocks():
    return st.parse_file(SEED)


@pytest.fixture(scope="module")
def pages():
    """[(width, height, text without whitespace and without the footer)] of the committed PDF."""
    out = []
    with pdfplumber.open(PDF) as pdf:
        for p in pdf.pages:
            body = p.crop((0, 0, p.width, p.height - FOOTER))
            out.append((float(p.width), float(p.height), _norm(body.extract_text() or "")))
    return out


def locate_tables(tables, pages) -> dict[str, list[int]]:
    """0-based page indexes of each table: from the page with its title (and label) to the page
    before the next table's.  Searched in document order, so repeated titles (the three
    项目支出绩效目标 forms) are told apart."""
    starts = []
    nxt = 0
    for t in tables:
        keys = [_norm(t.title)] + ([_norm(t.label)] if not t.is_form else [])
        for i in range(nxt, len(pages)):
            if all(k in pages[i][2] for k in keys):
                starts.append(i)
                nxt = i + 1
                break
        else:
            pytest.fail(f"{t.label} {t.title}: title not found after page {nxt + 1}")
    ends = [s - 1 for s in starts[1:]] + [len(pages) - 1]
    return {t.label: list(range(s, e + 1)) for t, s, e in zip(tables, starts, ends)}


def test_parser_finds_every_table_in_order(blocks):
    labels = [t.label for t in st.tables(blocks)]
    assert labels == [f"预算{i:02d}表" for i in range(1, 14)] + [
        "绩效-dept", "绩效-project-1", "绩效-project-2", "绩效-project-3"]
    t05 = st.tables(blocks)[4]
    assert t05.n_header == 2 and st.header_paths(t05.header_rows)[4] == "基本支出/人员经费"


def test_rerender_is_byte_identical(tmp_path):
    out = rdd.render(SEED, tmp_path / "again.pdf")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(
        PDF.read_bytes()).hexdigest(), (
        "the committed PDF is not what tools/render_default_document.py makes from the seed: "
        "re-run `python tools/render_default_document.py SEED data/raw/2024/"
        "jianghan_dsjzx_2024_budget.pdf` and update data/sources.csv")


def test_truth_csv_is_up_to_date(tmp_path):
    out = tmp_path / "truth.csv"
    st.write_truth(SEED, out)
    assert out.read_bytes() == TRUTH.read_bytes(), (
        "tests/data/default_truth.csv is stale: run `python tools/seed_text.py truth SEED "
        "tests/data/default_truth.csv`")


def test_truth_covers_every_body_cell(blocks):
    with open(TRUTH, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = sum(len(r) for t in st.tables(blocks) for r in t.body_rows)
    assert len(rows) == expected
    assert any(r["text"] == "" for r in rows)  # blanks are kept
    cell = {(r["table_label"], int(r["row"]), int(r["col"])): r for r in rows}
    assert cell[("预算07表", 2, 2)]["text"] == "59.90"
    assert cell[("预算07表", 2, 2)]["header_path"] == "本年一般公共预算基本支出/合计"


def test_every_table_number_is_on_its_own_pages(blocks, pages):
    tables = st.tables(blocks)
    where = locate_tables(tables, pages)
    missing = []
    n_checked = 0
    for t in tables:
        text = "".join(pages[i][2] for i in where[t.label])
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                for tok in st.number_tokens(cell):
                    n_checked += 1
                    if tok not in text:
                        missing.append((t.label, r, c, tok))
    assert n_checked > 500
    assert not missing, f"numbers not on their table's pages: {missing[:20]}"


def test_every_narrative_number_is_in_the_text_layer(blocks, pages):
    text = "".join(p[2] for p in pages)
    paragraphs = [b for b in blocks if isinstance(b, (st.Paragraph, st.Heading, st.TocItem))]
    assert len(paragraphs) > 100
    missing = [(b.text[:30], tok) for b in paragraphs for tok in st.number_tokens(b.text)
               if tok not in text]
    assert not missing, f"narrative numbers missing from the PDF: {missing[:20]}"
    # every paragraph, whole, in reading order (whitespace aside)
    pos = 0
    for b in paragraphs[2:]:  # after the cover title and the TOC heading
        i = text.find(_norm(b.text), pos)
        assert i >= 0, f"paragraph missing or out of order: {b.text[:40]}"
        pos = i


def test_font_has_every_glyph_of_the_seed():
    from reportlab.pdfbase.ttfonts import TTFont
    cmap = TTFont("probe", rdd.FONT_PATH, subfontIndex=0).face.charToGlyph
    seed = SEED.read_text(encoding="utf-8")
    printed = {ch for ch in seed if ord(ch) > 31} | set(rdd.CHECKED + rdd.UNCHECKED)
    assert not sorted(ch for ch in printed if ord(ch) not in cmap)


def test_landscape_pages_are_the_wide_tables_and_forms(blocks, pages):
    tables = st.tables(blocks)
    where = locate_tables(tables, pages)
    wide = {"预算02表", "预算11表", "预算12表", "预算13表"}
    expected = {i for t in tables if t.is_form or t.label in wide for i in where[t.label]}
    landscape = {i for i, (w, h, _) in enumerate(pages) if w > h}
    assert landscape == expected
    assert all(pages[i][0] < pages[i][1] for i in where["预算01表"] + where["预算07表"])


def test_text_layer_has_numbers_verbatim_and_leftovers_rendered(pages):
    text = "".join(p[2] for p in pages)
    # the document's own inconsistencies stay as published
    assert "一般公共服务支出2535.67万元" in text and "比2023年预算减少2652.67万元" in text
    assert "2,652.67" in text and "59.90" in text
    assert "<p>" not in text and "<input" not in text and "</p>" not in text
    assert "[√]" in text and "[]" in text  # ☑ / □ (whitespace removed)


def test_long_tables_repeat_their_header_rows(tmp_path, blocks, pages):
    # a synthetic 预算 table long enough for three pages
    rows = [["科目编码", "科目名称", "合计", "基本支出", ""], ["", "", "", "人员经费", "公用经费"]]
    rows += [[f"{30100 + i}", f"科目{i}", f"{i},{i:03d}.00", f"{i}.50", ""] for i in range(120)]
    t = st.Table(label="预算99表", title="2024年测试表", unit="单位：万元", segments=[rows],
                 n_header=2)
    rdd.register_font()
    out = tmp_path / "long.pdf"
    rdd.make_doc(out).build(rdd.table_flowables(t, rdd.PORTRAIT[0] - 2 * rdd.MARGIN))
    with pdfplumber.open(out) as pdf:
        texts = [_norm(p.extract_text() or "") for p in pdf.pages]
    assert len(texts) >= 3
    assert all("科目编码科目名称合计" in x or "科目编码" in x and "人员经费" in x for x in texts)
    assert all(f"{i},{i:03d}.00" in "".join(texts) for i in range(120))
    # the department form continues on a page that starts with its three sub-header rows
    where = locate_tables(st.tables(blocks), pages)
    last = pages[where["绩效-dept"][-1]][2]
    assert "年度绩效指标一级指标二级指标三级指标近两年指标值" in last
    assert last.index("前年上年") < last.index("服务对象满意度指标")


def test_sources_csv_sha256_matches_the_pdf():
    with open(SOURCES, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == ["file", "unit", "year", "kind", "origin", "sha256", "note"]
    row = next(r for r in rows if r["file"] == "data/raw/2024/jianghan_dsjzx_2024_budget.pdf")
    assert (row["unit"], row["year"], row["kind"]) == ("江汉区大数据中心", "2024", "budget")
    assert "re-typeset rendering" in row["origin"]
    assert row["sha256"] == hashlib.sha256(PDF.read_bytes()).hexdigest()


def test_pdf_metadata():
    from pypdf import PdfReader
    meta = PdfReader(PDF).metadata
    assert meta.title == "江汉区大数据中心2024年预算"
    assert "re-typeset" in meta.producer
