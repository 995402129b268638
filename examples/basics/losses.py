"""Loss functions: cross-entropy for classes, mean squared error for numbers."""

# --8<-- [start:cross_entropy]
import torch
import torch.nn as nn

ce_loss_function = nn.CrossEntropyLoss()
target_tensor = torch.tensor([1])  # the right class is class 1
predicted_tensor = torch.tensor([[2.0, 6.0]])  # raw scores (logits), not probabilities
ce_loss = ce_loss_function(predicted_tensor, target_tensor)
print(f"cross-entropy: {ce_loss.item():.4f}")  # = -log(softmax([2, 6])[1])
# --8<-- [end:cross_entropy]

# --8<-- [start:mse]
mse_loss_function = nn.MSELoss()
predicted_tensor = torch.tensor([320000.0])
actual_tensor = torch.tensor([300000.0])
mse_loss = mse_loss_function(predicted_tensor, actual_tensor)
print(f"mean squared error: {mse_loss.item()}")  # (320000 - 300000) ** 2
# --8<-- [end:mse]
