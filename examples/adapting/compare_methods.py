"""Five ways to adapt MiniLM to review sentiment, from cheapest to most expensive, side by side."""

# --8<-- [start:setup]
import time
from pathlib import Path

import pandas as pd
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
tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")


def fresh_encoder():
    """The pretrained MiniLM, every weight frozen; each method unfreezes what it trains.

    Without BERT's pooler layer: the mean of the token vectors takes its place.
    """
    model_id = "sentence-transformers/all-MiniLM-L6-v2"
    return AutoModel.from_pretrained(model_id, add_pooling_layer=False).requires_grad_(False)


def pooled(encoder, texts, prompt=None):
    """Mean of each review's token vectors, optionally with soft-prompt vectors in front."""
    batch = tokenizer(list(texts), padding=True, return_tensors="pt")
    inputs = encoder.get_input_embeddings()(batch["input_ids"])
    mask = batch["attention_mask"]
    if prompt is not None:
        inputs = torch.cat([prompt.expand(len(inputs), -1, -1), inputs], dim=1)
        mask = torch.cat([torch.ones(len(inputs), len(prompt), dtype=mask.dtype), mask], dim=1)
    hidden = encoder(inputs_embeds=inputs, attention_mask=mask).last_hidden_state
    hidden = hidden[:, -batch["input_ids"].shape[1]:]  # the review's own positions
    keep = batch["attention_mask"].unsqueeze(-1)
    return (hidden * keep).sum(1) / keep.sum(1)


def fit(model, logits_of, parameters, lr, epochs=1):
    """Mini-batch training of `parameters` only; returns the seconds it took.

    `model` trains with dropout on; None keeps a frozen model as it is (prompt tuning).
    """
    if model is not None:
        model.train()
    optimizer = torch.optim.AdamW(parameters, lr=lr)
    torch.manual_seed(0)  # every method sees the batches in the same order
    started = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(len(train)).tolist()
        for start in range(0, len(order), 16):
            batch = train.iloc[order[start : start + 16]]
            loss = F.cross_entropy(logits_of(batch["text"]), torch.tensor(batch["label"].values))
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    if model is not None:
        model.eval()
    return time.perf_counter() - started


def held_out_accuracy(logits_of):
    with torch.no_grad():
        predictions = logits_of(test["text"]).argmax(dim=1)
    return (predictions == torch.tensor(test["label"].values)).float().mean().item()


def trainable(*parts):
    return sum(p.numel() for part in parts for p in part.parameters() if p.requires_grad)


rows = []  # one per method: name, trainable parameters, of which the head, train seconds, test accuracy
# --8<-- [end:setup]

# --8<-- [start:zero_shot]
# 1. Zero-shot: no training at all. A review is positive if its vector is closer to
#    "This film is great." than to "This film is terrible." (cosine similarity).
encoder = fresh_encoder().eval()
with torch.no_grad():
    label_sentences = ["This film is terrible.", "This film is great."]  # label 0, label 1
    label_vectors = F.normalize(pooled(encoder, label_sentences), dim=-1)


def zero_shot(texts, prompt=None):
    return F.normalize(pooled(encoder, texts, prompt), dim=-1) @ label_vectors.T / 0.05


rows.append(("zero-shot (label sentences)", 0, 0, 0.0, held_out_accuracy(zero_shot)))
# --8<-- [end:zero_shot]

# --8<-- [start:soft_prompt]
# 2. Prompt tuning: 10 learned input vectors; model and read-out stay frozen (and
#    without dropout), two epochs: the soft-prompts page's run.
init_ids = tokenizer("Is this movie review positive or negative?")["input_ids"]
soft_prompt = torch.nn.Parameter(encoder.get_input_embeddings().weight[init_ids].clone())
seconds = fit(None, lambda texts: zero_shot(texts, soft_prompt), [soft_prompt], lr=3e-2, epochs=2)
rows.append(("prompt tuning (10 vectors)", soft_prompt.numel(), 0, seconds,
             held_out_accuracy(lambda texts: zero_shot(texts, soft_prompt))))
# --8<-- [end:soft_prompt]

