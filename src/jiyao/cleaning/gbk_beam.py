"""A beam search over GBK byte hypotheses: the in-phase bytes of a garbled run, some of
them unknown, decoded into the characters that read best.

A run read out of phase gives most bytes exactly; the lost lead byte, a trail byte
lost at the end, and both bytes of a pair the decoder could not read (it wrote ``?``)
are unknown. Each pair of the in-phase stream is one character: a known lead or trail
narrows it to a few dozen common characters, both known to one. A pair that the decoder could
not read constrains its two bytes too: read together they must not be a character.

A Big5 page loses bytes the same way; ``codec="big5"`` reads its pairs (with no
unreadable pairs inside a run: Python's codec skips one byte of such a pair, which
puts the run back in phase).
"""

from __future__ import annotations

import functools
import heapq
import math
import operator
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from jiyao.cleaning import tables
from jiyao.cleaning.loss_marks import MARKS
from jiyao.cleaning.plausibility import (
    Candidates,
    best_follower,
    best_leaders,
    candidates,
    char_logp,
    common_characters,
    pair_logp,
    pair_logp_changes,
    pair_logps,
    three_char_words,
)

Byte = int | None
Codec = Literal["gbk", "big5"]
_NO_BONUS: Mapping[str, float] = {}
_FIRST = operator.itemgetter(0)
# Look one half-known pair ahead when both it and the pair being read have at most this
# many candidates (a free pair has 3,000: too many to pair up one by one).
_LOOKAHEAD = 150
# A free pair looks ahead through the words that end in the next pair's candidates, when
# it has at most this many (a half-known pair has up to ~200). With the quick score given
# the character before (pair_logp), dev at 12 variants: CER 0.40% → 0.37%, characters
# shown wrong 0.29% → 0.24%, runs restored 76.6% → 77.1%, mbstring's 66.7% → 68.1%; test
# (3 variants) CER 0.42% → 0.31%, runs 80.7% → 83.0%. The quick score alone: dev CER
# 0.39%, runs 76.7%. Lost, where more readings reach the full score and the text models
# prefer a wrong one by a hair: 全市 (進行), 全年 (三年), 他要求 (罚款): see the tests.
_LOOKAHEAD_FROM_MANY = 300
# Candidates fully scored per beam slot and step, after the quick pass (dev: 3 → 8
# restored 4 more runs of 91; 6 since the beam is 16 wide).
_SHORTLIST = 6
# The same for a pair with both bytes lost, whose quick score knows least: a word it opens
# with the half-known pair after it is seen only in full (全市 after 聽取了, where the quick
# pass kept 專, 常, 海…). Dev, with a beam 8 wide: 8 → 32 restored one run more, CER 0.37%
# → 0.35%; 16, the run and 0.36%; 64 and 128 as 32. At 16 wide, 24 (the same work a step).
# Since the quick score looks ahead (best_leaders) and is given the character before, 12
# reads dev as 24 did (at 8: a run less) for half the work a free step.
_FREE_SHORTLIST = 12
# From this many candidates a pair, the quick pass builds no row of pair scores per reading.
_MANY = 400
_MARKS = MARKS
# A pair with both bytes lost is one of this many most frequent characters: the rest
# cost time and (dev corpus) were never the lost one.
_FREE_PAIR_CHOICES = 3000
# The index's table file: its name changes with what goes into it.
_INDEX_STAMP = zlib.crc32(("".join(sorted(_MARKS)) + str(_FREE_PAIR_CHOICES)).encode())
_INDEX_NAMES: dict[Codec, str] = {"gbk": f"gbk3-{_INDEX_STAMP:08x}", "big5": f"big5-{_INDEX_STAMP:08x}"}


@functools.cache
def _leads_unreadable_after(trail: int) -> frozenset[int]:
    """Lead bytes that, read out of phase after ``trail``, make a pair the decoder writes as
    ``?`` (or the flattened ``？``); from the index file (24,000 decodes on every start)."""
    return frozenset(_index_table("gbk")["unreadable_after"].get(trail, b""))


def _unreadable_leads(trail: int) -> bytes:
    return bytes(lead for lead in range(0x81, 0xFF) if _pair_char(trail, lead) in (None, "？"))


def pair_char(pair: bytes, codec: Codec = "gbk") -> str | None:
    """The character two GBK (or Big5) bytes stand for, or None (not a pair, unassigned,
    unprintable)."""
    return _pair_char(pair[0], pair[1], codec) if len(pair) == 2 else None


