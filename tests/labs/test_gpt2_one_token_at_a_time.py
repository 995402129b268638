from tests.labs.notebooks import images, lab

run = lab("labs/gpt2_one_token_at_a_time.py")


def test_manual_greedy_loop_equals_generate(run):
    assert run.namespace["greedy_length"] == run.namespace["prompt_length"] + 10
    assert run.namespace["greedy_equals_generate"] is True
    assert "identical to the manual loop: True" in run.stdout


def test_candidates_are_the_top_of_a_distribution(run):
    assert abs(run.namespace["probability_sum"] - 1) < 1e-4
    assert run.namespace["top_is_argmax"]
    top = run.namespace["top_probabilities"]
    assert len(top) == 10 and top == sorted(top, reverse=True) and 0 < sum(top) <= 1
    assert len(set(run.namespace["table_tokens"])) == 10


def test_the_candidates_are_shown_as_a_table_and_a_bar_chart(run):
    html = [output.data["text/html"] for cell in run.notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if "text/html" in output.get("data", {})]
    assert len(html) == 2 and all("<table" in table for table in html)  # prompt tokens, candidates
    assert all(token.replace("'", "&#x27;") in html[1] or token in html[1] for token in run.namespace["table_tokens"])
    assert len(images(run.notebook)) == 1


def test_sampling_with_a_seed_is_reproducible_and_seeds_differ(run):
    samples = run.namespace["samples"]
    assert run.namespace["again"] == samples["0"]
    assert "seed 0 again gives the same text: True" in run.stdout
    assert len(set(samples.values())) > 1
    assert all(text.startswith("I watched this movie last night and") for text in samples.values())


def test_the_page_says_its_outputs_come_from_the_standin(run):
    markdown = "\n".join(cell.source for cell in run.notebook.cells if cell.cell_type == "markdown")
    assert "offline stand-in for `gpt2`" in markdown and "real `gpt2`" in markdown
