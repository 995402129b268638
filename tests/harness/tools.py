"""Command-line tools that pip installs (the site generator, lychee, actionlint, zizmor, check-jsonschema)."""

import os
import shutil
import sys
from pathlib import Path

# The generator that the site and browser tests build with: mkdocs, or the module of another
# generator that reads mkdocs.yml, e.g. SITE_GENERATOR=properdocs (.github/decisions/0001-site-generator.md).
SITE_GENERATOR = os.environ.get("SITE_GENERATOR", "mkdocs")


def site_build(*arguments: str) -> list[str]:
    """The command that builds the site: `python -m mkdocs build ARGUMENTS`, or SITE_GENERATOR's."""
    return [sys.executable, "-m", SITE_GENERATOR, "build", *arguments]


def installed(name: str) -> str:
    """The tool's executable: next to the running interpreter (where pip puts it, on PATH or not), else on PATH."""
    search_path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    executable = shutil.which(name, path=search_path)
    assert executable, f"{name} is not installed (pip install -r requirements.txt)"
    return executable
