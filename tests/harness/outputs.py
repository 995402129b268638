"""Committed outputs: compare a fresh run with what a page shows, or rewrite it.

Every file that a run produced and a page shows goes through `check`: an
example's printed text (docs/<section>/output/<name>.txt), its figures
(<name>.svg, <name>-2.svg, ..., each with its dark twin <name>.dark.svg), a
lab's executed notebook (docs/labs/<name>.ipynb), the project's results
(examples/project/results.json), and the run record of every example and lab
(<name>.run.json: time, memory, what it used; tests/harness/measured_runs.py).
`pytest --update-outputs` rewrites them from the fresh run; with
REAL_HUB_OUTPUTS=<folder> set (tests against the real hub, see tests/conftest.py)
they are written under <folder> instead of compared.

They are compared by meaning, so that they hold on any reasonable machine
(another CPU's kernels, another core count), yet a real change fails:
- text: the words, the line structure and every integer (counts, shapes, token
  ids, parameter totals) must match exactly; runs of blanks may differ (a column
  widens). A decimal number must agree to the precision it is printed with, give
  or take one unit in its last digit (as pytest's doctest NUMBER option), unless
  the mirror test declares a wider `Tolerance` for the lines it names: results of
  training runs. A number followed by "s" is a wall-clock time: any value passes.
- JSON: compared as text after a canonical layout, by the same rules, except
  that a float is written in full there, so without a declared tolerance it
  must match exactly.
- notebooks: their sources, text outputs and image markers as text, their images
  as pictures.
- figures: rendered to pixels (resvg, with matplotlib's own fonts, so every
  machine draws the same text) and compared by root-mean-square difference; a
  figure of a training run's result (a scatter of generated points, a learned
  latent space) may declare a wider one: a `Tolerance` whose pattern matches its
  file name, `abs` being the RMS allowed (its layout is compared, and the mirror
  test's assertions check what it shows); a dark twin takes its light figure's
  tolerance, and is rendered on the dark scheme's page colour. On a
  failure the expected, actual and difference images are written under
  test-results/output-diffs/ (CI keeps that folder as an artifact).
"""

import base64
import difflib
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import pytest
import resvg_py
from matplotlib.testing.compare import compare_images
from matplotlib.testing.exceptions import ImageComparisonFailure

from tests.harness.paths import REPO

REAL_HUB_OUTPUTS = os.environ.get("REAL_HUB_OUTPUTS")
FAILED_FIGURES = REPO / "test-results" / "output-diffs"
# Root-mean-square pixel difference (0-255) below which two renderings are the same
# figure: moved ticks and resampled embedded images on another CPU stay far below it,
# a shifted curve or a recoloured series lands far above (tests/offline/test_outputs.py).
FIGURE_RMS = 1.0
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?!\w|\.\d)")
DURATION_UNIT = re.compile(r" ?s\b")  # "12.3 s", "4s": seconds, different on every run
BLANKS = re.compile(r"[ \t]+")
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
SLATE = "#1e2129"  # the page colour of Material's dark scheme, on which a figure's .dark.svg is seen


@dataclass(frozen=True)
class Tolerance:
    """How far a decimal number from a training run may move on another machine."""

    abs: float = 0.0
    rel: float = 0.0


# Wall-clock seconds outside a text line (e.g. a "train_seconds" key in JSON), or another
# measurement of the machine (a run record's memory and core count): any number passes.
WALL_CLOCK = Tolerance(abs=math.inf)
Tolerances = Mapping[str, Tolerance]  # a regular expression searched in a shown line -> its tolerance


def check(path: Path, fresh: str, update: bool, tolerances: Tolerances | None = None) -> None:
    """Compare `fresh` (the file a new run would write) with `path`, or rewrite `path`."""
    name = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    if REAL_HUB_OUTPUTS:
        path = Path(REAL_HUB_OUTPUTS) / (path.name if name.is_absolute() else name)
    if update or REAL_HUB_OUTPUTS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fresh)
        return
    if not path.exists():
        pytest.fail(f"{name} is missing: run `pytest --update-outputs` to create it")
    shown = path.read_text()
    if shown == fresh:
        return
    if path.suffix == ".svg":
        light_name = path.name.replace(".dark.svg", ".svg")  # a dark twin takes its figure's tolerance
        allowed = max(FIGURE_RMS, _declared(light_name, tolerances or {}).abs)
        background = SLATE if path.name.endswith(".dark.svg") else "#ffffff"
        problems = _picture_differences(name, [(_render(shown, background), _render(fresh, background))], allowed)
    elif path.suffix == ".ipynb":
        (shown, shown_images), (fresh, fresh_images) = _notebook(shown), _notebook(fresh)
        problems = _text_differences(shown, fresh, tolerances or {})
        if not problems:
            problems = _picture_differences(name, list(zip(shown_images, fresh_images)))
    else:
        printed = path.suffix != ".json"  # JSON writes a float in full: "1.0" is not "one decimal"
        if not printed:
            shown, fresh = _canonical_json(shown), _canonical_json(fresh)
        problems = _text_differences(shown, fresh, tolerances or {}, printed)
    if problems:
        diff = "".join(difflib.unified_diff(
            shown.splitlines(True), fresh.splitlines(True), "shown on the page", "fresh run", n=1
        )) if path.suffix != ".svg" else ""
        pytest.fail(
            f"{name} differs from a fresh run (regenerate with `pytest --update-outputs` "
            f"if the change is intended):\n" + "\n".join(problems) + "\n" + diff[:4000]
        )


