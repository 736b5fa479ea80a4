"""The batch's bookkeeping: seconds to record N reports in the manifest (two records each,
as a batch makes), against a reference checkout's manifest in the same run.

    .venv/bin/python benchmarks/bench_manifest.py [--reports N] [--versus PATH/src]

Recording must stay linear in the batch's size: the time per report should not grow with N.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

_RUN = """
import hashlib, json, sys, tempfile, time
from pathlib import Path
from jiyao.batch import _Manifest
n = int(sys.argv[1])
manifest = _Manifest(Path(tempfile.mkdtemp()) / "manifest.json")
start = time.perf_counter()
marks = {}
for i in range(n):
    name = f"reports/2026/report-{i:05d}.txt"
    stamp = {"sha256": hashlib.sha256(name.encode()).hexdigest(), "engine": "llm", "model": "m", "cleaner": "7"}
    manifest.record(name, None)
    manifest.record(name, stamp)
    if i + 1 in (n // 4, n):
        marks[i + 1] = time.perf_counter() - start
print(json.dumps(marks))
"""


def timed(pythonpath: str | None, reports: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else None
    command = [sys.executable, "-c", _RUN, str(reports)]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return {k: float(v) for k, v in json.loads(out.stdout).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--versus", help="another checkout's src/ to time beside this one")
    args = parser.parse_args()
    quarter = args.reports // 4
    runs = [("this checkout", None)] + ([("versus", args.versus)] if args.versus else [])
    for label, path in runs:
        marks = timed(path, args.reports)
        first, whole = marks[str(quarter)], marks[str(args.reports)]
        rest = (whole - first) / (args.reports - quarter)
        print(
            f"{label:14s} {args.reports} reports: {whole:7.2f} s; per report, first quarter "
            f"{first / quarter * 1000:6.2f} ms, the rest {rest * 1000:6.2f} ms (growth {rest / (first / quarter):.1f}×)"
        )


if __name__ == "__main__":
    main()
