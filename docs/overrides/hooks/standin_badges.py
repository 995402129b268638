"""Badge every output that came from an offline stand-in, linked to the stand-in's row.

Which stand-ins an example's outputs came from, its run record says: the hub ids
its last test run loaded (docs/<section>/output/<name>.run.json, written by
tests/harness/measured_runs.py), of which those the registry marks as stand-ins.
An example not measured yet gets no badge. On a page, the admonition that shows
such an output (a snippet of docs/<section>/output/<name>.txt, or a figure
output/<name>.svg) gets, at the end of its title, one badge per stand-in:
"stand-in: gpt2", a link to the row of that id in the table on "Run the examples
offline" (offline.md). A lab page, whose outputs sit in a notebook rather than in
admonitions, gets the badges in a line above the notebook.

The table's rows get their anchors here too (`hub-` and the id, e.g. `hub-gpt2`),
in the built HTML: the table is generated from the registry
(tests/offline_hub, markdown_table), and a change there would rebuild every
machine's stand-ins. A registry id without a row is reported as a warning, which
fails `mkdocs build --strict`, and so does a badge pointing to a missing anchor
(MkDocs validates the links in the titles, against the anchors added here).
"""

import logging
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.utils import get_relative_url

# The registry of stand-ins and the run records live with the tests: read them from the repository.
# MkDocs restores sys.path once a hook is loaded.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.harness import run_records  # noqa: E402
from tests.harness.docs import output_admonitions  # noqa: E402
from tests.offline_hub import REGISTRY, STANDIN_IDS  # noqa: E402

log = logging.getLogger("mkdocs.hooks.standin_badges")

OFFLINE_PAGE = "offline.md"  # includes the registry's table (tests/site/test_offline_hub_table.py)


def row_anchor(hub_id: str) -> str:
    return "hub-" + re.sub(r"[^a-z0-9]+", "-", hub_id.lower()).strip("-")


def used_standins(root: Path, example: str) -> list[str]:
    """The stand-ins that examples/<example>.py (e.g. "basics/trainer") loaded in its last measured run."""
    record = run_records.read(run_records.record_of(root / "examples" / f"{example}.py", root))
    return [hub_id for hub_id in record.hub_ids if hub_id in STANDIN_IDS] if record else []


def on_page_markdown(markdown, page, config, files):
    root = Path(config.config_file_path).parent
    here = posixpath.dirname(page.file.src_uri)
    offline = posixpath.relpath(OFFLINE_PAGE, here or ".")
    lines = markdown.split("\n")
    for admonition in output_admonitions(markdown, here):
        hub_ids = dict.fromkeys(hub_id for example in admonition.examples for hub_id in used_standins(root, example))
        badges = " ".join(f"[stand-in: {hub_id}]({offline}#{row_anchor(hub_id)}){{ .standin-badge }}" for hub_id in hub_ids)
        if badges:
            title = f'"{admonition.title}"'
            lines[admonition.line] = lines[admonition.line].replace(title, f'"{admonition.title} {badges}"')
    return "\n".join(lines)


def row_anchors(html: str) -> tuple[str, set[str]]:
    """The table's rows with an id each, and the ids given; a registry id without a row is reported."""
    given = set()
    for entry in REGISTRY:
        row = re.compile(rf"<tr>(?=\s*<td>[^<]*<code>{re.escape(entry.hub_id)}</code>)")
        html, count = row.subn(f'<tr id="{row_anchor(entry.hub_id)}">', html, count=1)
        if count:
            given.add(row_anchor(entry.hub_id))
        else:
            log.warning("%s: no row of the stand-ins' table names %s", OFFLINE_PAGE, entry.hub_id)
    return html, given


def on_page_content(html, page, config, files):
    if page.file.src_uri == OFFLINE_PAGE:
        html, anchors = row_anchors(html)
        # MkDocs checks links to anchors (validation.anchors) after every page has been rendered.
        page.present_anchor_ids.update(anchors)
    elif page.file.src_uri.endswith(".ipynb"):
        root = Path(config.config_file_path).parent
        if hub_ids := used_standins(root, page.file.src_uri.removesuffix(".ipynb")):
            offline = files.get_file_from_path(OFFLINE_PAGE).url
            links = " ".join(
                f'<a class="standin-badge" href="{get_relative_url(offline, page.url)}#{row_anchor(hub_id)}">stand-in: {hub_id}</a>'
                for hub_id in hub_ids
            )
            html = f"<p>This notebook's outputs come from offline stand-ins: {links}</p>\n{html}"
    return html
