"""Put on PYTHONPATH by the tests: every Python subprocess gets the network guard and the log of opened files."""

import importlib.util
from pathlib import Path


def _load(name):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[1] / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_load("netguard").install()
_load("opened").install()  # tests/harness/opened.py: what a lab's kernel or a torchrun worker loads
