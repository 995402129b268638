"""The lab runs, one per session, shared by each lab's tests and the lab pages' tests.

Each lab is executed once per session by the fixture named after it
(`executed_lab()`, tests/labs/notebooks.py), with its probe
(tests/labs/probes.py); a lab's test module gets that run as its `run`
(`run = lab("labs/<name>.py")`, as a script's mirror test has
`run = example(...)`). Under `pytest --update-outputs` that run
rewrites the lab's page, docs/labs/<name>.ipynb. The tests that read those pages
(tests/labs/test_lab_pages.py) therefore request `final_lab_notebooks`, which
under that option requests every lab's run first, and otherwise none: then they
read the committed notebooks without executing a lab.

A fixture, not a test order: pytest sets up what a test requests before the
test, in whatever order the tests were collected or selected.
"""

from pathlib import Path

import pytest

from tests.labs import probes
from tests.labs.notebooks import LABS, executed_lab

digits_mlp = executed_lab("labs/digits_mlp.py", probe=probes.DIGITS_MLP)
gpt2_one_token_at_a_time = executed_lab("labs/gpt2_one_token_at_a_time.py", probe=probes.GPT2_ONE_TOKEN_AT_A_TIME)
pytorch_hf_scavenger_hunt = executed_lab("labs/pytorch_hf_scavenger_hunt.py", probe=probes.PYTORCH_HF_SCAVENGER_HUNT)


@pytest.fixture(scope="session")
def final_lab_notebooks(request) -> None:
    """docs/labs/*.ipynb as this session leaves them: rewritten first under --update-outputs."""
    if request.config.getoption("--update-outputs"):
        for relative in LABS:
            request.getfixturevalue(Path(relative).stem)  # the lab's run, defined above
