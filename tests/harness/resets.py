"""What is reset around every in-process example run, so that no example leaves state for the next.

A reader runs each example in a fresh `python`; the mirror tests run them one
after another inside the pytest process (tests/harness/examples.py), where
whatever an example changes in the process would reach the next example and
the tests. Each entry of RESETS is a context manager around one run, named for
the state it covers. It saves that state, sets it as `python examples/<...>.py`
would where the runner decides it (the thread count, sys.argv, the working
directory), and puts it back afterwards, even when the example fails:

- torch_threads: torch's thread count, THREADS during the run
  (tests/harness/portability.py: how a sum is split between threads changes
  its last bits);
- random_generators: the global generators of Python's `random`, numpy and
  torch, which examples seed (torch.manual_seed, transformers.set_seed);
- matplotlib_state: the open figures (closed, once the runner has saved them)
  and rcParams;
- library_logging: the levels of the transformers and datasets loggers and
  their progress bars, which examples switch off;
- environment: os.environ;
- argv: sys.argv, [the example's path] during the run;
- working_directory: the run's workdir during the run.

Each entry takes the example's path and its workdir (most need neither).
tests/offline/test_runner.py runs two examples back to back for every entry,
one changing that state and one reporting it, and shows that the change leaks
without the entry: a new kind of state is one entry here and one case there.
"""

import contextlib
import os
import random
import sys
import warnings
from pathlib import Path

import datasets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
import transformers

from tests.harness.portability import THREADS


@contextlib.contextmanager
def torch_threads(example: Path, workdir: Path):
    threads = torch.get_num_threads()
    torch.set_num_threads(THREADS)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@contextlib.contextmanager
def random_generators(example: Path, workdir: Path):
    python, numpy, torch_cpu = random.getstate(), np.random.get_state(), torch.get_rng_state()
    try:
        yield
    finally:
        random.setstate(python)
        np.random.set_state(numpy)
        torch.set_rng_state(torch_cpu)


@contextlib.contextmanager
def matplotlib_state(example: Path, workdir: Path):
    with matplotlib.rc_context():
        try:
            yield
        finally:
            plt.close("all")


@contextlib.contextmanager
def library_logging(example: Path, workdir: Path):
    libraries = (transformers.logging, datasets.logging)  # the same functions in both
    saved = [(library, library.get_verbosity(), library.is_progress_bar_enabled()) for library in libraries]
    try:
        yield
    finally:
        with warnings.catch_warnings():
            # transformers switches huggingface_hub's bars along with its own, and the hub
            # warns that HF_HUB_DISABLE_PROGRESS_BARS (tests/conftest.py) keeps them off.
            warnings.simplefilter("ignore")
            for library, level, progress_bars in saved:
                library.set_verbosity(level)
                (library.enable_progress_bar if progress_bars else library.disable_progress_bar)()


@contextlib.contextmanager
def environment(example: Path, workdir: Path):
    saved = dict(os.environ)
    try:
        yield
    finally:
        for name in os.environ.keys() - saved.keys():
            del os.environ[name]
        os.environ.update(saved)


@contextlib.contextmanager
def argv(example: Path, workdir: Path):
    saved = sys.argv
    sys.argv = [str(example)]
    try:
        yield
    finally:
        sys.argv = saved


@contextlib.contextmanager
def working_directory(example: Path, workdir: Path):
    with contextlib.chdir(workdir):
        yield


RESETS = (
    torch_threads, random_generators, matplotlib_state, library_logging, environment, argv, working_directory,
)


@contextlib.contextmanager
def isolated(resets, example: Path, workdir: Path):
    """Run the body inside every reset of `resets` (RESETS, or a test's selection of it)."""
    with contextlib.ExitStack() as stack:
        for reset in resets:
            stack.enter_context(reset(example, workdir))
        yield
