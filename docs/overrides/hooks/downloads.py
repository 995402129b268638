"""Let readers take the code away: every example as a .py and a notebook, labs to Colab.

Downloads. Every `examples/<section>/<name>.py` that a page includes is put into
the built site at the same path, next to `<name>.ipynb`, a notebook made from it
with jupytext at build time (nothing generated is committed): the module
docstring becomes a markdown cell, the code between `# --8<--` section markers
becomes code cells (the marker lines left out, the code otherwise unchanged),
and a first cell `%pip install`s what the example imports, pinned to the
versions in requirements.txt. An example that finds its data through
`Path(__file__)` (the review corpus in examples/data/) gets a second cell that
sets `__file__` to where the script sits in a clone, since a notebook has none;
its download line says to run it from a clone. An import that requirements.txt does not pin is
reported as a warning, which fails `mkdocs build --strict`. The page gets a line
with both links right above the example's whole-file listing
(`??? abstract "examples/..."`).

Launch links. Once `repo_url` names a GitHub repository (mkdocs.yml reads
REPO_URL and REPO_BRANCH from the environment), every notebook page, whose
notebook is committed (docs/labs/*.ipynb), gets an "Open in Colab" link to that
file on that branch. The example notebooks above exist only in the built site,
so Colab could not open them from the repository: they get no launch link.
The edit buttons follow the same branch instead of MkDocs' default "master".
"""

import ast
import logging
import posixpath
import re
import sys
from pathlib import Path

import jupytext
import nbformat
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.downloads")

INCLUDED_EXAMPLE = re.compile(r'--8<--\s+"(?P<path>examples/[^":]+\.py)(?::[\w-]+)?"')
MARKER_LINE = re.compile(r"^[ \t]*# --8<-- \[(?:start|end):[\w-]+\][ \t]*$\n?", re.M)
# Import names whose distribution has another name (others match after normalising).
DISTRIBUTIONS = {"sklearn": "scikit-learn"}
# What an import needs at run time that installing its distribution does not bring:
# transformers runs its models on torch and its Trainer on accelerate.
RUNS_WITH = {"transformers": ("torch", "accelerate")}
GITHUB = re.compile(r"https://github\.com/(?P<repo>[\w.-]+/[\w.-]+?)(?:\.git)?/?")
COLAB = "https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"


def normalised(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> dict[str, str]:
    """requirements.txt's pins, `name==version` by normalised name."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if "==" in requirement:
            pins[normalised(requirement.split("==", 1)[0])] = requirement
    return pins


def imported_modules(tree: ast.Module) -> set[str]:
    """The top-level modules outside the standard library that the code imports."""
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names)


def needed_distributions(tree: ast.Module) -> list[str]:
    """The normalised distributions that the code's imports (and what they run with) need."""
    needed = set()
    for module in imported_modules(tree):
        needed.add(normalised(DISTRIBUTIONS.get(module, module)))
        needed.update(map(normalised, RUNS_WITH.get(module, ())))
    return sorted(needed)


def reads_beside_itself(code: str) -> bool:
    """Whether the example finds files relative to its own path (the data in examples/data/)."""
    return "__file__" in code


def commented(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def notebook(example: Path, pins: dict[str, str], name: str) -> str:
    """The example as a notebook (ipynb JSON); `name` is how warnings refer to it."""
    text = example.read_text(encoding="utf-8")
    tree = ast.parse(text)
    docstring = ast.get_docstring(tree)
    code = "".join(text.splitlines(keepends=True)[tree.body[0].end_lineno:]) if docstring else text
    # jupytext's percent format: "# %%" starts a code cell, "# %% [markdown]" a
    # markdown cell of commented lines, and a commented "# %pip" is read as the magic.
    cells = [f"# %% [markdown]\n{commented(docstring)}"] if docstring else []
    needed = needed_distributions(tree)
    for missing in (d for d in needed if d not in pins):
        log.warning("%s needs %s, which requirements.txt does not pin", name, missing)
    if installed := [pins[d] for d in needed if d in pins]:
        cells.append("# %%\n# %pip install " + " ".join(installed))
    if reads_beside_itself(text):
        cells.append(f'# %%\n__file__ = "{name}"  # where the script sits: run this notebook from a clone\'s root')
    cells += ["# %%\n" + chunk.strip("\n") for chunk in MARKER_LINE.split(code) if chunk.strip()]
    result = jupytext.reads("\n\n".join(cells) + "\n", fmt="py:percent")
    # Stable ids and metadata: the same example gives the same file on every build.
    for index, cell in enumerate(result.cells):
        cell.id = f"cell-{index}"
    result.metadata = nbformat.from_dict({
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(result)
    return jupytext.writes(result, fmt="ipynb")


def repository_root(config) -> Path:
    return Path(config.config_file_path).parent


def in_repository(config, src_uri: str = "") -> str:
    """Where a file of docs_dir is in the repository, e.g. docs/labs/x.ipynb."""
    return posixpath.join(Path(config.docs_dir).relative_to(repository_root(config)).as_posix(), src_uri)


def on_config(config):
    if GITHUB.fullmatch(config.repo_url or ""):
        config.edit_uri = f"edit/{config.extra['repo_branch']}/{in_repository(config)}"
    return config


def on_files(files, config):
    root = repository_root(config)
    pins = requirements(root / "requirements.txt")
    shown = sorted({m["path"] for page in files.documentation_pages() for m in INCLUDED_EXAMPLE.finditer(page.content_string)})
    for path in shown:
        source = root / path
        files.append(File.generated(config, path, abs_src_path=str(source)))
        files.append(File.generated(config, path.removesuffix(".py") + ".ipynb", content=notebook(source, pins, path)))
    return files


def download_line(path: str, page, root: Path) -> str:
    here = posixpath.dirname(page.file.src_uri) or "."
    links = []
    for suffix in (".py", ".ipynb"):
        target = path.removesuffix(".py") + suffix
        name = posixpath.basename(target)
        links.append(f'[`{name}`]({posixpath.relpath(target, here)}){{ download="{name}" }}')
    line = f"Download this example: {links[0]}, or as a notebook: {links[1]}."
    if reads_beside_itself((root / path).read_text(encoding="utf-8")):
        line += " It reads the repository's `examples/data/`: run it from a clone."
    return line


def on_page_markdown(markdown, page, config, files):
    for path in dict.fromkeys(m["path"] for m in INCLUDED_EXAMPLE.finditer(markdown)):
        listing = re.search(rf'^(?P<indent>[ \t]*)\?\?\?\+? abstract "{re.escape(path)}"[ \t]*$', markdown, re.M)
        if listing is None:
            log.warning('%s includes %s without its whole-file listing (??? abstract "%s"), where its downloads go',
                        page.file.src_uri, path, path)
            continue
        line = listing["indent"] + download_line(path, page, repository_root(config)) + "\n\n"
        markdown = markdown[: listing.start()] + line + markdown[listing.start() :]
    return markdown


def on_page_content(html, page, config, files):
    github = GITHUB.fullmatch(config.repo_url or "")
    if github is None or not page.file.src_uri.endswith(".ipynb"):
        return html
    url = COLAB.format(repo=github["repo"], branch=config.extra["repo_branch"], path=in_repository(config, page.file.src_uri))
    return f'<p><a href="{url}">Open this notebook in Colab</a></p>\n{html}'