@functools.cache
def _pair_char(lead: int, trail: int, codec: Codec = "gbk") -> str | None:
    try:
        char = bytes([lead, trail]).decode(codec)
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and char.isprintable() else None


@functools.cache
def _index(codec: Codec = "gbk") -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]], dict[str, bytes]]:
    """Common characters by lead byte and by trail byte, and their bytes (built once into a
    table file: encoding 8,500 characters on every start cost ~40 ms)."""
    table = _index_table(codec)
    return (
        {lead: tuple(chars) for lead, chars in table["by_lead"].items()},
        {trail: tuple(chars) for trail, chars in table["by_trail"].items()},
        {char: char.encode(codec) for char in table["order"]},
    )


def _index_table(codec: Codec) -> dict[str, Any]:
    return tables.table(_INDEX_NAMES[codec], functools.partial(_build_index, codec))


def _build_index(codec: Codec) -> dict[str, Any]:
    by_lead: dict[int, str] = {}
    by_trail: dict[int, str] = {}
    order = []
    for char in sorted(common_characters() | _MARKS):
        raw = encoded_bytes(char, codec)
        if raw is None:
            continue
        order.append(char)
        by_lead[raw[0]] = by_lead.get(raw[0], "") + char
        by_trail[raw[1]] = by_trail.get(raw[1], "") + char
    by_frequency = sorted((c for c in order if c not in _MARKS), key=lambda c: (-char_logp(c), c))
    return {
        "by_lead": by_lead,
        "by_trail": by_trail,
        "order": "".join(order),
        "frequent": "".join(by_frequency[:_FREE_PAIR_CHOICES]),
        # Big5 runs hold no unreadable pair (see the module's docstring).
        "unreadable_after": {trail: _unreadable_leads(trail) for trail in range(0x40, 0x100)} if codec == "gbk" else {},
    }


def characters(lead: Byte, trail: Byte, codec: Codec = "gbk") -> tuple[str, ...]:
    """Every common character the pair can be (the exact one when both bytes are known, any
    when neither is)."""
    by_lead, by_trail, _ = _index(codec)
    if lead is not None and trail is not None:
        char = _pair_char(lead, trail, codec)
        return (char,) if char else ()
    if lead is not None:
        return by_lead.get(lead, ())
    if trail is not None:
        return by_trail.get(trail, ())
    return _all_characters(codec)


@functools.cache
def _all_characters(codec: Codec = "gbk") -> tuple[str, ...]:
    """Both bytes unknown (two unreadable pairs in a row): one of the most frequent
    characters, and no mark — the text model prices marks by their share alone, so a free
    pair would turn into the cheap ``，`` wherever a word is uncertain. The unreadable pairs
    on either side and the quick score narrow it."""
    return tuple(_index_table(codec)["frequent"])


