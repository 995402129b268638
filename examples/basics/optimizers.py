"""Optimizers: SGD with momentum and Adam minimise the same function."""

# --8<-- [start:optimizers]
import torch
import torch.optim as optim


def minimise(make_optimizer, steps=50):
    """Minimise (w - 3)^2 from w = 0 and return the final w."""
    w = torch.tensor(0.0, requires_grad=True)
    optimizer = make_optimizer([w])
    for _ in range(steps):
        loss = (w - 3) ** 2
        optimizer.zero_grad()  # gradients add up unless cleared
        loss.backward()  # compute d(loss)/dw
        optimizer.step()  # move w against the gradient
    return w.item()


print(f"SGD:               w = {minimise(lambda p: optim.SGD(p, lr=0.01)):.3f}")
print(f"SGD with momentum: w = {minimise(lambda p: optim.SGD(p, lr=0.01, momentum=0.9)):.3f}")
print(f"Adam:              w = {minimise(lambda p: optim.Adam(p, lr=0.1)):.3f}")
# --8<-- [end:optimizers]
