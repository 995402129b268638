"""`bert-base-cased` (tokenizer only): a cased WordPiece vocabulary learned from the review corpus.

BERT's cased checkpoint keeps capital letters and marks continuation pieces with
"##", like the uncased one; only the case differs. The stand-in learns such a
vocabulary, small, from the reviews, so that the tokenization page can set a
cased and an uncased WordPiece tokenizer side by side.
"""

import string
from pathlib import Path

from tokenizers import BertWordPieceTokenizer
from transformers import BertConfig, BertTokenizerFast

from .hub import model_snapshot, read_reviews

REPO_ID = "bert-base-cased"


def build(hf_home: Path) -> None:
    texts, _ = read_reviews()
    # One word made of every letter and digit: each also becomes a "##" piece, so that
    # any word spelled with them (capitals inside a word included) has a tokenization.
    every_character = string.ascii_letters + string.digits
    wordpiece = BertWordPieceTokenizer(lowercase=False, strip_accents=False)
    wordpiece.train_from_iterator(texts + [every_character], vocab_size=2000, min_frequency=2, show_progress=False)
    tokenizer = BertTokenizerFast(tokenizer_object=wordpiece._tokenizer, do_lower_case=False)
    snapshot = model_snapshot(hf_home, REPO_ID)
    tokenizer.save_pretrained(snapshot)
    # AutoTokenizer reads the model type from config.json: BERT's, at the stand-in's vocabulary size.
    BertConfig(vocab_size=len(tokenizer)).save_pretrained(snapshot)
