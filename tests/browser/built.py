"""The built site, once per test session: build, discover its pages, serve it on loopback.

The site is built with `mkdocs build --strict` (or the build of the generator that
SITE_GENERATOR names, tests/harness/tools.py) into <tmp>/<path of site_url> (e.g.
<tmp>/genai-fundamentals/), and <tmp> is what gets served, so every URL the pages
use, the absolute ones of the 404 page included, resolves as it will on the real
host. Pages are discovered from the build output, so new pages are tested as soon
as they exist.
"""

import functools
import gzip
import http.server
import os
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from tests.harness.paths import DOCS, REPO
from tests.harness.tools import SITE_GENERATOR, site_build


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
    """The site as built without a repository, or with `repo`: the (REPO_URL, REPO_BRANCH) mkdocs.yml reads.

    The build never takes them from this environment, so the tests see the same site wherever they run.
    """
    root = Path(tempfile.mkdtemp(prefix="built-site-"))
    prefix = urlparse(site_url()).path.strip("/")
    prefix = prefix + "/" if prefix else ""
    env = {key: value for key, value in os.environ.items() if key not in ("REPO_URL", "REPO_BRANCH")}
    if repo:
        env.update(REPO_URL=repo[0], REPO_BRANCH=repo[1])
    result = subprocess.run(
        site_build("--strict", "-d", str(root / prefix)),
        cwd=REPO, capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"},
    )
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


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it, as GitHub Pages serves them."""

    COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".map"}
    _cache: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or os.path.splitext(path)[1] not in self.COMPRESSED
            or not os.path.isfile(path)
        ):
            return super().do_GET()
        if path not in self._cache:
            with open(path, "rb") as f:
                self._cache[path] = gzip.compress(f.read(), compresslevel=6)
        body = self._cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(root: Path) -> str:
    """Serve `root` on 127.0.0.1 from a daemon thread; return the server's URL."""
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


@functools.cache
def served_site() -> str:
    """Serve the built site for the session; return its base URL."""
    site = built_site()
    return serve(site.root) + site.prefix
