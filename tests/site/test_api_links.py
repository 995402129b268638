"""API names link to their documentation at the pinned versions, from one table kept complete.

docs/includes/api-links.yml maps each API name, as the prose writes it in inline code,
to its place in its library's documentation; hooks/api_links.py links its first mention
on every page. Read from the built site (inline code in prose: not in code blocks,
headings or the titles of collapsible blocks), these tests hold that
- on every page, the first mention of each API of the table links to its documentation,
  and no later mention does;
- every link from inline code to a library's documentation is the table's link for it;
- every name of the table is mentioned on some page;
- every inline code that names an API of torch, transformers, datasets, peft or
  scikit-learn (it resolves in the installed library) has its name in the table;
- every URL carries the version that requirements.txt pins.
Each check is a function that returns its problems, so the last tests can show, on
small made-up pages and tables, that it fails.
"""

import importlib
import inspect
import pkgutil
from functools import cache
from html.parser import HTMLParser

import pytest

from tests.harness.paths import REPO
from tests.harness.site import load_hook, strictly_built_site

hook = load_hook("api_links")

TABLE_NAME = hook.TABLE.relative_to(REPO).as_posix()
LINKS = hook.api_links(hook.read_table(), hook.pins())
# How prose names a library's API: behind the library's own name (`torch.argmax`, `peft.x`),
# `nn.` for torch.nn, or bare, as the pages import it (`from transformers import Trainer`).
# A bare lowercase name is not looked up in torch itself: there it is a tensor method (`argmax`).
PREFIXED = {"torch": "torch", "nn": "torch.nn", "transformers": "transformers", "datasets": "datasets",
            "peft": "peft", "sklearn": "sklearn"}
BARE = ("transformers", "datasets", "peft", "torch.nn", "torch.optim", "torch.utils.data")
SKLEARN_PRIVATE = {"tests", "utils", "externals", "experimental"}


@pytest.fixture(scope="module")
def site():
    return strictly_built_site()


