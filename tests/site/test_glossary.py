"""The glossary: one file of abbreviations, appended to every page, and one page that lists them.

`docs/includes/glossary.md` holds nothing but Markdown abbreviations
(`*[PEFT]: Parameter-efficient fine-tuning: ...`). pymdownx.snippets appends it to
every Markdown page (`auto_append` in mkdocs.yml), the `abbr` extension wraps each
use of a term in `<abbr title="...">`, docs/overrides/hooks/glossary.py keeps the
first on each page, and Material's `content.tooltips` shows the definition on hover
and focus. `docs/glossary.md` lists every term with the same
definition and a link to the page (and section) that explains it.

These tests keep the three in step: the file and the page define the same terms in
the same words, every term is used on some page, every link on the glossary page
leads to a page and heading that exist, and mkdocs.yml appends the file. Each check
is a function that returns its problems, so the last tests can prove, on broken
copies in tmp_path, that it fails.
"""

import re
import shutil
from html import unescape
from pathlib import Path

import markdown
import pytest
from markdown.extensions.toc import slugify

from tests.harness.docs import DOCS, FENCE, REPO, mkdocs_config, nav_files, outside_code
from tests.harness.site import load_hook, strictly_built_site

GLOSSARY_HOOK = load_hook("glossary")

GLOSSARY_FILE = DOCS / "includes" / "glossary.md"
GLOSSARY_PAGE = DOCS / "glossary.md"
APPENDED = GLOSSARY_FILE.relative_to(REPO).as_posix()  # as auto_append names it

ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]: (?P<definition>\S.*)$")
ENTRY = re.compile(
    r"^- \*\*(?P<term>[^*]+)\*\*: (?P<definition>.+) "
    r"See \[(?P<title>[^\]]+)\]\((?P<target>[^)#\s]+\.md)(?:#(?P<anchor>[\w-]+))?\)\.$"
)
# A definition becomes an HTML title attribute: plain text, nothing Markdown or HTML would interpret.
NOT_PLAIN = re.compile(r"[\[\]<>`*_$|\\]")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)(?:\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$")


# --- reading the two files -------------------------------------------------------


def read_glossary(path: Path) -> tuple[dict[str, str], list[str]]:
    """The terms and definitions of the abbreviation file, and what is wrong with it."""
    terms, problems = {}, []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if number > 1 and lines[number - 2].strip():
            # The abbr extension takes one definition off the front of a paragraph and hands
            # the rest back to every block parser: one paragraph of 114 definitions, appended
            # to every page, made each build 4-5 s slower (quadratic in the file's length).
            problems.append(f"{path.name}:{number}: no blank line between this definition and the one before")
        match = ABBREVIATION.match(line)
        if not match:
            # Anything else would be rendered at the bottom of every page.
            problems.append(f"{path.name}:{number}: not an abbreviation definition: {line!r}")
            continue
        term, definition = match["term"], match["definition"].strip()
        if term in terms:
            problems.append(f"{path.name}:{number}: {term!r} is defined twice")
        if term != term.strip() or not re.fullmatch(r"\w[\w@./ -]*\w|\w", term):
            problems.append(f"{path.name}:{number}: {term!r} is not a word or phrase the abbr extension can match")
        if NOT_PLAIN.search(definition):
            problems.append(f"{path.name}:{number}: the definition of {term!r} is not plain text "
                            "(an abbreviation title can hold no link, code or markup)")
        if not definition.endswith("."):
            problems.append(f"{path.name}:{number}: the definition of {term!r} does not end with a full stop")
        terms[term] = definition
    if list(terms) != sorted(terms, key=str.casefold):
        problems.append(f"{path.name}: terms are not in alphabetical order")
    return terms, problems


def read_page(path: Path) -> tuple[dict[str, re.Match], list[str]]:
    """The glossary page's entries by term, and what is wrong with the list."""
    entries, problems = {}, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("- "):
            continue
        match = ENTRY.match(line)
        if not match:
            problems.append(f"{path.name}:{number}: not '- **term**: definition. See [page](page.md#section).': {line!r}")
            continue
        if match["term"] in entries:
            problems.append(f"{path.name}:{number}: {match['term']!r} is listed twice")
        entries[match["term"]] = match
    if list(entries) != sorted(entries, key=str.casefold):
        problems.append(f"{path.name}: terms are not in alphabetical order")
    return entries, problems


# --- the checks --------------------------------------------------------------------


def entry_line(term: str, definition: str, title: str = "Page › Section", target: str = "page.md#section") -> str:
    return f"- **{term}**: {definition} See [{title}]({target})."


def page_problems(glossary: dict[str, str], entries: dict[str, re.Match]) -> list[str]:
    """The page lists exactly the glossary's terms, with exactly its definitions."""
    problems = []
    for term, definition in glossary.items():
        if term not in entries:
            problems.append(f"{term!r} is missing from the glossary page; add: {entry_line(term, definition)}")
        elif entries[term]["definition"] != definition:
            problems.append(f"{term!r}: the page's definition differs from the glossary file's:\n"
                            f"    page: {entries[term]['definition']}\n    file: {definition}")
    for term in entries:
        if term not in glossary:
            problems.append(f"{term!r} is on the glossary page but not in {GLOSSARY_FILE.name}")
    return problems


def heading_ids(page: Path) -> set[str]:
    """The ids the toc extension gives the page's headings (outside fenced code)."""
    ids, fence = set(), None
    for line in page.read_text(encoding="utf-8").splitlines():
        if match := FENCE.match(line):
            closing = match["indent"] + match["fence"]
            fence = None if fence and line.startswith(fence) else (fence or closing)
            continue
        if fence is None and (match := HEADING.match(line)):
            text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match["text"])  # a link's text only
            text = re.sub(r"[`*_]", "", text)
            base = match["id"] or slugify(text, "-")
            found, suffix = base, 0
            while found in ids:  # toc's way with repeated headings: foo, foo_1, foo_2
                suffix += 1
                found = f"{base}_{suffix}"
            ids.add(found)
    return ids


