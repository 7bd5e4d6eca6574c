"""make publish (budget_audit.publish): the static site of every audit, crawled in headless Chromium."""

import csv
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from budget_audit import explore
from budget_audit.api import NothingAudited, audited_documents
from budget_audit.findings import FINDING_FIELDS
from budget_audit.publish import COMBINED_COLUMNS, publish

ROOT = Path(__file__).resolve().parents[2]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def hrefs(page: Path) -> list[str]:
    p = _Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p.hrefs


@pytest.fixture(scope="module")
def default_root(default_report, tmp_path_factory):
    """Only the default document's audit: exact assertions that other audits can't disturb."""
    return explore.default_only_root(tmp_path_factory.mktemp("root"))


@pytest.fixture(scope="module")
def default_site(default_root, tmp_path_factory):
    return publish(out=tmp_path_factory.mktemp("default") / "site", root=default_root)


@pytest.fixture(scope="module")
def site(default_report, tmp_path_factory):
    """Everything audited in this checkout (at least the default document), as a user publishes it."""
    return publish(out=tmp_path_factory.mktemp("all") / "site")


def test_site_holds_the_reports_and_their_downloads(default_site, default_report):
    doc = default_site / "2024" / "jianghan_dsjzx_2024_budget"
    for name in ("report.html", "findings.json", "findings.csv", "tables.xlsx"):
        assert (doc / name).read_bytes() == (default_report / name).read_bytes(), name
        assert (doc / name).stat().st_mode & 0o044 == 0o044, f"{name} is not readable by a web server"
    status = json.loads((doc / "status.json").read_text(encoding="utf-8"))
    assert status["status"] == "ok" and status["file"] == "jianghan_dsjzx_2024_budget.pdf"
    assert "pdf" not in status and "stages" not in status  # no local paths in a published site
    assert sorted(p.name for p in default_site.iterdir()) == ["2024", "findings.csv", "findings.json", "index.html"]


def test_site_lists_every_audited_document(site):
    docs = audited_documents()
    assert any(d["stem"] == "jianghan_dsjzx_2024_budget" for d in docs)
    index = hrefs(site / "index.html")
    for d in docs:
        target = site / str(d["year"]) / d["stem"]
        assert (target / "status.json").exists()
        year_index = hrefs(site / str(d["year"]) / "index.html")
        if d["status"] == "ok":
            assert (target / "report.html").exists()
            assert f"{d['year']}/{d['stem']}/report.html" in index
            assert f"{d['stem']}/report.html" in year_index
        else:
            assert not (target / "report.html").exists()


def test_indexes_link_to_each_other_and_to_the_downloads(default_site):
    index = hrefs(default_site / "index.html")
    assert index[:4] == ["index.html", "2024/index.html", "findings.csv", "findings.json"]
    year = hrefs(default_site / "2024" / "index.html")
    assert year[:4] == ["../index.html", "../2024/index.html", "../findings.csv", "../findings.json"]
    for name in ("report.html", "findings.csv", "findings.json", "tables.xlsx"):
        assert f"jianghan_dsjzx_2024_budget/{name}" in year
        assert f"2024/jianghan_dsjzx_2024_budget/{name}" in index


