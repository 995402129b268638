"""pytest plugin for the weekly hub check (.github/workflows/hub.yml).

    python -m pytest --noconftest -p tests.realhub.plugin tests/...

With --noconftest, tests/conftest.py is not loaded: no stand-ins in HF_HOME, no
HF_HUB_OFFLINE and no network guard, so every example loads the real model or
data set from the hub. The mirror tests keep all their assertions, which are
what the pages claim. Only the comparison of printed output and figures with
docs/<section>/output/ is replaced: the pages show the stand-ins' output, which
the real models do not reproduce. The real outputs are written under
$REAL_HUB_OUTPUTS (default real-hub-outputs/) for the job to keep.

Not for the regular suite: it needs network and downloads several GB.
"""

import os
from pathlib import Path

from tests.harness import examples

OUTPUTS = Path(os.environ.get("REAL_HUB_OUTPUTS", "real-hub-outputs")).resolve()


def pytest_addoption(parser):
    # Registered by tests/conftest.py in the regular suite; the harness reads it.
    parser.addoption("--update-outputs", action="store_true", help="ignored against the real hub")


def _record(path: Path, produced: str, update: bool) -> None:
    target = OUTPUTS / path.relative_to(examples.DOCS)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(produced)


def _record_notebook(relative, executed, update, page=None) -> None:
    import nbformat

    target = OUTPUTS / "notebooks" / Path(relative).with_suffix(".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(executed))


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    examples._check = _record
    # The lab notebooks (tests/labs/notebooks.py) compare their executed pages the same way.
    try:
        from tests.labs import notebooks
    except ImportError:
        return
    if hasattr(notebooks, "check_page"):
        notebooks.check_page = _record_notebook
