"""Fine-tune DistilBERT for sentiment with the Trainer, on a small subset."""

# --8<-- [start:data]
import numpy as np
import transformers
from datasets import load_dataset
from transformers import (
    DataCollatorWithPadding,
    DistilBertForSequenceClassification,
    DistilBertTokenizer,
    PrinterCallback,
    Trainer,
    TrainingArguments,
)

transformers.set_seed(42)
transformers.logging.set_verbosity_error()

tokenizer = DistilBertTokenizer.from_pretrained("distilbert-base-uncased")
dataset = load_dataset("imdb")
# A subset keeps this to seconds on a laptop CPU; the full run is discussed below.
small_train = dataset["train"].shuffle(seed=42).select(range(300))
small_test = dataset["test"].shuffle(seed=42).select(range(100))


def tokenize_function(examples):
    # Truncate long reviews; leave padding to the collator (per batch, not to 512)
    return tokenizer(examples["text"], truncation=True, max_length=64)


tokenized_train = small_train.map(tokenize_function, batched=True)
tokenized_test = small_test.map(tokenize_function, batched=True)
# --8<-- [end:data]

# --8<-- [start:train]
model = DistilBertForSequenceClassification.from_pretrained("distilbert-base-uncased", num_labels=2)


def compute_metrics(eval_prediction):
    logits, labels = eval_prediction
    return {"accuracy": float((np.argmax(logits, axis=-1) == labels).mean())}


training_args = TrainingArguments(
    output_dir="./results",
    per_device_train_batch_size=16,
    per_device_eval_batch_size=50,
    learning_rate=1e-4,
    num_train_epochs=3,
    eval_strategy="epoch",  # evaluate on the test subset after each epoch
    save_strategy="no",
    logging_strategy="no",
    report_to="none",
    use_cpu=True,
    disable_tqdm=True,
    seed=42,
)
trainer = Trainer(
    model=model,
    args=training_args,
    train_dataset=tokenized_train,
    eval_dataset=tokenized_test,
    processing_class=tokenizer,
    data_collator=DataCollatorWithPadding(tokenizer),
    compute_metrics=compute_metrics,
)
trainer.remove_callback(PrinterCallback)  # print a summary below instead of log dicts
before = trainer.evaluate()
trainer.train()
after = trainer.evaluate()
print(f"accuracy before training: {before['eval_accuracy']:.2f}")
print(f"accuracy after training:  {after['eval_accuracy']:.2f}")
# --8<-- [end:train]
