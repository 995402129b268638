"""lychee, a real link checker, finds no broken internal link or anchor in the built site."""

import json
import shutil
import subprocess

import pytest

from tests.harness.site import strictly_built_site
from tests.harness.tools import installed


@pytest.fixture(scope="module")
def site():
    return strictly_built_site()


def lychee(root, *targets):
    """lychee --offline over `targets`, resolving absolute links against `root`; its JSON report."""
    result = subprocess.run(
        [installed("lychee"), "--offline", "--no-progress", "--include-fragments", "--index-files", "index.html",
         "--root-dir", str(root), "--format", "json", *map(str, targets)],
        capture_output=True, text=True,
    )
    report = json.loads(result.stdout)
    return result.returncode, report


def broken(report) -> list[str]:
    return [
        f"{page}: {error['url']} ({error['status']['text']})"
        for page, errors in report.get("error_map", {}).items() for error in errors
    ]


def test_no_broken_link_or_anchor_in_the_built_site(site):
    code, report = lychee(site.root, site.dir)
    assert not broken(report), "broken links:\n" + "\n".join(broken(report))
    assert code == 0
    assert report["successful"] > 10 * len(site.pages)  # it really followed the pages' links


def test_lychee_reports_a_broken_anchor_and_a_missing_page(site, tmp_path):
    """The checker itself can fail: a copy of a page with a bad anchor and a bad link."""
    page = tmp_path / site.prefix / "broken" / "index.html"
    page.parent.mkdir(parents=True)
    first = next(p for p in site.pages if p.endswith("/"))
    shutil.copytree(site.dir / first, tmp_path / site.prefix / first, dirs_exist_ok=True)
    page.write_text(f'<a href="../{first}#no-such-anchor">a</a> <a href="../no-such-page/">b</a>')
    _, report = lychee(tmp_path, page)
    problems = "\n".join(broken(report))
    assert "no-such-anchor" in problems and "no-such-page" in problems, problems
