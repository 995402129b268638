import torch
from torch import nn

from tests.harness.examples import example
from tests.harness.outputs import Tolerance

run = example("project/lora_linear.py", tolerances={
    r"loss": Tolerance(abs=0.0002),  # a training run: the fifth decimal of the loss may move
    r"merged vs unmerged": Tolerance(abs=1e-5),  # pure float32 rounding noise, below 1e-5 by the test
})


def test_output_at_initialisation_equals_the_base_layer(run):
    assert run.namespace["same_at_start"] is True
    # And for a fresh layer of another shape: B = 0 makes the update vanish exactly.
    LoRALinear = run.namespace["LoRALinear"]
    base = nn.Linear(20, 7)
    layer = LoRALinear(base, r=4, alpha=8)
    x = torch.randn(5, 20)
    with torch.no_grad():
        assert torch.equal(layer(x), base(x))
    assert torch.count_nonzero(layer.lora_B) == 0 and torch.count_nonzero(layer.lora_A) > 0


def test_only_a_and_b_train(run):
    layer = run.namespace["layer"]
    trainable = {name for name, p in layer.named_parameters() if p.requires_grad}
    assert trainable == {"lora_A", "lora_B"}
    assert run.namespace["trainable"] == 2 * 8 * 384
    assert torch.equal(run.namespace["pretrained"].bias, run.namespace["frozen_copy"].bias)
    assert run.namespace["pretrained"].weight.grad is None
    assert "W unchanged by training: True" in run.stdout


def test_training_fits_the_low_rank_change(run):
    losses = [float(line.split()[-1]) for line in run.stdout.splitlines() if line.startswith("step")]
    assert losses[-1] < losses[0] / 1000
    assert torch.linalg.matrix_rank(run.namespace["delta"]) <= 8


def test_merged_and_unmerged_outputs_agree(run):
    assert run.namespace["layer"].merged
    assert run.namespace["difference"] < 1e-5
    # Independently: merge a layer whose B is not zero and compare.
    LoRALinear = run.namespace["LoRALinear"]
    torch.manual_seed(1)
    layer = LoRALinear(nn.Linear(64, 32), r=4, alpha=8)
    with torch.no_grad():
        layer.lora_B.normal_()
        x = torch.randn(10, 64)
        before = layer(x)
        layer.merge()
        assert (layer(x) - before).abs().max() < 1e-5
