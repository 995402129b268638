"""The example runner: each example runs as a script would, and leaves nothing behind for the next."""

import sys

import pytest
import torch

import tests.harness.examples as examples
from tests.harness.examples import SLATE_TEXT, run_example
from tests.harness.resets import RESETS, isolated

# For every entry of RESETS: a statement that changes its state, and an expression that reports it.
IMPORTS = "import os, random, sys\nimport datasets, matplotlib.pyplot as plt, numpy, torch, transformers\n"
LEAKS = {
    "torch_threads": ("torch.set_num_threads(torch.get_num_threads() + 1)", "torch.get_num_threads()"),
    "random_generators": (
        "random.seed(1); numpy.random.seed(1); torch.manual_seed(1)",
        "(random.random(), numpy.random.random(), torch.rand(1).item())",
    ),
    "matplotlib_state": (
        "plt.figure(); plt.rcParams['lines.linewidth'] = 7",
        "(plt.get_fignums(), plt.rcParams['lines.linewidth'])",
    ),
    "library_logging": (
        "transformers.logging.set_verbosity_error(); transformers.logging.disable_progress_bar();"
        " datasets.logging.set_verbosity_error(); datasets.disable_progress_bars()",
        "[(library.get_verbosity(), library.is_progress_bar_enabled())"
        " for library in (transformers.logging, datasets.logging)]",
    ),
    "environment": (
        "os.environ['EXAMPLE_SETTING'] = 'leaked'; os.environ['MPLBACKEND'] = 'svg'",  # one new, one changed
        "(os.environ.get('EXAMPLE_SETTING'), os.environ.get('MPLBACKEND'))",
    ),
    "argv": ("sys.argv.append('--leaked')", "list(sys.argv)"),
    "working_directory": ("os.chdir(os.pardir)", "os.getcwd()"),
}


@pytest.fixture
def two_threads():
    """Start from two threads, so that an example's set_num_threads(1) is a change to notice."""
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    yield 2
    torch.set_num_threads(threads)


def test_an_example_runs_in_its_workdir_and_the_run_says_where(scratch_example, tmp_path):
    relative = scratch_example("writes.py", 'open("result.txt", "w").write("done")\n')
    workdir = tmp_path / "work"
    workdir.mkdir()
    run = run_example(relative, workdir, update=False)
    assert run.workdir == workdir
    assert (workdir / "result.txt").read_text() == "done"


def test_a_thread_count_set_by_an_example_does_not_leak_into_the_next(scratch_example, tmp_path, two_threads):
    relative = scratch_example("one_thread.py", "import torch\ntorch.set_num_threads(1)\n")
    argv = list(sys.argv)
    run = run_example(relative, tmp_path, update=False)
    assert run.namespace["torch"].get_num_threads() == two_threads
    assert sys.argv == argv


def test_a_thread_count_is_restored_even_when_the_example_fails(scratch_example, tmp_path, two_threads):
    relative = scratch_example("fails.py", "import torch\ntorch.set_num_threads(1)\nraise ValueError('bad input')\n")
    with pytest.raises(ValueError, match="bad input"):
        run_example(relative, tmp_path, update=False)
    assert torch.get_num_threads() == two_threads


def test_a_figure_is_kept_with_its_dark_twin_and_a_missing_twin_fails(scratch_example, tmp_path):
    relative = scratch_example("plots.py", "import matplotlib.pyplot as plt\nplt.plot([0, 1], 'k-')\nplt.title('a line')\n")
    run_example(relative, tmp_path, update=True)
    out = tmp_path / "docs" / "scratch" / "output"
    assert sorted(path.name for path in out.iterdir()) == ["plots.dark.svg", "plots.run.json", "plots.svg"]
    assert SLATE_TEXT in (out / "plots.dark.svg").read_text() and SLATE_TEXT not in (out / "plots.svg").read_text()
    run_example(relative, tmp_path, update=False)  # both reproduce
    (out / "plots.dark.svg").unlink()
    with pytest.raises(pytest.fail.Exception, match=r"plots\.dark\.svg is missing"):
        run_example(relative, tmp_path, update=False)


def test_every_reset_has_a_leak_case():
    assert [reset.__name__ for reset in RESETS] == list(LEAKS)


def reported_before_and_after_a_change(scratch_example, workdir, kind):
    """What an example reports of one kind of state, run before and after an example that changes it."""
    change, report = LEAKS[kind]
    changes = scratch_example("changes.py", f"{IMPORTS}{change}\n")
    reports = scratch_example("reports.py", f"{IMPORTS}state = {report}\n")
    before = run_example(reports, workdir, update=True).namespace["state"]
    run_example(changes, workdir, update=True)  # update: its figure, if any, goes to the scratch docs
    after = run_example(reports, workdir, update=True).namespace["state"]
    return before, after


@pytest.mark.parametrize("kind", LEAKS)
def test_the_next_example_sees_nothing_of_a_change(scratch_example, tmp_path, kind):
    before, after = reported_before_and_after_a_change(scratch_example, tmp_path, kind)
    assert after == before


@pytest.mark.parametrize("kind", LEAKS)
def test_without_its_reset_the_change_leaks(scratch_example, tmp_path, monkeypatch, kind):
    """The control of the test above: the runner without that one entry lets the change through."""
    monkeypatch.setattr(examples, "RESETS", tuple(reset for reset in RESETS if reset.__name__ != kind))
    with isolated(RESETS, tmp_path, tmp_path):  # every reset around the three runs: the leak stops here
        before, after = reported_before_and_after_a_change(scratch_example, tmp_path, kind)
    assert after != before
