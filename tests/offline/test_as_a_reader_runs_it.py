"""One example of each section, run as a reader types it: `python examples/<section>/<name>.py`.

The mirror tests run every example inside the pytest process
(tests/harness/examples.py, with the resets of tests/harness/resets.py around
it). These runs, in a real `python` from the repository root, show that the
in-process runner hides no difference from what a reader gets. Each inherits
the offline environment that tests/conftest.py set, the network guard
included (tests/harness/subprocess_site; tests/offline/test_network_guard.py
checks that it holds in subprocesses). Its stdout is compared with the output
its page shows by outputs.check, as its mirror test compares it. Figures are
captured in-process only; here, the text is compared.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness import outputs
from tests.harness.examples import output_dir
from tests.harness.paths import EXAMPLES, REPO

# The quickest example of each section. None writes a file, and none has a mirror
# test that widens the comparison (an example whose mirror test declares
# tolerances would pass the same ones to outputs.check here). The labs are
# notebooks, which tests/labs/ already run in a kernel of their own.
QUICKEST = (
    "basics/tensors.py",
    "intro/gpt2_token_by_token.py",
    "adapting/glue_metrics.py",
    "generation/sampling.py",
    "project/results_table.py",
)


def test_every_section_has_an_example_run_as_a_reader_would():
    sections = {script.parent.name for script in EXAMPLES.glob("*/*.py")} - {"labs"}
    assert {Path(relative).parts[0] for relative in QUICKEST} == sections


@pytest.mark.parametrize("relative", QUICKEST)
def test_the_example_prints_what_its_page_shows(relative, request):
    if request.config.getoption("--update-outputs"):
        pytest.skip("--update-outputs rewrites the shown output from the mirror test's run")
    result = subprocess.run(
        [sys.executable, f"examples/{relative}"], cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outputs.check(output_dir(EXAMPLES / relative) / f"{Path(relative).stem}.txt", result.stdout, update=False)
