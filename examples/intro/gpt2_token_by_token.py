"""Generate text with GPT-2 one token at a time, then let .generate() do it."""

# --8<-- [start:load]
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")
model = AutoModelForCausalLM.from_pretrained("gpt2")
model.eval()  # inference only: no dropout
# --8<-- [end:load]

# --8<-- [start:tokenize]
prompt = "The acting in this film was"
inputs = tokenizer(prompt, return_tensors="pt")
tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0])
print("Tokens:", tokens)  # "Ġ" marks a token that starts with a space
# --8<-- [end:tokenize]

# --8<-- [start:next_token]
with torch.no_grad():
    logits = model(**inputs).logits  # shape (batch, sequence, vocabulary)
probabilities = torch.softmax(logits[0, -1], dim=-1)  # the last position predicts the next token
top = torch.topk(probabilities, k=5)
print("\nMost likely next tokens:")
for probability, token_id in zip(top.values, top.indices):
    print(f"  {tokenizer.decode(token_id)!r:>14}  {probability:.3f}")
# --8<-- [end:next_token]

# --8<-- [start:greedy]
input_ids = inputs["input_ids"]
for step in range(8):
    with torch.no_grad():
        next_id = model(input_ids).logits[0, -1].argmax()
    input_ids = torch.cat([input_ids, next_id.view(1, 1)], dim=1)
    print(f"step {step + 1}: {tokenizer.decode(input_ids[0])!r}")
# --8<-- [end:greedy]

# --8<-- [start:generate]
generated = model.generate(
    **inputs,
    max_new_tokens=8,
    do_sample=False,  # greedy: always the most likely token
    pad_token_id=tokenizer.eos_token_id,
)
print("\n.generate():", repr(tokenizer.decode(generated[0])))
print("same as the manual loop:", torch.equal(generated, input_ids))
# --8<-- [end:generate]
