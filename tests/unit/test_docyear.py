"""`make audit PDF=…` without YEAR reads the year from the document itself (budget_audit.identity)."""

import re
from pathlib import Path

import pytest

from budget_audit.errors import BadParameters
from budget_audit.identity import document_year, year_from_text
from corpus_docs import corpus_folders, corpus_pdf

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = corpus_folders()


@pytest.mark.parametrize("text, year", [
    ("江汉区大数据中心 2024 年预算", 2024),
    ("上海市普陀区2026年区级部门预算", 2026),
    ("西南大学2023年度部门决算\n编制于2024年8月", 2023),  # the title's year, not the date's
    ("2019年3月印发。收支预算总表", 2019),                 # no title phrase: the most frequent year
    ("收支预算总表 单位：万元", None),
])
def test_year_from_text(text, year):
    assert year_from_text(text) == year


def test_the_default_document_is_2024():
    assert document_year(ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf") == 2024


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_corpus_document_gives_its_year(folder):
    """The folder names record each document's year (tests/corpus/README.md)."""
    pdf = corpus_pdf(folder)
    assert document_year(pdf) == int(re.search(r"20\d\d", folder).group())


def test_no_year_anywhere_asks_for_YEAR(tmp_path):
    """A PDF whose text and name hold no year: the user is asked for YEAR=."""
    import pypdfium2 as pdfium

    blank = tmp_path / "tables.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(blank))
    pdf.close()
    with pytest.raises(BadParameters, match="give YEAR="):
        document_year(blank)
    named = tmp_path / "budget_2031.pdf"
    named.write_bytes(blank.read_bytes())
    assert document_year(named) == 2031  # the file name is the last witness
