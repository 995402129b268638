"""Every test runs offline against stand-ins of the hub ids the pages use.

The environment is set here, before any test module imports huggingface_hub
or transformers (both read it once, at import).

With REAL_HUB_OUTPUTS=<folder> set (the weekly .github/workflows/hub.yml job),
the tests instead run against the real hub, with network, keep every assertion,
and record the examples' outputs in <folder> rather than comparing them with the
pages (which show the stand-ins' output), and <folder>/provenance.json: the
commit each hub id resolved to and the library versions, so that a changed
answer can be traced to the model or to the code.
"""

import importlib.metadata
import json
import os
import tempfile
from pathlib import Path

import pytest

from tests.harness.portability import pin_numerics

pin_numerics()  # before anything imports torch, numpy or scikit-learn: they read it once

from tests import offline_hub  # noqa: E402
from tests.harness import netguard  # noqa: E402

HF_HOME = offline_hub.default_home()
NETGUARD_LOG = Path(tempfile.mkdtemp(prefix="netguard-")) / "blocked.log"
TESTS = Path(__file__).parent
SUBPROCESS_SITE = TESTS / "harness" / "subprocess_site"
SITE_ONLY = ("site", "browser")  # folders whose tests check the built site and load no model

REAL_HUB = bool(os.environ.get("REAL_HUB_OUTPUTS"))
# What the real-hub run records in provenance.json: every id of the offline hub's
# registry, and the libraries that run them.
HUB_DATASETS = tuple(entry.hub_id for entry in offline_hub.REGISTRY if entry.dataset)
HUB_MODELS = tuple(entry.hub_id for entry in offline_hub.REGISTRY if not entry.dataset)
LIBRARIES = (
    "torch", "transformers", "tokenizers", "datasets", "huggingface-hub",
    "peft", "accelerate", "sentence-transformers", "scikit-learn",
)

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


def pytest_collection_finish(session):
    """Build the stand-ins once per machine, when a test that may load a model is about to run."""
    loads_models = any(Path(item.path).relative_to(TESTS).parts[0] not in SITE_ONLY for item in session.items)
    if loads_models and not REAL_HUB and not (HF_HOME / "hub").is_dir():
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"building offline stand-ins into {HF_HOME} (once per machine)")
        offline_hub.build(HF_HOME, log=reporter.write_line)


def pytest_sessionfinish(session):
    if REAL_HUB:
        record_provenance(Path(os.environ["REAL_HUB_OUTPUTS"]))


def record_provenance(folder: Path) -> Path:
    """Write <folder>/provenance.json: the hub's commit of each model and dataset, the library versions."""
    import huggingface_hub  # only the real-hub run asks the hub

    provenance = {
        "models": {repo_id: huggingface_hub.model_info(repo_id).sha for repo_id in HUB_MODELS},
        "datasets": {repo_id: huggingface_hub.dataset_info(repo_id).sha for repo_id in HUB_DATASETS},
        "libraries": {name: importlib.metadata.version(name) for name in LIBRARIES},
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "provenance.json"
    path.write_text(json.dumps(provenance, indent=2) + "\n")
    return path


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
