"""A multi-layer perceptron as an nn.Module."""

# --8<-- [start:model]
import torch
import torch.nn as nn


class MLP(nn.Module):
    def __init__(self, input_size):
        super().__init__()
        self.hidden_layer = nn.Linear(input_size, 64)
        self.output_layer = nn.Linear(64, 2)
        self.activation = nn.ReLU()

    def forward(self, x):
        x = self.activation(self.hidden_layer(x))
        return self.output_layer(x)
# --8<-- [end:model]


# --8<-- [start:use]
torch.manual_seed(0)  # the layers start from random weights
model = MLP(input_size=10)
print(model)

batch = torch.randn(4, 10)  # 4 examples with 10 features each
logits = model(batch)
print(logits.shape)  # one score per class for each example

parameter_count = sum(p.numel() for p in model.parameters())
print(f"{parameter_count} parameters")  # (10*64 + 64) + (64*2 + 2)
# --8<-- [end:use]
