"""Text metrics shared by the tests, the benchmarks and the evals."""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance / reference length, both after Unicode NFKC."""
    hyp = unicodedata.normalize("NFKC", hypothesis)
    ref = unicodedata.normalize("NFKC", reference)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(hyp, ref) / len(ref)
