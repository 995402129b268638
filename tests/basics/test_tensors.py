import numpy as np
import torch

from tests.harness.examples import example

run = example("basics/tensors.py")


def test_default_dtypes(run):
    assert run.namespace["vector"].dtype == torch.float32
    assert run.namespace["matrix"].dtype == torch.int64


def test_matrix_product_differs_from_elementwise(run):
    a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, 0.0], [0.0, 2.0]])
    assert "tensor([[0.5000, 4.0000]," in run.stdout  # a @ b, first row
    assert np.allclose((run.namespace["a"] @ run.namespace["b"]).numpy(), a @ b)
    assert np.allclose((run.namespace["a"] * run.namespace["b"]).numpy(), a * b)


def test_autograd_gradient(run):
    # d/dw (2w - 1)^2 = 4(2w - 1) = 20 at w = 3
    assert run.namespace["w"].grad.item() == 20.0
