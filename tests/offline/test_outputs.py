"""Shown outputs: compared to the character, seconds excepted; regenerated on request."""

import pytest

from tests.harness.examples import _check


def test_identical_output_passes(tmp_path):
    shown = tmp_path / "out.txt"
    shown.write_text("accuracy 0.91\n")
    _check(shown, "accuracy 0.91\n", update=False)


def test_a_changed_number_fails_with_a_diff(tmp_path):
    shown = tmp_path / "out.txt"
    shown.write_text("accuracy 0.91\n")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)differs from a fresh run.*-accuracy 0.91.*\+accuracy 0.87"):
        _check(shown, "accuracy 0.87\n", update=False)


def test_seconds_may_differ_but_nothing_else(tmp_path):
    shown = tmp_path / "out.txt"
    shown.write_text("trained in 12.3 s, accuracy 0.91\n")
    _check(shown, "trained in 14.0 s, accuracy 0.91\n", update=False)
    _check(shown, "trained in 9 s, accuracy 0.91\n", update=False)
    with pytest.raises(pytest.fail.Exception):
        _check(shown, "trained in 12.3 s, accuracy 0.92\n", update=False)
    table = tmp_path / "table.txt"
    table.write_text("probe    2.8 s  0.78\nLoRA     5.1 s  0.82\n")
    _check(table, "probe    6.1 s  0.78\nLoRA   109.4 s  0.82\n", update=False)  # a wider column
    assert shown.read_text() == "trained in 12.3 s, accuracy 0.91\n"  # a check never rewrites


def test_a_missing_output_says_how_to_create_it(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="--update-outputs"):
        _check(tmp_path / "docs" / "missing.txt", "x\n", update=False)


def test_update_writes_the_fresh_output(tmp_path):
    shown = tmp_path / "output" / "out.txt"
    _check(shown, "new\n", update=True)
    assert shown.read_text() == "new\n"


def test_against_the_real_hub_outputs_are_recorded_not_compared(tmp_path, monkeypatch):
    import tests.harness.examples as examples

    monkeypatch.setattr(examples, "REAL_HUB_OUTPUTS", str(tmp_path / "real"))
    shown = tmp_path / "out.txt"
    shown.write_text("stand-in output\n")
    _check(shown, "real model output\n", update=False)
    assert shown.read_text() == "stand-in output\n"
    assert (tmp_path / "real" / "out.txt").read_text() == "real model output\n"
