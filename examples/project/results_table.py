"""Turn the project's results.json into the results table of the project pages."""

# --8<-- [start:table]
import json
from pathlib import Path

# The copy committed next to the script: written by the run shown on the pages.
results = json.loads((Path(__file__).parent / "results.json").read_text())

rows = [
    ("base model", f"`{results['base_model']}`"),
    ("LoRA rank, alpha, target modules",
     f"r = {results['lora_r']}, alpha = {results['lora_alpha']}, "
     + ", ".join(f"`{name}`" for name in results["target_modules"])),
    ("trainable parameters",
     f"{results['trainable_params']:,} of {results['total_params']:,} "
     f"({results['trainable_params'] / results['total_params']:.2%})"),
    ("adapter file (`adapter_model.safetensors`)", f"{results['adapter_bytes'] / 1e3:,.0f} kB"),
    ("training", f"{results['epochs']:g} epochs, {results['train_seconds']:.1f} s"),
    ("test accuracy before fine-tuning", f"{results['accuracy_before']:.3f}"),
    ("test accuracy after fine-tuning", f"**{results['accuracy_after']:.3f}**"),
    ("test accuracy of the reloaded adapter", f"{results['reload_accuracy']:.3f}"),
    ("merged model: same predictions", f"{results['merged_agreement']:.0%}"),
    ("ONNX model: same predictions", f"{results['onnx_agreement']:.0%}"),
]
print(f"| {results['test_examples']} held-out test reviews | result |")
print("|---|---|")
for name, value in rows:
    print(f"| {name} | {value} |")
# --8<-- [end:table]
