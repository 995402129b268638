# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: a PyTorch and Hugging Face scavenger hunt
#
# A tour of the pieces the other labs and examples are built from, each found, printed and
# checked: tensors and gradients, `nn` layers, loss functions, optimizers, a full
# training loop; then a pretrained sentiment model through `pipeline` and by hand,
# and a dataset loaded with 🤗 `datasets`.
#
# This page is a notebook: [download it](pytorch_hf_scavenger_hunt.ipynb) and run it
# with Jupyter (`pip install torch transformers datasets scikit-learn matplotlib
# jupyter`; the first run downloads the model and the IMDB dataset, about 550 MB).
# Everything runs on a CPU in seconds.
#
# > **Parts 6 and 7 show outputs from offline stand-ins** for
# > `textattack/bert-base-uncased-imdb` and the `imdb` dataset, so that the notes
# > build without internet access (see [Run the examples offline](../../offline/)):
# > a small sentiment classifier and 480 short reviews of invented films. The real
# > model and the real dataset (50,000 labelled reviews of real films) give other
# > numbers; the code is the same.

# %%
import datasets
import matplotlib.pyplot as plt
import torch
import transformers
from sklearn.datasets import make_moons
from torch import nn
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

torch.manual_seed(0)  # every random tensor below is the same on every run
transformers.logging.set_verbosity_error()
datasets.logging.set_verbosity_error()
datasets.disable_progress_bars()

# %% [markdown]
# ## 1. Tensors
#
# A tensor is an n-dimensional array with a `shape` and a `dtype`, like a NumPy
# array, that can also live on a GPU and remember how it was computed.

# %%
a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
b = torch.ones(3)
print("a:", a.shape, a.dtype)
print("a + b (b is broadcast over the rows):\n", a + b)
print("a @ a.T (matrix product):\n", a @ a.T)
print("a.reshape(3, 2):\n", a.reshape(3, 2))
print("second column:", a[:, 1], "  mean of each row:", a.mean(dim=1))
print("random normal:", torch.randn(4).round(decimals=3))

# %% [markdown]
# **Gradients.** With `requires_grad=True`, PyTorch records the operations and
# `backward()` computes the derivative. For y = x² + 2x the derivative is
# 2x + 2: at x = 3 it is 8.

# %%
x = torch.tensor(3.0, requires_grad=True)
y = x**2 + 2 * x
y.backward()
print(f"y = {y.item()}, dy/dx = {x.grad.item()}")

# %% [markdown]
# ## 2. Layers from torch.nn
#
# `nn.Linear(in, out)` computes `x @ W.T + b` with a learnable weight matrix `W` of
# shape `(out, in)` and bias `b`. `nn.Sequential` chains layers; a non-linearity such
# as `ReLU` between them is what lets a network learn more than a straight line.

# %%
layer = nn.Linear(4, 3)
print("weight:", tuple(layer.weight.shape), " bias:", tuple(layer.bias.shape))
print("a batch of 5 inputs ->", tuple(layer(torch.randn(5, 4)).shape))

model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))  # 2*16+16 + 16*2+2

# %% [markdown]
# ## 3. Loss functions
#
# A loss is one number that says how wrong the predictions are; training makes it
# small. Mean squared error suits regression; cross-entropy suits classification:
# it takes raw scores (*logits*) and the index of the right class, and equals
# −log of the probability the softmax gives to that class.

# %%
mse = nn.MSELoss()(torch.tensor([2.5, 0.0]), torch.tensor([3.0, -0.5]))
print(f"MSE: {mse:.3f}")  # ((2.5-3)^2 + (0+0.5)^2) / 2 = 0.25

logits = torch.tensor([[2.0, 0.5, -1.0]])  # one example, three classes
target = torch.tensor([0])  # the right answer is class 0
cross_entropy = nn.CrossEntropyLoss()(logits, target)
by_hand = -torch.log_softmax(logits, dim=1)[0, 0]
print(f"cross-entropy: {cross_entropy:.3f}, -log p(class 0): {by_hand:.3f}")

# %% [markdown]
# ## 4. Optimizers
#
# An optimizer updates parameters from their gradients. Plain gradient descent
# (`SGD`) does `w ← w − lr · gradient`. To minimise (w − 3)² from w = 1: the
# gradient is 2(w − 3) = −4, so with `lr=0.1` one step moves w to 1.4.

