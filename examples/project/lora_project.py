"""The course project: adapt all-MiniLM-L6-v2 to review sentiment with LoRA.

Run it from the repository root:

    python examples/project/lora_project.py

or, unchanged, on two processes:

    torchrun --standalone --nproc_per_node=2 examples/project/lora_project.py

Everything it writes goes to ./lora-project/ (adapter, TensorBoard logs, ONNX
model, results.json).
"""

# --8<-- [start:setup]
import json
import os
import time
from pathlib import Path

import datasets
import numpy as np
import onnxruntime
import torch
import transformers
from datasets import ClassLabel, DatasetDict, load_dataset
from peft import AutoPeftModelForSequenceClassification, LoraConfig, TaskType, get_peft_model
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
transformers.set_seed(0)  # same head initialisation, same shuffling, same numbers

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
USE_IMDB = False  # True: the very same steps on the IMDB reviews from the hub
OUTPUT_DIR = Path("lora-project")
# --8<-- [end:setup]

# --8<-- [start:model]
# Step 1: a pretrained encoder with a new, randomly initialised classification head.
tokenizer = AutoTokenizer.from_pretrained(BASE_MODEL)
labels = ["neg", "pos"]
model = AutoModelForSequenceClassification.from_pretrained(
    BASE_MODEL,
    num_labels=len(labels),
    id2label=dict(enumerate(labels)),
    label2id={label: i for i, label in enumerate(labels)},
)
model_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
print(f"{type(model).__name__}: {model.num_parameters():,} parameters, {model_bytes / 1e6:.1f} MB")
# The checkpoint was trained for sentence embeddings by mean pooling: the BERT
# "pooler" layer on top of the [CLS] token was never trained (its bias is zero).
print("pooler bias all zero:", bool((model.bert.pooler.dense.bias == 0).all()))
# --8<-- [end:model]

# --8<-- [start:data]
# Step 2: a labelled dataset, with a test split the model never trains on.
if USE_IMDB:
    imdb = load_dataset("imdb")  # 25,000 train and 25,000 test reviews
    # A shuffled subset is enough to learn from and quick on a CPU.
    dataset = DatasetDict(
        train=imdb["train"].shuffle(seed=0).select(range(min(2000, len(imdb["train"])))),
        test=imdb["test"].shuffle(seed=0).select(range(min(500, len(imdb["test"])))),
    )
else:
    csv_file = Path(__file__).parents[1] / "data" / "reviews.csv"  # text,label
    reviews = load_dataset("csv", data_files=str(csv_file))["train"]
    reviews = reviews.cast_column("label", ClassLabel(names=labels))
    dataset = reviews.train_test_split(test_size=0.25, stratify_by_column="label", seed=0)


def tokenize(batch):
    # Truncate only; the collator pads each batch to its own longest review.
    return tokenizer(batch["text"], truncation=True, max_length=64)


train_set = dataset["train"].map(tokenize, batched=True, remove_columns=["text"])
test_texts, test_labels = list(dataset["test"]["text"]), np.array(dataset["test"]["label"])
print(f"train: {len(train_set)} reviews, test: {len(test_texts)} reviews "
      f"({test_labels.mean():.0%} positive)")
# --8<-- [end:data]

# --8<-- [start:evaluate]
# Step 3: accuracy of the model as loaded, before any training.
test_inputs = tokenizer(test_texts, padding=True, truncation=True, max_length=64, return_tensors="pt")


@torch.no_grad()
def predict(model):
    """Predicted label ids for the whole test split (one batch: it is small)."""
    model.eval()
    inputs = {name: test_inputs[name].to(model.device) for name in ("input_ids", "attention_mask")}
    return model(**inputs).logits.argmax(dim=-1).cpu().numpy()


def accuracy(predictions):
    return float((predictions == test_labels).mean())


accuracy_before = accuracy(predict(model))
print(f"accuracy before fine-tuning: {accuracy_before:.3f} (chance: 0.5)")
# --8<-- [end:evaluate]

# --8<-- [start:peft]
# Step 4: freeze the model and add LoRA matrices to the attention's query and value.
lora_config = LoraConfig(
    task_type=TaskType.SEQ_CLS,  # also keeps the new `classifier` head trainable
    r=8,
    lora_alpha=16,
    lora_dropout=0.1,
    target_modules=["query", "value"],
    modules_to_save=["pooler"],  # untrained in this checkpoint: train it in full
)
peft_model = get_peft_model(model, lora_config)
peft_model.print_trainable_parameters()
trainable_params, total_params = peft_model.get_nb_trainable_parameters()
# --8<-- [end:peft]

