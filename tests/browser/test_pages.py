"""Every page of the built site, in Chromium: loads cleanly, stays on this host, passes axe, fits a phone.

Each page is opened twice, whatever the number of tests that read it: once in the
session's desktop tab (`on_desktop`), once in a new phone-sized tab with an empty
cache (`on_phone`). pytest runs this module page by page (`page_path` is
module-scoped, tests/browser/conftest.py), so each opening serves all of the
page's tests.
"""

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.tabs import Traffic, new_tab

# axe-core's rules, all of them (WCAG 2.x A and AA, best practices), none disabled.
AXE_OPTIONS = {"resultTypes": ["violations"]}


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target']) if isinstance(node['target'][0], str) else node['target']}: "
                         f"{node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}")
    return "\n".join(lines)


@dataclass
class DesktopPage:
    status: int
    traffic: Traffic  # what opening the page asked for and reported
    page: object  # the desktop tab, showing the page until the next page is opened


@pytest.fixture(scope="module")
def on_desktop(desktop, page_path, site) -> DesktopPage:
    response = desktop.open(page_path)
    opened = desktop.traffic
    traffic = Traffic(opened.origin, list(opened.external), list(opened.failed), list(opened.console_errors))
    return DesktopPage(response.status, traffic, desktop.page)


@dataclass
class PhonePage:
    page_width: int  # scrollWidth of the document, CSS pixels
    viewport_width: int
    smallest_code_px: float | None  # the smallest font size of code on the page, None if it shows none
    transferred: list[tuple[str, int]]  # (URL, bytes on the wire) of the document and everything it loaded


@pytest.fixture(scope="module")
def on_phone(browser, base_url, page_path, site) -> PhonePage:
    """The page in a new phone-sized tab (375 x 667 CSS pixels, touch, mobile layout) with an empty cache."""
    context, tab = new_tab(
        browser, base_url, viewport={"width": 375, "height": 667}, device_scale_factor=2,
        is_mobile=True, has_touch=True,
    )
    try:
        tab.open(page_path)
        widths = tab.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        code_sizes = tab.page.evaluate("""() => [...document.querySelectorAll('article code')]
            .filter(e => e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))""")
        # The test server gzips text as GitHub Pages does.
        transferred = tab.page.evaluate("""() => performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .map(e => [e.name, e.transferSize])""")
    finally:
        context.close()
    return PhonePage(widths[0], widths[1], min(code_sizes, default=None), [tuple(entry) for entry in transferred])


def test_page_loads_without_errors_or_requests_to_other_hosts(on_desktop, page_path):
    assert on_desktop.status < 400, f"{page_path}: HTTP {on_desktop.status}"
    traffic = on_desktop.traffic
    assert not traffic.external, f"{page_path} asked other hosts for: {traffic.external}"
    assert not traffic.failed, f"{page_path}: failed local requests: {traffic.failed}"
    assert not traffic.console_errors, f"{page_path}: console errors: {traffic.console_errors}"


def test_axe_finds_no_violation(on_desktop, page_path):
    results = Axe().run(on_desktop.page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"axe on {page_path}:\n{describe(violations)}"


def test_axe_finds_no_violation_in_dark_mode(dark, site):
    """The slate scheme on the home page, a page with code and a notebook page (if there is one)."""
    with_code = [p for p in site.pages if 'class="language-' in site.html(p) and not site.is_notebook(p)]
    notebooks = [p for p in site.pages if site.is_notebook(p)]
    for path in [""] + with_code[:1] + notebooks[:1]:
        dark.open(path)
        assert dark.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
        violations = Axe().run(dark.page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"axe on {path or 'home'} (slate):\n{describe(violations)}"


def test_phone_viewport_has_no_horizontal_scroll(on_phone, page_path):
    """Text and notebook pages alike: wide code, tables and formulas scroll inside their own boxes."""
    assert on_phone.page_width <= on_phone.viewport_width, (
        f"{page_path or 'home'} is {on_phone.page_width} px wide on a {on_phone.viewport_width} px phone screen: "
        "something (a table, a formula, a long word) does not wrap or scroll on its own"
    )


def test_code_is_legible_on_a_phone(on_phone, page_path):
    """12 px at least: what Lighthouse counts as legible text on a phone."""
    if on_phone.smallest_code_px is not None:
        assert on_phone.smallest_code_px >= 12, f"{page_path or 'home'}: code at {on_phone.smallest_code_px} px on a phone"


# First load with an empty cache, bytes on the wire.
TEXT_PAGE_BUDGET = 512 * 1024
NOTEBOOK_PAGE_BUDGET = 1024 * 1024


def test_first_load_is_light(on_phone, page_path, site):
    entries = on_phone.transferred
    total = sum(size for _, size in entries)
    budget = NOTEBOOK_PAGE_BUDGET if site.is_notebook(page_path) else TEXT_PAGE_BUDGET
    largest = sorted(entries, key=lambda e: -e[1])[:5]
    assert total <= budget, (
        f"{page_path or 'home'}: {total / 1024:.0f} KiB on first load, over {budget / 1024:.0f} KiB; largest: "
        + ", ".join(f"{name.rsplit('/', 2)[-2:]} {size / 1024:.0f} KiB" for name, size in largest)
    )
