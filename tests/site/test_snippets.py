"""Drift guard: the code on the pages is the code the tests run, and nothing else."""

import importlib.util
import re
from pathlib import Path

import pytest

from tests.harness import run_records
from tests.harness.docs import blocks, pages, sections, snippet_includes
from tests.harness.paths import DOCS, EXAMPLES, REPO
from tests.offline_hub import STANDIN_IDS

CODE_LANGS = {"python", "py", "python3", "pycon"}
ALL_BLOCKS = [block for page in pages() for block in blocks(page)]
INCLUDED = {m["path"] for block in ALL_BLOCKS for m in snippet_includes(block)}
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*.py") if "data" not in p.parts)


def where(block):
    return f"{block.page.relative_to(REPO)}:{block.line}"


def test_pages_were_found():
    assert len(pages()) >= 10 and len(ALL_BLOCKS) >= 10


def mirror_test(example: str) -> str:
    """tests/<section>/test_<name>.py for examples/<section>/<name>.py."""
    path = Path(example).relative_to("examples")
    return (Path("tests") / path.parent / f"test_{path.name}").as_posix()


@pytest.mark.parametrize("block", [b for b in ALL_BLOCKS if b.lang in CODE_LANGS], ids=where)
def test_python_blocks_are_snippet_includes_of_examples(block):
    """An example, or (under "How this page is tested") the mirror test of an example the page shows."""
    includes = snippet_includes(block)
    assert includes and len(includes) == len([line for line in block.body if line.strip()]), (
        f"{where(block)}: a Python block must only include files from examples/ (--8<-- \"examples/...\")"
    )
    shown = {include["path"] for b in blocks(block.page) for include in snippet_includes(b)}
    tests_of_shown = {mirror_test(path) for path in shown if path.startswith("examples/")}
    for include in includes:
        path = include["path"]
        assert (path.startswith("examples/") and path.endswith(".py")) or path in tests_of_shown, (
            f"{where(block)}: {path} is neither an example nor the test of one this page shows"
        )


def test_pages_show_their_tests_instead_of_restating_them():
    for page in pages():
        assert "## What the test checks" not in page.read_text(), (
            f"{page.relative_to(REPO)}: include the mirror test under '## How this page is tested' instead"
        )


def test_every_included_file_and_section_exists():
    for block in ALL_BLOCKS:
        for include in snippet_includes(block):
            source = REPO / include["path"]
            assert source.is_file(), f"{where(block)}: {include['path']} does not exist"
            if include["section"]:
                assert include["section"] in sections(source), (
                    f"{where(block)}: no section '{include['section']}' in {include['path']}"
                )


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_is_shown_and_tested(example):
    relative = example.relative_to(REPO).as_posix()
    # A jupytext notebook is shown as its executed .ipynb page instead.
    notebook_page = DOCS / example.parent.relative_to(EXAMPLES) / f"{example.stem}.ipynb"
    assert relative in INCLUDED or notebook_page.is_file(), f"{relative} is included by no page"
    mirror = REPO / "tests" / example.parent.relative_to(EXAMPLES) / f"test_{example.stem}.py"
    assert mirror.is_file(), f"{relative} has no test file {mirror.relative_to(REPO)}"
    assert f'"{example.relative_to(EXAMPLES).as_posix()}"' in mirror.read_text(), (
        f"{mirror.relative_to(REPO)} does not run {relative}"
    )


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_example_names_do_not_shadow_modules(example):
    """`python examples/x/tokenizers.py` would import itself instead of the library."""
    assert importlib.util.find_spec(example.stem) is None, (
        f"{example.relative_to(REPO)} has the name of an importable module; rename it"
    )


def test_every_section_marker_is_closed():
    for example in EXAMPLE_FILES:
        text = example.read_text()
        for name in sections(example):
            assert f"--8<-- [end:{name}]" in text, f"{example}: section {name} is never closed"


def test_output_from_a_standin_is_labelled_as_such():
    """Output of an example that loads a stand-in id sits under an admonition naming the stand-in."""
    for block in ALL_BLOCKS:
        for include in snippet_includes(block):
            output = re.fullmatch(r"docs/(?P<section>[\w-]+)/output/(?P<stem>[\w-]+)\.txt", include["path"])
            if not output:
                continue
            source = EXAMPLES / output["section"] / f"{output['stem']}.py"
            uses_standin = any(f'"{standin}"' in source.read_text() for standin in STANDIN_IDS)
            if uses_standin:
                assert block.admonition_title and "stand-in" in block.admonition_title, (
                    f"{where(block)}: output of {source.name} comes from an offline stand-in; "
                    "put it in an admonition titled '... offline stand-in ...'"
                )


def test_output_files_are_shown_on_a_page():
    """Run records (<name>.run.json) excepted: the build turns them into lines and a table (tests/site/test_run_records.py)."""
    shown = {m["path"] for block in ALL_BLOCKS for m in snippet_includes(block)}
    images = "\n".join(page.read_text() for page in pages())
    for output in DOCS.rglob("output/*"):
        if output.name.endswith(run_records.SUFFIX):
            continue
        relative = output.relative_to(REPO).as_posix()
        assert relative in shown or f"output/{output.name}" in images, f"{relative} is shown by no page"


# A figure an example drew is shown twice, the light rendering and its dark twin
# (tests/harness/examples.py), with the same alt text; Material hides each in the
# other colour scheme. That every twin on disk is shown, the test above checks.
FIGURE_PAIR = re.compile(
    r"!\[(?P<alt>[^\n]*?)\]\(output/(?P<name>[\w-]+)\.svg#only-light\)\s*"
    r"!\[(?P=alt)\]\(output/(?P=name)\.dark\.svg#only-dark\)"
)
OUTPUT_FIGURE = re.compile(r"!\[[^\n]*?\]\(output/[^)\s]*\.svg[^)\s]*\)")


def unpaired_figures(text: str) -> list[str]:
    """Output figures in `text` not shown as a light and dark pair."""
    return OUTPUT_FIGURE.findall(FIGURE_PAIR.sub("", text))


@pytest.mark.parametrize("page", [p for p in pages() if "output/" in p.read_text()], ids=lambda p: str(p.relative_to(DOCS)))
def test_every_figure_is_shown_for_the_light_and_the_dark_scheme(page):
    text = page.read_text()
    assert not unpaired_figures(text), (
        f"{page.relative_to(REPO)}: show an output figure as the pair "
        "![alt](output/x.svg#only-light) ![alt](output/x.dark.svg#only-dark), the same alt text on both:\n  "
        + "\n  ".join(unpaired_figures(text))
    )
    for pair in FIGURE_PAIR.finditer(text):
        for figure in (page.parent / "output" / f"{pair['name']}{kind}.svg" for kind in ("", ".dark")):
            assert figure.is_file(), (
                f"{page.relative_to(REPO)} shows {figure.relative_to(REPO)}, which does not exist: "
                "run the example's test with --update-outputs"
            )


@pytest.mark.parametrize("markup", [
    "![a plot](output/x.svg)",
    "![a plot](output/x.svg#only-light)",
    "![a plot](output/x.svg#only-light)\n![another text](output/x.dark.svg#only-dark)",
    "![a plot](output/x.svg#only-light)\n![a plot](output/y.dark.svg#only-dark)",
    "![a plot](output/x.dark.svg#only-dark)",
], ids=["plain", "no dark twin", "other alt text", "other figure", "dark only"])
def test_a_figure_without_its_twin_is_reported(markup):
    assert unpaired_figures(markup)
