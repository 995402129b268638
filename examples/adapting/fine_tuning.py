"""Full fine-tuning of MiniLM for sentiment, then on a second task: catastrophic forgetting."""

# --8<-- [start:model]
import random
from pathlib import Path

import torch
import torch.nn.functional as F
import transformers
from datasets import ClassLabel, load_dataset
from transformers import AutoModel, AutoTokenizer

transformers.logging.set_verbosity_error()
torch.manual_seed(0)
# The project's split (section 4): the same 120 held-out reviews on every page.
csv_file = Path(__file__).resolve().parents[1] / "data" / "reviews.csv"
reviews = load_dataset("csv", data_files=str(csv_file))["train"]
reviews = reviews.cast_column("label", ClassLabel(names=["neg", "pos"]))  # stratifying needs classes
split = reviews.train_test_split(test_size=0.25, stratify_by_column="label", seed=0)
train, test = split["train"].to_pandas(), split["test"].to_pandas()
tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")


class Classifier(torch.nn.Module):
    """The pretrained encoder, mean pooling, and a new linear head."""

    def __init__(self):
        super().__init__()
        # No pooler layer: the mean of the token vectors takes its place.
        model_id = "sentence-transformers/all-MiniLM-L6-v2"
        self.encoder = AutoModel.from_pretrained(model_id, add_pooling_layer=False)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 2)

    def forward(self, texts):
        batch = tokenizer(list(texts), padding=True, return_tensors="pt")
        hidden = self.encoder(**batch).last_hidden_state
        keep = batch["attention_mask"].unsqueeze(-1)
        return self.head((hidden * keep).sum(1) / keep.sum(1))


model = Classifier()
size = sum(p.numel() for p in model.parameters())
megabytes = sum(p.numel() * p.element_size() for p in model.parameters()) / 2**20
print(f"trainable parameters: {size:,} (all of them), {megabytes:.1f} MiB to store per task")
# --8<-- [end:model]


# --8<-- [start:train]
def fine_tune(texts, labels, epochs=1, lr=1e-4):
    """Plain mini-batch training; every weight of `model` gets updated."""
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    torch.manual_seed(0)  # batch order and dropout as in "Comparing the methods": the same run
    texts, labels = list(texts), list(labels)
    for _ in range(epochs):
        order = torch.randperm(len(texts)).tolist()
        for start in range(0, len(order), 16):
            batch = order[start : start + 16]
            logits = model([texts[i] for i in batch])
            loss = F.cross_entropy(logits, torch.tensor([labels[i] for i in batch]))
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    model.eval()


def accuracy(texts, labels):
    with torch.no_grad():
        predictions = model(texts).argmax(dim=1)
    return (predictions == torch.tensor(list(labels))).float().mean().item()


sentiment = {"before": accuracy(test["text"], test["label"])}
fine_tune(train["text"], train["label"])
sentiment["after sentiment training"] = accuracy(test["text"], test["label"])
print(f"sentiment, untrained head:         {sentiment['before']:.3f}")
print(f"sentiment, after fine-tuning:      {sentiment['after sentiment training']:.3f}")
# --8<-- [end:train]

# --8<-- [start:task_b]
# Task B, in the spirit of GLUE's CoLA: is this a real sentence, or the same words
# shuffled? Built from the reviews themselves; every other review is scrambled.
rng = random.Random(0)


def scrambled(text):
    words = text.split()
    rng.shuffle(words)
    return " ".join(words)


def word_order_task(texts):
    texts = list(texts)
    return ([scrambled(t) if i % 2 else t for i, t in enumerate(texts)],
            [0 if i % 2 else 1 for i in range(len(texts))])  # 1 = real word order


order_train, order_test = word_order_task(train["text"]), word_order_task(test["text"])
sentiment_head = model.head  # keep the sentiment head aside ...
model.head = torch.nn.Linear(model.encoder.config.hidden_size, 2)  # ... and train a new one
fine_tune(*order_train)
word_order = accuracy(*order_test)
print(f"word order, after training on it:  {word_order:.3f}")
# --8<-- [end:task_b]

# --8<-- [start:forgetting]
model.head = sentiment_head  # the sentiment head is untouched, but the encoder has moved
sentiment["after word-order training"] = accuracy(test["text"], test["label"])
print(f"sentiment, same head, afterwards:  {sentiment['after word-order training']:.3f}")
# --8<-- [end:forgetting]
