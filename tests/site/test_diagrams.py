"""Hand-drawn diagrams: accessible, self-contained SVG that takes its colours from the page.

Each docs/assets/diagrams/<name>.svg is included inline by exactly one page, as
`--8<-- "docs/assets/diagrams/<name>.svg"` inside `<figure class="diagram">` with a
`<figcaption>`, so that the classes it uses are styled by site.css with Material's
colour variables and follow the light and dark schemes.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.harness.docs import DOCS, REPO, pages

DIAGRAMS = DOCS / "assets" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
INCLUDE = re.compile(r'^\s*--8<--\s+"docs/assets/diagrams/(?P<name>[\w-]+)\.svg"\s*$')
REMOTE = re.compile(r"(?:https?:|//|@import)", re.I)
COLOUR_ATTRIBUTES = ("fill", "stroke", "color", "stop-color", "flood-color", "lighting-color")

# The diagrams the site promises, and the page that explains each idea.
EXPECTED = {
    "perceptron-mlp": "basics/index.md",
    "gradient-descent": "basics/index.md",
    "transformer-block": "intro/architectures.md",
    "timeline": "intro/timeline.md",
    "three-ways-to-generate": "intro/how-models-generate.md",
    "gan-loop": "generation/gan.md",
    "lora-side-path": "project/lora-explained.md",
    "rag-pipeline": "adapting/rag.md",
    "adaptation-ladder": "adapting/index.md",
}


def svg_problems(path: Path) -> list[str]:
    """What makes a diagram unfit to be inlined in a page (empty when nothing)."""
    name, text = path.stem, path.read_text(encoding="utf-8")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    problems = []
    if root.tag != f"{SVG_NS}svg" or not text.lstrip().startswith("<svg"):
        problems.append("must start with the <svg> element (no XML declaration: it is inlined in HTML)")
    if root.get("role") != "img":
        problems.append('the <svg> needs role="img"')
    if not root.get("viewBox"):
        problems.append("the <svg> needs a viewBox, so that it scales to the width of a phone")
    for child in ("title", "desc"):
        element = root.find(f"{SVG_NS}{child}")
        if element is None or not "".join(element.itertext()).strip():
            problems.append(f"the <svg> needs a non-empty <{child}>")
    labelled_by = (root.get("aria-labelledby") or "").split()
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    if not labelled_by or any(i not in ids for i in labelled_by):
        problems.append("aria-labelledby must name the ids of the <title> and <desc>")
    problems += [f'id "{i}" does not start with "{name}-" (ids must be unique on the page)'
                 for i in ids if not i.startswith(f"{name}-")]
    if len(set(ids)) != len(ids):
        problems.append("an id is used twice")
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        for attribute in COLOUR_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and value not in ("none", "currentColor"):
                problems.append(f'<{tag} {attribute}="{value}">: colours come from classes in site.css')
        if element.get("style"):
            problems.append(f"<{tag} style=...>: styles come from classes in site.css")
        if tag == "style":
            problems.append("<style>: styles come from classes in site.css")
        for attribute, value in element.attrib.items():
            if REMOTE.search(value):
                problems.append(f'<{tag} {attribute}="{value}"> refers to another host')
            if attribute in ("href", XLINK_HREF) and not value.startswith("#"):
                problems.append(f'<{tag} {attribute}="{value}"> refers outside the diagram')
            if "url(" in value and not re.fullmatch(r"url\(#[\w-]+\)", value):
                problems.append(f'<{tag} {attribute}="{value}"> refers outside the diagram')
        if element.text and REMOTE.search(element.text) and tag not in ("title", "desc", "text", "tspan"):
            problems.append(f"<{tag}> text refers to another host")
    return problems


def includes() -> dict[str, list[str]]:
    """Diagram name -> pages (relative to docs/) that include it, each inside a captioned figure."""
    found: dict[str, list[str]] = {}
    for page in pages():
        lines = page.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            if match := INCLUDE.match(line):
                found.setdefault(match["name"], []).append(page.relative_to(DOCS).as_posix())
                before = next((l for l in reversed(lines[:index]) if l.strip()), "")
                after = "\n".join(lines[index + 1:]).split("</figure>")[0]
                assert re.match(r'\s*<figure class="diagram">\s*$', before) and "<figcaption>" in after, (
                    f"{page.relative_to(REPO)}:{index + 1}: include a diagram as the first line of "
                    '<figure class="diagram">, followed by a <figcaption>'
                )
    return found


DIAGRAM_FILES = sorted(DIAGRAMS.glob("*.svg"))


def test_the_promised_diagrams_exist():
    assert {p.stem for p in DIAGRAM_FILES} >= set(EXPECTED), "missing: " + ", ".join(
        sorted(set(EXPECTED) - {p.stem for p in DIAGRAM_FILES}))


@pytest.mark.parametrize("diagram", DIAGRAM_FILES, ids=lambda p: p.stem)
def test_diagram_is_accessible_and_self_contained(diagram):
    assert not svg_problems(diagram), f"{diagram.relative_to(REPO)}:\n  " + "\n  ".join(svg_problems(diagram))


@pytest.mark.parametrize("diagram", DIAGRAM_FILES, ids=lambda p: p.stem)
def test_diagram_is_included_by_exactly_one_page(diagram):
    pages_including = includes().get(diagram.stem, [])
    assert len(pages_including) == 1, f"{diagram.relative_to(REPO)} is included by {pages_including or 'no page'}"
    if diagram.stem in EXPECTED:
        assert pages_including == [EXPECTED[diagram.stem]], (
            f"{diagram.stem} belongs on {EXPECTED[diagram.stem]}, not {pages_including[0]}"
        )


def test_every_included_diagram_exists():
    missing = sorted(set(includes()) - {p.stem for p in DIAGRAM_FILES})
    assert not missing, f"pages include diagrams that do not exist: {missing}"


GOOD = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"
 aria-labelledby="x-title x-desc"><title id="x-title">T</title><desc id="x-desc">D</desc>
 <rect class="dg-box" x="1" y="1" width="8" height="8" fill="none"/></svg>"""
BROKEN = {
    "not XML": GOOD.replace("</svg>", ""),
    "no role": GOOD.replace(' role="img"', ""),
    "no title": GOOD.replace('<title id="x-title">T</title>', ""),
    "empty desc": GOOD.replace(">D</desc>", "></desc>"),
    "no viewBox": GOOD.replace(' viewBox="0 0 10 10"', ""),
    "a hard-coded colour": GOOD.replace('fill="none"', 'fill="#000"'),
    "an inline style": GOOD.replace('fill="none"', 'style="fill: black"'),
    "a style sheet": GOOD.replace("<rect", "<style>@import url(x.css);</style><rect"),
    "an image from another host": GOOD.replace("<rect", '<image href="https://example.org/a.png"/><rect'),
    "a protocol-relative link": GOOD.replace("<rect", '<use href="//example.org/s.svg#a"/><rect'),
    "an id without the diagram's prefix": GOOD.replace('class="dg-box"', 'id="box" class="dg-box"'),
    "an XML declaration": '<?xml version="1.0"?>\n' + GOOD,
}


def test_the_check_accepts_a_good_diagram(tmp_path):
    path = tmp_path / "x.svg"
    path.write_text(GOOD)
    assert svg_problems(path) == []


@pytest.mark.parametrize("flaw", BROKEN)
def test_the_check_rejects_a_broken_diagram(tmp_path, flaw):
    path = tmp_path / "x.svg"
    path.write_text(BROKEN[flaw])
    assert svg_problems(path), f"a diagram with {flaw} passed the check"
