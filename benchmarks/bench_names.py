"""What a names list (`--names`) costs the cleaner, and what a long one changes.

    .venv/bin/python benchmarks/bench_names.py [--variants 2] [--made-up 4900]

Dev's garbled variants (the corpus's dev split: nothing here reads the test split) are
cleaned three ways in one process, best of three, side by side: with no list; each with
its own report's labelled people (what a user who follows that government knows); and
with one long list — every dev report's people and ``--made-up`` names drawn from common
surnames and given-name characters (a province's roster, as far as the decoder can tell).
It prints the times, their ratios, the characters wrong or marked □ against the golds each
way, and how many variants the long list reads otherwise than each report's own people.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jiyao.cleaning import clean_text, known_names  # noqa: E402
from jiyao.evaluation.corpus import load_corpus, people_of, variant_seeds  # noqa: E402
from jiyao.evaluation.garble import garble  # noqa: E402
from jiyao.surnames import SURNAMES_BY_RANK  # noqa: E402

_GIVEN = "明华国建立文海军红平强伟芳丽燕春志永晓东涛鹏峰斌杰敏静刚林秀英玉兰"


def made_up(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < count:
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        names.add(rng.choice(SURNAMES_BY_RANK[:200]) + given)
    return sorted(names)


def errors(gold: str, text: str) -> int:
    matcher = difflib.SequenceMatcher(None, gold, text, autojunk=False)
    return sum(max(a2 - a1, b2 - b1) for op, a1, a2, b1, b2 in matcher.get_opcodes() if op != "equal")


def best_of(runs: int, work: list[tuple[str, frozenset[str]]]) -> tuple[float, list[str]]:
    times, texts = [], []
    for _ in range(runs):
        began = time.perf_counter()
        texts = [clean_text(text, names=names).text for text, names in work]
        times.append(time.perf_counter() - began)
    return min(times), texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=2)
    parser.add_argument("--made-up", type=int, default=4900)
    args = parser.parse_args()
    documents = load_corpus(ROOT / "evals" / "corpus", "dev")
    golds, texts, people = [], [], []
    for document in documents:
        for seed in variant_seeds(document, args.variants):
            golds.append(document.gold.strip())
            texts.append(garble(document.gold, seed).text)
            people.append(known_names(people_of(document.label)))
    everyone = frozenset().union(*people)
    long_list = known_names([*made_up(args.made_up), *everyone])
    clean_text(texts[0], names=long_list)  # tables loaded, the list indexed: what a batch pays once
    none_s, none = best_of(3, [(text, frozenset()) for text in texts])
    own_s, own = best_of(3, list(zip(texts, people, strict=True)))
    long_s, long = best_of(3, [(text, long_list) for text in texts])
    wrong = [sum(errors(g, t.strip()) for g, t in zip(golds, out, strict=True)) for out in (none, own, long)]
    print(f"dev, {len(texts)} garbled variants; the long list holds {len(long_list)} names (both scripts)")
    print(f"  no list          {none_s:6.2f} s   characters wrong or marked: {wrong[0]}")
    print(f"  its own people   {own_s:6.2f} s   ({own_s / none_s:.2f}×)   {wrong[1]}")
    print(f"  the long list    {long_s:6.2f} s   ({long_s / none_s:.2f}×)   {wrong[2]}")
    otherwise = sum(a != b for a, b in zip(own, long, strict=True))
    print(f"  variants the long list reads otherwise than their own people: {otherwise}")


if __name__ == "__main__":
    main()
