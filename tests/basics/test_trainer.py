from tests.harness.examples import example

run = example("basics/trainer.py")


def test_training_beats_chance_clearly(run):
    assert run.namespace["after"]["eval_accuracy"] >= 0.75


def test_training_improved_accuracy(run):
    assert run.namespace["after"]["eval_accuracy"] > run.namespace["before"]["eval_accuracy"] + 0.15


def test_uses_dynamic_padding_and_subsets(run):
    assert len(run.namespace["tokenized_train"]) == 300
    # no padding at map time: lengths vary until the collator pads each batch
    assert len({len(ids) for ids in run.namespace["tokenized_train"]["input_ids"]}) > 1