def decode(
    stream: Sequence[Byte],
    unreadable: frozenset[int],
    score: Callable[[str, int], float],
    *,
    left: str = "",
    width: int = 8,
    window: int = 10,
    last: Sequence[str] | None = None,
    prior: Callable[[str], Mapping[str, float]] | None = None,
    pair: Callable[[str, str], float] = pair_logp,
    pairs: Callable[[str, Sequence[str]], list[float]] = pair_logps,
    pair_changes: Callable[[str, Candidates], dict[int, float]] = pair_logp_changes,
    codec: Codec = "gbk",
    foreign: frozenset[str] = frozenset(),
    closable: frozenset[str] | None = None,
) -> list[tuple[str, float]]:
    """The ``width`` best readings of ``stream`` (even length), best first, with scores.

    ``score(stretch, shared)`` rates a short stretch of text whose first ``shared``
    characters many calls have in common (for speed only); a reading's score is the sum,
    character by character, of how much each one adds to the ``window`` characters before it (``left``
    included), so that each step costs the same however long the run. ``unreadable``
    holds byte offsets ``j`` where the out-of-phase pair (stream[j], stream[j+1]) was
    written ``?``: the characters chosen there must not make it readable. ``last`` lists
    the only characters the final pair may be (a reading glued after the run names it).
    ``prior(context)`` maps the characters that may come next to what the text model does
    not know about them (a surname after a title);
    ``pair(prev, char)`` is the quick score that picks which candidates get the full one;
    ``pairs(prev, chars)`` gives it for many candidates at once, and ``pair_changes(prev,
    table)`` where it differs from each one's fallback (the same values, for thousands).
    ``foreign``: characters not of the page's script, no candidate where others are.
    ``closable``: the closing marks (”, ）) a reading may have without opening them itself
    (those the text before leaves open); None: any.
    """
    beam: list[tuple[str, float]] = [("", 0.0)]
    choices = _choices(tuple(stream), unreadable, None if last is None else tuple(last), codec, foreign)
    ahead = _known_ahead(choices)
    for start in range(0, len(stream), 2):
        options = choices[start // 2]
        if not options:
            return []
        if len(options) == 1 and beam[0][0] and not _open_after(stream, start):
            # A known character with no choice left after it: the caller weighs whole
            # readings at the end, so scoring it here would change nothing.
            beam = [
                (text + options[0], total)
                for text, total in beam
                if _may_follow(text, options[0], start - 1 in unreadable)
                and (closable is None or options[0] not in _OPENER_OF or _closes(text, options[0], closable))
            ]
            if not beam:
                return []
            continue
        # A quick pass (each candidate after the character before it) keeps the few worth
        # the full score: with ~70 candidates a pair, the full score of all is the cost.
        quick: list[tuple[float, int, str]] = []
        after_unreadable = start - 1 in unreadable
        next_chars = ahead[start]
        # What the character after adds, once per candidate rather than per reading: the
        # known one, or else the best of a few (秘 of 秘書 when a lost byte hides 書).
        onward_text = [next_chars] * len(options)
        stand_in = ""
        through_words = False
        # (reading, character) → the character after that makes a three-character word
        # with the reading's last and it (see below).
        third_of: dict[tuple[int, str], str] = {}
        following_choices = _next_choices(choices, start)
        if next_chars:
            to_next = [pair(char, next_chars[0]) for char in options]
        elif len(options) <= _LOOKAHEAD and 0 < len(following_choices) <= _LOOKAHEAD:
            following = [best_follower(char, following_choices) for char in options]
            to_next = [logp for _, logp in following]
            onward_text = [char for char, _ in following]
        elif len(options) >= _MANY and 0 < len(following_choices) <= _LOOKAHEAD_FROM_MANY:
            # Ranked in full by the better of: going on with the character it opens a word
            # with (隐 with 患, 安全隐患), or with the likeliest alone (委 of 区委 before 理:
            # 委身 is a word, and no reading here).
            stand_in, onward_text, to_next = best_leaders(options, following_choices)
            through_words = True
        else:
            to_next = [0.0] * len(options)
        onward_of = dict(zip(options, onward_text, strict=True))
        closers = _closer_places(options) if closable is not None else ()
        contexts = [(left + text)[-window:] for text, _ in beam]
        bonuses = [prior(context) if prior else _NO_BONUS for context in contexts]
        many = len(options) >= _MANY
        shortlist = width * (_FREE_SHORTLIST if many else _SHORTLIST)
        if many:
            table = candidates(options)
            static = [fallback + onward for fallback, onward in zip(table.fallback, to_next, strict=True)]
        for index, (text, total) in enumerate(beam):
            prev = (left + text)[-2:]  # the quick score weighs three-character words too
            bonus_of = bonuses[index].get
            if many and prev:
                # The same sums as below, with the row of pair scores kept as each one's
                # fallback and the few places that differ.
                scores = [
                    total + ahead_of + bonus_of(char, 0.0) for char, ahead_of in zip(options, static, strict=True)
                ]
                for i, guess in pair_changes(prev, table).items():
                    scores[i] = total + (guess + to_next[i]) + bonus_of(options[i], 0.0)
                if through_words:
                    # A word of three the character before opens, through this pair to
                    # the next (拉网式: 网 of 拉网 before a pair that may be 式; 网式 is no
                    # word, and 开 of 拉开到 had ranked first).
                    for i, (logp, third) in three_char_words(prev[-1], table, following_choices).items():
                        if logp > to_next[i]:
                            scores[i] += logp - to_next[i]
                            third_of[index, options[i]] = third
            else:
                to_prev = pairs(prev, options) if prev else [0.0] * len(options)
                scores = [
                    total + (guess + onward) + bonus_of(char, 0.0)
                    for char, guess, onward in zip(options, to_prev, to_next, strict=True)
                ]
            allowed = _allowed_after(text[-1:], options) if after_unreadable else None
            places = range(len(options)) if allowed is None else allowed
            if closers and closable is not None:
                banned = {i for i, closer in closers if not _closes(text, closer, closable)}
                if banned:
                    places = [i for i in places if i not in banned]
            # Only this slot's best few can be among the best few of all (a free pair has
            # 3,000 candidates a slot): nlargest is sorted(…, reverse=True)[:n], ties in order.
            quick += [(scores[i], index, options[i]) for i in heapq.nlargest(shortlist, places, key=scores.__getitem__)]
        # Ranked with the known characters that follow (研 of 研究 before the common 中),
        # kept with what each character itself adds.
        ranked: list[tuple[float, int, str]] = []
        bases: dict[int, tuple[str, float]] = {}
        for _, index, char in heapq.nlargest(shortlist, quick, key=_FIRST):
            text, total = beam[index]
            if index not in bases:
                context = contexts[index]
                bases[index] = (context, score(context, 0) if context else 0.0)
            context, base = bases[index]
            extra = bonuses[index].get(char, 0.0)
            full = score(context + char + onward_of[char], len(context))
            if (through := third_of.get((index, char))) is not None:
                full = max(full, score(context + char + through, len(context)))
            if stand_in and onward_of[char] != stand_in:
                full = max(full, score(context + char + stand_in, len(context)))
            ranked.append((total + full - base + extra, index, char))
        ranked.sort(key=lambda item: item[0], reverse=True)
        grown = []
        for _, index, char in ranked[:width]:
            text, total = beam[index]
            context, base = bases[index]
            # Kept with what the character itself adds: the known ones ahead count when added.
            extra = bonuses[index].get(char, 0.0)
            grown.append((text + char, total + score(context + char, len(context)) - base + extra))
        beam = grown
        if not beam:
            return []
    return beam


def neighbours_allow(
    stream: Sequence[Byte], unreadable: frozenset[int], reading: str, index: int
) -> Callable[[str], bool]:
    """Whether a character may stand at pair ``index`` of ``stream`` with the rest of
    ``reading`` as it is: across a pair the decoder wrote ``?``, its neighbours and it
    must not make that pair readable."""
    before, after = reading[:index], reading[index + 1 : index + 2]
    start = 2 * index
    return lambda char: (
        _may_follow(before, char, start - 1 in unreadable)
        and (not after or _may_follow(char, after, start + 1 in unreadable))
    )


def choices(
    stream: Sequence[Byte], unreadable: frozenset[int], last: Sequence[str] | None, codec: Codec = "gbk"
) -> tuple[tuple[str, ...], ...]:
    """The characters each pair of ``stream`` may be (see :func:`decode`)."""
    # The beam asked the same when it decoded the reading: remembered.
    return _choices(tuple(stream), unreadable, None if last is None else tuple(last), codec)


def _open_after(stream: Sequence[Byte], start: int) -> bool:
    return any(b is None for b in stream[start + 2 :])


@functools.cache
def gbk_bytes(char: str) -> bytes | None:
    """The two GBK bytes of ``char``, or None for ASCII or unencodable characters."""
    return encoded_bytes(char, "gbk")


@functools.cache
def encoded_bytes(char: str, codec: Codec) -> bytes | None:
    """The two bytes of ``char`` in ``codec``, or None for ASCII or unencodable characters."""
    try:
        raw = char.encode(codec)
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 else None


_OPENER_OF = {"”": "“", "）": "（", "》": "《", "’": "‘"}


@functools.lru_cache(maxsize=256)
def _closer_places(options: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((i, char) for i, char in enumerate(options) if char in _OPENER_OF)


def _closes(reading: str, closer: str, closable: frozenset[str]) -> bool:
    """Whether ``closer`` may follow ``reading``: the text before left it open (once), or
    the reading opened it."""
    return (closer in closable) + reading.count(_OPENER_OF[closer]) > reading.count(closer)


@functools.lru_cache(maxsize=256)
def _allowed_after(before: str, options: tuple[str, ...]) -> range | list[int]:
    """The places in ``options`` of the characters that may follow ``before`` across a pair
    the decoder wrote as ``?`` (:func:`_may_follow` of each, found by lead byte: a beam step
    asks it of up to 3,000 candidates for each of its readings)."""
    before_bytes = gbk_bytes(before) if before else None
    if before_bytes is None:
        return range(len(options))
    by_lead = _places_by_lead(options)
    places = list(by_lead.get(None, ()))
    for lead in _leads_unreadable_after(before_bytes[1]):
        places += by_lead.get(lead, ())
    return sorted(places)


@functools.lru_cache(maxsize=64)
def _places_by_lead(options: tuple[str, ...]) -> dict[int | None, list[int]]:
    """Places in ``options`` by each one's GBK lead byte (None: no two GBK bytes)."""
    places: dict[int | None, list[int]] = {}
    for place, char in enumerate(options):
        raw = gbk_bytes(char)
        places.setdefault(raw[0] if raw else None, []).append(place)
    return places


def _may_follow(text: str, char: str, unreadable: bool) -> bool:
    """Whether ``char`` may follow ``text`` across a pair the decoder wrote as ``?``."""
    if not unreadable or not text:
        return True
    before, after = gbk_bytes(text[-1]), gbk_bytes(char)
    return not (before and after) or after[0] in _leads_unreadable_after(before[1])


def _next_choices(choices: Sequence[tuple[str, ...]], start: int) -> tuple[str, ...]:
    """What the pair after the one at byte offset ``start`` may be (nothing at the end)."""
    index = start // 2 + 1
    return choices[index] if index < len(choices) else ()


def _before_unreadable(options: tuple[str, ...], lead: Byte, trail: Byte) -> tuple[str, ...]:
    _, _, encoded = _index()
    trails = _trails_before_unreadable(lead, trail)
    return tuple(c for c in options if (raw := encoded.get(c) or gbk_bytes(c)) is None or raw[1] in trails)


@functools.cache
def _trails_before_unreadable(lead: Byte, trail: Byte) -> frozenset[int]:
    """Trail bytes after which some candidate for the pair (lead, trail) makes an
    unreadable out-of-phase pair."""
    _, _, encoded = _index()
    next_leads = {raw[0] for char in characters(lead, trail) if (raw := encoded.get(char) or gbk_bytes(char))}
    return frozenset(t for t in range(0x40, 0xFF) if not next_leads.isdisjoint(_leads_unreadable_after(t)))


@functools.lru_cache(maxsize=64)
def _choices(
    stream: tuple[Byte, ...],
    unreadable: frozenset[int],
    last: tuple[str, ...] | None,
    codec: Codec = "gbk",
    foreign: frozenset[str] = frozenset(),
) -> tuple[tuple[str, ...], ...]:
    """The characters each pair of ``stream`` may be (of the page's script where any is)."""
    _, _, encoded = _index(codec)
    choices = []
    final = len(stream) - 2
    for start in range(0, len(stream), 2):
        lead, trail = stream[start], stream[start + 1]
        options = characters(lead, trail, codec)
        if start == final and last is not None:
            options = tuple(c for c in last if _fits(encoded.get(c) or encoded_bytes(c, codec), lead, trail))
        if foreign and len(options) > 1:
            options = tuple(c for c in options if c not in foreign) or options
        if start + 1 in unreadable and start + 2 < len(stream):
            # Only characters that some next candidate can follow across the unreadable
            # pair: pruned after the fact, a beam of free characters may keep none of them.
            options = _before_unreadable(options, stream[start + 2], stream[start + 3])
        choices.append(options)
    return tuple(choices)


def _known_ahead(choices: Sequence[tuple[str, ...]], most: int = 2) -> dict[int, str]:
    """For each pair (by its byte offset), the characters of the pairs right after it that
    can be one character only (up to ``most``): both bytes known, or a reading glued after
    the run that fits one (逐 before 項 read xiàng, not the commoner 起)."""
    ahead: dict[int, str] = {}
    for index in range(len(choices)):
        chars = ""
        for options in choices[index + 1 : index + 1 + most]:
            if len(options) != 1:
                break
            chars += options[0]
        ahead[2 * index] = chars
    return ahead


def _fits(raw: bytes | None, lead: Byte, trail: Byte) -> bool:
    return raw is not None and (lead is None or raw[0] == lead) and (trail is None or raw[1] == trail)


def confidence(scores: Sequence[float]) -> float:
    """The best reading's share of the probability mass of all readings kept."""
    if not scores:
        return 0.0
    top = max(scores)
    return 1.0 / sum(math.exp(s - top) for s in scores)
