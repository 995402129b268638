import torch
from transformers import BertForSequenceClassification

from tests.harness.examples import example

run = example("basics/num_labels_mismatch.py")


def test_mismatch_raises_without_opt_in(run):
    assert "RuntimeError:" in run.stdout and "ignore_mismatched_sizes" in run.stdout


def test_new_head_has_three_outputs_and_encoder_is_kept(run):
    model = run.namespace["model"]
    assert model.classifier.out_features == 3
    original = BertForSequenceClassification.from_pretrained(run.namespace["model_name"])
    assert torch.equal(model.bert.encoder.layer[0].attention.self.query.weight,
                       original.bert.encoder.layer[0].attention.self.query.weight)
