"""Probing, LoRA at three ranks, prompt tuning and full fine-tuning, trained the same way."""

# --8<-- [start:setup]
import tempfile
import time
from pathlib import Path

import datasets
import numpy as np
import torch
import transformers
from datasets import ClassLabel, load_dataset
from peft import LoraConfig, PeftModel, PromptTuningConfig, TaskType, get_peft_model
from safetensors.torch import save_file
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    PrinterCallback,
    Trainer,
    TrainingArguments,
)

transformers.logging.set_verbosity_error()
datasets.disable_progress_bars()

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
EPOCHS = 4

# The project's data: the same reviews, the same held-out test split.
tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
csv_file = Path(__file__).parents[1] / "data" / "reviews.csv"
reviews = load_dataset("csv", data_files=str(csv_file))["train"]
reviews = reviews.cast_column("label", ClassLabel(names=["neg", "pos"]))
dataset = reviews.train_test_split(test_size=0.25, stratify_by_column="label", seed=0)
train_set = dataset["train"].map(
    lambda batch: tokenizer(batch["text"], truncation=True, max_length=64),
    batched=True,
    remove_columns=["text"],
)
test_inputs = tokenizer(
    list(dataset["test"]["text"]), padding=True, truncation=True, max_length=64, return_tensors="pt"
)
test_labels = np.array(dataset["test"]["label"])
# --8<-- [end:setup]


# --8<-- [start:helpers]
def fresh_model():
    transformers.set_seed(0)  # every method starts from the same head initialisation
    return AutoModelForSequenceClassification.from_pretrained(BASE_MODEL, num_labels=2)


def train(model, learning_rate):
    """The project's Trainer recipe; only the learning rate depends on the method."""
    args = TrainingArguments(
        output_dir=tempfile.mkdtemp(),
        num_train_epochs=EPOCHS,
        learning_rate=learning_rate,
        per_device_train_batch_size=16,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        disable_tqdm=True,
        seed=0,
    )
    trainer = Trainer(
        model=model, args=args, train_dataset=train_set, data_collator=DataCollatorWithPadding(tokenizer)
    )
    trainer.remove_callback(PrinterCallback)
    start = time.perf_counter()
    trainer.train()
    return time.perf_counter() - start


@torch.no_grad()
def accuracy(model):
    model.eval()
    logits = model(input_ids=test_inputs["input_ids"], attention_mask=test_inputs["attention_mask"]).logits
    return float((logits.argmax(dim=-1).numpy() == test_labels).mean())


def stored_bytes(model):
    """What one more task costs on disk: the adapter file, or the trained weights."""
    folder = Path(tempfile.mkdtemp())
    if isinstance(model, PeftModel):
        model.save_pretrained(folder)
        return (folder / "adapter_model.safetensors").stat().st_size
    trained = {name: p.detach().contiguous() for name, p in model.named_parameters() if p.requires_grad}
    save_file(trained, folder / "trained.safetensors")
    return (folder / "trained.safetensors").stat().st_size


rows = []


def report(method, model, learning_rate):
    seconds = train(model, learning_rate)
    trained = {name: p.numel() for name, p in model.named_parameters() if p.requires_grad}
    head = sum(n for name, n in trained.items() if "pooler" in name or "classifier" in name)
    rows.append((method, sum(trained.values()), head, stored_bytes(model), seconds, accuracy(model)))
# --8<-- [end:helpers]


# --8<-- [start:methods]
# Head only: the encoder stays frozen; only the head on top (pooler + classifier) trains.
# Two layers, so not section 3's linear probe (one linear layer on frozen features).
model = fresh_model()
model.bert.requires_grad_(False)
model.bert.pooler.requires_grad_(True)  # untrained in this checkpoint: part of the new head
report("head only (pooler + classifier)", model, learning_rate=2e-3)

# LoRA on query and value, as in the project, at three ranks.
for r in (2, 8, 16):
    config = LoraConfig(
        task_type=TaskType.SEQ_CLS, r=r, lora_alpha=2 * r, lora_dropout=0.1,
        target_modules=["query", "value"], modules_to_save=["pooler"],
    )
    report(f"LoRA r={r}", get_peft_model(fresh_model(), config), learning_rate=2e-3)

# Prompt tuning: 10 trainable "virtual token" embeddings in front of every review
# (and the same head). Soft prompts need a high learning rate.
config = PromptTuningConfig(task_type=TaskType.SEQ_CLS, num_virtual_tokens=10, modules_to_save=["pooler"])
report("prompt tuning (10 tokens)", get_peft_model(fresh_model(), config), learning_rate=5e-2)

# Full fine-tuning: every weight trains, so a much smaller learning rate.
report("full fine-tuning", fresh_model(), learning_rate=1e-4)
# --8<-- [end:methods]

# --8<-- [start:table]
total = fresh_model().num_parameters()
print("| method | trainable parameters | of them the head | share of the model | stored per task "
      "| train time | test accuracy |")
print("|---|--:|--:|--:|--:|--:|--:|")
for method, trainable, head, size, seconds, acc in rows:
    print(f"| {method} | {trainable:,} | {head:,} | {trainable / total:.2%} | {size / 1e6:.2f} MB "
          f"| {seconds:.1f} s | {acc:.3f} |")
# --8<-- [end:table]