# --8<-- [start:probe]
# 3. Linear probe: frozen encoder, vectors computed once, one linear layer trained.
torch.manual_seed(0)
probe = torch.nn.Linear(384, 2)
started = time.perf_counter()
with torch.no_grad():
    train_vectors = F.normalize(pooled(encoder, train["text"]), dim=-1)
optimizer = torch.optim.AdamW(probe.parameters(), lr=1e-3)
for _ in range(300):  # full batch: the features fit in memory
    F.cross_entropy(probe(train_vectors), torch.tensor(train["label"].values)).backward()
    optimizer.step()
    optimizer.zero_grad()
seconds = time.perf_counter() - started
accuracy = held_out_accuracy(lambda texts: probe(F.normalize(pooled(encoder, texts), dim=-1)))
rows.append(("linear probe", trainable(probe), trainable(probe), seconds, accuracy))
# --8<-- [end:probe]

# --8<-- [start:lora]
# 4. LoRA: rank-8 updates on the attention query and value matrices, plus a new head.
from peft import LoraConfig, get_peft_model

torch.manual_seed(0)
config = LoraConfig(r=8, lora_alpha=16, target_modules=["query", "value"])
lora_encoder = get_peft_model(fresh_encoder(), config)
lora_head = torch.nn.Linear(384, 2)
lora_model = torch.nn.ModuleList([lora_encoder, lora_head])


def lora(texts):
    return lora_head(pooled(lora_encoder, texts))


lora_parameters = [p for p in lora_model.parameters() if p.requires_grad]
seconds = fit(lora_model, lora, lora_parameters, lr=2e-3)
rows.append(("LoRA (r=8, query+value)", trainable(lora_model), trainable(lora_head), seconds,
             held_out_accuracy(lora)))
# --8<-- [end:lora]

# --8<-- [start:full]
# 5. Full fine-tuning: every weight of the encoder trains, plus a new head.
torch.manual_seed(0)
full_encoder = fresh_encoder().requires_grad_(True)
full_head = torch.nn.Linear(384, 2)
full_model = torch.nn.ModuleList([full_encoder, full_head])


def full(texts):
    return full_head(pooled(full_encoder, texts))


seconds = fit(full_model, full, list(full_model.parameters()), lr=1e-4)
rows.append(("full fine-tuning", trainable(full_model), trainable(full_head), seconds, held_out_accuracy(full)))
# --8<-- [end:full]

# --8<-- [start:table]
table = pd.DataFrame(rows, columns=["method", "trainable", "head", "train_s", "accuracy"])
table["stored"] = table["trainable"] * 4  # float32 bytes to keep for this task
print(f"{'method':<29}{'trainable':>12}{'of which head':>14}{'stored':>11}{'test acc':>10}   train time")
for row in table.itertuples():
    stored = f"{row.stored / 1024:.1f} KiB" if row.stored < 2**20 else f"{row.stored / 2**20:.1f} MiB"
    # The time goes last and unpadded: its width changes from run to run.
    print(f"{row.method:<29}{row.trainable:>12,}{row.head:>14,}{stored:>11}{row.accuracy:>10.3f}"
          f"   {row.train_s:.1f} s")
# --8<-- [end:table]

# --8<-- [start:figure]
import matplotlib.pyplot as plt

# Where a label sits next to its point (offset in points, alignment): clear of its neighbours.
label_at = {
    "prompt tuning (10 vectors)": ((-6, 6), "right"),
    "linear probe": ((-6, 6), "right"),
    "LoRA (r=8, query+value)": ((6, 6), "left"),
}
fig, ax = plt.subplots(figsize=(6, 3.2))
for row in table.itertuples():
    x = max(row.trainable, 1)  # zero-shot trains nothing: drawn at 1 on the log axis
    ax.scatter(x, row.accuracy, s=40)
    offset, align = label_at.get(row.method, ((6, -10), "left"))
    ax.annotate(row.method, (x, row.accuracy), textcoords="offset points", fontsize=8, xytext=offset, ha=align)
ax.set_xscale("log")
ax.set_xlim(0.5, 1e9)
ax.set_ylim(0.6, 0.95)
ax.set_xlabel("trainable parameters (log scale)")
ax.set_ylabel("test accuracy")
ax.set_title("Adapting MiniLM to review sentiment (120 test reviews)")
plt.show()
# --8<-- [end:figure]
