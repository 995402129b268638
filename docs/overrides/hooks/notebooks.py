"""Make mkdocs-jupyter's notebook pages self-contained and light.

mkdocs-jupyter (via nbconvert's lab template) puts into every notebook page:
- a MathJax loader (`<script src="">` once `custom_mathjax_url` is empty, a CDN
  URL otherwise) and its `text/x-mathjax-config` block: removed, the math hook
  renders the notebook's math to MathML at build time instead;
- a module script that imports Mermaid from a CDN when the page has a Mermaid
  diagram: removed; a notebook with a Mermaid diagram is reported (it would need
  a vendored Mermaid, which this site does not ship);
- about 600 kB of inline JupyterLab CSS, nearly all of it for widgets the static
  page never shows: pruned to the rules whose classes occur on the page and the
  custom properties those rules use (a few tens of kB), less its `::selection`
  rules (SELECTION: costly on a phone).
Each figure a notebook's kernel drew (a PNG on white) is shown twice, like every
figure on the site: as drawn with `#only-light`, and a dark rendering made here
with `#only-dark` (lightness inverted, hues kept, white mapped to the dark
scheme's page colour), so Material shows the one that fits the scheme. Both are
files next to the page, not base64 in it: a figure inlined twice made the largest
notebook page 142 kB on the wire instead of 19 kB, and a phone's first paint waited
for all of it (Lighthouse, mobile: first contentful paint 1.8 s -> 1.2 s). Each
<img> says its size, so nothing moves when it arrives, and loads lazily, so the
twin that the scheme hides is never fetched.
Anything left that would load from another host is reported as a warning, which
fails `mkdocs build --strict`.
"""

import base64
import functools
import hashlib
import io
import logging
import re
from pathlib import Path

import numpy as np
import tinycss2
from matplotlib.colors import hsv_to_rgb, rgb_to_hsv
from PIL import Image

log = logging.getLogger("mkdocs.hooks.notebooks")

STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
ATTRIBUTE_NAME = re.compile(r"\s([\w-]+)=")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
NOT = re.compile(r":not\([^()]*\)")
VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|import\(\s*["'](?:https?:)?//|@import""", re.I)


def is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def _drop_scripts(content: str, page) -> str:
    def keep(match):
        attrs, body = match["attrs"], match["body"]
        if re.search(r'\bsrc=""', attrs) or "text/x-mathjax-config" in attrs:
            return ""  # MathJax: the math hook renders the math at build time
        if "mermaid" in body and "import(" in body:
            if 'class="jp-Mermaid' in content:
                log.warning("%s: has a Mermaid diagram, which needs a script from another host", page.file.src_uri)
            return ""
        if "require.js" in attrs or "requirejs" in attrs:
            return ""
        return match[0]

    content = SCRIPT.sub(keep, content)
    return re.sub(r"<!--\s*(?:Load mathjax|MathJax configuration|End of mathjax configuration)\s*-->", "", content)


ATTRIBUTE_IN_SELECTOR = re.compile(r"\[\s*([\w-]+)")
# `.jupyter-wrapper :root` or `.jupyter-wrapper body` can never match: the wrapper is inside <body>.
ROOT_INSIDE = re.compile(r"\S\s+(?::root|html|body)\b")


# JupyterLab colours selected text with `.jupyter-wrapper ::selection`: a rule for every
# element of the notebook, for which the browser then computes a selection style at
# load. On the largest notebook page that was a quarter of a phone's style work
# (measured in Chromium with 4x CPU throttling, median of 5: 1.33 s -> 0.98 s). Selected text keeps
# the browser's colours instead.
SELECTION = re.compile(r"::(?:-moz-)?selection\b")


def _selector_used(selector: str, classes: set[str], attributes: set[str]) -> bool:
    selector = NOT.sub("", selector)
    return (
        not ROOT_INSIDE.search(selector)
        and not SELECTION.search(selector)
        and all(name in classes for name in CLASS_IN_SELECTOR.findall(selector))
        and all(name in attributes for name in ATTRIBUTE_IN_SELECTOR.findall(selector))
    )


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [part for part in parts if part]


def _index_rules(rules) -> tuple:
    """The rules as what pruning needs, worked out once per stylesheet: a rule's selectors
    and its block, an at-rule's head and its inner rules, or text kept as it is."""
    index = []
    for rule in rules:
        if rule.type == "qualified-rule":
            index.append(("rule", _split_selectors(tinycss2.serialize(rule.prelude)), tinycss2.serialize(rule.content).strip()))
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            if keyword in ("media", "supports", "layer", "container") and rule.content is not None:
                inner = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                index.append(("group", f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}", _index_rules(inner)))
            elif keyword in ("keyframes", "font-face"):
                index.append(("verbatim", tinycss2.serialize([rule])))
            # @charset and @import are dropped: the CSS is inline, and nothing is imported from elsewhere
    return tuple(index)


def _prune_rules(index: tuple, classes: set[str], attributes: set[str]) -> list[str]:
    kept = []
    for kind, *parts in index:
        if kind == "rule":
            selectors, block = parts
            if used := [s for s in selectors if _selector_used(s, classes, attributes)]:
                kept.append(", ".join(used) + "{" + block + "}")
        elif kind == "group":
            head, inner_index = parts
            if inner := _prune_rules(inner_index, classes, attributes):
                kept.append(f"{head}{{{''.join(inner)}}}")
        else:
            kept.append(parts[0])
    return kept


def _drop_unused_properties(css: str) -> str:
    """Remove custom-property declarations (`--x: ...;`) that no kept rule uses, transitively."""
    declarations = re.compile(r"(?<=[{;])\s*(--[\w-]+)\s*:([^;{}]*)(;|(?=}))")
    values = {}
    for name, value, _ in declarations.findall(css):
        values.setdefault(name, []).append(value)
    used = set(VAR_USE.findall(declarations.sub("", css)))
    frontier = list(used)
    while frontier:
        for value in values.get(frontier.pop(), []):
            for name in VAR_USE.findall(value):
                if name not in used:
                    used.add(name)
                    frontier.append(name)
    css = declarations.sub(lambda m: m[0] if m[1] in used else "", css)
    return re.sub(r"[^{};]+\{\s*\}", "", css)  # rules left empty


@functools.lru_cache(maxsize=8)
def _stylesheet(css: str) -> tuple:
    """One style element's rules, parsed and indexed once per build: every notebook page inlines the same 600 kB of JupyterLab's."""
    return _index_rules(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))


def prune_css(stylesheets: list[str], html: str) -> str:
    classes = {name for attr in CLASS_ATTR.findall(html) for name in attr.split()}
    # Material sets data-md-color-scheme on <body> at run time; keep the dark-scheme rules.
    attributes = set(ATTRIBUTE_NAME.findall(html)) | {"data-md-color-scheme"}
    index = tuple(entry for css in stylesheets for entry in _stylesheet(css))
    return _drop_unused_properties("".join(_prune_rules(index, classes, attributes)))


def _slim_styles(content: str, page_html: str) -> str:
    styles = [m for m in STYLE.finditer(content)]
    if not styles:
        return content
    # nbconvert also prints a Python list of the Pygments CSS into a style element: skip it.
    pruned = prune_css([m[1] for m in styles if not m[1].lstrip().startswith("[")], page_html)
    content = STYLE.sub("", content)
    return f'<style class="notebook-css">{pruned}</style>\n{content}'


def _accessible(content: str) -> str:
    # Code cells scroll sideways when a line is long: a scrollable region must be
    # reachable with the keyboard (axe: scrollable-region-focusable), as Material
    # does for its own code blocks.
    content = re.sub(r'<div class="highlight-ipynb\b', '<div tabindex="0" class="highlight-ipynb', content)
    content = re.sub(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*>\s*<pre)>', r'\1 tabindex="0">', content)
    # pandas leaves the corner cell of a DataFrame's header empty: a header cell
    # without text (axe: empty-table-header); an empty data cell says the same.
    return re.sub(r"<th>\s*</th>", "<td></td>", content)


PNG_IMAGE = re.compile(r'<img (?P<before>[^>]*?)src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"(?P<after>[^>]*)>')
# The dark scheme's page colour and text colour (Material's slate): where white and black go.
SLATE_PAGE = np.array([0x1E, 0x21, 0x29]) / 255
SLATE_TEXT = np.array([0xBF, 0xC1, 0xC7]) / 255


def dark_rendering(png: bytes) -> bytes:
    """The figure with its lightness inverted and its hues kept: white page, black text become slate, light grey."""
    rgba = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=float) / 255
    hsv = rgb_to_hsv(1 - rgba[..., :3])
    hsv[..., 0] = (hsv[..., 0] + 0.5) % 1  # inverting turned every hue half-way round: turn it back
    rgb = SLATE_PAGE + hsv_to_rgb(hsv) * (SLATE_TEXT - SLATE_PAGE)
    out = io.BytesIO()
    Image.fromarray((np.dstack([rgb, rgba[..., 3:]]) * 255).round().astype(np.uint8)).save(out, format="PNG")
    return out.getvalue()


def _figure_files(content: str, folder: Path) -> str:
    """Each inlined PNG written to `folder` as drawn and as its dark rendering, the <img>s pointing at them."""

    def image(before: str, png: bytes, scheme: str, after: str) -> str:
        name = f"figure-{hashlib.sha256(png).hexdigest()[:16]}.png"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(png)
        width, height = Image.open(io.BytesIO(png)).size
        return f'<img {before}src="{name}#only-{scheme}" width="{width}" height="{height}" loading="lazy"{after}>'

    def pair(match):
        drawn = base64.b64decode(match["data"])
        return (image(match["before"], drawn, "light", match["after"])
                + image(match["before"], dark_rendering(drawn), "dark", match["after"]))

    return PNG_IMAGE.sub(pair, content)


def on_page_content(html, page, config, files):
    if not is_notebook(page):
        return html
    html = _drop_scripts(html, page)
    html = _accessible(html)
    html = _figure_files(html, Path(config["site_dir"]) / Path(page.file.dest_uri).parent)
    # The page's classes as a whole: Material's own markup around the notebook counts too.
    html = _slim_styles(html, html)
    for match in REMOTE.finditer(html):
        context = html[max(0, match.start() - 60) : match.end() + 60].replace("\n", " ")
        log.warning("%s: loads something from another host: ...%s...", page.file.src_uri, context)
    return html


def on_page_context(context, page, config, nav):
    if is_notebook(page):
        # include_source copies the .ipynb next to the page; templates link it by name.
        page.meta.setdefault("notebook_download", page.file.src_uri.rsplit("/", 1)[-1])
    return context
