from tests.harness.examples import example

run = example("adapting/glue_metrics.py")


def test_mcc_sees_through_a_constant_answer_that_accuracy_and_f1_reward(run):
    ns = run.namespace
    gold, lazy = ns["gold"], ns["models"]["always 'acceptable'"]
    assert ns["matthews_corrcoef"](gold, lazy) == 0
    assert ns["accuracy_score"](gold, lazy) > 0.6 and ns["f1_score"](gold, lazy) > 0.75
    real = ns["models"]["right 80% of the time"]
    assert ns["matthews_corrcoef"](gold, real) > 0.4


def test_stsb_scores_are_correlations(run):
    ns = run.namespace
    assert ns["pearsonr"](ns["similarity"], ns["predicted"])[0] > 0.7
    assert "Spearman" in run.stdout
