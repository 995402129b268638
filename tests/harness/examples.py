"""Run an example file as a reader would, and check the output its page shows.

An example's printed output is kept in docs/<section>/output/<name>.txt and its
matplotlib figures in docs/<section>/output/<name>.svg (then -2.svg, ...); the
page includes them. A run compares what it produced with those files, or
rewrites them under `pytest --update-outputs`.

With REAL_HUB_OUTPUTS=<folder> set (tests against the real hub, see
tests/conftest.py) outputs are written under <folder> instead of compared.

Wall-clock figures differ from run to run, so a number directly followed by
"s" or " s" (seconds) is compared as "some number of seconds"; everything else
must match to the character.
"""

import contextlib
import difflib
import io
import os
import re
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from tests.standins import STANDIN_IDS

REAL_HUB_OUTPUTS = os.environ.get("REAL_HUB_OUTPUTS")
# The blanks before the number go too: a right-aligned column of seconds widens.
SECONDS = re.compile(r"[ \t]*\b\d+(?:\.\d+)?(?= ?s\b)")
REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DOCS = REPO / "docs"


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


def _check(path: Path, produced: str, update: bool) -> None:
    name = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    if REAL_HUB_OUTPUTS:
        path = Path(REAL_HUB_OUTPUTS) / (name if path.is_relative_to(REPO) else path.name)
    if update or REAL_HUB_OUTPUTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(produced)
        return
    if not path.exists():
        pytest.fail(f"{name} is missing: run `pytest --update-outputs` to create it")
    shown = path.read_text()
    if SECONDS.sub(" <n>", shown) != SECONDS.sub(" <n>", produced):
        diff = "".join(difflib.unified_diff(
            shown.splitlines(True), produced.splitlines(True), "shown on the page", "fresh run", n=1
        ))
        pytest.fail(
            f"{name} differs from a fresh run (regenerate with "
            f"`pytest --update-outputs` if the change is intended):\n{diff[:4000]}"
        )


def run_example(relative: str, workdir: Path, update: bool) -> ExampleRun:
    """Run examples/<relative> in `workdir`, as `python examples/<relative>` would."""
    path = EXAMPLES / relative
    stdout = io.StringIO()
    argv = sys.argv
    sys.argv = [str(path)]
    threads = torch.get_num_threads()
    try:
        with contextlib.chdir(workdir), contextlib.redirect_stdout(stdout):
            namespace = runpy.run_path(str(path), run_name="__main__")
        figures = _figures_as_svg()
    except OSError as error:  # ConnectionError included
        if "offline" not in str(error).lower():
            raise
        pytest.fail(
            f"{relative} asked the hub for something that has no offline stand-in: {error}\n"
            f"The stand-ins are {', '.join(STANDIN_IDS)} and the real "
            "sentence-transformers/all-MiniLM-L6-v2; add a builder in tests/standins/."
        )
    finally:
        sys.argv = argv
        torch.set_num_threads(threads)  # some examples use one thread; the next one gets them all back
        if "matplotlib.pyplot" in sys.modules:  # never leave figures for the next example
            sys.modules["matplotlib.pyplot"].close("all")
    run = ExampleRun(path, workdir, stdout.getvalue(), namespace)
    out = output_dir(path)
    if run.stdout:
        _check(out / f"{path.stem}.txt", run.stdout, update)
    for number, svg in enumerate(figures, start=1):
        suffix = "" if number == 1 else f"-{number}"
        _check(out / f"{path.stem}{suffix}.svg", svg, update)
    return run


def example(relative: str):
    """A module-scoped fixture that runs one example once for all tests in a module."""

    @pytest.fixture(scope="module")
    def run(request, tmp_path_factory) -> ExampleRun:
        workdir = tmp_path_factory.mktemp(Path(relative).stem)
        return run_example(relative, workdir, request.config.getoption("--update-outputs"))

    return run
