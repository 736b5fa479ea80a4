"""Whole-process times of the CLI: `--help`, and `clean`, `extract`, `brief` (offline) of
one seed — medians (min–max) of fresh processes, beside bare Python in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--runs N] [--versus PYTHONPATH]

Goals (issue 11): clean <= 0.25 s, extract <= 0.35 s, brief <= 0.5 s. The first run of
each command builds the tables it needs into the cache directory; it is not counted.
``--versus`` times the same commands with that PYTHONPATH too (another checkout's
``src``, say), alternating run by run so both meet the same machine, and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOALS = {"jiyao clean": 0.25, "jiyao extract": 0.35, "jiyao brief": 0.5}


def _time(argv: list[str], pythonpath: str | None) -> float:
    env = dict(os.environ)
    # Installed wheels run compiled bytecode (pip writes it); so do the timed runs here,
    # after the uncounted first run has written it, whatever this shell says.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _summary(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s ({min(times):.3f}–{max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--versus", metavar="PYTHONPATH", help="also time with this PYTHONPATH, alternating")
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
        _time(argv, None)
        if args.versus is not None:
            _time(argv, args.versus)
    for label, argv in commands.items():
        these, those = [], []
        for _ in range(args.runs):
            these.append(_time(argv, None))
            if args.versus is not None:
                those.append(_time(argv, args.versus))
        goal = f"  goal <= {GOALS[label]:.2f} s" if label in GOALS else ""
        line = f"{label:14s} {_summary(these)}{goal}"
        if those:
            ratio = statistics.median(these) / statistics.median(those)
            line += f"   versus {_summary(those)}   ratio {ratio:.2f}"
        print(line + f"   ({args.runs} runs)")


if __name__ == "__main__":
    main()