def test_reports_index_pages_stay_as_they_were(default_report):
    """The site's additions (navigation, combined downloads) are not in the pipeline's own index
    pages; each document's own downloads are."""
    for page in (default_report.parent / "index.html", default_report.parents[1] / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "jianghan_dsjzx_2024_budget/report.html" in html
        assert "jianghan_dsjzx_2024_budget/findings.csv" in html
        assert 'class="nav"' not in html and "全部年度问题清单" not in html


def test_combined_findings(default_site, default_report):
    per_doc = json.loads((default_report / "findings.json").read_text(encoding="utf-8"))
    combined = json.loads((default_site / "findings.json").read_text(encoding="utf-8"))
    [doc] = combined["documents"]
    assert (doc["year"], doc["stem"], doc["report"]) == (2024, "jianghan_dsjzx_2024_budget",
                                                         "2024/jianghan_dsjzx_2024_budget/report.html")
    assert doc["findings"] == per_doc["findings"] and doc["document"] == per_doc["document"]
    with (default_site / "findings.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with (default_report / "findings.csv").open(encoding="utf-8", newline="") as f:
        own = list(csv.reader(f))
    assert rows[0] == COMBINED_COLUMNS + FINDING_FIELDS
    assert len(rows) == len(own) == len(per_doc["findings"]) + 1
    for row, mine in zip(rows[1:], own[1:]):
        assert row[:5] == ["2024", "江汉区大数据中心", "budget", "jianghan_dsjzx_2024_budget",
                           "2024/jianghan_dsjzx_2024_budget/report.html"]
        assert row[5:] == mine


def test_combined_findings_cover_every_document(site):
    combined = json.loads((site / "findings.json").read_text(encoding="utf-8"))
    ok = [d for d in audited_documents() if d["status"] == "ok"]
    assert len(combined["documents"]) == len(ok)
    with (site / "findings.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == sum(len(d["findings"]) for d in combined["documents"])
    for row in rows:
        assert (site / row["report"]).exists()


def test_publish_replaces_the_previous_site(default_root, tmp_path):
    out = tmp_path / "site"
    publish(out=out, root=default_root)
    (out / "stale.html").write_text("old", encoding="utf-8")
    publish(out=out, root=default_root)
    assert not (out / "stale.html").exists() and (out / "index.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folders left


def test_nothing_audited_is_a_clear_error(tmp_path):
    with pytest.raises(NothingAudited, match="run `make audit`"):
        publish(root=tmp_path)
    result = subprocess.run([sys.executable, "-m", "budget_audit.publish"], capture_output=True, text=True,
                            env={**os.environ, **explore.root_environment(tmp_path)}, timeout=120)
    assert result.returncode == 2
    assert "nothing to publish" in result.stderr and "make audit" in result.stderr
    assert not (tmp_path / "reports" / "site").exists()


def test_make_publish(default_report):
    """make publish writes site/ next to the reports it publishes (the suite's own, here)."""
    site = default_report.parents[1] / "site"
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "publish"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Published" in result.stdout
    assert (site / "2024/jianghan_dsjzx_2024_budget/report.html").read_bytes() == \
        (default_report / "report.html").read_bytes()


def test_every_link_of_the_site_works_offline(browser, site):
    """From index.html, follow every link recursively: each stays inside the site, points at a
    file that exists (or an anchor of its page), and no page requests anything outside file://."""
    site = site.resolve()
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    seen, queue, files = set(), [site / "index.html"], set()
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        page.goto(current.as_uri(), wait_until="load")
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => [a.getAttribute('href'), a.href])")
        for raw, absolute in links:
            assert not urlparse(raw).scheme and not raw.startswith("/"), f"{current}: absolute link {raw}"
            url, fragment = urldefrag(absolute)
            assert url.startswith("file://"), f"{current}: {raw}"
            target = Path(unquote(urlparse(url).path))
            assert target.resolve().is_relative_to(site), f"{current}: {raw} leaves the site"
            assert target.is_file(), f"{current}: broken link {raw}"
            if target == current and fragment:
                # As the HTML spec finds a fragment's element: the fragment as is, then decoded.
                found = page.evaluate("ids => ids.some(id => document.getElementById(id) || "
                                      "document.getElementsByName(id).length)", [fragment, unquote(fragment)])
                assert found, f"{current}: no anchor {raw}"
            if target.suffix == ".html":
                queue.append(target)
            else:
                files.add(target)
    page.close()
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert outside == []
    assert all(Path(unquote(urlparse(u).path)).resolve().is_relative_to(site)
               for u in requests if u.startswith("file://"))
    # Everything published was reached: every report, year index and download.
    published = {p for p in site.rglob("*") if p.is_file() and p.name != "status.json"}
    assert published == seen | files
    assert site / "2024" / "jianghan_dsjzx_2024_budget" / "report.html" in seen
    for name in ("findings.csv", "findings.json"):
        assert site / name in files
