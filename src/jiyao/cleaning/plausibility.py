"""How plausible a stretch of Chinese is, for choosing among repair candidates.

Three sources, never the seeds' gold:

* the word frequencies that jieba ships (``jieba/dict.txt``, simplified script),
  read as data: a maximum-probability segmentation gives a log-probability;
* the document's own vocabulary: a character bigram model of the report itself,
  so a place name the report repeats (鎮街) beats a common word it never uses;
* a character trigram model of news text (:mod:`.news_model`): which words follow
  which, where the word counts know each word alone.
"""

from __future__ import annotations

import functools
import math
import operator
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jiyao.cleaning import tables
from jiyao.cleaning.news_model import news_model
from jiyao.cleaning.script import simplify_characters

_MAX_WORD = 6
# jieba counts no punctuation: rough shares of each mark in Chinese news text.
_PUNCTUATION_SHARE = {"，": 0.05, "。": 0.03, "、": 0.01, "“": 0.005, "”": 0.005, "；": 0.003, "：": 0.003}
_RARE_MARK_SHARE = 0.001
_MARK_LOGP = {mark: math.log(share) for mark, share in _PUNCTUATION_SHARE.items()}
_RARE_MARK_LOGP = math.log(_RARE_MARK_SHARE)
_PUNCTUATION = frozenset("，。、；：！？“”‘’（）《》—…·")
# Two marks in a row are rare, except a closing or opening quote beside another mark.
_QUOTES = frozenset("“”‘’（）《》")
_DOUBLE_MARK_LOGP = math.log(0.02)
_VOCABULARY = 20_000  # rough count of distinct characters, for add-half smoothing
_UNPAIRED_LOGP = math.log(0.05)
# The news model beside the word counts and the report's bigrams (dev: at 0.5, runs
# restored 76.8% → 80.1%; at 0.4, 78.8%; at 0.7, 80.1% with CER 0.39% against 0.38%).
NEWS_WEIGHT = 0.5
_UNASKED = object()  # a memo miss (None there means: asked, and not a word)


class WordFrequencies:
    """Log-probabilities of jieba's words, memoized: the decoder asks for the same few
    thousand strings many times over, and the packed table is slower than a dict."""

    _MEMO_LIMIT = 500_000  # a long batch: bound the memory (~15 MiB), keep the speed

    def __init__(self, counts: tables.PackedCounts, log_total: float) -> None:
        self.counts = counts
        self.log_total = log_total
        self.known: dict[str, float | None] = {}  # word → log-probability, None: not a word

    def word_logp(self, word: str) -> float | None:
        """The word's log-probability, or None when jieba does not list it."""
        found = self.known.get(word, _UNASKED)
        if found is not _UNASKED:
            return found  # type: ignore[return-value]
        count = self.counts.get(word)
        logp = None if count is None else math.log(count or 1) - self.log_total
        if len(self.known) >= self._MEMO_LIMIT:
            self.known.clear()
        self.known[word] = logp
        return logp

    def logp(self, word: str) -> float:
        logp = self.word_logp(word)
        return -self.log_total if logp is None else logp


@dataclass(frozen=True)
class JiebaDictionary:
    frequencies: WordFrequencies
    cities: frozenset[str]  # place names tagged ns that end in 市, without it
    provinces: frozenset[str]  # … in 省, without it


@functools.lru_cache(maxsize=1)
def jieba_dictionary() -> JiebaDictionary:
    """jieba's word frequencies and place names, from the compact table (:mod:`.tables`)."""
    table = tables.words()
    counts: tables.PackedCounts = table["counts"]
    frequencies = WordFrequencies(counts, math.log(counts.total))
    return JiebaDictionary(frequencies, frozenset(table["cities"]), frozenset(table["provinces"]))


def word_frequencies() -> WordFrequencies:
    return jieba_dictionary().frequencies


