"""A variational autoencoder (VAE) on scikit-learn's 8x8 digits: encode, decode, walk, sample."""

# --8<-- [start:data]
import matplotlib.pyplot as plt
import torch
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)  # a tiny model: one thread is as fast, and runs match on any machine

digits = load_digits()  # 1797 images of 8x8 pixels, values 0..16
images = torch.tensor(digits.data / 16, dtype=torch.float32)  # 64 pixels in [0, 1]
x_train, x_test, y_train, y_test = train_test_split(
    images, digits.target, test_size=0.2, random_state=0
)
print(f"train {tuple(x_train.shape)}, test {tuple(x_test.shape)}")
# --8<-- [end:data]

# --8<-- [start:model]
LATENT = 4  # each digit is summarised by 4 numbers


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 2 * LATENT))
        self.decoder = nn.Sequential(nn.Linear(LATENT, 256), nn.ReLU(), nn.Linear(256, 64))

    def encode(self, x):
        mean, log_var = self.encoder(x).chunk(2, dim=-1)  # a Gaussian in latent space per image
        return mean, log_var

    def decode(self, z):
        return torch.sigmoid(self.decoder(z))  # pixel intensities in [0, 1]

    def forward(self, x):
        mean, log_var = self.encode(x)
        z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)  # reparameterisation trick
        return self.decode(z), mean, log_var


vae = VAE()
untrained = VAE()
untrained.load_state_dict(vae.state_dict())  # a copy of the starting weights, to compare with
# --8<-- [end:model]

# --8<-- [start:train]
optimizer = torch.optim.Adam(vae.parameters(), lr=2e-3)
for epoch in range(60):
    total = 0.0
    for batch in torch.randperm(len(x_train)).split(64):
        x = x_train[batch]
        reconstruction, mean, log_var = vae(x)
        rebuild = nn.functional.binary_cross_entropy(reconstruction, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + log_var - mean**2 - log_var.exp())  # KL(q(z|x) || N(0, I))
        loss = (rebuild + kl) / len(x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(x)
    if epoch % 15 == 0 or epoch == 59:
        print(f"epoch {epoch:>2}: loss per image {total / len(x_train):.2f}")
vae.eval()
# --8<-- [end:train]

# --8<-- [start:reconstruct]
def reconstruct(model, x):
    with torch.no_grad():
        return model.decode(model.encode(x)[0])  # decode the mean: no sampling noise


mse = {
    "VAE": ((reconstruct(vae, x_test) - x_test) ** 2).mean().item(),
    "mean training image": ((x_train.mean(dim=0) - x_test) ** 2).mean().item(),
    "untrained VAE": ((reconstruct(untrained, x_test) - x_test) ** 2).mean().item(),
}
print("\nreconstruction MSE on test digits:")
for name, value in mse.items():
    print(f"  {name:<20} {value:.3f}")

examples = torch.stack([x_test[y_test == d][0] for d in range(10)])  # one test image per digit
fig, axes = plt.subplots(2, 10, figsize=(7, 1.7))
for column, (original, decoded) in enumerate(zip(examples, reconstruct(vae, examples))):
    axes[0, column].imshow(original.view(8, 8), cmap="gray_r", vmin=0, vmax=1)
    axes[1, column].imshow(decoded.view(8, 8), cmap="gray_r", vmin=0, vmax=1)
for ax in axes.flat:
    ax.set_axis_off()
axes[0, 0].set_title("test digits (top), reconstructions (bottom)", loc="left", fontsize=10)
# --8<-- [end:reconstruct]

# --8<-- [start:walk]
with torch.no_grad():
    z_test = vae.encode(x_test)[0]
start, end = z_test[y_test == 0][0], z_test[y_test == 7][0]  # a 0 and a 7
steps = torch.linspace(0, 1, 10)[:, None]
walk = (1 - steps) * start + steps * end  # a straight line in latent space
with torch.no_grad():
    walk_images = vae.decode(walk)

# Four latent dimensions do not fit on paper: project them onto their first two principal axes.
pca = PCA(n_components=2).fit(z_test)
fig, (ax_map, ax_walk) = plt.subplots(
    1, 2, figsize=(8, 3.6), dpi=150, width_ratios=[1, 1.2], layout="constrained"
)
ax_map.scatter(*pca.transform(z_test).T, c=y_test, cmap="tab10", s=6, rasterized=True)
for d in range(10):  # write each digit at the centre of its cluster
    centre = pca.transform(z_test[y_test == d]).mean(axis=0)
    ax_map.annotate(str(d), centre, fontsize=11, weight="bold")
ax_map.plot(*pca.transform(walk).T, "k.-", lw=1)
ax_map.set(title="test digits in latent space (PCA)", xticks=[], yticks=[])
frames = nn.functional.pad(walk_images.view(10, 8, 8), (1, 1, 1, 1))  # a white border each
mosaic = frames.view(2, 5, 10, 10).permute(0, 2, 1, 3).reshape(20, 50)  # 2 rows of 5 frames
ax_walk.imshow(mosaic, cmap="gray_r", vmin=0, vmax=1)
ax_walk.set_axis_off()
ax_walk.set_title("decoded along the line, from the 0 to the 7")
# --8<-- [end:walk]

# --8<-- [start:sample]
torch.manual_seed(1)
z = torch.randn(200, LATENT)  # random points from the prior N(0, I)
with torch.no_grad():
    generated, generated_untrained = vae.decode(z), untrained.decode(z)


def nearest_distance(samples, reference):
    """Mean Euclidean distance from each sample to its nearest reference image."""
    return torch.cdist(samples, reference).min(dim=1).values.mean().item()


print("\nmean distance to the nearest test digit:")
print(f"  200 VAE samples            {nearest_distance(generated, x_test):.2f}")
print(f"  200 untrained-VAE samples  {nearest_distance(generated_untrained, x_test):.2f}")
mean_image = x_train.mean(dim=0, keepdim=True)
print(f"  the mean training image    {nearest_distance(mean_image, x_test):.2f}")
print(f"  real training digits       {nearest_distance(x_train[:200], x_test):.2f}")

fig, axes = plt.subplots(3, 12, figsize=(7, 1.9))
for ax, image in zip(axes.flat, generated):
    ax.imshow(image.view(8, 8), cmap="gray_r", vmin=0, vmax=1)
    ax.set_axis_off()
axes[0, 0].set_title("decoded from random latent vectors", loc="left", fontsize=10)
# --8<-- [end:sample]
