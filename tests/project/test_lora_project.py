import json
import re
import subprocess
import sys

import numpy as np
import onnx
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from tests.harness import outputs
from tests.harness.examples import EXAMPLES, example

SCRIPT = "project/lora_project.py"
RESULTS = EXAMPLES / "project" / "results.json"
REQUIRED = {
    "accuracy_before", "accuracy_after", "reload_accuracy", "merged_agreement", "onnx_agreement",
    "trainable_params", "total_params", "adapter_bytes", "train_seconds", "lora_r", "target_modules",
}
# What the page claims about the fine-tuned model on the held-out reviews.
ACCURACY_AFTER_AT_LEAST = 0.80
# results.json on another machine: a training run's accuracies may move by up to two
# of the 120 test reviews; the wall-clock time by anything; every other value is exact.
TOLERANCES = {"accuracy": outputs.Tolerance(abs=2 / 120), "train_seconds": outputs.WALL_CLOCK}


run = example(SCRIPT)


@pytest.fixture(scope="module")
def project_dir(run):
    """Where the project ran: it writes everything into lora-project/ there."""
    return run.workdir / "lora-project"


@pytest.fixture(scope="module")
def results(project_dir):
    return json.loads((project_dir / "results.json").read_text())


def test_results_file_has_the_required_keys_and_matches_the_run(run, results):
    assert REQUIRED <= set(results)
    assert results == json.loads(json.dumps(run.namespace["results"]))


def test_committed_results_file_matches_a_fresh_run(request, project_dir):
    """examples/project/results.json is what the pages show; a fresh run must reproduce it."""
    fresh = (project_dir / "results.json").read_text()
    outputs.check(RESULTS, fresh, request.config.getoption("--update-outputs"), TOLERANCES)


def test_base_model_is_near_chance_and_fine_tuning_helps(results):
    assert abs(results["accuracy_before"] - 0.5) <= 0.1
    assert results["accuracy_after"] >= ACCURACY_AFTER_AT_LEAST
    assert results["accuracy_after"] >= results["accuracy_before"] + 0.25


def test_reloaded_merged_and_onnx_models_agree(results):
    assert results["reload_accuracy"] == results["accuracy_after"]
    assert results["merged_agreement"] == 1.0
    assert results["onnx_agreement"] == 1.0


def test_under_one_percent_of_the_parameters_train(run, results):
    peft_model = run.namespace["peft_model"]
    trainable = sum(p.numel() for p in peft_model.parameters() if p.requires_grad)
    assert results["trainable_params"] == trainable
    assert results["total_params"] == sum(p.numel() for p in peft_model.parameters())
    assert trainable / results["total_params"] < 0.01
    names = [name for name, p in peft_model.named_parameters() if p.requires_grad]
    assert all("lora_" in name or "modules_to_save" in name for name in names)
    assert results["lora_r"] == 8 and results["target_modules"] == ["query", "value"]


def test_the_misclassified_reviews_shown_are_the_real_errors(run, results):
    wrong = run.namespace["wrong"]
    assert len(wrong) == round((1 - results["reload_accuracy"]) * results["test_examples"])
    shown = [line for line in run.stdout.splitlines() if line.startswith("  [")]
    assert 0 < len(shown) <= 4
    for i, line in zip(wrong, shown):
        assert line == f"  [{run.namespace['labels'][run.namespace['test_labels'][i]]}] {run.namespace['test_texts'][i]}"
        assert run.namespace["reloaded_predictions"][i] != run.namespace["test_labels"][i]


def test_test_split_is_held_out_and_balanced(run):
    dataset = run.namespace["dataset"]
    assert not set(dataset["train"]["text"]) & set(dataset["test"]["text"])
    assert len(dataset["train"]) + len(dataset["test"]) == 480
    assert run.namespace["test_labels"].mean() == 0.5


def test_adapter_is_small_and_names_its_base(project_dir, results):
    adapter = project_dir / "adapter"
    weights = adapter / "adapter_model.safetensors"
    assert weights.stat().st_size == results["adapter_bytes"]
    assert results["adapter_bytes"] < 0.02 * 4 * results["total_params"]  # < 2 % of the float32 model
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert config["r"] == 8 and sorted(config["target_modules"]) == ["query", "value"]


def test_tensorboard_event_files_hold_the_training_loss(run, project_dir):
    event_files = list((project_dir / "runs").rglob("events.out.tfevents.*"))
    assert event_files
    events = EventAccumulator(str(event_files[0].parent))
    events.Reload()
    assert "train/loss" in events.Tags()["scalars"]
    logged = [entry["loss"] for entry in run.namespace["trainer"].state.log_history if "loss" in entry]
    scalars = [event.value for event in events.Scalars("train/loss")]
    assert len(scalars) == len(logged) >= 10
    assert np.allclose(scalars, logged, rtol=1e-5)


def test_onnx_file_is_a_valid_model_with_dynamic_batch_and_length(project_dir):
    model = onnx.load(project_dir / "model.onnx")
    onnx.checker.check_model(model)
    inputs = {i.name: [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input}
    assert set(inputs) == {"input_ids", "attention_mask"}
    assert all(isinstance(dim, str) for dims in inputs.values() for dim in dims)  # symbolic, not fixed


def test_the_same_data_code_runs_on_imdb(run):
    """Step 2 with USE_IMDB = True: load_dataset("imdb") (offline stand-in), then the same tokenization."""
    source = run.path.read_text()
    step = re.search(r"# --8<-- \[start:data\]\n(.*?)# --8<-- \[end:data\]", source, re.S)[1]
    namespace = {**run.namespace, "USE_IMDB": True}
    exec(compile(step, str(run.path), "exec"), namespace)
    assert namespace["dataset"]["train"].features["label"].names == ["neg", "pos"]
    assert {"input_ids", "attention_mask", "label"} <= set(namespace["train_set"].column_names)
    assert len(namespace["test_texts"]) == len(namespace["test_labels"]) > 0


def test_the_same_script_runs_under_torchrun(run, results, tmp_path):
    command = [
        sys.executable, "-m", "torch.distributed.run",  # what the `torchrun` command runs
        "--standalone", "--nproc_per_node=2", str(run.path),
    ]
    finished = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert finished.returncode == 0, finished.stderr[-4000:]
    distributed = json.loads((tmp_path / "lora-project" / "results.json").read_text())
    assert distributed["processes"] == 2 and results["processes"] == 1
    assert abs(distributed["accuracy_after"] - results["accuracy_after"]) <= 0.05
    assert distributed["accuracy_after"] >= ACCURACY_AFTER_AT_LEAST
    assert distributed["reload_accuracy"] == distributed["accuracy_after"]
    assert distributed["merged_agreement"] == distributed["onnx_agreement"] == 1.0
    # The page: under DDP the Trainer logs the loss multiplied by the number of processes.
    first_loss = float(re.search(r"loss ([\d.]+) ->", finished.stdout)[1])
    assert first_loss == pytest.approx(2 * run.namespace["losses"][0], rel=0.02)
