"""What makes floating-point results differ between machines, and how the tests pin it.

The shown outputs were recorded under `pin_numerics()`; on another machine the
same settings make them reproduce exactly in the usual case, and the comparison
(tests/harness/outputs.py) tolerates what remains. Measured on this project's
machines (python -m tests.tools.benchmark portability):
- the thread count changes the last bits of every parallel sum, so it is forced:
  torch's by the example runner (examples.THREADS), the BLAS under numpy and
  scikit-learn here;
- torch's kernels (ATEN_CPU_CAPABILITY), MKL's code path (MKL_CBWR) and oneDNN's
  instruction set (ONEDNN_MAX_CPU_ISA) differ between AVX2 and AVX-512 CPUs, so
  they are capped at AVX2 where the CPU has it; only by default, so that a run
  can simulate another CPU by setting them itself.
"""

import os
from pathlib import Path

THREADS = 2  # the shown outputs were recorded with two threads
AVX2_CAPS = {"ATEN_CPU_CAPABILITY": "avx2", "MKL_CBWR": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}
# The simulated machines of `python -m tests.tools.benchmark portability`: environment, and a CPU list for taskset.
VARIANTS = {
    "this machine": ({}, None),
    "ATEN_CPU_CAPABILITY=avx2": ({"ATEN_CPU_CAPABILITY": "avx2"}, None),
    "ATEN_CPU_CAPABILITY=default": ({"ATEN_CPU_CAPABILITY": "default"}, None),
    "one core (taskset -c 0)": ({}, "0"),
    "OMP_NUM_THREADS=4": ({"OMP_NUM_THREADS": "4"}, None),
}


def cpu_has_avx2() -> bool:
    cpuinfo = Path("/proc/cpuinfo")
    return cpuinfo.exists() and " avx2" in cpuinfo.read_text()


def pin_numerics() -> None:
    os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)
    if cpu_has_avx2():
        for variable, value in AVX2_CAPS.items():
            os.environ.setdefault(variable, value)
