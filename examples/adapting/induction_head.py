"""In-context learning in miniature: a 2-layer Transformer learns to copy a repeated random sequence."""

# --8<-- [start:data]
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(1)  # tiny model: one thread is as fast, and far faster on a busy machine
VOCAB = 32  # token ids 0..31, drawn uniformly: nothing to learn about which comes next
LENGTHS = range(8, 17)  # each batch draws its own length L, so no fixed position gives the answer


def repeated_sequences(n, length, generator=None):
    """n random token sequences of `length`, each written twice: a b c d ... a b c d ..."""
    first = torch.randint(0, VOCAB, (n, length), generator=generator)
    return torch.cat([first, first], dim=1)


def half_losses(logits, tokens, length):
    """Mean cross-entropy on predicting tokens 2..L of the first copy, and of the second."""
    losses = F.cross_entropy(logits[:, :-1].transpose(1, 2), tokens[:, 1:], reduction="none")
    # Position t predicts token t + 1; the second copy's first token (t + 1 = L) is left out:
    # nothing tells the model where the repeat begins.
    return losses[:, : length - 1].mean(), losses[:, length:].mean()


# Fresh sequences, never trained on, of length 2 x 12: 200 to follow training, 1000 to measure at the end.
L = 12
tracked = repeated_sequences(200, L, torch.Generator().manual_seed(1))
held_out = repeated_sequences(1000, L, torch.Generator().manual_seed(2))
# --8<-- [end:data]

# --8<-- [start:model]
class Attention(nn.Module):
    """Causal self-attention with a residual connection; keeps its last weights for the figure."""

    def __init__(self, d_model, heads):
        super().__init__()
        self.heads = heads
        self.norm = nn.LayerNorm(d_model)
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x):
        batch, tokens, d_model = x.shape
        q, k, v = self.qkv(self.norm(x)).view(batch, tokens, 3, self.heads, -1).unbind(dim=2)
        q, k, v = (t.transpose(1, 2) for t in (q, k, v))  # (batch, heads, tokens, d_head)
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
        future = torch.ones(tokens, tokens, dtype=torch.bool).triu(diagonal=1)
        self.weights = scores.masked_fill(future, float("-inf")).softmax(dim=-1)
        mixed = (self.weights @ v).transpose(1, 2).reshape(batch, tokens, d_model)
        return x + self.out(mixed)


class TinyTransformer(nn.Module):
    """Token + position embeddings, 2 attention-only layers, a linear read-out."""

    def __init__(self, d_model=64, heads=2, layers=2, max_tokens=2 * max(LENGTHS)):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, d_model)
        self.position = nn.Embedding(max_tokens, d_model)
        self.layers = nn.ModuleList(Attention(d_model, heads) for _ in range(layers))
        self.norm = nn.LayerNorm(d_model)
        self.unembed = nn.Linear(d_model, VOCAB)

    def forward(self, tokens):
        x = self.embed(tokens) + self.position(torch.arange(tokens.shape[1]))
        for layer in self.layers:
            x = layer(x)
        return self.unembed(self.norm(x))  # (batch, tokens, VOCAB) logits for the next token


model = TinyTransformer()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
print(f"{sum(p.numel() for p in model.parameters()):,} parameters, ln(vocab) = {math.log(VOCAB):.3f}")
# --8<-- [end:model]

# --8<-- [start:train]
steps, batch = 500, 64
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)  # lr falls smoothly to 0
history = []  # (step, first-copy loss, second-copy loss) on the held-out sequences
for step in range(steps + 1):
    if step % 25 == 0:
        with torch.no_grad():
            first, second = half_losses(model(tracked), tracked, L)
        history.append((step, first.item(), second.item()))
        if step % 50 == 0:
            print(f"step {step:>4}: loss on first copy {first:.3f}, on second copy {second:.3f}")
    if step == steps:
        break
    length = LENGTHS[torch.randint(len(LENGTHS), ()).item()]
    tokens = repeated_sequences(batch, length)
    logits = model(tokens)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, VOCAB), tokens[:, 1:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    schedule.step()
# --8<-- [end:train]

# --8<-- [start:measure]
with torch.no_grad():
    logits = model(held_out)
predicted = logits[:, :-1].argmax(dim=-1)  # the model's guess for every next token
correct = predicted == held_out[:, 1:]
print(f"\n1000 fresh sequences of length 2 x {L}, next-token accuracy (chance {1 / VOCAB:.3f}):")
print(f"  first copy, tokens 2..{L}:  {correct[:, : L - 1].float().mean():.3f}")
print(f"  second copy, tokens 2..{L}: {correct[:, L:].float().mean():.3f}")
# --8<-- [end:measure]

# --8<-- [start:plot]
steps_seen, first_losses, second_losses = zip(*history)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(steps_seen, first_losses, label="first copy (unpredictable)")
ax.plot(steps_seen, second_losses, label="second copy (copy from context)")
ax.axhline(math.log(VOCAB), color="0.5", linestyle="--", label=f"ln {VOCAB}: a uniform guess")
ax.set_xlabel("training step")
ax.set_ylabel("cross-entropy on held-out sequences")
ax.set_title("A 2-layer Transformer learns to copy from its context")
ax.legend()
# --8<-- [end:plot]

# --8<-- [start:attention]
# The two steps of an induction head, averaged over the 1000 held-out sequences.
with torch.no_grad():
    model(held_out)
layer_1, layer_2 = (layer.weights for layer in model.layers)  # (sequences, heads, query, key)
t = torch.arange(1, 2 * L)  # every position but the first...
previous = layer_1[:, :, t, t - 1].mean(dim=(0, 2))  # ...and its weight on the token just before it
t = torch.arange(L, 2 * L - 1)  # second-copy positions: what comes next sits at t - L + 1
after_earlier = layer_2[:, :, t, t - L + 1].mean(dim=(0, 2))  # ...on the token after the earlier copy
print("\nmean attention weight                                   head 1  head 2")
for where, weights in [
    ("layer 1, on the previous token", previous),
    ("layer 2, on the token after the earlier occurrence", after_earlier),
]:
    print(f"  {where + ':':<54}" + "  ".join(f"{w:.3f}" for w in weights))

fig2, ax2 = plt.subplots(figsize=(6, 5.2))
head = after_earlier.argmax().item()
image = ax2.imshow(layer_2[0, head], cmap="Blues", vmin=0, vmax=1)  # the first held-out sequence
labels = [str(token) for token in held_out[0].tolist()]
ax2.set_xticks(range(2 * L), labels, fontsize=7)
ax2.set_yticks(range(2 * L), labels, fontsize=7)
ax2.set_xlabel("key (attended to)")
ax2.set_ylabel("query (attending)")
ax2.set_title(f"Layer 2, head {head + 1}: an induction head")
fig2.colorbar(image, ax=ax2, shrink=0.8, label="attention weight")
plt.show()
# --8<-- [end:attention]
