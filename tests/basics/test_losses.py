import math

import pytest

from tests.harness.examples import example

run = example("basics/losses.py")


def test_cross_entropy_reproduces_the_notes(run):
    expected = -math.log(math.exp(6) / (math.exp(2) + math.exp(6)))
    assert run.namespace["ce_loss"].item() == pytest.approx(expected, rel=1e-5)
    assert "cross-entropy: 0.0181" in run.stdout  # the value the notes give


def test_mse_reproduces_the_notes(run):
    assert run.namespace["mse_loss"].item() == 400000000.0
    assert "mean squared error: 400000000.0" in run.stdout
