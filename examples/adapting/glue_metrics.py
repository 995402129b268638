"""How GLUE scores a model: accuracy is not the only metric, and for good reasons."""

# --8<-- [start:cola]
import numpy as np
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef

rng = np.random.default_rng(0)
# A CoLA-like test set: about 70% of the sentences are acceptable (label 1).
gold = (rng.random(1000) < 0.7).astype(int)
models = {
    "always 'acceptable'": np.ones_like(gold),  # has learned nothing
    "right 80% of the time": np.where(rng.random(1000) < 0.8, gold, 1 - gold),
}
print(f"{'model':<24}{'accuracy':>9}{'F1':>7}{'MCC':>7}")
for name, predicted in models.items():
    print(f"{name:<24}{accuracy_score(gold, predicted):>9.3f}"
          f"{f1_score(gold, predicted):>7.3f}{matthews_corrcoef(gold, predicted):>7.3f}")
# --8<-- [end:cola]

# --8<-- [start:stsb]
from scipy.stats import pearsonr, spearmanr

# An STS-B-like task: gold similarity from 0 to 5 for 200 sentence pairs, and a model
# whose scores follow the gold ones with some noise.
similarity = rng.uniform(0, 5, 200)
predicted = similarity + rng.normal(0, 1, 200)
print(f"\nSTS-B-style scores: Pearson {pearsonr(similarity, predicted)[0]:.3f}, "
      f"Spearman {spearmanr(similarity, predicted)[0]:.3f}")
# --8<-- [end:stsb]