def _text_differences(shown: str, fresh: str, tolerances: Tolerances, printed: bool = True) -> list[str]:
    """What differs beyond noise; `printed`: decimals were printed to a precision, last digit may move."""
    shown_lines, fresh_lines = shown.splitlines(), fresh.splitlines()
    if len(shown_lines) != len(fresh_lines):
        return [f"{len(shown_lines)} lines shown, {len(fresh_lines)} in the fresh run"]
    problems = []
    for number, (was, now) in enumerate(zip(shown_lines, fresh_lines), start=1):
        if was != now and (problem := _line_difference(was, now, tolerances, printed)):
            problems.append(f"line {number}: {problem}")
    return problems


def _line_difference(was: str, now: str, tolerances: Tolerances, printed: bool) -> str | None:
    (was_words, was_numbers), (now_words, now_numbers) = _split(was), _split(now)
    if was_words != now_words:
        return "the words differ"
    declared = _declared(was, tolerances)
    if math.isinf(declared.abs):  # a measurement of the machine (WALL_CLOCK): any number, integers too
        return None
    for (old, is_duration), (new, _) in zip(was_numbers, now_numbers):
        if is_duration or old == new:
            continue
        if _is_integer(old) or _is_integer(new):
            return f"{old} became {new} (integers must match exactly)"
        allowed = max(_last_digit(old) if printed else 0.0, declared.abs + declared.rel * abs(float(old)))
        if abs(float(new) - float(old)) > allowed * (1 + 1e-9):
            return f"{old} became {new}, more than the {allowed:g} allowed"
    return None


def _declared(text: str, tolerances: Tolerances) -> Tolerance:
    """The tolerance of the first pattern found in `text` (a shown line, or a figure's file name)."""
    return next((t for pattern, t in tolerances.items() if re.search(pattern, text)), Tolerance())


def _split(line: str) -> tuple[str, list[tuple[str, bool]]]:
    """The line's words with every number replaced by '#', and its numbers (text, is a duration)."""
    numbers = [(m[0], bool(DURATION_UNIT.match(line, m.end()))) for m in NUMBER.finditer(line)]
    return BLANKS.sub(" ", NUMBER.sub("#", line)).strip(), numbers


def _is_integer(number: str) -> bool:
    return not any(mark in number for mark in ".eE")


def _last_digit(number: str) -> float:
    """One unit in the last printed digit: 0.001 for 227.636, 1e-7 for 3.3e-06."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def _canonical_json(text: str) -> str:
    return json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def _notebook(text: str) -> tuple[str, list[bytes]]:
    """A notebook as a reader sees it, as text (an image is a marker), and its PNG images."""
    notebook, lines, images = json.loads(text), [], []
    for index, cell in enumerate(notebook["cells"]):
        lines.append(f"--- cell {index} ({cell['cell_type']}) ---")
        lines.extend("".join(cell["source"]).splitlines())
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                lines.append(f"[{output['name']}]")
                lines.extend("".join(output["text"]).splitlines())
            elif output["output_type"] == "error":
                lines.append(f"[error] {output['ename']}: {output['evalue']}")
            else:
                data = output.get("data", {})
                kinds = [mime for mime in data if mime in IMAGE_TYPES]
                lines.append(f"[{output['output_type']}]" + "".join(f" <{mime}>" for mime in kinds))
                if "image/png" in data:
                    images.append(base64.b64decode("".join(data["image/png"])))
                for mime in ("text/plain", "text/html", "text/markdown"):
                    if mime in data and not kinds:  # an image's text/plain is only its repr
                        lines.append(f"[{mime}]")
                        lines.extend("".join(data[mime]).splitlines())
    return "\n".join(lines) + "\n", images


def _render(svg: str, background: str) -> bytes:
    return bytes(resvg_py.svg_to_bytes(
        svg_string=svg, dpi=96, background=background, skip_system_fonts=True, font_dirs=[str(FONTS)]
    ))


def _picture_differences(name: Path, pairs: list[tuple[bytes, bytes]], allowed: float = FIGURE_RMS) -> list[str]:
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, (expected_png, actual_png) in enumerate(pairs, start=1):
            expected, actual = Path(scratch) / "expected.png", Path(scratch) / "actual.png"
            expected.write_bytes(expected_png)
            actual.write_bytes(actual_png)
            try:
                result = compare_images(str(expected), str(actual), tol=allowed, in_decorator=True)
                failure = result and f"RMS pixel difference {result['rms']:.2f}, more than the {allowed:g} allowed"
            except ImageComparisonFailure as error:  # the sizes differ
                failure = str(error).splitlines()[0]
            if failure:
                kept = FAILED_FIGURES / str(name).strip(os.sep).replace(os.sep, "__") / str(index)
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(scratch, kept)
                problems.append(f"picture {index}: {failure} (expected, actual and difference images in {kept})")
    return problems
