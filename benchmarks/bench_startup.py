"""Cold start of `jiyao --help`: the median of several fresh processes.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]

Target: under 0.3 s, which needs the SDKs (openai, tiktoken, fastapi…) imported lazily.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jiyao", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    baseline = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, capture_output=True)
        baseline.append(time.perf_counter() - start)
    median, bare = statistics.median(times), statistics.median(baseline)
    print(
        f"jiyao --help: median {median:.3f} s over {args.runs} runs "
        f"(bare python: {bare:.3f} s, ratio {median / bare:.1f})"
    )


if __name__ == "__main__":
    main()
