"""Render the pages' math with KaTeX at build time: no math script, no CDN.

pymdownx.arithmatex (generic mode) leaves `$...$` as
`<span class="arithmatex">\\(...\\)</span>` and `$$...$$` as
`<div class="arithmatex">\\[...\\]</div>`; notebook pages (mkdocs-jupyter) leave
`$...$` and `$$...$$` as text in their markdown cells. This hook runs KaTeX (the
vendored katex.min.js, in an embedded V8 from the mini-racer package) over both,
so the browser gets finished HTML plus MathML for screen readers. Pages with
math link the vendored KaTeX stylesheet and fonts (docs/assets/katex/); pages
without math load nothing more.

An expression KaTeX cannot parse is reported as a warning naming the page, so
`mkdocs build --strict` fails instead of showing raw LaTeX.
"""

import atexit
import html
import json
import logging
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.math")

KATEX_JS = Path(__file__).parents[1] / "katex" / "katex.min.js"
KATEX_CSS = "assets/katex/katex.min.css"
# Fonts nearly every formula uses, fetched with the stylesheet rather than after it:
# KaTeX's main font (digits, operators) and, when a page has italic variables
# (class "mathnormal"), the math italic.
KATEX_PRELOAD = {"katex-html": "assets/katex/fonts/KaTeX_Main-Regular.woff2",
                 "mathnormal": "assets/katex/fonts/KaTeX_Math-Italic.woff2"}

ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>',
    re.S,
)
NOTEBOOK_MARKDOWN = re.compile(r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.S)
CODE = re.compile(r"(<(code|pre)\b.*?</\2>)", re.S)
DISPLAY_DOLLARS = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_DOLLARS = re.compile(r"(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?![\w$])")

# Errors come back as values: a JavaScript exception crossing into Python can
# leave mini-racer's thread hanging at interpreter exit.
RENDER_JS = """
function renderMath(tex, displayMode) {
  try {
    return JSON.stringify({html: katex.renderToString(tex, {displayMode: displayMode, throwOnError: true, output: "htmlAndMathml"})});
  } catch (error) {
    return JSON.stringify({error: String(error && error.message || error)});
  }
}
"""


class MathError(ValueError):
    pass


class KaTeX:
    """One V8 context with KaTeX loaded, opened on first use and closed after the build."""

    _context = None

    @classmethod
    def render(cls, latex: str, display: bool) -> str:
        if cls._context is None:
            from py_mini_racer import MiniRacer

            cls._context = MiniRacer()
            atexit.register(cls.close)
            cls._context.eval(KATEX_JS.read_text(encoding="utf-8"))
            cls._context.eval(RENDER_JS)
        result = json.loads(cls._context.call("renderMath", latex, display))
        if "error" in result:
            raise MathError(result["error"])
        return result["html"]

    @classmethod
    def close(cls):
        if cls._context is not None:
            cls._context.close()
            cls._context = None


def to_html(latex: str, display: bool) -> str:
    """KaTeX's HTML and MathML for one expression (LaTeX as written, not HTML-escaped)."""
    return KaTeX.render(latex.strip(), display)


def _render(escaped_latex: str, display: bool, errors: list) -> str:
    latex = html.unescape(escaped_latex)
    try:
        return to_html(latex, display)
    except MathError as error:
        errors.append(f"cannot render {latex.strip()!r}: {error}")
        return html.escape(latex)


def render_arithmatex(content: str, errors: list) -> str:
    def replace(match):
        display = match["block"] is not None
        rendered = _render(match["block"] if display else match["inline"], display, errors)
        tag = match["tag"]
        return f'<{tag} class="arithmatex">{rendered}</{tag}>'

    return ARITHMATEX.sub(replace, content)


def render_notebook_markdown(content: str, errors: list) -> str:
    def in_text(text):
        out = []
        # CODE.split yields text, code, tag name, text, ...: leave code and pre alone.
        for index, part in enumerate(CODE.split(text)):
            if index % 3 == 0:
                part = DISPLAY_DOLLARS.sub(lambda m: f'<span class="arithmatex">{_render(m[1], True, errors)}</span>', part)
                part = INLINE_DOLLARS.sub(lambda m: f'<span class="arithmatex">{_render(m[1], False, errors)}</span>', part)
                out.append(part)
            elif index % 3 == 1:
                out.append(part)
        return "".join(out)

    return NOTEBOOK_MARKDOWN.sub(lambda m: m[1] + in_text(m[2]) + m[3], content)


def on_page_content(html_content, page, config, files):
    errors = []
    if "arithmatex" in html_content:
        html_content = render_arithmatex(html_content, errors)
    if "jp-RenderedMarkdown" in html_content:
        html_content = render_notebook_markdown(html_content, errors)
    for error in errors:
        log.warning("%s: %s", page.file.src_uri, error)
    return html_content


def on_post_page(output, page, config):
    if 'class="katex' in output:
        links = [
            f'<link rel="preload" href="{get_relative_url(font, page.url)}" as="font" type="font/woff2" crossorigin>'
            for marker, font in KATEX_PRELOAD.items() if marker in output
        ]
        links.append(f'<link rel="stylesheet" href="{get_relative_url(KATEX_CSS, page.url)}">')
        output = output.replace("</head>", "\n".join(links) + "\n</head>", 1)
    return output


def on_post_build(config):
    KaTeX.close()


def on_build_error(error):
    KaTeX.close()
