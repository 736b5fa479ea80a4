"""A run's damaged characters read as a name the user gave (:mod:`.known_names`).

A name given is laid over the run at every offset where it covers a damaged character:
it fits where every character of it outside the run stands in the text, every one the
bytes give whole is the name's, every damaged one is a character whose surviving byte (if
any) is the name's — and where the name starts, a name may (after a title, in a list, or
opening a clause before its verb; not inside another name). Some evidence beyond the
place must vouch for it: a surviving byte of a damaged character, or two characters of
the name standing whole.
Where two names given fit with different characters at a place (包文军, 包文静: 军 and 静
share their lead byte), the place is left to be marked □, both named in the note.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jiyao.cleaning import gbk_beam, regex_cache
from jiyao.cleaning.name_prior import opens_listed_name, surname_place
from jiyao.cleaning.script import simplify_characters

if TYPE_CHECKING:
    from jiyao.cleaning.chooser import RunBytes

# A clause's subject, with no title before it, is a name where its verb comes next.
_CLAUSE_OPENS = frozenset("。\n，,；;：:")
_VERB_NEXT = regex_cache.compile(
    r"(?:主持|出席|参加|列席|讲话|强调|指出|要求|表示|致辞|宣布|通报|汇报|带队|率队|同志|一行|在)"
)
# A character no byte of survives is read from a name only where this many of the name's
# others stand whole: a surname alone (苗□ for 苗青) is not enough to go by.
_WHOLE_FOR_A_LOST_CHARACTER = 2


@dataclass(frozen=True)
class GivenReading:
    """The run's reading with the names given read in, the places they settled, a note for
    the repair, and the places two names given read differently (left to be marked)."""

    reading: str
    places: frozenset[int] = frozenset()
    note: str = ""
    unsure: dict[int, str] = field(default_factory=dict)


class GivenNames:
    """The names given, indexed by their characters and by their characters' bytes: a run
    tries only the names that something in or around it fits (a list may hold thousands)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(sorted(names, key=lambda name: (-len(name), name)))
        self.longest = max((len(name) for name in self.names), default=0)
        self._set = frozenset(self.names)
        self._lengths = sorted({len(name) for name in self.names})
        self._by_char: dict[str, list[tuple[str, int]]] = {}
        for name in self.names:
            for at, char in enumerate(name):
                self._by_char.setdefault(char, []).append((name, at))
        self._by_byte: dict[tuple[str, int, int], list[tuple[str, int]]] = {}
        self._indexed: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.names)

    def read_in(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` spells a name given: each stretch's start and end."""
        return [
            (at, at + length)
            for at in range(len(text))
            for length in self._lengths
            if text[at : at + length] in self._set
        ]

    def with_char(self, char: str) -> list[tuple[str, int]]:
        """Each name holding ``char``, with where."""
        return self._by_char.get(char, [])

    def with_byte(self, codec: gbk_beam.Codec, side: int, byte: int) -> list[tuple[str, int]]:
        """Each name with a character whose lead (side 0) or trail (side 1) byte is ``byte``."""
        if codec not in self._indexed:
            self._indexed.add(codec)
            for name in self.names:
                for at, char in enumerate(name):
                    raw = gbk_beam.encoded_bytes(char, codec)
                    if raw is not None:
                        for side_of, value in enumerate(raw[:2]):
                            self._by_byte.setdefault((codec, side_of, value), []).append((name, at))
        return self._by_byte.get((codec, side, byte), [])


# How a repair's note says a names list read a name in; the readout's flag says it too.
AS_GIVEN = "from damaged bytes, as the names given spell it"


@functools.lru_cache(maxsize=4)
def given_names(names: frozenset[str]) -> GivenNames:
    """The index of ``names``, built once for a batch's reports (~30 ms for 8,000)."""
    return GivenNames(names)


def read_given(
    given: GivenNames, reading: str, read: RunBytes, around: tuple[str, str], settled: set[int]
) -> GivenReading:
    """``reading`` of ``read`` (between ``around``) with its damaged characters outside
    ``settled`` read as the names given that fit there."""
    stream = read.stream
    length = min(len(reading), len(stream) // 2)
    damaged = [i for i in range(length) if i not in settled and (stream[2 * i] is None or stream[2 * i + 1] is None)]
    if not damaged:
        return GivenReading(reading)
    left, right = around
    text = left + reading + right
    # Where a name may start, whatever it is (True), or before its verb only (False).
    starts = {}
    for start in range(damaged[0] - given.longest + 1, damaged[-1] + 1):
        before = text[: max(0, len(left) + start)]
        if surname_place(before) or opens_listed_name(before):
            starts[start] = True
        elif not before or before[-1] in _CLAUSE_OPENS:
            starts[start] = False
    found: dict[int, set[str]] = {}
    fitting: list[tuple[str, dict[int, str]]] = []
    for name, start in sorted(_candidates(given, reading, read, around, length, damaged)):
        if start not in starts:
            continue
        if not starts[start] and not _VERB_NEXT.match(simplify_characters(text[len(left) + start + len(name) :][:2])):
            continue
        placed = _placed(name, start, reading, read, around, length, settled)
        if placed:
            fitting.append((name, placed))
            for i, char in placed.items():
                found.setdefault(i, set()).add(char)
    if not found:
        return GivenReading(reading)
    chars = list(reading)
    places, unsure = set(), {}
    for i, options in found.items():
        if len(options) == 1:
            chars[i] = next(iter(options))
            places.add(i)
        else:
            unsure[i] = " or ".join(sorted(options)) + ", names given"
    read_in = dict.fromkeys(name for name, placed in fitting if places.issuperset(placed))
    note = f"; {'、'.join(read_in)}, {AS_GIVEN}" if read_in else ""
    return GivenReading("".join(chars), frozenset(places), note, unsure)


def _candidates(
    given: GivenNames, reading: str, read: RunBytes, around: tuple[str, str], length: int, damaged: list[int]
) -> set[tuple[str, int]]:
    """The names that a character or a surviving byte in or around the run holds, each
    where it would start (an index of the reading), covering a damaged place."""
    left, right = around
    reach = given.longest - 1
    stream = read.stream
    found: set[tuple[str, int]] = set()
    context = [(-k, left[-k]) for k in range(1, min(reach, len(left)) + 1)]
    after = reading[length:] + right
    context += [(length + k, after[k]) for k in range(min(reach, len(after)))]
    for i in range(length):
        lead, trail = stream[2 * i], stream[2 * i + 1]
        if lead is not None and trail is not None or i not in damaged:
            context.append((i, reading[i]))
            continue
        for side, byte in ((0, lead), (1, trail)):
            if byte is not None:
                found.update((name, i - at) for name, at in given.with_byte(read.codec, side, byte))
    for i, char in context:
        found.update((name, i - at) for name, at in given.with_char(char))
    return {(name, start) for name, start in found if any(start <= place < start + len(name) for place in damaged)}


def _placed(
    name: str, start: int, reading: str, read: RunBytes, around: tuple[str, str], length: int, settled: set[int]
) -> dict[int, str] | None:
    """The characters ``name`` reads at the run's damaged places when its first character
    stands at ``start`` of the reading (negative: before the run), a name's place, or None
    if it does not fit."""
    left, right = around
    end = start + len(name)
    if start < 0 and not left.endswith(name[:-start]):
        return None
    if end > length and not (reading[length:] + right).startswith(name[max(0, length - start) :]):
        return None
    stream = read.stream
    whole = max(0, -start) + max(0, end - length)  # the name's characters outside the run
    placed: dict[int, str] = {}
    vouched = False
    for i in range(max(0, start), min(length, end)):
        char = name[i - start]
        lead, trail = stream[2 * i], stream[2 * i + 1]
        if i in settled or (lead is not None and trail is not None):
            if reading[i] != char:
                return None
            whole += 1
            continue
        raw = gbk_beam.encoded_bytes(char, read.codec)
        if raw is None or lead not in (None, raw[0]) or trail not in (None, raw[1]):
            return None
        vouched = vouched or lead is not None or trail is not None
        placed[i] = char
    if not placed or not (vouched or whole >= _WHOLE_FOR_A_LOST_CHARACTER):
        return None
    chars = list(reading)
    for i, char in placed.items():
        chars[i] = char
    allows = [gbk_beam.neighbours_allow(stream, read.unreadable, "".join(chars), i) for i in placed]
    return placed if all(allow(placed[i]) for allow, i in zip(allows, placed, strict=True)) else None
