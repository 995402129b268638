import torch

from tests.harness.examples import example

run = example("adapting/prompt_design.py")


def test_one_template_builds_every_prompt_with_the_question_last(run):
    ns = run.namespace
    question, prompts = ns["question"], ns["prompts"]
    assert prompts["zero-shot"].startswith("Answer with a single number.") and "A: 24" not in prompts["zero-shot"]
    assert prompts["few-shot"].index("A: 24") < prompts["few-shot"].index("A: 18") < prompts["few-shot"].index(question)
    assert prompts["chain-of-thought"].endswith(f"Q: {question}\nA: Let's think step by step.")
    for prompt in prompts.values():
        assert prompt.rstrip().rsplit("Q: ", 1)[1].startswith(question)


def test_the_pipeline_continued_every_prompt(run):
    completions = run.namespace["completions"]
    assert set(completions) == set(run.namespace["prompts"])
    assert all(isinstance(text, str) and text.strip() for text in completions.values())


def test_label_likelihood_is_the_language_model_loss(run):
    ns = run.namespace
    tokenizer, model = ns["tokenizer"], ns["model"]
    prompt, label = ns["build_prompt"]("Is this review positive?"), " positive"
    prompt_ids, label_ids = tokenizer(prompt)["input_ids"], tokenizer(label)["input_ids"]
    ids = torch.tensor([prompt_ids + label_ids])
    targets = torch.full_like(ids, -100)
    targets[0, len(prompt_ids):] = ids[0, len(prompt_ids):]
    with torch.no_grad():
        mean_loss = model(ids, labels=targets).loss.item()
    assert abs(ns["label_log_likelihood"](prompt, label) + mean_loss * len(label_ids)) < 1e-3


def test_few_shot_classification_ran_within_the_context_window(run):
    ns = run.namespace
    assert set(ns["accuracy"]) == {0, 2, 4} and all(0 <= a <= 1 for a in ns["accuracy"].values())
    assert [answer for _, answer in ns["demos"]] == ["negative", "positive", "negative", "positive"]
    longest = max(ns["test"]["text"], key=len)
    prompt = ns["build_prompt"](f'"{longest}" Is this review positive or negative?', ns["demos"])
    assert len(ns["tokenizer"](prompt + " positive")["input_ids"]) <= ns["model"].config.n_positions
