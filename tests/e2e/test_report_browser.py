"""report.html in headless Chromium (Debian's package): findings and charts visible, nothing fetched."""

import shutil

import pytest

CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page_of(default_report):
    assert CHROMIUM, "chromium is not installed: run `make setup` (tools/system-packages.txt)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def open_(path):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri(), wait_until="load")
            return page, requests

        yield open_
        browser.close()


def test_report_shows_findings_and_charts_and_fetches_nothing(page_of, default_report):
    page, requests = page_of(default_report / "report.html")
    # Only the file itself and its inline data: URIs may load; anything else left the machine.
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert outside == []
    findings = page.locator("table.ba-findings")
    assert findings.count() == 1 and findings.is_visible()
    assert findings.locator("tbody tr").count() > 0
    charts = page.locator(".jp-RenderedImage img")
    assert charts.count() >= 3
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        assert chart.evaluate("img => img.naturalWidth") > 100  # decoded, not a broken image
    page.screenshot(path=str(default_report / "report-screenshot.png"), full_page=True)
    assert (default_report / "report-screenshot.png").stat().st_size > 50_000


def test_year_index_links_to_the_report(page_of, default_report):
    page, requests = page_of(default_report.parent / "index.html")
    assert [u for u in requests if not u.startswith("file://")] == []
    link = page.locator(f'a[href="{default_report.name}/report.html"]')
    assert link.count() == 1 and link.is_visible()
