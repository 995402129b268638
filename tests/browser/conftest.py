"""Playwright with Debian's Chromium over the built site, one browser for the session.

No browser is downloaded: the tests drive the system's Chromium (apt package
`chromium`, /usr/bin/chromium; CHROMIUM_PATH overrides). Without it the
browser tests skip with a reason, except in CI (CI=true), where they fail.
"""

import os
import shutil
import pytest

from tests.browser.server import served_site
from tests.browser.tabs import new_tab
from tests.harness.site import built_site, strictly_built_site

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # no update checks, safe browsing, ... from the browser itself
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BUILD_FAILED = "<the site did not build>"


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if os.path.isfile(candidate) and os.access(candidate, os.X_OK) else None


def pytest_generate_tests(metafunc):
    """Parametrize `page_path` over the pages of the built site (built once, at collection).

    Module-scoped, so that pytest runs a module's tests page by page: a page opened
    once (test_pages.py's `on_desktop`, `on_phone`) serves all of them.
    """
    if "page_path" not in metafunc.fixturenames:
        return
    site = built_site()
    # A failed build still yields one test, which fails with the build's log (see the site fixture).
    metafunc.parametrize("page_path", site.pages if site.ok else [BUILD_FAILED], ids=lambda p: p or "home", scope="module")


@pytest.fixture(scope="session")
def site():
    return strictly_built_site()


@pytest.fixture(scope="session")
def base_url(site) -> str:
    return served_site()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        tried = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
        message = f"no Chromium at {tried} (apt-get install chromium; or set CHROMIUM_PATH)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI must run the browser tests", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def desktop(browser, base_url):
    """One desktop-sized tab for the session (pages are reused: open() clears what was recorded)."""
    context, tab = new_tab(
        browser, base_url, viewport={"width": 1280, "height": 800},
        permissions=["clipboard-read", "clipboard-write"],
    )
    yield tab
    context.close()


@pytest.fixture(scope="session")
def dark(browser, base_url):
    """A desktop tab whose system preference is dark: Material shows its slate scheme."""
    context, tab = new_tab(browser, base_url, viewport={"width": 1280, "height": 800}, color_scheme="dark")
    yield tab
    context.close()
