"""A small DDPM (denoising diffusion probabilistic model) on the 2-D two-moons data."""

# --8<-- [start:data]
import matplotlib.pyplot as plt
import torch
from sklearn.datasets import make_moons
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)  # a tiny model: one thread is as fast, and runs match on any machine

points, _ = make_moons(n_samples=2000, noise=0.05, random_state=0)
mean, std = points.mean(axis=0), points.std(axis=0)
data = torch.tensor((points - mean) / std, dtype=torch.float32)  # same scale as the noise
more_points, _ = make_moons(500, noise=0.05, random_state=1)  # never trained on
held_out = torch.tensor((more_points - mean) / std, dtype=torch.float32)
# --8<-- [end:data]

# --8<-- [start:schedule]
T = 50  # number of noising steps
betas = torch.linspace(1e-4, 0.2, T)  # variance of the noise added at step t
alphas = 1 - betas
alpha_bars = torch.cumprod(alphas, dim=0)  # how much of x_0 survives after t steps


def noisy(x0, t, noise):
    """x0 after t + 1 noising steps, in one jump (Python counts the steps from 0)."""
    a = alpha_bars[t].view(-1, 1)
    return a.sqrt() * x0 + (1 - a).sqrt() * noise


signal, noise_scale = alpha_bars[-1].sqrt(), (1 - alpha_bars[-1]).sqrt()
print(f"after {T} steps: signal scale {signal:.3f}, noise scale {noise_scale:.3f}")
# --8<-- [end:schedule]

# --8<-- [start:model]
class NoisePredictor(nn.Module):
    """Given a noisy point x_t and the step t, guess the noise that was added."""

    def __init__(self, hidden=128):
        super().__init__()
        self.point = nn.Linear(2, hidden)
        self.step = nn.Embedding(T, hidden)  # a learned vector for each step t
        self.net = nn.Sequential(
            nn.SiLU(), nn.Linear(hidden, hidden),
            nn.SiLU(), nn.Linear(hidden, hidden),
            nn.SiLU(), nn.Linear(hidden, 2),
        )

    def forward(self, x, t):
        return self.net(self.point(x) + self.step(t))


model = NoisePredictor()
untrained = NoisePredictor()
untrained.load_state_dict(model.state_dict())  # a copy of the starting weights, to compare with
# --8<-- [end:model]

# --8<-- [start:train]
steps = 3000
optimizer = torch.optim.Adam(model.parameters(), lr=2e-2)
schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=2e-2, total_steps=steps)
for step in range(steps):
    x0 = data[torch.randint(0, len(data), (256,))]
    t = torch.randint(0, T, (256,))  # a random step for every point
    noise = torch.randn_like(x0)
    loss = ((model(noisy(x0, t, noise), t) - noise) ** 2).mean()  # "predict the noise" regression
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    schedule.step()
    if step % 1000 == 0 or step == steps - 1:
        print(f"step {step:>4}: noise-prediction MSE {loss.item():.3f}")
# --8<-- [end:train]

# --8<-- [start:sample]
@torch.no_grad()
def sample(predictor, n, seed, keep=(25, 10, 0)):
    """Start from pure noise and remove a little predicted noise at each step, t = T-1 ... 0."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 2, generator=generator)
    snapshots = {T: x}
    for t in reversed(range(T)):
        predicted = predictor(x, torch.full((n,), t))
        x = (x - betas[t] / (1 - alpha_bars[t]).sqrt() * predicted) / alphas[t].sqrt()
        if t > 0:  # add back a little fresh noise, except on the last step
            x = x + betas[t].sqrt() * torch.randn(n, 2, generator=generator)
        if t in keep:
            snapshots[t] = x  # t steps still to go
    return x, snapshots


samples, snapshots = sample(model, 500, seed=1)
samples_untrained, _ = sample(untrained, 500, seed=1)
# --8<-- [end:sample]

# --8<-- [start:measure]
def energy_distance(a, b):
    """A two-sample statistic: 0 when both sets come from one distribution, larger when not."""
    mean_distance = lambda x, y: torch.cdist(x, y).mean()  # average over all pairs
    return (2 * mean_distance(a, b) - mean_distance(a, a) - mean_distance(b, b)).item()


def nearest_distance(a, b):
    """Mean distance from each point of a to its nearest point of b."""
    return torch.cdist(a, b).min(dim=1).values.mean().item()


noise_only = torch.randn(500, 2, generator=torch.Generator().manual_seed(2))
print("\ncompared with 500 held-out moons points:   energy distance   nearest-point distance")
for name, points in [
    ("500 DDPM samples", samples),
    ("500 Gaussian noise points (start)", noise_only),
    ("500 untrained-model samples", samples_untrained),
    ("500 more real moons points", data[:500]),
]:
    energy, nearest = energy_distance(points, held_out), nearest_distance(points, held_out)
    print(f"  {name:<36} {energy:>14.3f}   {nearest:>20.3f}")
# --8<-- [end:measure]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(5, 2.6), layout="constrained")
ax.plot(range(1, T + 1), alpha_bars.sqrt(), label=r"signal $\sqrt{\bar\alpha_t}$")
ax.plot(range(1, T + 1), (1 - alpha_bars).sqrt(), label=r"noise $\sqrt{1-\bar\alpha_t}$")
ax.set(xlabel="step t", title="The noise schedule")
ax.legend()

# Thousands of dots would make a heavy vector image: draw them as pixels (rasterized=True),
# at 150 dots per inch so they stay sharp.
fig, axes = plt.subplots(
    2, 4, figsize=(8, 4.4), dpi=150, sharex=True, sharey=True, layout="constrained"
)
noise = torch.randn(500, 2, generator=torch.Generator().manual_seed(3))
for ax, t in zip(axes[0], [0, 10, 25, T]):
    x = data[:500] if t == 0 else noisy(data[:500], torch.tensor(t - 1), noise)
    ax.scatter(*x.T, s=3, color="tab:blue", rasterized=True)
    ax.set_title("data" if t == 0 else f"after {t} noising steps", fontsize=10)
for ax, t in zip(axes[1], [T, 25, 10, 0]):
    ax.scatter(*snapshots[t].T, s=3, color="tab:orange", rasterized=True)
    ax.set_title("fresh noise" if t == T else f"{t} steps to go" if t else "samples", fontsize=10)
axes[0, 0].set(xlim=(-4, 4), ylim=(-4, 4), xticks=[], yticks=[])
fig.suptitle("Forward: data is noised (top). Reverse: the model denoises fresh noise (bottom).")
# --8<-- [end:plot]
