"""Run a lab (a jupytext percent-format .py in examples/labs/) as a notebook.

The lab's .py is the single source of truth. A test converts it to a notebook,
executes it in a fresh python3 kernel with nbclient (offline: the kernel
inherits the environment conftest.py set, network guard included) and compares
the result with the executed notebook the site shows, docs/labs/<name>.ipynb:
same cells as the source, then its outputs compared like every shown output
(tests/harness/outputs.py: text by meaning, figures as pictures).
`pytest --update-outputs` rewrites that notebook from the fresh run. The run's
time and the memory it added to the kernel go into docs/<section>/output/<name>.run.json,
as an example's do (tests/harness/measured_runs.py).

A lab's run gives its tests what a script's run gives (tests/harness/examples.py,
`Run`): `stdout`, `namespace` and `workdir`, plus the executed `notebook`. The
kernel's variables reach `namespace` through a probe (tests/labs/probes.py):
code run after the last cell that prints them as a JSON object, then removed
from the notebook. Each lab runs once per session (`executed_lab`, one fixture
per lab in tests/labs/conftest.py); a test module gets it with
`run = lab("labs/<name>.py")`.

The written notebook is normalised (cell ids from positions, no timestamps, no
Python version) so that two runs of the same code give the same file.
"""

import copy
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from tests.harness import measured_runs, opened, outputs
from tests.harness.examples import Run
from tests.harness.paths import DOCS, EXAMPLES, REPO

LABS = sorted(path.relative_to(EXAMPLES).as_posix() for path in (EXAMPLES / "labs").glob("*.py"))  # "labs/<name>.py"
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


@dataclass
class LabRun(Run):
    notebook: nbformat.NotebookNode  # the executed notebook, as its page shows it


def execute(
    notebook: nbformat.NotebookNode, workdir: Path, env: dict | None = None, probe: str | None = None,
    meter: measured_runs.Meter | None = None,
) -> LabRun:
    """Execute every cell in order in `workdir`; raise CellExecutionError on the first error.

    `probe` is code run after the last cell, in the same kernel, that prints a JSON
    object: the run's `namespace`, what the tests check about the notebook's variables.
    `meter` measures the kernel from its first cell to its last.
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
    if meter:
        client.on_notebook_start = lambda **_: meter.start(client.km.provisioner.pid)
        client.on_cell_executed = lambda **_: meter.stop()
    client.execute(env={**os.environ, **KERNEL_ENV, **(env or {})})
    namespace = {}
    if probe:
        probe_cell = notebook.cells.pop()
        namespace = json.loads("".join(o.text for o in probe_cell.outputs if o.output_type == "stream" and o.name == "stdout"))
    executed = normalised(notebook)
    return LabRun(workdir=workdir, stdout=stdout(executed), namespace=namespace, notebook=executed)


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
        for output in cell.outputs for mime in output.get("data", {}) if mime in outputs.IMAGE_TYPES
    ]


def _name(path: Path) -> Path:
    return path.relative_to(REPO) if path.is_relative_to(REPO) else path


def check_page(
    relative: str, executed: nbformat.NotebookNode, update: bool,
    page: Path | None = None, tolerances: outputs.Tolerances | None = None,
) -> None:
    """Compare a fresh run with docs/<section>/<stem>.ipynb (or `page`), or rewrite that file."""
    page = page or page_path(relative)
    if page.exists() and not (update or outputs.REAL_HUB_OUTPUTS):
        committed = nbformat.reads(page.read_text(), as_version=4)
        source = read_source(relative)
        if [(c.cell_type, c.source) for c in committed.cells] != [(c.cell_type, c.source) for c in source.cells]:
            pytest.fail(
                f"{_name(page)} does not have the cells of {source_path(relative).relative_to(REPO)} "
                "(regenerate it with `pytest --update-outputs`)"
            )
    outputs.check(page, nbformat.writes(executed) + "\n", update, tolerances)


def executed_lab(relative: str, probe: str | None = None, tolerances: outputs.Tolerances | None = None):
    """A session-scoped fixture: execute examples/<relative> once and check its page.

    tests/labs/conftest.py defines one per lab, named after it, so that each lab's
    tests and the lab pages' tests share one run.
    """

    @pytest.fixture(scope="session")
    def run(request, tmp_path_factory) -> LabRun:
        measured = measured_runs.MeasuredRun()
        with opened.watching() as measured.opened:  # the kernel inherits the watch
            lab_run = execute(
                read_source(relative), tmp_path_factory.mktemp(Path(relative).stem), probe=probe, meter=measured.meter
            )
        update = request.config.getoption("--update-outputs")
        check_page(relative, lab_run.notebook, update, tolerances=tolerances)
        measured_runs.check_record(page_path(relative).parent / "output", source_path(relative), measured, update)
        return lab_run

    return run


def lab(relative: str):
    """A lab test module's `run`: examples/<relative>'s session-wide run (its `executed_lab` fixture)."""

    @pytest.fixture
    def run(request) -> LabRun:
        return request.getfixturevalue(Path(relative).stem)

    return run
