"""What the pages include: fenced code blocks and snippet lines in docs/*.md."""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.harness.paths import DOCS, REPO

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)[ \t]*(?P<lang>[\w+-]*)")
SNIPPET = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"(?P<title>[^"]*)")?')


@dataclass
class Block:
    page: Path
    line: int
    lang: str
    body: list[str]
    admonition_title: str | None  # title of the admonition the block sits in, if any


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def page_url(page: Path) -> str:
    """The built page of docs/<...>.md, e.g. 'adapting/comparison/' (directory URLs)."""
    path = page.relative_to(DOCS).with_suffix("")
    folder = path.parent if path.name == "index" else path
    return "" if folder == Path(".") else folder.as_posix() + "/"


def blocks(page: Path) -> list[Block]:
    found, lines = [], page.read_text().splitlines()
    admonition = None  # (indent, title)
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip():
            indent = len(line) - len(line.lstrip())
            if admonition and indent <= admonition[0]:
                admonition = None
            if match := ADMONITION.match(line):
                admonition = (len(match["indent"]), match["title"] or "")
        if match := FENCE.match(line):
            closing = match["indent"] + match["fence"]
            end = index + 1
            while end < len(lines) and not lines[end].startswith(closing):
                end += 1
            title = admonition[1] if admonition else None
            found.append(Block(page, index + 1, match["lang"], lines[index + 1 : end], title))
            index = end
        index += 1
    return found


# An example's outputs as a page shows them: its text included, its figures linked from output/.
OUTPUT_TEXT = re.compile(r'--8<--\s+"docs/(?P<section>[\w-]+)/output/(?P<name>\w+)\.txt"')
OUTPUT_FIGURE = re.compile(r"\]\(output/(?P<name>\w+)(?:-\d+)?(?:\.dark)?\.svg")


@dataclass
class OutputAdmonition:
    line: int  # index of its first line in the page
    title: str
    examples: list[str]  # "<section>/<name>" of each example whose output it shows, in order


def output_admonitions(text: str, section: str) -> list[OutputAdmonition]:
    """The admonitions of a page (of docs/<section>/) that show examples' outputs, each output counted in its innermost one."""
    found, open_admonitions = {}, []  # open_admonitions: (indent, line index) of those the line sits in
    for index, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        while open_admonitions and open_admonitions[-1][0] >= indent:
            open_admonitions.pop()
        if match := ADMONITION.match(line):
            open_admonitions.append((indent, index))
            found[index] = OutputAdmonition(index, match["title"] or "", [])
        elif open_admonitions:
            shown = [f"{m['section']}/{m['name']}" for m in OUTPUT_TEXT.finditer(line)]
            shown += [f"{section}/{m['name']}" for m in OUTPUT_FIGURE.finditer(line)]
            found[open_admonitions[-1][1]].examples.extend(shown)
    return [admonition for admonition in found.values() if admonition.examples]


def snippet_includes(block: Block) -> list[re.Match]:
    return [m for line in block.body if (m := SNIPPET.match(line))]


def sections(source: Path) -> set[str]:
    return set(re.findall(r"--8<-- \[start:([\w-]+)\]", source.read_text()))


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml uses tags such as !relative and !ENV; what the tests read needs none of them."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def mkdocs_config(text: str | None = None) -> dict:
    """mkdocs.yml (or `text`, a copy of it) as data."""
    return yaml.load(text if text is not None else (REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def nav_files(entry) -> list[str]:
    """Every file a nav entry lists, in order."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [f for value in entry.values() for f in nav_files(value)]
    if isinstance(entry, list):
        return [f for item in entry for f in nav_files(item)]
    return []


def outside_code(text: str) -> list[tuple[int, str]]:
    """(index, line) of every line of a page outside its fenced code blocks, fences excluded."""
    kept, fence = [], None
    for index, line in enumerate(text.splitlines()):
        if match := FENCE.match(line):
            closing = match["indent"] + match["fence"]
            fence = None if fence and line.startswith(fence) else (fence or closing)
        elif fence is None:
            kept.append((index, line))
    return kept
