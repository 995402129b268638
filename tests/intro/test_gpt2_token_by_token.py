import torch

from tests.harness.examples import example

run = example("intro/gpt2_token_by_token.py")


def test_manual_greedy_equals_generate(run):
    assert run.namespace["input_ids"].shape[1] == run.namespace["inputs"]["input_ids"].shape[1] + 8
    assert torch.equal(run.namespace["generated"], run.namespace["input_ids"])


def test_next_token_probabilities_are_a_distribution(run):
    probabilities = run.namespace["probabilities"]
    assert abs(probabilities.sum().item() - 1) < 1e-4
    assert run.namespace["top"].values[0] == probabilities.max()


def test_greedy_continuation_is_recognisable_text(run):
    text = run.namespace["tokenizer"].decode(run.namespace["generated"][0])
    words = text.split()
    assert len(words) >= 8
    vocabulary = set(" ".join(open(run.path.parents[1] / "data" / "reviews.csv").read().lower().split()).split())
    known = [w.strip(".,!?").lower() in vocabulary for w in words]
    assert sum(known) / len(known) > 0.8, text
