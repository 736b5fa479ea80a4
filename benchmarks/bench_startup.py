"""Whole-process times of the CLI: `--help`, and `clean`, `extract`, `brief` (offline) of
one seed — medians (min–max) of fresh processes, beside bare Python in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]

Goals (issue 11): clean <= 0.25 s, extract <= 0.35 s, brief <= 0.5 s. The first run builds
the language tables into the cache directory; it is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    seed = str(Path(__file__).resolve().parents[1] / "seeds" / "000_5f474b3628a23a08.txt")
    commands = {
        "bare python": ["-c", "pass"],
        "jiyao --help": ["-m", "jiyao", "--help"],
        "jiyao clean": ["-m", "jiyao", "clean", seed],
        "jiyao extract": ["-m", "jiyao", "extract", seed, "--engine", "offline"],
        "jiyao brief": ["-m", "jiyao", "brief", seed, "--engine", "offline"],
    }
    for argv in commands.values():  # the first run of each builds the tables it needs; not counted
        subprocess.run([sys.executable, *argv], check=True, capture_output=True)
    for label, argv in commands.items():
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, *argv], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        print(
            f"{label:14s} median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}) "
            f"over {args.runs} runs"
        )


if __name__ == "__main__":
    main()
