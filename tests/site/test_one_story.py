"""Sections 3 and 4 tell one story: a method's figure is the same wherever the same setting is claimed.

Every page of both sections uses the project's split of the review corpus (the
same 120 test reviews). Section 3 trains with mean pooling and a plain loop,
section 4 with the Trainer and BERT's pooler; within each, a method trained the
same way must show the same accuracy on every page, and a method's own trained
parameters (the soft prompt, the LoRA matrices, the encoder) are the same
number in both sections, whatever head sits on top. The side-by-side tables on
the two comparison pages must quote the outputs they sit beside.
"""

import json
import re
from collections import defaultdict

import pytest

from tests.harness.paths import DOCS, EXAMPLES

SECTION_3 = "section 3 (mean pooling, plain loop)"
SECTION_4 = "section 4 (pooler, Trainer)"
OUTPUTS = {
    "compare_methods": DOCS / "adapting" / "output" / "compare_methods.txt",
    "soft_prompt": DOCS / "adapting" / "output" / "soft_prompt.txt",
    "prompt_tuning_peft": DOCS / "adapting" / "output" / "prompt_tuning_peft.txt",
    "probing": DOCS / "adapting" / "output" / "probing.txt",
    "fine_tuning": DOCS / "adapting" / "output" / "fine_tuning.txt",
    "project_comparison": DOCS / "project" / "output" / "comparison.txt",
    "results": EXAMPLES / "project" / "results.json",
}
SIDE_BY_SIDE = [DOCS / "adapting" / "comparison.md", DOCS / "project" / "comparison.md"]
# The names each output gives a method, as one vocabulary.
METHOD = {
    "zero-shot (label sentences)": "zero-shot",
    "prompt tuning (10 vectors)": "prompt tuning",
    "prompt tuning (10 tokens)": "prompt tuning",
    "linear probe": "linear probe",
    "LoRA (r=8, query+value)": "LoRA r=8",
    "full fine-tuning": "full fine-tuning",
}


def number(text: str) -> float:
    return float(text.replace(",", ""))


def find(pattern: str, text: str) -> float:
    match = re.search(pattern, text, re.M)
    assert match, f"no line matches {pattern!r}"
    return number(match[1])


def claims(texts: dict[str, str]) -> list[tuple[tuple, float, str]]:
    """(setting, value, where) for every figure the outputs show: accuracies and own parameters."""
    found = []

    def claim(recipe, method, what, value, where):
        found.append(((recipe, method, what), value, where))

    for line in texts["compare_methods"].splitlines()[1:]:
        name, trainable, head, accuracy = re.match(r"(.+?)\s{2,}([\d,]+)\s+([\d,]+)\s+\S+ \S+\s+([\d.]+)", line).groups()
        epochs = "2 epochs" if METHOD[name] == "prompt tuning" else "1 epoch"
        claim(SECTION_3, METHOD[name], f"accuracy, {epochs}", number(accuracy), "compare_methods")
        claim(None, METHOD[name], "own parameters", number(trainable) - number(head), "compare_methods")
    soft = texts["soft_prompt"]
    claim(SECTION_3, "zero-shot", "accuracy, 1 epoch", find(r"no prompt \(zero-shot\): ([\d.]+)", soft), "soft_prompt")
    for epochs in ("1", "2"):
        accuracy = find(rf"^epoch {epochs}:.*test accuracy ([\d.]+)", soft)
        claim(SECTION_3, "prompt tuning", f"accuracy, {epochs} epoch" + "s" * (epochs == "2"), accuracy, "soft_prompt")
    claim(None, "prompt tuning", "own parameters", find(r"^trainable: ([\d,]+) numbers", soft), "soft_prompt")
    peft = texts["prompt_tuning_peft"]
    claim(SECTION_3, "prompt tuning", "accuracy, 1 epoch", find(r"^epoch 1:.*test accuracy ([\d.]+)", peft), "prompt_tuning_peft")
    claim(None, "prompt tuning", "own parameters", find(r"^trainable params: ([\d,]+)", peft), "prompt_tuning_peft")
    probing = texts["probing"]
    claim(SECTION_3, "linear probe", "accuracy, 1 epoch", find(r"^trained probe, test: +([\d.]+)", probing), "probing")
    tuning = texts["fine_tuning"]
    claim(SECTION_3, "full fine-tuning", "accuracy, 1 epoch", find(r"^sentiment, after fine-tuning: +([\d.]+)", tuning), "fine_tuning")

    for line in texts["project_comparison"].splitlines()[2:]:
        name, trainable, head, *_, accuracy = [cell.strip() for cell in line.strip("|").split("|")]
        name = METHOD.get(name, name)
        claim(SECTION_4, name, "accuracy, 4 epochs", number(accuracy), "project_comparison")
        claim(SECTION_4, name, "trainable parameters", number(trainable), "project_comparison")
        if name != "head only (pooler + classifier)":
            claim(None, name, "own parameters", number(trainable) - number(head), "project_comparison")
    results = json.loads(texts["results"])
    claim(SECTION_4, f"LoRA r={results['lora_r']}", "accuracy, 4 epochs", round(results["accuracy_after"], 3), "results")
    claim(SECTION_4, f"LoRA r={results['lora_r']}", "trainable parameters", results["trainable_params"], "results")
    return found


