"""Prompt tuning with peft: the same soft prompt as the hand-written version, in a few lines."""

from pathlib import Path

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
encoder = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
encoder.eval()

# --8<-- [start:peft]
from peft import PromptTuningConfig, PromptTuningInit, TaskType, get_peft_model

config = PromptTuningConfig(
    task_type=TaskType.FEATURE_EXTRACTION,  # the model returns hidden states, no head
    num_virtual_tokens=10,
    prompt_tuning_init=PromptTuningInit.TEXT,  # start from a hard prompt's embeddings
    prompt_tuning_init_text="Is this movie review positive or negative?",
    tokenizer_name_or_path="sentence-transformers/all-MiniLM-L6-v2",
)
model = get_peft_model(encoder, config)  # freezes the encoder, adds the prompt
model.print_trainable_parameters()
soft_prompt = model.prompt_encoder["default"].embedding.weight  # (10, 384): all that trains
# --8<-- [end:peft]

# --8<-- [start:same]
# peft does what the previous page did by hand: prepend the vectors, extend the mask.
batch = tokenizer(["A quiet, beautiful film."], return_tensors="pt", return_token_type_ids=False)
with torch.no_grad():
    by_peft = model(**batch).last_hidden_state
    words = encoder.get_input_embeddings()(batch["input_ids"])
    inputs = torch.cat([soft_prompt[None], words], dim=1)
    mask = torch.cat([torch.ones(1, 10, dtype=torch.long), batch["attention_mask"]], dim=1)
    by_hand = encoder(inputs_embeds=inputs, attention_mask=mask).last_hidden_state
same = torch.allclose(by_peft, by_hand, atol=1e-6)
print("hidden states:", tuple(by_peft.shape), "same as by hand:", same)
# --8<-- [end:same]


# --8<-- [start:train]
def embed(texts):
    """Mean of the review's own token vectors (the 10 prompt positions left out)."""
    batch = tokenizer(list(texts), padding=True, return_tensors="pt", return_token_type_ids=False)
    hidden = model(**batch).last_hidden_state[:, config.num_virtual_tokens :]
    keep = batch["attention_mask"].unsqueeze(-1)
    return F.normalize((hidden * keep).sum(1) / keep.sum(1), dim=-1)


# The fixed read-out comes from the bare encoder: calling it directly, not through
# peft's wrapper, runs it without the prompt.
with torch.no_grad():
    label_sentences = ["This film is terrible.", "This film is great."]  # label 0, label 1
    label_batch = tokenizer(label_sentences, padding=True, return_tensors="pt")
    hidden = encoder(**label_batch).last_hidden_state
    keep = label_batch["attention_mask"].unsqueeze(-1)
    label_vectors = F.normalize((hidden * keep).sum(1) / keep.sum(1), dim=-1)


def accuracy():
    with torch.no_grad():
        predictions = (embed(test["text"]) @ label_vectors.T).argmax(dim=1)
    return (predictions == torch.tensor(test["label"].values)).float().mean().item()


print(f"test accuracy before training: {accuracy():.3f}")
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-2)  # frozen weights get no gradient
torch.manual_seed(0)  # the same batch order as the hand-written version
losses = []
order = torch.randperm(len(train)).tolist()
for start in range(0, len(order), 16):  # one epoch
    batch = train.iloc[order[start : start + 16]]
    logits = embed(batch["text"]) @ label_vectors.T / 0.05
    loss = F.cross_entropy(logits, torch.tensor(batch["label"].values))
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    losses.append(loss.item())
print(f"epoch 1: mean loss {sum(losses) / len(losses):.3f}, test accuracy {accuracy():.3f}")
# --8<-- [end:train]

# --8<-- [start:save]
model.save_pretrained("soft-prompt-adapter")  # only the prompt and its config, plus a model card
for name in ("adapter_config.json", "adapter_model.safetensors"):
    print(f"  {name:<28}{(Path('soft-prompt-adapter') / name).stat().st_size / 1024:>6.1f} KiB")
# --8<-- [end:save]
