"""Self-attention in a real Transformer: recompute MiniLM's attention weights by hand."""

# --8<-- [start:load]
import torch
import transformers
from transformers import AutoModel, AutoTokenizer

transformers.logging.set_verbosity_error()
tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")
# "eager" is the plain PyTorch attention code, the one that can return its weights.
model_id = "sentence-transformers/all-MiniLM-L6-v2"
model = AutoModel.from_pretrained(model_id, attn_implementation="eager")
model.eval()

sentence = "The dog did not cross the road because it was too tired."
inputs = tokenizer(sentence, return_tensors="pt")
with torch.no_grad():
    outputs = model(**inputs, output_attentions=True, output_hidden_states=True)
tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
print(tokens)
print(f"{len(outputs.attentions)} layers of attention weights, each of shape",
      tuple(outputs.attentions[0].shape), "= (batch, heads, query token, key token)")
# --8<-- [end:load]

# --8<-- [start:by_hand]
attention = model.encoder.layer[0].attention.self  # the first layer's query/key/value projections
heads = model.config.num_attention_heads  # 12
d = model.config.hidden_size // heads  # 384 / 12 = 32 numbers per head
x = outputs.hidden_states[0][0]  # the first layer's input: one 384-number vector per token
with torch.no_grad():
    # Each token makes a query, a key and a value, split into 12 heads of 32 numbers.
    Q, K, V = (
        projection(x).view(len(tokens), heads, d).transpose(0, 1)  # (heads, tokens, d)
        for projection in (attention.query, attention.key, attention.value)
    )
    weights = torch.softmax(Q @ K.transpose(1, 2) / d**0.5, dim=-1)  # (heads, tokens, tokens)
    mixed = weights @ V  # every token's new vector: a weighted average of all the values
print("by hand == model's weights:", torch.allclose(weights, outputs.attentions[0][0], atol=1e-5))
print("each row sums to 1:", torch.allclose(weights.sum(-1), torch.ones(heads, len(tokens))))
# --8<-- [end:by_hand]

# --8<-- [start:it]
# Where does "it" look? Average the 12 heads of the last layer.
last = outputs.attentions[-1][0].mean(dim=0)  # (tokens, tokens)
row = last[tokens.index("it")]
top = row.topk(4)
print('"it" attends most to:', ", ".join(f"{tokens[i]} {w:.2f}" for w, i in zip(*top)))
# --8<-- [end:it]

# --8<-- [start:figure]
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(5.5, 5))
image = ax.imshow(last, cmap="Blues")
ax.set_xticks(range(len(tokens)), tokens, rotation=90)
ax.set_yticks(range(len(tokens)), tokens)
ax.set_xlabel("key (attended to)")
ax.set_ylabel("query (attending)")
ax.set_title("MiniLM, last layer, mean of 12 heads")
fig.colorbar(image, ax=ax, shrink=0.8, label="attention weight")
plt.show()
# --8<-- [end:figure]

# --8<-- [start:count]
def count(module):
    return sum(p.numel() for p in module.parameters())


total = count(model)
print(f"\nMiniLM parameters: {total:,}")
print(f"  embeddings (30,522-token vocabulary): {count(model.embeddings):>12,}")
print(f"  6 Transformer layers:                 {count(model.encoder):>12,}")
print(f"  pooler:                               {count(model.pooler):>12,}")
for name, size in (("LLaMA-7B", 7e9), ("LLaMA-65B", 65e9)):
    print(f"{name} has about {size / total:,.0f} times as many")
# --8<-- [end:count]
