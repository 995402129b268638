"""Every page of the built site, in Chromium: loads cleanly, stays on this host, passes axe."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.tabs import new_tab

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


def test_page_loads_without_errors_or_requests_to_other_hosts(desktop, page_path, site):
    response = desktop.open(page_path)
    assert response.ok, f"{page_path}: HTTP {response.status}"
    traffic = desktop.traffic
    assert not traffic.external, f"{page_path} asked other hosts for: {traffic.external}"
    assert not traffic.failed, f"{page_path}: failed local requests: {traffic.failed}"
    assert not traffic.console_errors, f"{page_path}: console errors: {traffic.console_errors}"


def test_axe_finds_no_violation(desktop, page_path, site):
    desktop.open(page_path)
    results = Axe().run(desktop.page, options=AXE_OPTIONS)
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


def test_phone_viewport_has_no_horizontal_scroll(phone, page_path, site):
    """Text and notebook pages alike: wide code, tables and formulas scroll inside their own boxes."""
    phone.open(page_path)
    widths = phone.page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, viewport: window.innerWidth})"
    )
    assert widths["page"] <= widths["viewport"], (
        f"{page_path or 'home'} is {widths['page']} px wide on a {widths['viewport']} px phone screen: "
        "something (a table, a formula, a long word) does not wrap or scroll on its own"
    )


# First load with an empty cache, bytes on the wire (the test server gzips text as GitHub Pages does).
TEXT_PAGE_BUDGET = 512 * 1024
NOTEBOOK_PAGE_BUDGET = 1024 * 1024


def test_first_load_is_light(browser, base_url, page_path, site):
    context, tab = new_tab(browser, base_url, viewport={"width": 375, "height": 667})
    try:
        tab.open(page_path)
        entries = tab.page.evaluate("""() => performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .map(e => [e.name, e.transferSize])""")
    finally:
        context.close()
    total = sum(size for _, size in entries)
    budget = NOTEBOOK_PAGE_BUDGET if site.is_notebook(page_path) else TEXT_PAGE_BUDGET
    largest = sorted(entries, key=lambda e: -e[1])[:5]
    assert total <= budget, (
        f"{page_path or 'home'}: {total / 1024:.0f} KiB on first load, over {budget / 1024:.0f} KiB; largest: "
        + ", ".join(f"{name.rsplit('/', 2)[-2:]} {size / 1024:.0f} KiB" for name, size in largest)
    )
