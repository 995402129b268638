# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: generating text one token at a time (GPT-2)
#
# A causal language model answers a single question: *given the tokens so far,
# how likely is each token of the vocabulary to come next?* Writing a paragraph is
# a loop around that question. In this lab you
#
# 1. turn a prompt into tokens,
# 2. look at the model's top next-token candidates, as a table and as a bar chart,
# 3. append the best token step by step (greedy decoding, by hand),
# 4. check that `.generate()` does exactly the same, then let it sample.
#
# This page is a notebook: [download it](gpt2_one_token_at_a_time.ipynb) and run it
# with Jupyter (`pip install torch transformers pandas matplotlib jupyter`; the first
# run downloads `gpt2`, about 550 MB).
#
# > **The outputs on this page come from the offline stand-in for `gpt2`**: a small
# > GPT-2 trained on this site's corpus of film reviews, so that the notes build
# > without internet access (see [Run the examples offline](../../offline/)). The
# > real `gpt2` has a vocabulary of 50,257 tokens and gives other tokens and
# > probabilities; every step works the same way.

# %%
import matplotlib.pyplot as plt
import pandas as pd
import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer

transformers.logging.set_verbosity_error()  # keep the page free of loading chatter

tokenizer = AutoTokenizer.from_pretrained("gpt2")
model = AutoModelForCausalLM.from_pretrained("gpt2")
model.eval()  # inference only: switches dropout off
print(f"{type(model).__name__}: {model.num_parameters():,} parameters, "
      f"vocabulary of {len(tokenizer):,} tokens")

# %% [markdown]
# ## 1. The prompt as tokens
#
# GPT-2's tokenizer uses byte-level byte-pair encoding: frequent words are a single
# token, rarer words are split into pieces, and a leading space belongs to the token
# (displayed as `Ġ`). The model never sees letters, only these ids.

# %%
prompt = "I watched this movie last night and"
inputs = tokenizer(prompt, return_tensors="pt")
ids = inputs["input_ids"][0]
pd.DataFrame({
    "id": ids.tolist(),
    "token": tokenizer.convert_ids_to_tokens(ids),
    "text": [tokenizer.decode(token_id) for token_id in ids],
})

# %% [markdown]
# The stand-in's vocabulary is small (2,000 tokens), so it splits more words than
# the real `gpt2` does: ` watched` is one of the real model's 50,257 tokens.

# %% [markdown]
# ## 2. The next-token candidates
#
# The model returns one vector of *logits* (scores) per position; the one at the
# last position scores every token of the vocabulary as the continuation. A softmax
# turns scores into probabilities: exponentiate each, divide by the sum, so they are
# positive and add up to 1.

# %%
with torch.no_grad():
    logits = model(**inputs).logits  # shape (batch, positions, vocabulary)
print("logits:", tuple(logits.shape))

probabilities = torch.softmax(logits[0, -1], dim=-1)
top = torch.topk(probabilities, k=10)
candidates = pd.DataFrame({
    "token": [repr(tokenizer.decode(token_id)) for token_id in top.indices],
    "id": top.indices.tolist(),
    "probability": top.values.numpy().round(3),
})
candidates.index += 1  # rank 1 = most likely
candidates

# %%
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.barh(candidates["token"][::-1], candidates["probability"][::-1], color="tab:blue")
ax.set_xlabel("probability of being the next token")
ax.set_title(f"After {prompt!r}")
fig.tight_layout()
plt.show()
print(f"the top 10 hold {top.values.sum():.1%} of the probability; "
      f"the other {len(probabilities) - 10:,} tokens share the rest")

# %% [markdown]
# ## 3. Greedy decoding, by hand
#
# Append the most likely token (`argmax`), run the longer sequence through the model
# again, repeat. This is *greedy decoding*: deterministic, and prone to repeating
# itself, because it never takes a less likely word.

# %%
greedy_ids = inputs["input_ids"]
for step in range(1, 11):
    with torch.no_grad():
        next_probabilities = torch.softmax(model(greedy_ids).logits[0, -1], dim=-1)
    next_id = next_probabilities.argmax()
    greedy_ids = torch.cat([greedy_ids, next_id.view(1, 1)], dim=1)
    p = next_probabilities[next_id]
    print(f"step {step:2}: +{tokenizer.decode(next_id)!r:<12} (p={p:.3f})")
print("\n" + tokenizer.decode(greedy_ids[0]))

# %% [markdown]
# ## 4. The same loop with generate()
#
# `.generate()` runs this loop for you. With `do_sample=False` it is greedy decoding,
# so it must produce exactly the same ids (it is faster because it caches each
# layer's keys and values instead of re-reading the whole prompt at every step).

# %%
generated = model.generate(
    **inputs,
    max_new_tokens=10,
    do_sample=False,  # greedy: always the most likely token
    pad_token_id=tokenizer.eos_token_id,  # GPT-2 has no padding token of its own
)
print(tokenizer.decode(generated[0]))
print("identical to the manual loop:", torch.equal(generated, greedy_ids))

# %% [markdown]
# ## 5. Sampling, with a seed
#
# Instead of always taking the top token, *sampling* draws the next token at random
# in proportion to its probability. `temperature` below 1 sharpens the distribution
# (more conservative), above 1 flattens it (more surprising); `top_k=50` only draws
# among the 50 most likely tokens. Different seeds give different texts; the same
# seed gives the same text again, which is what makes a sampled result reproducible.

# %%
sampling = dict(do_sample=True, temperature=0.8, top_k=50, max_new_tokens=12,
                pad_token_id=tokenizer.eos_token_id)
samples = {}
for seed in (0, 1, 2):
    transformers.set_seed(seed)  # seeds Python, NumPy and PyTorch at once
    samples[seed] = tokenizer.decode(model.generate(**inputs, **sampling)[0])
    print(f"seed {seed}: {samples[seed]}")

transformers.set_seed(0)
again = tokenizer.decode(model.generate(**inputs, **sampling)[0])
print("\nseed 0 again gives the same text:", again == samples[0])

# %% [markdown]
# ## Try it yourself
#
# * Change the prompt, or ask for `k=20` candidates: how quickly does the probability
#   fall off?
# * Greedy decoding for 40 tokens: does it start to repeat itself?
# * Sample with `temperature=0.3` and with `temperature=1.5`, same seed: how do the
#   texts differ?
