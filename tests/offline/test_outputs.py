"""Shown outputs: compared by meaning, so noise from another CPU passes and a real change fails."""

import io
import json

import matplotlib.pyplot as plt
import numpy as np
import pytest

import tests.harness.outputs as outputs
from tests.harness.outputs import Tolerance, check

TRAINING = {"accuracy": Tolerance(abs=0.02)}  # two of 120 test reviews, as a mirror test would declare


def shown(tmp_path, text, name="out.txt"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_identical_output_passes(tmp_path):
    check(shown(tmp_path, "accuracy 0.91\n"), "accuracy 0.91\n", update=False)


def test_noise_in_the_last_printed_digit_passes(tmp_path):
    page = shown(tmp_path, "Epoch 100: sum of batch losses = 227.636\nweight 0.12345 at 1.0e-05\n")
    check(page, "Epoch 100: sum of batch losses = 227.637\nweight 0.12346 at 1.1e-05\n", update=False)


def test_a_change_beyond_the_last_digit_fails_with_a_diff(tmp_path):
    page = shown(tmp_path, "loss 227.636\n")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)227.636 became 227.639.*-loss 227.636.*\+loss 227.639"):
        check(page, "loss 227.639\n", update=False)


@pytest.mark.parametrize("fresh, problem", [
    ("accuracy on 120 test reviews: 0.917\n", "the words differ"),
    ("accuracy on 121 reviews: 0.917\n", "120 became 121"),
    ("accuracy on 120 reviews: 0.917\nextra\n", "1 lines shown, 2 in the fresh run"),
], ids=["word", "integer", "line"])
def test_words_integers_and_lines_must_match_exactly(tmp_path, fresh, problem):
    page = shown(tmp_path, "accuracy on 120 reviews: 0.917\n")
    with pytest.raises(pytest.fail.Exception, match=problem):
        check(page, fresh, update=False, tolerances=TRAINING)


def test_a_declared_tolerance_allows_a_training_result_to_move_that_far_and_no_further(tmp_path):
    page = shown(tmp_path, "accuracy after fine-tuning: 0.842\nloss 0.129\n")
    check(page, "accuracy after fine-tuning: 0.858\nloss 0.129\n", update=False, tolerances=TRAINING)
    with pytest.raises(pytest.fail.Exception, match="0.842 became 0.867, more than the 0.02 allowed"):
        check(page, "accuracy after fine-tuning: 0.867\nloss 0.129\n", update=False, tolerances=TRAINING)
    with pytest.raises(pytest.fail.Exception, match="0.129 became 0.131"):  # a line it does not name
        check(page, "accuracy after fine-tuning: 0.842\nloss 0.131\n", update=False, tolerances=TRAINING)


def test_seconds_and_blanks_may_differ_but_nothing_else(tmp_path):
    page = shown(tmp_path, "trained in 12.3 s, accuracy 0.91\n")
    check(page, "trained in 14.0 s, accuracy 0.91\n", update=False)
    check(page, "trained in 9 s, accuracy 0.91\n", update=False)
    with pytest.raises(pytest.fail.Exception):
        check(page, "trained in 12.3 s, accuracy 0.93\n", update=False)
    table = shown(tmp_path, "probe    2.8 s  0.78\nLoRA     5.1 s  0.82\n", "table.txt")
    check(table, "probe    6.1 s  0.78\nLoRA   109.4 s  0.82\n", update=False)  # a wider column
    assert page.read_text() == "trained in 12.3 s, accuracy 0.91\n"  # a check never rewrites


def test_json_is_compared_by_the_same_rules(tmp_path):
    results = {"accuracy": 0.842, "seconds": 13.2, "rank": 8, "agreement": 1.0}
    page = shown(tmp_path, json.dumps(results), "results.json")
    tolerances = {"accuracy": Tolerance(abs=0.02), "seconds": outputs.WALL_CLOCK}
    moved = {**results, "seconds": 41.0, "accuracy": 0.85}
    check(page, json.dumps(dict(reversed(moved.items()))), update=False, tolerances=tolerances)
    with pytest.raises(pytest.fail.Exception, match="8 became 16"):
        check(page, json.dumps({**results, "rank": 16}), update=False, tolerances=tolerances)
    with pytest.raises(pytest.fail.Exception, match="1.0 became 0.99"):  # JSON writes 1.0 in full: not "one decimal"
        check(page, json.dumps({**results, "agreement": 0.99}), update=False, tolerances=tolerances)


