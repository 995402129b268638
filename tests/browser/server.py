"""The built site (tests/harness/site.py) served on loopback, as GitHub Pages serves it, for Chromium and Lighthouse."""

import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

from tests.harness.site import built_site


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
