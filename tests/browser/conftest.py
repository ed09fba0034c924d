"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Browser tests are marked ``browser``; they are skipped, saying why, on a
machine without Chromium, and fail in CI (``tests/required.py``; ``.ci/run``
installs Chromium).
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.required import missing

CHROMIUM = os.environ.get("LAC_CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 320, "height": 640}

# Playwright's sync API runs an event loop in this thread; the ORM calls our
# tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


_shared: dict[str, object] = {}
"""One Playwright and one Chromium per test run: other test folders (tests/e2e,
tests/a11y) import these fixtures, which makes pytest hold one ``browser``
fixture per folder; a second sync Playwright in the same thread would fail
("sync API inside the asyncio loop")."""


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        missing(f"Chromium at {CHROMIUM}", "apt-get install chromium")
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
    yield _shared["browser"]
    # Session fixtures end together, after the last test: the first to end closes it.
    if "browser" in _shared:
        _shared.pop("browser").close()  # type: ignore[attr-defined]
        _shared.pop("playwright").stop()  # type: ignore[attr-defined]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def own_phone(browser):
    """The person's own phone: 320 px wide, never signed in, with axe-core loaded."""
    from tests.a11y.test_axe import AXE  # that module imports this one

    if not AXE.exists():
        missing("axe-core", "npm ci")
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assert_fits_width(page) -> None:
    """Nothing wider than the viewport: no sideways scrolling on a phone."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"
