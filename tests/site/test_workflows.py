"""The GitHub Actions workflows lint clean, pass zizmor and do what the project needs of them."""

import importlib.metadata
import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

import huggingface_hub
import pytest
import yaml

from tests import offline_hub
from tests.conftest import SITE_ONLY, record_provenance
from tests.offline_hub.hub import REVIEWS_CSV
from tests.harness.paths import REPO
from tests.harness.tools import installed

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = REPO / ".github" / "dependabot.yml"


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
    return subprocess.run([installed(command[0]), *command[1:]], capture_output=True, text=True)


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


def test_dependabot_config_matches_the_dependabot_schema(tmp_path):
    result = run("check-jsonschema", "--builtin-schema", "vendor.dependabot", str(DEPENDABOT))
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "dependabot.yml"
    broken.write_text(DEPENDABOT.read_text().replace("interval: weekly", "interval: sometimes"))
    assert run("check-jsonschema", "--builtin-schema", "vendor.dependabot", str(broken)).returncode != 0


def test_dependabot_updates_actions_and_pip_weekly_one_pull_request_each():
    updates = {u["package-ecosystem"]: u for u in yaml.safe_load(DEPENDABOT.read_text())["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        (group,) = update["groups"].values()
        assert group["patterns"] == ["*"], "one group takes every update of the ecosystem"


def test_zizmor_finds_nothing():
    # Over .github: the workflows and dependabot.yml. Offline: no GitHub API lookups.
    result = run("zizmor", "--offline", "--no-progress", str(REPO / ".github"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_a_tag_pinned_action_and_a_persisted_token(tmp_path):
    leaky = tmp_path / "leaky.yml"
    leaky.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/upload-artifact@v4\n        with: {name: workspace, path: .}\n"
    )
    result = run("zizmor", "--offline", "--no-progress", "--format", "json", str(leaky))
    assert result.returncode != 0
    assert {finding["ident"] for finding in json.loads(result.stdout)} >= {"unpinned-uses", "artipacked"}


def test_every_action_is_pinned_to_a_commit_with_its_release_named():
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            if "uses:" in line:
                reference, _, release = line.split("uses:")[1].partition("#")
                assert len(reference.strip().split("@")[1]) == 40 and release.strip().startswith("v"), line


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

    pip_cache = next(s for s in steps(test) if s.get("uses", "").startswith("actions/cache"))
    assert pip_cache["with"]["path"].endswith(".cache/pip") and "requirements.txt" in pip_cache["with"]["key"]
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


def suite_parts(job: dict) -> dict[str, list[str]]:
    """The docs workflow's parts of the suite: name -> pytest arguments."""
    return {entry["part"]: entry["tests"].split() for entry in job["strategy"]["matrix"]["include"]}


def site_part(job: dict) -> str:
    """The part that runs the tests of the built site, which load no model."""
    (name,) = (name for name, part in suite_parts(job).items() if {Path(f).name for f in part} == set(SITE_ONLY))
    return name


def test_docs_workflow_runs_the_whole_suite_in_parts_the_last_taking_what_the_others_leave():
    test = load("docs.yml")["jobs"]["test"]
    parts = suite_parts(test)
    *named, rest = parts.values()
    folders = [folder for part in named for folder in part]
    assert all((REPO / folder).is_dir() for folder in folders) and len(set(folders)) == len(folders)
    assert sorted(rest) == sorted(f"--ignore={folder}" for folder in folders)
    assert test["strategy"]["fail-fast"] is False, "every part reports"
    run_tests = next(step for step in steps(test) if step.get("name") == "Tests")
    assert run_tests["env"]["TESTS"] == "${{ matrix.tests }}" and "python -m pytest $TESTS" in run_tests["run"]

    chromium = next(step for step in steps(test) if "chromium" in step.get("run", ""))
    assert chromium["if"] == f"matrix.part == '{site_part(test)}'", "the browser tests' part installs Chromium"
    assert site_part(test) in next(s for s in steps(test) if s.get("uses", "").startswith("actions/upload-pages-artifact"))["if"]


def test_docs_workflow_keeps_the_stand_ins_between_runs_keyed_on_what_builds_them():
    test = load("docs.yml")["jobs"]["test"]
    cache = next(step for step in steps(test) if "genai-notes-standins" in str(step.get("with", {}).get("path")))
    # tests/offline_hub's cache_key() hashes its builders, the review corpus and the
    # pinned versions of the libraries that build them.
    assert cache["with"]["path"] == "/github/home/.cache/" + offline_hub.default_home().parent.name
    assert "'tests/offline_hub/*.py'" in cache["with"]["key"]
    assert f"'{REVIEWS_CSV.relative_to(REPO).as_posix()}'" in cache["with"]["key"]
    assert "'requirements.txt'" in cache["with"]["key"]
    pinned = (REPO / "requirements.txt").read_text()
    assert all(f"\n{package}==" in "\n" + pinned for package in offline_hub.VERSIONED)
    assert cache["if"] == f"matrix.part != '{site_part(test)}'", "every part but the site's loads models"


def test_docs_workflow_also_runs_the_site_and_browser_tests_built_with_properdocs_without_blocking():
    workflow = load("docs.yml")
    job = workflow["jobs"]["properdocs"]
    assert job["continue-on-error"] is True and workflow["jobs"]["deploy"]["needs"] == "test"
    assert job["env"]["SITE_GENERATOR"] == "properdocs"  # tests/harness/site.py builds with it
    script = commands(job)
    assert "pip install -r requirements.txt properdocs==" in script
    assert "python -m pytest tests/site tests/browser" in script


def test_hub_workflow_runs_weekly_and_on_demand_against_the_real_hub():
    workflow = load("hub.yml")
    assert workflow["on"]["schedule"][0]["cron"] and "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    script = commands(job)
    assert "python -m pytest" in script and "--ignore=tests/offline" in script
    assert job["env"]["REAL_HUB_OUTPUTS"]  # switches tests/conftest.py to the real hub
    upload = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == job["env"]["REAL_HUB_OUTPUTS"], "the outputs and provenance.json"
    assert "HF_HUB_OFFLINE" not in str(job.get("env", {}))
    assert "docs/overrides/hooks/api_links.py | lychee" in script, "the API links' URLs, checked online"


def test_the_real_hub_run_records_each_ids_commit_and_the_library_versions(tmp_path, monkeypatch):
    monkeypatch.setattr(huggingface_hub, "model_info", lambda repo_id: SimpleNamespace(sha=f"commit of {repo_id}"))
    monkeypatch.setattr(huggingface_hub, "dataset_info", lambda repo_id: SimpleNamespace(sha=f"commit of {repo_id}"))
    provenance = json.loads(record_provenance(tmp_path).read_text())
    models = (
        "gpt2", "distilbert-base-uncased", "bert-base-cased", "textattack/bert-base-uncased-imdb",
        "sentence-transformers/all-MiniLM-L6-v2",
    )
    assert provenance["models"] == {repo_id: f"commit of {repo_id}" for repo_id in models}
    assert provenance["datasets"] == {"imdb": "commit of imdb"}
    assert provenance["libraries"]["transformers"] == importlib.metadata.version("transformers")
    assert {"torch", "datasets", "peft", "huggingface-hub", "sentence-transformers"} <= set(provenance["libraries"])
