import torch

from tests.harness.examples import example

run = example("basics/number_product.py")


def test_sample_matches_the_notes(run):
    assert run.namespace["dataset"][3] == ((3, 4), 12)
    assert len(run.namespace["dataset"]) == 11


def test_dataloader_batches_cover_the_dataset_once(run):
    seen = []
    for (first, second), products in run.namespace["DataLoader"](
        run.namespace["small_dataset"], batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(0)
    ):
        assert torch.equal(first * second, products)
        seen += first.tolist()
    assert sorted(seen) == [0, 1, 2, 3, 4]


def test_loss_falls(run):
    losses = run.namespace["epoch_losses"]
    assert len(losses) == 300
    assert losses[-1] < losses[0] / 20


def test_model_learned_to_multiply_roughly(run):
    model = run.namespace["model"]
    with torch.no_grad():
        prediction = model(torch.tensor([[5.0, 6.0]])).item()
    assert abs(prediction - 30) < 10