# --8<-- [start:train]
# Step 5: train. Only the LoRA matrices, the pooler and the head get updates.
# Under torchrun, WORLD_SIZE processes share each batch of 16 reviews, so one
# process or several take the same optimizer steps.
processes = int(os.environ.get("WORLD_SIZE", "1"))
training_args = TrainingArguments(
    output_dir=str(OUTPUT_DIR),
    num_train_epochs=4,
    learning_rate=2e-3,  # LoRA tolerates (and needs) a larger rate than full fine-tuning
    per_device_train_batch_size=16 // processes,
    logging_steps=5,
    save_strategy="no",
    report_to=["tensorboard"],  # event files in lora-project/runs/
    use_cpu=not torch.cuda.is_available(),  # GPUs when there are any
    disable_tqdm=True,
    seed=0,
)
trainer = Trainer(
    model=peft_model,
    args=training_args,
    train_dataset=train_set,
    data_collator=DataCollatorWithPadding(tokenizer),
)
trainer.remove_callback(PrinterCallback)  # the losses go to TensorBoard instead
start = time.perf_counter()
trainer.train()
train_seconds = time.perf_counter() - start
losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
print(f"trained {trainer.state.global_step} steps in {train_seconds:.1f} s; "
      f"loss {losses[0]:.3f} -> {losses[-1]:.3f}")
# --8<-- [end:train]

# --8<-- [start:save]
# Step 6: save the adapter only: the LoRA matrices, pooler and head, not the base model.
adapter_dir = OUTPUT_DIR / "adapter"
trainer.save_model(adapter_dir)  # under torchrun, only the first process writes
# --8<-- [end:save]

# --8<-- [start:main_process]
# Under torchrun every process runs this file. Training needed all of them; what
# follows is single-process work, so the other processes stop here.
if not trainer.is_world_process_zero():
    raise SystemExit
# --8<-- [end:main_process]

# --8<-- [start:size]
adapter_bytes = (adapter_dir / "adapter_model.safetensors").stat().st_size
for file in sorted(adapter_dir.iterdir()):
    print(f"  {file.name:28} {file.stat().st_size / 1e3:8.1f} kB")
print(f"adapter weights: {adapter_bytes / 1e6:.2f} MB, {adapter_bytes / model_bytes:.1%} of the "
      f"{model_bytes / 1e6:.1f} MB a fully fine-tuned copy of the model would take")
# --8<-- [end:size]

# --8<-- [start:reload]
# Step 7: load the adapter back onto a freshly loaded base model.
reloaded = AutoPeftModelForSequenceClassification.from_pretrained(adapter_dir)
# --8<-- [end:reload]

# --8<-- [start:compare]
# Step 8: evaluate the fine-tuned model, and the reloaded one, on the same test split.
accuracy_after = accuracy(predict(peft_model))
reloaded_predictions = predict(reloaded)
reload_accuracy = accuracy(reloaded_predictions)
print(f"accuracy before fine-tuning: {accuracy_before:.3f}")
print(f"accuracy after fine-tuning:  {accuracy_after:.3f}")
print(f"accuracy of the reloaded adapter: {reload_accuracy:.3f}")

wrong = np.flatnonzero(reloaded_predictions != test_labels)
print(f"{len(wrong)} of {len(test_labels)} test reviews still misclassified, for example:")
for i in wrong[:4]:
    print(f"  [{labels[test_labels[i]]}] {test_texts[i]}")
# --8<-- [end:compare]

# --8<-- [start:merge]
# Beyond: fold B A into the frozen weights. The result is a plain BertForSequenceClassification.
merged = reloaded.merge_and_unload()
merged_predictions = predict(merged)
merged_agreement = float((merged_predictions == reloaded_predictions).mean())
print(f"merged model: {type(merged).__name__}, same prediction on {merged_agreement:.1%} of the test reviews")
# --8<-- [end:merge]

# --8<-- [start:onnx]
# Beyond: export the merged model to ONNX and run it with ONNX Runtime, without PyTorch.
onnx_file = OUTPUT_DIR / "model.onnx"
example_inputs = {name: test_inputs[name][:2] for name in ("input_ids", "attention_mask")}
torch.onnx.export(
    merged,
    kwargs=example_inputs,
    f=onnx_file,
    input_names=["input_ids", "attention_mask"],
    output_names=["logits"],
    dynamic_shapes={name: {0: "batch", 1: "sequence"} for name in example_inputs},
    external_data=False,  # one self-contained file
    verbose=False,
)
session = onnxruntime.InferenceSession(onnx_file, providers=["CPUExecutionProvider"])
(onnx_logits,) = session.run(
    ["logits"], {name: test_inputs[name].numpy() for name in ("input_ids", "attention_mask")}
)
onnx_agreement = float((onnx_logits.argmax(axis=-1) == merged_predictions).mean())
print(f"ONNX model: {onnx_file.stat().st_size / 1e6:.1f} MB, same prediction on "
      f"{onnx_agreement:.1%} of the test reviews")
# --8<-- [end:onnx]

# --8<-- [start:results]
results = {
    "base_model": BASE_MODEL,
    "test_examples": len(test_labels),
    "accuracy_before": accuracy_before,
    "accuracy_after": accuracy_after,
    "reload_accuracy": reload_accuracy,
    "merged_agreement": merged_agreement,
    "onnx_agreement": onnx_agreement,
    "trainable_params": trainable_params,
    "total_params": total_params,
    "adapter_bytes": adapter_bytes,
    "train_seconds": round(train_seconds, 1),
    "lora_r": lora_config.r,
    "lora_alpha": lora_config.lora_alpha,
    "target_modules": sorted(lora_config.target_modules),
    "epochs": training_args.num_train_epochs,
    "processes": training_args.world_size,
}
(OUTPUT_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
print(f"results written to {OUTPUT_DIR / 'results.json'}")
# --8<-- [end:results]
