"""The site as the tests build it: one way to run a build, the repository's site built once, copies to break.

- `build` runs the generator (mkdocs, or SITE_GENERATOR's) on a mkdocs.yml, in a
  subprocess, as a reader's `mkdocs build` would;
- `built_site` is the repository's site, built strictly once per session and shared by
  the tests that read the build output (tests/site, tests/browser, tests/tools);
- `copy_site` copies what a build reads, so that a test can break the copy and build it;
- `load_hook` imports one of the build hooks, so that a test can call its functions.
"""

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

from tests.harness.paths import DOCS, REPO

# The generator that the tests build with: mkdocs, or the module of another generator
# that reads mkdocs.yml, e.g. SITE_GENERATOR=properdocs (.github/decisions/0001-site-generator.md).
SITE_GENERATOR = os.environ.get("SITE_GENERATOR", "mkdocs")


def build(out: Path, *, config_dir: Path = REPO, strict: bool = True, repo: tuple[str, str] | None = None):
    """Build config_dir/mkdocs.yml into `out`; the finished subprocess, its output captured.

    mkdocs.yml takes the repository's links from REPO_URL and REPO_BRANCH; they never come
    from this environment, only from `repo`, so a test sees the same site wherever it runs.
    The build runs in config_dir, where mkdocs-jupyter keeps its ./.cache (in a copy, not
    in the repository).
    """
    env = {key: value for key, value in os.environ.items() if key not in ("REPO_URL", "REPO_BRANCH")}
    if repo:
        env.update(REPO_URL=repo[0], REPO_BRANCH=repo[1])
    command = [sys.executable, "-m", SITE_GENERATOR, "build", "-f", str(config_dir / "mkdocs.yml"), "-d", str(out)]
    return subprocess.run(
        command + (["--strict"] if strict else []),
        cwd=config_dir, capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"},
    )


def copy_site(target: Path, sections: tuple[str, ...] | None = None) -> Path:
    """A copy in `target` of what the build reads, safe to break; `target` returned.

    With `sections`, the other folders of docs/ that hold pages are left out, so that a
    build of the copy fails for those sections' faults only (docs/includes/ stays: the
    glossary that every page appends). Their nav entries and links then only warn, so
    such a copy builds with strict=False.
    """
    for name in ("docs", "examples", "tests"):  # tests/: the hooks read the registry of stand-ins and the run records
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    if sections is not None:
        for folder in (target / "docs").iterdir():
            if folder.is_dir() and folder.name not in (*sections, "includes") and any(folder.rglob("*.md")):
                shutil.rmtree(folder)
    for name in ("mkdocs.yml", "requirements.txt"):  # the notebooks' install cells pin requirements.txt
        shutil.copy(REPO / name, target)
    # mkdocs-jupyter's conversions, each keyed by its notebook's content: a build of the
    # copy converts only the notebooks that differ (each conversion takes about a second).
    conversions = REPO / ".cache" / "mkdocs-jupyter"
    if conversions.is_dir():
        shutil.copytree(conversions, target / ".cache" / "mkdocs-jupyter")
    return target


def site_url() -> str:
    match = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.M)
    return match[1] if match else "/"


@dataclass
class BuiltSite:
    root: Path  # what is served at http://host/
    prefix: str  # the site's path below the root, e.g. "genai-fundamentals/"
    ok: bool
    log: str
    pages: list[str] = field(default_factory=list)  # e.g. "", "intro/", "intro/gpt2-token-by-token/", "404.html"

    @property
    def dir(self) -> Path:
        return self.root / self.prefix

    def html(self, page: str) -> str:
        path = self.dir / page
        return (path / "index.html" if page.endswith("/") or not page else path).read_text(encoding="utf-8")

    def is_notebook(self, page: str) -> bool:
        return 'class="jupyter-wrapper"' in self.html(page)


def discover_pages(directory: Path) -> list[str]:
    """The pages of a build output, so that a new page is tested as soon as it exists."""
    pages = []
    for index in sorted(directory.rglob("index.html")):
        relative = index.parent.relative_to(directory).as_posix()
        if relative.split("/")[0] in ("assets", "search"):
            continue
        pages.append("" if relative == "." else relative + "/")
    if (directory / "404.html").is_file():
        pages.append("404.html")
    return pages


@functools.cache
def built_site(repo: tuple[str, str] | None = None) -> BuiltSite:
    """The repository's site built strictly, once per session, without a repository or with `repo` (see `build`).

    It is built into <tmp>/<path of site_url> (e.g. <tmp>/genai-fundamentals/), so that
    serving <tmp> resolves every URL the pages use, the absolute ones of the 404 page
    included, as on the real host.
    """
    root = Path(tempfile.mkdtemp(prefix="built-site-"))
    prefix = urlparse(site_url()).path.strip("/")
    prefix = prefix + "/" if prefix else ""
    result = build(root / prefix, repo=repo)
    site = BuiltSite(root, prefix, result.returncode == 0, result.stdout + result.stderr)
    if site.ok:
        site.pages = discover_pages(site.dir)
    return site


def strictly_built_site(repo: tuple[str, str] | None = None) -> BuiltSite:
    """The built site for tests that need one; the test fails if the strict build did."""
    import pytest

    site = built_site(repo)
    if not site.ok:
        pytest.fail(f"{SITE_GENERATOR} build --strict failed:\n{site.log[-4000:]}", pytrace=False)
    return site


@functools.cache
def load_hook(name: str) -> ModuleType:
    """docs/overrides/hooks/<name>.py, imported from its file as mkdocs imports it (the folder is no package)."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", DOCS / "overrides" / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
