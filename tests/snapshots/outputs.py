"""Digests of what jiyao prints for the seeds and the garbled corpus: clean text with its
repairs, the offline readout, the offline brief. Speed work must leave every one
unchanged (``tests/test_outputs_unchanged.py``); a change meant to alter output
rewrites the file on purpose:

    .venv/bin/python -m tests.snapshots.outputs --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE = Path(__file__).with_name("outputs.json")
VARIANTS = 3


def inputs() -> Iterator[tuple[str, str]]:
    from jiyao.evaluation.corpus import load_corpus, variant_seeds
    from jiyao.evaluation.garble import garble

    for path in sorted((ROOT / "seeds").glob("*.txt")):
        yield f"seeds/{path.name}", path.read_text(encoding="utf-8")
    for split in ("dev", "test"):
        for document in load_corpus(ROOT / "evals" / "corpus", split):
            for seed in variant_seeds(document, VARIANTS):
                yield f"{split}/{document.name}#{seed % 100}", garble(document.gold, seed).text


# The day the digests were recorded (any fixed day: the brief prints the day it is made,
# and a digest of today's brief fails tomorrow).
MADE = "2026-11-29"


def digest(text: str) -> dict[str, str]:
    from jiyao.briefing import render_brief
    from jiyao.cleaning import clean_text
    from jiyao.cleaning.export import report_to_dict
    from jiyao.pipeline import readout

    report = clean_text(text)
    result = readout(report, None)
    outputs = {
        "clean": json.dumps(report_to_dict(report), ensure_ascii=False, sort_keys=True),
        "readout": result.model_dump_json(),
        # The offline brief as `brief` renders it, on a fixed day: it prints the day it was made.
        "brief": render_brief(report, result, None, "md", source="report", made=MADE),
    }
    return {kind: hashlib.sha256(out.encode()).hexdigest()[:16] for kind, out in outputs.items()}


def snapshot() -> dict[str, dict[str, str]]:
    return {name: digest(text) for name, text in inputs()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.write:
        FILE.write_text(json.dumps(snapshot(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
