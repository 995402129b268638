"""`mkdocs build --strict` passes on the site and fails on each kind of breakage."""

import pytest

from tests.harness.site import build, copy_site


@pytest.fixture
def site_copy(tmp_path):
    return copy_site(tmp_path / "repo")


def break_page(copy, old, new, page="docs/intro/gpt2-token-by-token.md"):
    path = copy / page
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_site_builds_strictly(site_copy, tmp_path):
    result = build(tmp_path / "site", config_dir=site_copy)
    assert result.returncode == 0, result.stderr[-3000:]


BREAKAGES = {
    "missing snippet file": ("gpt2_token_by_token.py:load", "no_such_file.py:load", "no_such_file.py"),
    "missing snippet section": ("gpt2_token_by_token.py:load", "gpt2_token_by_token.py:no_such_section", "no_such_section"),
    "broken anchor": ("(#the-whole-file)", "(#no-such-heading)", "no-such-heading"),
    "broken link": ("(../offline.md)", "(../no-such-page.md)", "no-such-page.md"),
}


@pytest.mark.parametrize("old, new, reported", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_breakage_fails_the_build_naming_it(site_copy, tmp_path, old, new, reported):
    break_page(site_copy, old, new)
    result = build(tmp_path / "site", config_dir=site_copy)
    assert result.returncode != 0 and reported in result.stderr
