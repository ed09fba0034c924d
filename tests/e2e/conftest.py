"""End-to-end tests share the browser tests' one Chromium (see tests/browser/conftest.py)."""

from tests.browser.conftest import browser, desktop, phone  # noqa: F401


def pytest_collection_modifyitems(items):
    """Run the end-to-end and accessibility tests after every other test.

    They use a live server, so each ends by flushing the test database, which
    also removes what data migrations seeded (default lists, the outcomes
    framework); tests later in the run that rely on those would fail.
    """
    items.sort(key=lambda item: any(f"tests/{d}/" in str(item.fspath) for d in ("e2e", "a11y")))
