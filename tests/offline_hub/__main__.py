"""Build the offline Hugging Face cache: python -m tests.offline_hub build [FOLDER]

Then run any example offline with
    HF_HOME=FOLDER HF_HUB_OFFLINE=1 python examples/<section>/<name>.py
"""

import argparse
import os
import sys
from pathlib import Path

from tests.harness.portability import pin_numerics

os.environ["HF_HUB_OFFLINE"] = "1"  # building never needs the hub
pin_numerics()  # the same weights as the test run's stand-ins
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.offline_hub", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build", help="build every stand-in into FOLDER")
    build_command.add_argument(
        "folder", nargs="?", type=Path, help="where to build (default: the per-machine test cache)"
    )
    args = parser.parse_args()

    import datasets
    import transformers

    from . import build, default_home

    transformers.logging.set_verbosity_error()
    datasets.disable_progress_bars()
    folder = (args.folder or default_home()).resolve()
    if folder.exists() and any(folder.iterdir()) and not (folder / "hub").is_dir():
        build_command.error(f"{folder} exists and is not an offline hub; choose an empty or new folder")
    build(folder)
    print(f"\nOffline hub ready. Run an example with:\n  HF_HOME={folder} HF_HUB_OFFLINE=1 python examples/intro/gpt2_token_by_token.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
