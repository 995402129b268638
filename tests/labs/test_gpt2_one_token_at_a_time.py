from tests.labs.notebooks import images, lab

PROBE = """
import json
print(json.dumps({
    "prompt_length": inputs["input_ids"].shape[1],
    "greedy_length": greedy_ids.shape[1],
    "greedy_equals_generate": torch.equal(generated, greedy_ids),
    "probability_sum": probabilities.sum().item(),
    "top_probabilities": top.values.tolist(),
    "top_is_argmax": top.indices[0].item() == probabilities.argmax().item(),
    "table_tokens": candidates["token"].tolist(),
    "samples": samples,
    "again": again,
    "vocabulary": len(tokenizer),
}))
"""

run = lab("labs/gpt2_one_token_at_a_time.py", probe=PROBE)


def test_manual_greedy_loop_equals_generate(run):
    assert run.facts["greedy_length"] == run.facts["prompt_length"] + 10
    assert run.facts["greedy_equals_generate"] is True
    assert "identical to the manual loop: True" in run.stdout


def test_candidates_are_the_top_of_a_distribution(run):
    assert abs(run.facts["probability_sum"] - 1) < 1e-4
    assert run.facts["top_is_argmax"]
    top = run.facts["top_probabilities"]
    assert len(top) == 10 and top == sorted(top, reverse=True) and 0 < sum(top) <= 1
    assert len(set(run.facts["table_tokens"])) == 10


def test_the_candidates_are_shown_as_a_table_and_a_bar_chart(run):
    html = [output.data["text/html"] for cell in run.notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if "text/html" in output.get("data", {})]
    assert len(html) == 2 and all("<table" in table for table in html)  # prompt tokens, candidates
    assert all(token.replace("'", "&#x27;") in html[1] or token in html[1] for token in run.facts["table_tokens"])
    assert len(images(run.notebook)) == 1


def test_sampling_with_a_seed_is_reproducible_and_seeds_differ(run):
    samples = run.facts["samples"]
    assert run.facts["again"] == samples["0"]
    assert "seed 0 again gives the same text: True" in run.stdout
    assert len(set(samples.values())) > 1
    assert all(text.startswith("I watched this movie last night and") for text in samples.values())


def test_the_page_says_its_outputs_come_from_the_standin(run):
    markdown = "\n".join(cell.source for cell in run.notebook.cells if cell.cell_type == "markdown")
    assert "offline stand-in for `gpt2`" in markdown and "real `gpt2`" in markdown
