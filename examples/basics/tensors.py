"""Tensors: PyTorch's multidimensional arrays."""

# --8<-- [start:create]
import torch

vector = torch.tensor([1.0, 2.0, 3.0])
matrix = torch.tensor([[1, 2], [3, 4]])
zeros = torch.zeros(2, 3)
print(vector.shape, vector.dtype)  # floats default to 32-bit
print(matrix.shape, matrix.dtype)  # integers default to 64-bit
print(zeros)
# --8<-- [end:create]

# --8<-- [start:operations]
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
b = torch.tensor([[0.5, 0.0], [0.0, 2.0]])
print(a + b)  # element-wise
print(a * b)  # element-wise, not the matrix product
print(a @ b)  # matrix product
print(a.T)  # transpose
print(a.reshape(4))  # same numbers, another shape
print(a.mean(), a.sum(dim=0))  # reductions, whole or along a dimension
# --8<-- [end:operations]

# --8<-- [start:autograd]
w = torch.tensor(3.0, requires_grad=True)
loss = (2 * w - 1) ** 2
loss.backward()  # d(loss)/dw = 4 * (2w - 1) = 20 at w = 3
print(w.grad)
# --8<-- [end:autograd]
