import torch

from tests.harness.examples import example

run = example("adapting/self_attention.py")


def test_hand_computed_attention_matches_the_model(run):
    ns = run.namespace
    tokens, heads = ns["tokens"], ns["heads"]
    assert ns["weights"].shape == (heads, len(tokens), len(tokens))
    assert torch.allclose(ns["weights"], ns["outputs"].attentions[0][0], atol=1e-5)
    assert torch.allclose(ns["weights"].sum(-1), torch.ones(heads, len(tokens)), atol=1e-5)
    assert ns["mixed"].shape == (heads, len(tokens), ns["d"]) and heads * ns["d"] == 384


def test_it_looks_at_the_dog_more_than_at_the_road(run):
    row, tokens = run.namespace["row"], run.namespace["tokens"]
    assert row[tokens.index("dog")] > row[tokens.index("road")]


def test_parameter_count_adds_up(run):
    ns = run.namespace
    model = ns["model"]
    parts = ns["count"](model.embeddings) + ns["count"](model.encoder) + ns["count"](model.pooler)
    assert parts == ns["total"] == 22_713_216
    assert "LLaMA-65B has about 2,862 times as many" in run.stdout
