"""Linear probing: freeze MiniLM, train only a linear classifier on its sentence vectors."""

# --8<-- [start:features]
from pathlib import Path

import torch
import torch.nn.functional as F
import transformers
from datasets import ClassLabel, load_dataset
from transformers import AutoModel, AutoTokenizer

transformers.logging.set_verbosity_error()
# The project's split (section 4): the same 120 held-out reviews on every page.
csv_file = Path(__file__).resolve().parents[1] / "data" / "reviews.csv"
reviews = load_dataset("csv", data_files=str(csv_file))["train"]
reviews = reviews.cast_column("label", ClassLabel(names=["neg", "pos"]))  # stratifying needs classes
split = reviews.train_test_split(test_size=0.25, stratify_by_column="label", seed=0)
train, test = split["train"].to_pandas(), split["test"].to_pandas()
y_train = torch.tensor(train["label"].values)
y_test = torch.tensor(test["label"].values)

tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
encoder = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
encoder.eval()
encoder.requires_grad_(False)  # frozen: the probe never changes it


@torch.no_grad()
def features(texts):
    """Unit-length mean-pooled token vectors after every layer: (layers + 1, reviews, 384)."""
    batch = tokenizer(list(texts), padding=True, return_tensors="pt")
    # The embedding layer's output, then each of the 6 layers' outputs:
    hidden_states = encoder(**batch, output_hidden_states=True).hidden_states
    keep = batch["attention_mask"].unsqueeze(-1)
    means = [(h * keep).sum(1) / keep.sum(1) for h in hidden_states]
    return F.normalize(torch.stack(means), dim=-1)


# The encoder is frozen, so each review's vector never changes: compute them once.
X_train, X_test = features(train["text"]), features(test["text"])
print("features:", tuple(X_train.shape), "(layers + 1, reviews, width)")
# --8<-- [end:features]


# --8<-- [start:probe]
def train_probe(X, y, steps=300):
    """One linear layer, trained on fixed features (full batch: they fit in memory)."""
    torch.manual_seed(0)  # the same starting weights on every call
    head = torch.nn.Linear(X.shape[1], 2)
    # Learning rate and steps are set, not tuned; the test reviews are only for
    # the final score (tune on a split of the training reviews if you change them).
    optimizer = torch.optim.AdamW(head.parameters(), lr=1e-3)
    for _ in range(steps):
        loss = F.cross_entropy(head(X), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    return head


def accuracy(head, X, y):
    with torch.no_grad():
        return (head(X).argmax(dim=1) == y).float().mean().item()


last = -1  # the encoder's output layer, what sentence-transformers uses
untrained = train_probe(X_train[last], y_train, steps=0)  # random weights, as initialised
head = train_probe(X_train[last], y_train)
print(f"trainable parameters: {sum(p.numel() for p in head.parameters()):,} "
      f"(frozen encoder: {sum(p.numel() for p in encoder.parameters()):,})")
share_positive = y_test.float().mean().item()
print(f"majority-class baseline:  {max(share_positive, 1 - share_positive):.3f}")
print(f"untrained head, test:     {accuracy(untrained, X_test[last], y_test):.3f}")
print(f"trained probe, train:     {accuracy(head, X_train[last], y_train):.3f}")
print(f"trained probe, test:      {accuracy(head, X_test[last], y_test):.3f}")
# --8<-- [end:probe]

# --8<-- [start:layers]
import matplotlib.pyplot as plt

# Probing as a microscope: how much sentiment can a straight line read off each layer?
layer_accuracy = [
    accuracy(train_probe(X_train[i], y_train), X_test[i], y_test) for i in range(len(X_train))
]
names = ["embeddings"] + [f"layer {i}" for i in range(1, len(X_train))]
for name, value in zip(names, layer_accuracy):
    print(f"  {name:<11}{value:.3f}")

# One standard error of an accuracy measured on n reviews: sqrt(p (1 - p) / n).
errors = [(p * (1 - p) / len(y_test)) ** 0.5 for p in layer_accuracy]
fig, ax = plt.subplots(figsize=(6, 3))
ax.bar(names, layer_accuracy, yerr=errors, capsize=3, color="tab:blue")
ax.axhline(0.5, color="grey", linestyle="--", label="chance")
ax.set_ylim(0.4, 1)
ax.set_ylabel("test accuracy of a linear probe")
ax.set_title("Sentiment read linearly from each layer of frozen MiniLM")
ax.tick_params(axis="x", labelrotation=30)
ax.legend(loc="upper left")
plt.show()
# --8<-- [end:layers]
