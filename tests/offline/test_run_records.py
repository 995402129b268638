"""Run records: the memory a run added, what it loaded, numbers that never fail, and no churn from noise."""

import json
import subprocess
import sys

import pytest

from tests.harness import opened, run_records
from tests.harness.examples import run_example
from tests.harness.measured_runs import MeasuredRun, check_record, metered

MIB = 2**20
GPT2_CONFIG = opened.hf_home() / "hub" / "models--gpt2" / "snapshots" / "0" / "config.json"


def test_the_meter_sees_the_memory_a_run_added_even_once_freed_and_only_that_runs():
    with metered() as big:
        block = b"x" * (200 * MIB)  # written, so resident
        del block
    with metered() as small:
        pass
    assert big.meter.peak_mib >= 190 and big.meter.seconds > 0
    assert small.meter.peak_mib < 20  # the peak was reset: the earlier run's does not count


def test_a_record_names_the_hub_ids_the_run_loaded_not_those_its_source_mentions(scratch_example, tmp_path):
    relative = scratch_example("loads.py", (
        "from pathlib import Path\n"
        "from transformers import AutoTokenizer\n"
        'AutoTokenizer.from_pretrained("gpt2")\n'
        f'Path({str(opened.DATA)!r}, "reviews.csv").read_text()\n'
        'if False:\n    AutoTokenizer.from_pretrained("distilbert-base-uncased")\n'
    ))
    run_example(relative, tmp_path, update=True)
    record = run_records.read(tmp_path / "docs" / "scratch" / "output" / "loads.run.json")
    assert record.hub_ids == ("gpt2",) and record.data_files == ("reviews.csv",)


def test_what_a_subprocess_opens_counts_too():
    with opened.watching() as paths:
        subprocess.run([sys.executable, "-c", f"open({str(opened.DATA / 'reviews.csv')!r}).read()"], check=True)
    assert paths == [opened.DATA / "reviews.csv"]


@pytest.fixture
def example(tmp_path):
    """An example's source and its output folder."""
    source = tmp_path / "examples" / "scratch" / "uses.py"
    source.parent.mkdir(parents=True)
    source.write_text('text = open("examples/data/reviews.csv").read()\n')
    return source, tmp_path / "docs" / "scratch" / "output"


def measured(seconds, peak_mib, paths=(GPT2_CONFIG, opened.DATA / "reviews.csv")):
    run = MeasuredRun(opened=list(paths))
    run.meter.seconds, run.meter.peak_mib = seconds, peak_mib
    return run


def test_a_record_holds_the_rounded_measurements_and_what_the_run_used(example):
    source, out = example
    check_record(out, source, measured(12.345, 234.5), update=True)
    record = run_records.read(out / "uses.run.json")
    assert (record.seconds, record.peak_memory_mib) == (12.0, 230)
    assert record.hub_ids == ("gpt2",) and record.data_files == ("reviews.csv",) and record.cpu_cores >= 1


def test_a_missing_record_is_left_to_the_site_test_and_an_update_writes_it(example):
    source, out = example
    check_record(out, source, measured(12.0, 230), update=False)
    assert not (out / "uses.run.json").exists()
    check_record(out, source, measured(12.0, 230), update=True)
    assert (out / "uses.run.json").is_file()


def test_other_numbers_pass_but_another_model_or_data_file_fails(example):
    source, out = example
    check_record(out, source, measured(12.0, 230), update=True)
    path = out / "uses.run.json"
    fields = json.loads(path.read_text())
    path.write_text(json.dumps({**fields, "seconds": 99.0, "peak_memory_mib": 4000, "cpu_cores": 64}, indent=2))
    check_record(out, source, measured(1.0, 10), update=False)
    with pytest.raises(pytest.fail.Exception, match="uses.run.json differs"):
        check_record(out, source, measured(12.0, 230, paths=[]), update=False)  # no longer loads gpt2
    source.write_text("print('reads nothing')\n")
    with pytest.raises(pytest.fail.Exception, match="uses.run.json differs"):
        check_record(out, source, measured(12.0, 230), update=False)  # no longer names reviews.csv


@pytest.mark.parametrize("first, second, kept", [
    ((12.0, 230), (15.0, 260), True),  # within half the recorded figure
    ((0.5, 5), (1.2, 20), True),  # within the floors: a second, 20 MiB
    ((12.0, 230), (30.0, 230), False),
    ((12.0, 230), (12.0, 700), False),
], ids=["noise", "small", "slower", "more-memory"])
def test_an_update_keeps_the_recorded_figures_while_a_new_run_is_within_noise(example, first, second, kept):
    source, out = example
    check_record(out, source, measured(*first), update=True)
    check_record(out, source, measured(*second), update=True)
    record = run_records.read(out / "uses.run.json")
    assert ((record.seconds, record.peak_memory_mib) == first) == kept


def test_a_record_keeps_its_memory_where_it_cannot_be_measured(example):
    source, out = example
    check_record(out, source, measured(12.0, 230), update=True)
    check_record(out, source, measured(40.0, None), update=True)
    assert run_records.read(out / "uses.run.json").peak_memory_mib == 230
