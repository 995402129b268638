"""Every example has a run record, and the site shows them: a line on each page, the table of run times.

The records are written by the examples' own tests (tests/harness/measured_runs.py);
docs/overrides/hooks/run_times.py turns them into the pages' lines and the table
on docs/run-times.md. Each check returns its problems, so the last test can show
that it fails on broken input.
"""

import html
import re

import pytest

from tests.harness import run_records
from tests.harness.docs import page_url, pages
from tests.harness.paths import DOCS, REPO
from tests.harness.site import strictly_built_site
from tests.offline_hub import REGISTRY

EXAMPLES = run_records.examples(REPO)
LISTING = re.compile(r'^[ \t]*\?\?\?\+? abstract "(?P<path>examples/[^"]+\.py)"[ \t]*$', re.M)


def relative(example) -> str:
    return example.relative_to(REPO).as_posix()


@pytest.fixture(scope="module")
def site():
    return strictly_built_site()


@pytest.mark.parametrize("example", EXAMPLES, ids=relative)
def test_every_example_has_a_run_record(example):
    """Fails until every example's test has run once with --update-outputs (`python -m pytest --update-outputs`)."""
    record = run_records.record_of(example, REPO)
    assert record.is_file(), f"{relative(example)} has no run record {relative(record)}: run its test with --update-outputs"


def test_every_record_belongs_to_an_example():
    records = {run_records.record_of(example, REPO) for example in EXAMPLES}
    orphans = [relative(path) for path in DOCS.rglob(f"*{run_records.SUFFIX}") if path not in records]
    assert not orphans, f"run records of no example (renamed or removed?): {orphans}"


def test_a_record_names_only_hub_ids_its_example_names():
    """The ids come from what the run opened (tests/harness/opened.py); one its source never names would be another run's."""
    for example in EXAMPLES:
        if record := run_records.read(run_records.record_of(example, REPO)):
            source = example.read_text(encoding="utf-8")
            named = {entry.hub_id for entry in REGISTRY if f'"{entry.hub_id}"' in source}
            assert set(record.hub_ids) <= named, f"{relative(example)}: recorded {record.hub_ids}, its source names {named}"


def run_time_problems(page_html: str, shown: list[str], measured: set[str]) -> list[str]:
    """Each measured example among `shown` has its run-time line right above its listing; no other has one."""
    problems = []
    lines_above = re.finditer(
        r'<p>It runs in (?:under a second|about [\d.]+ (?:s|min)) on \d+ CPU cores? '
        r'\(<a href="[^"]*run-times/">all run times</a>\)\.</p>\s*<details class="abstract">\s*<summary>(?P<title>.*?)</summary>',
        page_html,
    )
    # The title as text: a glossary term in a file name ("probing") is wrapped in <abbr>.
    with_line = {re.sub(r"<[^>]+>", "", line["title"]) for line in lines_above}
    for example in shown:
        if (example in with_line) != (example in measured):
            problems.append(f"{example}: {'no' if example in measured else 'a'} run-time line above its listing")
    return problems


def measured_examples() -> set[str]:
    return {relative(example) for example in EXAMPLES if run_records.record_of(example, REPO).is_file()}


@pytest.mark.parametrize("page", [p for p in pages() if LISTING.search(p.read_text())], ids=lambda p: str(p.relative_to(DOCS)))
def test_each_measured_example_says_how_long_it_runs(site, page):
    shown = LISTING.findall(page.read_text())
    assert not run_time_problems(site.html(page_url(page)), shown, measured_examples())


def table_problems(table_html: str) -> list[str]:
    """Every example has a row of the table on the run-times page: its time, or "not measured yet"."""
    problems = []
    for example in EXAMPLES:
        name = html.escape(relative(example).removeprefix("examples/"))
        row = re.search(rf"<tr>\s*<td>(?:<a [^>]*>)?<code>{re.escape(name)}</code>.*?</tr>", table_html, re.S)
        if row is None:
            problems.append(f"no row for {name}")
        elif ("not measured yet" in row[0]) == run_records.record_of(example, REPO).is_file():
            problems.append(f"the row of {name} does not match its record")
    return problems


def test_the_run_times_page_lists_every_example(site):
    assert not table_problems(site.html("run-times/"))


def test_the_checks_fail_on_broken_pages(site):
    measured = sorted(measured_examples())
    if not measured:
        pytest.skip("no example measured yet")
    assert run_time_problems("<p>no line</p>", measured[:1], set(measured))
    assert table_problems(site.html("run-times/").replace(measured[0].removeprefix("examples/"), "renamed.py"))
