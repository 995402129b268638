"""Run an example file as a reader would, and check the output its page shows.

An example's printed output is kept in docs/<section>/output/<name>.txt and its
matplotlib figures in docs/<section>/output/<name>.svg (then -2.svg, ...), each
with a twin for the site's dark scheme, <name>.dark.svg, saved from the same
figure once restyled (`_restyle_for_dark`); the page includes them. A run
compares what it produced with those files by meaning (tests/harness/outputs.py),
or rewrites them under `pytest --update-outputs`.

Every run sits inside the resets of tests/harness/resets.py (RESETS): the
state an example could leave behind (torch's thread count, the random
generators, matplotlib's figures and rcParams, the libraries' logging, the
environment, sys.argv, the working directory) is put back after it, and the
thread count is the same whatever the machine's core count. So that this
in-process runner hides no difference from a reader's `python`,
tests/offline/test_as_a_reader_runs_it.py also runs one example of each
section in a subprocess.

A run gives a mirror test the same three things for a script as for a lab
notebook (tests/labs/notebooks.py): `Run.stdout`, what it printed;
`Run.namespace`, its variables; `Run.workdir`, where it ran.
"""

import contextlib
import io
import runpy
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from tests.harness import measured_runs, outputs
from tests.harness.paths import DOCS, EXAMPLES
from tests.harness.resets import RESETS, isolated
from tests.offline_hub import missing_id_hint


@dataclass
class Run:
    """What a mirror test reads of an example's run, a script's or a lab notebook's alike."""

    workdir: Path  # where it ran: the files it wrote are here
    stdout: str  # what it printed
    namespace: dict  # its variables: a script's globals after it ran; a lab's, as its probe reports them


@dataclass
class ScriptRun(Run):
    path: Path  # examples/<section>/<name>.py


def output_dir(example: Path) -> Path:
    section = example.relative_to(EXAMPLES).parent
    return DOCS / section / "output"


# The text colour of Material's dark (slate) scheme, #e2e4e9 at 82 %, on its page colour outputs.SLATE.
SLATE_TEXT = "#bfc1c7"


def _restyle_for_dark(figure) -> None:
    """Restyle a drawn figure for Material's dark (slate) scheme, keeping the data's colours.

    Black and dark grey are the figure's ink (text, ticks, spines, a black line,
    error bars): they would vanish on slate, so they take slate's text colour.
    Colours and mid or light greys stay as they are: they are the data, and the
    page's alt text describes them. Legend boxes take the page colour instead of
    white; the backgrounds are left out when saving (transparent=True).
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import to_rgba, to_rgba_array
    from matplotlib.legend import Legend

    for artist in figure.findobj():
        if isinstance(artist, ScalarMappable) and artist.get_array() is not None:
            continue  # coloured through a colormap (an image, a colour-coded scatter): data
        for prop in ("color", "edgecolor", "facecolor", "markeredgecolor", "markerfacecolor"):
            if hasattr(artist, f"get_{prop}"):
                value = getattr(artist, f"get_{prop}")()  # one colour, or one per element of a collection
                rgba = to_rgba_array(value)
                rgb = rgba[:, :3]
                ink = (rgb.max(axis=1) < 0.4) & (np.ptp(rgb, axis=1) < 0.05) & (rgba[:, 3] > 0)  # drawn, dark, grey
                if ink.any():
                    rgba[ink, :3] = to_rgba(SLATE_TEXT)[:3]
                    getattr(artist, f"set_{prop}")(rgba if np.ndim(value) == 2 else tuple(rgba[0]))
    for legend in figure.findobj(Legend):
        legend.get_frame().set_facecolor(outputs.SLATE)


def _figures_as_svg() -> list[tuple[str, str]]:
    """Every open figure as SVG text: as the light scheme shows it, and its dark twin."""

    def svg(figure, **options) -> str:
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", **options)
        return buffer.getvalue()

    figures = []
    # A fixed hash salt and no date make the SVG text identical run after run.
    with plt.rc_context({"svg.hashsalt": "genai-notes", "svg.fonttype": "none"}):
        for number in plt.get_fignums():
            figure = plt.figure(number)
            light = svg(figure)
            _restyle_for_dark(figure)
            figures.append((light, svg(figure, transparent=True)))
    return figures


def run_example(
    relative: str, workdir: Path, update: bool, tolerances: outputs.Tolerances | None = None
) -> ScriptRun:
    """Run examples/<relative> in `workdir`, as `python examples/<relative>` would.

    `tolerances` widens the comparison of the decimal numbers on the output lines
    it names (tests/harness/outputs.py): results of training runs.
    """
    path = EXAMPLES / relative
    stdout = io.StringIO()
    try:
        with isolated(RESETS, path, workdir):
            with measured_runs.metered() as measured, contextlib.redirect_stdout(stdout):
                namespace = runpy.run_path(str(path), run_name="__main__")
            figures = _figures_as_svg()  # before the resets close them
    except OSError as error:  # ConnectionError included
        if "offline" not in str(error).lower():
            raise
        pytest.fail(f"{relative} asked the hub for something that has no offline stand-in: {error}\n{missing_id_hint()}")
    run = ScriptRun(workdir=workdir, stdout=stdout.getvalue(), namespace=namespace, path=path)
    out = output_dir(path)
    if run.stdout:
        outputs.check(out / f"{path.stem}.txt", run.stdout, update, tolerances)
    for number, (light, dark) in enumerate(figures, start=1):
        name = path.stem if number == 1 else f"{path.stem}-{number}"
        outputs.check(out / f"{name}.svg", light, update, tolerances)
        outputs.check(out / f"{name}.dark.svg", dark, update, tolerances)
    measured_runs.check_record(out, path, measured, update)
    return run


def example(relative: str, tolerances: outputs.Tolerances | None = None):
    """A module-scoped fixture that runs one example once for all tests in a module."""

    @pytest.fixture(scope="module")
    def run(request, tmp_path_factory) -> ScriptRun:
        workdir = tmp_path_factory.mktemp(Path(relative).stem)
        return run_example(relative, workdir, request.config.getoption("--update-outputs"), tolerances)

    return run
