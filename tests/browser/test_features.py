"""What a reader does on the site, in Chromium: search, copy code, switch colours, read notebooks."""

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.harness.paths import DOCS, REPO

MODEL_PAGE = "intro/gpt2-token-by-token/"  # the foundation's model page, when it exists
NOTEBOOKS = sorted((DOCS / "labs").glob("*.ipynb"))
SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[\w-]+\]\s*$")
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
H2_ID = re.compile(r'<h2 id="([^"]+)"')


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{6,}", text)}


def search_target(site) -> tuple[str, str]:
    """A page and the word of its text that the fewest other pages contain."""
    index = json.loads((site.dir / "search" / "search_index.json").read_text())
    pages = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        pages.setdefault(page, set()).update(words(doc["title"] + " " + doc["text"]))
    frequency = Counter(word for found in pages.values() for word in found)
    target = MODEL_PAGE if MODEL_PAGE in pages else sorted(p for p in pages if p)[0]
    term = min(sorted(pages[target]), key=lambda word: (frequency[word], -len(word)))
    return target, term


def test_search_finds_a_known_term(desktop, site):
    target, term = search_target(site)
    desktop.open("")
    page = desktop.page
    query = page.locator("input[data-md-component=search-query]")
    query.click()
    query.press_sequentially(term, delay=20)  # Material searches on key events, not on fill()
    page.wait_for_selector(".md-search-result__item")
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    assert any(urlsplit(link).path == urlsplit(desktop.base_url + target).path for link in links), (
        f"searching for {term!r} did not list {target}: {links}"
    )
    assert not desktop.traffic.console_errors and not desktop.traffic.external


def page_with_code(site) -> str:
    candidates = [p for p in site.pages if re.search(r'<div class="[^"]*\bhighlight\b', site.html(p)) and not site.is_notebook(p)]
    if not candidates:
        pytest.fail("no page of the site shows a code block")
    return MODEL_PAGE if MODEL_PAGE in candidates else candidates[0]


def copy(page, block) -> str:
    """Click the copy button of a code block (its div.highlight) and read the clipboard.

    Material adds the button once the block is in view (the `content.lazy` feature):
    hovering scrolls the block there, and the click waits for the button.
    """
    page.evaluate("() => navigator.clipboard.writeText('')")
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    return page.evaluate("() => navigator.clipboard.readText()")


def test_copy_button_copies_exactly_the_code_shown(desktop, site):
    desktop.open(page_with_code(site))
    page = desktop.page
    block = page.locator("div.highlight").first
    shown = block.locator("code").inner_text()
    assert copy(page, block).rstrip("\n") == shown.rstrip("\n")
    assert not desktop.traffic.console_errors


def test_copy_button_of_a_full_listing_copies_the_example_file(desktop, site):
    """The collapsed `??? abstract "examples/..."` listing copies exactly the file the tests run."""
    path = page_with_code(site)
    desktop.open(path)
    page = desktop.page
    summary = page.locator("details > summary").filter(has_text=re.compile(r"^\s*examples/\S+\.py\s*$")).first
    if summary.count() == 0:
        pytest.fail(f"{path} shows code but no collapsed full listing of its example file")
    name = summary.inner_text().strip()
    summary.click()
    copied = copy(page, summary.locator("xpath=..").locator("div.highlight").first)
    # pymdownx.snippets leaves out the `# --8<-- [start:part]` / `[end:part]` marker lines.
    source = [line for line in (REPO / name).read_text().splitlines() if not SECTION_MARKER.match(line)]
    assert copied.rstrip("\n").splitlines() == source, f"the copy of {name} differs from the file"


def scheme(page) -> str:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def background(page) -> str:
    return page.evaluate("() => getComputedStyle(document.body).backgroundColor")


def toggle(page):
    page.locator("form[data-md-component=palette] label:not([hidden])").click()


def test_light_dark_toggle_switches_and_is_remembered(desktop, site):
    desktop.open("")
    page = desktop.page
    first, first_background = scheme(page), background(page)
    toggle(page)
    second = scheme(page)
    assert {first, second} == {"default", "slate"}, (first, second)
    assert background(page) != first_background
    desktop.open(page_with_code(site))  # another page remembers the choice
    assert scheme(page) == second
    toggle(page)
    assert scheme(page) == first and background(page) == first_background
    assert not desktop.traffic.console_errors


