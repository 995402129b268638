from tests.harness.examples import example

run = example("adapting/fine_tuning.py")


def test_every_weight_trains(run):
    model = run.namespace["model"]
    assert all(p.requires_grad for p in model.parameters())
    assert run.namespace["size"] > 22_000_000


def test_fine_tuning_learns_sentiment(run):
    sentiment = run.namespace["sentiment"]
    assert sentiment["after sentiment training"] >= 0.75
    assert sentiment["after sentiment training"] >= sentiment["before"] + 0.2


def test_second_task_is_learned_and_the_first_forgotten(run):
    ns = run.namespace
    assert ns["word_order"] >= 0.8  # measured with the word-order head, before the sentiment head is put back
    sentiment = ns["sentiment"]
    assert sentiment["after word-order training"] <= sentiment["after sentiment training"] - 0.15
    assert ns["model"].head is ns["sentiment_head"]
