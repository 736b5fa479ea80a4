"""Characters whose bytes were partly lost, chosen by the words around them.

A misreading loses bytes a decoder had no character for (Windows-1252's five undefined
ones; the lone byte GBK cannot read where a run of UTF-8 meets ASCII), each written U+FFFD.
Given the bytes, where they were lost and what each may have been, every character a lost
byte belongs to is read each way its bytes allow; :mod:`.lost_choices` chooses among them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from jiyao.cleaning.lost_choices import ReadBack, choose

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


def with_lost_bytes(data: bytearray, lost: Holes, encoding: str) -> ReadBack:
    """The text in ``encoding``, each lost byte read back as the one of its candidates that
    makes the character that reads best between its neighbours (:mod:`.lost_choices`);
    U+FFFD where none makes one, □ where a name's character is left open."""
    spans, options = options_at(data, lost, encoding)
    return choose(between(data, spans, encoding), options)


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
