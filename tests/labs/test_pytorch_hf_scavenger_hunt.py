import re

from tests.labs.notebooks import images, lab

run = lab("labs/pytorch_hf_scavenger_hunt.py")


def test_tensor_gradient_loss_and_optimizer_values_match_the_text(run):
    assert run.namespace["grad"] == 8.0  # d/dx (x^2 + 2x) at x = 3
    assert abs(run.namespace["mse"] - 0.25) < 1e-6
    assert abs(run.namespace["cross_entropy"] - run.namespace["by_hand"]) < 1e-6
    assert "step 1: w = 1.400" in run.stdout
    assert 1.4 < run.namespace["w"] < 3  # three steps towards the minimum at 3


def test_the_training_loop_lowers_the_loss_and_learns_the_moons(run):
    losses = run.namespace["losses"]
    assert len(losses) == 200
    assert losses[-1] < losses[0] / 4
    assert min(losses[-20:]) < min(losses[:20])
    assert run.namespace["train_accuracy"] > 0.9
    assert len(images(run.notebook)) == 1


def test_known_sentences_get_the_expected_sentiment(run):
    labels = [label for label, _ in run.namespace["pipeline"]]
    assert labels == ["LABEL_1", "LABEL_0", "LABEL_1", "LABEL_0"]
    printed = re.findall(r"^\s*(positive|negative) (\d\.\d{3})  ", run.stdout, re.MULTILINE)
    assert [name for name, _ in printed] == ["positive", "negative", "positive", "negative"]


def test_the_model_by_hand_gives_the_pipeline_scores(run):
    for (label, score), row in zip(run.namespace["pipeline"], run.namespace["probabilities"]):
        assert abs(row[int(label[-1])] - score) < 1e-4
        assert abs(sum(row) - 1) < 1e-4


def test_the_dataset_and_the_model_agree(run):
    assert run.namespace["splits"] == {"train": 360, "test": 120, "unsupervised": 360}
    assert run.namespace["label_names"] == ["neg", "pos"]
    assert run.namespace["accuracy"] > 0.85
    assert f"accuracy on 120 test reviews: {run.namespace['accuracy']:.3f}" in run.stdout


def test_the_page_says_which_outputs_come_from_standins(run):
    markdown = "\n".join(cell.source for cell in run.notebook.cells if cell.cell_type == "markdown")
    assert "offline stand-ins" in markdown and "textattack/bert-base-uncased-imdb" in markdown