class InlineCode(HTMLParser):
    """A page's inline code in prose, in order, each with the href of the link it sits in (or None)."""

    NOT_PROSE = {"pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "script", "style"}

    def __init__(self):
        super().__init__()
        self.found, self._outside_prose, self._href, self._code = [], 0, None, None

    def handle_starttag(self, tag, attrs):
        if tag in self.NOT_PROSE:
            self._outside_prose += 1
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
        elif tag == "code" and not attrs and not self._outside_prose:
            self._code = ""

    def handle_endtag(self, tag):
        if tag in self.NOT_PROSE:
            self._outside_prose -= 1
        elif tag == "a":
            self._href = None
        elif tag == "code" and self._code is not None:
            self.found.append((self._code, self._href))
            self._code = None

    def handle_data(self, data):
        if self._code is not None:
            self._code += data


def inline_code(html: str) -> list[tuple[str, str | None]]:
    """The inline code of the page's article (not of the navigation around it)."""
    parser = InlineCode()
    parser.feed(html[html.find("<article"):html.rfind("</article>")])
    return parser.found


# --- what names an API ------------------------------------------------------------------


@cache
def module(name: str):
    return importlib.import_module(name)


@cache
def bare_name_modules() -> tuple[str, ...]:
    sklearn = module("sklearn")
    public = [f"sklearn.{m.name}" for m in pkgutil.iter_modules(sklearn.__path__)
              if not m.name.startswith("_") and m.name not in SKLEARN_PRIVATE]
    return (*BARE, *public)


def attribute(owner, path: list[str]):
    for name in path:
        owner = getattr(owner, name, None)
    return owner


@cache
def library_api(name: str) -> str | None:
    """Where the dotted name, as prose writes it, is defined in the pinned libraries, e.g. "torch.nn.ReLU"."""
    head, *rest = name.split(".")
    if head in PREFIXED:
        found = attribute(module(PREFIXED[head]), rest) if rest else None
        return f"{PREFIXED[head]}.{'.'.join(rest)}" if found is not None else None
    for owner in bare_name_modules():
        found = attribute(module(owner), [head])
        if found is not None and not inspect.ismodule(found) and attribute(found, rest) is not None:
            return f"{owner}.{name}"
    return None


# --- the checks --------------------------------------------------------------------------


def mention_problems(page: str, found: list, links: dict[str, str]) -> list[str]:
    """The first mention of each documented API links to its documentation; no later one does."""
    problems, seen = [], set()
    for code, href in found:
        name = hook.mentioned(code, links)
        if name is None or href not in (None, links[name]):
            continue  # not an API of the table, or inside a link the page made itself
        if links[name] not in seen:
            seen.add(links[name])
            if href is None:
                problems.append(f"{page}: the first mention of {name}, `{code}`, does not link to {links[name]}")
        elif href:
            problems.append(f"{page}: `{code}` links {name} again: only its first mention does")
    return problems


def foreign_link_problems(page: str, found: list, links: dict[str, str], table: dict) -> list[str]:
    """Inline code links to a library's documentation only as the table says."""
    roots = tuple(entry["docs"].split("{")[0] for entry in table.values())
    return [
        f"{page}: `{code}` links to {href}, which {TABLE_NAME} does not give for it"
        for code, href in found
        if href and href.startswith(roots) and href != links.get(hook.mentioned(code, links))
    ]


def unused_problems(found_by_page: dict[str, list], links: dict[str, str]) -> list[str]:
    mentioned = {hook.mentioned(code, links) for found in found_by_page.values() for code, _ in found}
    return [f"{TABLE_NAME}: {name} is mentioned on no page" for name in sorted(set(links) - mentioned)]


def missing_problems(page: str, found: list, links: dict[str, str]) -> list[str]:
    """Inline code that names an API of the pinned libraries has its name, or one it starts with, in the table."""
    problems = []
    for code, _ in found:
        head = hook.DOTTED_NAME.match(code)
        if head is None or hook.mentioned(code, links):
            continue
        parts = head[0].split(".")
        api = next(filter(None, (library_api(".".join(parts[:n])) for n in range(len(parts), 0, -1))), None)
        if api:
            problems.append(f"{page}: `{code}` names {api}; add its documentation to {TABLE_NAME}")
    return problems


def version_problems(table: dict, pinned: dict[str, str]) -> list[str]:
    """Every URL has the pinned version, or its major.minor, as a path segment."""
    links, problems = hook.api_links(table, pinned), []
    for library, entry in table.items():
        version = pinned[library]
        marks = (f"/{version}/", f"/v{version}/", f"/{hook.minor(version)}/")
        problems += [f"{TABLE_NAME}: the URL of {name} does not carry {library} {version}: {links[name]}"
                     for name in entry["names"] if not any(mark in links[name] for mark in marks)]
    return problems


def table_problems(table: dict) -> list[str]:
    """Each name once in the table, and in order (sorted) within its library."""
    names = [name for entry in table.values() for name in entry["names"]]
    problems = [f"{TABLE_NAME}: {name} is listed twice" for name in sorted({n for n in names if names.count(n) > 1})]
    problems += [f"{TABLE_NAME}: the names of {library} are not sorted"
                 for library, entry in table.items() if list(entry["names"]) != sorted(entry["names"])]
    return problems


# --- the site as it is -------------------------------------------------------------------


@pytest.fixture(scope="module")
def found_by_page(site):
    return {page or "home": inline_code(site.html(page)) for page in site.pages}


def test_the_table_lists_each_name_once_in_order_with_the_pinned_versions():
    table = hook.read_table()
    problems = table_problems(table) + version_problems(table, hook.pins())
    assert not problems, "\n".join(problems)
    assert {"Trainer", "AutoModelForSequenceClassification", "LoraConfig", "nn.Linear", "load_dataset",
            "MLPClassifier"} <= set(LINKS)


def test_the_first_mention_of_each_api_on_every_page_links_to_its_documentation(found_by_page):
    table = hook.read_table()
    problems = [p for page, found in found_by_page.items()
                for p in mention_problems(page, found, LINKS) + foreign_link_problems(page, found, LINKS, table)]
    assert not problems, "\n".join(problems)


def test_every_name_of_the_table_is_mentioned_and_every_api_mentioned_is_in_it(found_by_page):
    problems = unused_problems(found_by_page, LINKS)
    problems += [p for page, found in found_by_page.items() for p in missing_problems(page, found, LINKS)]
    assert not problems, "\n".join(problems)


# --- the hook, and the checks fail when they should ---------------------------------------

TINY_TABLE = {"torch": {"docs": "https://docs.pytorch.org/docs/{minor}/", "names": {
    "Linear": "generated/torch.nn.Linear.html", "nn.Linear": "generated/torch.nn.Linear.html",
    "nn.Module": "generated/torch.nn.Module.html"}}}
PINNED = {"torch": "2.13.0"}
TINY = hook.api_links(TINY_TABLE, PINNED)
DOCS = "https://docs.pytorch.org/docs/2.13/"
PAGE = (
    "<article><h2>The <code>nn.Module</code></h2>"
    "<pre><code>nn.Linear(2, 1)</code></pre>"
    '<p>See <a href="../x/"><code>nn.Module</code></a>; a <code>nn.Module</code> holds a <code>nn.Linear(2, 1)</code>,'
    " shown as <code>Linear(in_features=2)</code>; another <code>nn.Linear</code>; <code>nn.Linears</code>.</p>"
    '<details><summary><code>nn.Linear</code></summary></details></article>'
)


def test_the_hook_links_each_first_mention_in_prose_only():
    linked = hook.link_first_mentions(PAGE, TINY)
    assert linked.count("<a href") == 3, linked  # the page's own, and one for each documented place
    assert f'a <a href="{TINY["nn.Module"]}"><code>nn.Module</code></a> holds' in linked
    assert f'<a href="{TINY["nn.Linear"]}"><code>nn.Linear(2, 1)</code></a>,' in linked
    assert "<h2>The <code>nn.Module</code></h2>" in linked and "<pre><code>nn.Linear(2, 1)</code></pre>" in linked
    assert mention_problems("page", inline_code(linked), TINY) == []
    assert foreign_link_problems("page", inline_code(linked), TINY, TINY_TABLE) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda page: page, "the first mention of nn.Module, `nn.Module`, does not link"),
        (lambda page: hook.link_first_mentions(page, TINY).replace(
            "another <code>nn.Linear</code>", f'another <a href="{TINY["nn.Linear"]}"><code>nn.Linear</code></a>'),
         "`nn.Linear` links nn.Linear again"),
        (lambda page: hook.link_first_mentions(page, TINY).replace(TINY["nn.Module"], DOCS + "nn.html"),
         "links to https://docs.pytorch.org/docs/2.13/nn.html, which"),
        (lambda page: hook.link_first_mentions(page, TINY).replace("<code>nn.Linears</code>", "<code>nn.GELU()</code>"),
         "`nn.GELU()` names torch.nn.GELU; add its documentation"),
    ],
    ids=["not-linked", "linked-twice", "hand-written-link", "api-not-in-table"],
)
def test_the_page_checks_fail_on_a_broken_page(change, expected):
    found = inline_code(change(PAGE))
    problems = mention_problems("page", found, TINY) + foreign_link_problems("page", found, TINY, TINY_TABLE)
    problems += missing_problems("page", found, TINY)
    assert any(expected in problem for problem in problems), problems


