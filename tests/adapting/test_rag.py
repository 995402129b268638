import csv
import re

import torch

from tests.harness.examples import example

run = example("adapting/rag.py")


def test_corpus_and_question_set(run):
    ns = run.namespace
    assert len(ns["chunks"]) >= 20
    questions = ns["questions"]
    for wording in ("natural", "reworded"):
        assert sum(q["wording"] == wording for q in questions) >= 15
    assert all(q["chunk"] in ns["chunks"] for q in questions)


def test_questions_do_not_copy_their_answer(run):
    """No question repeats five words in a row from the text of the chunk that answers it.

    (A natural question may name the topic, so the chunk's title line is left out.)
    """
    words = lambda text: re.findall(r"[a-z0-9']+", text.lower())
    for q in run.namespace["questions"]:
        chunk = " ".join(words(run.namespace["chunks"][q["chunk"]].split("\n", 1)[1]))
        asked = words(q["question"])
        spans = [" ".join(asked[i : i + 5]) for i in range(len(asked) - 4)]
        assert not any(f" {span} " in f" {chunk} " for span in spans), q["question"]


def test_minilm_beats_the_keyword_baseline_and_finds_the_answer(run):
    results = run.namespace["results"]
    assert results["natural", "MiniLM"][0] > results["natural", "TF-IDF"][0]
    assert results["natural", "MiniLM"][1] >= 0.9
    assert results["reworded", "MiniLM"][0] > results["reworded", "TF-IDF"][0]
    assert results["reworded", "MiniLM"][1] > results["reworded", "TF-IDF"][1]


def test_retrieval_is_cosine_similarity_of_unit_vectors(run):
    ns = run.namespace
    vectors = ns["chunk_vectors"]
    assert torch.allclose(vectors.norm(dim=1), torch.ones(len(vectors)), atol=1e-4)
    question = ns["questions"][0]["question"]
    q = ns["model"].encode(question, convert_to_tensor=True)
    best = (vectors @ (q / q.norm())).argmax().item()
    assert ns["retrieve"]([question], k=1)[0] == [ns["chunk_ids"][best]]


def test_recall_matches_a_recount(run):
    ns = run.namespace
    natural = [q for q in ns["questions"] if q["wording"] == "natural"]
    top = ns["retrieve"]([q["question"] for q in natural])
    hits1 = sum(t[0] == q["chunk"] for t, q in zip(top, natural)) / len(natural)
    hits3 = sum(q["chunk"] in t for t, q in zip(top, natural)) / len(natural)
    assert (hits1, hits3) == ns["results"]["natural", "MiniLM"]


def test_augmented_prompt_has_context_then_question(run):
    ns = run.namespace
    prompt, question = ns["prompt"], ns["question"]
    retrieved = ns["retrieve"]([question])[0]
    assert retrieved[0] == "retrieval-augmented-generation"
    for n, chunk_id in enumerate(retrieved, 1):
        assert f"[{n}] {ns['chunks'][chunk_id]}" in prompt
    assert prompt.endswith(f"Question: {question}\nAnswer:")


def test_question_file_is_well_formed(run):
    with open(run.path.parents[1] / "data" / "rag_questions.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(set(row) == {"question", "chunk", "wording"} and row["question"].endswith("?") for row in rows)
    assert len({row["question"] for row in rows}) == len(rows)
