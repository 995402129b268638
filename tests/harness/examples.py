"""Run an example file as a reader would, and check the output its page shows.

An example's printed output is kept in docs/<section>/output/<name>.txt and its
matplotlib figures in docs/<section>/output/<name>.svg (then -2.svg, ...); the
page includes them. A run compares what it produced with those files by meaning
(tests/harness/outputs.py), or rewrites them under `pytest --update-outputs`.

Every example runs with the same number of torch threads, whatever the machine's
core count (tests/harness/portability.py): how a sum is split between threads
changes its last bits.
"""

import contextlib
import io
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from tests.harness import outputs
from tests.harness.paths import DOCS, EXAMPLES
from tests.harness.portability import THREADS
from tests.offline_hub import missing_id_hint


@dataclass
class ExampleRun:
    path: Path
    workdir: Path  # where it ran: the files it wrote are here
    stdout: str
    namespace: dict  # the script's globals after it ran


def output_dir(example: Path) -> Path:
    section = example.relative_to(EXAMPLES).parent
    return DOCS / section / "output"


def _figures_as_svg() -> list[str]:
    if "matplotlib.pyplot" not in sys.modules:
        return []
    import matplotlib.pyplot as plt

    svgs = []
    # A fixed hash salt and no date make the SVG text identical run after run.
    with plt.rc_context({"svg.hashsalt": "genai-notes", "svg.fonttype": "none"}):
        for number in plt.get_fignums():
            buffer = io.StringIO()
            plt.figure(number).savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
            svgs.append(buffer.getvalue())
    return svgs


def run_example(
    relative: str, workdir: Path, update: bool, tolerances: outputs.Tolerances | None = None
) -> ExampleRun:
    """Run examples/<relative> in `workdir`, as `python examples/<relative>` would.

    `tolerances` widens the comparison of the decimal numbers on the output lines
    it names (tests/harness/outputs.py): results of training runs.
    """
    path = EXAMPLES / relative
    stdout = io.StringIO()
    argv = sys.argv
    sys.argv = [str(path)]
    threads = torch.get_num_threads()
    torch.set_num_threads(THREADS)
    try:
        with contextlib.chdir(workdir), contextlib.redirect_stdout(stdout):
            namespace = runpy.run_path(str(path), run_name="__main__")
        figures = _figures_as_svg()
    except OSError as error:  # ConnectionError included
        if "offline" not in str(error).lower():
            raise
        pytest.fail(f"{relative} asked the hub for something that has no offline stand-in: {error}\n{missing_id_hint()}")
    finally:
        sys.argv = argv
        torch.set_num_threads(threads)  # an example may change it; the next one starts from the same count
        if "matplotlib.pyplot" in sys.modules:  # never leave figures for the next example
            sys.modules["matplotlib.pyplot"].close("all")
    run = ExampleRun(path, workdir, stdout.getvalue(), namespace)
    out = output_dir(path)
    if run.stdout:
        outputs.check(out / f"{path.stem}.txt", run.stdout, update, tolerances)
    for number, svg in enumerate(figures, start=1):
        suffix = "" if number == 1 else f"-{number}"
        outputs.check(out / f"{path.stem}{suffix}.svg", svg, update, tolerances)
    return run


def example(relative: str, tolerances: outputs.Tolerances | None = None):
    """A module-scoped fixture that runs one example once for all tests in a module."""

    @pytest.fixture(scope="module")
    def run(request, tmp_path_factory) -> ExampleRun:
        workdir = tmp_path_factory.mktemp(Path(relative).stem)
        return run_example(relative, workdir, request.config.getoption("--update-outputs"), tolerances)

    return run