def test_the_table_checks_fail_on_an_unused_name_an_unversioned_url_and_a_name_listed_twice():
    with_unused = {**TINY, "nn.Embedding": DOCS + "generated/torch.nn.Embedding.html"}
    assert unused_problems({"page": inline_code(hook.link_first_mentions(PAGE, TINY))}, TINY) == []
    assert unused_problems({"page": inline_code(PAGE)}, with_unused) == [f"{TABLE_NAME}: nn.Embedding is mentioned on no page"]
    stable = {"torch": {**TINY_TABLE["torch"], "docs": "https://docs.pytorch.org/docs/stable/"}}
    assert version_problems(TINY_TABLE, PINNED) == []
    assert "the URL of Linear does not carry torch 2.13.0" in version_problems(stable, PINNED)[0]
    twice = {**TINY_TABLE, "transformers": {"docs": "", "names": {"Linear": "x"}}}
    assert table_problems(TINY_TABLE) == [] and table_problems(twice) == [f"{TABLE_NAME}: Linear is listed twice"]


def test_a_library_that_requirements_txt_does_not_pin_is_a_warning_which_fails_the_strict_build(caplog):
    jax = {"docs": "https://jax.example/{version}/", "names": {"jit": "jit.html"}}
    assert hook.api_links({**TINY_TABLE, "jax": jax}, PINNED) == TINY
    assert "api-links.yml: requirements.txt does not pin jax" in caplog.text
    assert all(record.name.startswith("mkdocs.") for record in caplog.records)  # the loggers --strict counts