# %%
w = torch.tensor(1.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)
for step in range(1, 4):
    optimizer.zero_grad()  # gradients add up until reset
    loss = (w - 3) ** 2
    loss.backward()
    optimizer.step()
    print(f"step {step}: w = {w.item():.3f}")

# %% [markdown]
# `torch.optim.Adam` adapts the step size of each parameter from the history of
# its gradients; it is the usual default for neural networks and is used below.
#
# ## 5. A training loop
#
# Everything together: a small network learns to separate two interleaved half
# moons, a classic toy problem that no straight line solves. Each epoch runs the
# same five steps: forward pass, loss, reset the gradients, backward pass, update.

# %%
features, labels = make_moons(n_samples=300, noise=0.2, random_state=0)
X = torch.tensor(features, dtype=torch.float32)
y = torch.tensor(labels)

model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)

losses = []
for epoch in range(1, 201):
    logits = model(X)  # 1. forward
    loss = loss_fn(logits, y)  # 2. loss
    optimizer.zero_grad()  # 3. reset gradients
    loss.backward()  # 4. backward
    optimizer.step()  # 5. update
    losses.append(loss.item())
    if epoch in (1, 10, 50, 100, 200):
        accuracy = (logits.argmax(dim=1) == y).float().mean()
        print(f"epoch {epoch:3}: loss {loss.item():.3f}, accuracy {accuracy:.3f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
left.plot(range(1, len(losses) + 1), losses)
left.set(xlabel="epoch", ylabel="cross-entropy loss", title="The loss falls")
with torch.no_grad():
    predicted = model(X).argmax(dim=1)
right.scatter(features[:, 0], features[:, 1], c=predicted, cmap="coolwarm", s=12)
right.set(title="Predicted class of each point", xticks=[], yticks=[])
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 6. A pretrained sentiment model
#
# `pipeline` bundles the three steps of using a model: tokenize the text, run the
# model, turn its logits into a label and a score. This checkpoint calls its labels
# `LABEL_0` (negative) and `LABEL_1` (positive).

# %%
classifier = pipeline("sentiment-analysis", model="textattack/bert-base-uncased-imdb")
names = {"LABEL_0": "negative", "LABEL_1": "positive"}
sentences = [
    "A warm, funny and beautifully acted film.",
    "The plot is dull and the two hours felt endless.",
    "Not bad at all.",
    "The effects are great but the story is a mess.",
]
for sentence, result in zip(sentences, classifier(sentences)):
    print(f"{names[result['label']]:>8} {result['score']:.3f}  {sentence}")

# %% [markdown]
# The same by hand: the tokenizer turns text into ids, the model returns two logits
# per sentence, and a softmax gives the probabilities the pipeline reported.

# %%
tokenizer = AutoTokenizer.from_pretrained("textattack/bert-base-uncased-imdb")
sentiment_model = AutoModelForSequenceClassification.from_pretrained(
    "textattack/bert-base-uncased-imdb"
)
batch = tokenizer(sentences, padding=True, return_tensors="pt")
print("input ids:", tuple(batch["input_ids"].shape), "(sentences, tokens incl. padding)")
print("first sentence as tokens:", tokenizer.convert_ids_to_tokens(batch["input_ids"][0]))
with torch.no_grad():
    probabilities = torch.softmax(sentiment_model(**batch).logits, dim=-1)
print("P(negative), P(positive):\n", probabilities.numpy().round(3))

# %% [markdown]
# ## 7. A dataset from 🤗 Datasets
#
# `load_dataset` returns a `DatasetDict` of splits; each split is a table with typed
# columns. The `label` column is a `ClassLabel`, which knows the names of its
# classes.

# %%
imdb = datasets.load_dataset("imdb")
print(imdb)
print(imdb["train"].features)
example = imdb["train"][0]
print(f"\nfirst training review ({imdb['train'].features['label'].int2str(example['label'])}):")
print(example["text"])

# %% [markdown]
# Last find: how often does the sentiment model agree with the labels of the test
# split?

# %%
test = imdb["test"]
predictions = classifier(list(test["text"]), batch_size=16)
correct = sum(int(p["label"] == f"LABEL_{label}") for p, label in zip(predictions, test["label"]))
print(f"accuracy on {len(test)} test reviews: {correct / len(test):.3f}")

# %% [markdown]
# ## Try it yourself
#
# * Train the moons network with `lr=0.5` and with `lr=0.001`: what happens to the
#   loss curve?
# * Write a review the model gets wrong. Sarcasm is a good start.
# * Use `imdb["train"].filter(...)` to keep only the positive reviews, and count them.
