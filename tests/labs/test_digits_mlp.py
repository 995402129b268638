import math
import re

import nbformat

from tests.labs import probes
from tests.labs.notebooks import execute, images, lab, read_source

LAB = "labs/digits_mlp.py"
# Stands in for OpenML's MNIST: scikit-learn's digits blown up to 28×28 pixels of
# 0-255 grey levels with string labels, the shape and types fetch_openml returns.
FAKE_OPENML = """
import numpy as np
import sklearn.datasets

FETCHED = []

def fetch_openml(name, **kwargs):
    FETCHED.append(name)
    digits = sklearn.datasets.load_digits()
    big = np.kron(digits.images, np.ones((3, 3)))  # 8x8 -> 24x24
    big = np.pad(big, ((0, 0), (2, 2), (2, 2))) * 255 / 16  # -> 28x28, grey levels 0-255
    return big.reshape(len(big), -1), digits.target.astype(str)

sklearn.datasets.fetch_openml = fetch_openml
"""

run = lab(LAB)


def with_mnist(notebook):
    """The lab as a reader who sets DATASET = "mnist" runs it."""
    cells = [cell for cell in notebook.cells if 'DATASET = "digits"' in cell.source]
    assert len(cells) == 1
    cells[0].source = cells[0].source.replace('DATASET = "digits"', 'DATASET = "mnist"', 1)
    return notebook


def test_uses_the_8x8_digits_by_default(run):
    assert run.namespace["side"] == 8 and run.namespace["n_images"] == 1797
    assert run.namespace["fetched"] == []
    assert "1797 images of 8×8 pixels" in run.stdout


def test_the_mlp_reads_digits(run):
    assert run.namespace["test_accuracy"] > 0.95
    assert run.namespace["train_accuracy"] >= run.namespace["test_accuracy"]
    assert run.namespace["n_test"] == math.ceil(0.25 * run.namespace["n_images"])


def test_the_page_prints_both_accuracies(run):
    printed = dict(re.findall(r"(train|test) accuracy:\s+([\d.]+)", run.stdout))
    assert float(printed["train"]) == round(run.namespace["train_accuracy"], 3)
    assert float(printed["test"]) == round(run.namespace["test_accuracy"], 3)
    assert f"{run.namespace['n_wrong']} of {run.namespace['n_test']} test images are misclassified" in run.stdout


def test_the_page_has_the_prediction_grid_and_the_mistakes(run):
    assert len(images(run.notebook)) == 2


def test_the_same_code_takes_mnist_when_it_is_available(tmp_path):
    notebook = with_mnist(read_source(LAB))
    notebook.cells.insert(0, nbformat.v4.new_code_cell(FAKE_OPENML, id="fake-openml"))
    run = execute(notebook, tmp_path, probe=probes.DIGITS_MLP)
    assert run.namespace["fetched"] == ["mnist_784"]
    assert run.namespace["side"] == 28 and "1797 images of 28×28 pixels" in run.stdout
    assert "Falling back" not in run.stdout
    assert run.namespace["test_accuracy"] > 0.9
    assert len(images(run.notebook)) == 2


def test_mnist_offline_falls_back_to_the_digits_with_a_message(tmp_path):
    # The kernel keeps the network guard but logs refusals to its own file, so the
    # refused attempt is evidence here rather than a failure of the whole test.
    blocked = tmp_path / "blocked.log"
    blocked.touch()
    run = execute(with_mnist(read_source(LAB)), tmp_path, env={"NETGUARD_LOG": str(blocked)}, probe=probes.DIGITS_MLP)
    assert "openml" in blocked.read_text()  # it did try, and the guard refused
    assert "Could not fetch MNIST from OpenML" in run.stdout
    assert "Falling back to the 8×8 digits" in run.stdout
    assert run.namespace["side"] == 8 and run.namespace["test_accuracy"] > 0.95
