"""Tokenizers turn text into the integer ids a model reads."""

# --8<-- [start:uncased]
from transformers import AutoTokenizer

uncased = AutoTokenizer.from_pretrained("distilbert-base-uncased")
text = "Tokenizers split UNUSUAL words into subwords."
print(uncased.tokenize(text))  # lower-cased; "##" marks a piece that continues a word
ids = uncased(text)["input_ids"]
print(ids)  # [CLS] ... [SEP] are added around the text
print(uncased.decode(ids))
print(f"vocabulary: {uncased.vocab_size} tokens")
# --8<-- [end:uncased]

# --8<-- [start:cased]
cased = AutoTokenizer.from_pretrained("bert-base-cased")
print(cased.tokenize(text))  # the same WordPiece scheme, but capitals are kept
print(cased.decode(cased(text)["input_ids"]))
print(f"vocabulary: {cased.vocab_size} tokens")
# --8<-- [end:cased]

# --8<-- [start:bpe]
bpe = AutoTokenizer.from_pretrained("gpt2")
print(bpe.tokenize(text))  # byte-level BPE: "Ġ" marks a leading space; case is kept too
print(f"vocabulary: {bpe.vocab_size} tokens")
# --8<-- [end:bpe]

# --8<-- [start:batch]
batch = uncased(
    ["A short review.", "A much longer review that goes on and on about the film."],
    padding=True,  # pad the shorter text up to the longest in the batch
    truncation=True,  # cut texts longer than the model's limit
    return_tensors="pt",
)
print(batch["input_ids"].shape)
print(batch["attention_mask"])  # 0 marks padding the model must ignore
# --8<-- [end:batch]
