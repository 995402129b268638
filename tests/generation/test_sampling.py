import torch
from transformers.generation.logits_process import TopKLogitsWarper, TopPLogitsWarper

from tests.harness.examples import example

run = example("generation/sampling.py")


def entropy(p):
    return -(p * torch.log(p)).sum().item()


def test_higher_temperature_flattens_the_next_token_distribution(run):
    logits = run.namespace["logits"]
    distributions = [torch.softmax(logits / t, dim=-1) for t in sorted(run.namespace["temperatures"])]
    entropies = [entropy(p) for p in distributions]
    assert entropies == sorted(entropies) and entropies[0] < entropies[-1] - 1
    assert all(p.argmax() == logits.argmax() for p in distributions)  # the order of tokens never changes
    assert distributions[0].max() > distributions[-1].max()


def test_hand_written_filters_match_the_library(run):
    logits = run.namespace["logits"]
    for k in (1, 10, 50):
        ours = torch.isfinite(run.namespace["top_k_filter"](logits, k))
        library = torch.isfinite(TopKLogitsWarper(top_k=k)(None, logits[None])[0])
        assert int(ours.sum()) == k and torch.equal(ours, library)
    for p in (0.5, 0.9, 0.99):
        ours = torch.isfinite(run.namespace["top_p_filter"](logits, p))
        library = torch.isfinite(TopPLogitsWarper(top_p=p)(None, logits[None])[0])
        assert torch.equal(ours, library), p


def test_top_p_keeps_the_smallest_set_reaching_p(run):
    probabilities = torch.softmax(run.namespace["logits"], dim=-1)
    kept = probabilities[torch.isfinite(run.namespace["top_p_filter"](run.namespace["logits"], 0.9))]
    assert kept.sum() >= 0.9 - 1e-6
    assert kept.sum() - kept.min() < 0.9  # dropping the least likely kept token falls short of p
    assert kept.min() >= probabilities[~torch.isin(probabilities, kept)].max()


def per_position_logits(run, sequences):
    with torch.no_grad():
        logits = run.namespace["model"](sequences).logits
    start = run.namespace["prompt_length"]
    return logits[:, start - 1 : -1], sequences[:, start:]


def test_greedy_always_picks_the_most_likely_token(run):
    greedy = run.namespace["samples"]["greedy"]
    assert (greedy == greedy[0]).all()  # no randomness: 20 identical continuations
    logits, chosen = per_position_logits(run, greedy[:1])
    assert torch.equal(logits.argmax(dim=-1), chosen)


def test_top_k_and_top_p_samples_stay_inside_their_sets(run):
    logits, chosen = per_position_logits(run, run.namespace["samples"]["top-k, k=10"])
    rank = (logits > logits.gather(-1, chosen[..., None])).sum(dim=-1)
    assert (rank < 10).all()
    logits, chosen = per_position_logits(run, run.namespace["samples"]["top-p, p=0.9"])
    keep = TopPLogitsWarper(top_p=0.9)(None, logits.reshape(-1, logits.shape[-1])).isfinite()
    assert keep.gather(-1, chosen.reshape(-1, 1)).all()


def test_sampling_trades_likelihood_for_diversity(run):
    def score(sequences):  # mean log-probability of the generated tokens at T = 1
        logits, chosen = per_position_logits(run, sequences)
        return torch.log_softmax(logits, dim=-1).gather(-1, chosen[..., None]).mean().item()

    def diversity(sequences):  # share of distinct continuations among the 20
        return len({tuple(row.tolist()) for row in sequences}) / len(sequences)

    samples = run.namespace["samples"]
    assert score(samples["greedy"]) > score(samples["T = 0.7"]) > score(samples["T = 1.5"])
    assert score(samples["top-k, k=10"]) > score(samples["T = 1.5"]) + 1
    assert score(samples["top-p, p=0.9"]) > score(samples["T = 1.5"]) + 1
    assert diversity(samples["greedy"]) == 1 / 20
    assert all(diversity(samples[name]) > 0.5 for name in samples if name != "greedy")
    bigrams = run.namespace["distinct_bigrams"]
    assert bigrams(samples["greedy"]) < 0.1 < bigrams(samples["T = 0.7"]) < bigrams(samples["T = 1.5"])
    assert bigrams(samples["T = 1.5"]) == max(bigrams(sequences) for sequences in samples.values())


def test_the_page_table_lists_every_strategy(run):
    for name in run.namespace["strategies"]:
        assert any(line.startswith(name) for line in run.stdout.splitlines()), name
