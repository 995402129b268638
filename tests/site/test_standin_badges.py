"""Every output that came from an offline stand-in carries a badge, and every badge leads to the stand-in's row.

Which stand-ins an example's outputs came from, its run record says (the hub ids
its run loaded, tests/harness/measured_runs.py); docs/overrides/hooks/standin_badges.py
puts the badges into the titles of the admonitions that show those outputs, and
a line of badges above a lab's notebook. Each check returns its problems, so the
last tests can show that it fails on broken input.
"""

import html
import re
from urllib.parse import urljoin

import pytest

from tests.harness import run_records
from tests.harness.docs import output_admonitions, page_url, pages
from tests.harness.paths import DOCS, EXAMPLES, REPO
from tests.harness.site import strictly_built_site
from tests.offline_hub import STANDIN_IDS

BADGE = re.compile(r'<a (?P<attributes>[^>]*class="standin-badge"[^>]*)>(?P<text>.*?)</a>', re.S)
HREF = re.compile(r'href="(?P<href>[^"]*)"')
TITLE = re.compile(r'<p class="admonition-title">(?P<title>.*?)</p>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def site():
    return strictly_built_site()


def standins(example: str) -> list[str]:
    """The stand-ins that examples/<example>.py loaded, as its run record says."""
    record = run_records.read(run_records.record_of(EXAMPLES / f"{example}.py", REPO))
    return [hub_id for hub_id in record.hub_ids if hub_id in STANDIN_IDS] if record else []


def badged(fragment: str) -> list[str]:
    """The hub ids that the badges in an HTML fragment name ("stand-in: gpt2")."""
    return [html.unescape(TAG.sub("", badge["text"])).removeprefix("stand-in: ") for badge in BADGE.finditer(fragment)]


def badge_problems(page_html: str, expected: dict[str, list[str]]) -> list[str]:
    """`expected`: an admonition's title as the page's source writes it -> the stand-ins its badges must name."""
    titles = {" ".join(html.unescape(TAG.sub("", m["title"])).split()): m["title"] for m in TITLE.finditer(page_html)}
    problems = []
    for title, hub_ids in expected.items():
        plain = " ".join(title.replace("`", "").split())
        shown = next((inner for text, inner in titles.items() if text.startswith(plain)), None)
        if shown is None:
            problems.append(f"no admonition titled {title!r}")
        elif sorted(badged(shown)) != sorted(hub_ids):
            problems.append(f"{title!r}: badges for {badged(shown)}, its outputs came from {hub_ids}")
    return problems


@pytest.mark.parametrize("page", [p for p in pages() if "output/" in p.read_text()], ids=lambda p: str(p.relative_to(DOCS)))
def test_every_output_from_a_stand_in_has_its_badges_and_no_other_output_has_one(site, page):
    section = page.parent.relative_to(DOCS).as_posix()
    expected = {
        admonition.title: list(dict.fromkeys(hub_id for example in admonition.examples for hub_id in standins(example)))
        for admonition in output_admonitions(page.read_text(), section)
    }
    assert not badge_problems(site.html(page_url(page)), expected)


@pytest.mark.parametrize("lab", sorted((DOCS / "labs").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_lab_that_ran_on_stand_ins_says_so_above_its_notebook(site, lab):
    hub_ids = standins(f"labs/{lab.stem}")
    assert sorted(badged(site.html(f"labs/{lab.stem}/"))) == sorted(hub_ids)


def link_problems(html_of, page: str) -> list[str]:
    """Badges of `page` (a built page's URL; `html_of` gives a page's HTML) that lead to no row of their stand-in."""
    problems = []
    for badge in BADGE.finditer(html_of(page)):
        hub_id = badged(badge[0])[0]
        target, _, fragment = urljoin(f"/{page}", HREF.search(badge["attributes"])["href"]).partition("#")
        row = rf'<tr id="{re.escape(fragment)}">\s*<td>[^<]*<code>{re.escape(hub_id)}</code>'
        if target != "/offline/" or not re.search(row, html_of("offline/")):
            problems.append(f"{page}: the badge of {hub_id} leads to {target}#{fragment}, not to its row of the stand-ins' table")
    return problems


def test_every_badge_leads_to_its_stand_ins_row_of_the_offline_table(site):
    badged_pages = [page for page in site.pages if BADGE.search(site.html(page))]
    assert len(badged_pages) >= 2  # an example's page and a lab's, at least
    problems = [problem for page in badged_pages for problem in link_problems(site.html, page)]
    assert not problems, "\n".join(problems)


def test_the_checks_fail_on_broken_pages(site):
    page = DOCS / "generation" / "sampling.md"
    built = site.html(page_url(page))
    title = next(a.title for a in output_admonitions(page.read_text(), "generation"))
    assert badge_problems(BADGE.sub("", built), {title: ["gpt2"]})  # a badge left out
    assert badge_problems(built, {title: []})  # a badge where none belongs
    wrong_row = built.replace("#hub-gpt2", "#hub-imdb")
    assert link_problems(lambda url: wrong_row if url == page_url(page) else site.html(url), page_url(page))
