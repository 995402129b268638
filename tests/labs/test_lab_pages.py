"""The lab notebooks as the site shows them: pages, figures, downloads, search, broken cells."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jupytext
import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from PIL import Image

from tests.harness.paths import DOCS, EXAMPLES
from tests.harness.site import build, copy_site
from tests.labs.notebooks import LABS, check_page, execute, page_path, read_source

# The tests here read docs/labs/*.ipynb, directly or through a copy of the site:
# under --update-outputs, only once the lab runs have rewritten them (conftest.py).
pytestmark = pytest.mark.usefixtures("final_lab_notebooks")
BROKEN_CELL = 'raise RuntimeError("a deliberately broken cell")'
# The copies of the site built here hold the labs and no other section, so that these tests
# fail for the labs' own faults only (tests/site/test_build.py builds the whole site strictly);
# the nav entries of the sections left out only warn, so these builds are not strict.
LABS_ONLY = ("labs",)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    copy = copy_site(tmp_path_factory.mktemp("repo"), sections=LABS_ONLY)
    site = tmp_path_factory.mktemp("site")
    result = build(site, config_dir=copy, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


class Links(HTMLParser):
    """Links and images (their attributes) of a page; `notebook_links`: the links inside the rendered notebook."""

    def __init__(self):
        super().__init__()
        self.links, self.notebook_links, self.images = [], [], []
        self.depth = 0  # of <div>s inside div.jupyter-wrapper; 0 outside it

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and (self.depth or "jupyter-wrapper" in (attrs.get("class") or "").split()):
            self.depth += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self.depth:
                self.notebook_links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs)

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1


def parsed(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lab", LABS)
def test_every_lab_has_an_executed_notebook_with_the_source_cells(lab):
    notebook = nbformat.read(page_path(lab), as_version=4)
    source = read_source(lab)
    assert [(c.cell_type, c.source) for c in notebook.cells] == [(c.cell_type, c.source) for c in source.cells]
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count == number for number, cell in enumerate(code, start=1)), "not run in order"
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")


@pytest.mark.parametrize("lab", LABS)
def test_every_lab_is_also_a_plain_python_script(lab):
    """The labs page says `python examples/labs/<lab>.py` runs a lab: no IPython magics or shell escapes."""
    source = (EXAMPLES / lab).read_text()
    compile(source, lab, "exec")
    assert not re.search(r"^\s*[%!]", source, re.MULTILINE)


@pytest.mark.parametrize("lab", LABS)
def test_the_notebook_page_shows_outputs_and_a_figure(site, lab):
    stem = Path(lab).stem
    html = (site / "labs" / stem / "index.html").read_text()
    page = parsed(html)
    assert any(image["src"].startswith("figure-") for image in page.images), "no figure on the page"
    assert "jp-OutputArea-output" in html


@pytest.mark.parametrize("lab", LABS)
def test_every_notebook_figure_is_a_file_next_to_the_page_that_says_its_size(site, lab):
    """Not base64 in the page: the page stays small, and a phone paints it before the figures arrive."""
    page_dir = site / "labs" / Path(lab).stem
    html = (page_dir / "index.html").read_text()
    assert "data:image" not in html
    figures = [image for image in parsed(html).images if image["src"].startswith("figure-")]
    assert figures
    for image in figures:
        file = page_dir / urlsplit(image["src"]).path
        assert file.read_bytes().startswith(b"\x89PNG"), image["src"]
        with Image.open(file) as png:
            assert (image.get("width"), image.get("height")) == tuple(map(str, png.size)), image["src"]
        assert image.get("loading") == "lazy"


@pytest.mark.parametrize("lab", LABS)
def test_every_notebook_figure_has_a_dark_twin(site, lab):
    """Each figure is shown as drawn in the light scheme and as a dark rendering in the dark one."""
    page_dir = site / "labs" / Path(lab).stem
    figures = [image["src"] for image in parsed((page_dir / "index.html").read_text()).images
               if image["src"].startswith("figure-")]
    light, dark = figures[0::2], figures[1::2]
    assert figures and len(light) == len(dark)
    for drawn, twin in zip(light, dark):
        assert drawn.endswith("#only-light") and twin.endswith("#only-dark")
        assert (page_dir / urlsplit(drawn).path).read_bytes() != (page_dir / urlsplit(twin).path).read_bytes()


@pytest.mark.parametrize("lab", LABS)
def test_the_notebook_page_links_its_ipynb_download(site, lab):
    stem = Path(lab).stem
    page_dir = site / "labs" / stem
    download = page_dir / f"{stem}.ipynb"
    assert download.read_bytes() == page_path(lab).read_bytes()
    assert f"{stem}.ipynb" in parsed((page_dir / "index.html").read_text()).links


@pytest.mark.parametrize("lab", LABS)
def test_relative_links_on_notebook_pages_resolve(site, lab):
    page_dir = site / "labs" / Path(lab).stem
    links = parsed((page_dir / "index.html").read_text()).notebook_links
    assert links, "no links found in the notebook"
    for href in links:
        url = urlsplit(href)
        if url.scheme or url.netloc or not url.path:
            continue
        target = (page_dir / unquote(url.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        assert target.is_file(), f"{lab}: broken link {href}"


def test_notebook_search_entries_hold_no_output_blobs(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    entries = [entry for entry in index["docs"] if entry["location"].startswith("labs/")]
    pages = {entry["location"].split("#")[0] for entry in entries}
    assert {f"labs/{Path(lab).stem}/" for lab in LABS} <= pages
    for entry in entries:
        text = entry["text"]
        assert "base64" not in text and "data:image" not in text, entry["location"]
        assert len(text) < 20_000, f"{entry['location']}: {len(text)} characters in one search entry"
        assert not re.search(r"\S{200,}", text), f"{entry['location']}: a 200+ character blob"
    titles = [entry["title"] for entry in entries]
    assert any("Lab: handwritten digits" in title for title in titles)


def committed(lab: str) -> nbformat.NotebookNode:
    return nbformat.read(page_path(lab), as_version=4)


def test_the_page_check_accepts_an_identical_run(tmp_path):
    check_page(LABS[0], committed(LABS[0]), update=False)


def test_the_page_check_fails_on_a_changed_text_output(tmp_path):
    fresh = committed(LABS[0])
    stream = next(o for cell in fresh.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "stream")
    stream.text = stream.text.replace("0", "1", 1)
    with pytest.raises(pytest.fail.Exception, match="differs from a fresh run"):
        check_page(LABS[0], fresh, update=False)


def test_the_page_check_fails_when_the_page_lacks_a_figure(tmp_path):
    page = committed(LABS[0])
    for cell in page.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if "image/png" not in o.get("data", {})]
    nbformat.write(page, tmp_path / "page.ipynb")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs from a fresh run.*image/png"):
        check_page(LABS[0], committed(LABS[0]), update=False, page=tmp_path / "page.ipynb")


def test_the_page_check_fails_when_the_page_has_stale_code(tmp_path):
    page = committed(LABS[0])
    code = next(cell for cell in page.cells if cell.cell_type == "code")
    code.source += "\nprint('edited by hand')"
    nbformat.write(page, tmp_path / "page.ipynb")
    with pytest.raises(pytest.fail.Exception, match="does not have the cells of examples/labs/"):
        check_page(LABS[0], committed(LABS[0]), update=False, page=tmp_path / "page.ipynb")


def test_a_cell_error_fails_the_notebook_runner(tmp_path):
    notebook = jupytext.reads(f"# %%\nx = 1\n\n# %%\n{BROKEN_CELL}\n\n# %%\nprint('never reached')\n", fmt="py:percent")
    with pytest.raises(CellExecutionError, match="a deliberately broken cell"):
        execute(notebook, tmp_path)


@pytest.mark.parametrize("broken", [False, True], ids=["control", "broken"])
def test_a_cell_error_fails_the_site_build(tmp_path, broken):
    """When mkdocs-jupyter executes the notebooks (allow_errors: false), a raising cell aborts the build.

    An execution error is an exception, not a warning: the build fails even
    without --strict. The control run shows the same notebook minus that cell builds.
    """
    copy = copy_site(tmp_path / "repo", sections=LABS_ONLY)
    config = copy / "mkdocs.yml"
    text = config.read_text()
    assert "allow_errors: false" in text and re.search(r"^\s+execute: false", text, re.MULTILINE)
    others = [f"*/labs/{Path(lab).stem}.ipynb" for lab in LABS[1:]]  # only the first lab is executed
    text = re.sub(r"^(\s+)execute: false.*$", lambda m: f"{m[1]}execute: true\n{m[1]}execute_ignore: {json.dumps(others)}",
                  text, count=1, flags=re.MULTILINE)
    config.write_text(text)
    cells = [nbformat.v4.new_markdown_cell("# A small lab"), nbformat.v4.new_code_cell("print('fine so far')")]
    if broken:
        cells.append(nbformat.v4.new_code_cell(BROKEN_CELL))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=nbformat.read(page_path(LABS[0]), as_version=4).metadata)
    nbformat.write(notebook, copy / "docs" / page_path(LABS[0]).relative_to(DOCS))
    result = build(tmp_path / "site", config_dir=copy, strict=False)
    if broken:
        assert result.returncode != 0
        assert "a deliberately broken cell" in result.stdout + result.stderr
    else:
        assert result.returncode == 0, result.stderr[-3000:]
        assert "fine so far" in (tmp_path / "site" / "labs" / Path(LABS[0]).stem / "index.html").read_text()
