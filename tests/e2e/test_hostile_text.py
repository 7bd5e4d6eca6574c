"""Text from a PDF stays text: in report.html, in the browser, in tables.xlsx and the notebooks.

A copy of the default document is rendered with markup and a formula in a table cell and in
the narrative, then audited by the real pipeline.
"""

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from corpus_docs import SEED

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('cell')</script>"
IMG = "<img src=x onerror=alert('narrative')>"
FORMULA = '=HYPERLINK("http://example.invalid","点击")'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.texts = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data):
        self.texts.append(data)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    seed = SEED.read_text(encoding="utf-8")
    seed = seed.replace("2010350\t事业运行\t291.35", f"2010350\t事业运行{SCRIPT}\t291.35", 1)
    seed = seed.replace("2010399\t其他政府办公厅(室)及相关机构事务支出\t1.66", f"2010399\t{FORMULA}\t1.66", 1)
    seed = seed.replace("本部门由机关及下属 0 家基层单位组成。", f"本部门由机关及下属 0 家基层单位组成。{IMG}", 1)
    assert SCRIPT in seed and FORMULA in seed and IMG in seed
    (base / "seed.txt").write_text(seed, encoding="utf-8")
    pdf = base / "hostile_2024_budget.pdf"
    subprocess.run([sys.executable, str(ROOT / "tools" / "render_default_document.py"),
                    str(base / "seed.txt"), str(pdf)], check=True, capture_output=True)
    env = dict(os.environ, BUDGET_AUDIT_INTERIM=str(base / "interim"), BUDGET_AUDIT_REPORTS=str(base / "reports"))
    result = subprocess.run([sys.executable, "-m", "budget_audit", "run", "--pdf", str(pdf), "--year", "2024"],
                            env=env, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "reports" / "2024" / pdf.stem


def test_markup_reaches_the_report_as_text_not_as_elements(hostile_report):
    html = (hostile_report / "report.html").read_text(encoding="utf-8")
    tags = _Tags()
    tags.feed(html)
    assert tags.scripts == []   # the report needs no script at all
    assert tags.handlers == []  # and no element carries an on* handler
    text = "".join("".join(tags.texts).split())  # wrapped cells may gain line-break spaces
    assert "事业运行" + "".join(SCRIPT.split()) in text  # shown to the auditor, as text


def test_the_browser_runs_no_document_script(hostile_report):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: run `make setup` (tools/system-packages.txt)"
    from playwright.sync_api import sync_playwright
    from tests.e2e.test_report_browser import ARGS

    dialogs = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((hostile_report / "report.html").as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        assert "alert('cell')" in "".join(page.text_content("body").split())  # as text, in the collapsed tables
        browser.close()
    assert dialogs == []


def test_a_formula_in_a_cell_stays_text_in_excel(hostile_report):
    workbook = openpyxl.load_workbook(hostile_report / "tables.xlsx")
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=HYPERLINK(")]
    assert cells, "the cell text did not reach tables.xlsx"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_notebook_outputs_escape_the_markup(hostile_report):
    import nbformat

    def html_of(name: str) -> str:
        nb = nbformat.read(str(hostile_report / "notebooks" / f"{name}.ipynb"), as_version=4)
        return "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))

    assert SCRIPT not in html_of("04_report") and "&lt;script&gt;" in html_of("04_report")
    for name in ("01_extract", "02_reconcile", "03_ratios"):  # their DataFrames and styled tables too
        assert SCRIPT not in html_of(name) and IMG not in html_of(name)
