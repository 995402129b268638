"""A Dataset, a DataLoader and a training loop that learns to multiply."""

# --8<-- [start:dataset]
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


class NumberProductDataset(Dataset):
    """Pairs (n, n + 1) with their product as the target."""

    def __init__(self, data_range=(1, 10)):
        self.numbers = list(range(data_range[0], data_range[1]))

    def __getitem__(self, index):
        number1 = self.numbers[index]
        number2 = self.numbers[index] + 1
        return (number1, number2), number1 * number2

    def __len__(self):
        return len(self.numbers)


dataset = NumberProductDataset(data_range=(0, 11))
print(dataset[3])
# --8<-- [end:dataset]

# --8<-- [start:dataloader]
small_dataset = NumberProductDataset(data_range=(0, 5))
# A seeded generator makes the shuffled order the same on every run.
dataloader = DataLoader(small_dataset, batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(0))
for number_pairs, products in dataloader:
    print(number_pairs, products)
# --8<-- [end:dataloader]

# --8<-- [start:training]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1))  # 2 numbers in, 1 number out
loss_function = nn.MSELoss()  # a regression target: mean squared error
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
dataloader = DataLoader(dataset, batch_size=4, shuffle=True, generator=torch.Generator().manual_seed(0))

epoch_losses = []
for epoch in range(300):
    total_loss = 0.0
    for (number1, number2), products in dataloader:
        inputs = torch.stack([number1, number2], dim=1).float()  # (batch, 2) floats
        targets = products.float().unsqueeze(1)  # (batch, 1), the shape of the output
        predictions = model(inputs)
        loss = loss_function(predictions, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    epoch_losses.append(total_loss)
    if epoch % 50 == 0 or epoch == 299:
        print(f"Epoch {epoch:3d}: sum of batch losses = {total_loss:10.3f}")
# --8<-- [end:training]

# --8<-- [start:predict]
with torch.no_grad():  # (7, 8) is a training pair: this shows fit, not generalisation
    print(f"7 x 8 = {model(torch.tensor([[7.0, 8.0]])).item():.1f} (true: 56)")
# --8<-- [end:predict]
