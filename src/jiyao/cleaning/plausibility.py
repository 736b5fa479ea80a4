"""How plausible a stretch of Chinese is, for choosing among repair candidates.

Two sources, never the seeds' gold:

* the word frequencies that jieba ships (``jieba/dict.txt``, simplified script),
  read as data: a maximum-probability segmentation gives a log-probability;
* the document's own vocabulary: a character bigram model of the report itself,
  so a place name the report repeats (鎮街) beats a common word it never uses.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass

from jiyao.cleaning import tables
from jiyao.cleaning.script import to_simplified

_MAX_WORD = 6
# jieba counts no punctuation: rough shares of each mark in Chinese news text.
_PUNCTUATION_SHARE = {"，": 0.05, "。": 0.03, "、": 0.01, "“": 0.005, "”": 0.005, "；": 0.003, "：": 0.003}
_RARE_MARK_SHARE = 0.001
_PUNCTUATION = frozenset("，。、；：！？“”‘’（）《》—…·")
# Two marks in a row are rare, except a closing or opening quote beside another mark.
_QUOTES = frozenset("“”‘’（）《》")
_DOUBLE_MARK_LOGP = math.log(0.02)
_VOCABULARY = 20_000
_UNPAIRED_LOGP = math.log(0.05)  # rough count of distinct characters, for add-half smoothing


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


@functools.lru_cache(maxsize=1)
def jieba_dictionary() -> JiebaDictionary:
    """jieba's word frequencies and place names, from the compact table (:mod:`.tables`)."""
    table = tables.words()
    counts: dict[str, int] = table["counts"]
    frequencies = WordFrequencies(counts, math.log(sum(counts.values())))
    return JiebaDictionary(frequencies, frozenset(table["cities"]), frozenset(table["provinces"]))


def word_frequencies() -> WordFrequencies:
    return jieba_dictionary().frequencies


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Characters of words jieba counts as common (50 and more), in both scripts."""
    return frozenset(tables.chars()["common"])


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


def pair_logp(prev: str, char: str) -> float:
    """A quick guess at how well ``char`` follows ``prev``: the two as a jieba word, else
    ``char`` alone, discounted. For pruning candidates before :func:`plausibility`."""
    freqs = word_frequencies()
    pair = _simple_char(prev) + _simple_char(char)
    count = freqs.counts.get(pair)
    if count:
        return math.log(count) - freqs.log_total
    if char in _PUNCTUATION:
        return math.log(_PUNCTUATION_SHARE.get(char, _RARE_MARK_SHARE))
    return _char_logp(char) + _UNPAIRED_LOGP


@functools.cache
def _simple_char(char: str) -> str:
    simple = to_simplified(char)
    return simple if len(simple) == 1 else char


@functools.cache
def _char_logp(char: str) -> float:
    return word_frequencies().logp(_simple_char(char))


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
