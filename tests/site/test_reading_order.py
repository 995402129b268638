"""The reading order of the notes (issue 12, item 5).

- The runnable generation pages (docs/generation/) sit in section 1 of the nav,
  right after "How generative models learn and generate"; the labs (docs/labs/)
  sit in section 2.
- Section 1's overview stays conceptual: the formulas live on the generation
  pages that run them, each in one place.
- A link to a page of a later section says that it points ahead.
"""

import re
from pathlib import Path, PurePosixPath

import pytest

from tests.harness.docs import DOCS, mkdocs_config, nav_files, outside_code

OVERVIEW = "intro/how-models-generate.md"

# LaTeX that belongs on the generation pages, not on the overview: the VAE loss and
# ELBO, the DDPM forward process and loss, the GAN game, the next-token cross-entropy.
FORMULA_MARKERS = (
    r"\mathrm{KL}", r"\mathcal{L}", "ELBO", "q(x_t", "q_\\phi", r"\bar\alpha", r"\beta_t",
    r"\epsilon_\theta", r"\mathbb{E}", r"\prod", r"\min_G", r"\log p_\theta",
)

# Each moved formula lives on exactly one page: the one that runs it.
FORMULA_HOMES = {
    r"\mathrm{KL}\big(q_\phi(z \mid x)": "generation/latent-decoding.md",
    r"q(x_t \mid x_{t-1})": "generation/diffusion.md",
    r"\mathcal{L}_{\text{diffusion}}": "generation/diffusion.md",
    r"\min_G \max_D": "generation/gan.md",
    r"\mathcal{L}(\theta) = -\sum": "generation/sampling.md",
    r"\prod_{t=1}^{n} p_\theta(x_t \mid x_{<t})": "generation/sampling.md",
}

AHEAD = re.compile(r"\b(later|ahead|further on|next section|section [1-9]|afterwards)\b", re.I)
LINK = re.compile(r"\]\((?P<target>[^)\s#]+\.(?:md|ipynb))(?:#[^)]*)?\)")


def sections(nav: list) -> dict[int, list[str]]:
    """The numbered top-level sections ("1. Introduction ...") and their files, in nav order."""
    found = {}
    for entry in nav:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if match := re.match(r"\s*(\d+)\.", str(title)):
                    found[int(match[1])] = nav_files(value)
    return found


def placement_problems(nav: list) -> list[str]:
    """Where the generation pages and the labs are not where the reading order puts them."""
    found = []
    parts = sections(nav)
    one, two = parts.get(1, []), parts.get(2, [])
    generation = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "generation").glob("*.md"))
    labs = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "labs").iterdir() if p.suffix in {".md", ".ipynb"})
    found += [f"{page} is not in section 1" for page in generation if page not in one]
    found += [f"{page} is not in section 2" for page in labs if page not in two]
    if OVERVIEW in one and "generation/index.md" in one:
        after = one.index(OVERVIEW) + 1
        if one[after : after + len(generation)] != ["generation/index.md"] + [p for p in one if p in generation and p != "generation/index.md"]:
            found.append(f"the generation pages do not follow {OVERVIEW} directly")
    elif OVERVIEW not in one:
        found.append(f"{OVERVIEW} is not in section 1")
    return found


def prose(text: str) -> str:
    """The page without its fenced code blocks."""
    return "\n".join(line for _, line in outside_code(text))


def formula_problems(text: str) -> list[str]:
    """The mathematics an overview page should leave to the generation pages."""
    body = prose(text)
    found = [f"formula marker {marker!r}" for marker in FORMULA_MARKERS if marker in body]
    if "$$" in body:
        found.append("display math ($$ ... $$)")
    return found


def unannounced_forward_links(page: str, text: str, nav: list) -> list[str]:
    """Links to a later *section* whose paragraph does not say that it points ahead."""
    found = []
    section_of = {file: number for number, files in sections(nav).items() for file in files}
    if page not in section_of:
        return found
    for paragraph in re.split(r"\n\s*\n", prose(text)):
        for match in LINK.finditer(paragraph):
            target = PurePosixPath(page).parent / match["target"]
            target = str(PurePosixPath(*_normalise(target.parts)))
            if section_of.get(target, 0) > section_of[page] and not AHEAD.search(paragraph):
                found.append(f"{page} links ahead to {target} without saying so: {paragraph.strip()[:120]!r}")
    return found


