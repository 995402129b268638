"""A glossary term carries its hover definition once per page: at its first use.

The `abbr` extension wraps every use of a term of docs/includes/glossary.md in
`<abbr title="definition">`, and Material's content.tooltips gives each one a
tooltip. On a long page that is a hundred tooltips, most for a term the reader has
just seen defined, and mounting them costs a phone about as much main-thread time
as the rest of the page's script (measured with `python -m tests.tools.lighthouse`).
A term is defined at its first use on the page, as a textbook does; its later uses
stay plain text, and docs/glossary.md lists every term with its definition.

That first use also takes keyboard focus (tabindex="0"), where Material shows the
same tooltip as on hover: an `<abbr>` is not focusable by itself.
"""

import re

ABBR = re.compile(r'<abbr (?P<title>title="[^"]*")>(?P<term>[^<]*)</abbr>')


def first_use_only(html: str) -> str:
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        term = match["term"]
        if term in seen:
            return term
        seen.add(term)
        return f'<abbr tabindex="0" {match["title"]}>{term}</abbr>'

    return ABBR.sub(keep_first, html)


def on_page_content(html, page, config, files):
    return first_use_only(html)
