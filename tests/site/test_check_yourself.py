"""Every main page ends with "Check yourself": 2 to 4 folded questions, each with an answer."""

import re

import pytest

from tests.harness.docs import DOCS, mkdocs_config, nav_files, outside_code

HEADING = "## Check yourself"
QUESTION = re.compile(r'^\?\?\?\+?\s+question\s+"(?P<title>[^"]*)"\s*$')
# Home, the section index pages, "Run the examples offline", "Run times", the glossary
NOT_MAIN = {"index.md", "offline.md", "run-times.md", "glossary.md"}


def main_pages() -> list[str]:
    nav = mkdocs_config()["nav"]
    return [f for f in nav_files(nav) if f.endswith(".md") and f.rsplit("/", 1)[-1] not in NOT_MAIN]


def headings(lines: list[str]) -> list[int]:
    """Indices of level-2 headings, skipping fenced code."""
    return [index for index, line in outside_code("\n".join(lines)) if line.startswith("## ")]


def problems(text: str) -> list[str]:
    """What is wrong with a page's "Check yourself" section (empty when nothing)."""
    lines = text.splitlines()
    level_2 = headings(lines)
    starts = [i for i in level_2 if lines[i].strip() == HEADING]
    if not starts:
        return [f"no '{HEADING}' section"]
    if level_2[-1] != starts[-1]:
        return [f"'{HEADING}' is not the last section of the page"]
    section = lines[starts[-1] + 1 :]
    questions = [i for i, line in enumerate(section) if line.startswith("???")]
    found = []
    for number, start in enumerate(questions):
        match = QUESTION.match(section[start])
        if not match:
            found.append(f"not a '??? question \"...\"' block: {section[start]!r}")
            continue
        end = questions[number + 1] if number + 1 < len(questions) else len(section)
        answer = [line for line in section[start + 1 : end] if line.strip()]
        if not match["title"].strip():
            found.append("a question without a title")
        if not answer or any(not line.startswith("    ") for line in answer):
            found.append(f"question {match['title']!r} has no folded answer (indented under it)")
    if not 2 <= len(questions) <= 4:
        found.append(f"{len(questions)} questions, expected 2 to 4")
    return found


def test_the_nav_lists_the_main_pages():
    pages = main_pages()
    assert len(pages) >= 20 and "basics/pytorch.md" in pages and "intro/index.md" not in pages


@pytest.mark.parametrize("page", main_pages())
def test_page_ends_with_check_yourself(page):
    assert not (found := problems((DOCS / page).read_text())), f"docs/{page}: " + "; ".join(found)


GOOD = '# A page\n\nText.\n\n## Check yourself\n\n??? question "Why?"\n\n    Because.\n\n??? question "How?"\n\n    So.\n'


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# A page\n\nText without questions.\n", "no '## Check yourself' section"),
        (GOOD.replace('??? question "How?"\n\n    So.\n', ""), "1 questions, expected 2 to 4"),
        (GOOD + '\n??? question "A"\n\n    a\n' * 3, "5 questions, expected 2 to 4"),
        (GOOD.replace("    So.\n", ""), "has no folded answer"),
        (GOOD.replace("    So.", "So."), "has no folded answer"),
        (GOOD.replace("??? question", "??? note", 1), "not a '??? question"),
        (GOOD + "\n## The whole file\n", "is not the last section"),
    ],
    ids=["no-section", "one-question", "five-questions", "empty-answer", "unfolded-answer", "not-a-question", "not-last"],
)
def test_the_check_fails_on_a_bad_page(tmp_path, text, expected):
    page = tmp_path / "page.md"
    page.write_text(text)
    assert any(expected in problem for problem in problems(page.read_text())), problems(page.read_text())
    assert problems(GOOD) == []
