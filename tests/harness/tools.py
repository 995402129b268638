"""Command-line tools that pip installs: lychee, actionlint, zizmor, check-jsonschema."""

import os
import shutil
import sys
from pathlib import Path


def installed(name: str) -> str:
    """The tool's executable: next to the running interpreter (where pip puts it, on PATH or not), else on PATH."""
    search_path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    executable = shutil.which(name, path=search_path)
    assert executable, f"{name} is not installed (pip install -r requirements.txt)"
    return executable
