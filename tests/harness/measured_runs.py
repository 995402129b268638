"""Measure a run of an example or a lab, and check its run record like every output.

What it used: the hub ids whose files in the Hugging Face cache it opened, and the
files of examples/data it read (tests/harness/opened.py).

Time: the wall-clock seconds of the run itself, not of starting its interpreter or kernel.

Memory: the most that the run added to the resident memory (RSS) of the process it
ran in, that is the process's peak RSS during the run minus its RSS when the run
started. Linux keeps the peak per process (VmHWM in /proc/<pid>/status) and resets
it on request (5 written to /proc/<pid>/clear_refs), so the peak is the run's own,
whatever an earlier run in the same process used. What it leaves out, and why it is
still the honest figure here:
- An example runs inside the test process (tests/harness/examples.py), which already
  holds the interpreter, pytest, torch and numpy (the runner imports both) and the
  libraries earlier examples imported; none of that counts. So `python examples/x.py`
  on its own needs that much more: Python with torch and numpy imported holds about
  200 MiB before it does anything. A lab runs in a fresh kernel that holds only
  ipykernel (tests/labs/notebooks.py): its imports count.
- RSS counts memory pages in use, not allocations: memory that an earlier run freed
  and the allocator kept is reused without showing up.
- Processes the run starts (torchrun's workers, DataLoader workers) are not counted.
- tracemalloc would see only Python's own allocations, not torch's tensors, and
  slow every run down; the growth of getrusage's ru_maxrss would show nothing for
  any run smaller than the largest before it in the same process.
Where there is no /proc (macOS, Windows) the memory is not measured, and a record
keeps the figure it has.

The record (tests/harness/run_records.py) holds both rounded to two significant
figures, and `pytest --update-outputs` keeps its figures while a new measurement
stays within noise of them (`_settled`), so re-runs rarely rewrite the file. No
measured value ever fails the comparison: they depend on the machine, like every
wall-clock time (outputs.WALL_CLOCK). A missing record fails no example's test:
tests/site/test_run_records.py names every example without one.
"""

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness import opened, outputs, run_records
from tests.offline_hub import REGISTRY

MEASURED = {r'"(?:seconds|peak_memory_mib|cpu_cores)"': outputs.WALL_CLOCK}
# Differences that are noise on a shared two-core machine: half the recorded figure, or these floors.
NOISE_SECONDS = 1.0
NOISE_MIB = 20


def _status_kib(pid: int | str, field: str) -> int | None:
    """A size from /proc/<pid>/status (VmRSS, VmHWM) in KiB; None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:"))
    except OSError:
        return None


def _reset_peak(pid: int | str) -> bool:
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # peak RSS := current RSS
        return True
    except OSError:
        return False


class Meter:
    """The wall time of a run in process `pid` and the memory it added at its peak, from start() to the last stop()."""

    seconds: float | None = None
    peak_mib: float | None = None

    def start(self, pid: int | str = "self") -> None:
        self._pid = pid
        self._rss_kib = _status_kib(pid, "VmRSS") if _reset_peak(pid) else None
        self._started = time.perf_counter()

    def stop(self) -> None:
        """Called after each part of the run (a lab's cells): the last call counts."""
        self.seconds = time.perf_counter() - self._started
        peak_kib = _status_kib(self._pid, "VmHWM") if self._rss_kib is not None else None
        self.peak_mib = None if peak_kib is None else max(0, peak_kib - self._rss_kib) / 1024


@dataclass
class MeasuredRun:
    meter: Meter = field(default_factory=Meter)
    opened: list[Path] = field(default_factory=list)  # files of the cache and of examples/data it opened


@contextlib.contextmanager
def metered() -> Iterator[MeasuredRun]:
    """Measure what runs inside the block, in this process."""
    run = MeasuredRun()
    with opened.watching() as run.opened:
        run.meter.start()
        yield run
        run.meter.stop()


def hub_ids(paths: list[Path]) -> tuple[str, ...]:
    """The registry's ids whose folders in the cache hold one of `paths`, in the registry's order."""
    home = opened.hf_home()
    folders = {
        entry.hub_id: [home / "hub" / f"{kind}--{entry.hub_id.replace('/', '--')}" for kind in ("models", "datasets")]
        + [home / "datasets" / entry.hub_id.replace("/", "___")]  # where `datasets` prepares a dataset
        for entry in REGISTRY
    }
    return tuple(hub_id for hub_id, places in folders.items() if any(p.is_relative_to(f) for p in paths for f in places))


def data_files(example: Path) -> tuple[str, ...]:
    """The files of examples/data that the example names.

    By name, not by what the run opened: `load_dataset("csv", ...)` reads its own
    cache instead of the file once an earlier run prepared it, so what is opened
    depends on which examples ran before.
    """
    source = example.read_text(encoding="utf-8")
    return tuple(sorted(path.name for path in opened.DATA.iterdir() if path.name in source))


def _two_figures(value: float) -> float:
    return float(f"{value:.2g}")


def _settled(recorded: float | None, measured: float | None, floor: float) -> float | None:
    """The recorded figure while the new measurement stays within noise of it; else the new one."""
    if measured is None or (recorded is not None and abs(measured - recorded) <= max(floor, recorded / 2)):
        return recorded
    return measured


def check_record(output_folder: Path, example: Path, run: MeasuredRun, update: bool) -> None:
    """Compare the run's record with docs/<section>/output/<name>.run.json, or rewrite that file."""
    path = run_records.record_file(output_folder, example.stem)
    recorded = run_records.read(path)
    if recorded is None and not (update or outputs.REAL_HUB_OUTPUTS):
        return  # not measured yet: tests/site/test_run_records.py names every such example, in one place
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    # Figures measured on another number of cores are not comparable: the new ones replace them.
    seconds, mib = (recorded.seconds, recorded.peak_memory_mib) if recorded and recorded.cpu_cores == cores else (None, None)
    peak = None if run.meter.peak_mib is None else int(_two_figures(run.meter.peak_mib))
    fresh = run_records.RunRecord(
        seconds=_settled(seconds, _two_figures(run.meter.seconds), NOISE_SECONDS),
        peak_memory_mib=_settled(mib, peak, NOISE_MIB),
        cpu_cores=cores,
        hub_ids=hub_ids(run.opened),
        data_files=data_files(example),
    )
    outputs.check(path, run_records.to_json(fresh), update, MEASURED)
