"""Two-sample measures the generation tests use, written independently of the examples."""

import numpy as np
from scipy.spatial.distance import cdist


def as_array(points) -> np.ndarray:
    return np.asarray(points.detach() if hasattr(points, "detach") else points, dtype=np.float64)


def energy_distance(a, b) -> float:
    """Energy distance 2E|X-Y| - E|X-X'| - E|Y-Y'|: zero iff the distributions are equal."""
    a, b = as_array(a), as_array(b)
    return float(2 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean())


def nearest_neighbour_distance(samples, reference) -> float:
    """Mean Euclidean distance from each sample to the closest reference point."""
    return float(cdist(as_array(samples), as_array(reference)).min(axis=1).mean())
