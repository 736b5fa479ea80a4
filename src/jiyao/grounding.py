"""Finding a model's quote in the clean text: exactly, then after normalization.

Normalization folds script (OpenCC) and width (NFKC) character by character,
so a match in the folded text has the same offsets in the original, and the
evidence we keep is always the original's own characters.
"""

from __future__ import annotations

import functools
import unicodedata

from jiyao.cleaning.script import to_simplified


def _fold(text: str) -> str:
    widths = "".join(c if len(n := unicodedata.normalize("NFKC", c)) != 1 else n for c in text)
    simple = to_simplified(widths)
    return simple if len(simple) == len(text) else widths


@functools.lru_cache(maxsize=64)
def _folded(text: str) -> str:
    return _fold(text)


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``text`` (exact first, then folded), or None."""
    quote = quote.strip()
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    folded_quote = _fold(quote)
    start = _folded(text).find(folded_quote)
    if start >= 0:
        return start, start + len(folded_quote)
    return None
