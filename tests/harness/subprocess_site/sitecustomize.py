"""Put on PYTHONPATH by the tests: every Python subprocess gets the network guard."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("netguard", Path(__file__).parents[1] / "netguard.py")
_netguard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_netguard)
_netguard.install()
