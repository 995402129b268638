"""Say how long each example runs, from the run records the tests write.

The test run measures every example and lab and keeps a record next to its
outputs, docs/<section>/output/<name>.run.json (tests/harness/measured_runs.py).
From those records:
- each example a page shows gets a line right above its whole-file listing
  (`??? abstract "examples/..."`), "It runs in about 10 s on 2 CPU cores", and a
  lab page the same line above its notebook. The figure is coarse (`about`) so
  that noise does not change the page;
- the page docs/run-times.md gets, in place of its line RUN_TIMES_TABLE, the
  table of every example: time, memory, hub ids and data files, slowest first.
An example without a record (not measured yet) gets no line, and its row says so.
"""

import logging
import math
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.utils import get_relative_url

# The record format lives with the tests that write it: read it from the repository.
# MkDocs restores sys.path once a hook is loaded.
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.harness import run_records  # noqa: E402
from tests.offline_hub import STANDIN_IDS  # noqa: E402

log = logging.getLogger("mkdocs.hooks.run_times")

RUN_TIMES_PAGE = "run-times.md"
RUN_TIMES_TABLE = "<!-- run-times table -->"  # replaced by the table
LISTING = re.compile(r'^(?P<indent>[ \t]*)\?\?\?\+? abstract "(?P<path>examples/[^"]+\.py)"[ \t]*$', re.M)


# The durations a page may say, about evenly spaced on a log scale: a figure moves
# to the next one only when a run gets about a third slower or faster.
STEPS = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 450, 600, 900, 1200, 1800, 2700, 3600)


def about(seconds: float) -> str:
    """A duration as a page says it: "under a second", "about 15 s", "about 1.5 min"."""
    if seconds < 1:
        return "under a second"
    nearest = min(STEPS, key=lambda step: abs(math.log(seconds / step)))
    return f"about {nearest} s" if nearest < 60 else f"about {nearest / 60:g} min"


def sentence(record: run_records.RunRecord) -> str:
    duration = about(record.seconds)
    return f"It runs in {duration} on {record.cpu_cores} CPU core{'s' if record.cpu_cores != 1 else ''}"


def record(root: Path, example: str) -> run_records.RunRecord | None:
    return run_records.read(run_records.record_of(root / example, root))


def shown_on(files) -> dict[str, str]:
    """examples/<section>/<name>.py -> the page that shows it: its whole-file listing, or its lab notebook."""
    pages = {}
    for page in files.documentation_pages():
        if page.src_uri.endswith(".ipynb"):
            pages[f"examples/{page.src_uri.removesuffix('.ipynb')}.py"] = page.src_uri
        else:
            pages.update({m["path"]: page.src_uri for m in LISTING.finditer(page.content_string)})
    return pages


def row(example: str, found: run_records.RunRecord | None, pages: dict[str, str]) -> str:
    name = f"`{example.removeprefix('examples/')}`"
    link = f"[{name}]({pages[example]})" if example in pages else name
    if found is None:
        return f"| {link} | not measured yet | | | | |"
    seconds = "under 0.1 s" if found.seconds < 0.1 else f"{found.seconds:g} s"
    memory = {None: "not measured", 0: "under 1 MiB"}.get(found.peak_memory_mib, f"{found.peak_memory_mib} MiB")
    hub_ids = ", ".join(f"`{hub_id}`" + (" (stand-in)" if hub_id in STANDIN_IDS else "") for hub_id in found.hub_ids)
    data = ", ".join(f"`{name}`" for name in found.data_files)
    return f"| {link} | {seconds} | {found.cpu_cores} | {memory} | {hub_ids} | {data} |"


def table(root: Path, pages: dict[str, str]) -> str:
    """Every example's row, slowest first, then those not measured yet."""
    found = run_records.by_example(root)
    measured = sorted((example for example in found if found[example]), key=lambda example: -found[example].seconds)
    waiting = [example for example in found if not found[example]]
    lines = ["| Example | Time | Cores | Memory added | Models and datasets | Data files |", "| --- | --: | --: | --: | --- | --- |"]
    lines += [row(example, found[example], pages) for example in measured + waiting]
    total = sum(found[example].seconds for example in measured)
    return "\n".join(lines) + f"\n\n{len(measured)} of {len(found)} examples measured, {total:.0f} s in all.\n"


def on_page_markdown(markdown, page, config, files):
    root = Path(config.config_file_path).parent
    here = posixpath.dirname(page.file.src_uri) or "."
    if page.file.src_uri == RUN_TIMES_PAGE:
        if RUN_TIMES_TABLE not in markdown:
            log.warning("%s has no line %s for the table of run times", RUN_TIMES_PAGE, RUN_TIMES_TABLE)
        return markdown.replace(RUN_TIMES_TABLE, table(root, shown_on(files)))
    link = posixpath.relpath(RUN_TIMES_PAGE, here)

    def with_run_time(listing):
        found = record(root, listing["path"])
        if found is None:
            return listing[0]
        return f"{listing['indent']}{sentence(found)} ([all run times]({link})).\n\n{listing[0]}"

    return LISTING.sub(with_run_time, markdown)


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    root = Path(config.config_file_path).parent
    found = record(root, f"examples/{page.file.src_uri.removesuffix('.ipynb')}.py")
    if found is None:
        return html
    link = get_relative_url(files.get_file_from_path(RUN_TIMES_PAGE).url, page.url)
    return f'<p>{sentence(found)} (<a href="{link}">all run times</a>).</p>\n{html}'
