"""Every code listing can take the keyboard's focus before Material has set it up.

Material sets up a code block (its copy button, and `tabindex="0"` if its lines are
wider than the block, so that a keyboard can scroll it) only when the block first
comes into view (the `content.lazy` feature in mkdocs.yml). A listing further down
the page would be a scrollable region that no key can reach until then (axe:
scrollable-region-focusable). Each listing's <code> starts focusable; Material takes
the attribute off again once it sees that the block does not scroll.
"""

import re

LISTING_CODE = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?<code)(?=[\s>])(?![^>]*\btabindex=)")


def focusable_listings(html: str) -> str:
    return LISTING_CODE.sub(r'\1 tabindex="0"', html)


def on_page_content(html, page, config, files):
    return focusable_listings(html)
