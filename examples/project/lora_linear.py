"""LoRA in plain PyTorch: a frozen linear layer plus a trainable low-rank update."""

# --8<-- [start:layer]
import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    """h = W x + b + (alpha / r) * B A x, where W and b stay frozen."""

    def __init__(self, base: nn.Linear, r: int = 8, alpha: float = 16):
        super().__init__()
        self.base = base
        self.base.requires_grad_(False)  # the pretrained weights never change
        self.scaling = alpha / r
        # A: (r, d_in), random; B: (d_out, r), zero. So B A = 0 at the start.
        self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))  # as nn.Linear (and PEFT) do
        self.merged = False

    def forward(self, x):
        h = self.base(x)
        if not self.merged:
            # Two thin products, x A^T then B^T: never a full d_out x d_in matrix.
            h = h + (x @ self.lora_A.T @ self.lora_B.T) * self.scaling
        return h

    @torch.no_grad()
    def merge(self):
        """Fold the update into W: afterwards it is one plain linear layer again."""
        self.base.weight += self.scaling * (self.lora_B @ self.lora_A)
        self.merged = True
# --8<-- [end:layer]


# --8<-- [start:wrap]
torch.manual_seed(0)
d = 384  # the hidden size of all-MiniLM-L6-v2
pretrained = nn.Linear(d, d)  # stands for one pretrained projection, e.g. a query matrix
frozen_copy = nn.Linear(d, d)
frozen_copy.load_state_dict(pretrained.state_dict())  # kept aside to compare with

layer = LoRALinear(pretrained, r=8, alpha=16)
x = torch.randn(32, d)
with torch.no_grad():
    same_at_start = torch.equal(layer(x), frozen_copy(x))
print("output at initialisation equals the base layer's:", same_at_start)

trainable = sum(p.numel() for p in layer.parameters() if p.requires_grad)
frozen = sum(p.numel() for p in layer.parameters() if not p.requires_grad)
print(f"trainable: {trainable:,}  frozen: {frozen:,}  "
      f"fraction of W: {trainable / d**2:.4f} = 2r/d = {2 * 8 / d:.4f}")
# --8<-- [end:wrap]

# --8<-- [start:train]
# A toy task whose answer is exactly reachable: the "new" layer differs from
# the pretrained one by a rank-4 matrix, so a rank-8 update can learn it.
target_delta = 0.05 * torch.randn(d, 4) @ torch.randn(4, d)
inputs = torch.randn(256, d)
with torch.no_grad():
    targets = frozen_copy(inputs) + inputs @ target_delta.T

weight_before = pretrained.weight.clone()
optimizer = torch.optim.Adam([p for p in layer.parameters() if p.requires_grad], lr=1e-2)
for step in range(301):
    loss = nn.functional.mse_loss(layer(inputs), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(f"step {step:3d}  loss {loss.item():.5f}")

print("W unchanged by training:", torch.equal(pretrained.weight, weight_before))
print("gradient on W:", pretrained.weight.grad)
delta = layer.scaling * (layer.lora_B @ layer.lora_A)
print("rank of the learned update (alpha/r) B A:", torch.linalg.matrix_rank(delta).item(), "(at most r = 8)")
# --8<-- [end:train]

# --8<-- [start:merge]
with torch.no_grad():
    unmerged = layer(x)
    layer.merge()
    merged = layer(x)
difference = (merged - unmerged).abs().max().item()
print(f"merged vs unmerged, largest difference: {difference:.1e}")
# --8<-- [end:merge]
