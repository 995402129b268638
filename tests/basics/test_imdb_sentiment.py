import torch

from tests.harness.examples import example

run = example("basics/imdb_sentiment.py")


def classify(run, text):
    inputs = run.namespace["tokenizer"](text, return_tensors="pt")
    with torch.no_grad():
        return run.namespace["model"](**inputs).logits.argmax(dim=-1).item()


def test_dataset_has_imdb_shape(run):
    dataset = run.namespace["dataset"]
    assert set(dataset) == {"train", "test", "unsupervised"}
    assert dataset["train"].features["label"].names == ["neg", "pos"]


def test_i_love_generative_ai_is_positive(run):
    assert run.namespace["predicted_class"] == 1
    assert "Sentiment: Positive" in run.stdout


def test_a_clearly_negative_review_is_negative(run):
    assert classify(run, "A dull, badly acted film. I regret buying the ticket.") == 0


def test_accuracy_on_held_out_reviews(run):
    assert run.namespace["accuracy"] > 0.8
