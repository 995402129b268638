"""Measure the time budgets: python -m tests.tools.benchmark [cold] [warm] [build] [project] [portability] [records]

cold         the whole suite with the stand-ins built from scratch (a fresh cache folder)
warm         the whole suite with the stand-ins cached
             (each of the two also lists its ten slowest tests: setup, call and teardown)
build        mkdocs build --strict
project      tests/project: the LoRA project, the comparison table and the torchrun run
portability  the suite on simulated other machines (tests/harness/portability.py):
             another CPU's kernels, one core, more threads; the shown outputs must
             hold on each without --update-outputs
records      the slowest examples, as the last test run recorded them (docs/*/output/*.run.json,
             tests/harness/measured_runs.py), marking those over EXAMPLE_BUDGET; runs nothing

Budgets are checked here, by the clock, never by timing asserts in the tests.
Extra arguments after "--" go to pytest (e.g. -- tests/basics).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from tests.harness import run_records, site
from tests.harness.paths import REPO
from tests.harness.portability import VARIANTS

# Seconds, on a quiet two-core machine: the suite from the CI-time issue (aim: 240 s; a
# cold run adds building the stand-ins, several CPU-minutes, and has no budget of its
# own), the build from the foundation issue, the project from the project issue.
BUDGETS = {"cold": None, "warm": 300, "build": 10, "project": 150, "portability": None}
EXAMPLE_BUDGET = 30  # seconds, any one example (the CI-time issue)
DURATION = re.compile(r"^\s*([\d.]+)s (?:setup|call|teardown)\s+((\S+?)::\S+)$", re.M)


def timed(command, env=None):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def suite(env, pytest_args, cpus=None):
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=0", *pytest_args]
    seconds, result = timed((["taskset", "-c", cpus] if cpus else []) + command, env)
    per_file, per_test = defaultdict(float), defaultdict(float)
    for duration, test, test_file in DURATION.findall(result.stdout):
        per_file[test_file] += float(duration)
        per_test[test] += float(duration)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    if failed := re.findall(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M):
        summary += "\n    " + "\n    ".join(failed)
    return seconds, summary, per_file, per_test


def print_slowest_tests(label: str, per_test: dict, count: int = 10) -> None:
    """The slowest tests of a run; a module's example runs in the setup of its first test."""
    print(f"Slowest {count} tests ({label}; setup + call + teardown):")
    for test, duration in sorted(per_test.items(), key=lambda item: -item[1])[:count]:
        print(f"  {duration:7.1f}  {test}")


def print_records(slowest: int) -> None:
    """The `slowest` examples by their run records, and how many have none yet."""
    found = run_records.by_example(REPO)
    measured = sorted(((record, example) for example, record in found.items() if record), key=lambda item: -item[0].seconds)
    print(f"Slowest examples by their run records ({len(measured)} of {len(found)} measured):")
    print(f"  {'seconds':>8}  {'MiB added':>9}  {'cores':>5}  example  [hub ids; data files]")
    for record, example in measured[:slowest]:
        mib = "-" if record.peak_memory_mib is None else record.peak_memory_mib
        used = "; ".join(", ".join(names) for names in (record.hub_ids, record.data_files) if names)
        over = f"  OVER {EXAMPLE_BUDGET} s" if record.seconds > EXAMPLE_BUDGET else ""
        print(f"  {record.seconds:8g}  {mib:>9}  {record.cpu_cores:>5}  {example}" + (f"  [{used}]" if used else "") + over)
    if missing := [example for example, record in found.items() if record is None]:
        print(f"Not measured yet ({len(missing)}): " + ", ".join(missing))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.tools.benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", choices=[*BUDGETS, "records"], default=["cold", "warm", "build"])
    parser.add_argument("--slowest", type=int, default=10, help="how many examples `records` lists (default 10)")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args, pytest_args = parser.parse_args(argv[:split]), argv[split + 1:]
    if "records" in args.what:
        print_records(args.slowest)
    rows = []
    if "cold" in args.what:
        with tempfile.TemporaryDirectory() as cache:
            seconds, summary, _, per_test = suite({**os.environ, "XDG_CACHE_HOME": cache}, pytest_args)
        rows.append(("suite, stand-ins built from scratch", seconds, BUDGETS["cold"], summary))
        print_slowest_tests("cold", per_test)
    if "warm" in args.what:
        seconds, summary, per_file, per_test = suite(dict(os.environ), pytest_args)
        rows.append(("suite, stand-ins cached", seconds, BUDGETS["warm"], summary))
        print_slowest_tests("warm", per_test)
        print("Seconds per test file (warm; an example runs in its module's first test):")
        for test_file, duration in sorted(per_file.items(), key=lambda item: -item[1]):
            print(f"  {duration:7.1f}  {test_file}")
    if "build" in args.what:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = site.build(Path(out))
            seconds = time.perf_counter() - started
        rows.append((f"{site.SITE_GENERATOR} build --strict", seconds, BUDGETS["build"],
                     "ok" if result.returncode == 0 else result.stderr[-500:]))
    if "project" in args.what:
        seconds, summary, *_ = suite(dict(os.environ), ["tests/project"])
        rows.append(("LoRA project (tests/project)", seconds, BUDGETS["project"], summary))
    if "portability" in args.what:
        for variant, (variables, cpus) in VARIANTS.items():
            seconds, summary, *_ = suite({**os.environ, **variables}, pytest_args, cpus)
            rows.append((f"suite on {variant}", seconds, None, summary))
    print()
    for name, seconds, budget, summary in rows:
        verdict = "" if budget is None else f"({'within' if seconds <= budget else 'OVER'} budget {budget} s)  "
        print(f"{name:40s} {seconds:7.1f} s  {verdict}{summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
