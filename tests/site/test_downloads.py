"""Every example a page shows downloads as a .py and a notebook; committed notebooks open in Colab.

docs/overrides/hooks/downloads.py makes the notebooks at build time. These tests
read them from the built site: valid nbformat, the example's code and nothing
else, and a first cell that installs what the example imports at requirements.txt's
versions. Then the launch links: the site built without a repository has none;
built with one (REPO_URL, REPO_BRANCH) every notebook page has a Colab link to
its notebook on that branch, and every such link names a file in the git tree.
Each check returns its problems, so the last tests can show it fails on broken input.
"""

import ast
import re
import subprocess
from html.parser import HTMLParser
from importlib.metadata import packages_distributions
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest

from tests.harness.docs import blocks, page_url, pages, snippet_includes
from tests.harness.paths import DOCS, REPO
from tests.harness.site import load_hook, strictly_built_site

hook = load_hook("downloads")

PINS = hook.requirements(REPO / "requirements.txt")
INSTALLED = packages_distributions()  # import name -> distributions, from this environment's metadata
# page -> the examples it includes, in order
SHOWN = {
    page: list(dict.fromkeys(
        m["path"] for block in blocks(page) for m in snippet_includes(block)
        if m["path"].startswith("examples/") and m["path"].endswith(".py")
    ))
    for page in pages()
}
SHOWN = {page: examples for page, examples in SHOWN.items() if examples}
EXAMPLES = sorted({example for examples in SHOWN.values() for example in examples})
MARKER = re.compile(r"^\s*# --8<-- \[(?:start|end):[\w-]+\]\s*$")
REPOSITORY = ("https://github.com/example-owner/genai-notes", "a-branch")
COLAB = "https://colab.research.google.com/github/example-owner/genai-notes/blob/a-branch/"


@pytest.fixture(scope="module")
def site():
    return strictly_built_site()


# --- the checks ----------------------------------------------------------------------


def without_blank_runs(code: str) -> str:
    """Code with each run of blank lines made one blank line: cells split code where blank lines were."""
    return re.sub(r"\n(?:[ \t]*\n)+", "\n\n", code).strip()


def example_code(example: Path) -> str:
    """The example's code as a notebook must hold it: no module docstring, no section marker lines."""
    text = example.read_text(encoding="utf-8")
    tree = ast.parse(text)
    if ast.get_docstring(tree) is not None:
        text = "".join(text.splitlines(keepends=True)[tree.body[0].end_lineno:])
    return without_blank_runs("\n".join(line for line in text.splitlines() if not MARKER.match(line)))


def imported_distributions(example: Path) -> set[str]:
    """The pinned distributions of the example's imports, named by installed metadata, not by the hook's table."""
    modules = hook.imported_modules(ast.parse(example.read_text(encoding="utf-8")))
    return {hook.normalised(d) for m in modules for d in INSTALLED.get(m, []) if hook.normalised(d) in PINS}


def notebook_problems(text: str, example: Path) -> list[str]:
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # not JSON, or not a valid notebook
        return [f"not a valid notebook: {error}"]
    problems = []
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    install = code.pop(0) if code and code[0].startswith("%pip install ") else ""
    where = code.pop(0) if code and code[0].startswith("__file__ = ") else ""
    # An example that reads files beside itself gets a cell saying where the script would be; no other does.
    expected = f'__file__ = "{example.relative_to(REPO).as_posix()}"'
    if hook.reads_beside_itself(example.read_text(encoding="utf-8")) != where.startswith(expected):
        problems.append("its cell setting __file__ is missing, wrong or not needed")
    pinned = install.split()[2:]
    names = {hook.normalised(pin.split("==")[0]) for pin in pinned}
    problems += [f"{pin} is not requirements.txt's pin" for pin in pinned if PINS.get(hook.normalised(pin.split("==")[0])) != pin]
    imported = imported_distributions(example)
    problems += [f"imports {name} but the first cell does not install it" for name in sorted(imported - names)]
    runs_with = {hook.normalised(d) for name in imported for d in hook.RUNS_WITH.get(name, ())}
    problems += [f"installs {name}, which it neither imports nor runs with" for name in sorted(names - imported - runs_with)]
    if without_blank_runs("\n\n".join(code)) != example_code(example):
        problems.append("its code cells are not the example's code")
    return problems


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []  # (href, download attribute or None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], attrs.get("download")))


