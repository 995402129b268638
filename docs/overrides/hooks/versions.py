"""Say on every page which library versions the examples were verified with.

The versions are read at build time from the environment that builds the site,
which is the one that ran the tests: `.ci/run` and the docs workflow run
`python -m pytest` and then `mkdocs build --strict` in the same environment.
Templates show `config.extra.verified_with` (see overrides/partials/copyright.html).
"""

import platform
from importlib.metadata import PackageNotFoundError, version

PACKAGES = ("torch", "transformers", "peft")


def installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def on_config(config):
    versions = {name: installed(name) for name in PACKAGES}
    missing = [name for name, found in versions.items() if found is None]
    if missing:
        # Building without the example libraries cannot claim anything about them.
        config.extra["verified_with"] = None
    else:
        config.extra["verified_with"] = {"python": platform.python_version(), **versions}
    return config
