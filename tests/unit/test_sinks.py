"""Text is made safe per sink, never silently changed (sinks.py): every Unicode general category
through every writer — tables.xlsx, report HTML, findings.csv, findings.json, status.json, the
tidy data on disk, notebook text. Each file is read back with its own reader."""

import csv
import json
import re
import unicodedata
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budget_audit import atomic, sinks
from budget_audit.extract.model import Extraction, Table
from budget_audit.extract.storage import load, save
from budget_audit.findings import write_findings_csv, write_findings_json
from budget_audit.report import sections
from budget_audit.report.excel import write_workbook
from budget_audit.tidy import TIDY_COLUMNS

CATEGORIES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
              "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"]
# Mixed with what documents and hostile text hold: CJK, formula starts, markup, quotes, breaks.
COMMON = list("预算中文项目=+-@<>&\"' \t\n\r")
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
# The writers whose round trip costs a file each (a workbook, findings, an interim folder) take a
# batch of texts per example: as many texts as SETTINGS draws, in a quarter of the files (make test-fast).
BATCHED = settings(SETTINGS, max_examples=4)
BATCH = 8
MARKER = re.compile(r"⟨U\+([0-9A-F]{4,6})⟩")


def texts(category: str):
    return st.text(st.characters(categories=[category]) | st.sampled_from(COMMON), min_size=1, max_size=24)


def unmark(text: str) -> str:
    return MARKER.sub(lambda m: chr(int(m.group(1), 16)), text)


