"""Characters whose bytes were partly lost, chosen by the words around them.

A misreading loses bytes a decoder had no character for (Windows-1252's five undefined
ones; the lone byte GBK cannot read where a run of UTF-8 meets ASCII), each written U+FFFD.
Given the bytes, where they were lost and what each may have been, every character a lost
byte belongs to is read each way its bytes allow, and the reading that fits its neighbours
best in jieba's words and the model of news text is kept.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Sequence

from jiyao import deadline

_LOST = "\ufffd"
_CHECK_EVERY = 64  # lost characters chosen between looks at the clock

# A lost byte's position → the bytes it may have been: Windows-1252's five undefined ones,
# UTF-8's continuation bytes, or those an outer misreading (a text misread twice) allows.
Holes = dict[int, tuple[int, ...]]


def char_spans(data: bytearray, lost: Sequence[int], encoding: str) -> list[tuple[int, int]]:
    """For each lost byte, the span of the character it belongs to (the first lost byte of
    a character stands for the others)."""
    spans: list[tuple[int, int]] = []
    if encoding == "utf-8":
        for at in lost:
            if spans and at < spans[-1][1]:
                continue
            start = at - 1
            while start > at - 4 and start > 0 and data[start] & 0xC0 == 0x80:
                start -= 1
            lead = data[start] if start >= 0 else 0
            size = 2 if 0xC0 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else 4 if 0xF0 <= lead < 0xF8 else 0
            spans.append((start, start + size) if start >= 0 and start + size > at else (at, at + 1))
        return spans
    # GBK and Big5: a byte from 80 up leads a pair (a lost byte is one: all five are), an
    # ASCII byte stands alone — the phase is known from the start.
    wanted, i, pending = set(lost), 0, iter(lost)
    next_lost = next(pending, None)
    while i < len(data) and next_lost is not None:
        size = 2 if data[i] >= 0x80 or i in wanted else 1
        if i <= next_lost < i + size:
            spans.append((i, i + size))
            while next_lost is not None and next_lost < i + size:
                next_lost = next(pending, None)
        i += size
    return spans


def with_lost_bytes(data: bytearray, lost: Holes, encoding: str) -> str:
    """The text in ``encoding``, each lost byte read back as the one of its candidates that
    makes the character that reads best between its neighbours; U+FFFD where none makes one."""
    from jiyao.cleaning.news_model import news_model
    from jiyao.cleaning.plausibility import NEWS_WEIGHT, segmentation_logp
    from jiyao.cleaning.script import foreign_characters

    scored: dict[str, float] = {}

    def score(text: str) -> float:  # jieba's words, and which characters follow which in news
        value = scored.get(text)
        if value is None:
            value = scored[text] = segmentation_logp(text) + NEWS_WEIGHT * news_model().logp(text)
        return value

    spans, options = options_at(data, lost, encoding)
    pieces = between(data, spans, encoding)
    # A page of one script shows none of the other's (劉 on a traditional page, not 刘).
    foreign = foreign_characters(Counter(_LOST.join(pieces)))
    options = [[char for char in found if char not in foreign] or found for found in options]
    # A reading glued after the character names it (會(huì)): a run that ends before ASCII
    # lost a byte, so nearly every character a site annotated is one to choose. And a
    # reading's letter lost (發(f\ufffd)) is one that spells a reading of its character.
    options = [_read_as(found, pieces[k], pieces[k + 1]) for k, found in enumerate(options)]
    # The text as pieces and choices, alternating: pieces[0], chosen 0, pieces[1], …
    parts: list[str] = [piece for k, piece in enumerate(pieces) for piece in (piece, _LOST)][:-1]
    # Left to right, each choice in the context of the last: 4 characters either side. Then
    # each again with the choices on both sides: where two lost characters stand together
    # (召开 of 主持召开会议, both cut), the first had been chosen with no right context.
    asked: dict[int, tuple[str, str]] = {}
    for _ in range(2):
        for k, found in enumerate(options):
            if k % _CHECK_EVERY == 0:
                deadline.check()  # a page of such text takes seconds: the report's time budget holds
            left, right = _around(parts, 2 * k + 1, -1), _around(parts, 2 * k + 1, 1)
            if asked.get(k) == (left, right):
                continue  # nothing around it changed: the same choice
            asked[k] = left, right
            chosen = max(_shortlist(found, left, right), key=lambda c: score(left + c + right), default=_LOST)
            parts[2 * k + 1] = chosen
    # Two lost characters side by side are chosen together, from each one's best few: one at
    # a time, each had kept the other's first choice (主持又强 for 主持召开).
    for k in range(len(options) - 1):
        if pieces[k + 1] or not options[k] or not options[k + 1]:
            continue
        deadline.check()
        at = 2 * k + 1
        left, right = _around(parts, at, -1), _around(parts, at + 2, 1)
        # Each side ranked by its own neighbour alone: ranked beside the other's choice, the
        # right pair had been out of reach.
        firsts = sorted(_wide(options[k], left, ""), key=lambda c: -score(left + c))[:_TOGETHER]
        seconds = sorted(_wide(options[k + 1], "", right), key=lambda c: -score(c + right))[:_TOGETHER]
        parts[at], parts[at + 2] = max(
            ((a, b) for a in firsts for b in seconds), key=lambda pair: score(left + pair[0] + pair[1] + right)
        )
    return "".join(parts)


def _read_as(found: list[str], before: str, after: str) -> list[str]:
    """Of a lost character's readings, those a glued reading just after it spells (會(huì)),
    or that spell, among the letters around, a reading of the character before the bracket
    (發(f?)); all where none does."""
    from jiyao.cleaning import tables
    from jiyao.cleaning.glued import CUT_READING_END, CUT_READING_START, GLUED_PINYIN, reading_of
    from jiyao.cleaning.script import is_han

    if (glued := GLUED_PINYIN.match(after)) is not None:
        reading = unicodedata.normalize("NFC", reading_of(glued))
        return [char for char in found if reading in tables.readings_of(char)] or found
    opened, closed = CUT_READING_START.search(before), CUT_READING_END.match(after)
    if opened is None or closed is None or not opened.start() or not is_han(before[opened.start() - 1]):
        return found
    readings = tables.readings_of(before[opened.start() - 1])
    head, tail = opened.group().lstrip("(（").strip(), closed.group().rstrip(")）").strip()
    # As written (lǐ, not lǏ: both lower to one reading), else as a capitalized reading may be.
    for case in (str, str.lower):
        if spelled := [char for char in found if case(head + char + tail) in readings]:
            return spelled
    return found


_TOGETHER = 12  # each side's best, for a pair of lost characters chosen together
_SHORT = 24  # a wide choice's readings scored in full: the best by each neighbour, this many in all


def _wide(found: list[str], left: str, right: str) -> list[str]:
    """A character's readings to rank for a pair: all of one byte's 64, a shortlist of two's."""
    return _shortlist(found, left, right) if len(found) > _ONE_BYTE else found


