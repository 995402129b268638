"""`mkdocs build --strict` passes on the site and fails on each kind of breakage."""

import os
import shutil
import subprocess

import pytest

from tests.harness.docs import REPO
from tests.harness.tools import site_build


def build(config_dir, tmp_path):
    return subprocess.run(
        site_build("--strict", "-f", str(config_dir / "mkdocs.yml"), "-d", str(tmp_path / "site")),
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture
def site_copy(tmp_path):
    """A copy of what the build reads, safe to break."""
    copy = tmp_path / "repo"
    for name in ("docs", "examples", "tests"):  # tests/: the hooks read the registry of stand-ins and the run records
        shutil.copytree(REPO / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "requirements.txt"):  # the notebooks' install cells pin requirements.txt
        shutil.copy(REPO / name, copy)
    return copy


def break_page(copy, old, new, page="docs/intro/gpt2-token-by-token.md"):
    path = copy / page
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_the_site_builds_strictly(site_copy, tmp_path):
    result = build(site_copy, tmp_path)
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
    result = build(site_copy, tmp_path)
    assert result.returncode != 0 and reported in result.stderr