def test_a_measurement_of_the_machine_may_change_any_number_on_its_line_but_not_its_words(tmp_path):
    page = shown(tmp_path, json.dumps({"seconds": 13.0, "cpu_cores": 2, "hub_ids": ["gpt2"]}), "x.run.json")
    tolerances = {r'"(?:seconds|cpu_cores)"': outputs.WALL_CLOCK}
    check(page, json.dumps({"seconds": 2.5, "cpu_cores": 16, "hub_ids": ["gpt2"]}), update=False, tolerances=tolerances)
    with pytest.raises(pytest.fail.Exception, match="the words differ"):
        check(page, json.dumps({"seconds": 13.0, "cpu_cores": 2, "hub_ids": ["imdb"]}), update=False, tolerances=tolerances)


def figure_svg(shift=0.0, noise=0.0):
    x = np.linspace(0, 6, 200)
    figure, axes = plt.subplots(figsize=(4, 3))
    axes.plot(x, np.sin(x + shift) + noise, label="curve")
    axes.set_title("a figure")
    axes.legend()
    buffer = io.StringIO()
    with plt.rc_context({"svg.hashsalt": "test", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def test_a_figure_with_noise_in_its_numbers_passes(tmp_path):
    page = shown(tmp_path, figure_svg(), "figure.svg")
    fresh = figure_svg(noise=1e-6)
    assert fresh != page.read_text()  # the SVG text differs...
    check(page, fresh, update=False)  # ...the picture does not


def test_a_moved_curve_fails_and_leaves_the_images_for_a_maintainer(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "FAILED_FIGURES", tmp_path / "diffs")
    page = shown(tmp_path, figure_svg(), "figure.svg")
    with pytest.raises(pytest.fail.Exception, match="picture 1: .*RMS"):
        check(page, figure_svg(shift=0.3), update=False)
    kept = sorted(path.name for path in (tmp_path / "diffs").rglob("*.png"))
    assert kept == ["actual-failed-diff.png", "actual.png", "expected.png"]


def test_a_missing_output_says_how_to_create_it(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="--update-outputs"):
        check(tmp_path / "docs" / "missing.txt", "x\n", update=False)


def test_update_writes_the_fresh_output(tmp_path):
    page = tmp_path / "output" / "out.txt"
    check(page, "new\n", update=True)
    assert page.read_text() == "new\n"


def test_against_the_real_hub_outputs_are_recorded_not_compared(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "REAL_HUB_OUTPUTS", str(tmp_path / "real"))
    page = shown(tmp_path, "stand-in output\n")
    check(page, "real model output\n", update=False)
    assert page.read_text() == "stand-in output\n"
    assert (tmp_path / "real" / "out.txt").read_text() == "real model output\n"


def test_a_figure_of_a_training_result_may_declare_a_wider_tolerance(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "FAILED_FIGURES", tmp_path / "diffs")
    page = shown(tmp_path, figure_svg(), "scatter.svg")
    check(page, figure_svg(shift=0.3), update=False, tolerances={r"^scatter\.svg$": Tolerance(abs=40)})  # the whole name
    with pytest.raises(pytest.fail.Exception, match="picture 1"):  # another figure's pattern does not apply
        check(page, figure_svg(shift=0.3), update=False, tolerances={r"other\.svg": Tolerance(abs=40)})
    dark_twin = shown(tmp_path, figure_svg(), "scatter.dark.svg")  # takes its light figure's tolerance
    check(dark_twin, figure_svg(shift=0.3), update=False, tolerances={r"^scatter\.svg$": Tolerance(abs=40)})
