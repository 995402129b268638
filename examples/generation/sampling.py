"""Greedy, temperature, top-k and top-p (nucleus) sampling from GPT-2 on one prompt."""

# --8<-- [start:load]
import matplotlib.pyplot as plt
import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer

transformers.logging.set_verbosity_error()
transformers.logging.disable_progress_bar()
torch.set_num_threads(1)  # a small model: one thread is as fast, and runs match on any machine
tokenizer = AutoTokenizer.from_pretrained("gpt2")
model = AutoModelForCausalLM.from_pretrained("gpt2")
model.eval()

prompt = "The acting in this film was"
inputs = tokenizer(prompt, return_tensors="pt")
with torch.no_grad():
    logits = model(**inputs).logits[0, -1]  # scores for the next token
# --8<-- [end:load]

# --8<-- [start:temperature]
temperatures = [0.5, 1.0, 2.0]
shown = torch.topk(logits, k=10).indices  # the 10 likeliest tokens at temperature 1
labels = [repr(tokenizer.decode(token_id)) for token_id in shown]

fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
width = 0.8 / len(temperatures)
print("temperature  top token p  entropy (nats)")
for i, temperature in enumerate(temperatures):
    p = torch.softmax(logits / temperature, dim=-1)  # divide the logits, then softmax
    entropy = -(p * torch.log(p)).sum()
    print(f"{temperature:>11}  {p.max():>11.3f}  {entropy:>14.2f}")
    positions = [x + (i - 1) * width for x in range(len(shown))]
    ax.bar(positions, p[shown], width, label=f"T = {temperature}")
ax.set_xticks(range(len(shown)), labels, rotation=45, ha="right")
ax.set_ylabel("probability")
ax.set_title(f"Next token after {prompt!r}")
ax.legend()
# --8<-- [end:temperature]

# --8<-- [start:filters]
def top_k_filter(logits, k):
    """Keep the k highest scores; the rest can never be sampled."""
    threshold = torch.topk(logits, k).values[-1]
    return logits.masked_fill(logits < threshold, float("-inf"))


def top_p_filter(logits, p):
    """Keep the smallest set of most likely tokens whose probabilities sum to at least p."""
    sorted_logits, order = torch.sort(logits, descending=True)
    sorted_p = torch.softmax(sorted_logits, dim=-1)
    mass_before = sorted_p.cumsum(dim=-1) - sorted_p  # probability of all higher-ranked tokens
    drop = mass_before >= p  # p was already reached without this token
    drop = torch.zeros_like(drop).scatter(0, order, drop)  # back to vocabulary order
    return logits.masked_fill(drop, float("-inf"))


probabilities = torch.softmax(logits, dim=-1)
print(f"\nvocabulary: {len(logits)} tokens")
for name, filtered in [
    ("top-k, k=10", top_k_filter(logits, 10)),
    ("top-p, p=0.9", top_p_filter(logits, 0.9)),
]:
    kept = torch.isfinite(filtered)
    mass = probabilities[kept].sum()
    print(f"{name}: keeps {int(kept.sum())} tokens holding {mass:.3f} of the probability")
# --8<-- [end:filters]

# --8<-- [start:generate]
strategies = {
    "greedy": dict(do_sample=False),
    "T = 0.7": dict(do_sample=True, temperature=0.7, top_k=0),  # top_k=0: no top-k (default 50)
    "T = 1.5": dict(do_sample=True, temperature=1.5, top_k=0),
    "top-k, k=10": dict(do_sample=True, top_k=10),
    "top-p, p=0.9": dict(do_sample=True, top_p=0.9, top_k=0),
}
batch = {key: value.repeat(20, 1) for key, value in inputs.items()}  # the prompt 20 times
samples = {}
for name, settings in strategies.items():
    transformers.set_seed(0)  # the same random numbers for every strategy
    samples[name] = model.generate(
        **batch, max_new_tokens=12, pad_token_id=tokenizer.eos_token_id, **settings
    )
# --8<-- [end:generate]

# --8<-- [start:score]
prompt_length = inputs["input_ids"].shape[1]


def log_prob_per_token(sequences):
    """Mean log-probability the model (at T=1) gives to each generated token."""
    with torch.no_grad():
        log_p = torch.log_softmax(model(sequences).logits[:, :-1], dim=-1)
    picked = log_p.gather(-1, sequences[:, 1:, None])[..., 0]
    return picked[:, prompt_length - 1 :].mean().item()


def distinct_bigrams(sequences):
    """Diversity: different token pairs (bigrams) / all token pairs, over all sequences."""
    generated = sequences[:, prompt_length:].tolist()
    bigrams = [tuple(s[i : i + 2]) for s in generated for i in range(len(s) - 1)]
    return len(set(bigrams)) / len(bigrams)


print(f"\n{'strategy':<13}  {'log p/token':>11}  {'distinct':>8}  two of the 20 continuations")
for name, sequences in samples.items():
    first, second = tokenizer.batch_decode(sequences[:2, prompt_length:])
    score, diversity = log_prob_per_token(sequences), distinct_bigrams(sequences)
    print(f"{name:<13}  {score:>11.2f}  {diversity:>8.2f}  {first!r}")
    print(f"{'':<13}  {'':>11}  {'':>8}  {second!r}")
# --8<-- [end:score]
