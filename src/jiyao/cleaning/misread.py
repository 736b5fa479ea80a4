"""Text whose bytes a scraper decoded in a Western encoding and saved so.

A page in UTF-8, GBK or Big5 read as Windows-1252 or Latin-1 turns every Chinese
character into two or three Western ones (``ä¼šè®®`` for 会议 in UTF-8, ``»áÒé`` in
GBK), and the file is then valid UTF-8 of the wrong characters. Nothing is lost
but what Windows-1252 has no character for (bytes 81, 8D, 8F, 90, 9D), which a
decoder wrote as U+FFFD. The characters are turned back into their bytes and read
as UTF-8, GBK and Big5, and the reading in common Chinese characters is taken (as
:mod:`.decoding` chooses between GBK and Big5); a byte written as U+FFFD is the one of
the five that makes the character reading best between its neighbours.
"""

from __future__ import annotations

from itertools import islice

from jiyao.cleaning.lost_bytes import Holes, between, options_at, with_lost_bytes
from jiyao.cleaning.lost_choices import ReadBack
from jiyao.cleaning.script import is_han

_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # no character in Windows-1252
_CP1252 = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in _UNDEFINED}
_LOST = "\ufffd"
# Enough Western characters to tell, almost all of them, and next to no Chinese.
_MIN_NON_ASCII = 8
_LOOK_FOR_HAN = 2000  # characters read for a first Han one (a page's head may hold none)
_MIN_WESTERN_SHARE = 0.9
_MAX_HAN_SHARE = 0.05
# What the bytes must read as to be taken: Chinese, in common characters.
_MIN_HAN_SHARE = 0.6
_MIN_COMMON_SHARE = 0.9


def _western(char: str) -> bool:
    return ord(char) < 0x100 or char in _CP1252 or char == _LOST


def looks_misread(text: str) -> bool:
    """Whether ``text`` reads like Chinese bytes decoded as Windows-1252 or Latin-1."""
    for char in islice(text, _LOOK_FOR_HAN):
        if is_han(char):
            return False  # Chinese shows a Han character at once: the usual case, decided fast
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if len(non_ascii) < _MIN_NON_ASCII:
        return False
    western = sum(map(_western, non_ascii))
    han = sum(map(is_han, non_ascii))
    return western >= _MIN_WESTERN_SHARE * len(non_ascii) and han <= _MAX_HAN_SHARE * len(non_ascii)


def _as_bytes(text: str, holes: Holes | None = None) -> tuple[bytearray, Holes] | None:
    """The bytes the text was decoded from, and where a byte was written as U+FFFD (or,
    at the text's positions in ``holes``, stands for one of those bytes)."""
    data, lost = bytearray(), {}
    for at, char in enumerate(text):
        code = ord(char)
        if holes and at in holes:
            lost[len(data)] = holes[at]
            data.append(0x3F)
        elif code < 0x100:
            data.append(code)
        elif char in _CP1252:
            data.append(_CP1252[char])
        elif char == _LOST:
            lost[len(data)] = _UNDEFINED
            data.append(0x3F)
        else:
            return None
    return data, lost


def _with_holes(data: bytearray, lost: Holes) -> tuple[str, Holes]:
    """The bytes as UTF-8 with each character a lost byte leaves open kept open: U+FFFD,
    and the bytes the characters it may be were read from (for the next reading back, where
    the words around tell which it was — here they are Western characters, and tell nothing)."""
    spans, options = options_at(data, lost, "utf-8")
    pieces = between(data, spans, "utf-8")
    text, holes = pieces[0], {}
    for k, found in enumerate(options):
        below = [byte for char in found if (byte := _byte_of(char)) is not None]
        if below:
            holes[len(text)] = tuple(below)
        text += _LOST + pieces[k + 1]
    return text, holes


def _byte_of(char: str) -> int | None:
    code = ord(char)
    return code if code < 0x100 else _CP1252.get(char)


def _reading(text: str) -> tuple[float, float]:
    """The share of Han among the non-ASCII characters, and of common ones among the Han."""
    from jiyao.cleaning.decoding import common_share

    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    han = sum(map(is_han, non_ascii))
    return (han / len(non_ascii), common_share(text)) if han else (0.0, 0.0)


# A text misread and saved, then misread again (ä¼šè®® as Ã¤Â¼Å¡Ã¨Â®Â®): read back up to this many times.
_MAX_TIMES = 3
_TIMES = {2: " twice", 3: " three times"}


def read_again(text: str) -> tuple[ReadBack, str, int] | None:
    """The text read from its bytes again, the encoding it was in (``"utf-8 twice"`` when
    the text misread so was misread so again before it was saved) and how many of its
    bytes were lost and chosen from the words around them, when ``text`` is Chinese
    decoded as Windows-1252 or Latin-1; else None."""
    found = _read_back(text, 1)
    if found is None:
        return None
    again, encoding, times, chosen = found
    return again, encoding + _TIMES.get(times, ""), chosen


def _read_back(text: str, times: int, holes: Holes | None = None) -> tuple[ReadBack, str, int, int] | None:
    if not looks_misread(text):
        return None
    found = _as_bytes(text, holes)
    if found is None:
        return None
    data, lost = found
    readings = [(with_lost_bytes(data, lost, encoding), encoding) for encoding in ("utf-8", "gb18030", "big5")]
    scored = [(_reading(again.text), again, encoding) for again, encoding in readings]
    (han_share, common_share), again, encoding = max(
        scored, key=lambda s: (s[0][1] * s[0][0], -s[1].text.count(_LOST))
    )
    if han_share >= _MIN_HAN_SHARE and common_share >= _MIN_COMMON_SHARE:
        return again, encoding, times, len(lost)
    if times >= _MAX_TIMES:
        return None
    # No Chinese yet: its bytes as UTF-8 may be the text as the first misreading left it.
    once, open_holes = _with_holes(data, lost)
    return _read_back(once, times + 1, open_holes)
