"""Cleaner throughput over the seeds, in characters of raw input per second.

    .venv/bin/python benchmarks/bench_clean.py [--rounds N] [--corpus]

``--corpus`` cleans the development corpus garbled as `jiyao eval corpus` garbles it
(3 variants per report, byte-loss runs included) instead of the seeds. ``--files``
cleans the given files (to time an older checkout on the same inputs: write them out
with ``--write DIR`` first).

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
    parser.add_argument("--corpus", action="store_true", help="the garbled corpus instead of the seeds")
    parser.add_argument("--files", nargs="*", type=Path, help="these files instead of the seeds")
    parser.add_argument("--write", type=Path, help="write the inputs to this folder and stop")
    args = parser.parse_args()
    if args.corpus:
        texts, what = _garbled_corpus(), "garbled corpus"
    elif args.files:
        texts, what = [p.read_text(encoding="utf-8") for p in args.files], "files"
    else:
        texts, what = [p.read_text(encoding="utf-8") for p in SEEDS], "seeds"
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(texts):
            (args.write / f"{i:03d}.txt").write_text(text, encoding="utf-8")
        return
    chars = sum(len(t) for t in texts)

    start = time.perf_counter()
    for text in texts:
        clean_text(text)
    first = time.perf_counter() - start

    rounds = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for text in texts:
            clean_text(text)
        rounds.append(time.perf_counter() - start)
    steady = sum(rounds) / len(rounds)

    print(f"{what}: {len(texts)} reports, {chars} raw characters")
    print(f"first pass (includes one-time loads): {first:.3f} s")
    print(f"steady state: {steady * 1000:.1f} ms per pass, {chars / steady:,.0f} characters/s")
    # The best round is the figure least disturbed by other work on a shared machine.
    print(f"best round: {min(rounds) * 1000:.1f} ms, {chars / min(rounds):,.0f} characters/s")


def _garbled_corpus() -> list[str]:
    from jiyao.evaluation.corpus import SPLITS, load_corpus, variant_seeds
    from jiyao.evaluation.garble import garble

    root = SEEDS[0].parents[1] / "evals" / "corpus"
    documents = [d for split in SPLITS for d in load_corpus(root, split)]
    return [garble(d.gold, seed).text for d in documents for seed in variant_seeds(d, 3)]


if __name__ == "__main__":
    main()
