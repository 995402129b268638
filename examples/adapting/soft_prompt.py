"""Prompt tuning by hand: learn a few input vectors in front of a frozen MiniLM, nothing else."""

# --8<-- [start:data]
from pathlib import Path

import torch
import torch.nn.functional as F
from datasets import ClassLabel, load_dataset

# The project's split (section 4): the same 120 held-out reviews on every page.
csv_file = Path(__file__).resolve().parents[1] / "data" / "reviews.csv"
reviews = load_dataset("csv", data_files=str(csv_file))["train"]
reviews = reviews.cast_column("label", ClassLabel(names=["neg", "pos"]))  # stratifying needs classes
split = reviews.train_test_split(test_size=0.25, stratify_by_column="label", seed=0)
train, test = split["train"].to_pandas(), split["test"].to_pandas()
# --8<-- [end:data]

# --8<-- [start:model]
import transformers
from transformers import AutoModel, AutoTokenizer

transformers.logging.set_verbosity_error()
tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
encoder = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
encoder.eval()  # no dropout: the frozen model answers the same way every time
encoder.requires_grad_(False)  # freeze every weight of the model
word_embeddings = encoder.get_input_embeddings()  # token id -> 384-number vector
# --8<-- [end:model]

# --8<-- [start:prompt]
# The soft prompt starts as the token embeddings of a hard prompt ([CLS] and [SEP]
# included); training then moves the vectors freely: nothing keeps them on a word.
hard_prompt = "Is this movie review positive or negative?"
init_ids = tokenizer(hard_prompt)["input_ids"]
soft_prompt = torch.nn.Parameter(word_embeddings.weight[init_ids].clone())
print("soft prompt starts as:", tokenizer.convert_ids_to_tokens(init_ids))
print(f"trainable: {soft_prompt.numel():,} numbers {tuple(soft_prompt.shape)}, "
      f"frozen: {sum(p.numel() for p in encoder.parameters()):,}")
# --8<-- [end:prompt]


# --8<-- [start:embed]
def embed(texts, prompt=None):
    """Unit-length review vectors (mean of the review's token vectors), soft prompt in front."""
    batch = tokenizer(list(texts), padding=True, return_tensors="pt")
    inputs = word_embeddings(batch["input_ids"])  # (reviews, tokens, 384)
    mask = batch["attention_mask"]
    if prompt is not None:  # the whole trick: extra vectors before the real tokens
        n = inputs.shape[0]
        inputs = torch.cat([prompt.expand(n, -1, -1), inputs], dim=1)
        mask = torch.cat([torch.ones(n, len(prompt), dtype=mask.dtype), mask], dim=1)
    hidden = encoder(inputs_embeds=inputs, attention_mask=mask).last_hidden_state
    hidden = hidden[:, -batch["input_ids"].shape[1]:]  # keep the review's own positions
    keep = batch["attention_mask"].unsqueeze(-1)
    return F.normalize((hidden * keep).sum(1) / keep.sum(1), dim=-1)


# A fixed read-out, frozen too: a review is as positive as it is similar to "great".
with torch.no_grad():
    label_vectors = embed(["This film is terrible.", "This film is great."])  # label 0, label 1


def logits(texts, prompt=None):
    return embed(texts, prompt) @ label_vectors.T / 0.05  # cosine similarities, sharpened


def accuracy(prompt=None):
    with torch.no_grad():
        predictions = logits(test["text"], prompt).argmax(dim=1)
    return (predictions == torch.tensor(test["label"].values)).float().mean().item()


print(f"test accuracy, no prompt (zero-shot): {accuracy():.3f}")
print(f"test accuracy, soft prompt before training: {accuracy(soft_prompt):.3f}")
# --8<-- [end:embed]

# --8<-- [start:train]
frozen_before = {name: tensor.clone() for name, tensor in encoder.state_dict().items()}
optimizer = torch.optim.AdamW([soft_prompt], lr=3e-2)  # the prompt is all it may change
torch.manual_seed(0)  # the order of the training batches
losses = []
for epoch in range(2):
    order = torch.randperm(len(train)).tolist()
    for start in range(0, len(order), 16):
        batch = train.iloc[order[start : start + 16]]
        labels = torch.tensor(batch["label"].values)
        loss = F.cross_entropy(logits(batch["text"], soft_prompt), labels)
        loss.backward()  # gradients flow through the frozen model into the prompt
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    steps = len(losses) // (epoch + 1)
    print(f"epoch {epoch + 1}: mean loss {sum(losses[-steps:]) / steps:.3f}, "
          f"test accuracy {accuracy(soft_prompt):.3f}")

after = encoder.state_dict()
unchanged = all(torch.equal(frozen_before[name], after[name]) for name in frozen_before)
print("every model weight unchanged:", unchanged)
# --8<-- [end:train]

# --8<-- [start:inspect]
# Which real token is each learned vector closest to now?
with torch.no_grad():
    similarity = F.normalize(soft_prompt, dim=-1) @ F.normalize(word_embeddings.weight, dim=-1).T
best = similarity.max(dim=1)
print("\nnearest token to each learned vector (cosine):")
print("  " + "  ".join(f"{tokenizer.convert_ids_to_tokens(i)} {s:.2f}"
                       for i, s in zip(best.indices.tolist(), best.values.tolist())))
# --8<-- [end:inspect]
