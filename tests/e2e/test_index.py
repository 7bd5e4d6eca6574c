"""The indexes: grouped by body with years side by side, verdict and coverage, Chinese only,
findings-all.csv; and, in headless Chromium, filtered and sorted with 3,000 rows, offline."""

import csv
import io
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from budget_audit.report.index import write_indexes

VERDICTS = ["clean", "findings", "incomplete"]
REGIONS = ["上海市普陀区", "福州市", "西安市", "江苏省", "杭州市"]
# format names a Chinese reader reads as they are
ALLOWED_LATIN = {"CSV", "JSON", "Excel", "PDF", "OCR"}


def _finding(i: int, severity: str, rule: str, group: str | None = None) -> dict:
    f = {"id": f"{rule}-{i:010x}", "rule": rule, "severity": severity, "table": "income", "row": "合计",
         "column": "金额", "page": 3, "bbox": [1, 2, 3, 4], "stated": 10, "expected": 12, "difference": -2,
         "message": "合计与各项之和不符", "evidence": ""}
    if group:
        f["group"] = group
    return f


def _write_doc(reports: Path, year: int, stem: str, body: str, *, level="dept", kind="budget",
               summary: dict | None = None, findings=(), status="ok", message="") -> None:
    folder = reports / str(year) / stem
    folder.mkdir(parents=True)
    (folder / "status.json").write_text(json.dumps(
        {"pdf": f"data/raw/{year}/{stem}.pdf", "year": year, "stem": stem, "status": status,
         "message": message, "summary": summary or {}}, ensure_ascii=False), encoding="utf-8")
    if status != "ok":
        return
    document = {"file": f"{stem}.pdf", "sha256": None, "unit": body, "body": body, "body_qualifier": "",
                "level": level, "year": year, "kind": kind, "superior": "", "body_names": {}, "pages": 9}
    (folder / "findings.json").write_text(json.dumps(
        {"schema": "budget-audit/findings@1", "document": document, "summary": summary,
         "findings": list(findings)}, ensure_ascii=False), encoding="utf-8")
    for name in ("report.html", "findings.csv", "tables.xlsx"):
        (folder / name).write_text("x", encoding="utf-8")


def _summary(i: int, with_verdict: bool = True) -> dict:
    s = {"error": i % 7, "warning": i % 3, "info": 1, "checks_run": 50, "checks_passed": 50 - i % 7}
    if with_verdict:
        present = 9 + i % 4
        s["verdict"] = VERDICTS[i % 3]
        s["coverage"] = {"tables_present": present, "tables_found": present, "tables_verified": present - i % 5,
                         "cells_parsed": 1000 + i, "cells_unparsed": i % 4, "tables_not_found": [],
                         "tables_unverified": [], "rules_unfinished": 0}
    return s


