"""`gpt2`: the GPT-2 architecture, small, trained briefly on the review corpus.

Its tokenizer is a byte-level BPE (GPT-2's scheme) learned from the same text, so
greedy continuations of review-like prompts are recognisable English.
"""

from pathlib import Path

import torch
from tokenizers import ByteLevelBPETokenizer
from transformers import GPT2Config, GPT2LMHeadModel, GPT2TokenizerFast

from .hub import model_snapshot, read_reviews

REPO_ID = "gpt2"
EOS = "<|endoftext|>"
CONTEXT = 64
STEPS = 500
BATCH = 16


def train_tokenizer(texts: list[str]) -> GPT2TokenizerFast:
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        texts, vocab_size=2000, min_frequency=2, special_tokens=[EOS], show_progress=False
    )
    return GPT2TokenizerFast(
        tokenizer_object=bpe._tokenizer,
        bos_token=EOS,
        eos_token=EOS,
        unk_token=EOS,
        model_max_length=256,
    )


def build(hf_home: Path) -> None:
    torch.manual_seed(0)
    texts, _ = read_reviews()
    tokenizer = train_tokenizer(texts)
    # Reviews run on one after another, as in a book: no end-of-text token inside.
    ids = tokenizer(" ".join(texts))["input_ids"]
    stream = torch.tensor(ids)
    config = GPT2Config(
        vocab_size=len(tokenizer),
        n_positions=256,
        n_embd=128,
        n_layer=3,
        n_head=4,
        bos_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    model = GPT2LMHeadModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=STEPS)
    model.train()
    for _ in range(STEPS):
        starts = torch.randint(0, len(stream) - CONTEXT, (BATCH,))
        batch = torch.stack([stream[s : s + CONTEXT] for s in starts])
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
    model.eval()
    snapshot = model_snapshot(hf_home, REPO_ID)
    model.save_pretrained(snapshot)
    tokenizer.save_pretrained(snapshot)
