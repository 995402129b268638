from tests.harness.examples import example

run = example("basics/tokenization.py")


def test_uncased_tokenizer_lowercases_and_splits_subwords(run):
    tokens = run.namespace["uncased"].tokenize(run.namespace["text"])
    assert all(token == token.lower() for token in tokens)
    assert any(token.startswith("##") for token in tokens)
    assert run.namespace["uncased"].vocab_size == 30522  # bert-base-uncased's vocabulary


def test_special_tokens_wrap_the_ids(run):
    uncased, ids = run.namespace["uncased"], run.namespace["ids"]
    assert ids[0] == uncased.cls_token_id and ids[-1] == uncased.sep_token_id
    assert run.namespace["text"].lower() in uncased.decode(ids)


def test_cased_wordpiece_differs_from_uncased_only_in_case(run):
    ns = run.namespace
    cased, uncased = ns["cased"].tokenize(ns["text"]), ns["uncased"].tokenize(ns["text"])
    assert any(piece != piece.lower() for piece in cased)  # capitals kept
    assert any(piece.startswith("##") for piece in cased)  # the same WordPiece marks
    assert ns["cased"].decode(ns["cased"](ns["text"])["input_ids"]) == f"[CLS] {ns['text']} [SEP]"
    assert "".join(cased).replace("##", "").lower() == "".join(uncased).replace("##", "")


def test_bpe_keeps_case_and_every_byte(run):
    tokens = run.namespace["bpe"].tokenize(run.namespace["text"])
    assert "".join(tokens).replace("Ġ", " ") == run.namespace["text"]


def test_padding_is_masked(run):
    batch = run.namespace["batch"]
    assert batch["input_ids"].shape[0] == 2
    assert batch["attention_mask"][0].sum() < batch["attention_mask"][1].sum() == batch["input_ids"].shape[1]
