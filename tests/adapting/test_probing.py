import torch

from tests.harness.examples import example

run = example("adapting/probing.py")


def test_probe_beats_chance_by_a_wide_margin(run):
    ns = run.namespace
    trained = ns["accuracy"](ns["head"], ns["X_test"][-1], ns["y_test"])
    assert trained >= 0.7 and trained >= ns["accuracy"](ns["untrained"], ns["X_test"][-1], ns["y_test"]) + 0.15
    assert len(ns["y_test"]) == 120 and ns["y_test"].float().mean() == 0.5  # balanced held-out reviews


def test_only_the_head_is_trainable(run):
    ns = run.namespace
    assert sum(p.numel() for p in ns["head"].parameters()) == 384 * 2 + 2
    assert not any(p.requires_grad for p in ns["encoder"].parameters())


def test_every_layer_was_probed(run):
    ns = run.namespace
    assert ns["X_train"].shape == (7, 360, 384)
    assert len(ns["layer_accuracy"]) == 7 and all(a > 0.6 for a in ns["layer_accuracy"])
    assert torch.allclose(ns["X_train"].norm(dim=-1), torch.ones(7, 360), atol=1e-4)
