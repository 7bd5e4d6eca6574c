"""Fixtures shared by the browser tests of tests/e2e."""

import pytest
from test_report_browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, installed by `make setup`), one per test module."""
    assert CHROMIUM, "chromium is not installed: run `make setup` (tools/system-packages.txt)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