def link_problems(entries: dict[str, re.Match], docs: Path) -> list[str]:
    """Every link points to a page under docs/ and, when it names one, to a heading of that page."""
    problems = []
    for term, entry in entries.items():
        target = docs / entry["target"]
        if not target.is_file():
            problems.append(f"{term!r} links to {entry['target']}, which does not exist")
        elif entry["anchor"] and entry["anchor"] not in heading_ids(target):
            problems.append(f"{term!r} links to {entry['target']}#{entry['anchor']}: no such heading on that page")
    return problems


def prose(text: str) -> str:
    """A page's Markdown without what the abbr extension never sees or never changes.

    Fenced code, inline code, math, snippet lines, raw HTML figures (the inlined
    diagrams), link and image targets, image descriptions (an alt attribute) and
    the page's own abbreviation definitions are removed.
    """
    kept = [line for _, line in outside_code(text)
            if not line.lstrip().startswith("--8<--") and not ABBREVIATION.match(line)]
    text = "\n".join(kept)
    text = re.sub(r"<figure\b.*?</figure>", " ", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\$\$.+?\$\$", " ", text, flags=re.S)
    text = re.sub(r"(?<![\\$\w])\$(?!\s)[^$\n]+?(?<![\s\\])\$(?![\w$])", " ", text)
    text = re.sub(r"(`+).+?\1", " ", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"<[^>]+>", " ", text)


def usage_problems(glossary: dict[str, str], docs: Path, skip: set[Path]) -> list[str]:
    """Every term occurs, as the abbr extension matches it, on some page other than the glossary's own."""
    texts = [prose(page.read_text(encoding="utf-8")) for page in sorted(docs.rglob("*.md")) if page not in skip]
    return [
        f"{term!r} is defined in the glossary but used on no page"
        for term in glossary
        if not any(re.search(rf"\b{re.escape(term)}\b", text) for text in texts)
    ]


def config_problems(config_text: str) -> list[str]:
    """mkdocs.yml appends the glossary to every page, renders abbreviations, and shows them as tooltips."""
    config = mkdocs_config(config_text)
    problems = []
    extensions = {}
    for item in config.get("markdown_extensions") or []:
        extensions.update(item if isinstance(item, dict) else {item: None})
    if "abbr" not in extensions:
        problems.append("the abbr extension is not enabled")
    snippets = extensions.get("pymdownx.snippets") or {}
    if APPENDED not in (snippets.get("auto_append") or []):
        problems.append(f"pymdownx.snippets does not auto_append {APPENDED}")
    if "content.tooltips" not in (config.get("theme", {}).get("features") or []):
        problems.append("theme.features lacks content.tooltips")
    excluded = (config.get("exclude_docs") or "").split()
    if "/includes/" not in excluded:
        problems.append("exclude_docs does not exclude /includes/ (the glossary file would become a page)")

    if GLOSSARY_PAGE.relative_to(DOCS).as_posix() not in nav_files(config.get("nav")):
        problems.append("the glossary page is not in the nav")
    return problems


# --- the site as it is -------------------------------------------------------------


def test_the_glossary_file_holds_only_plain_definitions():
    terms, problems = read_glossary(GLOSSARY_FILE)
    assert not problems, "\n".join(problems)
    assert len(terms) >= 50 and {"PEFT", "LoRA", "RAG", "logits", "softmax", "tokenizer", "epoch"} <= set(terms)


def test_the_glossary_page_lists_every_term_with_the_same_definition():
    glossary, _ = read_glossary(GLOSSARY_FILE)
    entries, problems = read_page(GLOSSARY_PAGE)
    problems += page_problems(glossary, entries)
    assert not problems, "\n".join(problems)


def test_every_term_is_used_on_a_page():
    glossary, _ = read_glossary(GLOSSARY_FILE)
    problems = usage_problems(glossary, DOCS, skip={GLOSSARY_FILE, GLOSSARY_PAGE})
    assert not problems, "\n".join(problems)


def test_every_glossary_link_leads_to_a_page_and_section():
    entries, _ = read_page(GLOSSARY_PAGE)
    problems = link_problems(entries, DOCS)
    assert not problems, "\n".join(problems)


def test_mkdocs_appends_the_glossary_and_shows_tooltips():
    problems = config_problems((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_appended_abbreviations_leave_code_and_math_alone():
    """The glossary, appended as the build does, marks terms in prose only."""
    config = mkdocs_config()
    snippets = next(item["pymdownx.snippets"] for item in config["markdown_extensions"]
                    if isinstance(item, dict) and "pymdownx.snippets" in item)
    renderer = markdown.Markdown(
        extensions=["abbr", "admonition", "pymdownx.superfences", "pymdownx.highlight",
                    "pymdownx.inlinehilite", "pymdownx.arithmatex", "pymdownx.snippets"],
        extension_configs={
            "pymdownx.arithmatex": {"generic": True},
            "pymdownx.snippets": {"base_path": [str(REPO)], "check_paths": True,
                                  "auto_append": snippets["auto_append"]},
        },
    )
    page = (
        "A LoRA adapter on a frozen model.\n\n"
        "```python\nlora = LoRA(rank=8)  # LoRA\n```\n\n"
        "Call `LoRA()` here; the $\\mathrm{KL}$ term.\n"
    )
    html = renderer.convert(page)
    assert re.search(r'<abbr title="Low-rank adaptation: [^"]*">LoRA</abbr>', html), html
    code = html[html.index("<pre"):html.index("</pre>")]
    assert "<abbr" not in code and "LoRA" in code, code
    assert "<code>LoRA()</code>" in html, html
    assert "\\mathrm{KL}" in html and "<abbr title" not in html[html.index("arithmatex"):], html
    assert "*[" not in html, "an abbreviation definition was rendered as text"


def test_a_term_carries_its_definition_once_per_page_at_its_first_use():
    site = strictly_built_site()
    glossary, _ = read_glossary(GLOSSARY_FILE)
    defined = set()
    for page in site.pages:
        html = site.html(page)
        article = html[html.find("<article"):html.find("</article>")]
        terms = [(term, unescape(title)) for title, term in re.findall(r'<abbr tabindex="0" title="([^"]*)">([^<]*)</abbr>', article)]
        assert all(glossary.get(term) == title for term, title in terms), f"{page or 'home'}: {terms}"
        assert article.count("<abbr") == len(terms), f"{page or 'home'}: a term that is not focusable"
        used = [term for term, _ in terms]
        assert len(used) == len(set(used)), f"{page or 'home'}: a term defined more than once: {sorted(used)}"
        defined.update(used)
    assert defined == set(glossary), f"never defined on a page: {sorted(set(glossary) - defined)}"


def test_the_hook_keeps_the_first_use_of_each_term():
    lora, peft = '<abbr title="Low-rank adaptation.">LoRA</abbr>', '<abbr title="PEFT.">PEFT</abbr>'
    html = f"<p>{lora} is a {peft} method.</p><h2>More</h2><p>{lora} again, {peft} too, {lora}.</p>"
    focusable = lambda abbr: abbr.replace("<abbr ", '<abbr tabindex="0" ')  # noqa: E731
    assert GLOSSARY_HOOK.first_use_only(html) == (
        f"<p>{focusable(lora)} is a {focusable(peft)} method.</p><h2>More</h2><p>LoRA again, PEFT too, LoRA.</p>"
    )


# --- the checks fail when they should ------------------------------------------------

GOOD_FILE = "*[epoch]: One full pass over the training set.\n\n*[LoRA]: Low-rank adaptation.\n"
GOOD_PAGE = (
    "# Glossary\n\nIntro.\n\n"
    "- **epoch**: One full pass over the training set. See [Basics](basics.md#concepts).\n"
    "- **LoRA**: Low-rank adaptation. See [LoRA](lora.md).\n"
)
BASICS = "# Basics\n\n## Concepts\n\nOne epoch is a pass.\n\n```python\nLoRA = 1\n```\n"
LORA = "# Low rank\n\nLoRA trains little.\n"


def glossary_site(root: Path, glossary=GOOD_FILE, page=GOOD_PAGE, basics=BASICS, lora=LORA) -> list[str]:
    """Write a small docs/ tree and return every problem the checks find in it."""
    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    (docs / "includes").mkdir(parents=True)
    (docs / "includes" / "glossary.md").write_text(glossary)
    (docs / "glossary.md").write_text(page)
    (docs / "basics.md").write_text(basics)
    (docs / "lora.md").write_text(lora)
    terms, problems = read_glossary(docs / "includes" / "glossary.md")
    entries, found = read_page(docs / "glossary.md")
    problems += found + page_problems(terms, entries) + link_problems(entries, docs)
    problems += usage_problems(terms, docs, skip={docs / "glossary.md", docs / "includes" / "glossary.md"})
    return problems


def test_the_checks_pass_on_a_good_glossary(tmp_path):
    assert glossary_site(tmp_path) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"page": GOOD_PAGE.replace("- **LoRA**: Low-rank adaptation. See [LoRA](lora.md).\n", "")},
         "'LoRA' is missing from the glossary page"),
        ({"glossary": GOOD_FILE.replace("*[LoRA]: Low-rank adaptation.\n", "")},
         "'LoRA' is on the glossary page but not in glossary.md"),
        ({"page": GOOD_PAGE.replace("Low-rank adaptation.", "Low-rank adaptation of weights.")},
         "the page's definition differs"),
        ({"lora": "# Low rank\n\nNothing to see.\n\n```python\nLoRA = 2\n```\n\n`LoRA` in code.\n"},
         "'LoRA' is defined in the glossary but used on no page"),
        ({"lora": "# Low rank\n\nOnly as a plural: LoRAs.\n"}, "'LoRA' is defined in the glossary but used on no page"),
        ({"page": GOOD_PAGE.replace("(lora.md)", "(no-such-page.md)")}, "links to no-such-page.md, which does not exist"),
        ({"page": GOOD_PAGE.replace("#concepts", "#no-such-heading")}, "basics.md#no-such-heading: no such heading"),
        ({"glossary": GOOD_FILE + "A stray line.\n"}, "not an abbreviation definition"),
        ({"glossary": GOOD_FILE.replace("Low-rank adaptation.", "Low-rank [adaptation](lora.md).")},
         "is not plain text"),
        ({"glossary": GOOD_FILE + "\n*[epoch]: Again.\n"}, "'epoch' is defined twice"),
        ({"glossary": GOOD_FILE.replace("\n\n", "\n")}, "no blank line between this definition and the one before"),
        ({"page": GOOD_PAGE.replace("See [LoRA](lora.md).", "[LoRA](lora.md)")}, "not '- **term**: definition."),
    ],
    ids=["missing-from-page", "missing-from-file", "different-definition", "used-only-in-code",
         "used-only-in-plural", "link-to-missing-page", "link-to-missing-anchor", "stray-line",
         "link-in-definition", "defined-twice", "no-blank-line", "entry-without-link"],
)
def test_the_checks_fail_on_a_broken_glossary(tmp_path, change, expected):
    problems = glossary_site(tmp_path, **change)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("      auto_append: [docs/includes/glossary.md]", "", "does not auto_append docs/includes/glossary.md"),
        ("    - content.tooltips", "", "lacks content.tooltips"),
        ("  /includes/\n", "", "does not exclude /includes/"),
        ("  - Glossary: glossary.md\n", "", "not in the nav"),
    ],
    ids=["no-auto-append", "no-tooltips", "not-excluded", "not-in-nav"],
)
def test_the_config_check_fails_without_the_glossary_settings(tmp_path, old, new, expected):
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if line.startswith(old.rstrip("\n")))
    copy = tmp_path / "mkdocs.yml"
    copy.write_text(text.replace(line, new, 1))
    assert any(expected in problem for problem in config_problems(copy.read_text())), config_problems(copy.read_text())
