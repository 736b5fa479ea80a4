"""How plausible a stretch of Chinese is, for choosing among repair candidates.

Two sources, never the seeds' gold:

* the word frequencies that jieba ships (``jieba/dict.txt``, simplified script),
  read as data: a maximum-probability segmentation gives a log-probability;
* the document's own vocabulary: a character bigram model of the report itself,
  so a place name the report repeats (鎮街) beats a common word it never uses.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import threading
from collections import Counter
from dataclasses import dataclass

from jiyao.cleaning.script import to_simplified, to_traditional

_MAX_WORD = 6
# jieba counts no punctuation: rough shares of each mark in Chinese news text.
_PUNCTUATION_SHARE = {"，": 0.05, "。": 0.03, "、": 0.01, "“": 0.005, "”": 0.005, "；": 0.003, "：": 0.003}
_RARE_MARK_SHARE = 0.001
_PUNCTUATION = frozenset("，。、；：！？“”‘’（）《》—…·")
# Two marks in a row are rare, except a closing or opening quote beside another mark.
_QUOTES = frozenset("“”‘’（）《》")
_DOUBLE_MARK_LOGP = math.log(0.02)
_VOCABULARY = 20_000  # rough count of distinct characters, for add-half smoothing


@dataclass(frozen=True)
class WordFrequencies:
    counts: dict[str, int]
    log_total: float

    def logp(self, word: str) -> float:
        return math.log(self.counts.get(word) or 1) - self.log_total


@dataclass(frozen=True)
class JiebaDictionary:
    frequencies: WordFrequencies
    cities: frozenset[str]  # place names tagged ns that end in 市, without it
    provinces: frozenset[str]  # … in 省, without it


_LOAD_LOCK = threading.Lock()
_loaded: JiebaDictionary | None = None


def jieba_dictionary() -> JiebaDictionary:
    """jieba's ``dict.txt``, parsed once per process (~0.7 s), by one thread only:
    concurrent first callers wait instead of each parsing 5 MB under the GIL."""
    global _loaded
    with _LOAD_LOCK:
        if _loaded is None:
            _loaded = _parse_dictionary()
        return _loaded


def _parse_dictionary() -> JiebaDictionary:
    counts: dict[str, int] = {}
    cities: set[str] = set()
    provinces: set[str] = set()
    resource = importlib.resources.files("jieba").joinpath("dict.txt")
    with resource.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split(" ")
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word = parts[0]
            counts[word] = int(parts[1])
            if len(parts) > 2 and parts[2] == "ns" and len(word) >= 3:
                if word.endswith("市"):
                    cities.add(word[:-1])
                elif word.endswith("省"):
                    provinces.add(word[:-1])
    frequencies = WordFrequencies(counts, math.log(sum(counts.values())))
    return JiebaDictionary(frequencies, frozenset(cities), frozenset(provinces))


def word_frequencies() -> WordFrequencies:
    return jieba_dictionary().frequencies


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Characters of words jieba counts as common, in both scripts."""
    counts = word_frequencies().counts
    chars = {ch for word, n in counts.items() if n >= 50 for ch in word}
    simplified = "".join(sorted(chars))
    return frozenset(chars | set(to_traditional(simplified)))


def segmentation_logp(text: str) -> float:
    """Log-probability of the best segmentation of ``text`` into jieba words."""
    freqs = word_frequencies()
    simple = to_simplified(text)
    if len(simple) != len(text):
        simple = text
    best = [0.0] + [-math.inf] * len(simple)
    for end in range(1, len(simple) + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            word = simple[start:end]
            if end - start > 1 and word not in freqs.counts:
                continue
            if word in _PUNCTUATION:
                logp = math.log(_PUNCTUATION_SHARE.get(word, _RARE_MARK_SHARE))
                before = simple[start - 1] if start else ""
                if before in _PUNCTUATION and not ({before, word} & _QUOTES):
                    logp += _DOUBLE_MARK_LOGP
            else:
                logp = freqs.logp(word)
            score = best[start] + logp
            if score > best[end]:
                best[end] = score
    return best[-1]


class DocumentModel:
    """Character bigram model of one document, smoothed towards its unigrams."""

    def __init__(self, text: str) -> None:
        self.unigrams = Counter(text)
        self.bigrams = Counter(zip(text, text[1:], strict=False))
        self.total = max(1, sum(self.unigrams.values()))

    def _unigram_p(self, char: str) -> float:
        return (self.unigrams[char] + 0.5) / (self.total + 0.5 * _VOCABULARY)

    def logp(self, text: str) -> float:
        score = math.log(self._unigram_p(text[0])) if text else 0.0
        for prev, char in zip(text, text[1:], strict=False):
            numerator = self.bigrams[(prev, char)] + 2.0 * self._unigram_p(char)
            score += math.log(numerator / (self.unigrams[prev] + 2.0))
        return score


def plausibility(text: str, document: DocumentModel) -> float:
    """Higher is more plausible; comparable only between strings of equal length."""
    return segmentation_logp(text) + document.logp(text)
