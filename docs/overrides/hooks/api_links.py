"""Link library names to their documentation, at the versions requirements.txt pins.

One reference table, docs/includes/api-links.yml, gives for each library (a
distribution that requirements.txt pins) its documentation at a version, with
{version} for the pinned version and {minor} for its major.minor, and for each
API name, as the prose writes it in inline code (`Trainer`, `nn.Linear`,
`load_dataset`), its place in that documentation.

On every page, notebook pages included, the first inline code in prose that
mentions an API of the table becomes a link to its documentation. A mention is
the name alone, or followed by a call or an attribute (`load_dataset("imdb")`,
`TaskType.SEQ_CLS`); the longest name of the table wins. Later mentions stay
plain, and so does a second name for the same place (`MSELoss` after
`nn.MSELoss`). Code blocks, headings, the titles of collapsible blocks and code
already inside a link are left alone. A library of the table that requirements.txt
does not pin is reported as a warning, which fails `mkdocs build --strict`.

tests/site/test_api_links.py keeps the table complete. `python
docs/overrides/hooks/api_links.py` prints its URLs, which the weekly hub workflow
checks online with lychee.
"""

import logging
import re
from html import escape, unescape
from pathlib import Path

import yaml

log = logging.getLogger("mkdocs.hooks.api_links")

REPOSITORY = Path(__file__).resolve().parents[3]
TABLE = REPOSITORY / "docs" / "includes" / "api-links.yml"
REQUIREMENTS = REPOSITORY / "requirements.txt"

# Inline code (Markdown's `code` gives a bare <code>; a code block's has attributes or sits in <pre>), or any tag.
TOKEN = re.compile(r"<code>(?P<code>[^<]*)</code>|<(?P<closing>/?)(?P<tag>[a-zA-Z][\w-]*)\b[^>]*>")
# Where inline code is not prose, or is a link already.
LEFT_ALONE = {"pre", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "a", "script", "style"}
DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")

links: dict[str, str] = {}  # the table's, read at each build (on_config)


def pins() -> dict[str, str]:
    """requirements.txt's versions, by distribution name as it writes them."""
    return dict(re.findall(r"^([\w.-]+)==(\S+)", REQUIREMENTS.read_text(encoding="utf-8"), re.M))


def minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def read_table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def api_links(table: dict, pinned: dict[str, str]) -> dict[str, str]:
    """Every API name of the table -> the URL of its documentation at the pinned version."""
    found = {}
    for library, entry in table.items():
        if library not in pinned:
            log.warning("%s: requirements.txt does not pin %s, whose documentation it links", TABLE.name, library)
            continue
        docs = entry["docs"].format(version=pinned[library], minor=minor(pinned[library]))
        found.update({name: docs + place for name, place in entry["names"].items()})
    return found


def mentioned(code: str, names) -> str | None:
    """The name of `names` that inline code mentions: the longest one it starts with, whole."""
    head = DOTTED_NAME.match(code)
    parts = head[0].split(".") if head else []
    longest_first = (".".join(parts[:n]) for n in range(len(parts), 0, -1))
    return next((name for name in longest_first if name in names), None)


def link_first_mentions(content: str, links: dict[str, str]) -> str:
    """The page's HTML with the first mention of each documented API, in prose, linked."""
    depth, linked = 0, set()  # depth: how many LEFT_ALONE elements the position is in

    def replace(match):
        nonlocal depth
        if match["tag"]:
            if match["tag"].lower() in LEFT_ALONE:
                depth += -1 if match["closing"] else 1
            return match[0]
        name = mentioned(unescape(match["code"]), links)
        if depth or name is None or links[name] in linked:
            return match[0]
        linked.add(links[name])
        return f'<a href="{escape(links[name])}">{match[0]}</a>'

    return TOKEN.sub(replace, content)


def on_config(config):
    links.clear()
    links.update(api_links(read_table(), pins()))
    return config


def on_page_content(html, page, config, files):
    return link_first_mentions(html, links)


if __name__ == "__main__":  # the table's URLs, one a line, for lychee (.github/workflows/hub.yml)
    print("\n".join(sorted(set(api_links(read_table(), pins()).values()))))
