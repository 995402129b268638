"""The GitHub Actions workflows lint clean and do what the project needs of them."""

import shutil
import subprocess

import pytest
import yaml

from tests.harness.docs import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def load(name: str) -> dict:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def commands(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def run(*command):
    executable = shutil.which(command[0])
    assert executable, f"{command[0]} is not installed (pip install -r requirements.txt)"
    return subprocess.run([executable, *command[1:]], capture_output=True, text=True)


def test_both_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"docs.yml", "hub.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_finds_nothing(workflow):
    result = run("actionlint", "-no-color", str(workflow))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(workflow):
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_and_the_schema_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        run: echo both\n")
    assert run("actionlint", "-no-color", str(broken)).returncode != 0
    assert run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)).returncode != 0


def test_docs_workflow_tests_pull_requests_and_deploys_main():
    workflow = load("docs.yml")
    assert "pull_request" in workflow["on"] and workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}, "least privilege at the top"
    assert workflow["concurrency"]["group"]
    test, deploy = workflow["jobs"]["test"], workflow["jobs"]["deploy"]

    assert "actions/setup-python" in uses(test)
    setup = next(s for s in steps(test) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    script = commands(test)
    assert "apt-get install" in script and "chromium" in script
    assert "pip install -r requirements.txt" in script
    assert "python -m pytest" in script and "mkdocs build --strict" in script
    assert script.index("python -m pytest") < script.index("mkdocs build --strict")
    assert test["env"]["CI"] == "true", "a missing browser must fail the browser tests"
    assert "playwright install" not in script, "the tests drive Debian's Chromium, no browser download"

    upload = next(s for s in steps(test) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert "pull_request" in upload["if"] and "refs/heads/main" in upload["if"]
    assert uses(deploy) == ["actions/deploy-pages"] and deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pull_request" in deploy["if"] and deploy["environment"]["name"] == "github-pages"


def test_hub_workflow_runs_weekly_and_on_demand_against_the_real_hub():
    workflow = load("hub.yml")
    assert workflow["on"]["schedule"][0]["cron"] and "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    script = commands(job)
    assert "python -m pytest" in script and "--ignore=tests/offline" in script
    assert job["env"]["REAL_HUB_OUTPUTS"]  # switches tests/conftest.py to the real hub
    assert "HF_HUB_OFFLINE" not in str(job.get("env", {}))
