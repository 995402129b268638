"""Asking a fine-tuned classifier for another number of labels."""

# --8<-- [start:mismatch]
from transformers import BertForSequenceClassification

model_name = "textattack/bert-base-uncased-imdb"  # its head was trained for 2 labels
try:
    BertForSequenceClassification.from_pretrained(model_name, num_labels=3)
except RuntimeError as error:
    print("RuntimeError:", error)

# Opting in replaces the 2-label head with a new, randomly initialised 3-label head:
# the encoder keeps its training, the new head must be trained before use.
model = BertForSequenceClassification.from_pretrained(model_name, num_labels=3, ignore_mismatched_sizes=True)
print(model.classifier)
# --8<-- [end:mismatch]
