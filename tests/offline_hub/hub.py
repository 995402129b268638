"""Where stand-ins go: the Hugging Face cache layouts that offline loading reads."""

import csv
import shutil
from pathlib import Path

# A fixed fake commit: offline loading only needs refs/main to name a snapshot.
COMMIT = "0" * 40
REPO_ROOT = Path(__file__).resolve().parents[2]
REVIEWS_CSV = REPO_ROOT / "examples" / "data" / "reviews.csv"


def model_snapshot(hf_home: Path, repo_id: str) -> Path:
    """Create hub/models--org--name/{refs/main, snapshots/COMMIT} and return the snapshot."""
    repo = hf_home / "hub" / ("models--" + repo_id.replace("/", "--"))
    snapshot = repo / "snapshots" / COMMIT
    if snapshot.exists():
        shutil.rmtree(snapshot)
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return snapshot


def read_reviews() -> tuple[list[str], list[int]]:
    with REVIEWS_CSV.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]
