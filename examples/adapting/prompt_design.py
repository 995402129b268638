"""Prompt design: zero-shot, few-shot and chain-of-thought prompts from one template,
run through a text-generation pipeline, then few-shot classification by label-word likelihood."""

# --8<-- [start:template]
def build_prompt(question, examples=(), instruction="", step_by_step=False):
    """Instruction first, then worked examples, then the question last."""
    parts = [instruction] if instruction else []
    parts += [f"Q: {q}\nA: {a}" for q, a in examples]
    cue = "A: Let's think step by step." if step_by_step else "A:"
    parts.append(f"Q: {question}\n{cue}")
    return "\n\n".join(parts)
# --8<-- [end:template]


# --8<-- [start:prompts]
question = "A cinema has 12 rows of 15 seats and 47 seats are empty. How many people are watching?"
worked = [  # solved examples for the few-shot prompt
    ("A box holds 6 eggs. How many eggs are in 4 boxes?", "24"),
    ("Tom had 30 sweets and ate 12. How many are left?", "18"),
]
reasoned = [  # a solved example that shows its reasoning, for chain-of-thought
    (
        "A box holds 6 eggs. Ann buys 4 boxes and breaks 5 eggs. How many eggs are still whole?",
        "4 boxes hold 4 * 6 = 24 eggs. 24 - 5 = 19. The answer is 19.",
    ),
]
prompts = {
    "zero-shot": build_prompt(question, instruction="Answer with a single number."),
    "few-shot": build_prompt(question, examples=worked),
    "chain-of-thought": build_prompt(question, examples=reasoned, step_by_step=True),
}
# --8<-- [end:prompts]

# --8<-- [start:generate]
import transformers
from transformers import pipeline

transformers.logging.set_verbosity_error()
generator = pipeline("text-generation", model="gpt2")
completions = {}
for name, prompt in prompts.items():
    completions[name] = generator(
        prompt,
        max_new_tokens=20,
        do_sample=False,  # greedy, so every run prints the same
        return_full_text=False,  # only the new text
        pad_token_id=generator.tokenizer.eos_token_id,
    )[0]["generated_text"]
    print(f"----- {name} -----\n{prompt}\n>>> model continues: {completions[name]!r}\n")
# --8<-- [end:generate]

# --8<-- [start:score]
import torch

tokenizer, model = generator.tokenizer, generator.model


def label_log_likelihood(prompt, label):
    """log P(label | prompt) for a causal LM: the sum over the label's tokens."""
    prompt_ids = tokenizer(prompt)["input_ids"]
    label_ids = tokenizer(label)["input_ids"]  # a label word may be several tokens
    with torch.no_grad():
        log_probs = model(torch.tensor([prompt_ids + label_ids])).logits[0].log_softmax(-1)
    # The logits at position i score the token at position i + 1.
    start = len(prompt_ids) - 1
    return sum(log_probs[start + j, token].item() for j, token in enumerate(label_ids))


LABELS = ("negative", "positive")  # index = the label in the data


def classify(review, examples=()):
    """Pick the label word the model finds likelier after the prompt."""
    prompt = build_prompt(f'"{review}" Is this review positive or negative?', examples)
    scores = [label_log_likelihood(prompt, " " + label) for label in LABELS]
    return max(range(len(LABELS)), key=scores.__getitem__)
# --8<-- [end:score]

# --8<-- [start:evaluate]
from pathlib import Path

from datasets import ClassLabel, load_dataset

# The project's split (section 4): the same 120 held-out reviews on every page.
csv_file = Path(__file__).resolve().parents[1] / "data" / "reviews.csv"
reviews = load_dataset("csv", data_files=str(csv_file))["train"]
reviews = reviews.cast_column("label", ClassLabel(names=["neg", "pos"]))  # stratifying needs classes
split = reviews.train_test_split(test_size=0.25, stratify_by_column="label", seed=0)
train, test = split["train"].to_pandas(), split["test"].to_pandas()

# Demonstrations: the shortest training reviews, alternating negative and positive,
# so that four of them fit in the context window with room to spare.
shortest = train.assign(length=train["text"].str.len()).sort_values("length", kind="stable")
by_label = [shortest[shortest["label"] == label] for label in (0, 1)]
demos = [
    (f'"{by_label[label]["text"].iloc[i]}" Is this review positive or negative?', LABELS[label])
    for i in range(2) for label in (0, 1)
]

accuracy = {}
print(f"{'demonstrations':<16}{'accuracy':>9}{'answered positive':>19}")
for shots in (0, 2, 4):
    predictions = [classify(text, demos[:shots]) for text in test["text"]]
    accuracy[shots] = sum(p == y for p, y in zip(predictions, test["label"])) / len(test)
    print(f"{shots:<16}{accuracy[shots]:>9.3f}{sum(predictions) / len(predictions):>19.3f}")
# --8<-- [end:evaluate]
