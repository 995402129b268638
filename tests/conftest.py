"""Every test runs offline against stand-ins of the hub ids the pages use.

The environment is set here, before any test module imports huggingface_hub
or transformers (both read it once, at import).

With REAL_HUB_OUTPUTS=<folder> set (the weekly .github/workflows/hub.yml job),
the tests instead run against the real hub, with network, keep every assertion,
and record the examples' outputs in <folder> rather than comparing them with the
pages (which show the stand-ins' output).
"""

import os
import tempfile
from pathlib import Path

import pytest

from tests import standins
from tests.harness import netguard

HF_HOME = standins.default_home()
NETGUARD_LOG = Path(tempfile.mkdtemp(prefix="netguard-")) / "blocked.log"
SUBPROCESS_SITE = Path(__file__).parent / "harness" / "subprocess_site"

REAL_HUB = bool(os.environ.get("REAL_HUB_OUTPUTS"))

if not REAL_HUB:
    for variable in ("HF_HUB_CACHE", "HF_DATASETS_CACHE", "TRANSFORMERS_CACHE", "HF_ENDPOINT"):
        os.environ.pop(variable, None)
    os.environ.update(
        HF_HOME=str(HF_HOME),
        HF_HUB_OFFLINE="1",  # fail at once instead of retrying for 30-50 s
        NETGUARD_LOG=str(NETGUARD_LOG),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SUBPROCESS_SITE), os.environ.get("PYTHONPATH")])),
    )
    netguard.install()
os.environ.update(
    HF_HUB_DISABLE_PROGRESS_BARS="1",
    HF_HUB_DISABLE_TELEMETRY="1",
    TOKENIZERS_PARALLELISM="false",
    MPLBACKEND="Agg",
)
NETGUARD_LOG.touch()


def pytest_addoption(parser):
    parser.addoption(
        "--update-outputs",
        action="store_true",
        help="rewrite the outputs and figures shown on the pages from fresh runs",
    )


def pytest_sessionstart(session):
    if not REAL_HUB and not (HF_HOME / "hub").is_dir():
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"building offline stand-ins into {HF_HOME} (once per machine)")
        standins.build(HF_HOME, log=reporter.write_line)


@pytest.fixture(autouse=True)
def no_network():
    """Fail the test if anything tried to leave the machine, even if the error was swallowed."""
    before = NETGUARD_LOG.stat().st_size
    yield
    with NETGUARD_LOG.open() as log:
        log.seek(before)
        attempts = log.read()
    if attempts:
        pytest.fail(attempts.strip(), pytrace=False)
