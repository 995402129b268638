import re

from tests.labs.notebooks import images, lab

PROBE = """
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

run = lab("labs/pytorch_hf_scavenger_hunt.py", probe=PROBE)


def test_tensor_gradient_loss_and_optimizer_values_match_the_text(run):
    assert run.facts["grad"] == 8.0  # d/dx (x^2 + 2x) at x = 3
    assert abs(run.facts["mse"] - 0.25) < 1e-6
    assert abs(run.facts["cross_entropy"] - run.facts["by_hand"]) < 1e-6
    assert "step 1: w = 1.400" in run.stdout
    assert 1.4 < run.facts["w"] < 3  # three steps towards the minimum at 3


def test_the_training_loop_lowers_the_loss_and_learns_the_moons(run):
    losses = run.facts["losses"]
    assert len(losses) == 200
    assert losses[-1] < losses[0] / 4
    assert min(losses[-20:]) < min(losses[:20])
    assert run.facts["train_accuracy"] > 0.9
    assert len(images(run.notebook)) == 1


def test_known_sentences_get_the_expected_sentiment(run):
    labels = [label for label, _ in run.facts["pipeline"]]
    assert labels == ["LABEL_1", "LABEL_0", "LABEL_1", "LABEL_0"]
    printed = re.findall(r"^\s*(positive|negative) (\d\.\d{3})  ", run.stdout, re.MULTILINE)
    assert [name for name, _ in printed] == ["positive", "negative", "positive", "negative"]


def test_the_model_by_hand_gives_the_pipeline_scores(run):
    for (label, score), row in zip(run.facts["pipeline"], run.facts["probabilities"]):
        assert abs(row[int(label[-1])] - score) < 1e-4
        assert abs(sum(row) - 1) < 1e-4


def test_the_dataset_and_the_model_agree(run):
    assert run.facts["splits"] == {"train": 360, "test": 120, "unsupervised": 360}
    assert run.facts["label_names"] == ["neg", "pos"]
    assert run.facts["accuracy"] > 0.85
    assert f"accuracy on 120 test reviews: {run.facts['accuracy']:.3f}" in run.stdout


def test_the_page_says_which_outputs_come_from_standins(run):
    markdown = "\n".join(cell.source for cell in run.notebook.cells if cell.cell_type == "markdown")
    assert "offline stand-ins" in markdown and "textattack/bert-base-uncased-imdb" in markdown
