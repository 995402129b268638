import torch

from tests.harness.examples import example

run = example("basics/mlp.py")


def test_one_score_per_class(run):
    assert run.namespace["logits"].shape == (4, 2)


def test_parameter_count(run):
    hidden, output = 10 * 64 + 64, 64 * 2 + 2
    assert run.namespace["parameter_count"] == hidden + output
    assert f"{hidden + output} parameters" in run.stdout


def test_relu_between_layers(run):
    model = run.namespace["model"]
    hidden = model.activation(model.hidden_layer(run.namespace["batch"]))
    assert (hidden >= 0).all()
    assert torch.allclose(model.output_layer(hidden), run.namespace["logits"])
