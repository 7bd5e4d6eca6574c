"""Another producer: three tables of the default document typeset by LibreOffice 7.4, whose PDF
declares zero font descent (the camelot trap in docs/field-notes.md). Every cell must still be
read right. The PDF (tests/data/libreoffice_tables.pdf) was made by
tools/make_libreoffice_fixture.py with Debian's libreoffice-calc-nogui 4:7.4.7-1+deb12u14."""

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from budget_audit.extract import extract_document

DATA = Path(__file__).resolve().parents[1] / "data"
TABLES = {"预算03表": "expense", "预算05表": "gpb_function", "预算07表": "gpb_basic"}


def _n(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


@cache
def extraction():
    return extract_document(DATA / "libreoffice_tables.pdf")


def test_the_fixture_declares_zero_descent():
    import pypdf

    fonts = [f.get_object() for page in pypdf.PdfReader(DATA / "libreoffice_tables.pdf").pages
             for f in page["/Resources"]["/Font"].values()]
    assert {int(f["/FontDescriptor"]["/Descent"]) for f in fonts if "/FontDescriptor" in f} == {0}


def test_three_tables_found():
    assert sorted(extraction().tables) == sorted(TABLES.values())


@pytest.mark.parametrize("label", list(TABLES))
def test_every_cell_matches_the_truth(label):
    table = extraction().tables[TABLES[label]]
    with open(DATA / "default_truth.csv", encoding="utf-8") as fh:
        truth = [r for r in csv.DictReader(fh) if r["table_label"] == label]
    assert truth
    bad = []
    for r in truth:
        i, j = int(r["row"]), int(r["col"]) + 1  # the frame's column 0 is _page
        got = table.frame.iloc[i, j] if i < len(table.frame) else None
        column = table.frame.columns[j].split("~")[0]
        if got is None or _n(got) != _n(r["text"]) or _n(column) != _n(r["header_path"]):
            bad.append((i, j - 1, r["header_path"], r["text"], column, got))
    assert not bad, bad[:10]
    assert len(table.frame) == max(int(r["row"]) for r in truth) + 1
