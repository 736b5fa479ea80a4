"""Cleaner throughput over the seeds, in characters of raw input per second.

    .venv/bin/python benchmarks/bench_clean.py [--rounds N]

The first call pays one-time loads (jieba's word list, OpenCC); they are timed
separately so the steady-state figure is honest.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from jiyao.cleaning import clean_text

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    chars = sum(len(t) for t in texts)

    start = time.perf_counter()
    for text in texts:
        clean_text(text)
    first = time.perf_counter() - start

    start = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            clean_text(text)
    steady = (time.perf_counter() - start) / args.rounds

    print(f"seeds: {len(texts)} reports, {chars} raw characters")
    print(f"first pass (includes one-time loads): {first:.3f} s")
    print(f"steady state: {steady * 1000:.1f} ms per pass, {chars / steady:,.0f} characters/s")


if __name__ == "__main__":
    main()