_ONE_BYTE = 64


def _shortlist(found: list[str], left: str, right: str) -> list[str]:
    """Of many readings (UTF-8's 64 continuation bytes, 4,096 for two), those that pair best
    with the character before and the one after (a lookup each), for the full score in
    context: each in full, twice, had cost seconds a report."""
    if len(found) <= _SHORT:
        return found
    from jiyao.cleaning.plausibility import pair_logp, word_pair_logp

    before, after = left[-1:], right[:1]
    sides = [
        sorted(found, key=key)
        for usable, key in (
            (before not in ("", _LOST), lambda c: -pair_logp(before, c)),
            (after not in ("", _LOST), lambda c: -word_pair_logp(c, after)),
        )
        if usable
    ]
    if not sides:
        return found[:_SHORT]
    return list(dict.fromkeys(char for side in sides for char in side[: _SHORT // len(sides)]))


def _around(parts: list[str], at: int, step: int, width: int = 4) -> str:
    """The ``width`` characters before (``step`` -1) or after (1) ``parts[at]``, without
    the readings glued among them (會(huì)議): their letters are no neighbours to choose by."""
    from jiyao.cleaning.glued import GLUED_PINYIN

    found, index = "", at + step
    while 0 <= index < len(parts) and len(found) < width + _READINGS_ROOM:
        found = parts[index] + found if step < 0 else found + parts[index]
        index += step
    if "(" in found or "（" in found:
        found = GLUED_PINYIN.sub("", found)
    return found[-width:] if step < 0 else found[:width]


_READINGS_ROOM = 12  # characters gathered past the width, for readings to take out


def options_at(data: bytearray, lost: Holes, encoding: str) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """The characters lost bytes belong to, and what each may be (the same bytes with the
    same holes, as a page repeats its characters, worked out once)."""
    positions = sorted(lost)
    spans = char_spans(data, positions, encoding)
    options: list[list[str]] = []
    known: dict[tuple[bytes, tuple[tuple[int, tuple[int, ...]], ...]], list[str]] = {}
    first = 0  # the first lost byte not yet in a span: spans and positions both go up
    for start, end in spans:
        while first < len(positions) and positions[first] < start:
            first += 1
        last = first
        while last < len(positions) and positions[last] < end:
            last += 1
        holes = tuple((at - start, lost[at]) for at in positions[first:last])
        key = (bytes(data[start:end]), holes)
        if (found := known.get(key)) is None:
            found = known[key] = _readings_of(bytearray(data[start:end]), holes, encoding)
        options.append(found)
    return spans, options


def _readings_of(attempt: bytearray, holes: tuple[tuple[int, tuple[int, ...]], ...], encoding: str) -> list[str]:
    """Each printable character ``attempt`` reads as with its holes filled, in order, once."""
    found: dict[str, None] = {}
    for fill in itertools.product(*(candidates for _, candidates in holes)):
        for (at, _), byte in zip(holes, fill, strict=True):
            attempt[at] = byte
        try:
            char = attempt.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and char.isprintable():
            found[char] = None
    return list(found)


def between(data: bytearray, spans: list[tuple[int, int]], encoding: str) -> list[str]:
    """The text between the characters lost bytes belong to: one more piece than spans."""
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(bytes(data[cursor:start]).decode(encoding, errors="replace"))
        cursor = end
    pieces.append(bytes(data[cursor:]).decode(encoding, errors="replace"))
    return pieces
