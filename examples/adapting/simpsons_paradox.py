"""Aggregation bias: a trend in pooled data that reverses inside every group (Simpson's paradox)."""

# --8<-- [start:data]
import pandas as pd

# Kidney-stone treatments, from Charig et al. (1986), BMJ 292:879-882.
# Treatment A is open surgery, B is a less invasive procedure (PCNL).
data = pd.DataFrame({
    "treatment": ["A", "A", "B", "B"],
    "stones": ["small", "large", "small", "large"],
    "patients": [87, 263, 270, 80],
    "successes": [81, 192, 234, 55],
})
# --8<-- [end:data]

# --8<-- [start:rates]
by_group = data.pivot(index="stones", columns="treatment", values="successes") / data.pivot(
    index="stones", columns="treatment", values="patients"
)
pooled = data.groupby("treatment")[["successes", "patients"]].sum()
by_group.loc["all patients (pooled)"] = pooled["successes"] / pooled["patients"]
print("success rate")
print(by_group.round(3).to_string())
print("\npatients per group")
print(data.pivot(index="stones", columns="treatment", values="patients").to_string())
# --8<-- [end:rates]
