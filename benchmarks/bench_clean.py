"""Cleaner throughput over the seeds, in characters of raw input per second.

    .venv/bin/python benchmarks/bench_clean.py [--rounds N] [--corpus]
    .venv/bin/python benchmarks/bench_clean.py --goals   # every cleaner figure against its goal

``--corpus`` cleans the development corpus garbled as `jiyao eval corpus` garbles it
(3 variants per report, byte-loss runs included) instead of the seeds. ``--files``
cleans the given files (to time an older checkout on the same inputs: write them out
with ``--write DIR`` first).

The first call pays one-time loads (jieba's word list, OpenCC); they are timed
separately so the steady-state figure is honest.

``--goals`` times, in one process and alternating, the garbled seeds, the seeds' gold
clean text (reports of real size) and the corpus golds (short reports: the per-report
cost shows), each beside a reference on the same text: the cleaner's own regular
expressions run to exhaustion over the whole text, with no Python work per match. On
clean text the cleaner beats it (a ratio above 1): it never runs the patterns a text
cannot match (no ``?``, no ``(``, no 原标题); on garbled text it shows what the decoder
adds to the matching.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from jiyao.cleaning import clean_text

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--corpus", action="store_true", help="the garbled corpus instead of the seeds")
    parser.add_argument("--files", nargs="*", type=Path, help="these files instead of the seeds")
    parser.add_argument("--write", type=Path, help="write the inputs to this folder and stop")
    parser.add_argument("--goals", action="store_true", help="every cleaner figure against its goal")
    args = parser.parse_args()
    if args.goals:
        _goals(args.rounds)
        return
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


# Issue 11's goals, in characters of input per second on one core.
GOALS = {"garbled seeds": 1_000_000, "seeds' gold (clean)": 5_000_000, "corpus golds (clean, short)": 5_000_000}


def _regexes() -> list[re.Pattern[str]]:
    """Every module-level pattern of the cleaner's passes, structure and mojibake finder."""
    from jiyao.cleaning import mojibake, passes, regex_cache, structure

    modules = (passes, structure, mojibake)
    found = [value for module in modules for value in vars(module).values() if regex_cache.is_pattern(value)]
    if not found:  # a reference of no patterns would make every ratio meaningless
        raise SystemExit("bench_clean: found none of the cleaner's patterns to time as the reference")
    return found


def _best(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _goals(rounds: int) -> None:
    root = SEEDS[0].parents[1]
    inputs = {
        "garbled seeds": [p.read_text(encoding="utf-8") for p in SEEDS],
        "seeds' gold (clean)": [
            p.read_text(encoding="utf-8") for p in sorted((root / "evals/gold/clean").glob("*.txt"))
        ],
        "corpus golds (clean, short)": [
            p.read_text(encoding="utf-8") for p in sorted((root / "evals/corpus").glob("*/*.txt"))
        ],
    }
    patterns = _regexes()
    for texts in inputs.values():  # one-time loads
        for text in texts:
            clean_text(text)
    print(f"best of {rounds} rounds, three alternations; reference: {len(patterns)} regexes run to exhaustion")
    print(f"{'input':30s} {'chars':>7s} {'cleaner':>14s} {'regexes':>14s} {'ratio':>6s}  goal")
    for label, texts in inputs.items():
        chars = sum(len(t) for t in texts)
        cleaner = regexes = float("inf")
        for _ in range(3):
            cleaner = min(cleaner, _best(rounds, lambda texts=texts: [clean_text(t) for t in texts]))
            regexes = min(
                regexes,
                _best(rounds, lambda texts=texts: [sum(1 for p in patterns for _ in p.finditer(t)) for t in texts]),
            )
        speed, goal = chars / cleaner, GOALS[label]
        verdict = "met" if speed >= goal else "missed"
        print(
            f"{label:30s} {chars:7d} {speed / 1e6:9.2f} M/s {chars / regexes / 1e6:9.2f} M/s "
            f"{regexes / cleaner:6.2f}  >= {goal / 1e6:.0f} M/s: {verdict}"
        )


def _garbled_corpus() -> list[str]:
    from jiyao.evaluation.corpus import SPLITS, load_corpus, variant_seeds
    from jiyao.evaluation.garble import garble

    root = SEEDS[0].parents[1] / "evals" / "corpus"
    documents = [d for split in SPLITS for d in load_corpus(root, split)]
    return [garble(d.gold, seed).text for d in documents for seed in variant_seeds(d, 3)]


if __name__ == "__main__":
    main()
