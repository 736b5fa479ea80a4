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


LOST_MARK = "□"  # the cleaner's mark for a character whose bytes are lost


def unmarked_error_rate(hypothesis: str, reference: str) -> float:
    """The share of :func:`character_error_rate` a reader cannot see: characters shown
    wrong or left out, not those marked :data:`LOST_MARK` (赵听见 for 赵铁军 counts 2,
    赵□□ none). A decoder that guesses where the bytes say nothing lowers the CER a
    little and raises this."""
    hyp = unicodedata.normalize("NFKC", hypothesis)
    ref = unicodedata.normalize("NFKC", reference)
    if not ref:
        return 0.0 if not hyp else 1.0
    unseen = 0
    for edit in Levenshtein.editops(hyp, ref):
        # replace/delete: the hypothesis shows a character at src_pos; insert: one is missing.
        unseen += edit.tag == "insert" or hyp[edit.src_pos] != LOST_MARK
    return unseen / len(ref)
