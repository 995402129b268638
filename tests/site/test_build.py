"""`mkdocs build --strict` passes on the site and fails on each kind of breakage, naming it.

The repository's site is built strictly once per session (tests/harness/site.py). A
breakage that MkDocs reports as a warning (a broken link or anchor, unrenderable
math) leaves the build running to its end, which then fails in strict mode with
every warning listed: those share one broken copy, built once. A missing snippet
stops the build where it is included, so each of those gets a copy of its own.
"""

import pytest

from tests.harness.site import build, copy_site, strictly_built_site

GPT2_PAGE = "docs/intro/gpt2-token-by-token.md"


def break_page(copy, old, new, page=GPT2_PAGE):
    path = copy / page
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_site_builds_strictly():
    assert strictly_built_site().ok


# Warnings: (page, text, replacement, what the build log must name).
WARNINGS = {
    "broken anchor": (GPT2_PAGE, "(#the-whole-file)", "(#no-such-heading)", "no-such-heading"),
    "broken link": (GPT2_PAGE, "(../offline.md)", "(../no-such-page.md)", "no-such-page.md"),
    "unrenderable math": ("docs/offline.md", "\n## ", "\nBroken math: $\\notacommand{x}$\n\n## ", "notacommand"),
}
ERRORS = {
    "missing snippet file": ("gpt2_token_by_token.py:load", "no_such_file.py:load", "no_such_file.py"),
    "missing snippet section": ("gpt2_token_by_token.py:load", "gpt2_token_by_token.py:no_such_section", "no_such_section"),
}


@pytest.fixture(scope="module")
def build_with_every_warning(tmp_path_factory):
    copy = copy_site(tmp_path_factory.mktemp("repo"))
    for page, old, new, _ in WARNINGS.values():
        break_page(copy, old, new, page)
    return build(tmp_path_factory.mktemp("site"), config_dir=copy)


@pytest.mark.parametrize("reported", [w[-1] for w in WARNINGS.values()], ids=WARNINGS.keys())
def test_a_warning_fails_the_strict_build_naming_it(build_with_every_warning, reported):
    result = build_with_every_warning
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert any(reported in line for line in warnings), result.stderr[-3000:]


@pytest.mark.parametrize("old, new, reported", ERRORS.values(), ids=ERRORS.keys())
def test_a_missing_snippet_fails_the_build_naming_it(tmp_path, old, new, reported):
    copy = copy_site(tmp_path / "repo")
    break_page(copy, old, new)
    result = build(tmp_path / "site", config_dir=copy)
    assert result.returncode != 0 and reported in result.stderr