def _normalise(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out


def test_generation_pages_in_section_1_and_labs_in_section_2():
    assert not (found := placement_problems(mkdocs_config()["nav"])), "; ".join(found)


def test_the_overview_leaves_the_formulas_to_the_generation_pages():
    text = (DOCS / OVERVIEW).read_text()
    assert not (found := formula_problems(text)), f"docs/{OVERVIEW}: " + "; ".join(found)
    assert '--8<-- "docs/assets/diagrams/three-ways-to-generate.svg"' in text


@pytest.mark.parametrize("formula, home", FORMULA_HOMES.items(), ids=FORMULA_HOMES.values())
def test_each_moved_formula_lives_in_one_place(formula, home):
    holders = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if formula in p.read_text())
    assert holders == [home], f"{formula!r} is on {holders}, expected only on {home}"


def test_links_to_a_later_section_say_so():
    nav = mkdocs_config()["nav"]
    found = [problem for file in nav_files(nav) if file.endswith(".md")
             for problem in unannounced_forward_links(file, (DOCS / file).read_text(), nav)]
    assert not found, "\n".join(found)


# The checks can fail: the nav and the overview as they were before the move.

OLD_NAV = [
    {"Home": "index.md"},
    {"1. Introduction to generative AI": ["intro/index.md", {"How": OVERVIEW}, {"Other": "intro/architectures.md"}]},
    {"2. Deep learning fundamentals": ["basics/index.md", {"PyTorch": "basics/pytorch.md"}]},
    {"Labs (notebooks)": ["labs/index.md", {"Digits": "labs/digits_mlp.ipynb"}]},
    {"Generation algorithms you can run": ["generation/index.md", {"Sampling": "generation/sampling.md"}]},
]

OLD_OVERVIEW = r"""# How generative models learn and generate

Training minimises two terms:

$$
\mathcal{L}_{\text{VAE}} = -\,\mathbb{E}_{q_\phi(z \mid x)}\big[\log p_\theta(x \mid z)\big]
+ \mathrm{KL}\big(q_\phi(z \mid x) \,\big\|\, \mathcal{N}(0, I)\big)
$$

The forward process is $q(x_t \mid x_{t-1}) = \mathcal{N}(x_t; \sqrt{1-\beta_t}\,x_{t-1}, \beta_t I)$.
"""


def test_the_checks_fail_on_the_old_order():
    found = placement_problems(OLD_NAV)
    assert any("generation/sampling.md is not in section 1" in problem for problem in found), found
    assert any("labs/digits_mlp.ipynb is not in section 2" in problem for problem in found), found
    shuffled = [{"1. Intro": ["intro/index.md", {"How": OVERVIEW}, {"Other": "intro/architectures.md"},
                              *nav_files(OLD_NAV[4])]}, *OLD_NAV[2:4]]
    assert any("do not follow" in problem for problem in placement_problems(shuffled))


def test_the_formula_check_fails_on_the_old_overview():
    found = formula_problems(OLD_OVERVIEW)
    for marker in (r"\mathrm{KL}", r"\mathcal{L}", "q(x_t", r"\beta_t"):
        assert f"formula marker {marker!r}" in found, found
    assert "display math ($$ ... $$)" in found
    assert formula_problems("# A page\n\nIn words only: the model learns to remove noise.\n") == []


def test_the_forward_link_check_fails_on_an_unannounced_link():
    nav = mkdocs_config()["nav"]
    text = "# Page\n\nSee [the project](../project/index.md) for LoRA.\n"
    assert unannounced_forward_links(OVERVIEW, text, nav)
    text = "# Page\n\nLater, in section 4, [the project](../project/index.md) uses LoRA.\n"
    assert not unannounced_forward_links(OVERVIEW, text, nav)
