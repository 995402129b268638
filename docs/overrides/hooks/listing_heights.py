"""Each highlighted listing says how many lines it has, so that the browser can keep its place.

site.css lets the browser skip styling and laying out a listing while it is off
screen (content-visibility), in its place a box of the height that
`contain-intrinsic-size` gives. With one height for every listing, a link to a
section landed off its heading: the listing above it, drawn once the reader was
there, grew from the guess to its real height and pushed the heading down
(tests/browser/test_features.py). With its number of lines, `--lines`, the guess
is the listing's height: exactly for Material's listings in the page's type, to a
few pixels in smaller type and in a notebook's listings, whose styles differ.
"""

import re

LISTING = re.compile(r'(<div class="[^"]*\bhighlight\b[^"]*")([^>]*>)(.*?</pre>)', re.S)
TAG = re.compile(r"<[^>]+>")


def line_count(listing: str) -> int:
    return len(TAG.sub("", listing).rstrip("\n").split("\n"))


def with_line_counts(html: str) -> str:
    return LISTING.sub(lambda m: f'{m[1]} style="--lines: {line_count(m[3])}"{m[2]}{m[3]}', html)


def on_page_content(html, page, config, files):
    return with_line_counts(html)
