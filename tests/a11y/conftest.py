"""Accessibility tests share the browser tests' one Chromium (see tests/browser/conftest.py)."""

from tests.browser.conftest import browser, desktop, phone  # noqa: F401
