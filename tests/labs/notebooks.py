"""Run a lab (a jupytext percent-format .py in examples/labs/) as a notebook.

The lab's .py is the single source of truth. A test converts it to a notebook,
executes it in a fresh python3 kernel with nbclient (offline: the kernel
inherits the environment conftest.py set, network guard included) and compares
the result with the executed notebook the site shows, docs/labs/<name>.ipynb:
same cells as the source, same text outputs, a figure wherever a fresh run has
one. `pytest --update-outputs` rewrites that notebook from the fresh run.

The written notebook is normalised (cell ids from positions, no timestamps, no
Python version) so that two runs of the same code give the same file.
"""

import copy
import difflib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from tests.harness.examples import REAL_HUB_OUTPUTS, SECONDS

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DOCS = REPO / "docs"
KERNEL = "python3"
CELL_TIMEOUT_S = 120  # a hang guard, not a budget: a stuck cell fails instead of blocking the suite
KERNEL_ENV = {
    # Figures are drawn by the inline backend, so they become image outputs.
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    # One BLAS/OpenMP thread: the labs multiply small matrices, where threads
    # fighting over two shared cores are many times slower than one, and results
    # then do not depend on how many cores the machine has.
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    # tqdm.auto warns, on import, that ipywidgets (not a dependency here) is missing.
    "PYTHONWARNINGS": "ignore:IProgress not found",
}
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
# Notebook-level metadata worth keeping; the rest (Python patch version, jupytext
# version, widget state) changes from machine to machine.
LANGUAGE_INFO_KEYS = ("name", "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter", "pygments_lexer")


def source_path(relative: str) -> Path:
    return EXAMPLES / relative


def page_path(relative: str) -> Path:
    """docs/<section>/<stem>.ipynb: the executed notebook mkdocs-jupyter renders."""
    path = Path(relative)
    return DOCS / path.parent / f"{path.stem}.ipynb"


def read_source(relative: str) -> nbformat.NotebookNode:
    notebook = jupytext.read(source_path(relative))
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
    return notebook


def ensure_kernel() -> None:
    """Make sure a python3 kernelspec exists; install one into a temporary folder if not."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        from ipykernel.kernelspec import install

        prefix = tempfile.mkdtemp(prefix="lab-kernel-")
        install(prefix=prefix, kernel_name=KERNEL)
        data = Path(prefix) / "share" / "jupyter"
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(data), os.environ.get("JUPYTER_PATH")]))


def execute(
    notebook: nbformat.NotebookNode, workdir: Path, env: dict | None = None, probe: str | None = None
) -> tuple[nbformat.NotebookNode, dict]:
    """Execute every cell in order in `workdir`; raise CellExecutionError on the first error.

    `probe` is code run after the last cell, in the same kernel, that prints a JSON
    object: what the tests check about the notebook's variables. It is removed
    from the notebook again and its object returned with the executed notebook.
    """
    ensure_kernel()
    if probe:
        notebook.cells.append(nbformat.v4.new_code_cell(probe, id="probe"))
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        allow_errors=False,
        record_timing=False,  # no timestamps in the notebook
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env={**os.environ, **KERNEL_ENV, **(env or {})})
    facts = {}
    if probe:
        probe_cell = notebook.cells.pop()
        facts = json.loads("".join(o.text for o in probe_cell.outputs if o.output_type == "stream" and o.name == "stdout"))
    return normalised(notebook), facts


def normalised(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    language = notebook.metadata.get("language_info", {})
    notebook.metadata = nbformat.from_dict({
        "kernelspec": notebook.metadata["kernelspec"],
        "language_info": {key: language[key] for key in LANGUAGE_INFO_KEYS if key in language},
    })
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _coalesced(cell.outputs)
    nbformat.validate(notebook)
    return notebook


def _coalesced(outputs: list) -> list:
    """Merge consecutive stream outputs: how a print is split into messages depends on timing."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if output.output_type == "stream" and previous is not None \
                and previous.output_type == "stream" and previous.name == output.name:
            previous.text += output.text
        else:
            merged.append(copy.deepcopy(output))
    return merged


def stdout(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook printed, cell after cell."""
    return "".join(
        output.text for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if output.output_type == "stream" and output.name == "stdout"
    )


def images(notebook: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, mime type) of every image output."""
    return [
        (index, mime) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"
        for output in cell.outputs for mime in output.get("data", {}) if mime in IMAGE_TYPES
    ]


def _shown(notebook: nbformat.NotebookNode) -> str:
    """The notebook as a reader sees it, as text: sources, text outputs, and a marker per image."""
    lines = []
    for index, cell in enumerate(notebook.cells):
        lines.append(f"--- cell {index} ({cell.cell_type}) ---")
        lines.extend(cell.source.splitlines())
        for output in _coalesced(cell.get("outputs", [])):
            if output.output_type == "stream":
                lines.append(f"[{output.name}]")
                lines.extend(output.text.splitlines())
            elif output.output_type == "error":
                lines.append(f"[error] {output.ename}: {output.evalue}")
            else:
                data = output.get("data", {})
                images = [mime for mime in data if mime in IMAGE_TYPES]
                lines.append(f"[{output.output_type}]" + "".join(f" <{mime}>" for mime in images))
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if mime in data and not images:  # an image's text/plain is only its repr
                        lines.append(f"[{mime}]")
                        lines.extend(data[mime].splitlines())
    return SECONDS.sub(" <n>", "\n".join(lines))


def _name(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def check_page(relative: str, executed: nbformat.NotebookNode, update: bool, page: Path | None = None) -> None:
    """Compare a fresh run with docs/<section>/<stem>.ipynb (or `page`), or rewrite that file."""
    page = page or page_path(relative)
    if REAL_HUB_OUTPUTS:  # against the real hub: record, don't compare (tests/conftest.py)
        page = Path(REAL_HUB_OUTPUTS) / _name(page)
    if update or REAL_HUB_OUTPUTS:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(nbformat.writes(executed) + "\n")
        return
    if not page.exists():
        pytest.fail(f"{_name(page)} is missing: run `pytest --update-outputs` to create it")
    committed = nbformat.reads(page.read_text(), as_version=4)
    source = read_source(relative)
    cells = [(cell.cell_type, cell.source) for cell in source.cells]
    if [(cell.cell_type, cell.source) for cell in committed.cells] != cells:
        pytest.fail(
            f"{_name(page)} does not have the cells of {source_path(relative).relative_to(REPO)} "
            "(regenerate it with `pytest --update-outputs`)"
        )
    shown, fresh = _shown(committed), _shown(executed)
    if shown != fresh:
        diff = "\n".join(difflib.unified_diff(
            shown.splitlines(), fresh.splitlines(), "shown on the page", "fresh run", n=1, lineterm=""
        ))
        pytest.fail(
            f"{_name(page)} differs from a fresh run (regenerate it with "
            f"`pytest --update-outputs` if the change is intended):\n{diff[:4000]}"
        )


@dataclass
class LabRun:
    relative: str
    notebook: nbformat.NotebookNode  # the executed notebook
    stdout: str  # everything it printed
    facts: dict  # what the probe printed


def lab(relative: str, probe: str | None = None):
    """A module-scoped fixture: execute examples/<relative> once and check its page."""

    @pytest.fixture(scope="module")
    def run(request, tmp_path_factory) -> LabRun:
        workdir = tmp_path_factory.mktemp(Path(relative).stem)
        executed, facts = execute(read_source(relative), workdir, probe=probe)
        check_page(relative, executed, request.config.getoption("--update-outputs"))
        return LabRun(relative, executed, stdout(executed), facts)

    return run
