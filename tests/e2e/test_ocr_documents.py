"""Image-only documents are audited through OCR (real tesseract, real camelot, real pipeline).

The default document rendered to images must show its four known inconsistencies and no
error the born-digital audit does not have; a blurred page may only weaken findings into
warnings; the corpus scan (8 image-only pages) is audited and its own contradiction found.
"""
import json
import os
import re
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budget_audit.extract import extract_document
from budget_audit.rules import run_rules
from corpus_docs import ROOT, corpus_pdf
from ocr_images import image_only_copy

DEFAULT = ROOT / "data" / "raw" / "2024" / "jianghan_dsjzx_2024_budget.pdf"
# The default document's four inconsistencies (born-digital audit): the narrative says
# 一般公共服务 2535.67 (table 2535.37), 卫生健康 26.94 (28.95), 住房保障 39.15 (58.43), and
# "减少2652.67" where the prior year's 2840.01 gives 187.34 (and its own 6.6% says 187.34).


def _key(c):
    """A finding's cause: its rule and page, and the sentence it rests on (its numbers, as
    printed) or the table cell.  The OCR'd rendering may word a finding differently: the
    form naming 2840.01 prints 收入构成 vertically, which OCR does not read, so the 减少
    2652.67 sentence is found by its own rate (6.6%) instead of the prior year's amount."""
    said = tuple(re.findall(r"\d+(?:\.\d+)?", c.evidence.replace(",", "")))
    return c.rule, c.page, said or (c.table, c.row, c.column)


@pytest.fixture(scope="module")
def born():
    return run_rules(extract_document(DEFAULT))


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    d = tmp_path_factory.mktemp("scans")
    return {"clean": image_only_copy(DEFAULT, d / "jianghan_dsjzx_2024_budget_scan.pdf"),
            "blurred": image_only_copy(DEFAULT, d / "jianghan_dsjzx_2024_budget_blur.pdf", blur_pages=(5,))}


@pytest.fixture(scope="module")
def clean(scans):
    ex = extract_document(scans["clean"])
    return ex, run_rules(ex)


def test_every_page_is_read_by_ocr_with_confidence(clean):
    ex, _ = clean
    assert ex.meta["ocr"]["pages"] == list(range(1, ex.meta["pages"] + 1))
    assert ex.meta["scanned_pages"] == ex.meta["ocr"]["pages"]   # no text layer at all
    printed = ex.cells[ex.cells["value"].notna()]   # a blank cell has no glyph, so no confidence
    assert len(printed) and all(isinstance(v, float) and 0 <= v <= 100 for v in printed["ocr_conf"])
    assert any(n["text"] == "2535.67" and n["page"] == 5 for n in ex.meta["ocr"]["numbers"])


def test_image_only_default_finds_the_known_inconsistencies(clean, born):
    ex, result = clean
    true_errors = [c for c in born.findings if c.severity == "error"]
    amounts = {Decimal("2535.67"), Decimal("26.94"), Decimal("39.15")}
    assert len(true_errors) == 4 and {c.stated for c in true_errors if c.rule == "NARR-AMOUNT"} == amounts
    # every one is found on the OCR'd rendering, as an error: its digits were read with high
    # confidence and the table it compares with foots after OCR
    errors = [c for c in result.findings if c.severity == "error"]
    assert Counter(map(_key, true_errors)) <= Counter(map(_key, errors))
    assert {c.stated for c in errors if c.rule == "NARR-AMOUNT"} == amounts
    assert ex.tables["gpb_function"].structure == "verified"


def test_image_only_default_has_no_false_error(clean, born):
    _, result = clean
    true_errors = {_key(c) for c in born.findings if c.severity == "error"}
    false = [c for c in result.findings if c.severity == "error" and _key(c) not in true_errors]
    assert not false, [(c.rule, c.table, c.stated, c.message) for c in false]


def test_findings_on_unverified_ocr_say_so(clean):
    _, result = clean
    for c in result.findings:
        if c.severity == "warning" and "经 OCR 识别" in c.message:
            assert "请对照原件核实" in c.message


def test_blurred_page_gives_warnings_not_errors(scans, born):
    ex = extract_document(scans["blurred"])
    result = run_rules(ex)
    true_errors = {_key(c) for c in born.findings if c.severity == "error"}
    errors = [c for c in result.findings if c.severity == "error"]
    assert not [c for c in errors if _key(c) not in true_errors]
    # the blurred narrative page's numbers are read with low confidence or not at all:
    # nothing resting on them is an error
    assert not [c for c in errors if c.page == 5]
    assert any(c.page == 5 and "经 OCR 识别" in c.message for c in result.findings)


def test_corpus_scan_is_read():
    # p.5 says 收入预算 101,673.03 and, as its parts, 本年财政拨款收入 101,673.03 and 上年结转结余
    # 4,950.85: the numbers that contradict each other (and its tables) must be read exactly
    ex = extract_document(corpus_pdf("bj_zwsj_2026_dept_budget_scanned"))
    assert ex.meta["ocr"]["pages"] == list(range(1, 9)) and ex.narrative_only
    sentences = [s for sec in ex.narrative for s in sec["sentences"] if s["page"] == 5]
    text = "".join(s["text"] for s in sentences)
    assert "收入预算101,673.03万元" in text
    assert "本年财政拨款收入101,673.03" in text and "上年结转结余4,950.85" in text
    read = {n["text"]: n["conf"] for n in ex.meta["ocr"]["numbers"] if n["page"] == 5}
    assert "101,673.03" in read and "4,950.85" in read


def test_make_audit_on_image_only_pdf(scans):
    pdf = scans["clean"]
    env = dict(os.environ)
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "audit", f"PDF={pdf}", "YEAR="],
                            capture_output=True, text=True, timeout=3600, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = Path(os.environ["BUDGET_AUDIT_REPORTS"]) / "2024" / pdf.stem
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "没有文字层，系图像，经 OCR 识别" in html
    # each narrative number a finding rests on is shown as read: its crop and its confidence
    assert "第 5 页 OCR 所读数字（红框），识别置信度" in html
    findings = json.loads((report / "findings.json").read_text(encoding="utf-8"))
    # the verdict reflects what OCR could verify: never clean while OCR-read tables are unproved
    assert findings["summary"]["verdict"] != "clean"
    assert findings["summary"]["error"] + findings["summary"]["warning"] >= 1