def paired(text: str) -> str:
    """The text as JSON reads it back: a high and a low surrogate side by side (UTF-16 code units
    of one character) are that character; a lone surrogate stays itself."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def by_category(test):
    return pytest.mark.parametrize("category", CATEGORIES)(test)


def test_the_hidden_ranges_are_exactly_the_hidden_characters():
    assert unicodedata.unidata_version  # the ranges hold for this Python's Unicode database
    for code in range(0x110000):
        ch = chr(code)
        assert bool(sinks._HIDDEN.fullmatch(ch)) == sinks.hidden(ch), f"U+{code:04X}"


@by_category
@SETTINGS
@given(data=st.data())
def test_markers_replace_hidden_characters_and_lose_nothing(category, data):
    text = data.draw(texts(category))
    assume("⟨U+" not in text)
    shown = sinks.mark(text)
    assert not any(sinks.hidden(ch) for ch in shown)
    assert unmark(shown) == text                      # nothing stripped: each marker names its character
    assert shown == text or any(sinks.hidden(ch) for ch in text)  # visible text is never changed
    shown.encode("utf-8")                             # and every sink can encode it


@by_category
@BATCHED
@given(data=st.data())
def test_excel(category, data, tmp_path_factory):
    batch = data.draw(st.lists(texts(category), min_size=1, max_size=BATCH))
    target = tmp_path_factory.mktemp("xlsx") / "tables.xlsx"
    table = pd.DataFrame({"科目名称": batch, "合计": ["1.00"] * len(batch)})
    write_workbook(target, {"t": table}, {"t": {"合计"}}, pd.DataFrame({"message": batch}))
    book = openpyxl.load_workbook(target)
    for i, text in enumerate(batch, start=2):
        for sheet in ("t", "findings"):
            got = book[sheet][f"A{i}"].value
            want = sinks.excel(text).replace("\r\n", "\n").replace("\r", "\n")  # XML's own line-end rule
            assert (got or "").replace("\r\n", "\n").replace("\r", "\n") == want
            if text.startswith(("=", "+", "-", "@")):
                assert book[sheet][f"A{i}"].data_type == "s"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.cells.append(data)


@by_category
@SETTINGS
@given(data=st.data())
def test_html(category, data):
    text = data.draw(texts(category))
    parser = _Text()
    parser.feed(sections.table(pd.DataFrame({text: [text]})) + f"<p>{sections._fmt(text)}</p>")
    assert set(parser.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "p"}  # markup stays text
    html_text = "".join(parser.cells)

    def squeeze(s: str) -> str:
        """HTML does not keep whitespace (pandas trims cells, and shows a header's tab or line
        break as \\t, \\n, \\r): compare without it."""
        return "".join(s.replace("\\t", " ").replace("\\n", " ").replace("\\r", " ").split())

    assert squeeze(html_text).count(squeeze(sinks.mark(text))) >= 3 or not squeeze(text)
    assert not any(sinks.hidden(ch) for ch in html_text if ch not in "\t\n\r")


def _findings(batch: list[str]) -> dict:
    findings = [{"id": f"X-{i}", "rule": "X", "severity": "info", "table": text, "row": text, "column": None,
                 "page": 1, "bbox": None, "stated": 1.5, "expected": None, "difference": None,
                 "message": text, "evidence": text} for i, text in enumerate(batch)]
    return {"schema": "budget-audit/findings@1", "document": {"unit": batch[0]}, "summary": {}, "findings": findings}


@by_category
@BATCHED
@given(data=st.data())
def test_findings_csv(category, data, tmp_path_factory):
    batch = data.draw(st.lists(texts(category), min_size=1, max_size=BATCH))
    target = tmp_path_factory.mktemp("csv") / "findings.csv"
    write_findings_csv(target, _findings(batch))
    with open(target, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(batch)
    for row, text in zip(rows, batch, strict=True):
        assert row["message"] == row["evidence"] == row["table"] == sinks.csv_field(text)


@by_category
@BATCHED
@given(data=st.data())
def test_json_writers_load_back_exactly(category, data, tmp_path_factory):
    batch = data.draw(st.lists(texts(category), min_size=1, max_size=BATCH))
    folder = tmp_path_factory.mktemp("json")
    write_findings_json(folder / "findings.json", _findings(batch))
    atomic.write_json(folder / "status.json", {"messages": batch})
    raw = (folder / "findings.json").read_bytes().decode("utf-8")  # valid UTF-8
    assert not any(sinks.hidden(ch) for ch in raw if ch not in "\n")  # escaped, visible in the file
    assert [f["message"] for f in json.loads(raw)["findings"]] == [paired(text) for text in batch]
    status = json.loads((folder / "status.json").read_text(encoding="utf-8"))
    assert status["messages"] == [paired(text) for text in batch]


@by_category
@BATCHED
@given(data=st.data())
def test_tidy_data_keeps_the_text_as_read(category, data, tmp_path_factory):
    # The text layer drops whitespace characters (extract/chars.py), so a cell never starts or
    # ends with one and never holds a carriage return (which the CSV writer would not quote).
    as_read = texts(category).filter(lambda text: text == text.strip() and "\r" not in text)
    batch = data.draw(st.lists(as_read, min_size=1, max_size=BATCH))
    rows = []
    for i, text in enumerate(batch):
        row = dict.fromkeys(TIDY_COLUMNS, "")
        row.update(table_id="t", row=i, name=text, column="合计", value=Decimal("1.00"), decimals=2, raw=text,
                   unit="万元", value_wan=Decimal("1.00"), page=1, x0=1.0, y0=1.0, x1=2.0, y1=2.0)
        rows.append(row)
    x = Extraction(cells=pd.DataFrame(rows, columns=TIDY_COLUMNS),
                   tables={f"t{i}": Table(f"t{i}", text, "万元", [1], pd.DataFrame({"科目名称": [text]}))
                           for i, text in enumerate(batch)},
                   narrative=[{"heading": text, "level": 1, "page": 1, "sentences": [{"text": text, "page": 1}]}
                              for text in batch],
                   meta={"unit": batch[0], "body_names": batch}, unparsed=pd.DataFrame(columns=["table_id"]),
                   missing=[])
    folder = tmp_path_factory.mktemp("interim")
    save(x, folder)
    back = load(folder)
    assert back.meta["unit"] == paired(batch[0]) and back.meta["body_names"] == [paired(t) for t in batch]
    for i, text in enumerate(batch):
        # JSON parts are exact; a lone surrogate has no UTF-8 form, so the CSVs escape it (\udxxx)
        expected_csv = text.encode("utf-8", "backslashreplace").decode("utf-8") \
            if any(unicodedata.category(ch) == "Cs" for ch in text) else text
        assert back.narrative[i]["sentences"][0]["text"] == paired(text)
        assert back.tables[f"t{i}"].title == paired(text)
        assert back.cells.loc[i, "name"] == expected_csv and back.cells.loc[i, "raw"] == expected_csv
        assert back.tables[f"t{i}"].frame.iloc[0, 0] == expected_csv
