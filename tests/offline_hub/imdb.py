"""Dataset `imdb`: the project's review corpus with IMDB's splits and features.

`load_dataset("imdb")` with HF_HUB_OFFLINE=1 falls back to a dataset prepared in
HF_HOME/datasets/imdb/<config>/<version>/<hash>/, so the stand-in is prepared there.
"""

import shutil
import tempfile
from pathlib import Path

from datasets import ClassLabel, Dataset, Features, Value
from datasets.packaged_modules.parquet.parquet import Parquet

from .hub import read_reviews

FEATURES = Features({"text": Value("string"), "label": ClassLabel(names=["neg", "pos"])})
TEST_FRACTION = 0.25
SPLIT_SEED = 0


def splits() -> dict[str, Dataset]:
    texts, labels = read_reviews()
    labelled = Dataset.from_dict({"text": texts, "label": labels}, features=FEATURES)
    train_test = labelled.train_test_split(
        test_size=TEST_FRACTION, seed=SPLIT_SEED, stratify_by_column="label"
    )
    # IMDB's third split holds unlabelled reviews (label -1). Here: the train
    # reviews without their labels, so that no test review leaks into it.
    unsupervised = Dataset.from_dict(
        {"text": train_test["train"]["text"], "label": [-1] * len(train_test["train"])}, features=FEATURES
    )
    return {"train": train_test["train"], "test": train_test["test"], "unsupervised": unsupervised}


def build(hf_home: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, split in splits().items():
            files[name] = f"{tmp}/{name}.parquet"
            split.to_parquet(files[name])
        builder = Parquet(
            cache_dir=f"{tmp}/cache",
            dataset_name="imdb",
            config_name="plain_text",
            data_files=files,
            features=FEATURES,
            hash="standin",
        )
        builder.download_and_prepare()
        # The parquet builder names its folder plain_text-<hash of the files>;
        # the offline lookup wants the bare config name.
        target = hf_home / "datasets" / "imdb" / "plain_text" / "0.0.0" / "standin"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(builder.cache_dir, target, ignore=shutil.ignore_patterns("*.lock"))
