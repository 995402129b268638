import re

import torch
from safetensors.torch import load_file
from transformers import AutoModel

from tests.adapting import test_soft_prompt as soft_prompt
from tests.harness import outputs
from tests.harness.examples import example
from tests.harness.paths import DOCS

run = example("adapting/prompt_tuning_peft.py")


def test_peft_trains_only_the_prompt(run):
    model = run.namespace["model"]
    trainable = {name: p.numel() for name, p in model.named_parameters() if p.requires_grad}
    assert sum(trainable.values()) == 10 * 384 and all("prompt_encoder" in name for name in trainable)
    assert "trainable params: 3,840" in run.stdout


def test_peft_prepends_like_the_hand_written_version(run):
    assert torch.allclose(run.namespace["by_peft"], run.namespace["by_hand"], atol=1e-6)


def test_base_weights_unchanged_and_the_prompt_learned(run):
    pretrained = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2").state_dict()
    after = run.namespace["encoder"].state_dict()
    assert all(torch.equal(pretrained[name], after[name]) for name in pretrained)
    before = float(re.search(r"accuracy before training: ([\d.]+)", run.stdout)[1])
    assert run.namespace["accuracy"]() > before + 0.03  # the trained prompt, at least four reviews better


def test_same_result_as_the_hand_written_page(run):
    """Its epoch-1 line, put in the hand-written page's output, passes that page's own check."""
    shown = DOCS / "adapting" / "output" / "soft_prompt.txt"
    epoch = re.compile(r"^epoch 1: .*$", re.MULTILINE)
    with_peft = epoch.sub(epoch.search(run.stdout)[0], shown.read_text(), count=1)
    outputs.check(shown, with_peft, update=False, tolerances=soft_prompt.TOLERANCES)


def test_saved_adapter_is_just_the_prompt(run, tmp_path):
    run.namespace["model"].save_pretrained(tmp_path)
    tensors = load_file(tmp_path / "adapter_model.safetensors")
    assert [tuple(t.shape) for t in tensors.values()] == [(10, 384)]
    assert torch.equal(next(iter(tensors.values())), run.namespace["soft_prompt"].detach())
