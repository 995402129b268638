import json

from tests.harness.examples import EXAMPLES, example

run = example("project/results_table.py")


def test_table_shows_the_committed_results(run):
    results = json.loads((EXAMPLES / "project" / "results.json").read_text())
    table = run.stdout
    assert f"{results['trainable_params']:,} of {results['total_params']:,}" in table
    for key in ("accuracy_before", "accuracy_after", "reload_accuracy"):
        assert f"{results[key]:.3f}" in table
    assert f"| merged model: same predictions | {results['merged_agreement']:.0%} |" in table
    assert f"| ONNX model: same predictions | {results['onnx_agreement']:.0%} |" in table


def test_table_is_a_markdown_table(run):
    lines = run.stdout.splitlines()
    assert lines[1] == "|---|---|"
    assert all(line.startswith("|") and line.endswith("|") for line in lines)
    assert len(lines) == 2 + len(run.namespace["rows"])