@functools.lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Characters of words jieba counts as common (50 and more), in both scripts."""
    return frozenset(tables.chars()["common"])


def segmentation_logp(text: str, prefix: int = 0) -> float:
    """Log-probability of the best segmentation of ``text`` into jieba words.

    The best scores over the first ``prefix`` characters depend on those characters
    alone: the decoder scores many candidates after one left context, so that part of the
    table is computed once and reused (the result is the same to the last bit)."""
    if 0 < prefix <= len(text):
        head = text[:prefix]
        done = _PREFIX_TABLES.get(head)
        if done is None:
            simple_head = simplify_characters(head)
            done = simple_head, _best_segmentations(simple_head, [0.0] + [-math.inf] * prefix, 1)
            if len(_PREFIX_TABLES) >= 20_000:
                _PREFIX_TABLES.clear()
            _PREFIX_TABLES[head] = done
        # Characters are simplified one by one: the head's are kept with its table.
        simple_head, table = done
        best = table + [-math.inf] * (len(text) - prefix)
        return _best_segmentations(simple_head + simplify_characters(text[prefix:]), best, prefix + 1)[-1]
    simple = simplify_characters(text)
    return _best_segmentations(simple, [0.0] + [-math.inf] * len(simple), 1)[-1]


# A left context's characters simplified, and its best scores (see segmentation_logp).
_PREFIX_TABLES: dict[str, tuple[str, list[float]]] = {}


def _best_segmentations(simple: str, best: list[float], first_end: int) -> list[float]:
    """Fill ``best[end]`` for ``end >= first_end``: the best score of ``simple[:end]``.

    The decoder's hottest loop: words of two or more characters first (most substrings
    are none, a memo hit each), then the character alone; the same sums, the same maximum."""
    known_get, word_logp = _word_lookups()
    alone_get, unasked = _ALONE.get, _UNASKED
    for end in range(first_end, len(simple) + 1):
        best_end = best[end]
        last = end - 1
        for start in range(end - _MAX_WORD if end > _MAX_WORD else 0, last):
            word = simple[start:end]
            found = known_get(word, unasked)
            if found is unasked:
                found = word_logp(word)
            if found is not None:
                score = best[start] + found  # type: ignore[operator]  # a float: _UNASKED and None are handled
                if score > best_end:
                    best_end = score
        alone = alone_get(simple[last])
        score = best[last] + (alone if alone is not None else _char_logp(simple, last))
        if score > best_end:
            best_end = score
        best[end] = best_end
    return best


@functools.cache
def _word_lookups() -> tuple[Callable[[str, object], object], Callable[[str], float | None]]:
    """The word memo's lookup and the lookup that fills it, bound once: the decoder's
    hottest loop is entered ~800 times a garbled report, for a few characters each."""
    frequencies = word_frequencies()
    return frequencies.known.get, frequencies.word_logp


def _char_logp(simple: str, at: int) -> float:
    """A character on its own: its word probability, a mark's share, or the unknown floor.
    Remembered for characters, not for marks (a mark's depends on the one before)."""
    char = simple[at]
    if char in _PUNCTUATION:
        logp = _MARK_LOGP.get(char, _RARE_MARK_LOGP)
        before = simple[at - 1] if at else ""
        if before in _PUNCTUATION and not ({before, char} & _QUOTES):
            logp += _DOUBLE_MARK_LOGP
        return logp
    logp = _ALONE[char] = word_frequencies().logp(char)
    return logp


_ALONE: dict[str, float] = {}  # a character's own log-probability; bounded by the characters there are


def pair_logp(prev: str, char: str) -> float:
    """A quick guess at how well ``char`` follows ``prev``: log P(char | prev) where the two
    make a jieba word, else ``char`` alone, discounted. For pruning candidates before
    :func:`plausibility`. Given ``prev``, not the word's own frequency: after a rare
    character (隐) the word it opens (隐患) had ranked below any common character alone
    (都), and the right reading left the beam."""
    first, second = _simple_char(prev), _simple_char(char)
    if _asked_often(first):
        found = _followers(first).get(second)
    else:
        found = word_frequencies().word_logp(first + second)
        found = None if found is None else min(0.0, found - char_logp(first))
    return _pair_fallback(char) if found is None else found


def word_pair_logp(first: str, second: str) -> float:
    """The two as a jieba word (its own log-probability), else ``second`` alone, discounted:
    how likely ``first`` is before a known ``second`` (for ranking ``first``)."""
    found = word_frequencies().word_logp(_simple_char(first) + _simple_char(second))
    return _pair_fallback(second) if found is None else found


def _pair_fallback(char: str) -> float:
    if char in _PUNCTUATION:
        return math.log(_PUNCTUATION_SHARE.get(char, _RARE_MARK_SHARE))
    return char_logp(char) + _UNPAIRED_LOGP


def pair_logps(prev: str, chars: Sequence[str], *, given: bool = True) -> list[float]:
    """:func:`pair_logp` of each of ``chars`` after the last character of ``prev``, at one
    lookup each: the decoder asks it for every common character where both bytes of a pair
    are lost. With two characters before, a three-character word they begin counts too
    (会 after 常委: 常委会; 委会 is no word, and 提 would pass it). ``given=False``: each
    word's own log-probability (:func:`word_pair_logp`), not given ``prev``."""
    first = _simple_char(prev[-1:])
    follow = _followers(first) if given else _word_followers(first)
    simple, fallback = _pair_fallbacks(tuple(chars))
    row = [follow.get(second, otherwise) for second, otherwise in zip(simple, fallback, strict=True)]
    if len(prev) >= 2:
        head = simplify_characters(prev[-2:])
        if thirds := (_thirds(head) if given else _word_thirds(head)):
            row = [max(score, thirds.get(second, score)) for second, score in zip(simple, row, strict=True)]
    return row


@dataclass(frozen=True)
class Candidates:
    """The candidates for one pair as the quick score reads them, built once per tuple: a
    free pair has 3,000, asked about after each reading of the beam."""

    chars: tuple[str, ...]
    fallback: list[float]  # each one's pair_logp after a character it makes no word with
    places_of_simple: dict[str, list[int]]  # simplified character → its places in ``chars``
    places_of_char: dict[str, list[int]]


@functools.lru_cache(maxsize=64)
def candidates(chars: tuple[str, ...]) -> Candidates:
    simple, fallback = _pair_fallbacks(chars)
    places_of_simple: dict[str, list[int]] = {}
    places_of_char: dict[str, list[int]] = {}
    for place, (char, plain) in enumerate(zip(chars, simple, strict=True)):
        places_of_simple.setdefault(plain, []).append(place)
        places_of_char.setdefault(char, []).append(place)
    return Candidates(chars, fallback, places_of_simple, places_of_char)


def pair_logp_changes(prev: str, table: Candidates) -> dict[int, float]:
    """:func:`pair_logps` of ``table.chars`` after ``prev`` where it is not the fallback
    (place → value): the few that make a word with what comes before, without a row of
    3,000 built for each reading of the beam."""
    follow = _followers(_simple_char(prev[-1:]))
    places = table.places_of_simple
    changes: dict[int, float] = {}
    if len(follow) < len(places):
        for second, logp in follow.items():
            for place in places.get(second, ()):
                changes[place] = logp
    else:
        for second, at in places.items():
            if (found := follow.get(second)) is not None:
                for place in at:
                    changes[place] = found
    if len(prev) >= 2 and (thirds := _thirds(simplify_characters(prev[-2:]))):
        fallback = table.fallback
        for second, logp in thirds.items():
            for place in places.get(second, ()):
                changes[place] = max(changes.get(place, fallback[place]), logp)
    return changes


@functools.lru_cache(maxsize=256)
def _pair_fallbacks(chars: tuple[str, ...]) -> tuple[list[str], list[float]]:
    """Each character simplified, and its :func:`pair_logp` after a character it makes no word with."""
    fallback = [_pair_fallback(c) for c in chars]
    return [_simple_char(c) for c in chars], fallback


def best_follower(prev: str, chars: Sequence[str]) -> tuple[str, float]:
    """The one of ``chars`` most likely to follow ``prev``, and how likely: log P(char |
    prev) where the two make a jieba word, else the likeliest of ``chars`` alone,
    discounted as in :func:`pair_logp` — the same for every ``prev``."""
    follow = _followers(_simple_char(prev))
    simple, fallback = _pair_fallbacks(tuple(chars))
    alone = max(range(len(chars)), key=fallback.__getitem__)
    best, logp = chars[alone], fallback[alone]
    for char, second in zip(chars, simple, strict=True):
        word = follow.get(second)
        if word is not None and word > logp:
            best, logp = char, word
    return best, logp


def best_leaders(chars: Sequence[str], following: Sequence[str]) -> tuple[str, list[str], list[float]]:
    """:func:`best_follower` of each of ``chars`` — the 3,000 of a pair with both bytes
    lost — in ``following``: found from the words that end in one of ``following``, not by
    asking each of the 3,000 (隐 of 安全隐患 before a pair that may be 患: without it, 隐
    alone read worse than 生 of 安全生产, and 隐 left the beam a step before 患 came).
    First, the one of ``following`` likeliest alone: each char's follower where it
    opens no word with any."""
    simple_next, fallback = _pair_fallbacks(tuple(following))
    alone = max(range(len(following)), key=fallback.__getitem__)
    best, logps = [following[alone]] * len(chars), [fallback[alone]] * len(chars)
    places = candidates(tuple(chars)).places_of_simple
    for char, second in zip(following, simple_next, strict=True):
        for first, word in _leaders(second).items():
            for place in places.get(first, ()):
                value = min(0.0, word - char_logp(chars[place]))
                if value > logps[place]:
                    best[place], logps[place] = char, value
    return following[alone], best, logps


def three_char_words(prev: str, table: Candidates, following: Sequence[str]) -> dict[int, tuple[float, str]]:
    """The places in ``table.chars`` (a pair with both bytes lost, after ``prev``) of the
    characters x that make a three-character word ``prev`` + x + y with a y of
    ``following`` (the next pair's candidates), each with the best log P(y | ``prev`` x)
    and that y."""
    allowed = _simple_places(tuple(following))
    found: dict[int, tuple[float, str]] = {}
    places = table.places_of_simple
    for second, thirds in _words_through(_simple_char(prev)).items():
        at = places.get(second)
        if not at:
            continue
        best, third = -math.inf, ""
        for plain, logp in thirds.items():
            if logp > best and (chars := allowed.get(plain)):
                best, third = logp, chars
        if third:
            for place in at:
                found[place] = (best, third)
    return found


@functools.lru_cache(maxsize=64)
def _simple_places(chars: tuple[str, ...]) -> dict[str, str]:
    """Each simplified character of ``chars`` → the first of ``chars`` that reads so."""
    simple, _ = _pair_fallbacks(chars)
    first: dict[str, str] = {}
    for char, plain in zip(chars, simple, strict=True):
        first.setdefault(plain, char)
    return first


@functools.lru_cache(maxsize=1024)
def _words_through(first: str) -> dict[str, dict[str, float]]:
    """``{second: {third: log P(third | first second)}}`` of the three-character words that
    open with ``first``."""
    return {second: _thirds(first + second) for second in _words_of_three(first)}


@functools.lru_cache(maxsize=4096)
def _leaders(second: str) -> dict[str, float]:
    """Log-probability of each two-character word ``x`` + ``second``, by ``x``."""
    freqs = word_frequencies()
    firsts, counts = tables.word_leaders().get(second, ("", b""))
    return {
        first: math.log(count) - freqs.log_total
        for first, count in zip(firsts, memoryview(counts).cast("I"), strict=True)
    }


# Listing every word after a character costs ~0.1 ms, a single lookup ~3 µs: the list pays
# only for a character asked about often (the one before a run, not each candidate).
_FOLLOWERS_AFTER = 16
_ASKED_AFTER: dict[str, int] = {}  # bounded by the characters there are


def _asked_often(first: str) -> bool:
    asked = _ASKED_AFTER[first] = _ASKED_AFTER.get(first, 0) + 1
    return asked > _FOLLOWERS_AFTER


@functools.lru_cache(maxsize=4096)
def _followers(first: str) -> dict[str, float]:
    """log P(x | ``first``) of each two-character word ``first`` + ``x``, by ``x`` (at most
    0): the decoder asks about a thousand distinct pairs per garbled report, a few
    distinct ``first``s."""
    own = char_logp(first)
    return {second: min(0.0, logp - own) for second, logp in _word_followers(first).items()}


@functools.lru_cache(maxsize=4096)
def _word_followers(first: str) -> dict[str, float]:
    """Log-probability of each two-character word ``first`` + ``x``, by ``x``."""
    freqs = word_frequencies()
    pairs = freqs.counts.followers(first)
    return {second: math.log(count) - freqs.log_total for second, count in pairs.items() if count}


@functools.lru_cache(maxsize=4096)
def _thirds(first_two: str) -> dict[str, float]:
    """log P(x | ``first_two``) of each three-character word ``first_two`` + ``x``, by ``x``."""
    thirds = _word_thirds(first_two)
    if not thirds:
        return {}
    head = word_frequencies().word_logp(first_two)
    if head is None:
        head = char_logp(first_two[0]) + char_logp(first_two[1])
    return {third: min(0.0, logp - head) for third, logp in thirds.items()}


def _word_thirds(first_two: str) -> dict[str, float]:
    """Log-probability of each three-character word ``first_two`` + ``x``, by ``x``."""
    return _words_of_three(first_two[:1]).get(first_two[1:], {}) if len(first_two) == 2 else {}


# A report asks about the words after a few dozen characters; some open thousands of words
# (大: 528 seconds), so few are kept.
@functools.lru_cache(maxsize=128)
def _words_of_three(first: str) -> dict[str, dict[str, float]]:
    """``{second: {third: log-probability}}`` of the three-character words that open with
    ``first``: one pass over its words, for every second character asked about after it."""
    freqs = word_frequencies()
    return {
        second: {third: math.log(count) - freqs.log_total for third, count in thirds.items() if count}
        for second, thirds in freqs.counts.words_of_three(first).items()
    }


@functools.cache
def _simple_char(char: str) -> str:
    return simplify_characters(char)


@functools.cache
def char_logp(char: str) -> float:
    return word_frequencies().logp(_simple_char(char))


class DocumentModel:
    """Character bigram model of one document, smoothed towards its unigrams."""

    def __init__(self, text: str) -> None:
        self.unigrams = Counter(text)
        self.bigrams = Counter(map(operator.add, text, text[1:]))  # two-character strings
        self.total = max(1, sum(self.unigrams.values()))
        self._denominator = self.total + 0.5 * _VOCABULARY
        self._prefixes: dict[str, float] = {}
        self._terms: dict[str, float] = {}  # pair of characters → log P(second | first)

    def _unigram_p(self, char: str) -> float:
        return (self.unigrams[char] + 0.5) / self._denominator

    def logp(self, text: str, prefix: int = 0) -> float:
        """As :func:`segmentation_logp`, the sum over the first ``prefix`` characters is
        kept and reused (added in the same order: the same result)."""
        if 0 < prefix <= len(text):
            head = text[:prefix]
            score = self._prefixes.get(head)
            if score is None:
                score = self._prefixes[head] = self._sum(head, 1, math.log(self._unigram_p(text[0])))
            return self._sum(text, prefix, score)
        return self._sum(text, 1, math.log(self._unigram_p(text[0]))) if text else 0.0

    def _sum(self, text: str, first: int, score: float) -> float:
        # A hot loop: each pair's term is computed once per report and remembered (the
        # candidates of a run share most of their pairs); the same sums in the same order.
        terms = self._terms
        for i in range(first, len(text)):
            pair = text[i - 1 : i + 1]
            term = terms.get(pair)
            if term is None:
                term = terms[pair] = self._term(pair)
            score += term
        return score

    def _term(self, pair: str) -> float:
        """log P(second | first) of a pair of characters: the bigram, smoothed towards the
        unigram (a Counter's .get: its missing key would be a Python-level __missing__ call)."""
        unigrams = self.unigrams
        numerator = self.bigrams.get(pair, 0) + 2.0 * ((unigrams.get(pair[1], 0) + 0.5) / self._denominator)
        return math.log(numerator / (unigrams.get(pair[0], 0) + 2.0))


def plausibility(text: str, document: DocumentModel, prefix: int = 0, *, news: bool = True) -> float:
    """Higher is more plausible; comparable only between strings of equal length.
    ``prefix``: the length of a left context shared with other calls (for speed only).
    ``news``: with the model of news text (:mod:`.news_model`), at half weight."""
    score = segmentation_logp(text, prefix) + document.logp(text, prefix)
    return score + NEWS_WEIGHT * news_model().logp(text, prefix) if news else score