def test_a_figure_shows_its_light_rendering_in_light_mode_and_its_dark_twin_in_dark_mode(desktop, dark, site):
    path = next((p for p in site.pages if "#only-dark" in site.html(p)), None)
    assert path, "no page shows a figure with a dark twin (output/x.dark.svg#only-dark)"
    for tab, shown in [(desktop, "#only-light"), (dark, "#only-dark")]:
        tab.open(path)
        figures = tab.page.eval_on_selector_all("img[src*='output/']", """images => images.map(image =>
            ({src: image.getAttribute('src'), visible: image.offsetWidth > 0 && image.naturalWidth > 0}))""")
        visible = [figure["src"] for figure in figures if figure["visible"]]
        assert visible and len(visible) * 2 == len(figures) and all(src.endswith(shown) for src in visible), (
            f"{path} in the {scheme(tab.page)} scheme shows {visible} of {figures}"
        )


def image_outputs(notebook: Path) -> int:
    cells = json.loads(notebook.read_text())["cells"]
    return sum(
        1 for cell in cells for output in cell.get("outputs", [])
        if any(kind in output.get("data", {}) for kind in IMAGE_TYPES)
    )


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebook pages (docs/labs/*.ipynb) yet")
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_page_shows_its_figures_and_offers_the_notebook(desktop, site, notebook):
    path = f"labs/{notebook.stem}/"
    assert path in site.pages, f"{notebook.relative_to(REPO)} has no page in the built site"
    desktop.open(path)
    page = desktop.page
    # The figures load lazily: each once the reader scrolls to it.
    for image in page.locator(".jp-OutputArea-output img:visible").all():
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode()")
    figures = page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output svg')]
        .filter(el => !el.closest('svg') || el.closest('svg') === el)
        .map(el => ({loaded: el.tagName !== 'IMG' || (el.complete && el.naturalWidth > 0),
                     width: el.getBoundingClientRect().width}))""")
    shown = [f for f in figures if f["loaded"] and f["width"] > 50]
    assert len(shown) >= image_outputs(notebook), (
        f"{path} shows {len(shown)} figures, the notebook has {image_outputs(notebook)}"
    )
    link = page.locator("a[data-notebook-download]")
    assert link.count() == 1, f"{path} has no download link for {notebook.name}"
    response = page.request.get(link.get_attribute("href") and page.url + link.get_attribute("href"))
    assert response.ok and json.loads(response.body()) == json.loads(notebook.read_text())
    assert not desktop.traffic.console_errors and not desktop.traffic.external


def test_a_glossary_term_shows_its_definition_on_hover_and_focus(desktop, site):
    page_path = "project/lora-project/"  # the longest page: its bundle loads deferred, after the text
    desktop.open(page_path)
    terms = desktop.page.locator("article abbr")
    # Material moves the title into the tooltip once shown: read it first.
    first, second = (terms.nth(i).get_attribute("title") for i in (0, 1))
    tooltip = desktop.page.locator(".md-tooltip2--active .md-tooltip2__inner")
    terms.nth(0).hover()
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == first
    desktop.page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden", timeout=5000)
    assert terms.nth(1).evaluate("e => e.tabIndex") == 0  # in the tab order: a keyboard reader gets it too
    terms.nth(1).focus()
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == second
    assert not desktop.traffic.console_errors


def test_a_link_to_a_section_shows_its_heading_at_the_top_of_the_window(desktop, site):
    """A link from another page to each section of the text page and of the notebook page with the
    most sections. The browser skips some blocks while they are off screen (site.css,
    content-visibility): drawing them must not move the heading once the reader is there."""
    text_pages = [p for p in site.pages if not site.is_notebook(p)]
    notebooks = [p for p in site.pages if site.is_notebook(p)]
    misplaced = []
    for pages in filter(None, (text_pages, notebooks)):
        path = max(pages, key=lambda p: len(H2_ID.findall(site.html(p))))
        for anchor in H2_ID.findall(site.html(path)):
            desktop.page.goto("about:blank")  # from elsewhere: the page loads afresh
            desktop.open(path + "#" + anchor)
            top, margin, at_end = desktop.page.evaluate("""async id => {
                for (let frame = 0; frame < 3; frame++) await new Promise(requestAnimationFrame);
                const heading = document.getElementById(id);
                return [heading.getBoundingClientRect().top, parseFloat(getComputedStyle(heading).scrollMarginTop),
                        scrollY + innerHeight >= document.documentElement.scrollHeight - 1];
            }""", anchor)
            if not at_end and abs(top - margin) > 2:
                misplaced.append(f"{path}#{anchor} is {top:.0f} px from the top, not {margin:.0f}")
    assert not misplaced
