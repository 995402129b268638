import pytest

import tests.harness.examples as examples


@pytest.fixture
def scratch_example(tmp_path, monkeypatch):
    """Write examples/scratch/<name>.py under tmp_path and point the runner there."""
    monkeypatch.setattr(examples, "EXAMPLES", tmp_path / "examples")
    monkeypatch.setattr(examples, "DOCS", tmp_path / "docs")

    def write(name, source):
        script = tmp_path / "examples" / "scratch" / name
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(source)
        return f"scratch/{name}"

    return write
