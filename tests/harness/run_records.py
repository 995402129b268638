"""The run record of an example: how long it ran, the memory it added, on how many cores, what it used.

The test run writes one next to the example's outputs, docs/<section>/output/<name>.run.json
(tests/harness/measured_runs.py says what is measured and how), and checks it like
every output. The build reads the records (docs/overrides/hooks/run_times.py: the
figure on each page that shows an example, the table of docs/run-times.md), and so
do `python -m tests.tools.benchmark records` and tests/site/test_run_records.py.
This module only reads and writes the file: it imports nothing heavy, so the build can use it.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

SUFFIX = ".run.json"


@dataclass(frozen=True)
class RunRecord:
    seconds: float  # wall clock, two significant figures
    peak_memory_mib: int | None  # the most the run added to its process's resident memory; None: not measurable there
    cpu_cores: int  # the cores the run could use
    hub_ids: tuple[str, ...]  # ids of the offline hub it loads (tests/harness/uses.py)
    data_files: tuple[str, ...]  # files of examples/data it reads


def record_file(output_folder: Path, stem: str) -> Path:
    return output_folder / f"{stem}{SUFFIX}"


def record_of(example: Path, root: Path) -> Path:
    """docs/<section>/output/<name>.run.json under `root` for `root`/examples/<section>/<name>.py."""
    section = example.relative_to(root / "examples").parent
    return record_file(root / "docs" / section / "output", example.stem)


def examples(root: Path) -> list[Path]:
    """Every example under `root`/examples: the files whose runs have records."""
    return sorted(path for path in (root / "examples").rglob("*.py") if "data" not in path.relative_to(root).parts)


def by_example(root: Path) -> dict[str, RunRecord | None]:
    """Every example's record ("examples/<section>/<name>.py" -> its record, None if not measured yet)."""
    return {example.relative_to(root).as_posix(): read(record_of(example, root)) for example in examples(root)}


def read(path: Path) -> RunRecord | None:
    """The record at `path`, or None if the example has not been measured yet."""
    if not path.is_file():
        return None
    fields = json.loads(path.read_text(encoding="utf-8"))
    return RunRecord(**{**fields, "hub_ids": tuple(fields["hub_ids"]), "data_files": tuple(fields["data_files"])})


def to_json(record: RunRecord) -> str:
    return json.dumps(asdict(record), indent=2) + "\n"
