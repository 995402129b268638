"""A GAN on 2-D data: eight Gaussian blobs on a ring."""

# --8<-- [start:data]
import math

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)  # tiny models: one thread is as fast, and runs match on any machine

angles = torch.arange(8) * 2 * math.pi / 8
centres = 2 * torch.stack([angles.cos(), angles.sin()], dim=1)  # 8 "modes" on a circle of radius 2


def real_points(n, generator=None):
    """Pick a blob at random, then add a little Gaussian noise (std 0.1)."""
    blob = torch.randint(0, 8, (n,), generator=generator)
    return centres[blob] + 0.1 * torch.randn(n, 2, generator=generator)


held_out = real_points(500, torch.Generator().manual_seed(1))
# --8<-- [end:data]

# --8<-- [start:model]
def mlp(inputs, outputs, activation):
    return nn.Sequential(
        nn.Linear(inputs, 128), activation,
        nn.Linear(128, 128), activation,
        nn.Linear(128, outputs),
    )


generator = mlp(2, 2, nn.ReLU())  # random 2-D noise z -> a fake point
discriminator = mlp(2, 1, nn.LeakyReLU(0.2))  # a point -> logit of "this is real"
untrained = mlp(2, 2, nn.ReLU())
untrained.load_state_dict(generator.state_dict())  # a copy of the starting generator

optimizer_g = torch.optim.Adam(generator.parameters(), lr=1e-3, betas=(0.5, 0.999))
optimizer_d = torch.optim.Adam(discriminator.parameters(), lr=1e-3, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()  # binary cross-entropy on logits
# --8<-- [end:model]

# --8<-- [start:train]
# The same 500 noise vectors go through the generator at each snapshot.
z_fixed = torch.randn(500, 2, generator=torch.Generator().manual_seed(2))
snapshots = {}
steps, batch = 1500, 256
ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)
for step in range(steps):
    if step in (0, 150, 300, 700):
        with torch.no_grad():
            snapshots[step] = generator(z_fixed)
    real = real_points(batch)
    fake = generator(torch.randn(batch, 2))

    # 1. Discriminator: call real points real (1) and generated points fake (0).
    loss_d = bce(discriminator(real), ones) + bce(discriminator(fake.detach()), zeros)
    optimizer_d.zero_grad()
    loss_d.backward()
    optimizer_d.step()

    # 2. Generator: make the discriminator call its points real.
    loss_g = bce(discriminator(fake), ones)
    optimizer_g.zero_grad()
    loss_g.backward()
    optimizer_g.step()
    if step % 300 == 0:
        print(f"step {step:>4}: discriminator loss {loss_d:.2f}, generator loss {loss_g:.2f}")
with torch.no_grad():
    snapshots[steps] = generator(z_fixed)  # the trained generator
# --8<-- [end:train]

# --8<-- [start:measure]
def mode_report(points):
    """How many of the 8 blobs the points hit (within 3 std of a centre), and what share does."""
    distance, nearest = torch.cdist(points, centres).min(dim=1)
    on_a_blob = distance < 0.3
    return len(set(nearest[on_a_blob].tolist())), on_a_blob.float().mean().item()


def energy_distance(a, b):
    """A two-sample statistic: 0 when both sets come from one distribution, larger when not."""
    mean_distance = lambda x, y: torch.cdist(x, y).mean()  # average over all pairs
    return (2 * mean_distance(a, b) - mean_distance(a, a) - mean_distance(b, b)).item()


samples = snapshots[steps]
with torch.no_grad():
    samples_untrained = untrained(z_fixed)
print("\n500 points each      blobs hit  on a blob  energy distance to held-out data")
for name, points in [
    ("GAN", samples),
    ("untrained GAN", samples_untrained),
    ("real data", real_points(500)),
]:
    blobs, share = mode_report(points)
    energy = energy_distance(points, held_out)
    print(f"  {name:<17} {blobs:>5} / 8  {share:>9.2f}  {energy:>15.3f}")
# --8<-- [end:measure]

# --8<-- [start:plot]
# Thousands of dots would make a heavy vector image: draw them as pixels (rasterized=True),
# at 150 dots per inch so they stay sharp.
fig, axes = plt.subplots(
    1, len(snapshots), figsize=(9, 2.3), dpi=150, sharex=True, sharey=True, layout="constrained"
)
for ax, (step, points) in zip(axes, snapshots.items()):
    ax.scatter(*held_out.T, s=3, color="0.7", rasterized=True)
    ax.scatter(*points.T, s=3, color="tab:red", rasterized=True)
    ax.set_title(f"step {step}", fontsize=10)
    ax.set_aspect("equal")
axes[0].set(xlim=(-3.5, 3.5), ylim=(-3.5, 3.5), xticks=[], yticks=[])
fig.suptitle("Real points (grey) and the generator's points (red) during training")
# --8<-- [end:plot]
