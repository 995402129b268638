"""What each lab's run reports of its kernel's variables, as the run's `namespace`.

A probe is code run after the lab's last cell, in the same kernel, that prints
one JSON object (tests/labs/notebooks.py, `execute`); tests/labs/conftest.py
gives each lab's run its probe.
"""

DIGITS_MLP = """
import json
print(json.dumps({
    "side": side, "n_images": len(X), "n_train": len(X_train), "n_test": len(X_test),
    "train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
    "n_wrong": int(len(wrong)), "fetched": globals().get("FETCHED", []),
}))
"""

GPT2_ONE_TOKEN_AT_A_TIME = """
import json
print(json.dumps({
    "prompt_length": inputs["input_ids"].shape[1],
    "greedy_length": greedy_ids.shape[1],
    "greedy_equals_generate": torch.equal(generated, greedy_ids),
    "probability_sum": probabilities.sum().item(),
    "top_probabilities": top.values.tolist(),
    "top_is_argmax": top.indices[0].item() == probabilities.argmax().item(),
    "table_tokens": candidates["token"].tolist(),
    "samples": samples,
    "again": again,
    "vocabulary": len(tokenizer),
}))
"""

PYTORCH_HF_SCAVENGER_HUNT = """
import json
print(json.dumps({
    "grad": x.grad.item(),
    "mse": mse.item(),
    "cross_entropy": cross_entropy.item(), "by_hand": by_hand.item(),
    "w": w.item(),
    "losses": losses,
    "train_accuracy": (predicted == y).float().mean().item(),
    "pipeline": [[r["label"], r["score"]] for r in classifier(sentences)],
    "probabilities": probabilities.tolist(),
    "splits": {name: len(split) for name, split in imdb.items()},
    "label_names": imdb["train"].features["label"].names,
    "accuracy": correct / len(test),
}))
"""
