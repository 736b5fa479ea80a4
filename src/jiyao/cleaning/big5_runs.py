"""The bytes of a lost-byte run on a Big5 page, for the decoder to read in phase.

A Big5 page loses a lead byte as a GBK page does (it shows as ``?``), and the bytes
after it are read in pairs shifted by one: (trail of one character, lead of the next).
Python's ``big5`` codec, which most scrapers use, ends such a run in one of two ways:

* a trail byte in the ASCII range (40–7E; a third of all trails: 會 = B7 7C) is read as
  that ASCII character, and the next lead starts a pair in phase: ``?|議`` for 會議, or a
  longer run ``?<out-of-phase characters>X``;
* a (trail, lead) pair that is no character is written ``?`` and only its first byte is
  skipped, so the lead after it is in phase: ``?<run>?``. That trail byte is lost, but
  not unknown: with the byte after it, it must make no character.

An out-of-phase pair always ends in a lead byte (A1–F9), so a character whose second
byte is below A1 (``，`` = A1 41) cannot stand inside a run: the run ended before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jiyao.cleaning.gbk_beam import Byte, characters, encoded_bytes, pair_char

_MAX_RUN_CHARS = 24
_FIRST_LEAD = 0xA1  # the lowest lead byte Python's big5 codec reads


@dataclass(frozen=True)
class Big5Run:
    """A run after the ``?`` at ``anchor``: its raw end in the text and its in-phase bytes
    (None where lost)."""

    end: int
    stream: tuple[Byte, ...]
    # The run ended with ``?``: the byte after it, which the lost last trail could not
    # make a character with (None when the run ended with an ASCII-range trail).
    unreadable_before: int | None


def read_run(text: str, anchor: int) -> Big5Run | None:
    """The run after the ``?`` at ``text[anchor]`` read as a Big5 page's, or None when the
    text there is no such run."""
    data = bytearray()
    pos = anchor + 1
    limit = min(len(text), pos + _MAX_RUN_CHARS)
    while pos < limit and (raw := encoded_bytes(text[pos], "big5")) is not None and raw[1] >= _FIRST_LEAD:
        data += raw
        pos += 1
    if pos >= len(text):
        return None
    char = text[pos]
    if 0x40 <= ord(char) <= 0x7E:
        return Big5Run(pos + 1, (None, *data, ord(char)), None)
    if char == "?":
        return Big5Run(pos + 1, (None, *data, None), _first_byte(text[pos + 1 : pos + 2]))
    return None


def _first_byte(char: str) -> int:
    if not char:
        return 0x0A  # the text's end reads as its line end
    raw = encoded_bytes(char, "big5")
    return raw[0] if raw else min(ord(char), 0xFF)


def last_choices(run: Big5Run, named: Sequence[str] | None) -> tuple[str, ...] | None:
    """What the run's last character may be: ``named`` (a reading glued after the run names
    it) or anything, narrowed — when the run ended with ``?`` — to characters whose trail
    byte makes no character with the byte after the run. None: no narrowing."""
    if run.unreadable_before is None:
        return tuple(named) if named is not None else None
    lead = run.stream[-2]
    pool = named if named is not None else characters(lead, None, "big5")
    after = run.unreadable_before
    return tuple(
        char
        for char in pool
        if (raw := encoded_bytes(char, "big5")) is not None
        and (lead is None or raw[0] == lead)
        and raw[1] >= 0x80
        and pair_char(bytes([raw[1], after]), "big5") is None
    )
