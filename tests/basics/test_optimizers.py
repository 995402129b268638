import re

from tests.harness.examples import example

run = example("basics/optimizers.py")


def final_w(run, name):
    return float(re.search(rf"^{name}:\s+w = (-?[\d.]+)", run.stdout, re.M).group(1))


def test_momentum_gets_closer_than_plain_sgd(run):
    assert abs(final_w(run, "SGD with momentum") - 3) < abs(final_w(run, "SGD") - 3)


def test_adam_reaches_the_minimum(run):
    assert abs(final_w(run, "Adam") - 3) < 0.5
    assert abs(run.namespace["minimise"](lambda p: run.namespace["optim"].Adam(p, lr=0.1), steps=300) - 3) < 0.01