def side_by_side(page_text: str, where: str) -> list[tuple[tuple, float, str]]:
    """The rows of a page's table whose columns are the two sections' accuracies."""
    found = []
    header = f"| method | {SECTION_3} | {SECTION_4} |"
    assert header in page_text, f"{where}: no side-by-side table headed {header!r}"
    for line in page_text.split(header, 1)[1].splitlines()[2:]:
        if not line.startswith("|"):
            break
        method, *cells = [cell.strip() for cell in line.strip("|").split("|")]
        for recipe, cell in zip((SECTION_3, SECTION_4), cells):
            match = re.fullmatch(r"([\d.]+)(?: \((\d) epochs?\))?", cell)
            if match:  # a dash: the section does not train it
                epochs = match[2] or ("4" if recipe == SECTION_4 else "1")
                found.append(((recipe, method, f"accuracy, {epochs} epoch" + "s" * (epochs != "1")), number(match[1]), where))
    assert found, f"{where}: the side-by-side table is empty"
    return found


def disagreements(texts: dict[str, str], pages: dict[str, str]) -> list[str]:
    by_setting = defaultdict(list)
    found = claims(texts) + [claim for name, text in pages.items() for claim in side_by_side(text, name)]
    for setting, value, where in found:
        by_setting[setting].append((value, where))
    return [
        f"{setting}: " + ", ".join(f"{value:g} in {where}" for value, where in values)
        for setting, values in by_setting.items()
        if len({value for value, _ in values}) > 1
    ]


def committed() -> tuple[dict[str, str], dict[str, str]]:
    texts = {name: path.read_text() for name, path in OUTPUTS.items()}
    return texts, {path.relative_to(DOCS).as_posix(): path.read_text() for path in SIDE_BY_SIDE}


def test_every_setting_has_one_figure():
    texts, pages = committed()
    assert not disagreements(texts, pages)


def test_the_same_settings_are_claimed_on_several_pages():
    """The check compares something: each section's shared methods appear more than once."""
    texts, pages = committed()
    counts = defaultdict(int)
    for setting, _, _ in claims(texts) + [c for name, text in pages.items() for c in side_by_side(text, name)]:
        counts[setting] += 1
    assert counts[(SECTION_3, "full fine-tuning", "accuracy, 1 epoch")] >= 3
    assert counts[(SECTION_3, "prompt tuning", "accuracy, 2 epochs")] >= 3
    assert counts[(SECTION_4, "LoRA r=8", "accuracy, 4 epochs")] >= 3
    assert counts[(None, "prompt tuning", "own parameters")] >= 3


@pytest.mark.parametrize("output, old, new", [
    ("fine_tuning", "after fine-tuning:      0.", "after fine-tuning:      1."),
    ("results", '"trainable_params": 2', '"trainable_params": 3'),
    ("soft_prompt", "trainable: 3,840", "trainable: 3,841"),
])
def test_a_figure_that_disagrees_with_another_page_fails(output, old, new):
    texts, pages = committed()
    assert old in texts[output]
    texts[output] = texts[output].replace(old, new, 1)
    assert disagreements(texts, pages)


def test_a_side_by_side_table_that_misquotes_fails():
    texts, pages = committed()
    page = "project/comparison.md"
    row = next(line for line in pages[page].splitlines() if line.startswith("| full fine-tuning |"))
    pages[page] = pages[page].replace(row, re.sub(r"\d\.\d{3}", "0.111", row, count=1))
    assert disagreements(texts, pages)