class _Text(HTMLParser):
    """The text a reader sees: no attributes, no script or style."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


@pytest.fixture()
def small(tmp_path):
    """Two years of one body, a unit budget of another, a failed file, one without a verdict."""
    reports = tmp_path / "reports"
    _write_doc(reports, 2025, "a25", "福州市科学技术局", summary=_summary(4),
               findings=[_finding(1, "error", "ARITH-ROW-TOTAL"), _finding(2, "warning", "TIE-TOTALS", "表间勾稽")])
    _write_doc(reports, 2026, "a26", "福州市科学技术局", summary=_summary(3))
    _write_doc(reports, 2026, "b26", "上海市普陀区司法局", level="unit", summary=_summary(0, with_verdict=False))
    _write_doc(reports, 2026, "bad", "", status="bad_input",
               message="bad.pdf: no budget table found (looked for: income_expense_summary, income)")
    _write_doc(reports, 2026, "broken", "", status="internal_error", message="KeyError: 'x'")
    write_indexes(2026, reports=reports)
    write_indexes(2025, reports=reports)
    return reports


def test_a_body_has_its_years_side_by_side(small):
    html = (small / "index.html").read_text(encoding="utf-8")
    [row] = re.findall(r'<tr data-name="福州市科学技术局".*?</tr>', html, re.S)
    assert row.index('href="2025/a25/report.html"') < row.index('href="2026/a26/report.html"')
    assert '<th>2025 年</th><th>2026 年</th>' in html
    assert re.search(r'<tr data-name="上海市普陀区司法局" data-region="上海市普陀区" data-level="unit"', html)


def test_verdict_coverage_and_causes(small):
    html = (small / "2025" / "index.html").read_text(encoding="utf-8")
    text = visible_text(html)
    # _summary(4): verdict findings, 9 tables present, 5 verified, errors 4, warnings 1
    assert "发现问题" in text and "表格核实 5/9" in text and "错误 4" in text and "警告 1" in text
    # counted by cause: the rule's Chinese title, or the finding's group where it carries one
    assert "错误：合计行等于一级科目之和 × 1" in text and "警告：表间勾稽 × 1" in text
    for link in ("a25/report.html", "a25/findings.csv", "a25/tables.xlsx"):
        assert f'href="{link}"' in html


def test_without_a_verdict_nothing_is_called_clean(small):
    """A findings.json from before the coverage verdict: 未评定, no coverage, never 未发现问题."""
    html = (small / "2026" / "index.html").read_text(encoding="utf-8")
    [row] = re.findall(r'<tr data-name="上海市普陀区司法局".*?</tr>', html, re.S)
    assert 'data-verdict="unrated"' in row and "未评定" in row and "表格核实" not in row


def test_failures_are_told_in_chinese_and_internals_stay_out(small):
    for page in (small / "index.html", small / "2026" / "index.html", small / "2025" / "index.html"):
        html = page.read_text(encoding="utf-8")
        text = visible_text(html)
        assert "income_expense_summary" not in html and "KeyError" not in html and "looked for" not in html
        latin = set(re.findall(r"[A-Za-z][A-Za-z_]+", text)) - ALLOWED_LATIN
        assert latin <= {"bad", "broken", "pdf"}, latin  # the reader's own file names, nothing of ours
    text = visible_text((small / "2026" / "index.html").read_text(encoding="utf-8"))
    assert "未找到预算公开表格" in text and "审计程序内部错误" in text
    # status.json keeps the English message for whoever runs the audit
    assert "looked for" in json.loads((small / "2026" / "bad" / "status.json").read_text())["message"]


def test_a_damaged_result_is_listed_not_fatal(small):
    """A findings.json cut short (a disk full, a killed run) and an unreadable status.json: the
    index is still written, and says what happened in Chinese."""
    (small / "2026" / "a26" / "findings.json").write_text('{"schema": "budget-a', encoding="utf-8")
    (small / "2026" / "b26" / "status.json").write_text("", encoding="utf-8")
    write_indexes(2026, reports=small)
    text = visible_text((small / "2026" / "index.html").read_text(encoding="utf-8"))
    assert "审计结果文件缺失或损坏，请重新审计" in text and "审计程序内部错误" in text
    assert "（未识别单位：a26.pdf）" in text and "（未识别单位：b26.pdf）" in text


def test_findings_all_csv(small):
    rows = list(csv.DictReader(io.StringIO((small / "2025" / "findings-all.csv").read_text(encoding="utf-8"))))
    assert [(r["year"], r["unit"], r["stem"], r["rule"], r["severity"]) for r in rows] == [
        ("2025", "福州市科学技术局", "a25", "ARITH-ROW-TOTAL", "error"),
        ("2025", "福州市科学技术局", "a25", "TIE-TOTALS", "warning")]
    assert json.loads(rows[0]["bbox"]) == [1, 2, 3, 4]
    header = (small / "2026" / "findings-all.csv").read_text(encoding="utf-8").splitlines()
    assert len(header) == 1  # 2026 has no finding: the header alone, so Excel still opens it


N = 3000


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """3,000 documents of 2026 (one body each) and 1,000 of 2025 for the first thousand bodies."""
    reports = tmp_path_factory.mktemp("big") / "reports"
    for i in range(N):
        body = f"{REGIONS[i % 5]}第{i:04d}号测试局"
        kind = "final" if i % 10 == 0 else "budget"
        _write_doc(reports, 2026, f"d{i:04d}", body, kind=kind, summary=_summary(i),
                   findings=[_finding(i, "error", "ARITH-ROW-TOTAL")] * (i % 7))
        if i < 1000:
            _write_doc(reports, 2025, f"p{i:04d}", body, kind=kind, summary=_summary(i + 1))
    write_indexes(2025, reports=reports)
    write_indexes(2026, reports=reports)
    return reports


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return page, requests, problems


def _visible_rows(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('#docs tbody tr'))
        .filter(tr => !tr.hidden).map(tr => ({
            name: tr.dataset.name, region: tr.dataset.region, kind: tr.dataset.kind,
            docs: Array.from(tr.querySelectorAll('.d')).filter(d => !d.hidden).map(d => ({
                year: +d.dataset.year, verdict: d.dataset.verdict, errors: +d.dataset.errors,
                coverage: d.dataset.coverage === '' ? null : +d.dataset.coverage}))}))""")


