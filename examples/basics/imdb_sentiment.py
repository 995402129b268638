"""Sentiment analysis on IMDB reviews with a BERT fine-tuned for it."""

# --8<-- [start:dataset]
import torch
from datasets import load_dataset
from transformers import BertForSequenceClassification, BertTokenizer

# Movie reviews labelled negative (0) or positive (1)
dataset = load_dataset("imdb")
print(dataset)

review_number = 42
sample_review = dataset["train"][review_number]
print(sample_review["text"][:450])
label_names = dataset["train"].features["label"].names  # ['neg', 'pos']
print("Sentiment:", label_names[sample_review["label"]])
# --8<-- [end:dataset]

# --8<-- [start:predict]
model_name = "textattack/bert-base-uncased-imdb"
model = BertForSequenceClassification.from_pretrained(model_name)  # 2 labels, from its config
tokenizer = BertTokenizer.from_pretrained(model_name)
model.eval()

inputs = tokenizer("I love Generative AI", return_tensors="pt")
with torch.no_grad():
    logits = model(**inputs).logits  # shape (1, 2): one score per class
probabilities = torch.softmax(logits, dim=-1)
predicted_class = probabilities.argmax(dim=-1).item()

if predicted_class == 1:
    print(f"Sentiment: Positive ({probabilities[0][1] * 100:.2f}%)")
else:
    print(f"Sentiment: Negative ({probabilities[0][0] * 100:.2f}%)")
# --8<-- [end:predict]

# --8<-- [start:evaluate]
test_reviews = dataset["test"]
correct = 0
for start in range(0, len(test_reviews), 32):
    batch = test_reviews[start : start + 32]
    inputs = tokenizer(batch["text"], padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        predictions = model(**inputs).logits.argmax(dim=-1)
    correct += (predictions == torch.tensor(batch["label"])).sum().item()
accuracy = correct / len(test_reviews)
print(f"Accuracy on {len(test_reviews)} test reviews: {accuracy:.3f}")
# --8<-- [end:evaluate]