def links(html: str) -> list[tuple[str, str | None]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def git_tree() -> set[str]:
    """Every file committed at HEAD: what a Colab link to this branch can open once it is pushed."""
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    return set(listing.stdout.splitlines())


def launch_problems(hrefs: list[str], tree: set[str]) -> list[str]:
    """Each Colab link opens a committed file on the configured repository and branch."""
    problems = []
    for href in hrefs:
        if not href.startswith(COLAB):
            problems.append(f"{href} is not on {COLAB}")
        elif href.removeprefix(COLAB) not in tree:
            problems.append(f"{href}: {href.removeprefix(COLAB)} is not in the git tree")
    return problems


def colab_links(html: str) -> list[str]:
    return [href for href, _ in links(html) if "colab.research.google.com" in href]


# --- downloads -------------------------------------------------------------------------


def test_examples_were_found():
    assert len(EXAMPLES) >= 25 and len(SHOWN) >= 15


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_shown_example_downloads_as_py_and_as_notebook(site, example):
    copy = site.dir / example
    assert copy.is_file() and copy.read_bytes() == (REPO / example).read_bytes(), f"{example} is not in the built site"
    notebook = copy.with_suffix(".ipynb")
    assert notebook.is_file(), f"{notebook.relative_to(site.dir)} is not in the built site"
    problems = notebook_problems(notebook.read_text(encoding="utf-8"), REPO / example)
    assert not problems, f"{notebook.relative_to(site.dir)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", sorted(SHOWN), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_example_page_links_both_downloads(site, page):
    url = page_url(page)
    found = {}
    for href, download in links(site.html(url)):
        target = urljoin(site.prefix + url, href).removeprefix(site.prefix)  # relative to the site's root
        if download and (site.dir / target).is_file():
            found[target] = download
    for example in SHOWN[page]:
        for target in (example, example.removesuffix(".py") + ".ipynb"):
            assert target in found, f"{url}: no download link that resolves to {target}"
            assert found[target] == Path(target).name, f"{url}: {target} downloads as {found[target]!r}"


# --- launch links ----------------------------------------------------------------------


def test_without_a_repository_no_page_links_one(site):
    for page in site.pages:
        html = site.html(page)
        assert not colab_links(html), f"{page or 'home'}: a Colab link, though no repo_url is set"
        assert 'class="md-source"' not in html and 'rel="edit"' not in html, f"{page or 'home'}: a repository link"


def test_with_a_repository_every_committed_notebook_opens_in_colab():
    site = strictly_built_site(REPOSITORY)
    committed = sorted(path for path in git_tree() if path.startswith("docs/") and path.endswith(".ipynb"))
    assert committed, "no notebook page is committed"
    for path in committed:
        page = Path(path).relative_to("docs").with_suffix("").as_posix() + "/"
        assert colab_links(site.html(page)) == [COLAB + path], f"{page}: not one Colab link to {path}"
    every_link = [href for page in site.pages for href in colab_links(site.html(page))]
    problems = launch_problems(every_link, git_tree())
    assert not problems, "\n".join(problems)
    # The edit buttons open the same branch.
    assert 'href="https://github.com/example-owner/genai-notes/edit/a-branch/docs/index.md"' in site.html("")


# --- the checks fail when they should ----------------------------------------------------

GOOD_EXAMPLE = REPO / "examples" / "project" / "comparison.py"  # imports transformers, numpy, safetensors, ...


def good_notebook() -> str:
    return hook.notebook(GOOD_EXAMPLE, PINS, GOOD_EXAMPLE.relative_to(REPO).as_posix())


def test_the_notebook_check_passes_on_a_good_notebook():
    assert notebook_problems(good_notebook(), GOOD_EXAMPLE) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("import tempfile", "import tempfile as tmp", "not the example's code"),
        ("import tempfile\\n", "import tempfile\\n# --8<-- [end:setup]\\n", "not the example's code"),
        (f"{PINS['torch']}", "torch==0.0.1", "torch==0.0.1 is not requirements.txt's pin"),
        (f" {PINS['numpy']}", "", "imports numpy but the first cell does not install it"),
        (f" {PINS['peft']}", f" {PINS['peft']} {PINS['matplotlib']}", "installs matplotlib, which it neither"),
        ('"nbformat": 4', '"nbformat": "four"', "not a valid notebook"),
        ('__file__ = \\"examples/project/', '__file__ = \\"', "setting __file__ is missing, wrong"),
    ],
    ids=["changed-code", "marker-left-in", "wrong-version", "missing-install", "extra-install", "invalid", "no-script-path"],
)
def test_the_notebook_check_fails_on_a_broken_notebook(old, new, expected):
    text = good_notebook()
    assert old in text
    problems = notebook_problems(text.replace(old, new, 1), GOOD_EXAMPLE)
    assert any(expected in problem for problem in problems), problems


def test_an_unpinned_import_is_a_warning_which_fails_the_strict_build(caplog):
    unpinned = {name: pin for name, pin in PINS.items() if name != "numpy"}
    hook.notebook(GOOD_EXAMPLE, unpinned, "comparison.py")
    assert "comparison.py needs numpy, which requirements.txt does not pin" in caplog.text
    assert all(record.name.startswith("mkdocs.") for record in caplog.records)  # the loggers --strict counts


def test_the_launch_check_fails_on_a_link_to_a_missing_file_or_another_branch():
    tree = {"docs/labs/digits_mlp.ipynb"}
    assert launch_problems([COLAB + "docs/labs/digits_mlp.ipynb"], tree) == []
    problems = launch_problems([COLAB + "docs/labs/no_such_lab.ipynb", COLAB.replace("a-branch", "main")], tree)
    assert "no_such_lab.ipynb is not in the git tree" in problems[0] and "is not on" in problems[1], problems
