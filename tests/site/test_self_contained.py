"""The built site loads nothing from another host, and offers what the pages promise readers.

Static checks of the build output; tests/browser checks the same in Chromium
with request interception.
"""

import json
import re
from html.parser import HTMLParser
from importlib.metadata import version
from urllib.parse import urlsplit

import pytest

from tests.harness.docs import DOCS, REPO, blocks, pages, snippet_includes
from tests.harness.site import strictly_built_site

# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
    "track": ["src"], "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
FETCHING_LINK_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "shortcut", "manifest",
                      "apple-touch-icon", "dns-prefetch", "preconnect"}
CSS_REMOTE = re.compile(r"""(?:url\(\s*["']?|@import\s+["']?)\s*((?:https?:)?//[^"')\s]+)""", re.I)


def remote(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fetched, self.styles, self._in_style = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in FETCHING.get(tag, []):
            for value in (attrs.get(name) or "").split(","):
                if value.strip():
                    self.fetched.append((tag, value.strip().split()[0]))
        if tag == "link" and FETCHING_LINK_RELS & set((attrs.get("rel") or "").lower().split()):
            self.fetched.append(("link", attrs.get("href") or ""))
        if attrs.get("style"):
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def site():
    return strictly_built_site()


def test_pages_fetch_nothing_from_another_host(site):
    problems = []
    for page in site.pages:
        parser = Resources()
        parser.feed(site.html(page))
        problems += [f"{page or 'home'}: <{tag}> {url}" for tag, url in parser.fetched if remote(url)]
        problems += [f"{page or 'home'}: style {m[1]}" for css in parser.styles for m in CSS_REMOTE.finditer(css)]
    assert not problems, "\n".join(problems)


def test_stylesheets_fetch_nothing_from_another_host(site):
    problems = [
        f"{css.relative_to(site.dir)}: {match[1]}"
        for css in site.dir.rglob("*.css") for match in CSS_REMOTE.finditer(css.read_text(errors="replace"))
    ]
    assert not problems, "\n".join(problems)


def test_no_page_needs_mermaid(site):
    """Material loads Mermaid from a CDN for `.mermaid` blocks; this site vendors no Mermaid."""
    assert not [p for p in site.pages if re.search(r'class="[^"]*\bmermaid\b', site.html(p))]


def test_math_is_rendered_at_build_time(site):
    with_math = []
    for page in site.pages:
        html = site.html(page)
        assert not re.search(r'class="arithmatex">\s*\\[(\[]', html), f"{page}: math left for a script to render"
        assert "MathJax" not in html and "mathjax" not in html.lower(), f"{page}: a MathJax loader"
        if 'class="katex' in html:
            with_math.append(page)
            assert re.search(r'<link rel="stylesheet" href="[./]*assets/katex/katex.min.css">', html), page
    fonts = re.findall(r"url\((fonts/[^)]+)\)", (site.dir / "assets/katex/katex.min.css").read_text())
    assert fonts and all((site.dir / "assets/katex" / font).is_file() for font in fonts)
    if any("$" in path.read_text() for path in pages()):
        assert with_math, "the pages use $...$ but no page shows rendered math"


def test_notebook_pages_are_self_contained_and_downloadable(site):
    notebooks = sorted((DOCS / "labs").glob("*.ipynb"))
    if not notebooks:
        pytest.skip("no notebook pages (docs/labs/*.ipynb) yet")
    for notebook in notebooks:
        page = f"labs/{notebook.stem}/"
        assert page in site.pages, f"{notebook.name} has no page"
        html = site.html(page)
        assert not re.search(r"<script[^>]*\bsrc=\"\"", html) and "require.js" not in html
        assert "text/x-mathjax-config" not in html and "mermaid.esm" not in html
        assert f'href="{notebook.name}" download' in html, f"{page} has no download link to {notebook.name}"
        copy = site.dir / page / notebook.name
        assert copy.is_file() and json.loads(copy.read_text()) == json.loads(notebook.read_text())
        assert len(html.encode()) < 600_000, f"{page} weighs {len(html.encode())} bytes: was the CSS pruned?"
        assert "::selection" not in html, f"{page}: a ::selection rule makes a phone style every element twice"


def test_every_page_says_which_versions_verified_the_examples(site):
    expected = f"torch {version('torch')}, transformers\n      {version('transformers')}, peft {version('peft')}"
    for page in site.pages:
        html = site.html(page)
        assert "data-verified-with" in html, f"{page or 'home'} has no 'verified with' line"
        assert expected in html, f"{page or 'home'}: the versions differ from this environment's"


def test_every_page_that_shows_an_example_offers_the_whole_file():
    """Pieces of examples/X.py on a page come with a collapsed full listing `??? abstract "examples/X.py"`."""
    missing = []
    for page in pages():
        found = blocks(page)
        pieces = {m["path"] for b in found for m in snippet_includes(b) if m["section"] and m["path"].startswith("examples/")}
        whole = {m["path"] for b in found for m in snippet_includes(b)
                 if not m["section"] and b.admonition_title == m["path"]}
        missing += [f"{page.relative_to(REPO)}: {path}" for path in sorted(pieces - whole)]
    assert not missing, 'pages without a `??? abstract "examples/..."` full listing:\n' + "\n".join(missing)
