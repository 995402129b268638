import numpy as np
import torch
from sklearn.datasets import make_moons

from tests.generation.measures import energy_distance, nearest_neighbour_distance
from tests.harness.examples import example
from tests.harness.outputs import Tolerance

run = example("generation/ddpm_two_moons.py", tolerances={
    # Training results: on another CPU the run takes a slightly different path.
    r"noise-prediction MSE": Tolerance(abs=0.02),
    r"^  500 DDPM samples ": Tolerance(abs=0.01),
    # The samples' scatter: the points land elsewhere, the moons stay (RMS of 255; 8.4 measured).
    r"ddpm_two_moons-2\.svg": Tolerance(abs=20),
})


def test_the_forward_process_turns_data_into_standard_noise(run):
    ns = run.namespace
    assert ns["alpha_bars"][-1] < 0.01
    assert torch.all(ns["alpha_bars"][1:] < ns["alpha_bars"][:-1])  # the signal only ever shrinks
    noised = ns["noisy"](ns["data"], torch.tensor(ns["T"] - 1), torch.randn_like(ns["data"]))
    assert energy_distance(noised[:500], torch.randn(500, 2)) < 0.05
    assert energy_distance(noised[:500], ns["held_out"]) > 0.03


def test_samples_are_close_to_held_out_data(run):
    ns = run.namespace
    held_out, samples = ns["held_out"], ns["samples"]
    noise = torch.randn(500, 2, generator=torch.Generator().manual_seed(10))
    assert energy_distance(samples, held_out) < 0.25 * energy_distance(noise, held_out)
    assert energy_distance(samples, held_out) < 0.1 * energy_distance(ns["samples_untrained"], held_out)
    assert nearest_neighbour_distance(samples, held_out) < 0.5 * nearest_neighbour_distance(noise, held_out)


def test_samples_fill_both_moons(run):
    ns = run.namespace
    points, moon = make_moons(2000, noise=0.05, random_state=5)
    points = (points - ns["mean"]) / ns["std"]
    distances = np.linalg.norm(ns["samples"].numpy()[:, None] - points[None], axis=-1)
    share_upper = (moon[distances.argmin(axis=1)] == 0).mean()
    assert 0.3 < share_upper < 0.7


def test_reverse_process_snapshots_go_from_noise_to_data(run):
    ns = run.namespace
    held_out = ns["held_out"]
    distances = [energy_distance(ns["snapshots"][t], held_out) for t in (ns["T"], 25, 10, 0)]
    assert distances[-1] < distances[0]
    assert torch.equal(ns["snapshots"][0], ns["samples"])