def _choose(page, select: str, value: str) -> float:
    start = time.perf_counter()
    page.select_option(select, value)
    page.wait_for_function("() => true")
    return time.perf_counter() - start


def _shown(page) -> str:
    return page.locator("#shown").inner_text()


def _show_all(page) -> None:
    while page.locator("#more").is_visible():
        page.click("#more")


def test_3000_rows_filter_and_sort_offline(browser, big):
    page, requests, problems = _open(browser, big / "2026" / "index.html")
    assert [u for u in requests if not u.startswith("file://")] == []
    assert problems == []  # the script ran: its hash is what the page's CSP allows
    assert page.locator("#docs tbody tr").count() == N
    assert _shown(page) == f"显示 200 / {N} 行（共 {N} 行）" and len(_visible_rows(page)) == 200

    seconds = {"verdict": _choose(page, "#f-verdict", "incomplete")}
    rows = _visible_rows(page)
    assert len(rows) == 200 and all(d["verdict"] == "incomplete" for r in rows for d in r["docs"])
    assert _shown(page) == f"显示 200 / {N // 3} 行（共 {N} 行）"

    seconds["sort by errors"] = _choose(page, "#sort", "errors")
    errors = [sum(d["errors"] for d in r["docs"]) for r in _visible_rows(page)]
    assert errors == sorted(errors, reverse=True) and errors[0] == 6

    seconds["region"] = _choose(page, "#f-region", "上海市普陀区")
    _choose(page, "#f-kind", "final")
    rows = _visible_rows(page)
    assert len(rows) == len([i for i in range(N) if i % 10 == 0 and i % 3 == 2])  # 决算, incomplete
    assert all(r["region"] == "上海市普陀区" and r["kind"] == "final" for r in rows)
    _choose(page, "#f-region", "福州市")  # i % 5 == 1 and i % 10 == 0 never meet: no 决算 here
    assert _visible_rows(page) == [] and _shown(page) == f"显示 0 / 0 行（共 {N} 行）"

    for sel in ("#f-verdict", "#f-region", "#f-kind"):
        _choose(page, sel, "")
    seconds["sort by coverage"] = _choose(page, "#sort", "coverage")
    cov = [min(d["coverage"] for d in r["docs"]) for r in _visible_rows(page)]
    lowest = sorted((9 + i % 4 - i % 5) / (9 + i % 4) for i in range(N))[:200]
    assert cov == sorted(cov) and cov[-1] == pytest.approx(lowest[-1], abs=1e-4)  # sorted over all rows
    page.click("#more")
    assert len(_visible_rows(page)) == 400 and _shown(page) == f"显示 400 / {N} 行（共 {N} 行）"

    page.fill("#f-text", "第0042号")
    page.wait_for_function("() => document.getElementById('shown').textContent.startsWith('显示 1 /')")
    assert [r["name"] for r in _visible_rows(page)] == ["西安市第0042号测试局"]
    print("seconds per change with", N, "rows (Playwright round trip included):",
          {k: round(v, 3) for k, v in seconds.items()})


def test_all_years_index_sorts_by_year(browser, big):
    page, requests, problems = _open(browser, big / "index.html")
    assert [u for u in requests if not u.startswith("file://")] == [] and problems == []
    assert page.locator("#docs tbody tr").count() == N  # one row per body, 2025 beside 2026
    _choose(page, "#f-verdict", "clean")
    _choose(page, "#sort", "year")
    _show_all(page)
    rows = _visible_rows(page)
    clean = [i for i in range(N) if i % 3 == 0 or (i < 1000 and (i + 1) % 3 == 0)]
    assert len(rows) == len(clean)
    years = [max(d["year"] for d in r["docs"]) for r in rows]
    assert years == sorted(years, reverse=True) and years[-1] == 2025  # bodies clean only in 2025 last
