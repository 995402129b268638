"""What a run opened: files of the Hugging Face cache (HF_HOME) and of examples/data.

Python raises an audit event for every file it opens ("open", with the path). The
hook installed here appends the opened paths under those two folders to the file
that $RUN_OPENED_LOG names, while that variable is set: `watching()` sets it for
the length of a run. The hook is installed in the test process, and by
sitecustomize.py in every Python subprocess the tests start, which inherits the
variable: a lab's kernel and torchrun's workers count too. Native code (the
tokenizers library, safetensors, Arrow) opens files without an event, but every
load of a model or dataset also reads its JSON files from Python.

The paths say which hub ids a run really loaded (tests/harness/measured_runs.py),
not just which ones its source mentions: an example may name a dataset under a
switch that is off. (Data files are taken from the source instead: a cached
`load_dataset("csv", ...)` never opens its file.)
This module imports nothing from the tests, so that sitecustomize.py can load it on its own.
"""

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOG = "RUN_OPENED_LOG"
DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


def hf_home() -> Path:
    return Path(os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface")


def _log_opened(event: str, args: tuple) -> None:
    if event != "open" or LOG not in os.environ or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.abspath(os.fsdecode(args[0]))
    if path.startswith((f"{hf_home()}{os.sep}", f"{DATA}{os.sep}")):
        with open(os.environ[LOG], "a") as log:  # opens a path outside both folders: no second entry
            log.write(path + "\n")


_installed = False


def install() -> None:
    """Add the audit hook to this process, once (an audit hook cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_log_opened)
        _installed = True


@contextlib.contextmanager
def watching() -> Iterator[list[Path]]:
    """The paths opened inside the block, here or in a subprocess, filled in when the block ends."""
    install()
    opened = []
    with tempfile.TemporaryDirectory(prefix="run-opened-") as folder:
        log = Path(folder) / "opened.log"
        log.touch()
        previous = os.environ.get(LOG)
        os.environ[LOG] = str(log)
        try:
            yield opened
        finally:
            if previous is None:
                del os.environ[LOG]
            else:
                os.environ[LOG] = previous
            opened.extend(Path(line) for line in dict.fromkeys(log.read_text().splitlines()))
