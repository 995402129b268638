"""The example runner: each example runs as a script would, and leaves nothing behind for the next."""

import sys

import pytest
import torch

from tests.harness.examples import SLATE_TEXT, run_example


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
