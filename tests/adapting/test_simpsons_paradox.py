from tests.harness.examples import example

run = example("adapting/simpsons_paradox.py")


def test_a_wins_in_every_group_but_b_wins_pooled(run):
    rates = run.namespace["by_group"]
    assert (rates.loc["small", "A"] > rates.loc["small", "B"]) and (rates.loc["large", "A"] > rates.loc["large", "B"])
    assert rates.loc["all patients (pooled)", "B"] > rates.loc["all patients (pooled)", "A"]


def test_the_counts_are_charig_et_al(run):
    data = run.namespace["data"]
    assert data["patients"].sum() == 700 and data["successes"].sum() == 273 + 289
